"""The label scheme shared by training and inference.

Every word gets two labels: the punctuation that follows it (IWSLT style:
``:`` and dashes count as COMMA, ``!`` and ``;`` as PERIOD) and the shape of
its letters. Training derives them from punctuated, cased text; inference
predicts them and turns them back into text.
"""

from __future__ import annotations

import re

from transcript_tools.normalize.sentences import ABBREVIATIONS

__all__ = [
    "CASES",
    "PUNCTUATION",
    "case_class",
    "owns_period",
    "punctuation_class",
    "split_affixes",
]

#: Punctuation classes, in the order of the model's output.
PUNCTUATION = ("O", "COMMA", "PERIOD", "QUESTION")
#: Casing classes: all lower, Capitalized, ALL UPPER, anything else (McDonald, CIA-backed).
CASES = ("lower", "Cap", "UPPER", "Mixed")

_LEADING = "\"'([{“‘¿¡«"
_TRAILING = ".,?!;:\"')]}”’…»"
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")


def split_affixes(word: str) -> tuple[str, str, str]:
    """Split a word into leading punctuation, core and trailing punctuation.

    Args:
        word: One whitespace-free token.

    Returns:
        ``(lead, core, trail)`` whose concatenation is ``word``.

    Example:
        >>> split_affixes('"Iran,"')
        ('"', 'Iran', ',"')
        >>> split_affixes("U.S.")
        ('', 'U.S', '.')
    """
    core = word.lstrip(_LEADING)
    lead = word[: len(word) - len(core)]
    stripped = core.rstrip(_TRAILING)
    return lead, stripped, core[len(stripped) :]


def owns_period(core: str) -> bool:
    """Whether a period after ``core`` belongs to the word (``Mr.``, ``U.S.``, ``J.``).

    Example:
        >>> owns_period("Mr"), owns_period("U.S"), owns_period("house")
        (True, True, False)
    """
    return core.lower() in ABBREVIATIONS or bool(_DOTTED.match(core)) or (len(core) == 1 and core.isalpha())


def punctuation_class(trail: str) -> int:
    """The punctuation class of a word's trailing characters (index into PUNCTUATION).

    Example:
        >>> [PUNCTUATION[punctuation_class(t)] for t in ("", ",", ".", "?", "!", ":", "...", '."')]
        ['O', 'COMMA', 'PERIOD', 'QUESTION', 'PERIOD', 'COMMA', 'COMMA', 'PERIOD']
    """
    if "?" in trail:
        return 3
    if "..." in trail or "…" in trail:
        return 1
    if any(c in trail for c in ".!;"):
        return 2
    if any(c in trail for c in ",:"):
        return 1
    return 0


def case_class(core: str) -> int:
    """The casing class of a word's letters (index into CASES).

    Example:
        >>> [CASES[case_class(w)] for w in ("iran", "Iran", "NATO", "U.S", "I", "McDonald", "CIA-backed", "42")]
        ['lower', 'Cap', 'UPPER', 'UPPER', 'Cap', 'Mixed', 'Mixed', 'lower']
    """
    letters = [c for c in core if c.isalpha()]
    if not letters or all(c.islower() for c in letters):
        return 0
    if len(letters) == 1:
        return 1 if letters[0].isupper() else 0
    if all(c.isupper() for c in letters):
        return 2
    if letters[0].isupper() and all(c.islower() for c in letters[1:]):
        return 1
    return 3
