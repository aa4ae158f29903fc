"""The caption pipeline: the order of the stages, and nothing else.

``read -> normalize (raw text, when available) -> sentences -> timing -> cues``.
Each stage is a pure function of model values; this module only chains them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

import transcript_tools.normalize as normalize_package
from transcript_tools.align.cues import layout_cues
from transcript_tools.align.profiles import DEFAULT_PROFILE, CaptionProfile
from transcript_tools.align.timing import Evidence, fill_missing_times
from transcript_tools.formats._words import SPEAKER_CHANGE
from transcript_tools.model import Metadata, Transcript
from transcript_tools.normalize.sentences import split_sentences

__all__ = ["Captions", "default_normalizer", "make_captions", "needs_normalization"]

logger = logging.getLogger(__name__)

Normalizer = Callable[[Transcript], Transcript]

_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*$")
# Written text has a sentence end every 15-20 words; ASR output has none.
_WORDS_PER_SENTENCE_END = 40
_MIN_WORDS = 20


@dataclass(frozen=True, slots=True)
class Captions:
    """What :func:`make_captions` returns.

    Attributes:
        transcript: The input's words with their times filled in and
            ``cue_index`` pointing at the new cues, and the new cues.
        evidence: The weakest evidence the times rest on.
    """

    transcript: Transcript
    evidence: Evidence


def needs_normalization(transcript: Transcript) -> bool:
    """True when a transcript looks unpunctuated (raw ASR output).

    Example:
        >>> from transcript_tools.model import Word
        >>> raw = Transcript(words=tuple(Word(w) for w in ("so what exactly makes up " * 10).split()))
        >>> needs_normalization(raw)
        True
    """
    words = transcript.words
    ends = sum(1 for word in words if _SENTENCE_END.search(word.text))
    return len(words) >= _MIN_WORDS and ends * _WORDS_PER_SENTENCE_END < len(words)


def default_normalizer() -> Normalizer | None:
    """The punctuation and casing model, when this installation has one."""
    candidate = getattr(normalize_package, "normalize", None)
    return candidate if callable(candidate) else None


def make_captions(
    transcript: Transcript,
    *,
    profile: str | CaptionProfile = DEFAULT_PROFILE,
    duration_ms: int | None = None,
    normalizer: Normalizer | Literal["auto"] | None = "auto",
) -> Captions:
    """Turn a transcript, timed or not, into captions that follow a profile.

    Args:
        transcript: Any transcript: raw text, cues, or word-timed.
        profile: A profile name (``"netflix"``, ``"bbc"``, ``"dcmp"``) or a
            :class:`~transcript_tools.align.profiles.CaptionProfile`.
        duration_ms: The recording's length, when the transcript has no times.
        normalizer: Restores punctuation and casing of raw text. ``"auto"``
            uses the shipped model when it is installed and the text looks
            unpunctuated; ``None`` never normalizes.

    Returns:
        The captioned transcript and the evidence its times rest on.

    Raises:
        TranscriptError: when a stage fails.
    """
    restore = default_normalizer() if normalizer == "auto" and needs_normalization(transcript) else None
    if callable(normalizer):
        restore = normalizer
    normalized = transcript
    if restore is not None:
        normalized = restore(transcript)
        if [w.start_ms for w in normalized.words] != [w.start_ms for w in transcript.words]:
            # A normalizer must keep the words and their times; never lose them.
            logger.warning("normalization changed the words; captions use the words as they were")
            normalized = transcript
    sentences = split_sentences(normalized)
    duration = duration_ms if duration_ms is not None else normalized.metadata.duration_ms
    changes = {m.word_index for m in normalized.markers if m.label == SPEAKER_CHANGE}
    timing = fill_missing_times(sentences, source_cues=normalized.cues, duration_ms=duration, turns=changes)
    tags = [m for m in normalized.markers if m.label != SPEAKER_CHANGE]
    layout = layout_cues(timing.sentences, profile, speaker_changes=changes, sound_tags=tags, end_ms=duration)
    timed_words = [word for sentence in timing.sentences for word in sentence.words]
    words = tuple(replace(word, cue_index=cue) for word, cue in zip(timed_words, layout.word_cues))
    metadata: Metadata = normalized.metadata
    if duration is not None:
        metadata = replace(metadata, duration_ms=duration)
    # NOTE blocks referred to the source's cues, which are gone.
    result = replace(normalized, words=words, cues=layout.cues, notes=(), metadata=metadata)
    return Captions(result, timing.evidence)
