"""Whisper JSON (openai-whisper, faster-whisper, WhisperX, whisper.cpp): reading.

Accepted shapes:

* openai-whisper ``--output_format json``: ``{"text", "segments": [{"start",
  "end", "text", "words": [{"word", "start", "end", "probability"}]}], "language"}``
  (``words`` only with ``--word_timestamps True``);
* faster-whisper segments dumped as a top-level list of segment objects;
* WhisperX: ``{"segments": [...], "word_segments": [...]}``, with ``speaker``
  on segments and words after diarization, and words that have no times
  (numbers and symbols it could not align);
* whisper.cpp ``-oj``: ``{"transcription": [{"offsets": {"from", "to"}, "text"}],
  "result": {"language"}}``.

Times are seconds (milliseconds for whisper.cpp ``offsets``). Words keep their
own start and end; segments become cues. Words may be keyed ``word`` or ``text``.

Word times that cannot be right are read as the nearest that can, with one
warning a file naming the first and how many more: a word that ends before it
starts ends at its start, a word outside its segment's times is moved inside
them, and a word that starts before the word before it starts with it (speech
keeps its order). A segment that ends before it starts ends at its start.
Whisper writes such times now and then (whisper.cpp has been seen to start a
segment before the one before it); a negative or non-numeric time is an error.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, replace
from typing import Any

from transcript_tools.errors import ParseError
from transcript_tools.formats._io import line_of_json_item, load_json
from transcript_tools.formats._words import SPEAKER_CHANGE, lone_dash, tokenize
from transcript_tools.model import Cue, Marker, Metadata, Transcript, Word

__all__ = ["parse", "sniff"]

logger = logging.getLogger(__name__)

_SNIFF_OBJECT = re.compile(r'^\s*\{.*?"(?:segments|transcription)"\s*:\s*\[', re.DOTALL)
_SNIFF_LIST = re.compile(r'^\s*\[\s*\{.*?"(?:start|end)"\s*:', re.DOTALL)


def sniff(text: str) -> bool:
    """True for a JSON document shaped like Whisper output."""
    head = text[:8192]
    if _SNIFF_OBJECT.match(head):
        return True
    # A bare list of segments: ask for a field only Whisper writes, since
    # other tools' JSON captions (subsrt's) are also lists with "start".
    whisper_fields = ('"words"', '"seek"', '"tokens"', '"avg_logprob"', '"no_speech_prob"')
    return _SNIFF_LIST.match(head) is not None and any(field in head for field in whisper_fields)


class _Invalid(Exception):
    """A field of the wrong type: the message names its JSON path, ``location`` the object holding it."""

    def __init__(self, message: str, location: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.location = location


@dataclass(frozen=True, slots=True)
class _Repair:
    """Times read otherwise than the file gives them, and why."""

    location: tuple[str | int, ...]
    what: str
    problem: str
    given: tuple[int | None, int | None]
    read: tuple[int | None, int | None]

    def describe(self) -> str:
        return f"{self.what} ran {_range(self.given)}, {self.problem}; read as {_range(self.read)}"


def _range(span: tuple[int | None, int | None]) -> str:
    return "-".join("?" if ms is None else f"{ms / 1000:.3f}" for ms in span) + " s"


def parse(text: str, *, source: str | None = None, strict: bool = True) -> Transcript:
    """Parse Whisper JSON.

    Args:
        text: The JSON text.
        source: Name for error messages.
        strict: When false, a malformed segment is skipped with a warning.
            Times that cannot be right are repaired with a warning either
            way: whisper tools write them, and they are not damage.

    Returns:
        The transcript: a cue per segment, words with their own times where
        the file has them, the language where it says.

    Raises:
        ParseError: for invalid JSON, an unknown shape, or (if strict) a malformed segment.
    """
    name = source or "<string>"
    document = load_json(text, source=name, what="Whisper JSON")
    segments, key, language = _segments(document, name, text)
    top = (key,) if key else ()
    builder = _Builder()
    for index, segment in enumerate(segments):
        try:
            builder.add_segment(segment, index)
        except _Invalid as error:
            line = line_of_json_item(text, (*top, *error.location))
            problem = ParseError(f"expected {error}", source=name, line=line)
            if strict:
                raise problem from None
            logger.warning("%s; skipped the segment", problem)
    if builder.repairs:
        first = builder.repairs[0]
        more = len(builder.repairs) - 1
        logger.warning(
            "%s:%d: word times that cannot be right were changed: %s%s",
            name,
            line_of_json_item(text, (*top, *first.location)) or 1,
            first.describe(),
            f" ({more} more in the file)" if more else "",
        )
    return Transcript(
        words=tuple(builder.words),
        cues=tuple(builder.cues),
        markers=tuple(builder.markers),
        metadata=Metadata(language=language, source=source, format="whisper"),
    )


def _segments(document: Any, name: str, text: str) -> tuple[list[Any], str | None, str | None]:
    """The segments, the key they are under (``None`` for a top-level list) and the language."""
    if isinstance(document, list):
        return document, None, None
    if isinstance(document, dict):
        language = document.get("language")
        if isinstance(document.get("segments"), list):
            return document["segments"], "segments", language if isinstance(language, str) else None
        if isinstance(document.get("transcription"), list):
            result = document.get("result")
            language = result.get("language") if isinstance(result, dict) else None
            return document["transcription"], "transcription", language if isinstance(language, str) else None
    raise ParseError(
        'expected Whisper JSON: an object with a "segments" (or whisper.cpp "transcription") list, or a list of segments',
        source=name,
        line=1,
        found=text.strip()[:40],
    )


def _seconds(value: Any, path: str, location: tuple[str | int, ...]) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise _Invalid(f"{path} to be a non-negative number of seconds, got {value!r}", location)
    return round(value * 1000)


def _milliseconds(value: Any, path: str, location: tuple[str | int, ...]) -> int | None:
    seconds = _seconds(value, path, location)
    return None if seconds is None else round(seconds / 1000)


class _Builder:
    def __init__(self) -> None:
        self.words: list[Word] = []
        self.cues: list[Cue] = []
        self.markers: list[Marker] = []
        self.speaker: str | None = None
        self.repairs: list[_Repair] = []
        self.last_start: int | None = None  # of the last timed word, to keep speech in order

    def add_segment(self, segment: Any, index: int) -> None:
        path = f"segments[{index}]"
        location: tuple[str | int, ...] = (index,)
        if not isinstance(segment, dict):
            raise _Invalid(f"{path} to be an object", location)
        offsets = segment.get("offsets")
        if isinstance(offsets, dict):  # whisper.cpp, in milliseconds
            start_ms = _milliseconds(offsets.get("from"), f"{path}.offsets.from", location)
            end_ms = _milliseconds(offsets.get("to"), f"{path}.offsets.to", location)
        else:
            start_ms = _seconds(segment.get("start"), f"{path}.start", location)
            end_ms = _seconds(segment.get("end"), f"{path}.end", location)
        if start_ms is not None and end_ms is not None and end_ms < start_ms:
            self.repairs.append(_Repair(location, f"segment {path}", "ending before it starts", (start_ms, end_ms), (start_ms, start_ms)))
            end_ms = start_ms
        text = segment.get("text", "")
        if not isinstance(text, str):
            raise _Invalid(f"{path}.text to be text", location)
        speaker = segment.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            raise _Invalid(f"{path}.speaker to be text", location)
        words = segment.get("words")
        if words is not None and not isinstance(words, list):
            raise _Invalid(f"{path}.words to be a list", location)
        timed = [self._word(item, f"{path}.words[{n}]", (index, "words", n)) for n, item in enumerate(words or [])]
        # Checked only once the whole segment is known good: a skipped segment repairs nothing.
        timed = [
            self._repair(word, f"{path}.words[{n}]", (index, "words", n), start_ms, end_ms)
            for n, word in enumerate(timed)
        ]
        if start_ms is None or end_ms is None:
            known = [t for _, s, e, _ in timed for t in (s, e) if t is not None]
            start_ms = start_ms if start_ms is not None else (min(known) if known else None)
            end_ms = end_ms if end_ms is not None else (max(known) if known else None)
        cue_index: int | None = None
        line = " ".join(text.split())
        if start_ms is not None and end_ms is not None and (line or timed):
            start_ms, end_ms = min(start_ms, end_ms), max(start_ms, end_ms)
            cue_index = len(self.cues)
            line = line or " ".join(w for w, _, _, _ in timed)
            self.cues.append(Cue(start_ms, end_ms, (line,), speaker=speaker))
        if timed:
            first_word = len(self.words)
            for word_text, word_start, word_end, word_speaker in timed:
                dash = lone_dash(word_text)
                if dash is not None:
                    # Whisper times a dash (" -") as a word of its own. Opening
                    # a segment it is a dialogue dash, a speaker change, as in
                    # text; between clauses it is the previous word's punctuation.
                    if len(self.words) > first_word:
                        self.words[-1] = replace(self.words[-1], text=self.words[-1].text + dash)
                    else:
                        self.markers.append(Marker(SPEAKER_CHANGE, len(self.words), word_start))
                    continue
                self._add_tokens(word_text, word_start, word_end, word_speaker or speaker, cue_index, word_start)
        else:
            self._add_tokens(text, None, None, speaker, cue_index, start_ms)

    @staticmethod
    def _word(item: Any, path: str, location: tuple[str | int, ...]) -> tuple[str, int | None, int | None, str | None]:
        if not isinstance(item, dict):
            raise _Invalid(f"{path} to be an object", location)
        text = item.get("word", item.get("text"))
        if not isinstance(text, str):
            raise _Invalid(f'{path} to have a "word" (or "text")', location)
        start_ms = _seconds(item.get("start"), f"{path}.start", location)
        end_ms = _seconds(item.get("end"), f"{path}.end", location)
        speaker = item.get("speaker")
        return text, start_ms, end_ms, speaker if isinstance(speaker, str) else None

    def _repair(
        self,
        word: tuple[str, int | None, int | None, str | None],
        path: str,
        location: tuple[str | int, ...],
        segment_start: int | None,
        segment_end: int | None,
    ) -> tuple[str, int | None, int | None, str | None]:
        """The word with times that can be right, noting what changed and why."""
        text, start_ms, end_ms, speaker = word
        problems = []
        if start_ms is not None and end_ms is not None and end_ms < start_ms:
            problems.append("ending before it starts")
            end_ms = start_ms
        if segment_start is not None and segment_end is not None:
            inside = [None if ms is None else min(max(ms, segment_start), segment_end) for ms in (start_ms, end_ms)]
            if inside != [start_ms, end_ms]:
                problems.append(f"outside its segment ({_range((segment_start, segment_end))})")
                start_ms, end_ms = inside
        if start_ms is not None and self.last_start is not None and start_ms < self.last_start:
            problems.append(f"starting before the word before it ({self.last_start / 1000:.3f} s)")
            start_ms = self.last_start
            end_ms = None if end_ms is None else max(end_ms, start_ms)
        if start_ms is not None:
            self.last_start = start_ms
        if problems:
            what = f"{text.strip()!r} ({path})"
            self.repairs.append(_Repair(location, what, ", ".join(problems), word[1:3], (start_ms, end_ms)))
        return text, start_ms, end_ms, speaker

    def _add_tokens(
        self,
        text: str,
        start_ms: int | None,
        end_ms: int | None,
        speaker: str | None,
        cue_index: int | None,
        marker_ms: int | None,
    ) -> None:
        tokens = tokenize(text)
        words = [token for token in tokens if token.kind == "word"]
        for token in tokens:
            if token.kind == "marker":
                self.markers.append(Marker(token.text, len(self.words), marker_ms))
            elif token.kind == "speaker" and not token.text:
                self.markers.append(Marker(SPEAKER_CHANGE, len(self.words), marker_ms))
            elif token.kind == "word":
                # A "word" holding a space (" New York") is split: the first
                # part keeps the start, the last the end.
                first, last = token is words[0], token is words[-1]
                self.words.append(
                    Word(
                        token.text,
                        start_ms if first else None,
                        end_ms if last else None,
                        speaker,
                        cue_index,
                    )
                )
