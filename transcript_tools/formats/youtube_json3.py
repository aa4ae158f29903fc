"""YouTube json3 captions (``.json3``, ``fmt=json3``): reading.

The document is ``{"wireMagic": "pb3", "events": [...]}``. An event with
``segs`` is a caption line shown from ``tStartMs`` for ``dDurationMs``; one
without is a window definition. Automatic captions split the line into word
segments, each with ``tOffsetMs`` after the event start (the first segment has
none: it starts with the event). Events with ``"aAppend": 1`` holding only
``"\\n"`` break the line on screen and carry no words.

Word times come from the segments where the event has ``tOffsetMs``; manual
captions (one segment per line, no offsets) give cue times only, as SRT does.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from transcript_tools.errors import ParseError
from transcript_tools.formats._io import line_of_json_item, load_json
from transcript_tools.formats._words import WordCollector, timed_lines
from transcript_tools.model import Cue, Metadata, Transcript

__all__ = ["parse", "sniff"]

logger = logging.getLogger(__name__)

_SNIFF = re.compile(r'^\s*\{.*?"(?:wireMagic|events)"\s*:', re.DOTALL)


def sniff(text: str) -> bool:
    """True for a JSON object with json3's ``wireMagic`` or ``events`` with ``tStartMs``."""
    head = text[:4096]
    return _SNIFF.match(head) is not None and ('"wireMagic"' in head or '"tStartMs"' in head)


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse a json3 document.

    Args:
        text: The JSON text.
        source: Name for error messages.
        strict: When false, a malformed event is skipped with a warning.

    Returns:
        The transcript: one cue per caption event, words with times where the
        events have word segments.

    Raises:
        ParseError: for invalid JSON, a missing ``events`` list or (if strict) a malformed event.
    """
    name = source or "<string>"
    document = load_json(text, source=name, what="json3")
    events = document.get("events") if isinstance(document, dict) else None
    if not isinstance(events, list):
        raise ParseError('expected a json3 object with an "events" list', source=name, line=1, found=text[:40])
    collector = WordCollector()
    cues: list[Cue] = []
    for index, event in enumerate(events):
        try:
            cue = _add_event(event, index, collector, len(cues))
        except _Invalid as invalid:
            line = line_of_json_item(text, ("events", index, *invalid.location))
            if strict:
                raise ParseError(invalid.expected, source=name, line=line, found=invalid.found) from None
            logger.warning("%s:%s: %s, got %r; skipped the event", name, line, invalid.expected, invalid.found)
            continue
        if cue is not None:
            cues.append(cue)
    return collector.transcript(cues, Metadata(source=source, format="json3"))


class _Invalid(Exception):
    """A malformed event: what was expected and found, and where in the event (``("segs", 2, "utf8")``)."""

    def __init__(self, expected: str, found: str, location: tuple[str | int, ...]) -> None:
        super().__init__(expected)
        self.expected = expected
        self.found = found
        self.location = location


def _number(value: Any, field: str, index: int, location: tuple[str | int, ...]) -> int:
    # YouTube writes numbers; some tools re-serialise them as strings.
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _Invalid(f"expected events[{index}].{field} to be a number of milliseconds", repr(value), location)
    try:
        number = int(float(value))
    except ValueError:
        raise _Invalid(
            f"expected events[{index}].{field} to be a number of milliseconds", repr(value), location
        ) from None
    if number < 0:
        raise _Invalid(f"expected events[{index}].{field} to be non-negative", repr(value), location)
    return number


def _add_event(event: Any, index: int, collector: WordCollector, cue_index: int) -> Cue | None:
    if not isinstance(event, dict):
        raise _Invalid(f"expected events[{index}] to be an object", repr(event)[:40], ())
    segs = event.get("segs")
    if not segs:
        return None  # a window or style definition
    if not isinstance(segs, list) or not all(isinstance(seg, dict) for seg in segs):
        raise _Invalid(f"expected events[{index}].segs to be a list of objects", repr(segs)[:40], ("segs",))
    start_ms = _number(event.get("tStartMs", 0), "tStartMs", index, ("tStartMs",))
    end_ms = start_ms + _number(event.get("dDurationMs", 0), "dDurationMs", index, ("dDurationMs",))
    word_timed = any("tOffsetMs" in seg for seg in segs)
    runs: list[tuple[str, int | None]] = []
    for position, seg in enumerate(segs):
        piece = seg.get("utf8", "")
        if not isinstance(piece, str):
            raise _Invalid(
                f"expected events[{index}].segs[{position}].utf8 to be text",
                repr(piece)[:40],
                ("segs", position, "utf8"),
            )
        offset = seg.get("tOffsetMs")
        time = None
        if word_timed and (offset is not None or position == 0):
            if offset is not None:
                time = start_ms + _number(offset, f"segs[{position}].tOffsetMs", index, ("segs", position, "tOffsetMs"))
            else:
                time = start_ms
        runs.append((piece, time))
    lines = timed_lines(runs)
    for pieces in lines:
        collector.add_line(pieces, cue_index=cue_index, start_ms=start_ms, end_ms=end_ms if word_timed else None)
    if not lines:
        return None  # "aAppend" line breaks and empty events
    return Cue(start_ms, end_ms, tuple(" ".join(piece.text for piece in line) for line in lines))
