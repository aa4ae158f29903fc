"""Search results as people and programs read them: text, a JSON contract, CSV.

The JSON contract (other tools rely on these names): ``search --json`` and
``quote --json`` print one array of hits, each with ``transcript`` (id),
``source`` (path or URL), ``start`` and ``end`` (seconds, 3 decimals, or
null when unknown), ``text`` (the sentence), ``match`` (the matched span as
written) and ``score`` (0-100). Script mode adds ``quote`` and ``found``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

from transcript_tools.search.backend import TranscriptRecord
from transcript_tools.search.fulltext import SearchHit, SearchResults
from transcript_tools.search.library import IndexReport
from transcript_tools.search.quote import QuoteMatch, QuoteResults
from transcript_tools.search.script import ScriptResult
from transcript_tools.timecode import format_timecode

_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*$")

__all__ = [
    "format_index_report",
    "format_quote",
    "format_script",
    "format_search",
    "format_transcripts",
    "highlight",
    "hit_json",
    "script_csv",
    "script_json",
    "search_json",
]

_SCRIPT_COLUMNS = ("quote", "found", "transcript", "start", "end", "score")


def _seconds(ms: int | None) -> float | None:
    return None if ms is None else round(ms / 1000, 3)


def _clock(ms: int | None) -> str:
    return "--:--:--.---" if ms is None else format_timecode(ms)


def hit_json(hit: SearchHit | QuoteMatch) -> dict[str, object]:
    """A hit as a JSON object of the contract.

    Example:
        >>> hit = QuoteMatch("talk", "talk.srt", 1500, 2750, "Ask not.", "Ask not.", 100.0, 0, 1)
        >>> hit_json(hit)
        {'transcript': 'talk', 'source': 'talk.srt', 'start': 1.5, 'end': 2.75, 'text': 'Ask not.', 'match': 'Ask not.', 'score': 100.0}
    """
    return {
        "transcript": hit.transcript_id,
        "source": hit.source,
        "start": _seconds(hit.start_ms),
        "end": _seconds(hit.end_ms),
        "text": hit.text,
        "match": hit.match,
        "score": hit.score,
    }


def search_json(hits: Sequence[SearchHit | QuoteMatch]) -> str:
    """Hits as the JSON array of the contract."""
    return json.dumps([hit_json(hit) for hit in hits], ensure_ascii=False, indent=2) + "\n"


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each span in brackets.

    Example:
        >>> highlight("Freedom of speech and freedom of worship.", [(0, 7), (22, 29)])
        '[Freedom] of speech and [freedom] of worship.'
    """
    parts = []
    position = 0
    for start, end in spans:
        parts.append(text[position:start])
        parts.append(f"[{text[start:end]}]")
        position = end
    parts.append(text[position:])
    return "".join(parts)


def format_search(results: SearchResults) -> str:
    """Search hits as text: time, transcript, the sentence in its context, every match [highlighted]."""
    if not results.hits:
        message = f"no matches for {results.query!r}"
        if results.suggestion:
            message += f"; did you mean {results.suggestion!r}?"
        return message + "\n"
    lines = []
    for hit in results.hits:
        speaker = f" {hit.speaker}:" if hit.speaker else ""
        lines.append(f"{_clock(hit.start_ms)}  {hit.transcript_id}  (score {hit.score:g}){speaker}")
        parts = ((hit.before, hit.before_spans), (hit.text, hit.spans), (hit.after, hit.after_spans))
        context = " ".join(highlight(text, spans) for text, spans in parts if text)
        # A long sentence is indexed in windows: say so where the context stops inside one.
        if context[:1].islower():
            context = "… " + context
        if not _SENTENCE_END.search(context):
            context += " …"
        lines.append(f"    {context}")
        if hit.link:
            lines.append(f"    {hit.link}")
    return "\n".join(lines) + "\n"


def _quote_line(match: QuoteMatch) -> list[str]:
    lines = [
        f"{_clock(match.start_ms)} --> {_clock(match.end_ms)}  {match.transcript_id}  (score {match.score:g})",
        f"    {match.match}",
    ]
    if match.link:
        lines.append(f"    {match.link}")
    return lines


def format_quote(results: QuoteResults) -> str:
    """A quote search as text: where the quote is said, or the closest candidates."""
    lines = []
    if results.hits:
        for match in results.hits:
            lines.extend(_quote_line(match))
    else:
        lines.append(f"not found: no match for {results.quote!r} scores {results.threshold:g} or more")
        if results.candidates:
            lines.append("closest candidates:")
            for match in results.candidates:
                lines.extend(_quote_line(match))
    return "\n".join(lines) + "\n"


def _row(result: ScriptResult) -> dict[str, object]:
    hit = result.hit
    if hit is None:
        return {"quote": result.quote.text, "found": False, "transcript": None, "source": None, "start": None,
                "end": None, "text": None, "match": None,
                "score": result.closest.score if result.closest else None}
    return {"quote": result.quote.text, "found": True, **hit_json(hit)}


def script_json(results: Sequence[ScriptResult]) -> str:
    """Script results as the JSON array of the contract (with ``quote`` and ``found``)."""
    return json.dumps([_row(result) for result in results], ensure_ascii=False, indent=2) + "\n"


def script_csv(results: Sequence[ScriptResult]) -> str:
    """Script results as CSV: quote, found, transcript, start, end, score (and source, text, match)."""
    buffer = io.StringIO()
    columns = (*_SCRIPT_COLUMNS, "source", "text", "match")
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for result in results:
        writer.writerow({key: "" if value is None else value for key, value in _row(result).items()})
    return buffer.getvalue()


def format_script(results: Sequence[ScriptResult]) -> str:
    """Script results as a text table: quote, found, transcript, start, end, score."""
    rows = [("QUOTE", "FOUND", "TRANSCRIPT", "START", "END", "SCORE")]
    for result in results:
        quote = result.quote.text if len(result.quote.text) <= 48 else result.quote.text[:45] + "..."
        hit = result.hit
        if hit is None:
            score = f"({result.closest.score:g})" if result.closest else "-"
            rows.append((quote, "no", "-", "-", "-", score))
        else:
            rows.append((quote, "yes", hit.transcript_id, _clock(hit.start_ms), _clock(hit.end_ms), f"{hit.score:g}"))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n" for row in rows)


def format_index_report(report: IndexReport) -> str:
    """What an indexing run did, in one line.

    Example:
        >>> format_index_report(IndexReport(added=("a", "b"), unchanged=("c",)))
        'indexed 2 new, 0 changed, 1 unchanged, 0 removed\\n'
    """
    return (
        f"indexed {len(report.added)} new, {len(report.updated)} changed, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed\n"
    )


def format_transcripts(records: Sequence[TranscriptRecord]) -> str:
    """The indexed transcripts as a table: id, words, documents, source."""
    if not records:
        return "no transcripts indexed\n"
    width = max(len(record.transcript_id) for record in records)
    return "".join(
        f"{record.transcript_id.ljust(width)}  {record.words:>8} words  {record.documents:>6} sentences  {record.url or record.source or '-'}\n"
        for record in records
    )
