"""YouTube auto-caption WebVTT (``.vtt`` from YouTube or yt-dlp): reading.

YouTube writes its speech-recognition captions as "roll-up" WebVTT. Each line
of speech is shown twice: first as the bottom line of a cue, with a time in
front of every word after the first, then as the top line of the next cues
while the following line is spoken. Between the two sits a 10 ms cue that holds
the finished line alone::

    00:00:01.920 --> 00:00:03.949 align:start position:0%
    welcome to the huberman Lab podcast
    where<00:00:02.520><c> we</c><00:00:02.700><c> discuss</c>

    00:00:03.949 --> 00:00:03.959 align:start position:0%
    where we discuss
    (a line holding one space)

Read naively, every word comes out two or three times. This reader recovers
each spoken word once, in order: a cue's leading lines that repeat the lines
already read are skipped, and only what follows them is new. That rule needs
no inline times, so it also covers the variants seen in real downloads: lines
of a single word with no inline times, cues that only repeat, older files with
``<c.colorE5E5E5>`` colour spans, cue text with no blank line before the next
timing line, lines that grow word by word, and whole cues sent twice.

Times: a word with an inline time starts then; the first word of a line starts
with its cue. A word ends where the next word starts, but never after the end
of the cue that showed it (so a pause is not counted as speech). Words of a
line without inline times, after the first, get no time (``None``): the timing
stage fills them in.

The result's cues are the lines as spoken, one cue per source cue that brought
new text, without the repeats: converting to WebVTT or SRT writes clean,
non-rolling captions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from transcript_tools.errors import ParseError
from transcript_tools.formats._words import TimedPiece, WordCollector
from transcript_tools.formats.webvtt import cue_blocks, header_metadata, parse_timing, strip_markup, warn_unpadded
from transcript_tools.model import Cue, Metadata, Transcript
from transcript_tools.timecode import parse_timecode

__all__ = ["parse", "sniff"]

logger = logging.getLogger(__name__)

# An inline WebVTT timestamp tag: <00:00:05.879> (hours optional in the spec).
_INLINE_TIME = re.compile(r"<((?:\d{2,}:)?\d{2}:\d{2}\.\d{3})>")
_SNIFF_INLINE = re.compile(r"<(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}><c[.>]")
_SNIFF_TIMING = re.compile(r"^\S+ --> \S+ .*position:0%", re.MULTILINE)


def sniff(text: str) -> bool:
    """True for WebVTT with YouTube's inline word times or its roll-up layout."""
    head = text.lstrip("\ufeff")
    if not head.startswith("WEBVTT"):
        return False
    if _SNIFF_INLINE.search(head):
        return True
    return _SNIFF_TIMING.search(head) is not None and _looks_rolling(head)


def _looks_rolling(text: str) -> bool:
    # Roll-up without inline times: most cues open with the line that ended
    # the cue before. Ordinary subtitles almost never repeat a line that way.
    previous_last = None
    cues = repeats = 0
    for _, lines in cue_blocks(text):
        body = [_plain(line) for line in lines if "-->" not in line]
        body = [line for line in body if line]
        if not any("-->" in line for line in lines) or not body:
            continue
        cues += 1
        if previous_last is not None and body[0] == previous_last:
            repeats += 1
        previous_last = body[-1]
    return cues >= 3 and repeats * 2 >= cues


@dataclass(frozen=True, slots=True)
class _SourceCue:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]  # raw cue text lines, blank ones removed


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse YouTube auto-caption WebVTT, each spoken word once.

    Args:
        text: The file content (``\\n`` line ends).
        source: Name for error messages.
        strict: When false, a cue block with a broken timing line is skipped with a warning.

    Returns:
        The transcript: words with their start times, the spoken lines as cues,
        ``[Music]``-style tags and ``>>`` speaker changes as markers, and the
        header's ``Language`` as the language.

    Raises:
        ParseError: when the header is missing or (if strict) a timing line is broken.
    """
    name = source or "<string>"
    text = text.lstrip("\ufeff")
    if not text.startswith("WEBVTT"):
        first = text.split("\n", 1)[0]
        raise ParseError("expected 'WEBVTT' on the first line", source=name, line=1, found=first)
    language = None
    source_cues: list[_SourceCue] = []
    for number, lines in cue_blocks(text):
        if number == 1:
            language = header_metadata(lines).get("language")
            continue
        first = lines[0].strip()
        if first.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in first:
            continue
        try:
            source_cues.append(_read_cue(lines, number, name))
        except ParseError as error:
            if strict:
                raise
            logger.warning("%s; skipped the cue block", error)
    warn_unpadded(text, name)
    return _Builder(language).build(source_cues, source)


def _read_cue(lines: list[str], number: int, source: str) -> _SourceCue:
    if "-->" not in lines[0]:
        lines = lines[1:]  # a cue identifier
        number += 1
        if not lines or "-->" not in lines[0]:
            found = lines[0] if lines else ""
            raise ParseError("expected a cue timing line 'START --> END'", source=source, line=number, found=found)
    start_ms, end_ms, _ = parse_timing(lines[0], source=source, line_number=number)
    body = tuple(line for line in lines[1:] if _plain(line))
    return _SourceCue(start_ms, end_ms, body)


def _plain(line: str) -> str:
    """A line's text without tags, entities decoded, whitespace collapsed."""
    return " ".join(strip_markup(line).split())


def _pieces(line: str, cue_start_ms: int) -> list[TimedPiece]:
    """Split a raw line into pieces, each word after an inline time carrying it."""
    parts = _INLINE_TIME.split(line)
    # parts: [head, time1, text1, time2, text2, ...]; the head starts with the cue.
    pieces: list[TimedPiece] = []
    times: list[int | None] = [cue_start_ms]
    texts = [parts[0]]
    for index in range(1, len(parts), 2):
        times.append(parse_timecode(parts[index]))
        texts.append(parts[index + 1])
    for start_ms, raw in zip(times, texts):
        for position, word in enumerate(strip_markup(raw).split()):
            pieces.append(TimedPiece(word, start_ms if position == 0 else None))
    return pieces


class _Builder:
    """Collects the new lines of each cue into words, markers and cues."""

    def __init__(self, language: str | None) -> None:
        self.language = language
        self.read_lines: list[str] = []  # plain text of every line taken so far
        self.collector = WordCollector()
        self.cues: list[Cue] = []
        self.previous: _SourceCue | None = None

    def build(self, source_cues: Sequence[_SourceCue], source: str | None) -> Transcript:
        for cue in source_cues:
            self._add_cue(cue)
        return self.collector.transcript(self.cues, Metadata(language=self.language, source=source, format="youtube_vtt"))

    def _repeated(self, plain_lines: Sequence[str]) -> int:
        """How many of a cue's leading lines repeat the last lines already read.

        The fewest that fit: a cue that shows "a" above a newly spoken "a"
        repeats one line, not two.
        """
        for count in range(1, min(len(plain_lines), len(self.read_lines)) + 1):
            if list(plain_lines[:count]) == self.read_lines[-count:]:
                return count
        return 0

    def _add_cue(self, cue: _SourceCue) -> None:
        if self.previous is not None and (cue.start_ms, cue.end_ms, cue.lines) == (
            self.previous.start_ms,
            self.previous.end_ms,
            self.previous.lines,
        ):
            return  # the same cue sent twice
        self.previous = cue
        plain_lines = [_plain(line) for line in cue.lines]
        skip = self._repeated(plain_lines)
        new_lines: list[str] = []
        for raw, plain in zip(cue.lines[skip:], plain_lines[skip:]):
            pieces = _pieces(raw, cue.start_ms)
            if skip == 0 and not new_lines and not _INLINE_TIME.search(raw):
                pieces = self._drop_grown_prefix(plain, pieces)
            self.read_lines.append(plain)
            if pieces:
                new_lines.append(" ".join(piece.text for piece in pieces))
                self.collector.add_line(pieces, cue_index=len(self.cues), start_ms=cue.start_ms, end_ms=cue.end_ms)
        if new_lines:
            self.cues.append(Cue(cue.start_ms, cue.end_ms, tuple(new_lines)))

    def _drop_grown_prefix(self, plain: str, pieces: list[TimedPiece]) -> list[TimedPiece]:
        # A line that grows word by word ("so we" -> "so we went") repeats the
        # previous line as its head: only the words after it are new.
        if self.read_lines:
            previous = self.read_lines[-1]
            if plain.startswith(previous + " "):
                rest = pieces[len(previous.split()) :]
                # The new words appeared when this cue did.
                return [TimedPiece(rest[0].text, pieces[0].start_ms), *rest[1:]]
        return pieces
