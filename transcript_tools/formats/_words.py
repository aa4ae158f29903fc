"""Turning caption text into words, markers and speaker changes.

Every reader sees the same conventions in real captions: bracketed sound tags
(``[Music]``, ``(applause)``, ``♪``), speaker-change chevrons (``>>``) and
speaker labels (``JOHN:``, ``Dr. Smith:``). They are recognised here, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transcript_tools.model import Cue, Marker, Word

__all__ = ["SPEAKER_CHANGE", "CueWords", "Token", "tokenize", "words_from_cues"]

#: Marker label for an unnamed speaker change (``>>`` in broadcast captions).
SPEAKER_CHANGE = ">>"

# [Music], [ Applause ], (laughter), ♪ ... ♪ (music notes alone or around lyrics).
_MARKER = re.compile(r"\[\s*([^\]\n]{1,40}?)\s*\]|\(\s*([A-Za-z][^)\n]{0,30}?)\s*\)|([♪♫]+)")
# A speaker label opens a line: "JOHN:", "Dr. Smith:", "SPEAKER 1:". Mixed-case
# labels are limited to three capitalised words so that "Note: this" is not one.
_LABEL = re.compile(
    r"^\s*(?P<name>[A-Z][A-Z0-9 .'\-]{0,30}[A-Z0-9.]|(?:[A-Z][a-z.'\-]*\s?){1,3}|[A-Z]):\s+(?=\S)"
)
_CHEVRONS = re.compile(r"^\s*>>+\s*")
# Words that open ordinary sentences and are followed by a colon, never names.
_NOT_NAMES = frozenset({"Note", "Example", "Warning", "Update", "Edit", "Source", "Q", "A"})
# Parenthesised asides that are speech, not sound tags, stay as words.
_SOUND_WORDS = re.compile(
    r"(?i)^(music|applause|laughter|laughs|laughing|cheering|cheers|inaudible|crosstalk|silence|"
    r"sighs?|coughs?|clapping|noise|background|indistinct|chuckles?|gasps?|foreign|"
    r"upbeat|dramatic|soft|bell|sound|static|beep|no audio|blank_audio|.* music)$"
)


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of caption text: a word, a marker or a speaker change.

    Attributes:
        kind: ``"word"``, ``"marker"`` or ``"speaker"``.
        text: The word, the marker label, or the speaker name (``""`` for ``>>``).
    """

    kind: str
    text: str


def tokenize(text: str) -> list[Token]:
    """Split caption text into words, markers and speaker changes.

    Args:
        text: One cue's or one line's text, markup already removed.

    Returns:
        Tokens in reading order.

    Example:
        >>> [t.text for t in tokenize(">> JOHN: [Music] hello there")]
        ['JOHN', 'Music', 'hello', 'there']
    """
    tokens: list[Token] = []
    for line in text.split("\n"):
        chevrons = _CHEVRONS.match(line)
        if chevrons:
            tokens.append(Token("speaker", ""))
            line = line[chevrons.end() :]
        label = _LABEL.match(line)
        if label and label["name"].strip() not in _NOT_NAMES:
            name = label["name"].strip()
            if tokens and tokens[-1] == Token("speaker", ""):
                tokens[-1] = Token("speaker", name)
            else:
                tokens.append(Token("speaker", name))
            line = line[label.end() :]
        tokens.extend(_split_markers(line))
    return tokens


def _split_markers(line: str) -> Iterable[Token]:
    position = 0
    for match in _MARKER.finditer(line):
        label = match[1] or match[2] or match[3]
        if match[2] is not None and not _SOUND_WORDS.match(label):
            continue  # "(inaudible)" is a marker; "(and I mean it)" is speech.
        yield from (Token("word", w) for w in line[position : match.start()].split())
        yield Token("marker", "Music" if match[3] else label)
        position = match.end()
    yield from (Token("word", w) for w in line[position:].split())


@dataclass(frozen=True, slots=True)
class CueWords:
    """The words and markers recovered from a sequence of cues."""

    words: tuple[Word, ...]
    markers: tuple[Marker, ...]


def words_from_cues(cues: Sequence[Cue]) -> CueWords:
    """Recover words (without times of their own) and markers from cues.

    Each word records the index of its cue; times stay ``None`` because the
    cue's time is a span shared by all its words (the timing stage spreads
    them). A marker takes its cue's start time.

    Args:
        cues: The source's cues, in order.

    Returns:
        The words and markers.
    """
    words: list[Word] = []
    markers: list[Marker] = []
    speaker: str | None = None
    for index, cue in enumerate(cues):
        if cue.speaker:
            speaker = cue.speaker
        for token in tokenize(cue.text):
            if token.kind == "speaker" and not token.text:
                # ">>" says the speaker changed without naming them.
                markers.append(Marker(SPEAKER_CHANGE, len(words), cue.start_ms))
                speaker = None
            elif token.kind == "speaker":
                speaker = token.text
            elif token.kind == "marker":
                markers.append(Marker(token.text, len(words), cue.start_ms))
            else:
                words.append(Word(token.text, speaker=speaker, cue_index=index))
    return CueWords(tuple(words), tuple(markers))
