"""Helpers shared by the cue-based formats (WebVTT, SRT, SBV)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from transcript_tools.errors import TimingError
from transcript_tools.formats._words import words_from_cues
from transcript_tools.model import Cue, Metadata, Note, Transcript

__all__ = ["blocks", "cues_for_writing", "transcript_from_cues"]

logger = logging.getLogger(__name__)


def blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Split text into blank-line separated blocks.

    Yields:
        ``(first_line_number, lines)`` with 1-based line numbers. Lines that
        hold only whitespace count as blank: real SRT files use them so.
    """
    block: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def transcript_from_cues(
    cues: Sequence[Cue],
    *,
    source: str | None,
    format: str,
    notes: Sequence[Note] = (),
    styles: Sequence[str] = (),
    metadata: Metadata | None = None,
) -> Transcript:
    """Build a transcript whose words come from its cues' text."""
    backwards = sum(1 for before, cue in zip(cues, cues[1:]) if cue.start_ms < before.start_ms)
    if backwards:
        # Kept in file order (the words follow it); writers sort the cues.
        logger.warning(
            "%s: %d cue(s) start before the cue above them; read in file order, written sorted by time",
            source or "<string>",
            backwards,
        )
    recovered = words_from_cues(cues)
    base = metadata or Metadata()
    return Transcript(
        words=recovered.words,
        cues=tuple(cues),
        markers=recovered.markers,
        metadata=Metadata(
            title=base.title,
            language=base.language,
            source=source,
            url=base.url,
            duration_ms=base.duration_ms,
            format=format,
        ),
        notes=tuple(notes),
        styles=tuple(styles),
    )


def cues_for_writing(transcript: Transcript) -> tuple[tuple[int, Cue], ...]:
    """The transcript's cues, ready to be written: sorted, start < end.

    Players drop or misorder cues that break these rules, so a writer must
    never emit them.

    Returns:
        ``(original_index, cue)`` pairs in writing order; the index lets a
        writer keep what refers to a cue (a NOTE block) next to it.

    Raises:
        TimingError: when the transcript has words but no timed cues to write.
    """
    if not transcript.cues:
        if transcript.words:
            raise TimingError(
                "this transcript has no timed cues; build captions from it with "
                "'transcript-tools captions'"
            )
        return ()
    ordered = sorted(enumerate(transcript.cues), key=lambda pair: pair[1].start_ms)
    result = []
    for index, cue in ordered:
        if cue.end_ms <= cue.start_ms:
            logger.warning(
                "cue at %d ms has no duration (ends at %d ms); written as 1 ms long",
                cue.start_ms,
                cue.end_ms,
            )
            cue = Cue(cue.start_ms, cue.start_ms + 1, cue.lines, cue.identifier, cue.settings, cue.speaker)
        result.append((index, cue))
    return tuple(result)
