"""Benchmark: punctuation and casing restoration on the IWSLT TED benchmark.

Punctuation is scored as the literature scores it (per word, P/R/F1 for
COMMA, PERIOD and QUESTION, and their micro-average "overall") on IWSLT
test2011 (reference transcripts) and test2011asr (ASR output). Casing is
scored on the cased, punctuated form of test2011 (``iwslt_cased``): every word
is lowercased and stripped of punctuation, ``normalize()`` restores both, and
we count words whose letters come back exactly (token accuracy) and the F1 of
words with a capital. It is reported with the model's own punctuation and
with the reference punctuation (the casing model alone). Speed is words per
second with onnxruntime limited to one thread.

The IWSLT files are evaluation data (CC BY-NC-ND): they never train the model.

Usage::

    python benchmarks/punctuation.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transcript_tools.model import Transcript, Word  # noqa: E402
from transcript_tools.normalize import ModelRestorer, Prediction, normalize  # noqa: E402
from transcript_tools.normalize.labels import split_affixes  # noqa: E402
from transcript_tools.normalize.punctuation import MODEL_DIR  # noqa: E402

CLASSES = ("COMMA", "PERIOD", "QUESTION")
MARK_CLASS = {"": "O", ",": "COMMA", ".": "PERIOD", "?": "QUESTION", "!": "PERIOD", ":": "COMMA"}


def read_iwslt(path: Path) -> tuple[list[str], list[str]]:
    """Words and reference labels of an IWSLT word-per-line file."""
    words, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            word, label = line.split("\t")
            words.append(word)
            labels.append(label)
    return words, labels


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 in percent."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 100 * p, 100 * r, (200 * p * r / (p + r) if p + r else 0.0)


def punctuation_scores(gold: list[str], pred: list[str]) -> dict[str, tuple[float, float, float]]:
    """Per-class and overall (micro) P/R/F1; a wrong class counts against both."""
    out = {}
    total = [0, 0, 0]
    for name in CLASSES:
        tp = sum(g == p == name for g, p in zip(gold, pred))
        fp = sum(p == name and g != name for g, p in zip(gold, pred))
        fn = sum(g == name and p != name for g, p in zip(gold, pred))
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        out[name] = prf(tp, fp, fn)
    out["OVERALL"] = prf(*total)
    return out


def casing_scores(reference: list[str], output: list[str]) -> tuple[float, float]:
    """Token accuracy and capitalized-token F1 of restored word cores."""
    correct = tp = fp = fn = 0
    for ref, out in zip(reference, output):
        correct += ref == out
        ref_cap, out_cap = ref != ref.lower(), out != out.lower()
        if ref_cap and out_cap and ref == out:
            tp += 1
        else:
            fp += out_cap
            fn += ref_cap
    return 100 * correct / len(reference), prf(tp, fp, fn)[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    started = time.perf_counter()
    restorer = ModelRestorer(threads=1)
    print(f"model: {MODEL_DIR / 'restorer.onnx'} ({(MODEL_DIR / 'restorer.onnx').stat().st_size / 1e6:.1f} MB), "
          f"whole folder {sum(p.stat().st_size for p in MODEL_DIR.iterdir()) / 1e6:.1f} MB, "
          f"loaded in {time.perf_counter() - started:.2f} s")

    print("\npunctuation (IWSLT scoring)      P      R     F1")
    for name in ("test2011", "test2011asr"):
        words, gold = read_iwslt(args.data / "iwslt" / name)
        pred = [MARK_CLASS[p.punctuation] for p in restorer(words)]
        for cls, (p, r, f) in punctuation_scores(gold, pred).items():
            print(f"{name:12} {cls:10}      {p:6.1f} {r:6.1f} {f:6.1f}")

    lines = (args.data / "iwslt_cased" / "iwslt2011_test_en").read_text(encoding="utf-8").splitlines()
    tokens = [t for line in lines for t in line.split()]
    cores = [split_affixes(t)[1] for t in tokens]
    kept = [(t, c) for t, c in zip(tokens, cores) if c]
    reference = [c for _, c in kept]
    raw = Transcript(words=tuple(Word(c.lower()) for c in reference))
    ends = []
    for line in lines:
        n = sum(1 for t in line.split() if split_affixes(t)[1])
        ends += [False] * (n - 1) + [True] if n else []
    gold_marks = []
    for (token, _core), end in zip(kept, ends):
        trail = split_affixes(token)[2]
        gold_marks.append("?" if "?" in trail else "." if end or any(c in trail for c in ".!;") else "," if trail else "")

    def with_gold_punctuation(words: list[str]) -> list[Prediction]:
        return [Prediction(mark, p.text) for p, mark in zip(restorer(words), gold_marks)]

    print(f"\ncasing (iwslt2011_test_en, {len(reference):,} words)   token accuracy   capitalized F1")
    for label, fn in (("model punctuation", restorer), ("reference punctuation", with_gold_punctuation)):
        restored = [split_affixes(w.text)[1] for w in normalize(raw, restorer=fn).words]
        accuracy, f1 = casing_scores(reference, restored)
        print(f"{label:38} {accuracy:8.2f} %       {f1:6.1f}")

    words, _ = read_iwslt(args.data / "iwslt" / "test2011")
    restorer(words[:500])
    began = time.perf_counter()
    repeats = 3
    for _ in range(repeats):
        restorer(words)
    elapsed = time.perf_counter() - began
    print(f"\nspeed: {repeats * len(words) / elapsed:,.0f} words/s on one thread ({len(words):,} words x {repeats})")


if __name__ == "__main__":
    main()
