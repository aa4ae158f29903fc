"""The data model: frozen dataclasses with integer-millisecond times.

A :class:`Transcript` is what every reader returns and every writer takes. It
keeps the spoken words (with their times where the source had them), the cues
as the source laid them out, non-speech markers such as ``[Music]``, and
metadata. Every stage of the pipeline returns new values; nothing here is
mutated after construction (use :func:`dataclasses.replace`).

Unknown times are ``None``, never ``0``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Cue", "Marker", "Metadata", "Note", "Sentence", "Transcript", "Word"]


def _check_span(owner: str, start_ms: int | None, end_ms: int | None) -> None:
    if start_ms is not None and start_ms < 0:
        raise ValueError(f"{owner}.start_ms ({start_ms}) is negative")
    if end_ms is not None and end_ms < 0:
        raise ValueError(f"{owner}.end_ms ({end_ms}) is negative")
    if start_ms is not None and end_ms is not None and end_ms < start_ms:
        raise ValueError(f"{owner}.end_ms ({end_ms}) is before start_ms ({start_ms})")


@dataclass(frozen=True, slots=True)
class Word:
    """One spoken word.

    Attributes:
        text: The word as written, including attached punctuation (``"Iran,"``).
        start_ms: When the word starts, if known.
        end_ms: When the word ends, if known.
        speaker: Who says it, if known.
        cue_index: Index into :attr:`Transcript.cues` of the source cue the
            word came from, or ``None`` when the source had no cues.
    """

    text: str
    start_ms: int | None = None
    end_ms: int | None = None
    speaker: str | None = None
    cue_index: int | None = None

    def __post_init__(self) -> None:
        if not self.text or any(c.isspace() for c in self.text):
            raise ValueError(f"Word.text must be one non-empty token, got {self.text!r}")
        _check_span("Word", self.start_ms, self.end_ms)


@dataclass(frozen=True, slots=True)
class Cue:
    """A caption cue: lines of plain text shown from ``start_ms`` to ``end_ms``.

    Text is stored unescaped and without markup; writers escape it.

    Attributes:
        start_ms: When the cue appears.
        end_ms: When it disappears.
        lines: The displayed lines, top to bottom.
        identifier: WebVTT cue identifier or SRT index, kept for round trips.
        settings: WebVTT cue settings (``"align:start line:0"``), verbatim.
        speaker: The voice (``<v Name>``) when the source named one.
    """

    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    identifier: str | None = None
    settings: str = ""
    speaker: str | None = None

    def __post_init__(self) -> None:
        _check_span("Cue", self.start_ms, self.end_ms)

    @property
    def text(self) -> str:
        """The cue's lines joined with newlines."""
        return "\n".join(self.lines)


@dataclass(frozen=True, slots=True)
class Marker:
    """A non-speech event such as ``[Music]`` or ``[Applause]``.

    Attributes:
        label: The tag without brackets (``"Music"``).
        word_index: Index of the word the marker precedes (``len(words)`` at the end).
        start_ms: When it happens, if known.
    """

    label: str
    word_index: int
    start_ms: int | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A WebVTT NOTE block, kept so that it survives a round trip.

    Attributes:
        text: The comment text after ``NOTE``.
        cue_index: Index of the cue the note precedes.
    """

    text: str
    cue_index: int


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about a transcript besides its text.

    Attributes:
        title: Human-readable title.
        language: BCP 47 language tag (``"en"``).
        source: Path or URL the transcript was read from.
        url: Web page of the recording, used for deep links.
        duration_ms: Length of the recording, if known.
        format: Name of the format it was read from (``"vtt"``, ``"srt"``...).
    """

    title: str | None = None
    language: str | None = None
    source: str | None = None
    url: str | None = None
    duration_ms: int | None = None
    format: str | None = None


@dataclass(frozen=True, slots=True)
class Transcript:
    """A transcript: words, the source's cues, markers and metadata.

    Attributes:
        words: Spoken words in order.
        cues: Cues as the source had them (empty for raw text).
        markers: Non-speech events, positioned between words.
        metadata: Title, language, source and duration.
        notes: WebVTT NOTE blocks.
        styles: WebVTT STYLE blocks, verbatim.
    """

    words: tuple[Word, ...] = ()
    cues: tuple[Cue, ...] = ()
    markers: tuple[Marker, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    notes: tuple[Note, ...] = ()
    styles: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The words joined by single spaces."""
        return " ".join(word.text for word in self.words)

    @property
    def has_word_times(self) -> bool:
        """True when every word has its own start time from the source."""
        return bool(self.words) and all(word.start_ms is not None for word in self.words)

    @property
    def duration_ms(self) -> int | None:
        """The recording's duration, or the last known time when that is missing."""
        if self.metadata.duration_ms is not None:
            return self.metadata.duration_ms
        ends = [cue.end_ms for cue in self.cues]
        ends += [t for word in self.words for t in (word.start_ms, word.end_ms) if t is not None]
        return max(ends) if ends else None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: a run of consecutive words of one transcript.

    Attributes:
        words: The words, with their punctuation and times.
        first_word: Index of the first word in the transcript's ``words``.
    """

    words: tuple[Word, ...]
    first_word: int = 0

    @property
    def text(self) -> str:
        """The sentence's words joined by single spaces."""
        return " ".join(word.text for word in self.words)

    @property
    def start_ms(self) -> int | None:
        """The first known start time among the words."""
        return next((w.start_ms for w in self.words if w.start_ms is not None), None)

    @property
    def end_ms(self) -> int | None:
        """The last known end (or start) time among the words."""
        for word in reversed(self.words):
            if word.end_ms is not None:
                return word.end_ms
            if word.start_ms is not None:
                return word.start_ms
        return None

    @property
    def speaker(self) -> str | None:
        """The speaker of the first word."""
        return self.words[0].speaker if self.words else None
