"""Caption cues from timed sentences: segmentation, line breaking and cue timing.

Segmentation is one dynamic programme over the words: every way of cutting
them into cues that respects the hard limits (characters per line, lines per
cue, maximum duration, speaker changes) is scored, and the cheapest wins.
What costs:

* ending a cue inside a phrase (a break is free after a sentence, cheap after
  a comma or before a conjunction or preposition, expensive after an article,
  a preposition, a subject pronoun, an auxiliary, or inside a run of
  capitalised names or after an adjective (a word list derived from WordNet,
  ``adjectives.txt``: adjective + noun), and moderate between two ordinary
  words);
* a one- or two-word orphan cue, so that it merges into a neighbour;
* two sentences in one cue, so that sentences start cues where they can;
* unbalanced or badly broken lines inside a cue, a long pause inside a cue, a
  cue too short to read, and each cue itself (fewer, fuller cues read better).

A word longer than a line is cut into line-long pieces: the hard limits hold
for any input. Cue times then follow the words: a cue starts with its first
word and ends after its last, held longer for reading (up to the next cue),
with short gaps closed to the profile's minimum gap (chaining).

Sound tags (``[Music]``, ``[Applause]``) are shown as professional captions
show them: a cue of their own when they fill a pause of at least a second,
otherwise at the start of the cue of the speech that follows them. A tag
stays on one line (one too long is bracketed line by line); lyrics are shown
as written (``♪ la la ♪``), wrap between words like speech, and every cue
that holds part of a song opens and ends with a note; two lines of a song
(a marker each) may share a cue, a line each. No tag is ever cut inside a
word shorter than a line. A new
unnamed speaker (``>>`` in the source) opens a line with the profile's
speaker-change mark (``- `` or ``>> ``): either at the start of a new cue, or,
for a quick exchange, on the second line of a two-speaker cue whose first line
is marked too (Netflix's dual-speaker subtitles). A cue holds two speakers at
most, one line each; a named speaker always starts a cue with a voice, and
words of no known speaker after a named one (the cue after ``[Alba] En
1928,``) may go on in that cue.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from importlib import resources

from transcript_tools.align.profiles import DEFAULT_PROFILE, CaptionProfile, get_profile
from transcript_tools.errors import TimingError
from transcript_tools.formats._words import is_lyrics, names_new_speaker
from transcript_tools.model import Cue, Marker, Sentence

__all__ = ["TRAILING_HOLD_MS", "CueLayout", "break_cost", "build_cues", "layout_cues"]

#: How long a cue may stay up after its last word ends, when nothing follows.
TRAILING_HOLD_MS = 500
#: A sound tag gets a cue of its own when it has at least this long before speech.
SOUND_TAG_CUE_MS = 1000

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
# Words that are adjectives far more often than anything else, derived from
# WordNet by training/adjectives.py; the word after one is most often its noun
# (or another adjective before it).
_ADJECTIVES = frozenset(
    line
    for line in resources.files(__package__).joinpath("adjectives.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
)
_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*$")
_CLAUSE_END = re.compile(r"(?:[,;:—–]|--)[\"'”’)\]]*$")
# The note that opens and closes lyrics; a cue showing part of a song gets its own.
_NOTE = "♪"
_EDGE_PUNCTUATION = "\"'“”‘’()[]{},.;:!?…-—–"

# Cost weights: a cue break matters more than a line break inside a cue.
_CUE_BREAK_WEIGHT = 3.0
_LINE_BREAK_WEIGHT = 2.0
_CUE_COST = 2.0
_ORPHAN_COST = 30.0
_SENTENCES_IN_CUE_COST = 8.0
_IMBALANCE_COST = 4.0
# A one-word top line under a full bottom line ("welcome / to the garden show
# today we plant tomatoes") reads far worse than the difference in length
# says: past a third of a line, imbalance costs quadratically more.
_GROSS_IMBALANCE_COST = 20.0
_GROSS_IMBALANCE = 1 / 3
_TOP_HEAVY_COST = 0.5
_PAUSE_IN_CUE_COST_PER_S = 4.0
_SHORT_CUE_COST = 3.0
# Two speakers in one cue, a line each, is the professional way to caption a
# quick exchange ("- Are you coming?" / "- Yes."); it costs a little more than
# one speaker's cue so that longer turns keep cues of their own.
_DUAL_SPEAKER_COST = 3.0
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
    word: int  # index among the words; -1 for a sound tag
    piece: int
    sentence_end: bool
    speaker: str | None
    prefix: str = ""  # the speaker-change mark shown before a new speaker's first word
    alone: bool = False  # a sound tag that fills a pause: a cue of its own
    opens_tag: bool = False  # the first token of a sound tag or of lyrics
    lyrics: bool = False  # a token of lyrics, which wrap between words like speech

    @property
    def width(self) -> int:
        return len(self.prefix) + len(self.text)

    @property
    def is_word(self) -> bool:
        """True for a word's first piece: what counts as a word shown."""
        return self.piece == 0 and self.word >= 0


def _bare(text: str) -> str:
    return text.strip(_EDGE_PUNCTUATION).lower().replace("’", "'")


def _imbalance_cost(share: float) -> float:
    """The cost of two lines differing by ``share`` of a full line."""
    gross = max(0.0, share - _GROSS_IMBALANCE)
    return _IMBALANCE_COST * share + _GROSS_IMBALANCE_COST * gross * gross


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
        >>> break_cost("nuclear", "deal"), break_cost("nuclear", "and")
        (20.0, 2.0)
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
    if left in _ADJECTIVES and right not in _AUXILIARIES:
        return _FORBIDDEN / 2  # adjective + noun: "nuclear deal", "heavy weaponry"
    if any(c.isdigit() for c in left):
        return 10.0  # "26 years", "20 billion"
    return 6.0


def _pieces(text: str, max_chars: int) -> list[str]:
    # A word longer than a line (a URL) is cut into line-long pieces: the hard
    # limits hold for any input.
    return [text[i : i + max_chars] for i in range(0, len(text), max_chars)]


def _tag_words(label: str, max_chars: int) -> list[list[str]]:
    """What a marker shows: the words the line breaker may put on different lines, each in its pieces.

    Lyrics are shown as written (``♪ la la ♪``) and wrap between words like
    speech, the notes kept on their words (a cue that holds only part of a
    song gets notes of its own: see :func:`layout_cues`). A sound tag is
    shown in brackets and kept on one line; one too long for a line is
    bracketed line by line, so that every line still reads as a tag. Only a
    single word longer than a line is ever cut (the hard limits hold for any
    input).

    Example:
        >>> _tag_words("♪ Never gonna give you up ♪", 42)
        [['♪ Never'], ['gonna'], ['give'], ['you'], ['up ♪']]
        >>> _tag_words("door slams", 42), _tag_words("door slams shut", 12)
        ([['[door slams]']], [['[door slams]'], ['[shut]']])
    """
    words = label.split()
    if is_lyrics(label):
        # Notes written apart from the words ("♪ la la ♪") go with them.
        if len(words) > 1 and not any(c.isalnum() for c in words[0]):
            words[:2] = [f"{words[0]} {words[1]}"]
        if len(words) > 1 and not any(c.isalnum() for c in words[-1]):
            words[-2:] = [f"{words[-2]} {words[-1]}"]
        # Room for the notes of a cue that opens and ends inside the word.
        return [_pieces(word, max_chars - 2 * len(_NOTE) - 2) for word in words]
    chunks: list[list[str]] = []
    for word in words:
        if chunks and len(" ".join([*chunks[-1], word])) + 2 <= max_chars:
            chunks[-1].append(word)
        else:
            chunks.append([word])
    return [_pieces(f"[{' '.join(chunk)}]", max_chars) for chunk in chunks]


def _tag_tokens(tags: Sequence[Marker], after_ms: int, before_ms: int | None, speaker: str | None, max_chars: int) -> list[_Token]:
    """Tokens for the sound tags between a word ending ``after_ms`` and one starting ``before_ms``.

    Tags that start together (the lines of a song in one source cue) share
    the time until the next one starts, each by its length, and a tag's time
    is spread over its pieces the same way: a song cut into several cues
    shows each part for a while, never for an instant.
    """
    if not tags:
        return []
    shown = [[(number, piece) for word in _tag_words(tag.label, max_chars) for number, piece in enumerate(word)] for tag in tags]
    starts: list[int] = []
    for tag in tags:
        starts.append(max(tag.start_ms if tag.start_ms is not None else after_ms, after_ms, *starts[-1:]))
    end = before_ms if before_ms is not None else starts[-1] + SOUND_TAG_CUE_MS * len(tags)
    tokens = []
    index = 0
    while index < len(tags):
        # A run of tags that start at the same time, and the time they share.
        run = index
        while run < len(tags) and starts[run] == starts[index]:
            run += 1
        run_start = min(starts[index], end)
        run_end = max(min(starts[run], end) if run < len(tags) else end, run_start)
        total = sum(len(piece) for member in range(index, run) for _, piece in shown[member])
        done = 0
        for member in range(index, run):
            # A tag in a cue of its own is nobody's voice; one that opens a
            # cue of speech goes with its speaker.
            alone = before_ms is None or before_ms - starts[member] >= SOUND_TAG_CUE_MS
            for order, (number, piece) in enumerate(shown[member]):
                first = run_start + (run_end - run_start) * done // total
                done += len(piece)
                last = run_start + (run_end - run_start) * done // total
                tokens.append(
                    _Token(
                        piece,
                        first,
                        last,
                        -1,
                        number,
                        order == len(shown[member]) - 1,
                        None if alone else speaker,
                        alone=alone,
                        opens_tag=order == 0,
                        lyrics=is_lyrics(tags[member].label),
                    )
                )
        index = run
    return tokens


def _tokens(
    sentences: Sequence[Sentence],
    profile: CaptionProfile,
    speaker_changes: Collection[int],
    sound_tags: Sequence[Marker],
) -> list[_Token]:
    max_chars = profile.max_chars_per_line
    words = [word for sentence in sentences for word in sentence.words]
    ends = set()
    position = 0
    for sentence in sentences:
        position += len(sentence.words)
        ends.add(position - 1)
    tags: dict[int, list[Marker]] = {}
    for tag in sound_tags:
        tags.setdefault(min(max(tag.word_index, 0), len(words)), []).append(tag)
    tokens: list[_Token] = []
    for position, word in enumerate(words):
        if word.start_ms is None or word.end_ms is None:
            raise TimingError(
                f"word {position + 1} ({word.text!r}) has no time; fill in times "
                "(align.fill_missing_times) before building cues"
            )
        after_ms = tokens[-1].end_ms if tokens else 0
        tokens += _tag_tokens(tags.get(position, ()), after_ms, word.start_ms, word.speaker, max_chars)
        # The mark goes before an unnamed new speaker; a named one has a voice tag.
        new_speaker = position in speaker_changes and position > 0 and word.speaker is None
        pieces = _pieces(word.text, max_chars - len(profile.speaker_change_mark) if new_speaker else max_chars)
        span = word.end_ms - word.start_ms
        for number, piece in enumerate(pieces):
            tokens.append(
                _Token(
                    piece,
                    word.start_ms + span * number // len(pieces),
                    word.start_ms + span * (number + 1) // len(pieces),
                    position,
                    number,
                    position in ends and number == len(pieces) - 1,
                    word.speaker,
                    prefix=profile.speaker_change_mark if new_speaker and number == 0 else "",
                )
            )
    if len(words) in tags:
        after_ms = tokens[-1].end_ms if tokens else 0
        speaker = words[-1].speaker if words else None
        tokens += _tag_tokens(tags[len(words)], after_ms, None, speaker, max_chars)
    return tokens


class _Segmenter:
    """The dynamic programme over one transcript's tokens."""

    def __init__(self, tokens: list[_Token], profile: CaptionProfile, speaker_changes: Collection[int]) -> None:
        self.tokens = tokens
        self.profile = profile
        count = len(tokens)
        self.prefix = [0]
        for token in tokens:
            self.prefix.append(self.prefix[-1] + token.width + 1)
        # breaks[k]: cost of breaking between token k - 1 and token k.
        self.breaks = [0.0] * (count + 1)
        self.forced = [False] * (count + 1)
        # turn[k]: an unnamed new speaker starts at token k; a cue may span
        # one such change, with each speaker on a line of their own.
        self.turn = [False] * (count + 1)
        # newline[k]: the next line of a song starts at token k; a cue may
        # hold both lines, one line each, as the source showed them.
        self.newline = [False] * (count + 1)
        for k in range(1, count):
            before, after = tokens[k - 1], tokens[k]
            if after.piece:
                cost = _FORBIDDEN
            else:
                cost = break_cost(before.text, after.text, sentence_end=before.sentence_end)
                if after.start_ms - before.end_ms >= _PAUSE_BREAK_MS and cost < _FORBIDDEN / 2:
                    cost = min(cost, 1.0)
            song_goes_on = after.opens_tag and after.lyrics and before.lyrics and before.sentence_end and before.alone == after.alone
            self.newline[k] = song_goes_on and profile.max_lines >= 2
            # A sound tag starts a cue, and ends it when it fills a pause.
            tag_edge = (after.opens_tag and not self.newline[k]) or (before.alone and after.word >= 0)
            self.turn[k] = bool(after.prefix) and before.speaker is None and not tag_edge and profile.max_lines >= 2
            self.breaks[k] = 0.0 if self.turn[k] else cost
            # A named speaker starts a cue; words of no known speaker after
            # a named one (the cue after "[Alba] ...") go on with them.
            self.forced[k] = (
                names_new_speaker(before.speaker, after.speaker)
                or (after.is_word and after.word in speaker_changes and not self.turn[k])
                or tag_edge
            )
        # The first turn after each token (count when none).
        self.next_turn = [count] * (count + 1)
        for k in range(count - 1, -1, -1):
            self.next_turn[k] = k + 1 if k + 1 < count and self.turn[k + 1] else self.next_turn[k + 1]
        # The first song line break after each token (past the end when none).
        self.next_newline = [count + 1] * (count + 1)
        for k in range(count - 1, -1, -1):
            self.next_newline[k] = k + 1 if self.newline[k + 1] else self.next_newline[k + 1]
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

    def notes(self, first: int, last: int) -> tuple[int, int]:
        """Characters a cue of tokens ``first`` to ``last - 1`` adds as notes: it opens or ends inside a song."""
        opening = self.tokens[first].lyrics and not self.tokens[first].opens_tag
        closing = self.tokens[last - 1].lyrics and not self.tokens[last - 1].sentence_end
        return (len(_NOTE) + 1 if opening else 0), (len(_NOTE) + 1 if closing else 0)

    def lines(
        self, first: int, last: int, count: int, opening: int = 0, closing: int = 0
    ) -> tuple[float, list[int]] | None:
        """The best way to set tokens on at most ``count`` lines: (cost, line starts).

        ``opening`` and ``closing`` are characters added before the first
        line and after the last (the notes of :meth:`notes`).
        """
        limit = self.profile.max_chars_per_line
        if self.width(first, last) + opening + closing <= limit and self.next_newline[first] >= last:
            return 0.0, [first]
        if count <= 1:
            return None
        best: tuple[float, list[int]] | None = None
        for split in range(first + 1, last):
            top = self.width(first, split) + opening
            if top > limit or self.next_newline[first] < split:
                break  # too long, or it would hold two lines of a song
            if count == 2:
                bottom = self.width(split, last) + closing
                if bottom > limit or self.next_newline[split] < last:
                    continue
                cost = (
                    _LINE_BREAK_WEIGHT * self.breaks[split]
                    + _imbalance_cost(abs(top - bottom) / limit)
                    + (_TOP_HEAVY_COST if top > bottom else 0.0)
                )
                rest: list[int] = [split]
            else:
                below = self.lines(split, last, count - 1, 0, closing)
                if below is None:
                    continue
                cost = _LINE_BREAK_WEIGHT * self.breaks[split] + below[0]
                rest = below[1]
            if best is None or cost < best[0]:
                best = (cost, [first, *rest])
        return best

    def first_mark(self, first: int) -> int:
        """Characters a two-speaker cue adds before token ``first``: the first speaker's mark."""
        return 0 if self.tokens[first].prefix else len(self.profile.speaker_change_mark)

    def dual_lines(
        self, first: int, turn: int, last: int, opening: int = 0, closing: int = 0
    ) -> tuple[float, list[int]] | None:
        """Two speakers in one cue: a line each, split where the second one starts."""
        limit = self.profile.max_chars_per_line
        if self.next_newline[first] < last:
            return None
        if self.width(first, turn) + self.first_mark(first) + opening > limit or self.width(turn, last) + closing > limit:
            return None
        return _DUAL_SPEAKER_COST, [first, turn]

    def cue_cost(self, first: int, last: int, layout_cost: float) -> float:
        tokens, profile = self.tokens, self.profile
        cost = _CUE_COST + layout_cost
        if last < len(tokens) and not self.forced[last]:
            cost += _CUE_BREAK_WEIGHT * self.breaks[last]
        words = sum(1 for t in tokens[first:last] if t.is_word)
        segment_words = self.segment_end[first + 1] - self.segment_start[first]
        if words <= 2 and segment_words > words:
            cost += _ORPHAN_COST
        turn = self.next_turn[first]
        # Each speaker of a two-speaker cue says their own sentence.
        cost += _SENTENCES_IN_CUE_COST * sum(
            1 for k in range(first, last - 1) if tokens[k].sentence_end and k + 1 != turn and not self.newline[k + 1]
        )
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
                turn = self.next_turn[first]
                if turn < last and self.next_turn[turn] < last:
                    break  # at most two speakers in a cue
                notes = self.notes(first, last)
                layout = (
                    self.lines(first, last, profile.max_lines, *notes)
                    if turn >= last
                    else self.dual_lines(first, turn, last, *notes)
                )
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
    sound_tags: Sequence[Marker] = (),
    end_ms: int | None = None,
) -> CueLayout:
    """Cut timed sentences into caption cues, and tell which cue shows each word.

    Args:
        sentences: Sentences whose words all have ``start_ms`` and ``end_ms``
            (see :func:`transcript_tools.align.timing.fill_missing_times`).
        profile: A profile name or :class:`CaptionProfile`.
        speaker_changes: Indices (among the sentences' words) of words at which
            an unnamed speaker starts; a named speaker change (``Word.speaker``)
            starts a cue by itself. The cue that starts there opens with the
            profile's speaker-change mark.
        sound_tags: Markers such as ``[Music]`` to show (their ``word_index``
            says which word they precede, ``start_ms`` when they happen).
        end_ms: The recording's end, if known: cues are not held past it.

    Returns:
        The cues and the cue of each word.

    Raises:
        TimingError: when a word has no time.
        FormatError: for an unknown profile name.

    Example:
        >>> from transcript_tools.model import Marker, Sentence, Word
        >>> words = (Word("Welcome", 2000, 2400), Word("back.", 2400, 2800), Word("Thanks.", 3000, 3500))
        >>> layout = layout_cues([Sentence(words[:2]), Sentence(words[2:], 2)],
        ...     speaker_changes={2}, sound_tags=[Marker("Music", 0, 0)])
        >>> [(c.start_ms, c.lines) for c in layout.cues]
        [(0, ('[Music]',)), (2000, ('- Welcome back.', '- Thanks.'))]
    """
    rules = get_profile(profile)
    tokens = _tokens(sentences, rules, speaker_changes, sound_tags)
    if not tokens:
        return CueLayout((), ())
    segmenter = _Segmenter(tokens, rules, speaker_changes)
    spans = segmenter.run()
    starts: list[int] = []
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
            " ".join(t.prefix + t.text for t in tokens[a:b]) for a, b in zip(line_starts, [*line_starts[1:], last])
        )
        opening, closing = segmenter.notes(first, last)
        if opening:
            lines = (f"{_NOTE} {lines[0]}", *lines[1:])
        if closing:
            lines = (*lines[:-1], f"{lines[-1]} {_NOTE}")
        if segmenter.next_turn[first] < last:
            # Two speakers: both lines open with the mark.
            lines = (rules.speaker_change_mark[: segmenter.first_mark(first)] + lines[0], *lines[1:])
        words = sum(1 for t in chosen if t.is_word)
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
        word_cues.extend(index for t in chosen if t.is_word)
    return CueLayout(tuple(cues), tuple(word_cues))


def build_cues(
    sentences: Sequence[Sentence],
    profile: str | CaptionProfile = DEFAULT_PROFILE,
    *,
    speaker_changes: Collection[int] = (),
    sound_tags: Sequence[Marker] = (),
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
        sound_tags: Markers such as ``[Music]`` to show.

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
    return layout_cues(sentences, profile, speaker_changes=speaker_changes, sound_tags=sound_tags).cues
