"""SubRip (``.srt``): reading and writing.

Real SRT files deviate from the nominal format in well-known ways that we
accept: a missing or non-numeric index, ``.`` instead of ``,`` before the
milliseconds, one- or two-digit fractions, whitespace-only separator lines,
and position suffixes after the timing (``X1:100 X2:200``). Basic HTML-like
tags (``<i>``, ``<font>``) and ASS overrides (``{\\an8}``) are stripped, so
text cannot hold a literal ``<tag>``: SRT has no way to escape one.
"""

from __future__ import annotations

import logging
import re

from transcript_tools.errors import ParseError, TimestampError
from transcript_tools.formats._cues import blocks, cues_for_writing, transcript_from_cues
from transcript_tools.model import Cue, Transcript
from transcript_tools.timecode import format_timecode, parse_timecode

__all__ = ["compose", "parse", "sniff"]

logger = logging.getLogger(__name__)

_TIME = r"\d+:\d{1,2}:\d{1,2}(?:[,.]\d{1,3})?"
_TIMING = re.compile(rf"^\s*({_TIME})\s*-->\s*({_TIME})(?:\s+.*)?$")
_LOOSE_TIMING = re.compile(r"-->")
_CLOCK = re.compile(r"\d+:\d{1,2}:\d{1,2}")
_MARKUP = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")
_SNIFF = re.compile(rf"^\s*\d+\s*\n\s*{_TIME}\s*-->\s*{_TIME}", re.MULTILINE)


def sniff(text: str) -> bool:
    """True when ``text`` looks like SRT: an index line, then a timing line."""
    return _SNIFF.search(text[:4096]) is not None


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse SRT text.

    Args:
        text: The file content (``\\n`` line ends).
        source: Name for error messages.
        strict: When false, a broken block is skipped with a warning.

    Returns:
        The transcript, one cue per subtitle block.

    Raises:
        ParseError: when (if strict) a block has no valid timing line.
    """
    name = source or "<string>"
    cues: list[Cue] = []
    for number, lines in blocks(text.lstrip("\ufeff")):
        try:
            cue = _parse_block(lines, number, name)
        except ParseError as error:
            if cues and not _looks_like_a_cue(lines):
                # A blank line inside a subtitle's text splits the block: the
                # text-only "block" that follows belongs to the previous cue.
                previous = cues[-1]
                extra = tuple(cleaned for cleaned in map(_clean, lines) if cleaned)
                cues[-1] = Cue(previous.start_ms, previous.end_ms, previous.lines + extra, previous.identifier)
                continue
            if strict:
                raise
            logger.warning("%s; skipped the block", error)
            continue
        cues.append(cue)
    if not cues and text.strip():
        raise ParseError("expected at least one subtitle block 'INDEX / START --> END / TEXT'", source=name, line=1, found=text.strip().split("\n", 1)[0])
    return transcript_from_cues(cues, source=source, format="srt")


def _looks_like_a_cue(lines: list[str]) -> bool:
    # An index line or a timestamp in the first two lines: a subtitle whose
    # timing line is broken ("00:00:02,000 -> 00:00:03,000"), not more text.
    head = lines[:2]
    return lines[0].strip().isdigit() or any("-->" in line or _CLOCK.search(line) for line in head)


def _parse_block(lines: list[str], number: int, source: str) -> Cue:
    identifier = None
    timing_index = 0
    if not _LOOSE_TIMING.search(lines[0]):
        identifier = lines[0].strip()
        timing_index = 1
    if timing_index >= len(lines) or not _LOOSE_TIMING.search(lines[timing_index]):
        found = lines[timing_index] if timing_index < len(lines) else lines[0]
        raise ParseError("expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm'", source=source, line=number + timing_index, found=found)
    line = lines[timing_index]
    match = _TIMING.match(line)
    if match is None:
        raise TimestampError("expected timestamps like 00:01:02,500", source=source, line=number + timing_index, found=line)
    try:
        start_ms, end_ms = parse_timecode(match[1]), parse_timecode(match[2])
    except ValueError:
        raise TimestampError("expected minutes and seconds below 60", source=source, line=number + timing_index, found=line) from None
    if end_ms < start_ms:
        raise TimestampError("expected the subtitle to end after it starts", source=source, line=number + timing_index, found=line)
    text = tuple(cleaned for cleaned in (_clean(raw) for raw in lines[timing_index + 1 :]) if cleaned)
    return Cue(start_ms, end_ms, text, identifier)


def _clean(line: str) -> str:
    # No entity decoding: SubRip has no entities, and '&amp;' in a real SRT file is literal.
    return _MARKUP.sub("", line).strip()


def compose(transcript: Transcript) -> str:
    """Write a transcript's cues as SRT, numbered from 1.

    Args:
        transcript: The transcript; its ``cues`` are written.

    Returns:
        The file content.

    Raises:
        TimingError: when the transcript has words but no cues.
    """
    out = []
    for number, (_, cue) in enumerate(cues_for_writing(transcript), start=1):
        start = format_timecode(cue.start_ms, separator=",")
        end = format_timecode(cue.end_ms, separator=",")
        lines = [line.strip() for line in cue.lines if line.strip()]
        if cue.speaker and lines:
            lines[0] = f"{cue.speaker}: {lines[0]}"
        # A subtitle with no text would merge with the next block when read back.
        out.append("\n".join([str(number), f"{start} --> {end}", *(lines or ["\u00a0"])]))
    return "\n\n".join(out) + "\n" if out else ""
