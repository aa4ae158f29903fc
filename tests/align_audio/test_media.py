"""Reading media: WAV/FLAC directly, other containers through ffmpeg, clear errors."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.align_audio.conftest import write_wav
from transcript_tools.align.media import SAMPLE_RATE, load_audio
from transcript_tools.errors import MediaError

np = pytest.importorskip("numpy")


def tone(rate: int, seconds: float = 1.0, hz: float = 440.0) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (12000 * np.sin(2 * np.pi * hz * t)).astype(np.int16)


def peak_hz(audio: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(audio.astype(np.float64)))
    return float(np.argmax(spectrum) * SAMPLE_RATE / len(audio))


@pytest.mark.parametrize("rate", [8000, 16000, 22050, 44100, 48000])
def test_wav_at_any_rate_becomes_16k_with_the_same_pitch_and_length(tmp_path: Path, rate: int) -> None:
    audio = load_audio(write_wav(tmp_path / "tone.wav", tone(rate), rate=rate))
    assert audio.dtype == np.int16
    assert abs(len(audio) - SAMPLE_RATE) <= 1
    assert abs(peak_hz(audio) - 440) <= 2
    assert 10000 < np.abs(audio[100:-100]).max() < 13500


def test_stereo_is_mixed_down(tmp_path: Path) -> None:
    left, right = tone(16000, hz=300), tone(16000, hz=300)
    audio = load_audio(write_wav(tmp_path / "stereo.wav", np.stack([left, right], axis=1), channels=2))
    assert np.allclose(audio, left, atol=2)


def test_flac_is_read_directly(tmp_path: Path) -> None:
    soundfile = pytest.importorskip("soundfile")
    path = tmp_path / "tone.flac"
    soundfile.write(path, tone(48000), 48000)
    audio = load_audio(path)
    assert abs(len(audio) - SAMPLE_RATE) <= 1
    assert abs(peak_hz(audio) - 440) <= 2


def _ffmpeg() -> str:
    path = shutil.which("ffmpeg")
    if path is None:
        pytest.skip("ffmpeg is not installed (apt-get install ffmpeg): cannot make an MP3")
    return path


def test_mp3_goes_through_ffmpeg(tmp_path: Path) -> None:
    ffmpeg = _ffmpeg()
    wav = write_wav(tmp_path / "tone.wav", tone(44100), rate=44100)
    mp3 = tmp_path / "tone.mp3"
    subprocess.run([ffmpeg, "-v", "error", "-i", str(wav), str(mp3)], check=True)
    audio = load_audio(mp3)
    assert abs(len(audio) - SAMPLE_RATE) <= 1200  # MP3 pads with encoder delay
    assert abs(peak_hz(audio) - 440) <= 3


def test_without_ffmpeg_the_error_names_the_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "talk.mp3").write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(MediaError, match=r"talk\.mp3: reading \.mp3 files needs ffmpeg, which is not installed"):
        load_audio(tmp_path / "talk.mp3")


def test_broken_media_names_the_file(tmp_path: Path) -> None:
    _ffmpeg()
    path = tmp_path / "broken.mp4"
    path.write_bytes(b"not a video at all" * 10)
    with pytest.raises(MediaError, match=r"broken\.mp4: ffmpeg cannot decode it"):
        load_audio(path)


def test_broken_wav_without_ffmpeg_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "broken.wav"
    path.write_bytes(b"RIFF0000WAVEjunk")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(MediaError, match=r"broken\.wav: cannot read audio"):
        load_audio(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match=r"absent\.wav: no such media file"):
        load_audio(tmp_path / "absent.wav")
