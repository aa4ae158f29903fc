"""Benchmark: punctuation and casing restoration on the IWSLT TED benchmark.

Punctuation is scored as the literature scores it (per word, P/R/F1 for
COMMA, PERIOD and QUESTION, and their micro-average "overall") on IWSLT
test2011 (reference transcripts) and test2011asr (ASR output). Casing is
scored on the cased, punctuated form of test2011 (``iwslt_cased``): every word
is lowercased and stripped of punctuation, ``normalize()`` restores both, and
we count words whose letters come back exactly (token accuracy) and the F1 of
words with a capital. It is reported with the model's own punctuation and
with the reference punctuation (the casing model alone), and the casing
errors are counted by cause: a sentence start missed or added (the
punctuation's fault), a name left lowercase, a capital added, ``I``,
acronyms and mixed case, hyphenated words. Speed is words per second with
onnxruntime limited to one thread.

The IWSLT files are evaluation data (CC BY-NC-ND): they never train the model.

Usage::

    python benchmarks/punctuation.py [--data ../shared/data] [--model DIR] [--views N]
    python benchmarks/punctuation.py --casing-only --casing iwslt2010_dev_en   # tune casing here
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
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


def sentence_starts(tokens: list[str], line_ends: list[bool]) -> list[bool]:
    """Whether each token begins a sentence: the first, and each after ``.``, ``?``, ``!`` or a line end."""
    starts = [True]
    for token, end in zip(tokens[:-1], line_ends[:-1]):
        starts.append(end or any(c in split_affixes(token)[2] for c in ".?!"))
    return starts


def casing_errors(reference: list[str], output: list[str], ref_starts: list[bool], out_starts: list[bool]) -> Counter:
    """Casing errors by cause.

    A word whose only difference is its first letter, where one text starts a
    sentence and the other does not, is a sentence-boundary error (the
    punctuation's fault, not the casing's).
    """
    causes: Counter = Counter()
    for ref, out, ref_start, out_start in zip(reference, output, ref_starts, out_starts):
        if ref == out:
            continue
        if ref.lower() != out.lower():
            cause = "letters differ"
        elif ref[1:] == out[1:] and ref_start != out_start:
            cause = "sentence start missed" if ref_start else "sentence start added"
        elif ref.split("'")[0] == "I":
            cause = "I"
        elif "-" in ref:
            cause = "hyphenated"
        elif "." in ref or any(sum(c.isupper() for c in w) > 1 for w in (ref, out)):
            cause = "acronym or mixed case"
        elif ref[:1].isupper():
            cause = "name left lowercase"
        else:
            cause = "capital added"
        causes[cause] += 1
    return causes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--casing", default="iwslt2011_test_en",
                        help="iwslt_cased file for the casing scores (tune on iwslt2010_dev_en or iwslt2012_test_en)")
    parser.add_argument("--model", type=Path, default=MODEL_DIR, help="model folder (default: the shipped one)")
    parser.add_argument("--views", type=int, help="windows per word (default: the model's config.json)")
    parser.add_argument("--casing-only", action="store_true", help="skip punctuation and speed")
    args = parser.parse_args()
    started = time.perf_counter()
    restorer = ModelRestorer(args.model, threads=1, views=args.views)
    print(f"model: {args.model / 'restorer.onnx'} ({(args.model / 'restorer.onnx').stat().st_size / 1e6:.1f} MB), "
          f"whole folder {sum(p.stat().st_size for p in args.model.iterdir()) / 1e6:.1f} MB, "
          f"loaded in {time.perf_counter() - started:.2f} s")

    for name in () if args.casing_only else ("test2011", "test2011asr"):
        if name == "test2011":
            print("\npunctuation (IWSLT scoring)      P      R     F1")
        words, gold = read_iwslt(args.data / "iwslt" / name)
        pred = [MARK_CLASS[p.punctuation] for p in restorer(words)]
        for cls, (p, r, f) in punctuation_scores(gold, pred).items():
            print(f"{name:12} {cls:10}      {p:6.1f} {r:6.1f} {f:6.1f}")

    lines = (args.data / "iwslt_cased" / args.casing).read_text(encoding="utf-8").splitlines()
    tokens = [t for line in lines for t in line.split()]
    cores = [split_affixes(t)[1] for t in tokens]
    kept = [(t, c) for t, c in zip(tokens, cores) if c]
    reference = [c for _, c in kept]
    raw = Transcript(words=tuple(Word(c.lower()) for c in reference))
    ends = []
    for line in lines:
        n = sum(1 for t in line.split() if split_affixes(t)[1])
        ends += [False] * (n - 1) + [True] if n else []
    ref_starts = sentence_starts([t for t, _ in kept], ends)
    gold_marks = []
    for (token, _core), end in zip(kept, ends):
        trail = split_affixes(token)[2]
        gold_marks.append("?" if "?" in trail else "." if end or any(c in trail for c in ".!;") else "," if trail else "")

    def with_gold_punctuation(words: list[str]) -> list[Prediction]:
        return [Prediction(mark, p.text) for p, mark in zip(restorer(words), gold_marks)]

    print(f"\ncasing ({args.casing}, {len(reference):,} words)   token accuracy   capitalized F1")
    breakdown = {}
    for label, fn in (("model punctuation", restorer), ("reference punctuation", with_gold_punctuation)):
        texts = [w.text for w in normalize(raw, restorer=fn).words]
        restored = [split_affixes(t)[1] for t in texts]
        accuracy, f1 = casing_scores(reference, restored)
        print(f"{label:38} {accuracy:8.2f} %       {f1:6.1f}")
        breakdown[label] = casing_errors(reference, restored, ref_starts, sentence_starts(texts, [False] * len(texts)))
    print("\ncasing errors by cause          model punct.   reference punct.")
    for cause in sorted(set().union(*breakdown.values()), key=lambda c: -breakdown["model punctuation"][c]):
        print(f"  {cause:28} {breakdown['model punctuation'][cause]:8} {breakdown['reference punctuation'][cause]:14}")
    print(f"  {'total':28} {sum(breakdown['model punctuation'].values()):8} "
          f"{sum(breakdown['reference punctuation'].values()):14}")

    if args.casing_only:
        return
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
