"""Turning a transcript into search documents: sentences or short windows of words.

A document is a run of consecutive words of one transcript. Its text is the
words joined by single spaces, so ``word_offsets`` (where each word starts in
the text) maps any character back to its word, and ``word_times`` gives that
word's time. Documents are sentences, not cues, because most quotes cross a
cue boundary; a sentence longer than :data:`MAX_WORDS` (raw ASR text without
punctuation is one endless sentence) is cut into overlapping windows, so a
phrase that straddles a cut still lies whole inside one window.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from transcript_tools.align.timing import fill_missing_times
from transcript_tools.model import Transcript
from transcript_tools.normalize.sentences import split_sentences

__all__ = [
    "MAX_WORDS",
    "WINDOW_OVERLAP",
    "Document",
    "fold",
    "make_documents",
    "word_times",
]

#: Longest document in words; longer sentences are cut into windows.
MAX_WORDS = 40
#: Words shared by consecutive windows of one long sentence.
WINDOW_OVERLAP = 8

# Everything but letters and digits: what fold() turns into spaces.
_NOT_WORD = re.compile(r"[\W_]")


@dataclass(frozen=True, slots=True)
class Document:
    """A searchable run of consecutive words of one transcript.

    Attributes:
        transcript_id: The transcript it belongs to.
        seq: Its position among the transcript's documents (0, 1, 2...).
        first_word: Index of its first word in the transcript's ``words``.
        text: The words joined by single spaces.
        word_offsets: Where each word starts in ``text``.
        word_times: ``(start_ms, end_ms)`` of each word; ``None`` when unknown.
        speaker: Who says it, if known.
    """

    transcript_id: str
    seq: int
    first_word: int
    text: str
    word_offsets: tuple[int, ...]
    word_times: tuple[tuple[int | None, int | None], ...]
    speaker: str | None = None

    @property
    def start_ms(self) -> int | None:
        """The first known start time of its words."""
        return next((start for start, _ in self.word_times if start is not None), None)

    @property
    def end_ms(self) -> int | None:
        """The last known end time of its words."""
        return next((end for _, end in reversed(self.word_times) if end is not None), None)

    @property
    def words(self) -> tuple[str, ...]:
        """The words as written, punctuation included."""
        return tuple(self.text.split(" "))

    def word_at(self, offset: int) -> int:
        """Index (within the document) of the word holding character ``offset``.

        A space belongs to the word before it.

        Example:
            >>> doc = Document("t", 0, 0, "one two", (0, 4), ((None, None),) * 2)
            >>> doc.word_at(0), doc.word_at(3), doc.word_at(4)
            (0, 0, 1)
        """
        return max(0, bisect.bisect_right(self.word_offsets, offset) - 1)


def fold(text: str) -> str:
    """Lowercase and turn punctuation into spaces, keeping every character's position.

    rapidfuzz reports alignments as offsets into the strings it compared, so
    the folded text must have exactly the length of the original for those
    offsets to point at the original words.

    Example:
        >>> fold("Iran, Russia & the U.S.")
        'iran  russia   the u s '
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        # "İ".lower() is two characters: keep such a letter as it is.
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return _NOT_WORD.sub(" ", lowered)


def _has_time_evidence(transcript: Transcript) -> bool:
    return bool(transcript.cues) or transcript.metadata.duration_ms is not None or any(
        word.start_ms is not None or word.end_ms is not None for word in transcript.words
    )


def word_times(transcript: Transcript) -> tuple[tuple[int | None, int | None], ...]:
    """The ``(start_ms, end_ms)`` of every word, estimated where the source has none.

    A word's own time wins; missing ones come from the timing stage
    (:func:`transcript_tools.align.timing.fill_missing_times`: cues, anchors,
    the duration). A transcript with no time at all keeps every time
    unknown: a search hit should not show a time made up from a speaking rate.

    Args:
        transcript: Any transcript.

    Returns:
        One pair per word, in order.

    Example:
        >>> from transcript_tools.model import Cue, Word
        >>> cue = Cue(1000, 2000, ("a b c d",))
        >>> t = Transcript(words=tuple(Word(w, cue_index=0) for w in "abcd"), cues=(cue,))
        >>> [start for start, _ in word_times(t)][0], word_times(t)[-1][1]
        (1000, 2000)
    """
    words = transcript.words
    if all(word.start_ms is not None and word.end_ms is not None for word in words):
        return tuple((word.start_ms, word.end_ms) for word in words)
    if not _has_time_evidence(transcript):
        return ((None, None),) * len(words)
    timing = fill_missing_times(
        split_sentences(transcript),
        source_cues=transcript.cues,
        duration_ms=transcript.metadata.duration_ms,
    )
    return tuple((word.start_ms, word.end_ms) for sentence in timing.sentences for word in sentence.words)


def _windows(first: int, count: int) -> list[tuple[int, int]]:
    """``(start, stop)`` word ranges covering ``count`` words from ``first``."""
    if count <= MAX_WORDS:
        return [(first, first + count)]
    step = MAX_WORDS - WINDOW_OVERLAP
    ranges = []
    start = 0
    while True:
        stop = min(start + MAX_WORDS, count)
        ranges.append((first + start, first + stop))
        if stop == count:
            return ranges
        start += step


def make_documents(transcript: Transcript, transcript_id: str) -> tuple[Document, ...]:
    """Cut a transcript into search documents.

    Args:
        transcript: The transcript, punctuated (restore punctuation first for
            raw ASR text, or its documents are plain windows).
        transcript_id: The id stored in every document.

    Returns:
        Documents in order, covering every word at least once.

    Example:
        >>> from transcript_tools.model import Word
        >>> t = Transcript(words=tuple(Word(w) for w in "Hello there. How are you?".split()))
        >>> [d.text for d in make_documents(t, "t")]
        ['Hello there.', 'How are you?']
    """
    times = word_times(transcript)
    words = transcript.words
    documents: list[Document] = []
    for sentence in split_sentences(transcript):
        for start, stop in _windows(sentence.first_word, len(sentence.words)):
            texts = [word.text for word in words[start:stop]]
            offsets = []
            position = 0
            for text in texts:
                offsets.append(position)
                position += len(text) + 1
            documents.append(
                Document(
                    transcript_id=transcript_id,
                    seq=len(documents),
                    first_word=start,
                    text=" ".join(texts),
                    word_offsets=tuple(offsets),
                    word_times=times[start:stop],
                    speaker=words[start].speaker,
                )
            )
    return tuple(documents)
