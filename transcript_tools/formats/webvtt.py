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

from transcript_tools.errors import ParseError, TimestampError
from transcript_tools.formats._cues import blocks, cues_for_writing, transcript_from_cues
from transcript_tools.model import Cue, Note, Transcript
from transcript_tools.timecode import format_timecode, parse_timecode

__all__ = ["compose", "escape", "parse", "sniff", "strip_markup"]

logger = logging.getLogger(__name__)

_TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)(?:\s+(.*?))?\s*$")
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
    for number, lines in blocks(text):
        if number == 1:
            continue  # the header block: WEBVTT and its metadata lines
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
    return transcript_from_cues(cues, source=source, format="vtt", notes=notes, styles=styles)


def _parse_cue(lines: list[str], number: int, source: str) -> Cue:
    identifier = None
    if "-->" not in lines[0]:
        identifier = lines[0].strip()
        lines = lines[1:]
        number += 1
        if not lines:
            raise ParseError("expected a cue timing line after the identifier", source=source, line=number - 1, found=identifier)
    match = _TIMING.match(lines[0])
    if match is None:
        raise ParseError("expected a cue timing line 'START --> END'", source=source, line=number, found=lines[0])
    start_ms = _timestamp(match[1], source, number)
    end_ms = _timestamp(match[2], source, number)
    if end_ms < start_ms:
        raise TimestampError(
            f"expected the cue to end after it starts ({match[2]} is before {match[1]})",
            source=source,
            line=number,
            found=lines[0],
        )
    body = lines[1:]
    speaker = None
    if body:
        voice = _VOICE.match(body[0])
        if voice:
            speaker = voice[1].strip()
    text_lines = tuple(line for line in (strip_markup(raw).strip() for raw in body) if line)
    return Cue(start_ms, end_ms, text_lines, identifier, match[3] or "", speaker)


def _timestamp(text: str, source: str, line: int) -> int:
    # WebVTT requires exactly three fraction digits and 2-digit minutes.
    if not re.fullmatch(r"(\d{2,}:)?\d{2}:\d{2}\.\d{3}", text):
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


def compose(transcript: Transcript) -> str:
    """Write a transcript's cues as WebVTT.

    Args:
        transcript: The transcript; its ``cues``, ``notes`` and ``styles`` are written.

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
    for index, cue in cues_for_writing(transcript):
        for note in notes_before.pop(index, []):
            out += [_note_block(note), ""]
        out += _cue_block(cue)
    for remaining in notes_before.values():
        out += [_note_block(note) + "\n" for note in remaining]
    return "\n".join(out).rstrip("\n") + "\n"


def _cue_block(cue: Cue) -> list[str]:
    block = []
    identifier = (cue.identifier or "").replace("\n", " ").strip()
    if identifier and "-->" not in identifier:
        block.append(identifier)
    timing = f"{format_timecode(cue.start_ms)} --> {format_timecode(cue.end_ms)}"
    settings = " ".join(cue.settings.split())
    block.append(f"{timing} {settings}" if settings else timing)
    lines = [escape(line) for line in cue.lines if line.strip()]
    if cue.speaker and lines:
        lines[0] = f"<v {escape(cue.speaker).replace('>', '')}>{lines[0]}"
    # A cue with no text would end the block early; keep it visible as a blank cue.
    block += [line.strip() for line in lines] or ["&nbsp;"]
    return [*block, ""]


def _note_block(text: str) -> str:
    # "-->" would turn the NOTE into a cue; a blank line would end it.
    lines = _nonblank(text.replace("-->", "- ->"))
    return "NOTE " + "\n".join(lines) if lines else "NOTE"


def _nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]
