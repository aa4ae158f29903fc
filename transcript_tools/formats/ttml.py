"""TTML and DFXP (``.ttml``, ``.dfxp``, ``.xml``): reading.

``<tt>`` holds ``<body><div><p begin end>`` paragraphs, one cue each, in the
TTML namespace, the older DFXP ones, or none. Lines break at ``<br/>``; other
whitespace collapses, as XML text does. ``<span>`` text is kept, and a span
with its own ``begin`` gives its first word that time, its ``end`` (or
``dur``) its last word's end (karaoke files). Only whitespace parts words:
spans with nothing between them are one word, as Apple Music writes the
syllables of a word (``<span>Hel</span><span>lo</span>``).

Times are clock times (``00:00:01.500``, or ``00:00:01:12`` with frames at
``ttp:frameRate`` times ``ttp:frameRateMultiplier``) or offsets (``1.5s``,
``1500ms``, ``2m``, ``1h``, ``30f``, or ``t`` ticks at ``ttp:tickRate``). A
paragraph's times count from its ``<div>``'s and ``<body>``'s ``begin``;
``dur`` stands in for a missing ``end``.

Apple Music's lyric TTML breaks the spec twice, and is read as it means,
with one warning: times are plain seconds (``19.764``) or minutes and
seconds (``3:26.660``), and paragraphs give absolute times inside a
``<div begin end>`` (they lie within the div as they are, and would run
past its end counted from its begin).

``xml:lang`` gives the language, ``ttm:title`` the title, and ``ttm:agent``
(with its ``ttm:name``) the speaker.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from fractions import Fraction

from transcript_tools.errors import ParseError, TimestampError
from transcript_tools.formats._words import WordCollector, timed_lines
from transcript_tools.formats._xml import local_name, parse_xml_lines
from transcript_tools.model import Cue, Metadata, Transcript

__all__ = ["parse", "parse_time", "sniff"]

logger = logging.getLogger(__name__)

_XML = "{http://www.w3.org/XML/1998/namespace}"
_SNIFF = re.compile(r"<(?:\w+:)?tt[\s>]")
_CLOCK = re.compile(r"^(\d{2,}):(\d{2}):(\d{2})(?:\.(\d+)|:(\d{2,})(?:\.(\d+))?)?$")
_OFFSET = re.compile(r"^(\d+(?:\.\d+)?)(h|ms|m|s|f|t)$")
# Off the spec's grammar, but written by Apple Music: seconds without a metric
# ("19.764"), minutes and seconds ("3:26.660") and hours without padding.
_LENIENT = re.compile(r"^(?:(?:(\d+):)?(\d{1,2}):(?=\d{2}(?:\.|$)))?(\d+(?:\.\d+)?)$")


@dataclass(frozen=True, slots=True)
class Rates:
    """The ``ttp:`` parameters that turn frames and ticks into time.

    Attributes:
        frame_rate: Frames per second, after the multiplier.
        sub_frame_rate: Sub-frames per frame.
        tick_rate: Ticks per second.
    """

    frame_rate: Fraction = Fraction(30)
    sub_frame_rate: int = 1
    tick_rate: Fraction = Fraction(1)


def sniff(text: str) -> bool:
    """True for an XML document whose root is ``<tt>`` (any namespace prefix)."""
    return _SNIFF.search(text[:4096]) is not None and "<timedtext" not in text[:4096]


def parse_time(text: str, rates: Rates = Rates(), *, lenient: bool = False) -> int:
    """Read a TTML time expression as milliseconds.

    Args:
        text: A clock time (``00:00:01.500``, ``00:00:01:12``) or an offset
            (``1.5s``, ``1500ms``, ``2m``, ``1h``, ``30f``, ``9000t``).
        rates: The document's frame and tick rates.
        lenient: Also accept what TTML2's grammar (section 12.3.1, where an
            offset needs its metric) rules out but Apple Music writes:
            plain seconds (``19.764``), minutes and seconds (``3:26.660``),
            hours without padding (``1:02:03.5``).

    Returns:
        The time in integer milliseconds.

    Raises:
        ValueError: for anything else.

    Example:
        >>> parse_time("00:00:01:12", Rates(frame_rate=Fraction(24)))
        1500
        >>> parse_time("1.5s"), parse_time("250ms"), parse_time("20000000t", Rates(tick_rate=Fraction(10000000)))
        (1500, 250, 2000)
        >>> parse_time("19.764", lenient=True), parse_time("3:26.660", lenient=True)
        (19764, 206660)
    """
    value = text.strip()
    if lenient and _CLOCK.match(value) is None and _OFFSET.match(value) is None:
        loose = _LENIENT.match(value)
        if loose is None:
            raise ValueError(f"not a TTML time expression: {text!r}")
        loose_seconds = Fraction(loose[3])
        if (loose[2] is not None and loose_seconds >= 60) or (loose[1] is not None and int(loose[2]) >= 60):
            raise ValueError(f"clock time field out of range: {text!r}")
        return round((int(loose[1] or 0) * 3600 + int(loose[2] or 0) * 60 + loose_seconds) * 1000)
    clock = _CLOCK.match(value)
    if clock is not None:
        hours, minutes, seconds = int(clock[1]), int(clock[2]), int(clock[3])
        if minutes >= 60 or seconds >= 61:
            raise ValueError(f"clock time field out of range: {text!r}")
        total = Fraction(hours * 3600 + minutes * 60 + seconds)
        if clock[4] is not None:
            total += Fraction(int(clock[4]), 10 ** len(clock[4]))
        elif clock[5] is not None:
            frames = Fraction(int(clock[5]))
            if clock[6] is not None:
                frames += Fraction(int(clock[6]), rates.sub_frame_rate)
            total += frames / rates.frame_rate
        return round(total * 1000)
    offset = _OFFSET.match(value)
    if offset is None:
        raise ValueError(f"not a TTML time expression: {text!r}")
    count = Fraction(offset[1])
    seconds_per_unit = {
        "h": Fraction(3600),
        "m": Fraction(60),
        "s": Fraction(1),
        "ms": Fraction(1, 1000),
        "f": 1 / rates.frame_rate,
        "t": 1 / rates.tick_rate,
    }[offset[2]]
    return round(count * seconds_per_unit * 1000)


def _rates(root: ET.Element, source: str, line: int) -> Rates:
    parameters = {name.rsplit("}", 1)[-1]: value for name, value in root.attrib.items() if "ttml#parameter" in name or "ttaf1#parameter" in name}
    try:
        frame_rate = Fraction(parameters.get("frameRate", "30"))
        multiplier = parameters.get("frameRateMultiplier", "1 1").split()
        frame_rate *= Fraction(int(multiplier[0]), int(multiplier[1]))
        sub_frame_rate = int(parameters.get("subFrameRate", "1"))
        default_ticks = frame_rate * sub_frame_rate if "frameRate" in parameters else Fraction(1)
        tick_rate = Fraction(parameters.get("tickRate", default_ticks))
        if frame_rate <= 0 or sub_frame_rate <= 0 or tick_rate <= 0:
            raise ValueError("rates must be positive")
    except (ValueError, IndexError, ZeroDivisionError):
        found = " ".join(f'{k}="{v}"' for k, v in parameters.items())
        raise ParseError("expected valid ttp:frameRate, frameRateMultiplier, subFrameRate and tickRate", source=source, line=line, found=found) from None
    return Rates(frame_rate, sub_frame_rate, tick_rate)


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse a TTML or DFXP document.

    Args:
        text: The XML text.
        source: Name for error messages.
        strict: When false, a paragraph with missing or broken times is skipped with a warning.

    Returns:
        The transcript: one cue per timed ``<p>``; words timed only where spans have times.

    Raises:
        ParseError: for malformed XML, a root other than ``tt`` or (if strict) a paragraph without valid times.
    """
    name = source or "<string>"
    root, lines = parse_xml_lines(text, source=name, expected="a TTML document")
    if local_name(root) != "tt":
        raise ParseError("expected a TTML <tt> root element", source=name, line=lines[root], found=f"<{local_name(root)}>")
    reader = _Reader(lines, name, _rates(root, name, lines[root]), _agents(root), strict)
    for child in root:
        if local_name(child) == "body":
            reader.read_container(child, 0)
    return reader.collector.transcript(
        reader.cues,
        Metadata(title=_title(root), language=root.get(f"{_XML}lang") or None, source=source, format="ttml"),
    )


def _title(root: ET.Element) -> str | None:
    for element in root.iter():
        if local_name(element) == "title" and (element.text or "").strip():
            return " ".join((element.text or "").split())
    return None


def _agents(root: ET.Element) -> dict[str, str]:
    names = {}
    for element in root.iter():
        if local_name(element) == "agent":
            identifier = element.get(f"{_XML}id")
            name = next((" ".join((n.text or "").split()) for n in element if local_name(n) == "name"), "")
            if identifier:
                names[identifier] = name or identifier
    return names


def _attribute(element: ET.Element, name: str) -> str | None:
    """An attribute by local name, in no namespace or any TTML one (``ttm:agent``)."""
    if name in element.attrib:
        return element.attrib[name]
    return next((value for key, value in element.attrib.items() if key.rsplit("}", 1)[-1] == name), None)


class _Reader:
    def __init__(self, lines: dict[ET.Element, int], source: str, rates: Rates, agents: dict[str, str], strict: bool) -> None:
        self.lines = lines  # where each element's start tag is, for messages
        self.strict = strict
        self.source = source
        self.rates = rates
        self.agents = agents
        self.collector = WordCollector()
        self.cues: list[Cue] = []
        self.warned: set[str] = set()

    def _time(self, element: ET.Element, attribute: str) -> int | None:
        value = element.get(attribute)
        if value is None:
            return None
        try:
            return parse_time(value, self.rates)
        except ValueError:
            pass
        try:
            milliseconds = parse_time(value, self.rates, lenient=True)
        except ValueError:
            raise TimestampError(
                f"expected a TTML time in {attribute}= (like 00:00:01.500, 1.5s or 30f)",
                source=self.source,
                line=self.lines.get(element),
                found=value,
            ) from None
        self._warn(
            "times without a unit or in minutes:seconds are not TTML times; read as Apple Music means them",
            element,
            found=f"{attribute}={value!r}",
        )
        return milliseconds

    def _warn(self, problem: str, element: ET.Element, *, found: str | None = None) -> None:
        """Log, once a document, each departure from the spec that it is read despite.

        Args:
            problem: What departs from the spec; a document warns once for each.
            element: Where the first instance is; the message names its line.
            found: The first instance, quoted in the message so the user can find it.
        """
        if problem not in self.warned:
            self.warned.add(problem)
            where = f" ({found})" if found else ""
            logger.warning("%s:%s: %s%s", self.source, self.lines.get(element, 1), problem, where)

    def read_container(self, element: ET.Element, offset_ms: int) -> None:
        begin = self._time(element, "begin") if local_name(element) in ("body", "div") else None
        if begin and self._absolute_inside(element, "p", begin, self._time(element, "end")):
            self._warn("times inside a <div begin end> are absolute (they fit it only so); read as Apple Music means them", element)
        else:
            offset_ms += begin or 0
        for child in element:
            kind = local_name(child)
            if kind == "div":
                self.read_container(child, offset_ms)
            elif kind == "p":
                try:
                    self._read_paragraph(child, offset_ms)
                except ParseError as error:
                    if self.strict:
                        raise
                    logger.warning("%s; skipped the paragraph", error)

    def _absolute_inside(self, container: ET.Element, kind: str, begin: int, end: int | None) -> bool:
        """True when the times of the container's ``kind`` children only make sense as absolute times.

        Counted from the container's begin, as the spec says, some child
        would end after the container does (and so never show), while as
        they are they all lie between its begin and end.
        """
        if end is None:
            return False
        spans = []
        for child in container:
            if local_name(child) == kind:
                try:
                    start, stop = self._time(child, "begin"), self._time(child, "end")
                except ParseError:
                    return False  # reported where the child is read
                if start is None:
                    if kind == "p":
                        return False
                    continue
                spans.append((start, stop if stop is not None else start))
        return bool(spans) and all(begin <= start <= stop <= end for start, stop in spans) and any(
            begin + stop > end for _, stop in spans
        )

    def _read_paragraph(self, paragraph: ET.Element, offset_ms: int) -> None:
        begin = self._time(paragraph, "begin")
        end = self._time(paragraph, "end")
        duration = self._time(paragraph, "dur")
        if begin is None or (end is None and duration is None):
            found = " ".join(f'{k.rsplit("}", 1)[-1]}="{v}"' for k, v in paragraph.attrib.items())
            raise ParseError("expected begin= and end= (or dur=) on <p>", source=self.source, line=self.lines.get(paragraph), found=found)
        start_ms = offset_ms + begin
        end_ms = offset_ms + end if end is not None else start_ms + (duration or 0)
        if end_ms < start_ms:
            raise TimestampError(
                "expected the paragraph to end after it begins", source=self.source, line=self.lines.get(paragraph), found=f"begin={begin} end={end}"
            )
        agent = _attribute(paragraph, "agent")
        speaker = self.agents.get(agent.split()[0], agent.split()[0]) if agent and agent.split() else None
        runs: list[tuple[str, int | None, int | None]] = []
        base_ms = start_ms
        if begin and self._absolute_inside(paragraph, "span", begin, end if end is not None else begin + (duration or 0)):
            self._warn("times inside a <p begin end> are absolute (they fit it only so); read as Apple Music means them", paragraph)
            base_ms = offset_ms
        self._collect(paragraph, base_ms, runs)
        word_timed = any(time is not None for _, time, _ in runs)
        lines = timed_lines(runs)
        if not lines:
            return
        if self.agents or agent:
            self.collector.set_speaker(speaker)
        for pieces in lines:
            self.collector.add_line(pieces, cue_index=len(self.cues), start_ms=start_ms, end_ms=end_ms if word_timed else None)
        text = tuple(" ".join(piece.text for piece in line) for line in lines)
        self.cues.append(Cue(start_ms, end_ms, text, paragraph.get(f"{_XML}id"), speaker=speaker))

    def _collect(self, element: ET.Element, start_ms: int, runs: list[tuple[str, int | None, int | None]]) -> None:
        # XML whitespace, newlines included, collapses to a space; only <br/> breaks a line.
        # Whitespace, and only whitespace, separates words: Apple Music times
        # each syllable of a word as a span of its own, "<span>Hel</span><span>lo</span>".
        runs.append(((element.text or "").replace("\n", " "), None, None))
        for child in element:
            kind = local_name(child)
            if kind == "br":
                runs.append(("\n", None, None))
            elif kind == "span":
                begin = self._time(child, "begin")
                if begin is not None:
                    runs.append(((child.text or "").replace("\n", " "), start_ms + begin, None))
                    inner: list[tuple[str, int | None, int | None]] = []
                    for grandchild in child:
                        self._collect_child(grandchild, start_ms + begin, inner)
                    runs.extend(inner)
                    # The span's end ends its last word: empty text, so it marks the text so far.
                    end = self._time(child, "end")
                    duration = self._time(child, "dur") if end is None else None
                    if end is not None or duration is not None:
                        runs.append(("", None, start_ms + end if end is not None else start_ms + begin + (duration or 0)))
                else:
                    self._collect(child, start_ms, runs)
            elif kind not in ("metadata", "set", "image"):
                self._collect(child, start_ms, runs)
            runs.append(((child.tail or "").replace("\n", " "), None, None))

    def _collect_child(self, element: ET.Element, start_ms: int, runs: list[tuple[str, int | None, int | None]]) -> None:
        if local_name(element) == "br":
            runs.append(("\n", None, None))
        else:
            self._collect(element, start_ms, runs)
        runs.append(((element.tail or "").replace("\n", " "), None, None))
