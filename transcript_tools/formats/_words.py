"""Turning caption text into words, markers and speaker changes.

Every reader sees the same conventions in real captions: bracketed sound tags
(``[Music]``, ``(applause)``, ``♪``), speaker-change chevrons (``>>``) and
speaker labels (``JOHN:``, ``Dr. Smith:``). They are recognised here, once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transcript_tools.model import Cue, Marker, Metadata, Transcript, Word

__all__ = ["SPEAKER_CHANGE", "CueWords", "Token", "TimedPiece", "WordCollector", "timed_lines", "tokenize", "words_from_cues"]

#: Marker label for an unnamed speaker change (``>>`` in broadcast captions).
SPEAKER_CHANGE = ">>"

# [Music], [ Applause ], (laughter), ♪ ... ♪ (music notes alone or around lyrics).
_MARKER = re.compile(r"\[\s*([^\]\n]{1,40}?)\s*\]|\(\s*([A-Za-z][^)\n]{0,30}?)\s*\)|([♪♫]+)")
# A speaker label opens a line: "JOHN:", "Dr. Smith:", "SPEAKER 1:". Mixed-case
# labels are limited to three capitalised words so that "Note: this" is not one.
_LABEL = re.compile(
    r"^\s*(?P<name>[A-Z][A-Z0-9 .'\-]{0,30}[A-Z0-9.]|(?:[A-Z][a-z.'\-]*\s?){1,3}|[A-Z]):\s+(?=\S)"
)
_CHEVRONS = re.compile(r"^\s*>>+\s*")
# Words that open ordinary sentences and are followed by a colon, never names.
_NOT_NAMES = frozenset({"Note", "Example", "Warning", "Update", "Edit", "Source", "Q", "A"})
# Parenthesised asides that are speech, not sound tags, stay as words.
_SOUND_WORDS = re.compile(
    r"(?i)^(music|applause|laughter|laughs|laughing|cheering|cheers|inaudible|crosstalk|silence|"
    r"sighs?|coughs?|clapping|noise|background|indistinct|chuckles?|gasps?|foreign|"
    r"upbeat|dramatic|soft|bell|sound|static|beep|no audio|blank_audio|.* music)$"
)


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of caption text: a word, a marker or a speaker change.

    Attributes:
        kind: ``"word"``, ``"marker"`` or ``"speaker"``.
        text: The word, the marker label, or the speaker name (``""`` for ``>>``).
    """

    kind: str
    text: str


def tokenize(text: str) -> list[Token]:
    """Split caption text into words, markers and speaker changes.

    Args:
        text: One cue's or one line's text, markup already removed.

    Returns:
        Tokens in reading order.

    Example:
        >>> [t.text for t in tokenize(">> JOHN: [Music] hello there")]
        ['JOHN', 'Music', 'hello', 'there']
    """
    tokens: list[Token] = []
    for line in text.split("\n"):
        chevrons = _CHEVRONS.match(line)
        if chevrons:
            tokens.append(Token("speaker", ""))
            line = line[chevrons.end() :]
        label = _LABEL.match(line)
        if label and label["name"].strip() not in _NOT_NAMES:
            name = label["name"].strip()
            if tokens and tokens[-1] == Token("speaker", ""):
                tokens[-1] = Token("speaker", name)
            else:
                tokens.append(Token("speaker", name))
            line = line[label.end() :]
        tokens.extend(_split_markers(line))
    return tokens


def _split_markers(line: str) -> Iterable[Token]:
    position = 0
    for match in _MARKER.finditer(line):
        label = match[1] or match[2] or match[3]
        if match[2] is not None and not _SOUND_WORDS.match(label):
            continue  # "(inaudible)" is a marker; "(and I mean it)" is speech.
        yield from (Token("word", w) for w in line[position : match.start()].split())
        yield Token("marker", "Music" if match[3] else label)
        position = match.end()
    yield from (Token("word", w) for w in line[position:].split())


@dataclass(frozen=True, slots=True)
class CueWords:
    """The words and markers recovered from a sequence of cues."""

    words: tuple[Word, ...]
    markers: tuple[Marker, ...]


def words_from_cues(cues: Sequence[Cue]) -> CueWords:
    """Recover words (without times of their own) and markers from cues.

    Each word records the index of its cue; times stay ``None`` because the
    cue's time is a span shared by all its words (the timing stage spreads
    them). A marker takes its cue's start time.

    Args:
        cues: The source's cues, in order.

    Returns:
        The words and markers.
    """
    words: list[Word] = []
    markers: list[Marker] = []
    speaker: str | None = None
    for index, cue in enumerate(cues):
        if cue.speaker:
            speaker = cue.speaker
        for token in tokenize(cue.text):
            if token.kind == "speaker" and not token.text:
                # ">>" says the speaker changed without naming them.
                markers.append(Marker(SPEAKER_CHANGE, len(words), cue.start_ms))
                speaker = None
            elif token.kind == "speaker":
                speaker = token.text
            elif token.kind == "marker":
                markers.append(Marker(token.text, len(words), cue.start_ms))
            else:
                words.append(Word(token.text, speaker=speaker, cue_index=index))
    return CueWords(tuple(words), tuple(markers))


@dataclass(frozen=True, slots=True)
class TimedPiece:
    """A whitespace-free piece of caption text and the time it starts, if the source says.

    Attributes:
        text: One piece of a line split at whitespace (``"[Music]"`` is one piece).
        start_ms: Its own start time, or ``None``.
    """

    text: str
    start_ms: int | None


class WordCollector:
    """Builds words with times from lines whose pieces carry some start times.

    The formats with word times (YouTube's WebVTT, json3, srv3) give a time to
    some pieces of a line. :meth:`add_line` turns a line into words, markers
    and speaker changes, and gives each word the time of the piece it came
    from; :meth:`result` then sets each word's end: the next word's start, but
    never after the end of the cue that showed it, so that a pause does not
    count as speech.
    """

    def __init__(self) -> None:
        self._words: list[Word] = []
        self._shown_until: list[int | None] = []
        self._line_end: list[bool] = []
        self._markers: list[Marker] = []
        self._speaker: str | None = None
        self._last_start: int | None = None

    def add_line(
        self,
        pieces: Sequence[TimedPiece],
        *,
        cue_index: int | None,
        start_ms: int | None,
        end_ms: int | None,
    ) -> None:
        """Add one line of caption text.

        Args:
            pieces: The line split at whitespace, with the times the source gives.
            cue_index: Index of the cue the words belong to.
            start_ms: When the line appears: the time of markers that have none.
            end_ms: When the line disappears: no word of it ends later. ``None``
                for lines without word times: their words get no times at all.
        """
        line = " ".join(piece.text for piece in pieces)
        offsets = []
        position = 0
        for piece in pieces:
            offsets.append(position)
            position += len(piece.text) + 1
        cursor = 0
        passed = -1  # the last piece whose time has been looked at
        pending: int | None = None  # a time not yet given to a word
        first_word = len(self._words)
        for token in tokenize(line):
            # Find the token in the line to learn which piece, and so which
            # time, it comes from. A label that is not verbatim in the text
            # ("Music" for "♪") stays at the cursor.
            needle = token.text or ">>"
            found = line.find(needle, cursor)
            piece = max(bisect_right(offsets, found if found >= 0 else cursor) - 1, 0)
            for index in range(passed + 1, piece + 1):
                if pieces[index].start_ms is not None:
                    pending = pieces[index].start_ms
            passed = max(passed, piece)
            if found >= 0:
                cursor = found + len(needle)
            when = pending if pending is not None else start_ms
            if token.kind == "word":
                self._add_word(token.text, pending, cue_index, end_ms)
                pending = None
            elif token.kind == "marker":
                self._markers.append(Marker(token.text, len(self._words), when))
            elif token.text:
                self._speaker = token.text
            else:
                self._markers.append(Marker(SPEAKER_CHANGE, len(self._words), when))
                self._speaker = None
        if len(self._words) > first_word:
            self._line_end[-1] = True

    def set_speaker(self, speaker: str | None) -> None:
        """Name the speaker of the following lines, for sources that say it outside the text."""
        self._speaker = speaker

    def _add_word(self, text: str, start_ms: int | None, cue_index: int | None, end_ms: int | None) -> None:
        if start_ms is not None and self._last_start is not None and start_ms < self._last_start:
            # Times run backwards only in damaged files; keep the order of speech.
            start_ms = self._last_start
        if start_ms is not None:
            self._last_start = start_ms
        self._words.append(Word(text, start_ms=start_ms, speaker=self._speaker, cue_index=cue_index))
        self._shown_until.append(end_ms)
        self._line_end.append(False)

    def transcript(self, cues: Sequence[Cue], metadata: Metadata) -> Transcript:
        """A transcript of the collected words and markers with these cues."""
        collected = self.result()
        return Transcript(words=collected.words, cues=tuple(cues), markers=collected.markers, metadata=metadata)

    def result(self) -> CueWords:
        """The words, with end times, and the markers collected so far."""
        words = []
        last_start: int | None = None  # the latest known start so far
        for index, word in enumerate(self._words):
            next_start = self._words[index + 1].start_ms if index + 1 < len(self._words) else None
            shown_until = self._shown_until[index]
            end_ms: int | None
            if shown_until is None:
                end_ms = None
            elif next_start is not None:
                end_ms = min(next_start, shown_until)
            elif self._line_end[index] or index + 1 == len(self._words):
                end_ms = shown_until
            else:
                end_ms = None
            if word.start_ms is not None:
                last_start = word.start_ms
            if end_ms is not None and last_start is not None and end_ms < last_start:
                end_ms = last_start
            words.append(Word(word.text, word.start_ms, end_ms, word.speaker, word.cue_index))
        return CueWords(tuple(words), tuple(self._markers))


def timed_lines(segments: Sequence[tuple[str, int | None]]) -> list[list[TimedPiece]]:
    r"""Split runs of text, some with a start time, into lines of timed pieces.

    A run's time goes to the piece its first non-space character falls in,
    so runs that split a word ("Hel", "lo") still make one word. ``\n`` in a
    run breaks the line.

    Args:
        segments: ``(text, start_ms)`` runs in order, as json3 ``segs`` or srv3 ``<s>``.

    Returns:
        The non-empty lines, each a list of pieces.

    Example:
        >>> [[(p.text, p.start_ms) for p in line] for line in timed_lines([("hi", 0), (" the", 300), ("re\nyou", None)])]
        [[('hi', 0), ('there', 300)], [('you', None)]]
    """
    text = ""
    starts: list[tuple[int, int]] = []
    for piece, start_ms in segments:
        if start_ms is not None and piece.strip():
            starts.append((len(text) + len(piece) - len(piece.lstrip()), start_ms))
        text += piece
    lines = []
    base = 0
    for line in text.split("\n"):
        pieces = []
        for match in re.finditer(r"\S+", line):
            first, last = base + match.start(), base + match.end()
            start = next((t for at, t in starts if first <= at < last), None)
            pieces.append(TimedPiece(match.group(), start))
        base += len(line) + 1
        if pieces:
            lines.append(pieces)
    return lines
