"""YouTube SubViewer (``.sbv``): reading.

Blocks separated by blank lines, each a timing line ``H:MM:SS.mmm,H:MM:SS.mmm``
followed by text lines; ``[br]`` inside a line also breaks it (subsrt's
sample writes it so).
"""

from __future__ import annotations

import logging
import re

from transcript_tools.errors import ParseError, TimestampError
from transcript_tools.formats._cues import blocks, transcript_from_cues
from transcript_tools.model import Cue, Transcript
from transcript_tools.timecode import parse_timecode

__all__ = ["parse", "sniff"]

logger = logging.getLogger(__name__)

_TIME = r"\d+:\d{1,2}:\d{1,2}(?:\.\d{1,3})?"
_TIMING = re.compile(rf"^\s*({_TIME})\s*,\s*({_TIME})\s*$")
_SNIFF = re.compile(rf"\A\s*{_TIME},{_TIME}\s*\n")
_BREAK = re.compile(r"\[br\]", re.IGNORECASE)


def sniff(text: str) -> bool:
    """True when ``text`` opens with an SBV timing line."""
    return _SNIFF.match(text.lstrip("\ufeff")[:200]) is not None


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse SBV text.

    Args:
        text: The file content (``\\n`` line ends).
        source: Name for error messages.
        strict: When false, a block with a broken timing line is skipped with a warning.

    Returns:
        The transcript, one cue per block.

    Raises:
        ParseError: when (if strict) a block does not open with a timing line.
    """
    name = source or "<string>"
    cues: list[Cue] = []
    for number, lines in blocks(text.lstrip("\ufeff")):
        try:
            cues.append(_parse_block(lines, number, name))
        except ParseError as error:
            if strict:
                raise
            logger.warning("%s; skipped the block", error)
    return transcript_from_cues(cues, source=source, format="sbv")


def _parse_block(lines: list[str], number: int, source: str) -> Cue:
    match = _TIMING.match(lines[0])
    if match is None:
        raise ParseError("expected a timing line 'H:MM:SS.mmm,H:MM:SS.mmm'", source=source, line=number, found=lines[0])
    try:
        start_ms, end_ms = parse_timecode(match[1]), parse_timecode(match[2])
    except ValueError:
        raise TimestampError("expected minutes and seconds below 60", source=source, line=number, found=lines[0]) from None
    if end_ms < start_ms:
        raise TimestampError("expected the caption to end after it starts", source=source, line=number, found=lines[0])
    text = tuple(part.strip() for line in lines[1:] for part in _BREAK.split(line) if part.strip())
    return Cue(start_ms, end_ms, text)
