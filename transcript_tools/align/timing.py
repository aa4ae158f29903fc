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
stretch from a word's start to its end weighs as much as the word is long, the
stretch from its end to the next word's start weighs a pause (long after a
sentence, short after a comma). Boundaries the evidence fixes are kept, and the
others are placed between them in proportion to the weights, so that a word
takes the share of the time that its length asks for. Words go at the
speaking rate that the known times show (the pace of the stretches with the
least silence) and time beyond it goes to the pauses: people stop between
sentences, they do not slow every word down.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from transcript_tools.model import Cue, Sentence, Word

__all__ = ["DEFAULT_WORDS_PER_MINUTE", "Evidence", "Timing", "fill_missing_times", "pause_weight", "speech_weight"]

logger = logging.getLogger(__name__)

#: Speaking rate assumed when nothing is known: conversational English.
DEFAULT_WORDS_PER_MINUTE = 160

_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*$")
_CLAUSE_END = re.compile(r"(?:[,;:—–]|--)[\"'”’)\]]*$")
# An observed rate outside this factor of the assumed one is a gap in the
# speech (music, a pause), not a rate to extrapolate with.
_RATE_FACTOR = 2.0
_SLOW_WORDS_PER_MINUTE = 130
# Between anchors, words go at the speaking rate the known times show: the
# rate of the stretches with the least silence (this quantile of them, by
# length), since most stretches hold pauses as well as speech. Stretches
# shorter than a few words say little; too few of them, and the assumed rate
# stands.
_MIN_SAMPLE_UNITS = 10.0
_MIN_RATE_UNITS = 200.0
_RATE_QUANTILE = 0.3


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


def speech_weight(text: str) -> float:
    """How long a word takes to say, in arbitrary units.

    Letters count one, digits two (``1953`` is said as four syllables), and
    every word one more for the transition into it.

    Example:
        >>> speech_weight("Iran,"), speech_weight("1953")
        (5.0, 9.0)
    """
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    return float(letters + 2 * digits + 1)


def pause_weight(text: str, *, sentence_end: bool = False) -> float:
    """The pause after a word, in the units of :func:`speech_weight`.

    Example:
        >>> pause_weight("Iran."), pause_weight("Iran,"), pause_weight("Iran")
        (6.0, 3.0, 0.0)
    """
    if sentence_end or _SENTENCE_END.search(text):
        return 6.0
    if _CLAUSE_END.search(text):
        return 3.0
    return 0.0


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
) -> Timing:
    """Give every word a start and an end time from the best evidence available.

    Times the source gives are kept as they are (made non-decreasing where the
    source runs backwards); the others are interpolated between them by word
    length, with pauses at sentence and clause ends. A warning is logged when
    nothing at all was known.

    Args:
        sentences: The transcript's sentences, in order.
        source_cues: The source's cues, which words refer to by ``cue_index``.
        duration_ms: Length of the recording, if known.
        words_per_minute: Speaking rate assumed where there is no evidence.

    Returns:
        The sentences with every word timed, and the evidence used.

    Example:
        >>> from transcript_tools.model import Sentence, Word
        >>> words = (Word("Hello", start_ms=0), Word("big"), Word("world.", end_ms=1500))
        >>> timing = fill_missing_times([Sentence(words)])
        >>> [(w.start_ms, w.end_ms) for w in timing.sentences[0].words]
        [(0, 562), (562, 938), (938, 1500)]
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
    # lengths[p] is the weight of the stretch from boundary p to boundary p + 1.
    lengths = []
    for index, word in enumerate(words):
        lengths.append(speech_weight(word.text))
        lengths.append(pause_weight(word.text, sentence_end=index in sentence_ends))
    lengths.pop()  # nothing follows the last word's end
    known = _known_boundaries(words, source_cues)
    assumed = 60000 / words_per_minute * len(words) / sum(lengths)
    if evidence is Evidence.DURATION:
        # Spare time in a recording of known length is more often a slower
        # speaker than long silences: only time beyond what a slow speaker
        # takes goes to the pauses (tuned on the film track of the benchmark).
        assumed = max(assumed, 60000 / _SLOW_WORDS_PER_MINUTE * len(words) / sum(lengths))
    times = _interpolate(known, lengths, assumed, duration_ms)

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


def _observed_rate(fixed: list[int], times: list[float], lengths: list[float], assumed: float) -> float:
    """The speaking rate (ms per unit of speech) the known times show, or ``assumed``."""
    samples = []
    for left, right in zip(fixed, fixed[1:]):
        speech = sum(lengths[p] for p in range(left, right) if p % 2 == 0)
        if speech >= _MIN_SAMPLE_UNITS:
            samples.append(((times[right] - times[left]) / speech, speech))
    if sum(units for _, units in samples) < _MIN_RATE_UNITS:
        return assumed
    samples.sort()
    wanted = _RATE_QUANTILE * sum(units for _, units in samples)
    seen = 0.0
    for rate, units in samples:
        seen += units
        if seen >= wanted:
            return rate
    return samples[-1][0]


def _interpolate(
    known: list[float | None], lengths: list[float], assumed: float, duration_ms: int | None
) -> list[float]:
    """Place every boundary: known ones stay, the others spread by weight."""
    count = len(known)
    offsets = [0.0]
    for length in lengths:
        offsets.append(offsets[-1] + length)
    fixed = [p for p, value in enumerate(known) if value is not None]
    times = [0.0] * count

    def spread(first: int, last: int, start: float, end: float) -> None:
        # Stretches p -> p + 1 with even p are words, odd p pauses. Time beyond
        # what the words take at the assumed rate goes to the pauses: people
        # stop between sentences, they do not slow every word down.
        speech = sum(lengths[p] for p in range(first, last) if p % 2 == 0)
        pauses = sum(lengths[p] for p in range(first, last) if p % 2 == 1)
        available = end - start
        word_scale = pause_scale = available / (speech + pauses) if speech + pauses else 0.0
        if pauses and available > assumed * (speech + pauses):
            word_scale, pause_scale = assumed, (available - assumed * speech) / pauses
        times[first] = start
        for p in range(first, last):
            times[p + 1] = times[p] + lengths[p] * (word_scale if p % 2 == 0 else pause_scale)
        times[last] = end

    if not fixed:
        if duration_ms:
            spread(0, count - 1, 0.0, float(duration_ms))
            return times
        return [offset * assumed for offset in offsets]

    for p in fixed:
        times[p] = known[p]  # type: ignore[assignment]
    assumed = _observed_rate(fixed, times, lengths, assumed)
    for left, right in zip(fixed, fixed[1:]):
        if right > left + 1:
            spread(left, right, times[left], times[right])

    rate = assumed
    first, last = fixed[0], fixed[-1]
    units = offsets[last] - offsets[first]
    if units >= 20:
        observed = (times[last] - times[first]) / units
        rate = min(max(observed, assumed / _RATE_FACTOR), assumed * _RATE_FACTOR)

    head = offsets[first]
    if head:
        start = max(0.0, times[first] - head * rate)
        spread(0, first, start, times[first])
    tail = offsets[-1] - offsets[last]
    if tail:
        end = times[last] + tail * rate
        if duration_ms and times[last] < duration_ms <= times[last] + tail * rate * _RATE_FACTOR:
            end = duration_ms
        spread(last, count - 1, times[last], end)
    return times
