"""Full-text search: words, phrases, boolean operators, stemming; hits with times and context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from transcript_tools.search.backend import DocumentHit, SearchBackend
from transcript_tools.search.documents import Document
from transcript_tools.search.query import Query, parse_query, query_words

__all__ = ["SearchHit", "SearchResults", "deep_link", "search"]

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtu.be"}


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A sentence that matches a query.

    Attributes:
        transcript_id: The transcript it is in.
        source: The file or URL the transcript came from.
        start_ms: When the first matched word is said, if known.
        end_ms: When the last matched word ends, if known.
        text: The sentence (or window of a long sentence).
        match: The span from the first to the last matched word, as written.
        score: Relevance, 0-100, relative to the best hit of the query.
        spans: ``(start, end)`` character spans of ``text`` to highlight.
        before: The preceding sentence(s), for context.
        after: The following sentence(s), for context.
        speaker: Who says it, if known.
        link: A link to the moment on the recording's web page, if known.
        before_spans: Character spans of ``before`` the query matches.
        after_spans: Character spans of ``after`` the query matches.
    """

    transcript_id: str
    source: str | None
    start_ms: int | None
    end_ms: int | None
    text: str
    match: str
    score: float
    spans: tuple[tuple[int, int], ...] = ()
    before: str = ""
    after: str = ""
    speaker: str | None = None
    link: str | None = None
    before_spans: tuple[tuple[int, int], ...] = ()
    after_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The hits of a query, best first, and a spelling suggestion when there are none."""

    query: str
    hits: tuple[SearchHit, ...]
    suggestion: str | None = None


def deep_link(url: str | None, start_ms: int | None) -> str | None:
    """A link to a moment of a recording, for the web pages that support one (YouTube).

    Example:
        >>> deep_link("https://www.youtube.com/watch?v=abc", 83_400)
        'https://www.youtube.com/watch?v=abc&t=83s'
        >>> deep_link("https://youtu.be/abc?t=5", 1000)
        'https://youtu.be/abc?t=1s'
        >>> deep_link("https://example.com/talk", 1000) is None
        True
    """
    if not url or start_ms is None:
        return None
    parts = urlsplit(url)
    if parts.hostname not in _YOUTUBE_HOSTS:
        return None
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "t"]
    query.append(("t", f"{start_ms // 1000}s"))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _context(documents: tuple[Document, ...], hit: Document) -> tuple[str, str]:
    # Windows of one long sentence overlap: place words by their index in the
    # transcript, so that the shared words appear once.
    words = {document.first_word + index: word for document in documents for index, word in enumerate(document.words)}
    first, stop = hit.first_word, hit.first_word + len(hit.word_offsets)
    positions = sorted(words)
    before = " ".join(words[p] for p in positions if p < first)
    after = " ".join(words[p] for p in positions if p >= stop)
    return before, after


def _suggestion(backend: SearchBackend, query: str, words: list[str]) -> str | None:
    suggested = query
    changed = False
    for word in dict.fromkeys(words):
        if backend.document_frequency(word):
            continue
        better = backend.suggest(word)
        if better and better != word:
            suggested = re.sub(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", better, suggested)
            changed = True
    return suggested if changed else None


def _hit(backend: SearchBackend, parsed: Query, found: DocumentHit, best: float, context: int) -> SearchHit:
    document = found.document
    spans = tuple(backend.matched_spans(parsed, document.text))
    if spans:
        first, last = document.word_at(spans[0][0]), document.word_at(spans[-1][1] - 1)
    else:
        first, last = 0, len(document.word_offsets) - 1
    end_char = document.word_offsets[last] + len(document.words[last])
    before, after = _context(backend.neighbours(found, context, context), document) if context else ("", "")
    record = backend.record(document.transcript_id)
    url = record.url if record else None
    start_ms = document.word_times[first][0]
    return SearchHit(
        transcript_id=document.transcript_id,
        source=url or (record.source if record else None),
        start_ms=start_ms,
        end_ms=document.word_times[last][1],
        text=document.text,
        match=document.text[document.word_offsets[first] : end_char],
        score=round(100 * found.score / best, 1) if best > 0 else 100.0,
        spans=spans,
        before=before,
        after=after,
        speaker=document.speaker,
        link=deep_link(url, start_ms),
        # The context is read too: a match there is a match the reader should see.
        before_spans=tuple(backend.matched_spans(parsed, before)) if before else (),
        after_spans=tuple(backend.matched_spans(parsed, after)) if after else (),
    )


def search(
    backend: SearchBackend,
    query: str,
    *,
    limit: int = 10,
    transcript_id: str | None = None,
    speaker: str | None = None,
    context: int = 1,
) -> SearchResults:
    """Search sentences by words, phrases and boolean operators.

    Args:
        backend: The index.
        query: What the user typed (see :mod:`transcript_tools.search.query`).
        limit: At most this many hits.
        transcript_id: Only search this transcript.
        speaker: Only search what this speaker says (case-insensitive).
        context: Sentences of context to keep before and after each hit.

    Returns:
        The hits, best first; with none, a "did you mean" suggestion when
        some query word is not in the index but a close one is.

    Raises:
        QueryError: when the query has no words to search for.
    """
    parsed = parse_query(query)
    # Windows of a long sentence overlap, so one match can come back twice.
    found = backend.search(parsed, exact=False, limit=limit * 2, transcript_id=transcript_id, speaker=speaker)
    hits: list[SearchHit] = []
    seen: set[tuple[str, int]] = set()
    best = found[0].score if found else 0.0
    for item in found:
        hit = _hit(backend, parsed, item, best, context)
        first_matched = item.document.first_word + item.document.word_at(hit.spans[0][0]) if hit.spans else item.document.first_word
        key = (hit.transcript_id, first_matched)
        if key in seen:
            continue
        seen.add(key)
        hits.append(hit)
        if len(hits) == limit:
            break
    suggestion = None if hits else _suggestion(backend, query, query_words(parsed))
    return SearchResults(query=query, hits=tuple(hits), suggestion=suggestion)
