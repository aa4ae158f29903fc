"""Whisper JSON (openai-whisper, faster-whisper, WhisperX, whisper.cpp): reading.

Accepted shapes:

* openai-whisper ``--output_format json``: ``{"text", "segments": [{"start",
  "end", "text", "words": [{"word", "start", "end", "probability"}]}], "language"}``
  (``words`` only with ``--word_timestamps True``);
* faster-whisper segments dumped as a top-level list of segment objects;
* WhisperX: ``{"segments": [...], "word_segments": [...]}``, with ``speaker``
  on segments and words after diarization, and words that have no times
  (numbers and symbols it could not align);
* whisper.cpp ``-oj``: ``{"transcription": [{"offsets": {"from", "to"}, "text"}],
  "result": {"language"}}``.

Times are seconds (milliseconds for whisper.cpp ``offsets``). Words keep their
own start and end; segments become cues. Words may be keyed ``word`` or ``text``.

Word times that cannot be right are read as the nearest that can, with one
warning a file naming the first and how many more: a word that ends before it
starts ends at its start, a word outside its segment's times is moved inside
them, and a word that starts before the word before it starts with it (speech
keeps its order). A segment that ends before it starts ends at its start.
Segments are speech in order too, so their starts must not go back: where
some do (whisper.cpp writes such segments, most often with ``-ml``, and a
segment far too late among ones that follow on), the most segments whose
starts are in order keep their times, and each other one starts with the
nearest of them (its words moved inside it): cues stay in the order of the
words, never sorted apart from them. One far-off start so changes one
segment, not every one after it. Segments that overlap, each starting after
the one before, are kept as they are: a player shows both, and nothing says
which time is wrong. Whisper writes such times now and then; a negative or
non-numeric time is an error.
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from transcript_tools.errors import ParseError
from transcript_tools.formats._io import line_of_json_item, load_json
from transcript_tools.formats._words import SPEAKER_CHANGE, lone_dash, tokenize
from transcript_tools.model import Cue, Marker, Metadata, Transcript, Word

__all__ = ["parse", "sniff"]

logger = logging.getLogger(__name__)

_SNIFF_OBJECT = re.compile(r'^\s*\{.*?"(?:segments|transcription)"\s*:\s*\[', re.DOTALL)
_SNIFF_LIST = re.compile(r'^\s*\[\s*\{.*?"(?:start|end)"\s*:', re.DOTALL)


def sniff(text: str) -> bool:
    """True for a JSON document shaped like Whisper output."""
    head = text[:8192]
    if _SNIFF_OBJECT.match(head):
        return True
    # A bare list of segments: ask for a field only Whisper writes, since
    # other tools' JSON captions (subsrt's) are also lists with "start".
    whisper_fields = ('"words"', '"seek"', '"tokens"', '"avg_logprob"', '"no_speech_prob"')
    return _SNIFF_LIST.match(head) is not None and any(field in head for field in whisper_fields)


class _Invalid(Exception):
    """A field of the wrong type: the message names its JSON path, ``location`` the object holding it."""

    def __init__(self, message: str, location: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.location = location


@dataclass(frozen=True, slots=True)
class _Repair:
    """Times read otherwise than the file gives them, and why."""

    location: tuple[str | int, ...]
    what: str
    problem: str
    given: tuple[int | None, int | None]
    read: tuple[int | None, int | None]

    def describe(self) -> str:
        return f"{self.what} ran {_range(self.given)}, {self.problem}; read as {_range(self.read)}"


def _range(span: tuple[int | None, int | None]) -> str:
    return "-".join("?" if ms is None else f"{ms / 1000:.3f}" for ms in span) + " s"


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse Whisper JSON.

    Args:
        text: The JSON text.
        source: Name for error messages.
        strict: When false, a malformed segment is skipped with a warning.
            Times that cannot be right are repaired with a warning either
            way: whisper tools write them, and they are not damage.

    Returns:
        The transcript: a cue per segment, words with their own times where
        the file has them, the language where it says.

    Raises:
        ParseError: for invalid JSON, an unknown shape, or (if strict) a malformed segment.
    """
    name = source or "<string>"
    document = load_json(text, source=name, what="Whisper JSON")
    segments, key, language = _segments(document, name, text)
    top = (key,) if key else ()
    builder = _Builder()
    moved = _starts_out_of_order([_given_times(segment, index) for index, segment in enumerate(segments)])
    for index, segment in enumerate(segments):
        try:
            builder.add_segment(segment, index, moved.get(index))
        except _Invalid as error:
            line = line_of_json_item(text, (*top, *error.location))
            problem = ParseError(f"expected {error}", source=name, line=line)
            if strict:
                raise problem from None
            logger.warning("%s; skipped the segment", problem)
    if builder.repairs:
        first = builder.repairs[0]
        more = len(builder.repairs) - 1
        logger.warning(
            "%s:%d: word times that cannot be right were changed: %s%s",
            name,
            line_of_json_item(text, (*top, *first.location)) or 1,
            first.describe(),
            f" ({more} more in the file)" if more else "",
        )
    return Transcript(
        words=tuple(builder.words),
        cues=tuple(builder.cues),
        markers=tuple(builder.markers),
        metadata=Metadata(language=language, source=source, format="whisper"),
    )


def _segments(document: Any, name: str, text: str) -> tuple[list[Any], str | None, str | None]:
    """The segments, the key they are under (``None`` for a top-level list) and the language."""
    if isinstance(document, list):
        return document, None, None
    if isinstance(document, dict):
        language = document.get("language")
        if isinstance(document.get("segments"), list):
            return document["segments"], "segments", language if isinstance(language, str) else None
        if isinstance(document.get("transcription"), list):
            result = document.get("result")
            language = result.get("language") if isinstance(result, dict) else None
            return document["transcription"], "transcription", language if isinstance(language, str) else None
    raise ParseError(
        'expected Whisper JSON: an object with a "segments" (or whisper.cpp "transcription") list, or a list of segments',
        source=name,
        line=1,
        found=text.strip()[:40],
    )


def _segment_times(segment: dict[str, Any], path: str, location: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    offsets = segment.get("offsets")
    if isinstance(offsets, dict):  # whisper.cpp, in milliseconds
        return (
            _milliseconds(offsets.get("from"), f"{path}.offsets.from", location),
            _milliseconds(offsets.get("to"), f"{path}.offsets.to", location),
        )
    return _seconds(segment.get("start"), f"{path}.start", location), _seconds(segment.get("end"), f"{path}.end", location)


def _given_times(segment: Any, index: int) -> tuple[int | None, int | None]:
    """The segment's times as the file gives them; ``None`` where unknown or broken (reported when it is read)."""
    if not isinstance(segment, dict):
        return None, None
    try:
        return _segment_times(segment, f"segments[{index}]", (index,))
    except _Invalid:
        return None, None


@dataclass(frozen=True, slots=True)
class _Move:
    """The start a segment gets instead of its own, the latest it may then end (``None``: no limit), and why."""

    start_ms: int
    latest_end_ms: int | None
    problem: str


def _starts_out_of_order(times: Sequence[tuple[int | None, int | None]]) -> dict[int, _Move]:
    """The segments to start otherwise, so that starts never go back, by index.

    The longest run of segments whose starts do not go back keeps its
    times (the earlier segments where two runs are as long); a segment
    outside it starts with the segment read before it, or, where it starts
    too late, with the run's next segment, and then ends no later than that
    one (its end is as far off as its start, most often). That changes the
    fewest segments.

    Example:
        >>> _starts_out_of_order([(0, 900), (900, 1000), (500, 1200), (1000, 1500)])
        {2: _Move(start_ms=900, latest_end_ms=None, problem='starting before an earlier segment (0.900 s)')}
        >>> _starts_out_of_order([(0, 100), (76670, 76900), (8110, 8200), (None, None), (9000, None)])
        {1: _Move(start_ms=8110, latest_end_ms=8200, problem='starting after a later segment (8.110 s)')}
    """
    known = [(index, start) for index, (start, _) in enumerate(times) if start is not None]
    # Patience sorting from the end: the run found keeps the earliest segments on ties.
    tails: list[int] = []  # the negated start of the last (earliest) segment of the best run of each length
    tail_at: list[int] = []  # and its position in known
    run_next: list[int | None] = [None] * len(known)  # the next segment of the run through each position
    for position in reversed(range(len(known))):
        length = bisect_right(tails, -known[position][1])
        if length == len(tails):
            tails.append(0)
            tail_at.append(0)
        tails[length], tail_at[length] = -known[position][1], position
        run_next[position] = tail_at[length - 1] if length else None
    in_run = set()
    link = tail_at[-1] if tail_at else None
    while link is not None:
        in_run.add(link)
        link = run_next[link]
    # The run's next segment after each position: its start, and the latest end of one starting with it.
    following: list[tuple[int, int] | None] = []
    next_in_run: tuple[int, int] | None = None
    for position in reversed(range(len(known))):
        following.append(next_in_run)
        if position in in_run:
            index, start = known[position]
            end = times[index][1]
            next_in_run = (start, start if end is None else max(start, end))
    following.reverse()
    moved: dict[int, _Move] = {}
    floor: int | None = None  # the start of the segment read last: no later one starts before it
    for position, (index, start) in enumerate(known):
        after = following[position]
        if position in in_run:
            floor = start
        elif after is not None and start > after[0]:
            # Too late: it starts with the run's next segment (as do those after it, up to that one).
            moved[index] = _Move(after[0], after[1], f"starting after a later segment ({after[0] / 1000:.3f} s)")
            floor = after[0]
        elif floor is not None:
            moved[index] = _Move(floor, None, f"starting before an earlier segment ({floor / 1000:.3f} s)")
    return moved


def _time(value: Any, path: str, location: tuple[str | int, ...], unit: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise _Invalid(f"{path} to be a non-negative number of {unit}, got {value!r}", location)
    return float(value)


def _seconds(value: Any, path: str, location: tuple[str | int, ...]) -> int | None:
    seconds = _time(value, path, location, "seconds")
    return None if seconds is None else round(seconds * 1000)


def _milliseconds(value: Any, path: str, location: tuple[str | int, ...]) -> int | None:
    # whisper.cpp's "offsets" are in milliseconds, and its messages should say so.
    milliseconds = _time(value, path, location, "milliseconds")
    return None if milliseconds is None else round(milliseconds)


class _Builder:
    def __init__(self) -> None:
        self.words: list[Word] = []
        self.cues: list[Cue] = []
        self.markers: list[Marker] = []
        self.speaker: str | None = None
        self.repairs: list[_Repair] = []
        self.last_start: int | None = None  # of the last timed word, to keep speech in order

    def add_segment(self, segment: Any, index: int, moved: _Move | None = None) -> None:
        """Add a segment's cue, words and markers; ``moved`` is the start it gets instead of its own, and why."""
        path = f"segments[{index}]"
        location: tuple[str | int, ...] = (index,)
        if not isinstance(segment, dict):
            raise _Invalid(f"{path} to be an object", location)
        start_ms, end_ms = _segment_times(segment, path, location)
        # Noted once the segment is known good (below): a skipped segment repairs nothing.
        segment_repairs = []
        if moved is not None and start_ms is not None:
            new_end = None if end_ms is None else max(end_ms, moved.start_ms)
            if new_end is not None and moved.latest_end_ms is not None:
                new_end = min(new_end, moved.latest_end_ms)
            read = (moved.start_ms, new_end)
            segment_repairs.append(_Repair(location, f"segment {path}", moved.problem, (start_ms, end_ms), read))
            start_ms, end_ms = read
        if start_ms is not None and end_ms is not None and end_ms < start_ms:
            segment_repairs.append(_Repair(location, f"segment {path}", "ending before it starts", (start_ms, end_ms), (start_ms, start_ms)))
            end_ms = start_ms
        text = segment.get("text", "")
        if not isinstance(text, str):
            raise _Invalid(f"{path}.text to be text", location)
        speaker = segment.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            raise _Invalid(f"{path}.speaker to be text", location)
        words = segment.get("words")
        if words is not None and not isinstance(words, list):
            raise _Invalid(f"{path}.words to be a list", location)
        timed = [self._word(item, f"{path}.words[{n}]", (index, "words", n)) for n, item in enumerate(words or [])]
        # Checked only once the whole segment is known good: a skipped segment repairs nothing.
        self.repairs += segment_repairs
        timed = [
            self._repair(word, f"{path}.words[{n}]", (index, "words", n), start_ms, end_ms)
            for n, word in enumerate(timed)
        ]
        if start_ms is None or end_ms is None:
            known = [t for _, s, e, _ in timed for t in (s, e) if t is not None]
            start_ms = start_ms if start_ms is not None else (min(known) if known else None)
            end_ms = end_ms if end_ms is not None else (max(known) if known else None)
        cue_index: int | None = None
        line = " ".join(text.split())
        if start_ms is not None and end_ms is not None and (line or timed):
            start_ms, end_ms = min(start_ms, end_ms), max(start_ms, end_ms)
            cue_index = len(self.cues)
            line = line or " ".join(w for w, _, _, _ in timed)
            self.cues.append(Cue(start_ms, end_ms, (line,), speaker=speaker))
        if timed:
            first_word = len(self.words)
            for word_text, word_start, word_end, word_speaker in timed:
                dash = lone_dash(word_text)
                if dash is not None:
                    # Whisper times a dash (" -") as a word of its own. Opening
                    # a segment it is a dialogue dash, a speaker change, as in
                    # text; between clauses it is the previous word's punctuation.
                    if len(self.words) > first_word:
                        self.words[-1] = replace(self.words[-1], text=self.words[-1].text + dash)
                    else:
                        self.markers.append(Marker(SPEAKER_CHANGE, len(self.words), word_start))
                    continue
                self._add_tokens(word_text, word_start, word_end, word_speaker or speaker, cue_index, word_start)
        else:
            self._add_tokens(text, None, None, speaker, cue_index, start_ms)

    @staticmethod
    def _word(item: Any, path: str, location: tuple[str | int, ...]) -> tuple[str, int | None, int | None, str | None]:
        if not isinstance(item, dict):
            raise _Invalid(f"{path} to be an object", location)
        text = item.get("word", item.get("text"))
        if not isinstance(text, str):
            raise _Invalid(f'{path} to have a "word" (or "text")', location)
        start_ms = _seconds(item.get("start"), f"{path}.start", location)
        end_ms = _seconds(item.get("end"), f"{path}.end", location)
        speaker = item.get("speaker")
        return text, start_ms, end_ms, speaker if isinstance(speaker, str) else None

    def _repair(
        self,
        word: tuple[str, int | None, int | None, str | None],
        path: str,
        location: tuple[str | int, ...],
        segment_start: int | None,
        segment_end: int | None,
    ) -> tuple[str, int | None, int | None, str | None]:
        """The word with times that can be right, noting what changed and why."""
        text, start_ms, end_ms, speaker = word
        problems = []
        if start_ms is not None and end_ms is not None and end_ms < start_ms:
            problems.append("ending before it starts")
            end_ms = start_ms
        if segment_start is not None and segment_end is not None:
            inside = [None if ms is None else min(max(ms, segment_start), segment_end) for ms in (start_ms, end_ms)]
            if inside != [start_ms, end_ms]:
                problems.append(f"outside its segment ({_range((segment_start, segment_end))})")
                start_ms, end_ms = inside
        if start_ms is not None and self.last_start is not None and start_ms < self.last_start:
            problems.append(f"starting before the word before it ({self.last_start / 1000:.3f} s)")
            start_ms = self.last_start
            end_ms = None if end_ms is None else max(end_ms, start_ms)
        if start_ms is not None:
            self.last_start = start_ms
        if problems:
            what = f"{text.strip()!r} ({path})"
            self.repairs.append(_Repair(location, what, ", ".join(problems), word[1:3], (start_ms, end_ms)))
        return text, start_ms, end_ms, speaker

    def _add_tokens(
        self,
        text: str,
        start_ms: int | None,
        end_ms: int | None,
        speaker: str | None,
        cue_index: int | None,
        marker_ms: int | None,
    ) -> None:
        tokens = tokenize(text)
        words = [token for token in tokens if token.kind == "word"]
        for token in tokens:
            if token.kind == "marker":
                self.markers.append(Marker(token.text, len(self.words), marker_ms))
            elif token.kind == "speaker" and not token.text:
                self.markers.append(Marker(SPEAKER_CHANGE, len(self.words), marker_ms))
            elif token.kind == "word":
                # A "word" holding a space (" New York") is split: the first
                # part keeps the start, the last the end.
                first, last = token is words[0], token is words[-1]
                self.words.append(
                    Word(
                        token.text,
                        start_ms if first else None,
                        end_ms if last else None,
                        speaker,
                        cue_index,
                    )
                )
