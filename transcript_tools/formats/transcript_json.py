"""Our own JSON format: a lossless image of :class:`~transcript_tools.model.Transcript`.

``parse(compose(t)) == t`` for every transcript. The document is an object with
``"format": "transcript_tools"`` and ``"version": 1``, then one key per field.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from transcript_tools.errors import ParseError
from transcript_tools.formats._io import load_json
from transcript_tools.model import Cue, Marker, Metadata, Note, Transcript, Word

__all__ = ["FORMAT_NAME", "VERSION", "compose", "parse", "sniff", "to_dict"]

FORMAT_NAME = "transcript_tools"
VERSION = 1

_SNIFF = re.compile(r'^\s*\{\s*"format"\s*:\s*"transcript_tools"')


def sniff(text: str) -> bool:
    """True when ``text`` is a document of this format."""
    return _SNIFF.match(text) is not None


def to_dict(transcript: Transcript) -> dict[str, Any]:
    """The JSON-ready dictionary :func:`compose` writes."""
    return {
        "format": FORMAT_NAME,
        "version": VERSION,
        "metadata": dataclasses.asdict(transcript.metadata),
        "words": [dataclasses.asdict(word) for word in transcript.words],
        "cues": [dataclasses.asdict(cue) for cue in transcript.cues],
        "markers": [dataclasses.asdict(marker) for marker in transcript.markers],
        "notes": [dataclasses.asdict(note) for note in transcript.notes],
        "styles": list(transcript.styles),
    }


def compose(transcript: Transcript) -> str:
    """Write a transcript as JSON (UTF-8, indented, ending with a newline)."""
    return json.dumps(to_dict(transcript), ensure_ascii=False, indent=1) + "\n"


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Read a document written by :func:`compose`.

    Args:
        text: The JSON text.
        source: Name for error messages.
        strict: Unused: a damaged JSON document cannot be partly trusted.

    Returns:
        The transcript.

    Raises:
        ParseError: for invalid JSON or a field of the wrong type, naming the field.
    """
    name = source or "<string>"
    document = load_json(text, source=name, what="our transcript JSON")
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ParseError(f'expected a JSON object with "format": "{FORMAT_NAME}"', source=name, line=1)
    if document.get("version") != VERSION:
        raise ParseError(f"expected version {VERSION}", source=name, found=str(document.get("version")))
    try:
        return Transcript(
            words=tuple(_build(Word, item, f"words[{i}]") for i, item in enumerate(document.get("words", []))),
            cues=tuple(_build(Cue, item, f"cues[{i}]") for i, item in enumerate(document.get("cues", []))),
            markers=tuple(_build(Marker, item, f"markers[{i}]") for i, item in enumerate(document.get("markers", []))),
            metadata=_build(Metadata, document.get("metadata", {}), "metadata"),
            notes=tuple(_build(Note, item, f"notes[{i}]") for i, item in enumerate(document.get("notes", []))),
            styles=tuple(_check(str, style, f"styles[{i}]") for i, style in enumerate(document.get("styles", []))),
        )
    except (TypeError, ValueError) as error:
        raise ParseError(f"expected a valid transcript document: {error}", source=name) from None


_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "str | None": (str, type(None)),
    "int": (int,),
    "int | None": (int, type(None)),
    "tuple[str, ...]": (list,),
}


def _build(cls: type, item: Any, path: str) -> Any:
    if not isinstance(item, dict):
        raise TypeError(f"{path} must be an object")
    values = {}
    for spec in dataclasses.fields(cls):
        if spec.name not in item:
            if spec.default is dataclasses.MISSING:
                raise TypeError(f"{path}.{spec.name} is missing")
            continue
        value = _check(_TYPES[str(spec.type)], item[spec.name], f"{path}.{spec.name}")
        if isinstance(value, list):
            value = tuple(_check(str, line, f"{path}.{spec.name}[]") for line in value)
        values[spec.name] = value
    return cls(**values)


def _check(types: type | tuple[type, ...], value: Any, path: str) -> Any:
    # bool is an int subclass, but a time of "true" is a broken file.
    if isinstance(value, bool) or not isinstance(value, types):
        raise TypeError(f"{path} has the wrong type ({type(value).__name__})")
    return value
