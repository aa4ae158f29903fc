"""Sentence segmentation of punctuated words.

A sentence ends at a word ending in ``.``, ``?`` or ``!`` (closing quotes and
brackets allowed after it), unless the word is a known abbreviation
(``Mr.``, ``e.g.``), an initial (``J.``), or a dotted acronym or
abbreviation that may end a sentence (``U.S.``, ``a.m.``, ``etc.``) followed
by a word that does not start one. Numbers such as ``3.5`` never end a
sentence: their period is inside the word. A quoted question or exclamation
followed by a lowercase word (``"Why?" she asked``) goes on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transcript_tools.model import Sentence, Transcript, Word

__all__ = ["ABBREVIATIONS", "split_sentences", "split_words"]

#: Abbreviations whose period is their own (lowercase, without the final period).
#: Only ``etc.``, ``Inc.``, ``Ltd.`` and ``Corp.`` may also end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft vs etc e.g i.e cf al approx dept est fig gen gov
    hon lt col sgt capt cmdr adm rep sen rev vol pp jan feb mar apr jun jul aug sep
    sept oct nov dec inc ltd co corp bros ave blvd rd
    """.split()
)
# Abbreviations that often close a sentence as well ("pears, etc. The rest"):
# judged like dotted acronyms, by the word that follows.
_FINAL_ABBREVIATIONS = frozenset("etc inc ltd corp".split())
# Abbreviations only before a number: "no" is far more often the word.
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos"})
# Dotted acronyms end a sentence only before a capitalised word that usually opens
# one ("in the U.S. The ...", "at 9 a.m. Everyone"); before a name ("the U.S.
# Congress", "the U.S. Government") they do not. Only closed-class words count as
# openers: a capitalised noun after an acronym is as often part of a name.
_DOTTED = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_OPENERS = frozenset(
    """a about after all also although an and another any anyone anything as at because before both but
    by during each either even every everybody everyone everything few for from he her here his how
    however i if in instead it its let many meanwhile most much my neither never no nobody none nor
    nothing now of on once one or our perhaps several she since so some someone something still such
    that the their then there these they this those though thus to today unless until we well what
    when where whether which while who why yes yet you your""".split()
)
_END = re.compile(r"[.?!…]+[\"'”’)\]]*$")


def _opens_sentence(following: str) -> bool:
    word = following.lstrip("\"'“‘([")
    opener = word.rstrip(".,?!;:\"'”’)]").lower().split("'")[0]
    if not word[:1].isupper() or opener == "i":
        return False
    return opener in _OPENERS


def _ends_sentence(word: str, following: str | None) -> bool:
    if not _END.search(word):
        return False
    if following is None:
        return True
    core = word.rstrip("\"'”’)]")
    if core.endswith(("?", "!", "…")):
        # '"Why?" she asked' goes on; an unquoted "Why? she" is taken as written.
        return core == word or not following.lstrip("\"'“‘([")[:1].islower()
    stem = core.rstrip(".").lower()
    bare = stem.lstrip("\"'“‘([")
    if bare in _FINAL_ABBREVIATIONS:
        return _opens_sentence(following)
    if bare in ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()):
        return False
    if bare in _NUMBER_ABBREVIATIONS:
        # "No. 5" and "Nos. 3-4" continue; the answer "No." ends a sentence.
        return not following[:1].isdigit()
    if _DOTTED.match(core.lstrip("\"'“‘([")):
        # "U.S. forces" continues; "the U.S. The next..." ends.
        return _opens_sentence(following)
    return True


def split_words(words: Sequence[Word], *, first_index: int = 0) -> tuple[Sentence, ...]:
    """Group punctuated words into sentences.

    A change of speaker also ends a sentence.

    Args:
        words: Words with punctuation attached.
        first_index: Index of ``words[0]`` in its transcript.

    Returns:
        The sentences, covering every word exactly once, in order.

    Example:
        >>> from transcript_tools.model import Word
        >>> ws = [Word(t) for t in "Mr. Smith paid 3.5 dollars in the U.S. today. Why?".split()]
        >>> [s.text for s in split_words(ws)]
        ['Mr. Smith paid 3.5 dollars in the U.S. today.', 'Why?']
    """
    sentences: list[Sentence] = []
    start = 0
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else None
        speaker_changes = following is not None and following.speaker != word.speaker
        if speaker_changes or _ends_sentence(word.text, following.text if following else None):
            sentences.append(Sentence(tuple(words[start : index + 1]), first_index + start))
            start = index + 1
    if start < len(words):
        sentences.append(Sentence(tuple(words[start:]), first_index + start))
    return tuple(sentences)


def split_sentences(transcript: Transcript) -> tuple[Sentence, ...]:
    """Split a transcript's words into sentences by their punctuation.

    For raw, unpunctuated ASR text, restore punctuation first
    (:func:`transcript_tools.normalize`), or the whole text is one sentence.

    Args:
        transcript: A transcript whose words carry punctuation.

    Returns:
        The sentences, covering every word exactly once, in order.
    """
    return split_words(transcript.words)
