r"""transcript_tools: read, normalize, time, caption and search transcripts.

Example:
    >>> from transcript_tools import parse
    >>> transcript = parse("1\n00:00:01,000 --> 00:00:02,500\nhello world\n", "srt")
    >>> [w.text for w in transcript.words]
    ['hello', 'world']
"""

from __future__ import annotations

from transcript_tools import normalize  # the package is callable: normalize(transcript)
from transcript_tools.align import build_cues, check_cues, fill_missing_times
from transcript_tools.errors import (
    FormatError,
    MediaError,
    ModelError,
    ParseError,
    QueryError,
    SearchIndexError,
    TimestampError,
    TimingError,
    TranscriptError,
)
from transcript_tools.formats import compose, detect_format, parse, read, write
from transcript_tools.model import Cue, Marker, Metadata, Note, Sentence, Transcript, Word
from transcript_tools.normalize.sentences import split_sentences
from transcript_tools.pipeline import make_captions
from transcript_tools.search import SearchIndex, memory_index, open_index

__version__ = "0.1.0"

__all__ = [
    "Cue",
    "FormatError",
    "Marker",
    "MediaError",
    "Metadata",
    "ModelError",
    "Note",
    "ParseError",
    "QueryError",
    "SearchIndex",
    "SearchIndexError",
    "Sentence",
    "TimestampError",
    "TimingError",
    "Transcript",
    "TranscriptError",
    "Word",
    "__version__",
    "build_cues",
    "check_cues",
    "compose",
    "detect_format",
    "fill_missing_times",
    "make_captions",
    "memory_index",
    "normalize",
    "open_index",
    "parse",
    "read",
    "split_sentences",
    "write",
]
