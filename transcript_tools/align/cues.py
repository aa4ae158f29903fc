"""Caption cues from timed sentences: segmentation, line breaking and cue timing.

Segmentation is one dynamic programme over the words: every way of cutting
them into cues that respects the hard limits (characters per line, lines per
cue, maximum duration, speaker changes) is scored, and the cheapest wins.
What costs:

* ending a cue inside a phrase (a break is free after a sentence, cheap after
  a comma or before a conjunction or preposition, expensive after an article,
  a preposition, a subject pronoun, an auxiliary, or inside a run of
  capitalised names, and moderate between two ordinary words, which keeps an
  adjective with its noun without a part-of-speech tagger);
* a one- or two-word orphan cue, so that it merges into a neighbour;
* two sentences in one cue, so that sentences start cues where they can;
* unbalanced or badly broken lines inside a cue, a long pause inside a cue, a
  cue too short to read, and each cue itself (fewer, fuller cues read better).

A word longer than a line is cut into line-long pieces: the hard limits hold
for any input. Cue times then follow the words: a cue starts with its first
word and ends after its last, held longer for reading (up to the next cue),
with short gaps closed to the profile's minimum gap (chaining).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from transcript_tools.align.profiles import DEFAULT_PROFILE, CaptionProfile, get_profile
from transcript_tools.errors import TimingError
from transcript_tools.model import Cue, Sentence

__all__ = ["TRAILING_HOLD_MS", "CueLayout", "break_cost", "build_cues", "layout_cues"]

#: How long a cue may stay up after its last word ends, when nothing follows.
TRAILING_HOLD_MS = 500

_ARTICLES = frozenset(
    "a an the this these those my your his her its our their some any no every each another either neither".split()
)
_PREPOSITIONS = frozenset(
    """of in on at to for with from by about into onto over under between through during against among
    without within across toward towards upon after before since until around behind beyond near like via
    throughout despite per than""".split()
)
_CONJUNCTIONS = frozenset(
    """and but or nor so yet because although though while whereas if unless when whenever where wherever
    which who whom whose that whether once as""".split()
)
_SUBJECT_PRONOUNS = frozenset("i you he she it we they".split())
_AUXILIARIES = frozenset(
    """is are was were am be been being have has had do does did will would shall should can could may might
    must i'm you're we're they're he's she's it's that's there's i've you've we've they've i'll you'll he'll
    she'll we'll they'll i'd you'd he'd she'd we'd they'd don't doesn't didn't won't wouldn't can't couldn't
    isn't aren't wasn't weren't haven't hasn't hadn't shouldn't mustn't not""".split()
)
_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*$")
_CLAUSE_END = re.compile(r"(?:[,;:—–]|--)[\"'”’)\]]*$")
_EDGE_PUNCTUATION = "\"'“”‘’()[]{},.;:!?…-—–"

# Cost weights: a cue break matters more than a line break inside a cue.
_CUE_BREAK_WEIGHT = 3.0
_LINE_BREAK_WEIGHT = 2.0
_CUE_COST = 2.0
_ORPHAN_COST = 30.0
_SENTENCES_IN_CUE_COST = 8.0
_IMBALANCE_COST = 4.0
_TOP_HEAVY_COST = 0.5
_PAUSE_IN_CUE_COST_PER_S = 4.0
_SHORT_CUE_COST = 3.0
_FAST_CUE_COST = 5.0
_FORBIDDEN = 40.0
# A pause this long in speech is a natural break, unless grammar forbids one.
_PAUSE_BREAK_MS = 1000


@dataclass(frozen=True, slots=True)
class CueLayout:
    """Cues and which cue shows each word.

    Attributes:
        cues: The cues, sorted and non-overlapping.
        word_cues: For each word of the sentences, in order, the index of the
            cue that shows it (of its first piece, for a word cut in pieces).
    """

    cues: tuple[Cue, ...]
    word_cues: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start_ms: int
    end_ms: int
    word: int
    piece: int
    sentence_end: bool
    speaker: str | None


def _bare(text: str) -> str:
    return text.strip(_EDGE_PUNCTUATION).lower().replace("’", "'")


def break_cost(before: str, after: str, *, sentence_end: bool = False) -> float:
    """How bad it is to break a line or cue between two words.

    Args:
        before: The word before the break, with its punctuation.
        after: The word after it.
        sentence_end: Whether ``before`` ends a sentence.

    Returns:
        0 after a sentence, small at clause boundaries, large inside a phrase.

    Example:
        >>> break_cost("Iran.", "Russia"), break_cost("Iran", "and"), break_cost("the", "United")
        (0.0, 2.0, 40.0)
    """
    if sentence_end or _SENTENCE_END.search(before):
        return 0.0
    if _CLAUSE_END.search(before):
        return 1.0
    left, right = _bare(before), _bare(after)
    if left in _ARTICLES or left in _PREPOSITIONS:
        return _FORBIDDEN  # article + noun, preposition + object
    if left in _SUBJECT_PRONOUNS or left in _AUXILIARIES:
        # Pronoun + verb and auxiliary + verb stay together; before an article
        # or preposition the verb phrase has already begun.
        return 6.0 if right in _ARTICLES or right in _PREPOSITIONS else _FORBIDDEN / 2
    if before[:1].isupper() and after[:1].isupper() and left != "i":
        return _FORBIDDEN  # first + last name, "Middle East", "United States"
    if right in _CONJUNCTIONS:
        return 2.0
    if right in _PREPOSITIONS:
        return 3.0
    if right in _ARTICLES or right in _SUBJECT_PRONOUNS:
        return 4.0
    if any(c.isdigit() for c in left):
        return 10.0  # "26 years", "20 billion"
    return 6.0


def _tokens(sentences: Sequence[Sentence], max_chars: int) -> list[_Token]:
    tokens = []
    position = 0
    for sentence in sentences:
        for offset, word in enumerate(sentence.words):
            if word.start_ms is None or word.end_ms is None:
                raise TimingError(
                    f"word {position + 1} ({word.text!r}) has no time; fill in times "
                    "(align.fill_missing_times) before building cues"
                )
            last = offset == len(sentence.words) - 1
            # A word longer than a line (a URL) is cut into line-long pieces,
            # its time shared among them: the hard limits hold for any input.
            pieces = [word.text[i : i + max_chars] for i in range(0, len(word.text), max_chars)]
            span = word.end_ms - word.start_ms
            for number, piece in enumerate(pieces):
                tokens.append(
                    _Token(
                        piece,
                        word.start_ms + span * number // len(pieces),
                        word.start_ms + span * (number + 1) // len(pieces),
                        position,
                        number,
                        last and number == len(pieces) - 1,
                        word.speaker,
                    )
                )
            position += 1
    return tokens


class _Segmenter:
    """The dynamic programme over one transcript's tokens."""

    def __init__(self, tokens: list[_Token], profile: CaptionProfile, speaker_changes: Collection[int]) -> None:
        self.tokens = tokens
        self.profile = profile
        count = len(tokens)
        self.prefix = [0]
        for token in tokens:
            self.prefix.append(self.prefix[-1] + len(token.text) + 1)
        # breaks[k]: cost of breaking between token k - 1 and token k.
        self.breaks = [0.0] * (count + 1)
        self.forced = [False] * (count + 1)
        for k in range(1, count):
            before, after = tokens[k - 1], tokens[k]
            if after.piece:
                cost = _FORBIDDEN
            else:
                cost = break_cost(before.text, after.text, sentence_end=before.sentence_end)
                if after.start_ms - before.end_ms >= _PAUSE_BREAK_MS and cost < _FORBIDDEN / 2:
                    cost = min(cost, 1.0)
            self.breaks[k] = cost
            self.forced[k] = after.speaker != before.speaker or (after.piece == 0 and after.word in speaker_changes)
        # The index of the forced break (or the end) at or after each token.
        self.segment_end = [count] * (count + 1)
        for k in range(count - 1, 0, -1):
            self.segment_end[k] = k if self.forced[k] else self.segment_end[k + 1]
        # The index of the forced break (or the start) at or before each token.
        self.segment_start = [0] * (count + 1)
        for k in range(1, count + 1):
            self.segment_start[k] = k if self.forced[k] else self.segment_start[k - 1]

    def width(self, first: int, last: int) -> int:
        """Characters of tokens ``first`` to ``last - 1`` on one line."""
        return self.prefix[last] - self.prefix[first] - 1

    def lines(self, first: int, last: int, count: int) -> tuple[float, list[int]] | None:
        """The best way to set tokens on at most ``count`` lines: (cost, line starts)."""
        limit = self.profile.max_chars_per_line
        if self.width(first, last) <= limit:
            return 0.0, [first]
        if count <= 1:
            return None
        best: tuple[float, list[int]] | None = None
        for split in range(first + 1, last):
            top = self.width(first, split)
            if top > limit:
                break
            if count == 2:
                bottom = self.width(split, last)
                if bottom > limit:
                    continue
                cost = (
                    _LINE_BREAK_WEIGHT * self.breaks[split]
                    + _IMBALANCE_COST * abs(top - bottom) / limit
                    + (_TOP_HEAVY_COST if top > bottom else 0.0)
                )
                rest: list[int] = [split]
            else:
                below = self.lines(split, last, count - 1)
                if below is None:
                    continue
                cost = _LINE_BREAK_WEIGHT * self.breaks[split] + below[0]
                rest = below[1]
            if best is None or cost < best[0]:
                best = (cost, [first, *rest])
        return best

    def cue_cost(self, first: int, last: int, layout_cost: float) -> float:
        tokens, profile = self.tokens, self.profile
        cost = _CUE_COST + layout_cost
        if last < len(tokens) and not self.forced[last]:
            cost += _CUE_BREAK_WEIGHT * self.breaks[last]
        words = sum(1 for t in tokens[first:last] if t.piece == 0)
        segment_words = self.segment_end[first + 1] - self.segment_start[first]
        if words <= 2 and segment_words > words:
            cost += _ORPHAN_COST
        cost += _SENTENCES_IN_CUE_COST * sum(1 for t in tokens[first : last - 1] if t.sentence_end)
        for before, after in zip(tokens[first : last - 1], tokens[first + 1 : last]):
            pause = after.start_ms - before.end_ms
            if pause > _PAUSE_BREAK_MS:
                cost += _PAUSE_IN_CUE_COST_PER_S * pause / 1000
        span = tokens[last - 1].end_ms - tokens[first].start_ms + TRAILING_HOLD_MS
        shortest = profile.min_duration_for(words)
        if span < shortest:
            cost += _SHORT_CUE_COST * (1 - span / shortest)
        speed = profile.reading_speed(chars=self.width(first, last), words=words, duration_ms=span)
        if speed > profile.reading_speed_max:
            cost += _FAST_CUE_COST * min(speed / profile.reading_speed_max - 1, 4.0)
        return cost

    def run(self) -> list[tuple[int, int, list[int]]]:
        """The cheapest cues: (first token, end token, line starts) each."""
        count = len(self.tokens)
        best = [math.inf] * (count + 1)
        choice: list[tuple[int, list[int]]] = [(0, [])] * (count + 1)
        best[0] = 0.0
        profile = self.profile
        for first in range(count):
            if best[first] == math.inf:
                continue
            for last in range(first + 1, self.segment_end[first + 1] + 1):
                if last - first > 1:
                    if self.tokens[last - 1].end_ms - self.tokens[first].start_ms > profile.max_duration_ms:
                        break
                    if self.width(first, last) > profile.max_lines * (profile.max_chars_per_line + 1):
                        break
                layout = self.lines(first, last, profile.max_lines)
                if layout is None:
                    if last - first > 1:
                        break
                    raise TimingError(f"cannot set {self.tokens[first].text!r} on a caption line")
                total = best[first] + self.cue_cost(first, last, layout[0])
                if total < best[last]:
                    best[last] = total
                    choice[last] = (first, layout[1])
        spans = []
        last = count
        while last > 0:
            first, starts = choice[last]
            spans.append((first, last, starts))
            last = first
        return spans[::-1]


def layout_cues(
    sentences: Sequence[Sentence],
    profile: str | CaptionProfile = DEFAULT_PROFILE,
    *,
    speaker_changes: Collection[int] = (),
    end_ms: int | None = None,
) -> CueLayout:
    """Cut timed sentences into caption cues, and tell which cue shows each word.

    Args:
        sentences: Sentences whose words all have ``start_ms`` and ``end_ms``
            (see :func:`transcript_tools.align.timing.fill_missing_times`).
        profile: A profile name or :class:`CaptionProfile`.
        speaker_changes: Indices (among the sentences' words) of words at which
            an unnamed speaker starts; a named speaker change (``Word.speaker``)
            starts a cue by itself.
        end_ms: The recording's end, if known: cues are not held past it.

    Returns:
        The cues and the cue of each word.

    Raises:
        TimingError: when a word has no time.
        FormatError: for an unknown profile name.
    """
    rules = get_profile(profile)
    tokens = _tokens(sentences, rules.max_chars_per_line)
    if not tokens:
        return CueLayout((), ())
    spans = _Segmenter(tokens, rules, speaker_changes).run()
    starts = []
    for first, _, _ in spans:
        start = tokens[first].start_ms
        # Cues must start strictly one after another to be neither overlapping
        # nor empty; equal word times (a source cue of one instant) force this.
        starts.append(max(start, starts[-1] + 1) if starts else start)
    cues = []
    word_cues: list[int] = []
    for index, (first, last, line_starts) in enumerate(spans):
        chosen = tokens[first:last]
        lines = tuple(
            " ".join(t.text for t in tokens[a:b]) for a, b in zip(line_starts, [*line_starts[1:], last])
        )
        words = sum(1 for t in chosen if t.piece == 0)
        start = starts[index]
        end = max(chosen[-1].end_ms + TRAILING_HOLD_MS, start)
        end = max(
            end,
            start + rules.min_duration_for(words),
            start + rules.reading_time_ms(chars=sum(map(len, lines)) + len(lines) - 1, words=words),
        )
        limit = start + rules.max_duration_ms
        if index + 1 < len(spans):
            following = starts[index + 1]
            if following - end < rules.close_gap_ms:
                end = following - rules.min_gap_ms  # chaining: close a short gap
            latest = following - rules.min_gap_ms
            limit = min(limit, latest if latest > start else following)
        elif end_ms is not None:
            limit = min(limit, max(end_ms, chosen[-1].end_ms))
        end = max(min(end, limit), start + 1)
        cues.append(Cue(start, end, lines, speaker=chosen[0].speaker))
        word_cues.extend(index for t in chosen if t.piece == 0)
    return CueLayout(tuple(cues), tuple(word_cues))


def build_cues(
    sentences: Sequence[Sentence],
    profile: str | CaptionProfile = DEFAULT_PROFILE,
    *,
    speaker_changes: Collection[int] = (),
) -> tuple[Cue, ...]:
    """Cut timed sentences into caption cues that follow a profile.

    Hard limits (characters per line, lines per cue, maximum duration, order,
    no overlaps) always hold; the minimum duration, gaps and reading speed are
    met where the word times allow.

    Args:
        sentences: Sentences whose words all have ``start_ms`` and ``end_ms``.
        profile: A profile name (``"netflix"``, ``"bbc"``, ``"dcmp"``) or a
            :class:`CaptionProfile`.
        speaker_changes: Indices of words at which an unnamed speaker starts.

    Returns:
        The cues, in order.

    Raises:
        TimingError: when a word has no time.

    Example:
        >>> from transcript_tools.model import Sentence, Word
        >>> words = [Word(t, start_ms=i * 400, end_ms=i * 400 + 350) for i, t in enumerate(
        ...     "Iran and Russia have little in common. Yet they are allies.".split())]
        >>> [c.lines for c in build_cues([Sentence(tuple(words[:7])), Sentence(tuple(words[7:]), 7)])]
        [('Iran and Russia have little in common.',), ('Yet they are allies.',)]
    """
    return layout_cues(sentences, profile, speaker_changes=speaker_changes).cues
