"""Shared by the XML readers (srv1, srv3, TTML): parsing with line numbers, and seconds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.parsers import expat

from transcript_tools.errors import ParseError

__all__ = ["local_name", "parse_xml_lines", "seconds_to_ms"]

_SECONDS = re.compile(r"^\s*(\d+)(?:\.(\d*))?\s*$")


def parse_xml_lines(text: str, *, source: str, expected: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse an XML document into ElementTree elements, and say where each element starts.

    ElementTree keeps no positions; expat knows the line of each start tag
    as it reads it, so a reader can name the line of any element it
    reports. Documents that declare entities are refused: caption files
    never need them, and expanding them is how "billion laughs" files eat
    memory.

    Args:
        text: The document.
        source: Name for error messages.
        expected: What the format expects, for the error message ("a TTML document").

    Returns:
        The root element, and the 1-based line of every element's start tag.

    Raises:
        ParseError: for malformed XML or entity declarations, naming the line.

    Example:
        >>> root, lines = parse_xml_lines('<tt>\\n<p>one</p>\\n<div>\\n<p>two</p></div></tt>', source="x", expected="TTML")
        >>> [(element.tag, lines[element]) for element in root.iter()]
        [('tt', 1), ('p', 2), ('div', 3), ('p', 4)]
    """
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = builder.start(_qualified(tag), {_qualified(name): value for name, value in attributes.items()})
        lines[element] = parser.CurrentLineNumber

    def refuse_entity(*_: object) -> None:
        # Before any entity is expanded; one in a comment is no declaration.
        raise ParseError(
            f"expected {expected} without entity declarations", source=source, line=parser.CurrentLineNumber, found="<!ENTITY"
        )

    parser.StartElementHandler = start
    parser.EntityDeclHandler = refuse_entity
    parser.EndElementHandler = lambda tag: builder.end(_qualified(tag))
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(text.lstrip("\ufeff"), True)
    except expat.ExpatError as error:
        raise _malformed(text, source, expected, expat.ErrorString(error.code), error.lineno, error.offset) from None
    return builder.close(), lines


def _qualified(name: str) -> str:
    # expat writes "namespace}local"; ElementTree's "{namespace}local".
    return "{" + name if "}" in name else name


def _malformed(text: str, source: str, expected: str, reason: str | None, line: int, column: int) -> ParseError:
    found = text.split("\n")[line - 1][max(column - 20, 0) : column + 20] if text else ""
    return ParseError(f"expected {expected} (well-formed XML: {reason})", source=source, line=line, found=found)


def local_name(element: ET.Element) -> str:
    """The element's tag without its namespace (``{ns}p`` -> ``p``)."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def seconds_to_ms(text: str) -> int:
    """Exact milliseconds of a decimal number of seconds, without float rounding.

    Raises:
        ValueError: when ``text`` is not a non-negative decimal number.

    Example:
        >>> seconds_to_ms("1.54"), seconds_to_ms("5"), seconds_to_ms("3.2395")
        (1540, 5000, 3240)
    """
    match = _SECONDS.match(text)
    if match is None:
        raise ValueError(f"not a number of seconds: {text!r}")
    fraction = (match[2] or "").ljust(4, "0")
    millis = int(fraction[:3]) + (1 if int(fraction[3]) >= 5 else 0)
    return int(match[1]) * 1000 + millis
