"""Reading audio for the aligner: 16 kHz mono 16-bit samples from any media file.

WAV, FLAC, OGG and AIFF are read directly (``soundfile``, whose wheel ships
libsndfile); MP3, M4A, MP4, MKV, WebM and anything else go through the
``ffmpeg`` program when it is installed. Either way the file is read in blocks
and converted block by block, so an hour of 48 kHz stereo never sits in memory
as floats: what is kept is the 16 kHz 16-bit result (115 MB an hour).
"""

from __future__ import annotations

import itertools
import math
import os
import shutil
import subprocess
from typing import TYPE_CHECKING

from transcript_tools.errors import MediaError

if TYPE_CHECKING:
    import numpy as np

__all__ = ["SAMPLE_RATE", "load_audio"]

#: The rate the acoustic model was trained on.
SAMPLE_RATE = 16000

_DIRECT_EXTENSIONS = {".wav", ".wave", ".flac", ".ogg", ".oga", ".aif", ".aiff"}
_BLOCK_FRAMES = 1 << 16
# Half-width of the resampling kernel in output samples: long enough that the
# windowed sinc keeps speech (below 8 kHz) intact.
_KERNEL_HALF_WIDTH = 16


def load_audio(path: str | os.PathLike[str], *, ffmpeg: str | None = None) -> np.ndarray:
    """Read a media file as 16 kHz mono 16-bit samples.

    Args:
        path: WAV/FLAC/OGG/AIFF (read directly) or any container ffmpeg reads.
        ffmpeg: The ffmpeg executable; found on ``PATH`` by default.

    Returns:
        A one-dimensional ``int16`` array at :data:`SAMPLE_RATE`.

    Raises:
        MediaError: The file is missing or unreadable, or it needs ffmpeg and
            ffmpeg is not installed (the message names the tool to install).
    """
    name = os.fspath(path)
    if not os.path.isfile(name):
        raise MediaError(f"{name}: no such media file")
    extension = os.path.splitext(name)[1].lower()
    if extension in _DIRECT_EXTENSIONS:
        try:
            return _read_direct(name)
        except MediaError:
            if (ffmpeg or shutil.which("ffmpeg")) is None:
                raise
    return _read_with_ffmpeg(name, ffmpeg or shutil.which("ffmpeg"))


def _read_direct(name: str) -> np.ndarray:
    import numpy as np

    try:
        import soundfile
    except ImportError as error:  # pragma: no cover - the align extra installs it
        raise MediaError(f"{name}: reading audio needs the align extra: pip install 'transcript_tools[align]'") from error
    try:
        with soundfile.SoundFile(name) as audio:
            rate, frames = audio.samplerate, audio.frames
            blocks = (
                np.asarray(block, dtype=np.float32).mean(axis=1)
                for block in audio.blocks(blocksize=_BLOCK_FRAMES, dtype="float32", always_2d=True)
            )
            return _resample_blocks(blocks, rate, frames)
    except (RuntimeError, soundfile.LibsndfileError, ValueError) as error:
        raise MediaError(f"{name}: cannot read audio: {error}") from error


def _resample_blocks(blocks, rate: int, frames: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Polyphase windowed-sinc resampling of float blocks in [-1, 1] to 16 kHz int16."""
    import numpy as np

    common = math.gcd(rate, SAMPLE_RATE)
    up, down = SAMPLE_RATE // common, rate // common  # output n sits at input n * down / up
    total = (frames * up + down - 1) // down
    out = np.empty(total, dtype=np.int16)
    cutoff = min(1.0, up / down)
    half = math.ceil(_KERNEL_HALF_WIDTH / cutoff)
    offsets = np.arange(-half + 1, half + 1)
    phases = np.arange(up)
    phase_base = phases * down // up
    distance = (phases * down % up / up)[:, None] - offsets[None, :]
    window = np.cos(np.pi * distance / (2 * half)) ** 2
    table = (cutoff * np.sinc(cutoff * distance) * window).astype(np.float32)
    # The buffer starts with `half` zeros so that the first kernels need no bounds checks.
    buffer = np.zeros(half, dtype=np.float32)
    buffer_start = -half
    loaded = 0
    done = 0
    # chain, not a tuple: unpacking the generator would read the whole file as floats.
    for block in itertools.chain(blocks, [None]):
        if block is None:
            buffer = np.concatenate([buffer, np.zeros(half + 1, dtype=np.float32)])
            limit = total
        else:
            buffer = np.concatenate([buffer, block])
            loaded += len(block)
            limit = min(total, max(0, (loaded - half) * up // down))
        while done < limit:
            stop = min(limit, done + SAMPLE_RATE)
            cycle, phase = np.divmod(np.arange(done, stop), up)
            index = (cycle * down + phase_base[phase] - buffer_start)[:, None] + offsets[None, :]
            values = np.einsum("ij,ij->i", buffer[index], table[phase])
            out[done:stop] = np.clip(np.rint(values * 32767.0), -32768, 32767)
            done = stop
        keep_from = max(buffer_start, done * down // up - half - 1)
        buffer = buffer[keep_from - buffer_start :]
        buffer_start = keep_from
    return out


def _read_with_ffmpeg(name: str, ffmpeg: str | None) -> np.ndarray:
    import numpy as np

    if ffmpeg is None:
        extension = os.path.splitext(name)[1].lower() or "this format"
        raise MediaError(
            f"{name}: reading {extension} files needs ffmpeg, which is not installed "
            "(Debian/Ubuntu: apt-get install ffmpeg)"
        )
    command = [ffmpeg, "-nostdin", "-v", "error", "-i", name, "-vn", "-f", "s16le", "-ac", "1", "-ar", str(SAMPLE_RATE), "-"]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    except OSError as error:
        raise MediaError(f"{name}: cannot run ffmpeg ({ffmpeg}): {error}") from error
    try:
        data, errors = process.communicate()
    finally:
        # Ctrl-C while decoding: do not leave ffmpeg running.
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        lines = errors.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit status {process.returncode}"
        raise MediaError(f"{name}: ffmpeg cannot decode it: {detail}")
    if len(data) < 2:
        raise MediaError(f"{name}: no audio stream in the file")
    return np.frombuffer(data, dtype=np.int16, count=len(data) // 2)
