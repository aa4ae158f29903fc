"""YouTube json3: word times from segments, cue times for manual captions."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.formats._logs import logged_warnings
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


def test_errors_name_the_line_of_their_field(data_dir, caplog) -> None:
    # YouTube's own layout: one field a line. A text search for the n-th
    # '"tStartMs"' found the event's first line, not the word segment's.
    lines = (data_dir / "youtube_auto.json3").read_text(encoding="utf-8").split("\n")
    broken = lines.index('      "tOffsetMs": 1190,') + 1
    lines[broken - 1] = '      "tOffsetMs": -1190,'
    text = "\n".join(lines)
    with pytest.raises(ParseError) as error:
        youtube_json3.parse(text, source="auto.json3")
    assert str(error.value) == f"auto.json3:{broken}: expected events[2].segs[3].tOffsetMs to be non-negative, got '-1190'"
    transcript = youtube_json3.parse(text, source="auto.json3", strict=False)
    assert "garden" not in transcript.text and "tomatoes" in transcript.text
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        f"auto.json3:{broken}: expected events[2].segs[3].tOffsetMs to be non-negative, got '-1190'; skipped the event"
    ]


def test_an_error_is_not_placed_by_text_that_occurs_earlier(caplog) -> None:
    # The bad value is an earlier word, and a window definition has no
    # tStartMs: counting '"tStartMs"' keys (the old way) named line 7, the
    # event after the broken one.
    text = (
        '{"events": [\n'
        '{"id": 1, "wpWinPosId": 1},\n'
        '{"tStartMs": 0, "dDurationMs": 500, "segs": [{"utf8": "soon"}]},\n'
        '{"tStartMs": 600, "dDurationMs": 500, "segs": [{"utf8": "two"}]},\n'
        '{"dDurationMs": 500,\n "tStartMs": "soon", "segs": [{"utf8": "three"}]},\n'
        '{"tStartMs": 1800, "dDurationMs": 500, "segs": [{"utf8": "four"}, {"utf8": 4}]}\n'
        "]}"
    )
    with pytest.raises(ParseError, match=r"^talk.json3:6: expected events\[3\].tStartMs to be a number"):
        youtube_json3.parse(text, source="talk.json3")
    assert youtube_json3.parse(text, source="talk.json3", strict=False).text == "soon two"
    assert [r.getMessage().split(": expected")[0] for r in caplog.records if r.levelname == "WARNING"] == [
        "talk.json3:6",
        "talk.json3:7",
    ]


_BAD_FIELDS = {
    "tStartMs": -98765,
    "dDurationMs": "98765 ms",
    "utf8": 98765,
    "tOffsetMs": "98765 ms",
}


@st.composite
def _json3_with_one_bad_field(draw):
    """A json3 document with one bad field, and the line its value is on."""
    events = []
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        if draw(st.booleans()):
            events.append({"id": 1, "wpWinPosId": 1})  # a window definition: no time, no text
        segs = [{"utf8": word} for word in draw(st.lists(st.sampled_from(["soon", " -1", "tStartMs"]), min_size=1, max_size=3))]
        if draw(st.booleans()):
            for position, seg in enumerate(segs[1:], start=1):
                seg["tOffsetMs"] = position * 100
        events.append({"tStartMs": draw(st.sampled_from([0, 600, "600"])), "dDurationMs": 500, "segs": segs})
    cue_events = [event for event in events if "segs" in event]
    event = draw(st.sampled_from(cue_events))
    field = draw(st.sampled_from(list(_BAD_FIELDS)))
    holder = draw(st.sampled_from(event["segs"])) if field in ("utf8", "tOffsetMs") else event
    holder[field] = _BAD_FIELDS[field]
    text = json.dumps({"wireMagic": "pb3", "events": events}, indent=draw(st.sampled_from([None, 1, 2])))
    value = json.dumps(_BAD_FIELDS[field])
    return text, text.count("\n", 0, text.index(value)) + 1, len(cue_events)


@given(_json3_with_one_bad_field())
def test_a_bad_field_is_reported_at_its_line(case) -> None:
    text, line, cue_count = case
    with pytest.raises(ParseError) as error:
        youtube_json3.parse(text, source="talk.json3")
    assert error.value.line == line
    with logged_warnings(youtube_json3) as messages:
        transcript = youtube_json3.parse(text, source="talk.json3", strict=False)
    assert len(transcript.cues) == cue_count - 1
    assert [message.split(": expected")[0] for message in messages] == [f"talk.json3:{line}"]
