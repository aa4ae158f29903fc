"""Raw text transcripts (``.txt``): reading and writing.

Covers what people paste: line-broken ASR dumps (YouTube auto-captions copied
as text), YouTube's transcript panel with a timestamp line (``0:05``,
``1:02:03``) before each text line, ``[00:01:02]`` or ``0:05 text`` inline
stamps, speaker labels (``JOHN:``, ``>>``) and sound tags (``[Music]``).

A timestamp becomes the start time of the first word after it: an anchor the
timing stage interpolates between. Line breaks carry no meaning and are dropped.
"""

from __future__ import annotations

import re

from transcript_tools.formats._words import SPEAKER_CHANGE, is_lyrics, starts_turn, tokenize
from transcript_tools.model import Marker, Metadata, Transcript, Word
from transcript_tools.timecode import format_clock, parse_timecode

__all__ = ["compose", "parse", "sniff"]

# "0:05", "1:02:03", "[00:01:02]", "(1:02)", "00:01:02.500", optionally followed by text.
_STAMP = re.compile(r"^\s*[\[(]?(?P<time>(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?(?:\s+|$)(?P<rest>.*)$")


def sniff(text: str) -> bool:
    """Plain text accepts anything; it is the fallback of format detection."""
    return True


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse a raw text transcript.

    Args:
        text: The file content (``\\n`` line ends).
        source: Name stored in the metadata.
        strict: Unused: every line of text is readable as text.

    Returns:
        A transcript without cues; words after a timestamp carry its time.
    """
    words: list[Word] = []
    markers: list[Marker] = []
    speaker: str | None = None
    anchor: int | None = None
    for line in text.lstrip("\ufeff").split("\n"):
        stamp = _STAMP.match(line)
        if stamp is not None:
            try:
                anchor = parse_timecode(stamp["time"])
                line = stamp["rest"]
            except ValueError:
                pass  # "99:99" is not a time: keep the line as text.
        for token in tokenize(line):
            if token.kind in ("speaker", "voice"):
                if token.text:
                    speaker = token.text
                else:
                    markers.append(Marker(SPEAKER_CHANGE, len(words), anchor))
                    speaker = None
            elif token.kind == "marker":
                markers.append(Marker(token.text, len(words), anchor))
            else:
                words.append(Word(token.text, start_ms=anchor, speaker=speaker))
                anchor = None
    return Transcript(words=tuple(words), markers=tuple(markers), metadata=Metadata(source=source, format="txt"))


def compose(transcript: Transcript) -> str:
    """Write a transcript as readable text.

    Cue-based transcripts get one line per cue, with the cue's start time in
    front (``0:05 text``) so that reading it back keeps the timing. Others get
    one wrapped paragraph per speaker turn, with speaker labels and markers.

    Args:
        transcript: What to write.

    Returns:
        The text, ending with a newline (empty for an empty transcript).
    """
    if transcript.cues:
        return "".join(f"{format_clock(cue.start_ms)} {_cue_text(cue.lines)}".rstrip() + "\n" for cue in transcript.cues)
    markers_at: dict[int, list[str]] = {}
    for marker in transcript.markers:
        markers_at.setdefault(marker.word_index, []).append(marker.label)
    paragraphs: list[list[str]] = []
    speaker: str | None = None
    for index in range(len(transcript.words) + 1):
        for label in markers_at.get(index, []):
            if label == SPEAKER_CHANGE:
                paragraphs.append([">>"])
            else:
                if not paragraphs:
                    paragraphs.append([])
                # Lyrics carry their own notes; other annotations get brackets.
                paragraphs[-1].append(label if is_lyrics(label) else f"[{label}]")
        if index == len(transcript.words):
            break
        word = transcript.words[index]
        if word.speaker != speaker or not paragraphs:
            speaker = word.speaker
            if not (paragraphs and paragraphs[-1] == [">>"] and speaker is None):
                paragraphs.append([f"{speaker}:"] if speaker else [])
        paragraphs[-1].append(word.text)
    text = "\n\n".join(_fill(p) for p in paragraphs if p)
    return text + "\n" if text else ""


def _fill(units: list[str], width: int = 80) -> str:
    # Lines of at most ``width`` characters that never break inside a unit: an
    # annotation broken over two lines ("[SOUND" / "EFFECT]") would read back as words.
    lines = [units[0]]
    for unit in units[1:]:
        if len(lines[-1]) + 1 + len(unit) > width:
            lines.append(unit)
        else:
            lines[-1] += " " + unit
    return "\n".join(lines)


def _cue_text(lines: tuple[str, ...]) -> str:
    # A cue's lines run together, except that a line opening with a new
    # speaker's dash starts a line of its own: in the middle of a line the
    # dash would read as a word.
    text = ""
    for line in lines:
        text += ("\n" if text and starts_turn(line) else " " if text else "") + line
    return text
