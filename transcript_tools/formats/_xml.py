"""Shared by the XML readers (srv1, srv3, TTML): parsing with line numbers, and seconds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from transcript_tools.errors import ParseError

__all__ = ["local_name", "parse_xml", "seconds_to_ms"]

_SECONDS = re.compile(r"^\s*(\d+)(?:\.(\d*))?\s*$")


def parse_xml(text: str, *, source: str, expected: str) -> ET.Element:
    """Parse an XML document, turning XML errors into :class:`ParseError`.

    Documents that declare entities are refused: caption files never need
    them, and expanding them is how "billion laughs" files eat memory.

    Args:
        text: The document.
        source: Name for error messages.
        expected: What the format expects, for the error message ("a TTML document").

    Returns:
        The root element.

    Raises:
        ParseError: for malformed XML, naming the line.
    """
    if "<!ENTITY" in text[:65536]:
        line = text.count("\n", 0, text.index("<!ENTITY")) + 1
        raise ParseError(f"expected {expected} without entity declarations", source=source, line=line, found="<!ENTITY")
    try:
        return ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError as error:
        line, column = error.position
        found = text.split("\n")[line - 1][max(column - 20, 0) : column + 20] if text else ""
        reason = str(error).split(":")[0]
        raise ParseError(f"expected {expected} (well-formed XML: {reason})", source=source, line=line, found=found) from None


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
