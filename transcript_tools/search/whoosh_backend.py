"""The whoosh engine (whoosh-reloaded 2.7.5) behind :class:`~transcript_tools.search.backend.SearchBackend`.

One whoosh document per search document, plus one per transcript holding its
record (id, source, content hash), so that a transcript and its documents
change in the same commit. Fields:

- ``exact``: lowercase words with positions, no stemming, no stop list: for
  phrases, quotes and spelling suggestions;
- ``stemmed``: Porter-stemmed words without positions: for topical search;
- ``start``/``end``: integer milliseconds (whoosh's float fields crash on
  sortable columns), stored and indexed as one term each;
- stored ``text``, ``seq``, ``first``, ``who`` (the speaker as written) and ``times`` (JSON ``[[start, end], ...]``
  per word) to rebuild the :class:`~transcript_tools.search.documents.Document`.

A commit writes new segment files and then renames a new table of contents
into place, so a writer killed halfway leaves the previous index intact, and
readers keep reading the generation they opened.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import struct
import tempfile
import weakref
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import fields, index
from whoosh import query as wq
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import LockError
from whoosh.searching import Searcher

from transcript_tools.errors import SearchIndexError
from transcript_tools.search.backend import DocumentHit, TranscriptRecord
from transcript_tools.search.documents import Document
from transcript_tools.search.query import WORD_PATTERN, AllOf, AnyOf, Not, Phrase, Query, Term

__all__ = ["WhooshBackend", "schema"]


class _PrivateRamStorage(RamStorage):  # type: ignore[misc]  # whoosh has no type hints
    """Memory storage whose writers keep their temporary files to themselves.

    whoosh's RamStorage puts a writer's temporary files in the system temp
    folder under a fixed name (``MAIN.tmp``), and removes that folder at
    commit: two processes indexing in memory at once delete each other's
    files. Each writer here gets a folder of its own.
    """

    def temp_storage(self, name: str | None = None) -> FileStorage:
        """A new temporary folder for one writer (``name`` is whoosh's fixed one, so it is not used)."""
        folder = tempfile.mkdtemp(prefix="transcript-tools-", suffix=".tmp")
        storage = FileStorage(folder).create()
        # whoosh's per-document writer deletes its files here but never the
        # folder: it goes when whoosh lets go of the storage.
        weakref.finalize(storage, shutil.rmtree, folder, True)
        return storage

_DOCUMENT = "doc"
_TRANSCRIPT = "transcript"
_FIELDS = ("kind", "tid", "speaker", "exact", "stemmed", "start", "end", "seq", "first", "text", "times", "who", "record")


def _exact_analyzer() -> Any:
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter()


def _stemming_analyzer() -> Any:
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | StemFilter()


def _millis() -> fields.NUMERIC:
    # One term per value (shift_step = bits): we never run range queries on
    # times, and every extra tier costs indexing time.
    return fields.NUMERIC(int, bits=64, signed=False, stored=True, shift_step=64)


def schema() -> fields.Schema:
    """The whoosh schema of a transcript index."""
    return fields.Schema(
        kind=fields.ID,
        tid=fields.ID(stored=True),
        speaker=fields.ID,
        exact=fields.TEXT(analyzer=_exact_analyzer(), phrase=True),
        stemmed=fields.TEXT(analyzer=_stemming_analyzer(), phrase=False),
        start=_millis(),
        end=_millis(),
        seq=fields.STORED,
        first=fields.STORED,
        text=fields.STORED,
        times=fields.STORED,
        who=fields.STORED,
        record=fields.STORED,
    )


class _Writer:
    """The :class:`~transcript_tools.search.backend.BackendWriter` over a whoosh writer."""

    def __init__(self, writer) -> None:  # type: ignore[no-untyped-def]
        self._writer = writer

    def remove(self, transcript_id: str) -> None:
        self._writer.delete_by_term("tid", transcript_id)

    def replace(self, record: TranscriptRecord, documents: Sequence[Document]) -> None:
        self.remove(record.transcript_id)
        record_json = {
            "id": record.transcript_id,
            "source": record.source,
            "hash": record.content_hash,
            "documents": record.documents,
            "words": record.words,
            "url": record.url,
            "title": record.title,
        }
        self._writer.add_document(kind=_TRANSCRIPT, tid=record.transcript_id, record=json.dumps(record_json))
        add = self._writer.add_document
        for document in documents:
            extra: dict[str, int | str] = {}
            if document.start_ms is not None:
                extra["start"] = document.start_ms
            if document.end_ms is not None:
                extra["end"] = document.end_ms
            if document.speaker:
                extra["speaker"] = document.speaker.lower()
            add(
                kind=_DOCUMENT,
                tid=document.transcript_id,
                exact=document.text,
                stemmed=document.text,
                seq=document.seq,
                first=document.first_word,
                text=document.text,
                times=json.dumps(document.word_times, separators=(",", ":")),
                who=document.speaker,
                **extra,
            )


class WhooshBackend:
    """A transcript index stored by whoosh, in a folder or in memory.

    Args:
        ix: An open whoosh index with :func:`schema`.
        name: How error messages name the index (its folder).
    """

    def __init__(self, ix: index.Index, name: str) -> None:
        missing = [field for field in _FIELDS if field not in ix.schema]
        if missing:
            raise SearchIndexError(f"{name}: not a transcript index (no field {missing[0]!r})")
        self._ix = ix
        self.name = name
        self._searcher: Searcher | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = False) -> WhooshBackend:
        """Open the index in a folder, or create it there.

        Args:
            path: The index folder.
            create: Create the folder and an empty index when there is none.

        Raises:
            SearchIndexError: when there is no index (and ``create`` is false),
                or the folder holds something else.
        """
        folder = Path(path)
        name = str(path)
        try:
            if index.exists_in(folder):
                return cls(index.open_dir(folder), name)
            if not create:
                if folder.exists():
                    raise SearchIndexError(f"{name}: not a search index (build one with `transcript-tools index FILE... --index {name}`)")
                raise SearchIndexError(f"{name}: no search index here (build one with `transcript-tools index FILE... --index {name}`)")
            if folder.exists() and any(folder.iterdir()):
                raise SearchIndexError(f"{name}: folder is not empty and holds no search index; choose another folder")
            folder.mkdir(parents=True, exist_ok=True)
            return cls(index.create_in(folder, schema()), name)
        except SearchIndexError:
            raise
        except (OSError, ValueError, index.IndexError) as error:
            raise SearchIndexError(f"{name}: cannot open the search index: {error}") from error

    @classmethod
    def in_memory(cls) -> WhooshBackend:
        """A new, empty index held in memory (for tests and one-off searches)."""
        return cls(_PrivateRamStorage().create_index(schema()), "<memory>")

    # Writing

    @contextmanager
    def writer(self, *, timeout: float = 10.0) -> Iterator[_Writer]:
        """A writing session; see :meth:`SearchBackend.writer`."""
        try:
            writer = self._ix.writer(timeout=timeout, delay=0.1, limitmb=256)
        except LockError:
            raise SearchIndexError(
                f"{self.name}: index is busy: another process is writing to it (waited {timeout:g} s)"
            ) from None
        try:
            yield _Writer(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    # Reading

    def _current(self) -> Searcher:
        if self._searcher is not None and not self._searcher.up_to_date():
            # Not Searcher.refresh(): it fails on a searcher of an empty index.
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            with self._guard():
                self._searcher = self._ix.searcher()
        return self._searcher

    @contextmanager
    def _guard(self) -> Iterator[None]:
        # A damaged file surfaces as whatever the low-level read trips on.
        try:
            yield
        except (OSError, EOFError, ValueError, KeyError, struct.error, zlib.error, pickle.UnpicklingError) as error:
            raise SearchIndexError(f"{self.name}: the search index is damaged ({error}); rebuild it") from error

    @staticmethod
    def _record(stored: dict) -> TranscriptRecord:  # type: ignore[type-arg]
        data = json.loads(stored["record"])
        return TranscriptRecord(
            transcript_id=data["id"],
            source=data["source"],
            content_hash=data["hash"],
            documents=data["documents"],
            words=data["words"],
            url=data["url"],
            title=data["title"],
        )

    def transcripts(self) -> tuple[TranscriptRecord, ...]:
        """Every indexed transcript, sorted by id."""
        records = [self._record(stored) for stored in self._current().documents(kind=_TRANSCRIPT)]
        return tuple(sorted(records, key=lambda record: record.transcript_id))

    def record(self, transcript_id: str) -> TranscriptRecord | None:
        """One transcript's record; see :meth:`SearchBackend.record`."""
        stored = self._current().document(kind=_TRANSCRIPT, tid=transcript_id)
        return None if stored is None else self._record(stored)

    def is_empty(self) -> bool:
        """True when no transcript is indexed."""
        return bool(self._current().doc_count() == 0)

    def _to_whoosh(self, query: Query, exact: bool) -> wq.Query:
        if isinstance(query, Term):
            if query.prefix:
                return wq.Prefix("exact", query.text)
            if exact:
                return wq.Term("exact", query.text)
            stems = list(self._ix.schema["stemmed"].process_text(query.text))
            return wq.Term("stemmed", stems[0]) if len(stems) == 1 else wq.Term("exact", query.text)
        if isinstance(query, Phrase):
            # whoosh counts slop from 1 (adjacent words); ours counts words in between.
            return wq.Phrase("exact", list(query.words), slop=query.slop + 1)
        if isinstance(query, Not):
            return wq.Not(self._to_whoosh(query.part, exact))
        if isinstance(query, AllOf):
            return wq.And([self._to_whoosh(part, exact) for part in query.parts])
        return wq.Or([self._to_whoosh(part, exact) for part in query.parts])

    def _document(self, stored: dict) -> Document:  # type: ignore[type-arg]
        text: str = stored["text"]
        offsets = []
        position = 0
        for word in text.split(" "):
            offsets.append(position)
            position += len(word) + 1
        return Document(
            transcript_id=stored["tid"],
            seq=stored["seq"],
            first_word=stored["first"],
            text=text,
            word_offsets=tuple(offsets),
            word_times=tuple((start, end) for start, end in json.loads(stored["times"])),
            speaker=stored.get("who"),
        )

    def search(
        self,
        query: Query,
        *,
        exact: bool,
        limit: int,
        transcript_id: str | None = None,
        speaker: str | None = None,
    ) -> list[DocumentHit]:
        """The best documents for a query; see :meth:`SearchBackend.search`."""
        searcher = self._current()
        filters = [wq.Term("tid", transcript_id)] if transcript_id else []
        if speaker:
            filters.append(wq.Term("speaker", speaker.lower()))
        with self._guard():
            results = searcher.search(
                self._to_whoosh(query, exact),
                limit=limit,
                filter=wq.And(filters) if filters else None,
            )
            return [DocumentHit(self._document(hit.fields()), hit.score or 0.0, hit.docnum) for hit in results]

    def neighbours(self, hit: DocumentHit, before: int, after: int) -> tuple[Document, ...]:
        """The hit's document with its neighbours; see :meth:`SearchBackend.neighbours`."""
        reader = self._current().reader()
        found = []
        for offset in range(-before, after + 1):
            # A transcript's documents are added in order in one commit, and
            # whoosh keeps that order through merges: neighbours are adjacent
            # document numbers. Check each one all the same.
            docnum = hit.key + offset
            if offset == 0:
                found.append(hit.document)
            elif 0 <= docnum < reader.doc_count_all() and not reader.is_deleted(docnum):
                stored = reader.stored_fields(docnum)
                if stored.get("tid") == hit.document.transcript_id and stored.get("seq") == hit.document.seq + offset:
                    found.append(self._document(stored))
        return tuple(found)

    def document_frequency(self, word: str) -> int:
        """Documents holding ``word``; see :meth:`SearchBackend.document_frequency`."""
        return int(self._current().doc_frequency("exact", word))

    def document_count(self) -> int:
        """How many documents the index holds (transcript records included)."""
        return int(self._current().doc_count())

    def suggest(self, word: str) -> str | None:
        """A close indexed word; see :meth:`SearchBackend.suggest`."""
        corrector = self._current().corrector("exact")
        # whoosh ranks the words within maxdist by frequency: ask for the
        # closest edit distance first, or "fredom" suggests "from".
        for distance in (1, 2):
            suggestions = corrector.suggest(word, limit=1, maxdist=distance, prefix=1)
            if suggestions:
                return str(suggestions[0])
        return None

    def matched_spans(self, query: Query, text: str) -> list[tuple[int, int]]:
        """Character spans of ``text`` the query matches; see :meth:`SearchBackend.matched_spans`."""
        words: set[str] = set()
        stems: set[str] = set()
        prefixes: list[str] = []
        stemmed_field = self._ix.schema["stemmed"]

        def collect(part: Query) -> None:
            if isinstance(part, Term):
                if part.prefix:
                    prefixes.append(part.text)
                else:
                    stems.update(stemmed_field.process_text(part.text))
            elif isinstance(part, Phrase):
                words.update(part.words)
            elif isinstance(part, (AllOf, AnyOf)):
                for child in part.parts:
                    collect(child)

        collect(query)
        spans = []
        exact_analyzer = self._ix.schema["exact"].analyzer
        for token in exact_analyzer(text, chars=True):
            word = token.text
            if word in words or any(word.startswith(prefix) for prefix in prefixes):
                spans.append((token.startchar, token.endchar))
            elif stems and set(stemmed_field.process_text(word)) & stems:
                spans.append((token.startchar, token.endchar))
        return spans

    def close(self) -> None:
        """Close the open searcher."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
