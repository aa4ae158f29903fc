"""WebVTT (``.vtt``): reading and writing.

Reading keeps cue identifiers, cue settings, voices (``<v Name>``), NOTE and
STYLE blocks, so that a file survives a round trip. Markup other than voices
is dropped from the text. YouTube's auto-caption flavour, with inline word
times and rolling lines, is read by :mod:`transcript_tools.formats.youtube_vtt`.

The writer escapes ``&``, ``<`` and ``>``, never writes a blank line or
``-->`` inside a cue, and writes cues sorted with start < end.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator

from transcript_tools.errors import ParseError, TimestampError
from transcript_tools.formats._cues import cues_for_writing, transcript_from_cues
from transcript_tools.model import Cue, Metadata, Note, Transcript
from transcript_tools.timecode import format_timecode, parse_timecode

__all__ = [
    "compose",
    "cue_blocks",
    "escape",
    "header_metadata",
    "parse",
    "parse_timing",
    "sniff",
    "strip_markup",
    "warn_unpadded",
]

logger = logging.getLogger(__name__)

_TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)(?:\s+(.*?))?\s*$")
# WebVTT wants two-digit minutes and seconds and three fraction digits.
_PADDED = re.compile(r"(\d{2,}:)?\d{2}:\d{2}\.\d{3}")
# What webvtt-py and other tools accept besides ("0:0:1.5"); browsers do not.
_UNPADDED = re.compile(r"(\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}")
_TAG = re.compile(r"<[^>\n]*>")
_VOICE = re.compile(r"^\s*<v(?:\.[^\s>]+)?\s+([^>]+)>")


def sniff(text: str) -> bool:
    """True when ``text`` starts like a WebVTT file."""
    return text.lstrip("\ufeff").startswith("WEBVTT")


def strip_markup(text: str) -> str:
    """Remove WebVTT tags and decode entities.

    Example:
        >>> strip_markup("<v Ann><i>Tom &amp; Jerry</i> &lt;3")
        'Tom & Jerry <3'
    """
    return html.unescape(_TAG.sub("", text))


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse WebVTT text.

    Args:
        text: The file content (``\\n`` line ends).
        source: Name for error messages.
        strict: When false, a broken cue block is skipped with a warning.

    Returns:
        The transcript, one cue per cue block.

    Raises:
        ParseError: when the header is missing or (if strict) a cue block is broken.
    """
    name = source or "<string>"
    text = text.lstrip("\ufeff")
    if not sniff(text):
        first = text.split("\n", 1)[0]
        raise ParseError("expected 'WEBVTT' on the first line", source=name, line=1, found=first)
    header = text.split("\n", 1)[0]
    if len(header) > 6 and header[6] not in " \t":
        raise ParseError("expected 'WEBVTT' followed by a space, tab or line end", source=name, line=1, found=header)

    cues: list[Cue] = []
    notes: list[Note] = []
    styles: list[str] = []
    language = None
    for number, lines in cue_blocks(text):
        if number == 1:
            language = header_metadata(lines).get("language")
            continue
        first = lines[0]
        if first.startswith("NOTE") and (len(first) == 4 or first[4] in " \t"):
            notes.append(Note("\n".join([first[5:], *lines[1:]]).strip("\n"), len(cues)))
        elif first.strip() == "STYLE" and not cues:
            styles.append("\n".join(lines[1:]))
        elif first.strip() == "REGION" and not cues:
            continue  # regions position cues on screen; we do not model them
        else:
            try:
                cues.append(_parse_cue(lines, number, name))
            except ParseError as error:
                if strict:
                    raise
                logger.warning("%s; skipped the cue block", error)
    warn_unpadded(text, name)
    metadata = Metadata(language=language)
    return transcript_from_cues(cues, source=source, format="vtt", notes=notes, styles=styles, metadata=metadata)


def _parse_cue(lines: list[str], number: int, source: str) -> Cue:
    identifier = None
    if "-->" not in lines[0]:
        identifier = lines[0].strip()
        lines = lines[1:]
        number += 1
        if not lines:
            raise ParseError("expected a cue timing line after the identifier", source=source, line=number - 1, found=identifier)
    start_ms, end_ms, settings = parse_timing(lines[0], source=source, line_number=number)
    body = lines[1:]
    speaker = None
    if body:
        voice = _VOICE.match(body[0])
        if voice:
            speaker = voice[1].strip()
    text_lines = tuple(line for line in (strip_markup(raw).strip() for raw in body) if line)
    return Cue(start_ms, end_ms, text_lines, identifier, settings, speaker)


def cue_blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Split WebVTT text into blocks: a header, cues, NOTE and STYLE blocks.

    Two habits of real files are handled. YouTube puts lines of one space
    inside cues (``00:00:01.000 --> ...`` then `` `` then the text), so a
    whitespace-only line separates blocks only when no cue text follows it.
    Files from YouTube downloaders also leave out the blank line between a
    cue's text and the next timing line (webvtt-py's ``youtube_dl.vtt``); as
    the WebVTT parsing rules say, a line holding ``-->`` starts a new cue.

    Yields:
        ``(first_line_number, lines)`` with 1-based line numbers.
    """
    lines = text.split("\n")
    block: list[str] = []
    start = 0
    for index, line in enumerate(lines):
        if line.strip() or (line and _inside_cue(block, lines, index)):
            if "-->" in line and any("-->" in earlier for earlier in block):
                yield start + 1, block
                block = []
            if not block:
                start = index
            block.append(line)
        elif block:
            yield start + 1, block
            block = []
    if block:
        yield start + 1, block


def _inside_cue(block: list[str], lines: list[str], index: int) -> bool:
    # A whitespace-only line is cue text when cue text follows it, not a new cue.
    following = lines[index + 1 : index + 3]
    return (
        any("-->" in line for line in block)
        and bool(following)
        and bool(following[0].strip())
        and not any("-->" in line for line in following)
    )


def header_metadata(lines: list[str]) -> dict[str, str]:
    """Read ``Name: value`` lines of a WebVTT header block (YouTube writes ``Language: en``).

    Example:
        >>> header_metadata(["WEBVTT", "Kind: captions", "Language: en"])
        {'kind': 'captions', 'language': 'en'}
    """
    fields: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon and name.strip() and " " not in name.strip() and value.strip():
            fields.setdefault(name.strip().lower(), value.strip())
    return fields


def parse_timing(line: str, *, source: str, line_number: int) -> tuple[int, int, str]:
    """Read a cue timing line ``START --> END [SETTINGS]``.

    Args:
        line: The timing line.
        source: Name for error messages.
        line_number: Its 1-based line number, for error messages.

    Returns:
        ``(start_ms, end_ms, settings)``.

    Raises:
        ParseError: when the line is not a timing line.
        TimestampError: for a malformed timestamp or an end before the start.
    """
    match = _TIMING.match(line)
    if match is None:
        raise ParseError("expected a cue timing line 'START --> END'", source=source, line=line_number, found=line)
    start_ms = _timestamp(match[1], source, line_number)
    end_ms = _timestamp(match[2], source, line_number)
    if end_ms < start_ms:
        raise TimestampError(
            f"expected the cue to end after it starts ({match[2]} is before {match[1]})",
            source=source,
            line=line_number,
            found=line,
        )
    return start_ms, end_ms, match[3] or ""


def warn_unpadded(text: str, source: str) -> None:
    """Log one warning naming the first timing line whose timestamps are not zero-padded.

    WebVTT wants ``00:00:01.500``; webvtt-py and other tools also write and
    read ``0:0:1.5``, which browsers reject (they drop the cue). Such files
    are read, and written back padded.

    Args:
        text: The WebVTT text, with ``\n`` line ends.
        source: The file name the warning gives.
    """
    unpadded = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _TIMING.match(line) if "-->" in line else None
        if match and _UNPADDED.fullmatch(match[1]) and not (_PADDED.fullmatch(match[1]) and _PADDED.fullmatch(match[2])):
            unpadded.append((number, line.strip()))
    if unpadded:
        logger.warning(
            "%s:%d: timestamps not padded like 00:00:01.500 (%r, %d timing line(s) in all); read as webvtt-py "
            "reads them, but browsers drop such cues: write the file again to pad them",
            source,
            unpadded[0][0],
            unpadded[0][1],
            len(unpadded),
        )


def _timestamp(text: str, source: str, line: int) -> int:
    if not _UNPADDED.fullmatch(text):
        raise TimestampError("expected a timestamp like 00:01:02.500", source=source, line=line, found=text)
    try:
        return parse_timecode(text)
    except ValueError:
        raise TimestampError("expected minutes and seconds below 60", source=source, line=line, found=text) from None


def escape(text: str) -> str:
    """Escape the characters WebVTT cue text reserves.

    Example:
        >>> escape("a <b> & c --> d")
        'a &lt;b&gt; &amp; c --&gt; d'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def compose(transcript: Transcript, *, word_timing: bool = False) -> str:
    """Write a transcript's cues as WebVTT.

    Args:
        transcript: The transcript; its ``cues``, ``notes`` and ``styles`` are written.
        word_timing: Write each word's start as an inline timestamp
            (``<00:00:01.200>word``) for karaoke-style highlighting, taking the
            words whose ``cue_index`` names the cue (as captions built by
            :mod:`transcript_tools.pipeline` have them).

    Returns:
        The file content, ending with a newline.

    Raises:
        TimingError: when the transcript has words but no cues.
    """
    out = ["WEBVTT", ""]
    for style in transcript.styles:
        out += ["STYLE", *_nonblank(style), ""]
    notes_before: dict[int, list[str]] = {}
    for note in transcript.notes:
        notes_before.setdefault(note.cue_index, []).append(note.text)
    word_starts: dict[int, list[int | None]] = {}
    if word_timing:
        for word in transcript.words:
            if word.cue_index is not None:
                word_starts.setdefault(word.cue_index, []).append(word.start_ms)
    for index, cue in cues_for_writing(transcript):
        for text in notes_before.pop(index, []):
            out += [_note_block(text), ""]
        out += _cue_block(cue, word_starts.get(index))
    for remaining in notes_before.values():
        out += [_note_block(text) + "\n" for text in remaining]
    return "\n".join(out).rstrip("\n") + "\n"


def _cue_block(cue: Cue, word_starts: list[int | None] | None = None) -> list[str]:
    block = []
    identifier = (cue.identifier or "").replace("\n", " ").strip()
    if identifier and "-->" not in identifier:
        block.append(identifier)
    timing = f"{format_timecode(cue.start_ms)} --> {format_timecode(cue.end_ms)}"
    settings = " ".join(cue.settings.split())
    block.append(f"{timing} {settings}" if settings else timing)
    lines = [escape(line) for line in cue.lines if line.strip()]
    if word_starts:
        lines = _timed_lines(cue, word_starts) or lines
    if cue.speaker and lines:
        lines[0] = f"<v {escape(cue.speaker).replace('>', '')}>{lines[0]}"
    # A cue with no text would end the block early; keep it visible as a blank cue.
    block += [line.strip() for line in lines] or ["&nbsp;"]
    return [*block, ""]


def _timed_lines(cue: Cue, word_starts: list[int | None]) -> list[str] | None:
    """The cue's lines with a timestamp before each word, or None if its words do not match."""
    tokens = [line.split() for line in cue.lines if line.strip()]
    if sum(map(len, tokens)) != len(word_starts):
        return None
    starts = iter(word_starts)
    latest = cue.start_ms
    lines = []
    for line_tokens in tokens:
        parts = []
        for token in line_tokens:
            start = next(starts)
            # Players ignore timestamps outside the cue or not increasing.
            if start is not None and latest < start < cue.end_ms:
                parts.append(f"<{format_timecode(start)}>{escape(token)}")
                latest = start
            else:
                parts.append(escape(token))
        lines.append(" ".join(parts))
    return lines


def _note_block(text: str) -> str:
    # "-->" would turn the NOTE into a cue; a blank line would end it.
    lines = _nonblank(text.replace("-->", "- ->"))
    return "NOTE " + "\n".join(lines) if lines else "NOTE"


def _nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]
