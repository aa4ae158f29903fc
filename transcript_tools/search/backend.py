"""The search engine interface: what the rest of the search package needs from an engine.

Adding an engine:

1. Write a class with the methods of :class:`SearchBackend` (reading) and a
   ``writer()`` context manager yielding a :class:`BackendWriter`.
2. Translate the query tree of :mod:`transcript_tools.search.query` into the
   engine's own queries; never hand user text to the engine's query parser.
3. Make :func:`transcript_tools.search.library.open_index` able to open it,
   and run ``tests/search`` against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from transcript_tools.search.documents import Document
from transcript_tools.search.query import Query

__all__ = ["BackendWriter", "DocumentHit", "SearchBackend", "TranscriptRecord"]


@dataclass(frozen=True, slots=True)
class TranscriptRecord:
    """What the index knows about one indexed transcript.

    Attributes:
        transcript_id: Its id in the index.
        source: The file it was read from.
        content_hash: SHA-256 of the file's bytes, to skip unchanged files.
        documents: How many documents it has.
        words: How many words it has.
        url: Web page of the recording (for deep links), if known.
        title: Title, if known.
    """

    transcript_id: str
    source: str | None
    content_hash: str | None
    documents: int
    words: int
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentHit:
    """A document the engine found, with its engine score (higher is better)."""

    document: Document
    score: float
    #: An engine handle for the document, passed back to ``neighbours``.
    key: int


class BackendWriter(Protocol):
    """Changes made inside one ``writer()`` block; they land together or not at all."""

    def replace(self, record: TranscriptRecord, documents: Sequence[Document]) -> None:
        """Drop whatever the index has for ``record.transcript_id`` and add these."""

    def remove(self, transcript_id: str) -> None:
        """Drop a transcript and its documents."""


class SearchBackend(Protocol):
    """A search engine holding documents and transcript records."""

    def writer(self, *, timeout: float) -> AbstractContextManager[BackendWriter]:
        """A writing session: waits up to ``timeout`` seconds for other writers, commits on exit."""

    def transcripts(self) -> tuple[TranscriptRecord, ...]:
        """Every indexed transcript, sorted by id."""

    def record(self, transcript_id: str) -> TranscriptRecord | None:
        """The record of one transcript, or ``None`` when it is not indexed."""

    def is_empty(self) -> bool:
        """True when no transcript is indexed."""

    def search(
        self,
        query: Query,
        *,
        exact: bool,
        limit: int,
        transcript_id: str | None = None,
        speaker: str | None = None,
    ) -> list[DocumentHit]:
        """The best documents for a query; ``exact`` matches words unstemmed."""

    def neighbours(self, hit: DocumentHit, before: int, after: int) -> tuple[Document, ...]:
        """The hit's document with up to ``before``/``after`` documents of the same transcript around it."""

    def document_frequency(self, word: str) -> int:
        """How many documents hold ``word`` (lowercase, unstemmed)."""

    def document_count(self) -> int:
        """How many documents the index holds."""

    def suggest(self, word: str) -> str | None:
        """An indexed word close to a word that is not indexed, or ``None``."""

    def matched_spans(self, query: Query, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` character spans of ``text`` that the query matches."""

    def close(self) -> None:
        """Release files and searchers."""
