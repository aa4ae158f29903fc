"""A library of indexed transcripts: add, update, remove, list, search.

:func:`open_index` opens (or creates) an index folder. Each indexing run is
one commit: a broken file stops the run and nothing of it is written, and a
run killed halfway leaves the index as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from transcript_tools import formats
from transcript_tools.errors import SearchIndexError, TranscriptError
from transcript_tools.model import Transcript
from transcript_tools.normalize import is_punctuated, normalize
from transcript_tools.search.backend import BackendWriter, SearchBackend, TranscriptRecord
from transcript_tools.search.documents import make_documents
from transcript_tools.search.fulltext import SearchResults, search
from transcript_tools.search.quote import DEFAULT_THRESHOLD, QuoteResults, find_quote
from transcript_tools.search.script import ScriptQuote, ScriptResult

__all__ = ["IndexReport", "SearchIndex", "memory_index", "open_index", "prepare"]

#: Seconds a writer waits for another writer to finish before giving up.
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What an indexing run did, by transcript id.

    Attributes:
        added: Transcripts new to the index.
        updated: Transcripts whose file changed and were replaced.
        unchanged: Transcripts skipped because their file did not change.
        removed: Transcripts dropped.
    """

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def prepare(transcript: Transcript) -> Transcript:
    """Restore punctuation and casing of raw text, so that documents are sentences.

    Raw ASR text without punctuation would otherwise be cut into plain word
    windows; punctuated text is returned unchanged.
    """
    return transcript if is_punctuated(transcript.words) else normalize(transcript)


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise TranscriptError(f"{path}: cannot read: {error.strerror or error}") from error
    return digest.hexdigest()


def _transcript_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            # In a folder only files with a transcript extension count: a
            # folder of videos and notes should not fail on the first .mp4.
            found = [p for p in sorted(path.rglob("*")) if p.is_file() and formats.format_for_path(p) in formats.READABLE_FORMATS]
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise TranscriptError(f"{path}: no such file or folder")
    return list(dict.fromkeys(file.resolve() for file in files))


def _new_id(path: Path, taken: set[str]) -> str:
    base = re.sub(r"\s+", "_", path.stem) or "transcript"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _progress(items: Sequence[Path], enabled: bool | None) -> Iterable[Path]:
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show or len(items) < 2:
        return items
    from tqdm import tqdm

    progress: Iterable[Path] = tqdm(items, desc="indexing", unit="file", file=sys.stderr)
    return progress


class SearchIndex:
    """An index of transcripts, over a :class:`~transcript_tools.search.backend.SearchBackend`.

    Args:
        backend: The engine holding the documents.
        name: How messages name the index (its folder).
    """

    def __init__(self, backend: SearchBackend, name: str) -> None:
        self.backend = backend
        self.name = name

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the engine's files."""
        self.backend.close()

    def transcripts(self) -> tuple[TranscriptRecord, ...]:
        """Every indexed transcript, sorted by id."""
        return self.backend.transcripts()

    def add(
        self,
        transcripts: Iterable[tuple[str, Transcript]],
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> tuple[str, ...]:
        """Add or replace transcripts under the given ids, in one commit.

        Args:
            transcripts: ``(transcript_id, transcript)`` pairs; punctuation is
                restored first where needed (:func:`prepare`). An iterator is
                consumed one transcript at a time, so a large corpus need not
                fit in memory.
            timeout: Seconds to wait for another writer.

        Returns:
            The ids written.

        Raises:
            SearchIndexError: when another writer holds the index past ``timeout``.
        """
        written = []
        with self.backend.writer(timeout=timeout) as writer:
            for transcript_id, transcript in transcripts:
                _replace(writer, transcript_id, transcript, None)
                written.append(transcript_id)
        return tuple(written)

    def index_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        strict: bool = True,
        encoding: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        progress: bool | None = None,
    ) -> IndexReport:
        """Index files and folders (recursively), skipping files that did not change.

        Args:
            paths: Transcript files, or folders searched for files with a
                transcript extension.
            strict: When false, broken blocks inside a file are skipped with a warning.
            encoding: The files' encoding; by default UTF-8, or detected with a warning.
            timeout: Seconds to wait for another writer.
            progress: Show a progress bar; by default only when stderr is a terminal.

        Returns:
            Which transcripts were added, updated or left unchanged.

        Raises:
            TranscriptError: when a file is missing or cannot be parsed
                (nothing is written then).
            SearchIndexError: when the index is busy past ``timeout``.
        """
        files = _transcript_files(paths)
        records = self.backend.transcripts()
        by_source = {record.source: record for record in records}
        taken = {record.transcript_id for record in records}
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        # One commit for the whole run: a file that fails to parse cancels it,
        # and the index stays as it was.
        with self.backend.writer(timeout=timeout) as writer:
            for path in _progress(files, progress):
                content_hash = _file_hash(path)
                known = by_source.get(str(path))
                if known is not None and known.content_hash == content_hash:
                    unchanged.append(known.transcript_id)
                    continue
                if known is None:
                    transcript_id = _new_id(path, taken)
                    taken.add(transcript_id)
                    added.append(transcript_id)
                else:
                    transcript_id = known.transcript_id
                    updated.append(transcript_id)
                _replace(writer, transcript_id, formats.read(path, strict=strict, encoding=encoding), content_hash, source=str(path))
        return IndexReport(added=tuple(added), updated=tuple(updated), unchanged=tuple(unchanged))

    def remove(self, names: Iterable[str], *, timeout: float = DEFAULT_TIMEOUT) -> IndexReport:
        """Drop transcripts, named by id or by the file they were read from.

        Raises:
            SearchIndexError: when a name matches no indexed transcript, or
                the index is busy past ``timeout``.
        """
        records = self.backend.transcripts()
        by_id = {record.transcript_id: record for record in records}
        by_source = {record.source: record for record in records if record.source}
        removed = []
        for name in names:
            record = by_id.get(name) or by_source.get(str(Path(name).resolve()))
            if record is None:
                raise SearchIndexError(f"{self.name}: no indexed transcript {name!r} (see `transcript-tools index --list`)")
            removed.append(record.transcript_id)
        with self.backend.writer(timeout=timeout) as writer:
            for transcript_id in removed:
                writer.remove(transcript_id)
        return IndexReport(removed=tuple(removed))

    def _check_not_empty(self) -> None:
        if self.backend.is_empty():
            raise SearchIndexError(f"{self.name}: no transcripts indexed")

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        transcript_id: str | None = None,
        speaker: str | None = None,
        context: int = 1,
    ) -> SearchResults:
        """Full-text search; see :func:`transcript_tools.search.fulltext.search`.

        Raises:
            SearchIndexError: when the index holds no transcripts.
            QueryError: when the query has no words to search for.
        """
        self._check_not_empty()
        return search(self.backend, query, limit=limit, transcript_id=transcript_id, speaker=speaker, context=context)

    def find_quote(
        self,
        quote: str,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 5,
        transcript_id: str | None = None,
    ) -> QuoteResults:
        """Fuzzy quote search; see :func:`transcript_tools.search.quote.find_quote`.

        Raises:
            SearchIndexError: when the index holds no transcripts.
            QueryError: when the quote has no words.
        """
        self._check_not_empty()
        return find_quote(self.backend, quote, threshold=threshold, limit=limit, transcript_id=transcript_id)

    def find_script(
        self, quotes: Iterable[ScriptQuote], *, threshold: float = DEFAULT_THRESHOLD
    ) -> tuple[ScriptResult, ...]:
        """Search every quote of a script (:func:`~transcript_tools.search.script.parse_script`).

        Returns:
            One result per quote, in order: its best hit, or the closest candidate.
        """
        self._check_not_empty()
        results = []
        for quote in quotes:
            found = find_quote(self.backend, quote.text, threshold=threshold, limit=1)
            closest = found.candidates[0] if found.candidates else None
            results.append(ScriptResult(quote, found.hits[0] if found.hits else None, closest))
        return tuple(results)


def _replace(
    writer: BackendWriter,
    transcript_id: str,
    transcript: Transcript,
    content_hash: str | None,
    *,
    source: str | None = None,
) -> None:
    documents = make_documents(prepare(transcript), transcript_id)
    record = TranscriptRecord(
        transcript_id=transcript_id,
        source=source or transcript.metadata.source,
        content_hash=content_hash,
        documents=len(documents),
        words=len(transcript.words),
        url=transcript.metadata.url,
        title=transcript.metadata.title,
    )
    writer.replace(record, documents)


def open_index(path: str | os.PathLike[str], *, create: bool = False) -> SearchIndex:
    """Open the search index in a folder.

    Args:
        path: The index folder.
        create: Create an empty index when the folder has none.

    Returns:
        The index; close it (or use ``with``) when done.

    Raises:
        SearchIndexError: when there is no index and ``create`` is false, or
            the folder holds something else.
    """
    from transcript_tools.search.whoosh_backend import WhooshBackend

    return SearchIndex(WhooshBackend.open(path, create=create), str(path))


def memory_index() -> SearchIndex:
    """A new, empty index in memory.

    Example:
        >>> from transcript_tools.model import Word
        >>> index = memory_index()
        >>> words = tuple(Word(w, 1000 * i, 1000 * i + 900) for i, w in enumerate("We shall never surrender.".split()))
        >>> index.add([("talk", Transcript(words=words))])
        ('talk',)
        >>> hit = index.find_quote("we will never surrender").hits[0]
        >>> hit.transcript_id, hit.start_ms, hit.end_ms
        ('talk', 0, 3900)
    """
    from transcript_tools.search.whoosh_backend import WhooshBackend

    return SearchIndex(WhooshBackend.in_memory(), "<memory>")
