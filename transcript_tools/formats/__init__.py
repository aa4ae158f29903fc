"""Reading and writing transcript formats.

One module per format, each with ``parse(text, *, source=None, strict=True)
-> Transcript`` and, where we write the format, ``compose(transcript) -> str``.
:func:`read` and :func:`write` work on paths and pick the module by name,
extension or content.

Adding a format:

1. Write ``formats/NAME.py`` with ``parse`` (and ``compose`` if writable), and
   a ``sniff(text) -> bool`` that recognises its content cheaply.
2. Add it to ``_MODULES`` and its extensions to ``_EXTENSIONS``.
3. Add a sample to ``tests/data`` and a test module ``tests/formats/test_NAME.py``.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from pathlib import Path
from types import ModuleType

from transcript_tools.errors import FormatError
from transcript_tools.formats._io import atomic_write_text, check_encoding, read_input
from transcript_tools.model import Transcript

__all__ = [
    "READABLE_FORMATS",
    "WRITABLE_FORMATS",
    "atomic_write_text",
    "check_encoding",
    "compose",
    "detect_format",
    "format_for_path",
    "parse",
    "read",
    "read_input",
    "write",
]

# Name -> module. Order matters for content detection: the most specific first,
# plain text last (it accepts anything).
_MODULES = {
    "youtube_vtt": "transcript_tools.formats.youtube_vtt",
    "vtt": "transcript_tools.formats.webvtt",
    "json": "transcript_tools.formats.transcript_json",
    "json3": "transcript_tools.formats.youtube_json3",
    "whisper": "transcript_tools.formats.whisper_json",
    "srv3": "transcript_tools.formats.youtube_srv3",
    "srv1": "transcript_tools.formats.youtube_srv1",
    "ttml": "transcript_tools.formats.ttml",
    "srt": "transcript_tools.formats.srt",
    "sbv": "transcript_tools.formats.sbv",
    "txt": "transcript_tools.formats.plaintext",
}

_EXTENSIONS = {
    ".vtt": "vtt",
    ".webvtt": "vtt",
    ".srt": "srt",
    ".sbv": "sbv",
    ".ttml": "ttml",
    ".dfxp": "ttml",
    ".xml": "ttml",
    ".json3": "json3",
    ".srv3": "srv3",
    ".srv1": "srv1",
    ".json": "json",
    ".txt": "txt",
    ".text": "txt",
}

#: Every format name :func:`read` accepts.
READABLE_FORMATS = tuple(_MODULES)
#: Every format name :func:`write` accepts.
WRITABLE_FORMATS = ("vtt", "srt", "json", "txt")


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(_MODULES[name])
    except KeyError:
        raise FormatError(
            f"unknown format {name!r}; expected one of: {', '.join(READABLE_FORMATS)}"
        ) from None


def detect_format(text: str) -> str:
    """Name the format of ``text`` by its content.

    Args:
        text: Decoded file content.

    Returns:
        A name from :data:`READABLE_FORMATS`; ``"txt"`` when nothing more specific fits.
    """
    head = text[:65536]
    for name in _MODULES:
        module = _module(name)
        if module.sniff(head):
            return name
    return "txt"


def format_for_path(path: str | os.PathLike[str]) -> str | None:
    """The format a file name's extension suggests, or ``None``.

    Example:
        >>> format_for_path("talk.en.vtt")
        'vtt'
        >>> format_for_path("notes") is None
        True
    """
    return _EXTENSIONS.get(Path(str(path)).suffix.lower())


def _resolve_read_format(text: str, path: str | os.PathLike[str]) -> str:
    # Extensions lie (".txt" holding SRT, ".xml" holding srv3, ".vtt" from
    # YouTube): trust the content whenever it is recognisable.
    detected = detect_format(text)
    by_extension = format_for_path(path)
    if detected != "txt":
        if by_extension == "vtt" and detected != "youtube_vtt":
            return "vtt"
        return detected
    # Unrecognised content with a format's extension: let that format's parser
    # say what is wrong, rather than silently reading it as plain text.
    return by_extension or "txt"


def parse(text: str, format: str | None = None, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse text in a named format, or detect the format from the content.

    Args:
        text: Decoded text.
        format: A name from :data:`READABLE_FORMATS`, or ``None`` to detect.
        source: Name used in error messages and stored in the metadata.
        strict: When false, broken blocks are skipped with a logged warning.

    Returns:
        The transcript.

    Raises:
        ParseError: when the text does not follow the format.
        FormatError: when the format name is unknown.
    """
    name = format or detect_format(text)
    transcript: Transcript = _module(name).parse(text, source=source, strict=strict)
    metadata = dataclasses.replace(
        transcript.metadata,
        format=transcript.metadata.format or name,
        source=transcript.metadata.source or source,
    )
    return dataclasses.replace(transcript, metadata=metadata)


def read(
    path: str | os.PathLike[str], format: str | None = None, *, strict: bool = True, encoding: str | None = None
) -> Transcript:
    """Read a transcript file, or standard input for ``"-"``.

    Args:
        path: File path or ``"-"``.
        format: Format name; by default detected from content and extension.
        strict: When false, broken blocks are skipped with a logged warning.
        encoding: The file's encoding (``"cp1254"``); by default UTF-8,
            UTF-16/32 with a BOM, or a detected legacy encoding (with a warning).

    Returns:
        The transcript, with ``metadata.source`` and ``metadata.format`` set.

    Raises:
        TranscriptError: when the file cannot be read or parsed.
    """
    text, source = read_input(path, encoding=encoding)
    name = format or _resolve_read_format(text, path)
    return parse(text, name, source=source, strict=strict)


def compose(transcript: Transcript, format: str) -> str:
    """Render a transcript in a writable format.

    Args:
        transcript: What to write.
        format: A name from :data:`WRITABLE_FORMATS`.

    Returns:
        The file content.

    Raises:
        FormatError: for a format we read but do not write.
    """
    if format not in WRITABLE_FORMATS:
        raise FormatError(
            f"cannot write format {format!r}; expected one of: {', '.join(WRITABLE_FORMATS)}"
        )
    result: str = _module(format).compose(transcript)
    return result


def write(transcript: Transcript, path: str | os.PathLike[str], format: str | None = None) -> None:
    """Write a transcript atomically (temporary file, then rename).

    Args:
        transcript: What to write.
        path: Destination, or ``"-"`` for standard output.
        format: Format name; by default taken from the path's extension.

    Raises:
        FormatError: when no format is given and the extension names none.
        TranscriptError: when the file cannot be written.
    """
    name = format or format_for_path(path)
    if name is None:
        raise FormatError(f"{path}: cannot tell the output format from the name; pass a format")
    atomic_write_text(path, compose(transcript, name))
