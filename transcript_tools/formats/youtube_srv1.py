"""YouTube srv1 captions (``.srv1``; the ``timedtext`` XML many tools fetch): reading.

``<transcript>`` holds ``<text start="SECONDS" dur="SECONDS">`` elements, one
cue each. The text is HTML-escaped a second time inside the XML: an apostrophe
arrives as ``&amp;#39;`` and markup as ``&lt;i&gt;``, so after the XML parser
the entities are decoded once more and tags removed. srv1 has cue times only.
"""

from __future__ import annotations

import html
import logging
import re

from transcript_tools.errors import ParseError, TimestampError
from transcript_tools.formats._cues import transcript_from_cues
from transcript_tools.formats._xml import local_name, parse_xml_lines, seconds_to_ms
from transcript_tools.model import Cue, Transcript

__all__ = ["parse", "sniff"]

logger = logging.getLogger(__name__)

_SNIFF = re.compile(r"<transcript>\s*<text\s+start=")
_TAG = re.compile(r"<[^>\n]*>")


def sniff(text: str) -> bool:
    """True for a ``<transcript><text start=...>`` document."""
    return _SNIFF.search(text[:4096]) is not None


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse an srv1 document.

    Args:
        text: The XML text.
        source: Name for error messages.
        strict: When false, a ``<text>`` with a broken time is skipped with a warning.

    Returns:
        The transcript, one cue per non-empty ``<text>`` element.

    Raises:
        ParseError: for malformed XML, another root element or (if strict) a broken time.
    """
    name = source or "<string>"
    root, element_lines = parse_xml_lines(text, source=name, expected="an srv1 <transcript> document")
    if local_name(root) != "transcript":
        raise ParseError(
            "expected a <transcript> root element", source=name, line=element_lines[root], found=f"<{local_name(root)}>"
        )
    cues: list[Cue] = []
    for element in (e for e in root if local_name(e) == "text"):
        try:
            start_ms = seconds_to_ms(element.get("start", ""))
            end_ms = start_ms + seconds_to_ms(element.get("dur", "0"))
        except ValueError:
            error = TimestampError(
                'expected start="SECONDS" and dur="SECONDS" on <text>',
                source=name,
                line=element_lines[element],
                found=f'start="{element.get("start")}" dur="{element.get("dur")}"',
            )
            if strict:
                raise error from None
            logger.warning("%s; skipped the element", error)
            continue
        lines = tuple(" ".join(line.split()) for line in _clean("".join(element.itertext())).split("\n"))
        lines = tuple(line for line in lines if line)
        if lines:
            cues.append(Cue(start_ms, end_ms, lines))
    return transcript_from_cues(cues, source=source, format="srv1")


def _clean(text: str) -> str:
    # Decoded once by the XML parser; the second escape is decoded here.
    return html.unescape(_TAG.sub("", html.unescape(text)))
