"""Add phonetic confusions to a training pack, for ASR-like word substitutions.

Speech recognisers confuse words that sound alike (``their``/``there``,
``weather``/``whether``, ``and``/``an``), not random words. This script finds,
for every word type of ``PACK/corpus.npz``, the most frequent other types whose
pronunciation is within one phone (a substitution, insertion or deletion) of
one of its own, by the CMU pronouncing dictionary that pocketsphinx ships
(BSD-style licence). ``train.py --phonetic P`` then draws a share P of its
substituted words from these neighbours.

Writes ``PACK/confusions.npy``: int32, one row per word type, up to ``--k``
neighbour type ids, padded with -1.

Usage: python training/confusions.py --pack .device/pack \
    --dict .venv/lib/python3.11/site-packages/pocketsphinx/model/en-us/cmudict-en-us.dict
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

import numpy as np

# "read(2)" is the dictionary's second pronunciation of "read".
_VARIANT = re.compile(r"\(\d+\)$")


def read_dictionary(path: Path) -> dict[str, list[tuple[str, ...]]]:
    """Each word's pronunciations as phone tuples."""
    pronunciations: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            pronunciations[_VARIANT.sub("", parts[0])].append(tuple(parts[1:]))
    return pronunciations


def type_strings(pack: Path) -> list[str]:
    """The pack's word types, spelled back from their WordPiece pieces."""
    corpus = np.load(pack / "corpus.npz")
    vocab = (pack / "vocab.txt").read_text(encoding="utf-8").splitlines()
    offsets, pieces = corpus["piece_offsets"], corpus["pieces"]
    return [
        "".join(vocab[p].removeprefix("##") for p in pieces[offsets[i] : offsets[i + 1]])
        for i in range(len(offsets) - 1)
    ]


def neighbours(
    types: list[str], frequency: np.ndarray, pronunciations: dict[str, list[tuple[str, ...]]], k: int
) -> np.ndarray:
    """Up to ``k`` most frequent types within one phone of each type, -1 padded."""
    # Two sequences are within one edit exactly when they share a key among
    # themselves and their one-phone deletions (the symmetric-delete method).
    keys_of: list[set[tuple[str, ...]]] = []
    members: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, word in enumerate(types):
        keys: set[tuple[str, ...]] = set()
        for phones in pronunciations.get(word, ()):
            keys.add(phones)
            keys.update(phones[:i] + phones[i + 1 :] for i in range(len(phones)) if len(phones) > 1)
        keys_of.append(keys)
        for key in keys:
            members[key].append(index)
    table = np.full((len(types), k), -1, dtype=np.int32)
    for index, keys in enumerate(keys_of):
        found = {other for key in keys for other in members[key] if other != index and types[other] != types[index]}
        best = sorted(found, key=lambda other: (-frequency[other], other))[:k]
        table[index, : len(best)] = best
    return table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pack", type=Path, required=True)
    parser.add_argument("--dict", type=Path, required=True, help="cmudict-en-us.dict from the pocketsphinx wheel")
    parser.add_argument("--k", type=int, default=8)
    args = parser.parse_args()
    types = type_strings(args.pack)
    frequency = np.bincount(np.load(args.pack / "corpus.npz")["words"], minlength=len(types))
    table = neighbours(types, frequency, read_dictionary(args.dict), args.k)
    np.save(args.pack / "confusions.npy", table)
    covered = (table[:, 0] >= 0)
    tokens = frequency[covered].sum() / frequency.sum()
    print(f"{len(types):,} word types, {covered.sum():,} with neighbours ({tokens:.1%} of running words)")
    for word in ("their", "whether", "and", "to", "court", "president", "nuclear"):
        if word in types:
            row = table[types.index(word)]
            print(f"  {word}: {', '.join(types[i] for i in row if i >= 0)}")


if __name__ == "__main__":
    main()
