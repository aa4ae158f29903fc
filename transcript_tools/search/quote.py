"""Fuzzy quote search: find a misremembered or mis-transcribed quote and when it is said.

1. Exact phrase: the quote's words in order inside one document scores 100.
2. Otherwise the quote's rarest indexed words make an OR query; its best
   documents (BM25) are candidates.
3. Each candidate, with the documents before and after it (a quote crosses
   sentence boundaries), is folded (:func:`~transcript_tools.search.documents.fold`)
   and compared with the folded quote by ``rapidfuzz.fuzz.partial_ratio_alignment``.
   The alignment's character offsets point at the first and last matched
   words; trying word boundaries a little around them with ``fuzz.ratio``
   finds the span that best matches the whole quote. The start time is the
   first matched word's, the end time the last's.
4. The score is the mean of that character similarity and the share of the
   quote's words found in the span, each word weighted by its rarity (IDF;
   a misspelled word counts when it is close to a span word). Text from
   elsewhere matches on "the" and "of the"; a real quote matches on its rare
   words: the mean separates the two better than either alone.
5. One best hit per transcript; hits under the threshold are not found, but
   the closest ones are kept as candidates.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from transcript_tools.search.backend import DocumentHit, SearchBackend
from transcript_tools.search.documents import Document, fold
from transcript_tools.search.fulltext import deep_link
from transcript_tools.search.query import WORD_PATTERN, AnyOf, Phrase, QueryError, Term, tokens

__all__ = ["DEFAULT_THRESHOLD", "QuoteMatch", "QuoteResults", "align_quote", "find_quote"]

#: Scores (0-100) at or above this count as found.
DEFAULT_THRESHOLD = 70.0
#: Candidate documents reranked per quote.
CANDIDATES = 30
#: Rarest quote words that make the candidate query.
QUERY_WORDS = 5
#: Candidates (best partial alignments) whose span boundaries are refined.
REFINED = 10
# Documents fetched on each side of a candidate at most, for quotes across short sentences.
MAX_REACH = 16
#: How far (in words) refinement moves each end of a span.
REFINE_REACH = 3

_WORD = re.compile(WORD_PATTERN)


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """Where a quote is said.

    Attributes:
        transcript_id: The transcript it is in.
        source: The file or URL the transcript came from.
        start_ms: When the first matched word starts, if known.
        end_ms: When the last matched word ends, if known.
        text: The sentence(s) holding the match.
        match: The matched words as written in the transcript.
        score: Similarity of the quote and the match, 0-100.
        first_word: Index of the first matched word in the transcript.
        last_word: Index of the last matched word in the transcript.
        link: A link to the moment on the recording's web page, if known.
    """

    transcript_id: str
    source: str | None
    start_ms: int | None
    end_ms: int | None
    text: str
    match: str
    score: float
    first_word: int
    last_word: int
    link: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteResults:
    """The answer to a quote search.

    Attributes:
        quote: The quote searched for.
        hits: Matches at or above the threshold, best first, one per transcript.
        candidates: When there are no hits, the closest matches below the threshold.
        threshold: The score a match needed.
    """

    quote: str
    hits: tuple[QuoteMatch, ...]
    candidates: tuple[QuoteMatch, ...] = ()
    threshold: float = DEFAULT_THRESHOLD

    @property
    def found(self) -> bool:
        """True when the quote was found."""
        return bool(self.hits)


@dataclass(frozen=True, slots=True)
class _Passage:
    """Consecutive words of one transcript, from a few documents."""

    documents: tuple[Document, ...]
    first_word: int
    words: tuple[str, ...]
    times: tuple[tuple[int | None, int | None], ...]
    text: str
    offsets: tuple[int, ...]


def _passage(documents: tuple[Document, ...]) -> _Passage:
    # Windows of a long sentence overlap: place words by transcript index so
    # that the shared words appear once.
    placed: dict[int, tuple[str, tuple[int | None, int | None]]] = {}
    for document in documents:
        for index, word in enumerate(document.words):
            placed[document.first_word + index] = (word, document.word_times[index])
    positions = sorted(placed)
    words = tuple(placed[p][0] for p in positions)
    offsets = []
    position = 0
    for word in words:
        offsets.append(position)
        position += len(word) + 1
    return _Passage(
        documents=documents,
        first_word=positions[0],
        words=words,
        times=tuple(placed[p][1] for p in positions),
        text=" ".join(words),
        offsets=tuple(offsets),
    )


def align_quote(quote: str, text: str, offsets: tuple[int, ...]) -> tuple[float, int, int]:
    """Find the words of ``text`` that best match ``quote``.

    Args:
        quote: The quote as the user typed it.
        text: Words joined by single spaces.
        offsets: Where each word of ``text`` starts.

    Returns:
        ``(score, first, last)``: the similarity (0-100) of the quote and the
        words ``first..last`` (indices into ``offsets``, inclusive).

    Example:
        >>> text = "Well, we shall fight on the beaches. We shall never surrender!"
        >>> offsets = tuple(m.start() for m in re.finditer(r"\\S+", text))
        >>> score, first, last = align_quote("we will never surrender", text, offsets)
        >>> text.split()[first : last + 1], round(score)
        (['We', 'shall', 'never', 'surrender!'], 89)
    """
    wanted = " ".join(fold(quote).split())
    folded = fold(text)
    alignment = fuzz.partial_ratio_alignment(wanted, folded)
    # fold() keeps every character in place, so the alignment's offsets into
    # the folded text are offsets into the original text. (rapidfuzz types
    # the alignment optional: it has none below a score_cutoff.)
    start, end = (alignment.dest_start, alignment.dest_end) if alignment is not None else (0, 0)
    while start < end and folded[start] == " ":
        start += 1
    while end > start and folded[end - 1] == " ":
        end -= 1
    if start >= end:
        return 0.0, 0, 0
    first = bisect.bisect_right(offsets, start) - 1
    last = bisect.bisect_right(offsets, end - 1) - 1
    words = [" ".join(fold(text[offset : offset + _length(text, offset)]).split()) for offset in offsets]
    best = (-1.0, first, last)
    count = len(offsets)
    for new_first in range(max(0, first - REFINE_REACH), min(count, first + REFINE_REACH + 1)):
        for new_last in range(max(new_first, last - REFINE_REACH), min(count, last + REFINE_REACH + 1)):
            candidate = " ".join(word for word in words[new_first : new_last + 1] if word)
            score = fuzz.ratio(wanted, candidate)
            # Ties go to the span closest to the alignment.
            distance = abs(new_first - first) + abs(new_last - last)
            if score > best[0] or (score == best[0] and distance < abs(best[1] - first) + abs(best[2] - last)):
                best = (score, new_first, new_last)
    return best


def _length(text: str, offset: int) -> int:
    space = text.find(" ", offset)
    return (len(text) if space < 0 else space) - offset


def _match(passage: _Passage, score: float, first: int, last: int) -> QuoteMatch:
    """The match of words ``first..last`` of a passage, without its source yet (see :func:`_located`)."""
    documents = passage.documents
    # The sentence(s) holding the match: from the start of the document with
    # the first matched word to the end of the one with the last.
    first_index, last_index = passage.first_word + first, passage.first_word + last
    holders = [d for d in documents if d.first_word + len(d.word_offsets) > first_index and d.first_word <= last_index]
    lo = holders[0].first_word - passage.first_word
    hi = holders[-1].first_word + len(holders[-1].word_offsets) - passage.first_word
    return QuoteMatch(
        transcript_id=documents[0].transcript_id,
        source=None,
        start_ms=passage.times[first][0],
        end_ms=passage.times[last][1],
        text=" ".join(passage.words[lo:hi]),
        match=" ".join(passage.words[first : last + 1]),
        score=round(score, 1),
        first_word=first_index,
        last_word=last_index,
    )


def _located(backend: SearchBackend, matches: Iterable[QuoteMatch]) -> tuple[QuoteMatch, ...]:
    # Looking up a transcript's record costs a query: only for what is returned.
    located = []
    for match in matches:
        record = backend.record(match.transcript_id)
        url = record.url if record else None
        source = url or (record.source if record else None)
        located.append(replace(match, source=source, link=deep_link(url, match.start_ms)))
    return tuple(located)


def _exact(backend: SearchBackend, words: list[str], limit: int, transcript_id: str | None) -> list[QuoteMatch]:
    query = Term(words[0]) if len(words) == 1 else Phrase(tuple(words), slop=0)
    matches: dict[str, QuoteMatch] = {}
    for found in backend.search(query, exact=True, limit=limit * 4, transcript_id=transcript_id):
        document = found.document
        if document.transcript_id in matches:
            continue
        found_tokens = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(document.text)]
        texts = [token for token, _, _ in found_tokens]
        for index in range(len(texts) - len(words) + 1):
            if texts[index : index + len(words)] == words:
                first = document.word_at(found_tokens[index][1])
                last = document.word_at(found_tokens[index + len(words) - 1][2] - 1)
                matches[document.transcript_id] = _match(_passage((document,)), 100.0, first, last)
                break
    return list(matches.values())[:limit]


def _weights(frequencies: Mapping[str, int], documents: int) -> dict[str, float]:
    return {word: math.log((documents + 1) / (count + 1)) for word, count in frequencies.items()}


def _word_recall(words: list[str], span: tuple[str, ...], weights: Mapping[str, float]) -> float:
    """The rarity-weighted share (0-100) of the quote's words found in the span.

    Example:
        >>> _word_recall(["ask", "contry", "what"], ("Ask", "country", "why"), {"ask": 2.0, "contry": 5.0, "what": 1.0})
        87.5
    """
    present = set(tokens(" ".join(span)))
    total = found = 0.0
    for word in words:
        weight = weights.get(word, 0.0)
        total += weight
        if word in present or (len(word) >= 3 and any(fuzz.ratio(word, other, score_cutoff=75) for other in present)):
            found += weight
    return 100 * found / total if total else 0.0


def _around(backend: SearchBackend, found: DocumentHit, words: int) -> tuple[Document, ...]:
    """The found document with enough neighbours for a quote of ``words`` words either side of it."""
    # A quote may run across several short sentences ("Yes. No. Not yet."):
    # one neighbour each side is not always enough.
    reach = 1
    while True:
        documents = backend.neighbours(found, reach, reach)
        index = next(i for i, document in enumerate(documents) if document.seq == found.document.seq)
        before = sum(len(document.word_times) for document in documents[:index])
        after = sum(len(document.word_times) for document in documents[index + 1 :])
        short = (before < words and index == reach) or (after < words and len(documents) - index - 1 == reach)
        if not short or reach >= MAX_REACH:
            return documents
        reach *= 2


def _candidates(
    backend: SearchBackend, quote: str, frequencies: Mapping[str, int], transcript_id: str | None
) -> list[_Passage]:
    """Passages around the BM25 best documents, best rough alignment first."""
    # Rare words pick out the passage; frequent ones ("the", "of") only cost
    # time. A misspelled word is not indexed at all.
    present = sorted((word for word, count in frequencies.items() if count), key=lambda w: (frequencies[w], w))
    if not present:
        return []
    query = AnyOf(tuple(Term(word) for word in present[:QUERY_WORDS]))
    wanted = " ".join(fold(quote).split())
    scored = []
    for found in backend.search(query, exact=True, limit=CANDIDATES, transcript_id=transcript_id):
        passage = _passage(_around(backend, found, len(quote.split())))
        scored.append((fuzz.partial_ratio(wanted, fold(passage.text)), passage))
    scored.sort(key=lambda item: -item[0])
    return [passage for _, passage in scored]


def find_quote(
    backend: SearchBackend,
    quote: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
    transcript_id: str | None = None,
) -> QuoteResults:
    """Find where a quote is said, even misremembered or mis-transcribed.

    Args:
        backend: The index.
        quote: The quote, as the user remembers it.
        threshold: Score (0-100) a match needs to count as found.
        limit: At most this many hits (one per transcript).
        transcript_id: Only search this transcript.

    Returns:
        Hits at or above the threshold, best first; with none, the closest
        candidates below it.

    Raises:
        QueryError: when the quote has no words.
    """
    words = tokens(quote)
    if not words:
        raise QueryError(f"nothing to search for in {quote!r}: the quote has no words")
    exact = _exact(backend, words, limit, transcript_id)
    if exact:
        return QuoteResults(quote=quote, hits=_located(backend, exact), threshold=threshold)
    frequencies = {word: backend.document_frequency(word) for word in set(words)}
    weights = _weights(frequencies, backend.document_count())
    best: dict[str, QuoteMatch] = {}
    for passage in _candidates(backend, quote, frequencies, transcript_id)[:REFINED]:
        similarity, first, last = align_quote(quote, passage.text, passage.offsets)
        found = _word_recall(words, passage.words[first : last + 1], weights)
        match = _match(passage, (similarity + found) / 2, first, last)
        known = best.get(match.transcript_id)
        if known is None or match.score > known.score:
            best[match.transcript_id] = match
    ranked = sorted(best.values(), key=lambda match: -match.score)
    hits = _located(backend, [match for match in ranked if match.score >= threshold][:limit])
    candidates = () if hits else _located(backend, ranked[:limit])
    return QuoteResults(quote=quote, hits=hits, candidates=candidates, threshold=threshold)
