"""Word times from the best evidence available: the one place times are guessed.

The evidence, strongest first (:class:`Evidence`):

1. ``WORDS``: every word has its start time from the source (YouTube, Whisper).
2. ``CUES``: words sit in source cues (SRT, WebVTT, srv1); each cue's words are
   placed inside it by their length.
3. ``ANCHORS``: some words carry a time (``0:05`` lines in raw text); the
   others are interpolated between them.
4. ``DURATION``: only the recording's length is known; words are spread over it.
5. ``ESTIMATED``: nothing is known; an assumed speaking rate gives the times.

All five are one computation. Each word has a start and an end boundary; the
stretch from a word's start to its end weighs as much as the word takes to
say (its spoken letters and syllables, a number as the words it is said as),
the stretch from its end to the next word's start weighs a pause (after a
sentence, a comma, another speaker's turn, or before a time written in the
text). Boundaries the evidence fixes are kept, and the others are placed
between them in proportion to the weights, so that a word takes the share of
the time that its length asks for. Words go at the speaking rate that the
known times show (the pace of the stretches with the least silence) and time
beyond it goes to the pauses: people stop between sentences, they do not slow
every word down. The few numbers this takes (:class:`TimingModel`) are fitted
on the tuning source of ``benchmarks/caption_timing.py``.

What text alone cannot tell is where the long silences of a dialogue fall:
on the benchmark's dialogue subtitles, anchors every 10 s miss their 0.4 s
target even when told where every gap over a second is.
"""

from __future__ import annotations

import enum
import functools
import logging
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from transcript_tools.formats._words import names_new_speaker
from transcript_tools.model import Cue, Sentence, Word

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_WORDS_PER_MINUTE",
    "Evidence",
    "Timing",
    "TimingModel",
    "fill_missing_times",
    "number_syllables",
    "pause_weight",
    "speech_weight",
    "syllables",
]

logger = logging.getLogger(__name__)

#: Speaking rate assumed when nothing is known: conversational English.
DEFAULT_WORDS_PER_MINUTE = 160

_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*$")
_CLAUSE_END = re.compile(r"(?:[,;:—–]|--)[\"'”’)\]]*$")
# Vowel letters of English and the Latin-script languages subtitles come in;
# a run of them is one syllable nucleus.
_VOWEL_RUN = re.compile(r"[aeiouyàâäáéèêëíìîïóòôöúùûüœæøå]+")
# English endings whose vowel letter is silent (make, loved, takes), unless
# the consonant before it makes it heard (little, wanted, boxes).
_SILENT_ENDING = re.compile(r"(?:[^aeiouyl]e|[^aeiouytd]ed|[^aeiouyszxhgc]es)$")
_PIECE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[%$€£&+@#]")
_SYMBOL_SYLLABLES = {"%": 2.0, "$": 2.0, "€": 2.0, "£": 2.0, "&": 1.0, "+": 1.0, "@": 1.0, "#": 1.0}
# A number's spoken words have about this many letters a syllable
# (nineteen fifty-three: 17 letters, 5 syllables).
_LETTERS_PER_SYLLABLE = 3.2
_ONES = (2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 3, 1, 2, 2, 2, 2, 3, 2, 2)  # zero .. nineteen
_TENS = (0, 0, 2, 2, 2, 2, 2, 3, 2, 2)  # -, -, twenty .. ninety
# An observed rate outside this factor of the assumed one is a gap in the
# speech (music, a pause), not a rate to extrapolate with.
_RATE_FACTOR = 2.0
# Between anchors, words go at the speaking rate the known times show: the
# rate of the stretches with the least silence (a quantile of them, by
# length), since most stretches hold pauses as well as speech. Stretches
# shorter than a few syllables say little; too few of them, and the model's
# rate stands.
_MIN_SAMPLE_UNITS = 8.0
_MIN_RATE_UNITS = 150.0


@dataclass(frozen=True, slots=True)
class TimingModel:
    """How long words and pauses take, in units of about a letter, and milliseconds.

    The defaults were fitted on the tuning source of
    ``benchmarks/caption_timing.py`` (``--fit``), never on the sources it
    holds out: cinema subtitles, whose cue gaps show where people pause.

    Attributes:
        syllable_units: What every syllable adds to the word's letters.
        word_units: What every word adds (the transition into it).
        sentence_pause: Pause after a sentence, in the same units.
        clause_pause: Pause after a comma, semicolon, colon or dash.
        turn_pause: Extra pause where another speaker takes over.
        break_pause: Extra pause before a word whose start is written in
            the transcript (a timestamp line opens a paragraph).
        word_pause: Pause between any two words: where the
            time is ample, part of it slows the words down evenly.
        slow_words_per_minute: When only the duration is known, words are
            said at least this slowly, and only the time left goes to pauses.
        rate_quantile: Between anchors, the share of the known stretches
            (by length) that are faster than the rate words are given.
    """

    syllable_units: float = 0.5
    word_units: float = 1.0
    sentence_pause: float = 4.0
    clause_pause: float = 3.0
    turn_pause: float = 0.0
    break_pause: float = 3.0
    word_pause: float = 0.0
    slow_words_per_minute: float = 130.0
    rate_quantile: float = 0.4


#: The fitted model (see :class:`TimingModel`).
DEFAULT_MODEL = TimingModel()


class Evidence(enum.Enum):
    """Where the times came from, strongest first."""

    WORDS = "words"
    CUES = "cues"
    ANCHORS = "anchors"
    DURATION = "duration"
    ESTIMATED = "estimated"


@dataclass(frozen=True, slots=True)
class Timing:
    """The result of :func:`fill_missing_times`.

    Attributes:
        sentences: The sentences, every word with ``start_ms`` and ``end_ms``.
        evidence: The weakest evidence any word's time rests on.
    """

    sentences: tuple[Sentence, ...]
    evidence: Evidence


def _integer_syllables(value: int) -> int:
    """Syllables of an integer said in English words (1953 as a number)."""
    if value < 20:
        return _ONES[value]
    if value < 100:
        return _TENS[value // 10] + (_ONES[value % 10] if value % 10 else 0)
    if value < 1000:
        return _ONES[value // 100] + 2 + (_integer_syllables(value % 100) if value % 100 else 0)
    for scale in (10**9, 10**6, 10**3):
        if value >= scale:
            rest = value % scale
            return _integer_syllables(min(value // scale, 999)) + 2 + (_integer_syllables(rest) if rest else 0)
    raise AssertionError("unreachable")


def number_syllables(digits: str) -> int:
    """Syllables of a number as people say it.

    Four-digit numbers from 1100 to 2099 are read as years (nineteen
    fifty-three), thousands separators are skipped, and a decimal part is read
    digit by digit after "point".

    Example:
        >>> number_syllables("1953"), number_syllables("20,000"), number_syllables("3.5")
        (5, 4, 3)
    """
    whole, _, fraction = digits.partition(".") if re.fullmatch(r"\d+\.\d+", digits) else (digits, "", "")
    whole = whole.replace(",", "").replace(".", "")
    value = int(whole) if len(whole) <= 12 else 0
    if len(whole) > 12:
        count = sum(_ONES[int(d)] for d in whole)
    elif len(whole) == 4 and 1100 <= value <= 2099 and value % 100 and not 2000 <= value <= 2009:
        high, low = divmod(value, 100)
        count = _integer_syllables(high) + (1 + _ONES[low] if low < 10 else _integer_syllables(low))
    else:
        count = _integer_syllables(value)
    if fraction:
        count += 1 + sum(_ONES[int(d)] for d in fraction)
    return count


@functools.lru_cache(maxsize=65536)
def _spoken(text: str) -> tuple[float, float]:
    """Letters and syllables of a written word as it is said (words repeat: cached)."""
    letters = syllables = 0.0
    for piece in _PIECE.findall(text.lower()):
        if piece[0].isdigit():
            count = float(number_syllables(piece))
            letters += _LETTERS_PER_SYLLABLE * count
        elif piece in _SYMBOL_SYLLABLES:
            count = _SYMBOL_SYLLABLES[piece]
            letters += _LETTERS_PER_SYLLABLE * count
        else:
            runs = len(_VOWEL_RUN.findall(piece))
            if runs > 1 and _SILENT_ENDING.search(piece):
                runs -= 1
            count = float(max(runs, 1))
            letters += len(piece)
        syllables += count
    return letters, syllables


def syllables(text: str) -> float:
    """Syllables in a written word: vowel runs, numbers said as words.

    A word's letters count one syllable for each run of vowel letters, less a
    silent English ending (``make``, ``loved``); digits count as the number
    said in words; ``%``, ``$`` and the like as the word they stand for. A
    token without letters or digits (a dialogue dash) is not said at all.

    Example:
        >>> syllables("wonderful"), syllables("make"), syllables("1953"), syllables("-")
        (3.0, 1.0, 5.0, 0.0)
    """
    return _spoken(text)[1]


def speech_weight(text: str, model: TimingModel = DEFAULT_MODEL) -> float:
    """How long a word takes to say, in letters (the sounds it has).

    Letters stand for the word's sounds, a number counts the letters of the
    words it is said as, each syllable adds a little (a vowel is longer than a
    consonant) and each word a little more (the transition into it).

    Example:
        >>> round(speech_weight("Iran,"), 2), round(speech_weight("1953"), 2)
        (6.0, 19.5)
    """
    letters, spoken = _spoken(text)
    if not spoken:
        return 0.0
    return letters + model.syllable_units * spoken + model.word_units


def pause_weight(
    text: str, *, sentence_end: bool = False, turn: bool = False, model: TimingModel = DEFAULT_MODEL
) -> float:
    """The pause after a word, in the units of :func:`speech_weight`.

    Args:
        text: The word as written.
        sentence_end: True when a sentence ends after it.
        turn: True when another speaker takes over after it.
        model: The pause lengths.

    Example:
        >>> pause_weight("Iran."), pause_weight("Iran,"), pause_weight("Iran")
        (4.0, 3.0, 0.0)
    """
    pause = model.word_pause
    if sentence_end or _SENTENCE_END.search(text):
        pause += model.sentence_pause
    elif _CLAUSE_END.search(text):
        pause += model.clause_pause
    if turn:
        pause += model.turn_pause
    return pause


def _evidence(words: Sequence[Word], cues: Sequence[Cue], duration_ms: int | None) -> Evidence:
    if all(w.start_ms is not None for w in words):
        return Evidence.WORDS
    in_cue = [w.cue_index is not None and 0 <= w.cue_index < len(cues) for w in words]
    if all(w.start_ms is not None or ok for w, ok in zip(words, in_cue)):
        return Evidence.CUES
    if any(w.start_ms is not None or w.end_ms is not None for w in words) or any(in_cue):
        return Evidence.ANCHORS
    if duration_ms:
        return Evidence.DURATION
    return Evidence.ESTIMATED


def _known_boundaries(words: Sequence[Word], cues: Sequence[Cue]) -> list[float | None]:
    known: list[float | None] = [None] * (2 * len(words))
    for index, word in enumerate(words):
        cue = cues[word.cue_index] if word.cue_index is not None and 0 <= word.cue_index < len(cues) else None
        if word.start_ms is not None:
            known[2 * index] = word.start_ms
        elif cue is not None and (index == 0 or words[index - 1].cue_index != word.cue_index):
            known[2 * index] = cue.start_ms
        if word.end_ms is not None:
            known[2 * index + 1] = word.end_ms
        elif cue is not None and (index + 1 == len(words) or words[index + 1].cue_index != word.cue_index):
            known[2 * index + 1] = cue.end_ms
    # Overlapping source cues (rolling captions) and out-of-order word times
    # would make time run backwards: never let a boundary precede the last one.
    latest = 0.0
    for position, value in enumerate(known):
        if value is not None:
            latest = max(latest, value)
            known[position] = latest
    return known


def fill_missing_times(
    sentences: Sequence[Sentence],
    *,
    source_cues: Sequence[Cue] = (),
    duration_ms: int | None = None,
    words_per_minute: float = DEFAULT_WORDS_PER_MINUTE,
    turns: Collection[int] = (),
    model: TimingModel = DEFAULT_MODEL,
) -> Timing:
    """Give every word a start and an end time from the best evidence available.

    Times the source gives are kept as they are (made non-decreasing where the
    source runs backwards); the others are interpolated between them by word
    syllables, with pauses at sentence and clause ends and where another
    speaker takes over. A warning is logged when nothing at all was known.

    Args:
        sentences: The transcript's sentences, in order.
        source_cues: The source's cues, which words refer to by ``cue_index``.
        duration_ms: Length of the recording, if known.
        words_per_minute: Speaking rate assumed where there is no evidence.
        turns: Indices (into all the sentences' words, in order) of words
            that begin another speaker's turn; a named speaker after anyone
            else (``Word.speaker``, not words of no known speaker after a
            named one) and a dialogue dash (a word without letters or
            digits, ``-``) count as well.
        model: Word and pause lengths (the fitted :data:`DEFAULT_MODEL`).

    Returns:
        The sentences with every word timed, and the evidence used.

    Example:
        >>> from transcript_tools.model import Sentence, Word
        >>> words = (Word("Hello", start_ms=0), Word("big"), Word("world.", end_ms=1500))
        >>> timing = fill_missing_times([Sentence(words)])
        >>> [(w.start_ms, w.end_ms) for w in timing.sentences[0].words]
        [(0, 583), (583, 958), (958, 1500)]
        >>> timing.evidence.value
        'anchors'
    """
    words = [word for sentence in sentences for word in sentence.words]
    if not words:
        return Timing(tuple(sentences), Evidence.ESTIMATED)
    evidence = _evidence(words, source_cues, duration_ms)
    sentence_ends = set()
    position = 0
    for sentence in sentences:
        position += len(sentence.words)
        sentence_ends.add(position - 1)
    turn_after = _turn_ends(words, turns)
    # lengths[p] is the weight of the stretch from boundary p to boundary p + 1.
    lengths = []
    for index, word in enumerate(words):
        lengths.append(speech_weight(word.text, model))
        lengths.append(
            pause_weight(word.text, sentence_end=index in sentence_ends, turn=index in turn_after, model=model)
        )
    lengths.pop()  # nothing follows the last word's end
    known = _known_boundaries(words, source_cues)
    for position in range(2, len(known), 2):
        if known[position] is not None and known[position - 1] is None and known[position - 2] is None:
            # A time written before a word, after words without one, opens
            # a new paragraph of the transcript: speech often pauses there.
            lengths[position - 1] += model.break_pause
    total = sum(lengths)
    assumed = 60000 / words_per_minute * len(words) / total if total else 0.0
    if evidence is Evidence.DURATION:
        # Spare time in a recording of known length is more often a slower
        # speaker than long silences: only time beyond what a slow speaker
        # takes goes to the pauses.
        assumed = 60000 / model.slow_words_per_minute * len(words) / total
    times = _interpolate(known, lengths, assumed, duration_ms, model.rate_quantile)

    if evidence is Evidence.ESTIMATED:
        logger.warning(
            "the transcript has no times: they are estimated at %d words per minute; "
            "give the recording's duration or a timed source for better times",
            words_per_minute,
        )
    timed = [
        replace(word, start_ms=round(times[2 * i]), end_ms=round(times[2 * i + 1])) for i, word in enumerate(words)
    ]
    result = []
    position = 0
    for sentence in sentences:
        count = len(sentence.words)
        result.append(replace(sentence, words=tuple(timed[position : position + count])))
        position += count
    return Timing(tuple(result), evidence)


def _turn_ends(words: Sequence[Word], turns: Collection[int]) -> set[int]:
    """Indices of the words after which another speaker takes over."""
    ends = {index - 1 for index in turns if 0 < index <= len(words)}
    for index in range(1, len(words)):
        previous, word = words[index - 1], words[index]
        if names_new_speaker(previous.speaker, word.speaker) or not syllables(word.text):
            ends.add(index - 1)
    return ends


def _observed_rate(
    fixed: list[int], times: list[float], lengths: list[float], assumed: float, quantile: float
) -> float:
    """The speaking rate (ms per unit of speech) the known times show, or ``assumed``."""
    samples = []
    for left, right in zip(fixed, fixed[1:]):
        speech = sum(lengths[p] for p in range(left, right) if p % 2 == 0)
        if speech >= _MIN_SAMPLE_UNITS:
            samples.append(((times[right] - times[left]) / speech, speech))
    if sum(units for _, units in samples) < _MIN_RATE_UNITS:
        return assumed
    samples.sort()
    wanted = quantile * sum(units for _, units in samples)
    seen = 0.0
    for rate, units in samples:
        seen += units
        if seen >= wanted:
            return rate
    return samples[-1][0]


def _interpolate(
    known: list[float | None], lengths: list[float], assumed: float, duration_ms: int | None, quantile: float
) -> list[float]:
    """Place every boundary: known ones stay, the others spread by weight."""
    count = len(known)
    offsets = [0.0]
    for length in lengths:
        offsets.append(offsets[-1] + length)
    fixed = [p for p, value in enumerate(known) if value is not None]
    times = [0.0] * count

    def spread(first: int, last: int, start: float, end: float, rate: float) -> None:
        # Stretches p -> p + 1 with even p are words, odd p pauses. Time beyond
        # what the words take at the assumed rate goes to the pauses: people
        # stop between sentences, they do not slow every word down.
        speech = sum(lengths[p] for p in range(first, last) if p % 2 == 0)
        pauses = sum(lengths[p] for p in range(first, last) if p % 2 == 1)
        available = end - start
        word_scale = pause_scale = available / (speech + pauses) if speech + pauses else 0.0
        if pauses and available > rate * (speech + pauses):
            word_scale, pause_scale = rate, (available - rate * speech) / pauses
        times[first] = start
        for p in range(first, last):
            times[p + 1] = times[p] + lengths[p] * (word_scale if p % 2 == 0 else pause_scale)
        times[last] = end

    if not fixed:
        if duration_ms:
            spread(0, count - 1, 0.0, float(duration_ms), assumed)
            return times
        return [offset * assumed for offset in offsets]

    for p in fixed:
        times[p] = known[p]  # type: ignore[assignment]
    assumed = _observed_rate(fixed, times, lengths, assumed, quantile)
    for left, right in zip(fixed, fixed[1:]):
        if right > left + 1:
            spread(left, right, times[left], times[right], assumed)

    rate = assumed
    first, last = fixed[0], fixed[-1]
    units = offsets[last] - offsets[first]
    if units >= 20:
        observed = (times[last] - times[first]) / units
        rate = min(max(observed, assumed / _RATE_FACTOR), assumed * _RATE_FACTOR)

    head = offsets[first]
    if head:
        start = max(0.0, times[first] - head * rate)
        spread(0, first, start, times[first], rate)
    tail = offsets[-1] - offsets[last]
    if tail:
        end = times[last] + tail * rate
        if duration_ms and times[last] < duration_ms <= times[last] + tail * rate * _RATE_FACTOR:
            end = duration_ms
        spread(last, count - 1, times[last], end, rate)
    return times
