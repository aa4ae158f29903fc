"""Indexing and searching transcripts: full-text (whoosh) and fuzzy quotes (rapidfuzz).

Example:
    >>> from transcript_tools.model import Transcript, Word
    >>> from transcript_tools.search import memory_index
    >>> words = tuple(Word(w, 500 * i, 500 * i + 400) for i, w in enumerate("Ask not what your country can do for you.".split()))
    >>> index = memory_index()
    >>> index.add([("speech", Transcript(words=words))])
    ('speech',)
    >>> hit = index.search('"your country"').hits[0]
    >>> hit.match, hit.start_ms
    ('your country', 1500)
"""

from __future__ import annotations

from transcript_tools.search.backend import BackendWriter, DocumentHit, SearchBackend, TranscriptRecord
from transcript_tools.search.documents import Document, fold, make_documents, word_times
from transcript_tools.search.fulltext import SearchHit, SearchResults, deep_link, search
from transcript_tools.search.library import IndexReport, SearchIndex, memory_index, open_index, prepare
from transcript_tools.search.query import QueryError, parse_query
from transcript_tools.search.quote import DEFAULT_THRESHOLD, QuoteMatch, QuoteResults, align_quote, find_quote
from transcript_tools.search.script import ScriptQuote, ScriptResult, parse_script

__all__ = [
    "DEFAULT_THRESHOLD",
    "BackendWriter",
    "Document",
    "DocumentHit",
    "IndexReport",
    "QueryError",
    "QuoteMatch",
    "QuoteResults",
    "ScriptQuote",
    "ScriptResult",
    "SearchBackend",
    "SearchHit",
    "SearchIndex",
    "SearchResults",
    "TranscriptRecord",
    "align_quote",
    "deep_link",
    "find_quote",
    "fold",
    "make_documents",
    "memory_index",
    "open_index",
    "parse_query",
    "parse_script",
    "prepare",
    "search",
    "word_times",
]
