"""Timecodes: the only place times are parsed from or formatted to text.

Times are integer milliseconds everywhere else in the package.
"""

from __future__ import annotations

import re

__all__ = ["format_clock", "format_timecode", "parse_timecode"]

# HH:MM:SS.mmm, MM:SS.mmm, H:MM:SS,mmm (SRT), and bare M:SS / H:MM:SS (YouTube's
# transcript panel). Hours may have any number of digits: long recordings exist.
_TIMECODE = re.compile(
    r"""^\s*
    (?:(?P<h>\d+):)??          # optional hours
    (?P<m>\d{1,2}):
    (?P<s>\d{1,2})
    (?:[.,](?P<f>\d{1,3}))?    # optional fraction, '.' (VTT) or ',' (SRT)
    \s*$""",
    re.VERBOSE,
)


def parse_timecode(text: str) -> int:
    """Parse a clock timecode into milliseconds.

    Args:
        text: ``HH:MM:SS.mmm``, ``MM:SS.mmm``, ``HH:MM:SS,mmm`` or ``M:SS``.

    Returns:
        The time in integer milliseconds.

    Raises:
        ValueError: when ``text`` is not a timecode or a field is out of range.

    Example:
        >>> parse_timecode("01:02:03.004")
        3723004
        >>> parse_timecode("1:05")
        65000
        >>> parse_timecode("00:00:01,5")
        1500
    """
    match = _TIMECODE.match(text)
    if match is None:
        raise ValueError(f"not a timecode: {text!r}")
    hours = int(match["h"]) if match["h"] is not None else 0
    minutes = int(match["m"])
    seconds = int(match["s"])
    if seconds >= 60 or (match["h"] is not None and minutes >= 60):
        raise ValueError(f"timecode field out of range: {text!r}")
    fraction = match["f"] or "0"
    # "1.5" means 500 ms, not 5 ms: pad the fraction on the right.
    millis = int(fraction.ljust(3, "0"))
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def format_timecode(ms: int, *, separator: str = ".", always_hours: bool = True) -> str:
    """Format milliseconds as ``HH:MM:SS.mmm``.

    Args:
        ms: A non-negative time in milliseconds.
        separator: ``"."`` for WebVTT, ``","`` for SRT.
        always_hours: Write ``00:`` hours even when zero (SRT requires it).

    Returns:
        The timecode text.

    Raises:
        ValueError: when ``ms`` is negative.

    Example:
        >>> format_timecode(3723004)
        '01:02:03.004'
        >>> format_timecode(59999, separator=",")
        '00:00:59,999'
    """
    if ms < 0:
        raise ValueError(f"negative time: {ms} ms")
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours or always_hours:
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"
    return f"{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def format_clock(ms: int) -> str:
    """Format milliseconds the short way people read them: ``M:SS`` or ``H:MM:SS``.

    Example:
        >>> format_clock(65000)
        '1:05'
        >>> format_clock(3723004)
        '1:02:03'
    """
    seconds = max(ms, 0) // 1000
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"
