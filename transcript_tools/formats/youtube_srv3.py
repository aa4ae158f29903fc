"""YouTube srv3 captions (``.srv3``, ``fmt=srv3``): reading.

``<timedtext format="3"><body>`` holds ``<p t="MS" d="MS">`` paragraphs, one
caption line each. Automatic captions split them into ``<s t="OFFSET">``
word spans, the offset counted from the paragraph start (the first span has
none). Paragraphs with ``a="1"`` only break the line on screen. Manual
captions put the text straight into ``<p>``, with ``\\n`` or ``<br/>`` between lines.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET

from transcript_tools.errors import ParseError
from transcript_tools.formats._words import WordCollector, timed_lines
from transcript_tools.formats._xml import local_name, parse_xml_lines
from transcript_tools.model import Cue, Metadata, Transcript

__all__ = ["parse", "sniff"]

logger = logging.getLogger(__name__)

_SNIFF = re.compile(r"<timedtext\b[^>]*\bformat=[\"']3[\"']")


def sniff(text: str) -> bool:
    """True for a ``<timedtext format="3">`` document."""
    return _SNIFF.search(text[:4096]) is not None


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse an srv3 document.

    Args:
        text: The XML text.
        source: Name for error messages.
        strict: When false, a paragraph with a broken time is skipped with a warning.

    Returns:
        The transcript: one cue per paragraph, words with times where it has ``<s t>`` spans.

    Raises:
        ParseError: for malformed XML, a root other than ``timedtext`` or (if strict) a broken time.
    """
    name = source or "<string>"
    root, lines = parse_xml_lines(text, source=name, expected="an srv3 document")
    if local_name(root) != "timedtext":
        raise ParseError(
            "expected a <timedtext> root element", source=name, line=lines[root], found=f"<{local_name(root)}>"
        )
    paragraphs = [element for element in root.iter() if local_name(element) == "p"]
    collector = WordCollector()
    cues: list[Cue] = []
    for paragraph in paragraphs:
        try:
            cue = _add_paragraph(paragraph, collector, len(cues))
        except _Invalid as invalid:
            error = ParseError(invalid.expected, source=name, line=lines[invalid.element], found=invalid.found)
            if strict:
                raise error from None
            logger.warning("%s; skipped the paragraph", error)
            continue
        if cue is not None:
            cues.append(cue)
    return collector.transcript(cues, Metadata(source=source, format="srv3"))


class _Invalid(Exception):
    """A broken attribute: what was expected, what was found, and the element (paragraph or span) holding it."""

    def __init__(self, expected: str, element: ET.Element, found: str | None = None) -> None:
        super().__init__(expected)
        self.expected = expected
        self.element = element
        self.found = found


def _milliseconds(element: ET.Element, attribute: str, default: int | None = None) -> int:
    value = element.get(attribute)
    if value is None:
        if default is None:
            raise _Invalid(f'expected a {attribute}="milliseconds" attribute on <{local_name(element)}>', element)
        return default
    if not value.strip().isdigit():
        raise _Invalid(f"expected {attribute} in whole milliseconds on <{local_name(element)}>", element, found=value)
    return int(value)


def _add_paragraph(paragraph: ET.Element, collector: WordCollector, cue_index: int) -> Cue | None:
    start_ms = _milliseconds(paragraph, "t")
    end_ms = start_ms + _milliseconds(paragraph, "d", default=0)
    spans = [child for child in paragraph if local_name(child) == "s"]
    word_timed = any(span.get("t") is not None for span in spans)
    runs: list[tuple[str, int | None]] = [(paragraph.text or "", start_ms if word_timed else None)]
    for child in paragraph:
        if local_name(child) == "br":
            runs.append(("\n", None))
        elif local_name(child) == "s" and word_timed:
            offset = child.get("t")
            time = start_ms + _milliseconds(child, "t") if offset is not None else None
            if not runs[0][0].strip() and len(runs) == 1 and time is None:
                time = start_ms  # the first span starts with its paragraph
            runs.append(("".join(child.itertext()), time))
        else:
            runs.append(("".join(child.itertext()), None))
        runs.append((child.tail or "", None))
    lines = timed_lines(runs)
    for pieces in lines:
        collector.add_line(pieces, cue_index=cue_index, start_ms=start_ms, end_ms=end_ms if word_timed else None)
    if not lines:
        return None  # an "a=1" line break or an empty paragraph
    return Cue(start_ms, end_ms, tuple(" ".join(piece.text for piece in line) for line in lines))
