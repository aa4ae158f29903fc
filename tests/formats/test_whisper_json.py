"""Whisper JSON: openai-whisper, faster-whisper, WhisperX, whisper.cpp."""

from __future__ import annotations

import pytest

from transcript_tools import formats
from transcript_tools.errors import ParseError
from transcript_tools.formats import whisper_json

WORDS = ["Welcome", "to", "the", "garden", "show.", "Today", "we", "plant", "tomatoes."]


@pytest.mark.parametrize("name", ["whisper_openai.json", "faster_whisper_segments.json"])
def test_word_times(data_dir, name) -> None:
    transcript = formats.read(data_dir / name)
    assert transcript.metadata.format == "whisper"
    assert [w.text for w in transcript.words] == WORDS
    assert (transcript.words[1].start_ms, transcript.words[1].end_ms) == (420, 600)
    assert transcript.words[-1].end_ms == 4980
    assert transcript.has_word_times
    assert [(c.start_ms, c.end_ms, c.text) for c in transcript.cues][1] == (2400, 4980, "Today we plant tomatoes.")
    assert {w.cue_index for w in transcript.words} == {0, 1}


def test_language(data_dir) -> None:
    assert formats.read(data_dir / "whisper_openai.json").metadata.language == "en"
    assert formats.read(data_dir / "whisper_cpp.json").metadata.language == "en"
    assert formats.read(data_dir / "faster_whisper_segments.json").metadata.language is None


def test_segments_without_words(data_dir) -> None:
    transcript = formats.read(data_dir / "whisper_segments_only.json")
    assert transcript.text == "Welcome to the garden show."
    assert not transcript.has_word_times and transcript.words[0].start_ms is None
    assert [(m.label, m.start_ms) for m in transcript.markers] == [("Music", 2400)]


def test_whisperx_speakers_and_untimed_words(data_dir) -> None:
    transcript = formats.read(data_dir / "whisperx.json")
    assert [w.speaker for w in transcript.words][:5] == ["SPEAKER_00"] * 5
    forty = next(w for w in transcript.words if w.text == "40")
    assert (forty.start_ms, forty.end_ms, forty.speaker) == (None, None, "SPEAKER_01")
    assert transcript.cues[1].speaker == "SPEAKER_01"
    assert transcript.words[0].start_ms == 31


def test_whisper_cpp_offsets(data_dir) -> None:
    transcript = formats.read(data_dir / "whisper_cpp.json")
    assert [(c.start_ms, c.end_ms) for c in transcript.cues] == [(0, 2400), (2400, 4980)]
    assert transcript.text == " ".join(WORDS)


def test_word_with_text_key_and_a_space_inside() -> None:
    text = '[{"start": 1.0, "end": 2.0, "text": "New York", "words": [{"text": " New York", "start": 1.0, "end": 2.0}]}]'
    words = whisper_json.parse(text).words
    assert [(w.text, w.start_ms, w.end_ms) for w in words] == [("New", 1000, None), ("York", None, 2000)]


def test_end_before_start_is_clamped() -> None:
    words = whisper_json.parse('[{"start": 1.0, "end": 2.0, "text": "hi", "words": [{"word": "hi", "start": 1.5, "end": 1.49}]}]').words
    assert (words[0].start_ms, words[0].end_ms) == (1500, 1500)


def test_errors() -> None:
    with pytest.raises(ParseError, match=r"w.json:2: expected Whisper JSON, but the JSON is broken: .* at column \d+"):
        whisper_json.parse('{"segments": [\n,]}', source="w.json")
    with pytest.raises(ParseError, match='expected Whisper JSON: an object with a "segments"'):
        whisper_json.parse('{"foo": 1}')
    bad = '{"segments": [\n{"start": 0, "end": 1, "text": "ok"},\n{"start": "x", "end": 1, "text": "bad"}]}'
    with pytest.raises(ParseError, match=r"w.json:3: expected segments\[1\].start to be a non-negative number"):
        whisper_json.parse(bad, source="w.json")
    assert whisper_json.parse(bad, strict=False).text == "ok"


def test_a_timed_dash_is_punctuation_or_a_turn_never_a_word() -> None:
    text = (
        '{"segments": [{"start": 0.0, "end": 2.0, "text": " So - if you", "words": ['
        '{"word": " So", "start": 0.0, "end": 0.4}, {"word": " -", "start": 0.4, "end": 0.5},'
        '{"word": " if", "start": 0.6, "end": 0.8}, {"word": " you", "start": 0.8, "end": 1.0}]},'
        '{"start": 2.0, "end": 3.0, "text": " - Yes.", "words": ['
        '{"word": " -", "start": 2.0, "end": 2.1}, {"word": " Yes.", "start": 2.1, "end": 2.6}]}]}'
    )
    transcript = whisper_json.parse(text)
    assert [(w.text, w.start_ms, w.end_ms) for w in transcript.words] == [
        ("So—", 0, 400),
        ("if", 600, 800),
        ("you", 800, 1000),
        ("Yes.", 2100, 2600),
    ]
    assert [(m.label, m.word_index) for m in transcript.markers] == [(">>", 3)]
