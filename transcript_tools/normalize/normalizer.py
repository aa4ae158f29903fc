"""``normalize()``: restore punctuation and casing without touching words or times.

Raw ASR text (YouTube auto-captions, Vosk) comes without punctuation and
mostly lowercase. The restorer predicts both; this module applies its
predictions word by word, so every :class:`~transcript_tools.model.Word`
keeps its times, speaker and cue. Text that already has punctuation (Whisper,
manual captions) is returned as it is.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from transcript_tools.errors import ModelError
from transcript_tools.model import Transcript, Word
from transcript_tools.normalize.labels import owns_period, split_affixes
from transcript_tools.normalize.punctuation import Prediction, Restorer, default_restorer

__all__ = ["FILLERS", "is_punctuated", "normalize"]

#: Hesitations dropped by ``remove_fillers`` (compared lowercase, without punctuation).
FILLERS = frozenset({"um", "umm", "uh", "uhh", "uh-huh", "er", "erm", "ah", "hmm", "mm", "mhm", "mm-hmm"})
#: Label of the marker readers make of ``>>`` (a change of speaker).
SPEAKER_CHANGE = ">>"
_MARK = re.compile(r"[.,?!;:…]")
_SENTENCE_MARK = re.compile(r"[.?!…]")
_FUNCTION_WORDS = frozenset("a an and as at but by for from in into of on or the to with".split())
# The pronoun I and its contractions, in either case.
_I_FORMS = re.compile(r"^[iI](?:['’](?:m|ve|ll|d))?$")
# Written text has a comma or sentence end every 8-15 words; we need one per 33.
_WORDS_PER_MARK = 33


def is_punctuated(words: Sequence[Word]) -> bool:
    """Whether words already carry punctuation (Whisper, manual captions).

    There must be a mark every few dozen words, and a sentence must start
    with a capital after most sentence ends (the first word, when there are
    none inside). A period after an abbreviation or a dotted acronym
    (``u.s.`` in YouTube captions) does not count. Text that writes the
    pronoun ``i`` in lowercase more often than not is not cased, however
    punctuated (some recognizers' output): its punctuation and casing are
    restored, keeping the marks it has.

    Example:
        >>> is_punctuated([Word(w) for w in "so the u.s. said no".split()])
        False
        >>> is_punctuated([Word(w) for w in "Hello, world.".split()])
        True
        >>> is_punctuated([Word(w) for w in "what about peppers? peppers too".split()])
        False
        >>> is_punctuated([Word(w) for w in "Well, i think so. And i'm sure i said, in texas.".split()])
        False
    """
    spoken = [(core, trail) for core, trail in (split_affixes(w.text)[1:] for w in words) if _is_spoken(core)]
    pronouns = [core[:1] == "i" for core, _ in spoken if _I_FORMS.match(core)]
    if sum(pronouns) > len(pronouns) - sum(pronouns):
        return False
    marks = 0
    capitals = []
    for index, (core, trail) in enumerate(spoken):
        if trail.startswith(".") and trail.count(".") == 1 and owns_period(core):
            trail = trail[1:]
        if _MARK.search(trail):
            marks += 1
        if _SENTENCE_MARK.search(trail) and index + 1 < len(spoken):
            capitals.append(spoken[index + 1][0][:1].isupper())
    if not capitals and spoken:
        capitals = [spoken[0][0][:1].isupper()]
    return marks > 0 and marks * _WORDS_PER_MARK >= len(words) and sum(capitals) * 2 >= len(capitals)


def _is_spoken(core: str) -> bool:
    # "-", "&" or "♪" alone are not words that take punctuation or start sentences.
    return any(c.isalnum() for c in core)


def _drop_fillers(transcript: Transcript) -> Transcript:
    kept: list[Word] = []
    new_index: list[int] = []
    previous = None
    capitalize_next = False
    for word in transcript.words:
        new_index.append(len(kept))
        _, core, trail = split_affixes(word.text)
        bare = core.lower()
        if bare in FILLERS or (bare and bare == previous):
            # In punctuated text a dropped word may end a sentence ("went, uh.") or start
            # one ("Um, so"): its period moves to the word before, its capital to the next.
            if kept and _SENTENCE_MARK.search(trail):
                before = kept[-1].text
                lead, before_core, before_trail = split_affixes(before)
                if not _SENTENCE_MARK.search(before_trail):
                    kept[-1] = replace(kept[-1], text=lead + before_core + trail.lstrip(",;:") + before_trail.lstrip(",;:"))
            capitalize_next = capitalize_next or (core[:1].isupper() and bare != previous)
            continue
        if capitalize_next:
            word = replace(word, text=_capitalize(word.text))
            capitalize_next = False
        previous = bare
        kept.append(word)
    new_index.append(len(kept))
    markers = tuple(replace(m, word_index=new_index[min(m.word_index, len(new_index) - 1)]) for m in transcript.markers)
    return replace(transcript, words=tuple(kept), markers=markers)


def _capitalize(text: str) -> str:
    for index, char in enumerate(text):
        if char.isalpha():
            return text[:index] + char.upper() + text[index + 1 :]
    return text


def _apply(word: Word, prediction: Prediction, mark: str, starts_sentence: bool, trust_case: bool) -> Word:
    lead, core, trail = split_affixes(word.text)
    if not _is_spoken(core):
        return word
    cased = prediction.text if prediction.text.lower() == core.lower() else core.lower()
    if trust_case and any(c.isupper() for c in core):
        # Capitals the source already had (YouTube capitalises many names) are evidence;
        # the model may only add to them ("Isis" -> "ISIS").
        if not all(p.isupper() for c, p in zip(core, cased) if c.isupper()):
            cased = core
    if cased.lower() in _FUNCTION_WORDS and not starts_sentence:
        # The casing head sometimes capitalises "the" before a name ("the United States").
        cased = cased.lower()
    if cased.lower().split("'")[0] == "i":
        cased = "I" + cased[1:]
    if starts_sentence:
        cased = _capitalize(cased)
    owned = trail.startswith(".") and owns_period(core)
    if mark and not _MARK.search(trail[1:] if owned else trail) and not (owned and mark == "."):
        # A mark the source already has wins over the model's; "u.s." still takes "?" or ",".
        trail += mark
    return replace(word, text=lead + cased + trail)


def normalize(transcript: Transcript, *, restorer: Restorer | None = None, remove_fillers: bool = False) -> Transcript:
    """Restore punctuation and casing of a raw transcript.

    Only punctuation and the case of letters change; words are never added,
    dropped or reordered (unless ``remove_fillers``), so every word keeps
    its times, speaker and cue. Text that already has punctuation is returned
    unchanged. A change of speaker (``>>``) ends a sentence, and so does the
    transcript's end.

    Args:
        transcript: Any transcript.
        restorer: Predicts punctuation and casing; the shipped model by default,
            loaded on first use.
        remove_fillers: Also drop hesitations (``um``, ``uh``) and immediately
            repeated words (``the the``).

    Returns:
        A new transcript.

    Raises:
        ModelError: When the shipped model is missing or broken, or a restorer
            returns the wrong number of predictions.

    Example:
        >>> from transcript_tools.model import Word
        >>> def fake(words):
        ...     return [Prediction("." if w == "there" else "", w) for w in words]
        >>> raw = Transcript(words=tuple(Word(w) for w in "hello there i am here".split()))
        >>> normalize(raw, restorer=fake).text
        'Hello there. I am here.'
    """
    if remove_fillers:
        transcript = _drop_fillers(transcript)
    words = transcript.words
    if not words or is_punctuated(words):
        return transcript
    predictions = list((restorer or default_restorer())([w.text for w in words]))
    if len(predictions) != len(words):
        raise ModelError(f"the restorer returned {len(predictions)} predictions for {len(words)} words")
    marks = [p.punctuation if p.punctuation in ("", ",", ".", "?", "!", ":") else "" for p in predictions]
    spoken = [i for i, w in enumerate(words) if _is_spoken(split_affixes(w.text)[1])]
    ends = {bisect_left(spoken, m.word_index) - 1 for m in transcript.markers if m.label == SPEAKER_CHANGE}
    for end in ends | {len(spoken) - 1}:
        if end >= 0 and marks[spoken[end]] in ("", ",", ":"):
            marks[spoken[end]] = "."
    letters = [c for w in words for c in w.text if c.isalpha()]
    # All-caps captions say nothing about names; otherwise capitals are evidence.
    trust_case = sum(c.isupper() for c in letters) * 2 < len(letters)
    result: list[Word] = []
    starts_sentence = True
    for word, prediction, mark in zip(words, predictions, marks):
        result.append(_apply(word, prediction, mark, starts_sentence, trust_case))
        _, core, trail = split_affixes(result[-1].text)
        if _is_spoken(core):
            owned = trail.startswith(".") and owns_period(core)
            starts_sentence = bool(_SENTENCE_MARK.search(trail[1:] if owned else trail)) or (owned and mark == ".")
    return replace(transcript, words=tuple(result))
