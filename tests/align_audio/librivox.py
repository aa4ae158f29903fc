"""Real human speech with a transcript: five LibriVox sentences from pocketsphinx's sdist.

pocketsphinx 5.1.1's source distribution on PyPI (BSD licence) ships, in
``test/data/librivox/``, five consecutive sentences of a LibriVox reading of
*Sense and Sensibility* (public domain): a 16 kHz WAV, the transcript and the
word times that pocketsphinx's own aligner gives each sentence on its own
(the expected output of its regression tests). Those word times are not hand
labels: they are a reference from the same acoustic model, aligned one short
utterance at a time, so agreement with them checks that chunking, anchoring
and pronunciations lose nothing on real speech, not the model's own accuracy.

The archive is fetched once through :mod:`tests.realdata` (pinned sha256,
cached under ``.cache/realdata/``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from tests import realdata

_FOLDER = "pocketsphinx-5.1.1/test/data/librivox/"
_NAMES = tuple(f"sense_and_sensibility_01_austen_64kb-0{n}" for n in (870, 880, 890, 920, 930))

ARCHIVE = realdata.Archive(
    "pocketsphinx-5.1.1",
    "https://files.pythonhosted.org/packages/61/e7/13e0e787ff467218de880310d79cba14424f13b87171ac44af0bde1e428c/pocketsphinx-5.1.1.tar.gz",
    "675778b309a22dfc9b7d37f7621976bba491d2a5f8c59696bd77fd6d07271355",
    "BSD-2-Clause (pocketsphinx); the LibriVox recording is public domain",
    members=tuple(f"{_FOLDER}{name}.{ext}" for name in _NAMES for ext in ("wav", "txt", "json")),
)


@dataclass(frozen=True)
class Utterance:
    """One recorded sentence.

    Attributes:
        wav: The 16 kHz mono recording of this sentence alone.
        words: Its transcript, one word per item (lower case, no punctuation).
        reference_ms: pocketsphinx's word onsets within this file, one per word.
    """

    wav: Path
    words: tuple[str, ...]
    reference_ms: tuple[int, ...]


def utterances() -> list[Utterance]:
    """The five sentences, in reading order.

    Raises:
        tests.realdata.RealDataUnavailable: PyPI cannot be reached and nothing is cached.
        ValueError: The archive's hash is not the pinned one, or its files disagree.
    """
    paths = realdata.files(ARCHIVE)
    result = []
    for name in _NAMES:
        words = tuple(paths[f"{name}.txt"].read_text(encoding="utf-8").split())
        segments = json.loads(paths[f"{name}.json"].read_text(encoding="utf-8"))["w"]
        timed = [(re.sub(r"\(\d+\)$", "", s["t"]), round(s["b"] * 1000)) for s in segments if not s["t"].startswith("<")]
        if tuple(word for word, _ in timed) != words:
            raise ValueError(f"{name}: the reference alignment's words are not the transcript's")
        result.append(Utterance(paths[f"{name}.wav"], words, tuple(onset for _, onset in timed)))
    return result
