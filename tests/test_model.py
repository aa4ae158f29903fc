from __future__ import annotations

import dataclasses
import pickle

import pytest

from transcript_tools.errors import ParseError, TimestampError, TranscriptError
from transcript_tools.model import Cue, Metadata, Sentence, Transcript, Word


def test_values_are_frozen() -> None:
    word = Word("hello", 0, 100)
    with pytest.raises(dataclasses.FrozenInstanceError):
        word.text = "bye"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Cue(1200, 900, ("x",)), r"Cue.end_ms \(900\) is before start_ms \(1200\)"),
        (lambda: Word("x", -5), r"Word.start_ms \(-5\) is negative"),
        (lambda: Word("two words"), "one non-empty token"),
        (lambda: Word(""), "one non-empty token"),
    ],
)
def test_invalid_values_name_the_field(build, message) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_unknown_times_are_none_not_zero() -> None:
    transcript = Transcript(words=(Word("a"), Word("b")))
    assert transcript.duration_ms is None
    assert not transcript.has_word_times


def test_duration_prefers_metadata_then_latest_time() -> None:
    words = (Word("a", 0, 400), Word("b", 500, 900))
    assert Transcript(words=words).duration_ms == 900
    assert Transcript(words=words, metadata=Metadata(duration_ms=5000)).duration_ms == 5000


def test_sentence_times_skip_unknown_words() -> None:
    sentence = Sentence((Word("a"), Word("b", 100, 200), Word("c", 300)))
    assert (sentence.start_ms, sentence.end_ms, sentence.text) == (100, 300, "a b c")


def test_parse_error_message_and_pickling() -> None:
    error = TimestampError("expected a timestamp", source="talk.srt", line=12, found="hello world")
    assert str(error) == "talk.srt:12: expected a timestamp, got 'hello world'"
    assert isinstance(error, (ParseError, TranscriptError, ValueError))
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.line) == (TimestampError, str(error), 12)
