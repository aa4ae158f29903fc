"""Short clips spoken by eSpeak NG, so that the true onset of each sentence is known."""

from __future__ import annotations

import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

np = pytest.importorskip("numpy", reason="the align extra is not installed")
pytest.importorskip("pocketsphinx", reason="the align extra is not installed")

RATE = 16000
# A voice the aligner never uses (it only asks eSpeak NG for phonemes).
VOICE = ("-v", "en-us+m3", "-s", "170")


def speak(text: str, folder: Path, voice: tuple[str, ...] = VOICE) -> np.ndarray:
    """eSpeak NG speech at 16 kHz, leading and trailing silence trimmed."""
    from transcript_tools.align.media import load_audio

    path = folder / "speech.wav"
    subprocess.run(["espeak-ng", *voice, "-w", str(path), text], check=True, capture_output=True)
    audio = load_audio(path)
    loud = np.flatnonzero(np.abs(audio.astype(np.int32)) > 300)
    return audio[loud[0] : loud[-1] + 1]


def write_wav(path: Path, audio: np.ndarray, rate: int = RATE, channels: int = 1) -> Path:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(np.ascontiguousarray(audio, dtype=np.int16).tobytes())
    return path


@dataclass(frozen=True)
class Clip:
    """A recording of sentences with known onsets (ms); ``None`` for one left out."""

    sentences: tuple[str, ...]
    audio: np.ndarray
    onsets: tuple[int | None, ...]


def make_clip(
    sentences: list[str],
    folder: Path,
    *,
    lead_ms: int = 800,
    pause_ms: int = 450,
    skip: int | None = None,
    noise: np.ndarray | None = None,
    voice: tuple[str, ...] = VOICE,
) -> Clip:
    pieces = [noise if noise is not None else np.zeros(lead_ms * RATE // 1000, dtype=np.int16)]
    position = len(pieces[0])
    onsets: list[int | None] = []
    for number, sentence in enumerate(sentences):
        if number == skip:
            onsets.append(None)
            continue
        speech = speak(sentence, folder, voice)
        onsets.append(position * 1000 // RATE)
        pieces += [speech, np.zeros(pause_ms * RATE // 1000, dtype=np.int16)]
        position += len(speech) + pause_ms * RATE // 1000
    return Clip(tuple(sentences), np.concatenate(pieces), tuple(onsets))


@pytest.fixture(scope="session")
def espeak() -> str:
    path = shutil.which("espeak-ng")
    if path is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng): cannot synthesize test speech")
    return path


SENTENCES = [
    "Good evening, my fellow Americans.",
    "In 1953 the U.S. and the CIA faced a world of danger.",
    "Tonight I want to talk about the state of our union.",
    "We will build a stronger economy for every family.",
]


@pytest.fixture(scope="session")
def clip(espeak: str, tmp_path_factory: pytest.TempPathFactory) -> Clip:
    return make_clip(SENTENCES, tmp_path_factory.mktemp("clip"))


@pytest.fixture(scope="session")
def clip_wav(clip: Clip, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_wav(tmp_path_factory.mktemp("wav") / "clip.wav", clip.audio)
