"""Pronunciations for words the acoustic model's dictionary does not know.

The aligner needs a phone sequence (CMU/ARPAbet phones, as in
``cmudict-en-us.dict``) for every transcript word. Most words are in the
dictionary; the rest are numbers ("1953"), abbreviations ("U.S.", "CIA"),
names and new coinages. For those this module

1. expands the written token into the words a speaker says, often several
   readings ("1953" is "nineteen fifty three" or "one thousand nine hundred
   fifty three"), for pronunciation only: the transcript's words never change;
2. looks each spoken word up in the dictionary, and for what is still missing
   asks eSpeak NG's command line for IPA phonemes and maps them to ARPAbet
   (eSpeak NG is GPL, so it is run as a program, never linked);
3. falls back on simple letter-to-sound rules when eSpeak NG is not installed.

Every function here is pure apart from :func:`espeak_phonemes`, which runs the
``espeak-ng`` program.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence

__all__ = [
    "dictionary_key",
    "espeak_phonemes",
    "ipa_to_arpabet",
    "letter_to_sound",
    "number_words",
    "pronunciations",
    "spoken_forms",
]

logger = logging.getLogger(__name__)

#: Looks a lower-case word up in the model's dictionary: all its pronunciations
#: (space-separated ARPAbet phones), empty when the word is missing.
Lookup = Callable[[str], Sequence[str]]

_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}<>,.;:!?…—–-*_/\\|"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL_ENDINGS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth",
    "eight": "eighth", "nine": "ninth", "twelve": "twelfth",
}  # fmt: skip
_ABBREVIATIONS = {
    "mr.": ("mister",), "mrs.": ("missus",), "ms.": ("miz",), "dr.": ("doctor",),
    "st.": ("saint", "street"), "jr.": ("junior",), "sr.": ("senior",), "vs.": ("versus",),
    "gov.": ("governor",), "sen.": ("senator",), "rep.": ("representative",),
    "gen.": ("general",), "no.": ("number", "no"), "&": ("and",), "+": ("plus",),
    "etc.": ("et cetera",), "e.g.": ("for example", "e g"), "i.e.": ("that is", "i e"),
}  # fmt: skip
_CURRENCIES = {"$": ("dollar", "dollars"), "£": ("pound", "pounds"), "€": ("euro", "euros")}

_LETTER_NAMES = {
    "a": "EY", "b": "B IY", "c": "S IY", "d": "D IY", "e": "IY", "f": "EH F", "g": "JH IY",
    "h": "EY CH", "i": "AY", "j": "JH EY", "k": "K EY", "l": "EH L", "m": "EH M", "n": "EH N",
    "o": "OW", "p": "P IY", "q": "K Y UW", "r": "AA R", "s": "EH S", "t": "T IY", "u": "Y UW",
    "v": "V IY", "w": "D AH B AH L Y UW", "x": "EH K S", "y": "W AY", "z": "Z IY",
}  # fmt: skip

# IPA as eSpeak NG writes it for en-US, longest symbols first when matching.
_IPA_TO_ARPABET = {
    "aɪə": "AY ER", "aɪ": "AY", "aʊ": "AW", "eɪ": "EY", "oʊ": "OW", "əʊ": "OW", "ɔɪ": "OY",
    "tʃ": "CH", "dʒ": "JH", "ɑːɹ": "AA R", "ɔːɹ": "AO R", "ɛɹ": "EH R", "ɪɹ": "IH R",
    "ʊɹ": "UH R", "ɜː": "ER", "ɑː": "AA", "ɔː": "AO", "iː": "IY", "uː": "UW", "oː": "OW",
    "ɚ": "ER", "ɜ": "ER", "ɑ": "AA", "ɒ": "AA", "æ": "AE", "a": "AE", "ʌ": "AH", "ə": "AH",
    "ɐ": "AH", "ɛ": "EH", "e": "EH", "ɪ": "IH", "ᵻ": "IH", "i": "IY", "ɔ": "AO", "o": "OW",
    "ʊ": "UH", "u": "UW", "p": "P", "b": "B", "t": "T", "d": "D", "k": "K", "g": "G",
    "ɡ": "G", "f": "F", "v": "V", "θ": "TH", "ð": "DH", "s": "S", "z": "Z", "ʃ": "SH",
    "ʒ": "ZH", "h": "HH", "m": "M", "n": "N", "ŋ": "NG", "l": "L", "ɫ": "L", "ɹ": "R",
    "r": "R", "j": "Y", "w": "W", "ɾ": "T", "ʔ": "T", "x": "K", "ç": "HH", "ʍ": "W",
}  # fmt: skip
_IPA_IGNORED = set("ˈˌː‍̩ -_.ˑ̃")
_IPA_LONGEST = max(len(symbol) for symbol in _IPA_TO_ARPABET)

# Letter-to-sound rules of last resort, longest spelling first: rough, but a
# rough pronunciation still lets the aligner find a word between known ones.
_SPELLING_RULES = (
    ("tch", "CH"), ("sch", "S K"), ("igh", "AY"), ("ough", "AO"), ("tion", "SH AH N"),
    ("ch", "CH"), ("sh", "SH"), ("th", "TH"), ("ph", "F"), ("ng", "NG"), ("ck", "K"),
    ("qu", "K W"), ("wh", "W"), ("ee", "IY"), ("ea", "IY"), ("oo", "UW"), ("ai", "EY"),
    ("ay", "EY"), ("oa", "OW"), ("ou", "AW"), ("ow", "OW"), ("oi", "OY"), ("oy", "OY"),
    ("au", "AO"), ("aw", "AO"), ("ie", "IY"), ("ei", "EY"), ("ar", "AA R"), ("er", "ER"),
    ("ir", "ER"), ("ur", "ER"), ("or", "AO R"), ("a", "AE"), ("b", "B"), ("c", "K"),
    ("d", "D"), ("e", "EH"), ("f", "F"), ("g", "G"), ("h", "HH"), ("i", "IH"), ("j", "JH"),
    ("k", "K"), ("l", "L"), ("m", "M"), ("n", "N"), ("o", "AA"), ("p", "P"), ("q", "K"),
    ("r", "R"), ("s", "S"), ("t", "T"), ("u", "AH"), ("v", "V"), ("w", "W"), ("x", "K S"),
    ("y", "IY"), ("z", "Z"),
)  # fmt: skip

_NUMBER = re.compile(r"(?P<currency>[$£€])?(?P<number>\d[\d,]*(?:\.\d+)?)(?P<suffix>%|st|nd|rd|th|s|'s)?")
_DOTTED_LETTERS = re.compile(r"(?:[a-z]\.){2,}|(?:[a-z]\.)(?:[a-z]\.?)+")


def dictionary_key(text: str) -> str | None:
    """The lower-case form of a transcript word used to look it up.

    Surrounding punctuation goes; inner apostrophes, dots ("u.s.") and digits
    stay. Typographic apostrophes become ``'``.

    Args:
        text: The word as written in the transcript.

    Returns:
        The key, or ``None`` when nothing pronounceable is left (a dash).

    Example:
        >>> dictionary_key("“America’s")
        "america's"
        >>> dictionary_key("U.S.,")
        'u.s.'
        >>> dictionary_key("—") is None
        True
    """
    key = text.translate(_APOSTROPHES).lower()
    keep_final_dot = bool(re.search(r"[a-z]\.[a-z]\.?[,;:!?\"”’)]*$", key)) or key.rstrip(",;:!?\"”’)") in _ABBREVIATIONS
    key = key.strip(_EDGE_PUNCTUATION)
    if keep_final_dot and key and not key.endswith("."):
        key += "."
    if key in ("&", "+"):
        return key
    return key if any(c.isalnum() for c in key) else None


def number_words(number: int, *, ordinal: bool = False) -> str:
    """A whole number in English words ("one thousand nine hundred fifty three").

    Args:
        number: Zero or more.
        ordinal: "twenty first" rather than "twenty one".

    Returns:
        The words, separated by spaces.

    Example:
        >>> number_words(1953)
        'one thousand nine hundred fifty three'
        >>> number_words(21, ordinal=True)
        'twenty first'
    """
    words = _cardinal(number).split()
    if ordinal:
        last = words[-1]
        if last in _ORDINAL_ENDINGS:
            words[-1] = _ORDINAL_ENDINGS[last]
        elif last.endswith("y"):
            words[-1] = last[:-1] + "ieth"
        else:
            words[-1] = last + "th"
    return " ".join(words)


def _cardinal(number: int) -> str:
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + ("" if ones == 0 else " " + _ONES[ones])
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return _ONES[hundreds] + " hundred" + ("" if rest == 0 else " " + _cardinal(rest))
    for scale, name in _SCALES:
        if number >= scale:
            high, rest = divmod(number, scale)
            return _cardinal(high) + " " + name + ("" if rest == 0 else " " + _cardinal(rest))
    raise AssertionError("unreachable: every number >= 1000 has a scale")


def _year_words(number: int) -> list[str]:
    """Readings of a four-digit number as a year: 1953, 2008, 1900."""
    high, low = divmod(number, 100)
    readings = []
    if low == 0:
        readings.append(_cardinal(high) + " hundred")
    elif low < 10:
        readings.append(_cardinal(high) + " oh " + _ONES[low])
        readings.append(_cardinal(high) + " hundred and " + _ONES[low])
    else:
        readings.append(_cardinal(high) + " " + _cardinal(low))
        readings.append(_cardinal(high) + " hundred " + _cardinal(low))
    if 2000 <= number < 2010:
        readings.append("two thousand" + ("" if low == 0 else " and " + _ONES[low]))
    return readings


def _number_forms(match: re.Match[str]) -> list[str]:
    digits = match["number"].replace(",", "")
    suffix = (match["suffix"] or "").lower()
    whole, _, fraction = digits.partition(".")
    value = int(whole)
    if suffix in ("st", "nd", "rd", "th"):
        return [number_words(value, ordinal=True)]
    forms = []
    if not fraction and "," not in match["number"] and len(whole) == 4 and 1100 <= value <= 2099:
        forms += _year_words(value)
    forms.append(number_words(value))
    if fraction:
        point = " point " + " ".join(_ONES[int(d)] for d in fraction)
        forms = [form + point for form in forms]
    if match["currency"]:
        singular, plural = _CURRENCIES[match["currency"]]
        forms = [form + " " + (singular if value == 1 and not fraction else plural) for form in forms]
    if suffix == "%":
        forms = [form + " percent" for form in forms]
    elif suffix in ("s", "'s"):
        # "the 1960s": the last word takes a plural ("sixties").
        forms = [re.sub(r"y$", "ies", form) if form.endswith("y") else form + "s" for form in forms]
    return forms


def spoken_forms(key: str) -> tuple[tuple[str, ...], ...]:
    """The ways a speaker may say a written token, as sequences of plain words.

    Args:
        key: A :func:`dictionary_key`.

    Returns:
        The readings, most likely first. A plain word is its own reading.

    Example:
        >>> spoken_forms("1953")[:2]
        (('nineteen', 'fifty', 'three'), ('nineteen', 'hundred', 'fifty', 'three'))
        >>> spoken_forms("u.s.")
        (('u', 's'),)
        >>> spoken_forms("$5")
        (('five', 'dollars'),)
    """
    forms: list[str] = []
    if key in _ABBREVIATIONS:
        forms += _ABBREVIATIONS[key]
    elif _DOTTED_LETTERS.fullmatch(key):
        forms.append(" ".join(key.replace(".", "")))
    elif (match := _NUMBER.fullmatch(key)) is not None:
        forms += _number_forms(match)
    elif any(c.isdigit() for c in key):
        # "G7", "covid-19", "9/11": read letters and digit runs in turn.
        parts = re.findall(r"\d+|[a-z']+", key)
        forms.append(" ".join(number_words(int(p)) if p.isdigit() else p for p in parts))
    elif "-" in key or "/" in key:
        forms.append(" ".join(part for part in re.split(r"[-/]+", key) if part))
    else:
        forms.append(key)
    result = []
    for form in forms:
        words = tuple(word for word in form.split() if any(c.isalnum() for c in word))
        if words and words not in result:
            result.append(words)
    return tuple(result)


def ipa_to_arpabet(ipa: str) -> str:
    """Map eSpeak NG's IPA for one word to ARPAbet phones.

    Args:
        ipa: IPA as printed by ``espeak-ng -q --ipa``.

    Returns:
        Space-separated phones; symbols with no English counterpart are dropped.

    Example:
        >>> ipa_to_arpabet("bˈaɪdən")
        'B AY D AH N'
    """
    phones: list[str] = []
    position = 0
    while position < len(ipa):
        if ipa[position] in _IPA_IGNORED:
            position += 1
            continue
        for length in range(_IPA_LONGEST, 0, -1):
            symbol = ipa[position : position + length]
            if symbol in _IPA_TO_ARPABET:
                phones.append(_IPA_TO_ARPABET[symbol])
                position += length
                break
        else:
            position += 1
    return " ".join(phones)


def letter_to_sound(word: str) -> str:
    """A rough pronunciation from spelling alone, when eSpeak NG is missing.

    Args:
        word: Lower-case letters (other characters are ignored).

    Returns:
        Space-separated ARPAbet phones.

    Example:
        >>> letter_to_sound("zelensky")
        'Z EH L EH N S K IY'
    """
    letters = re.sub(r"[^a-z]", "", word)
    if len(letters) > 3 and letters.endswith("e") and letters[-2] not in "aeiouy":
        letters = letters[:-1]  # a silent final e
    phones = []
    position = 0
    while position < len(letters):
        for spelling, sound in _SPELLING_RULES:
            if letters.startswith(spelling, position):
                if spelling == "c" and letters[position + 1 : position + 2] in ("e", "i", "y"):
                    sound = "S"
                phones.append(sound)
                position += len(spelling)
                break
    return " ".join(phones)


def espeak_phonemes(words: Iterable[str], *, program: str | None = None) -> dict[str, str]:
    """ARPAbet pronunciations from eSpeak NG, one call for all the words.

    Args:
        words: Lower-case words.
        program: The eSpeak NG executable; found on ``PATH`` by default.

    Returns:
        Word -> phones; empty when eSpeak NG is not installed or fails.
    """
    unique = sorted({word for word in words if re.fullmatch(r"[a-z']+", word)})
    executable = program or shutil.which("espeak-ng")
    if not unique or executable is None:
        return {}
    try:
        done = subprocess.run(
            [executable, "-q", "--ipa", "-v", "en-us"],
            input="\n".join(unique) + "\n",
            capture_output=True,
            text=True,
            timeout=60 + len(unique) // 20,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        logger.debug("espeak-ng failed (%s); using letter-to-sound rules", error)
        return {}
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    if len(lines) != len(unique):
        # eSpeak NG joins or splits lines in rare cases; then the pairing is unsafe.
        logger.debug("espeak-ng returned %d lines for %d words", len(lines), len(unique))
        return {}
    return {word: phones for word, line in zip(unique, lines) if (phones := ipa_to_arpabet(line))}


def _letters(word: str) -> str:
    return " ".join(_LETTER_NAMES[c] for c in word if c in _LETTER_NAMES)


def pronunciations(
    keys: Iterable[str],
    lookup: Lookup,
    *,
    spoken: Callable[[Iterable[str]], dict[str, str]] = espeak_phonemes,
) -> dict[str, tuple[str, ...]]:
    """Pronunciations for tokens that are not plain dictionary words.

    Args:
        keys: :func:`dictionary_key` values of transcript words.
        lookup: The model dictionary (see :data:`Lookup`).
        spoken: Pronounces words missing from the dictionary; eSpeak NG by
            default, injectable so that tests can pass a fake.

    Returns:
        Key -> ARPAbet pronunciations, for each key that ``lookup`` does not
        know as it is. Keys already in the dictionary are left out.

    Example:
        >>> table = {"nineteen": ["N AY N T IY N"], "fifty": ["F IH F T IY"],
        ...          "three": ["TH R IY"], "hundred": ["HH AH N D R AH D"]}
        >>> found = pronunciations(["1953"], lambda w: table.get(w, []), spoken=lambda w: {})
        >>> found["1953"][0]
        'N AY N T IY N F IH F T IY TH R IY'
    """
    wanted = {key for key in keys if not lookup(key)}
    forms = {key: spoken_forms(key) for key in wanted}
    capitals = {key for key in wanted if key.isalpha() and len(key) <= 5}
    missing = {word for readings in forms.values() for reading in readings for word in reading if not lookup(word)}
    from_espeak = spoken(missing) if missing else {}
    result: dict[str, tuple[str, ...]] = {}
    for key in sorted(wanted):
        readings: list[str] = []
        for reading in forms[key]:
            phones = []
            for word in reading:
                known = lookup(word)
                phones.append(known[0] if known else from_espeak.get(word) or _short_word(word))
            readings.append(" ".join(p for p in phones if p))
        if key in capitals:
            # "CIA" is spelled out, "NASA" is read as a word: offer both.
            readings.append(_letters(key))
        unique = tuple(dict.fromkeys(r for r in readings if r))
        if unique:
            result[key] = unique
    return result


def _short_word(word: str) -> str:
    return _letters(word) if len(word) == 1 else letter_to_sound(word)
