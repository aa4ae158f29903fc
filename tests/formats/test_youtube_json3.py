"""YouTube json3: word times from segments, cue times for manual captions."""

from __future__ import annotations

import json

import pytest

from transcript_tools import formats
from transcript_tools.errors import ParseError
from transcript_tools.formats import youtube_json3


def test_auto_captions_give_word_times(data_dir) -> None:
    transcript = formats.read(data_dir / "youtube_auto.json3")
    assert transcript.metadata.format == "json3"
    assert [(w.text, w.start_ms) for w in transcript.words] == [
        ("welcome", 1510), ("to", 2100), ("the", 2400), ("garden", 2700), ("show", 3000),
        ("today", 3959), ("we", 4300), ("plant", 4600), ("tomatoes", 5000),
        ("what", 9000), ("about", 9800),
    ]  # fmt: skip
    # A word split over two segments ("toma" + "toes") is one word, timed by its first.
    ends = [w.end_ms for w in transcript.words]
    assert ends[4] == 3959  # "show" ends where "today" starts, before its event ends
    assert ends[-1] == 11000  # the last word ends with its event
    assert [(m.label, m.word_index, m.start_ms) for m in transcript.markers] == [("Music", 0, 0), (">>", 9, 9000)]
    # Window definitions and the aAppend line break make no cue.
    assert [c.text for c in transcript.cues] == ["[Music]", "welcome to the garden show", "today we plant tomatoes", ">> what about"]


def test_manual_captions_give_cue_times_only(data_dir) -> None:
    transcript = formats.read(data_dir / "youtube_manual.json3")
    assert transcript.cues[1].lines == ("Today we have some good news", "and some bad news.")
    assert (transcript.cues[1].start_ms, transcript.cues[1].end_ms) == (4040, 9130)
    assert all(w.start_ms is None and w.end_ms is None for w in transcript.words)
    assert transcript.words[0].text == "Hi," and transcript.words[-1].cue_index == 1


def test_numbers_as_strings_are_accepted() -> None:
    document = {"events": [{"tStartMs": "100", "dDurationMs": "900", "segs": [{"utf8": "hi"}, {"utf8": " you", "tOffsetMs": "400"}]}]}
    words = youtube_json3.parse(json.dumps(document)).words
    assert [(w.text, w.start_ms, w.end_ms) for w in words] == [("hi", 100, 500), ("you", 500, 1000)]


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(ParseError) as error:
        youtube_json3.parse('{"events": [\n{"tStartMs": 1,\n}', source="talk.json3")
    assert error.value.line == 3
    assert str(error.value).startswith("talk.json3:3: expected json3, but the JSON is broken: ")


def test_a_broken_event_is_an_error_or_skipped(caplog) -> None:
    text = '{"events": [\n{"tStartMs": 0, "dDurationMs": 500, "segs": [{"utf8": "one"}]},\n{"tStartMs": "soon", "dDurationMs": 500, "segs": [{"utf8": "two"}]}\n]}'
    with pytest.raises(ParseError, match=r"talk.json3:3: expected events\[1\].tStartMs to be a number"):
        youtube_json3.parse(text, source="talk.json3")
    assert youtube_json3.parse(text, source="talk.json3", strict=False).text == "one"
    assert "skipped" in caplog.text


def test_not_json3() -> None:
    with pytest.raises(ParseError, match='expected a json3 object with an "events" list'):
        youtube_json3.parse('{"segments": []}')
