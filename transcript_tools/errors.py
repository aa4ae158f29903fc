"""Exceptions raised by transcript_tools.

Every exception we raise derives from :class:`TranscriptError`, so callers can
catch one type::

    TranscriptError
      ParseError(TranscriptError, ValueError)     .source .line .expected .found
        TimestampError(ParseError)                 a malformed or impossible timecode
      FormatError(TranscriptError, ValueError)    unknown or undetectable format
      TimingError(TranscriptError, ValueError)    times that cannot be made consistent
      ModelError(TranscriptError)                 a shipped model is missing or broken
      MediaError(TranscriptError)                 audio that cannot be read or decoded
      SearchIndexError(TranscriptError)           missing, busy or corrupt search index
      QueryError(TranscriptError, ValueError)     a search query or quote with nothing to search for
"""

from __future__ import annotations

__all__ = [
    "FormatError",
    "MediaError",
    "ModelError",
    "ParseError",
    "QueryError",
    "SearchIndexError",
    "TimestampError",
    "TimingError",
    "TranscriptError",
]


class TranscriptError(Exception):
    """Base class of every error this package raises on purpose."""


class ParseError(TranscriptError, ValueError):
    """Input that does not follow its format.

    The message reads ``source:line: expected X, got 'Y'`` so that a user can
    open the file at the right place.

    Attributes:
        source: File name (or ``<stdin>``/``<string>``) the text came from.
        line: 1-based line number of the problem, or ``None`` when it has none.
        expected: What the parser was looking for.
        found: A short snippet of what it found instead.
    """

    def __init__(
        self,
        expected: str,
        *,
        source: str | None = None,
        line: int | None = None,
        found: str | None = None,
    ) -> None:
        self.expected = expected
        self.source = source
        self.line = line
        self.found = found
        super().__init__(self._message())

    def _message(self) -> str:
        where = self.source or "<string>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        message = f"{where}: {self.expected}"
        if self.found is not None:
            snippet = self.found if len(self.found) <= 60 else self.found[:57] + "..."
            message += f", got {snippet!r}"
        return message

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Keyword-only arguments are lost by the default pickling of exceptions.
        return (_rebuild, (type(self), self.expected, self.source, self.line, self.found))


def _rebuild(cls, expected, source, line, found):  # type: ignore[no-untyped-def]
    return cls(expected, source=source, line=line, found=found)


class TimestampError(ParseError):
    """A timecode that cannot be read, or a cue that ends before it starts."""


class FormatError(TranscriptError, ValueError):
    """A format name or file whose format we do not know or cannot detect."""


class TimingError(TranscriptError, ValueError):
    """Times that cannot be made consistent (for example a negative duration)."""


class ModelError(TranscriptError):
    """A model shipped inside the package is missing, corrupt or unusable."""


class MediaError(TranscriptError):
    """Audio or video that cannot be read, or a missing decoder such as ffmpeg."""


class SearchIndexError(TranscriptError):
    """A search index that is missing, busy (locked by a writer) or corrupt."""


class QueryError(TranscriptError, ValueError):
    """A search query or quote with no words to search for (or only negated ones)."""
