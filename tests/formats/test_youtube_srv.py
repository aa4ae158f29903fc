"""YouTube srv3 (word spans) and srv1 (double-escaped text) XML."""

from __future__ import annotations

import pytest

from transcript_tools import formats
from transcript_tools.errors import ParseError
from transcript_tools.formats import youtube_srv1, youtube_srv3


def test_srv3_word_times_from_spans(data_dir) -> None:
    transcript = formats.read(data_dir / "youtube_auto.srv3")
    assert transcript.metadata.format == "srv3"
    timed = [(w.text, w.start_ms) for w in transcript.words if w.start_ms is not None]
    assert timed == [
        ("welcome", 1510), ("to", 2100), ("the", 2400), ("garden", 2700), ("show", 3000),
        ("today", 3959), ("we", 4300), ("plant", 4600), ("tomatoes", 5000),
        ("what", 9000), ("about", 9800),
    ]  # fmt: skip
    assert transcript.words[4].end_ms == 3959
    # A manual paragraph: text straight in <p>, entities decoded, no word times.
    assert transcript.cues[-1].lines == ("Manual line one", "line & two")
    assert [w.start_ms for w in transcript.words[-6:]] == [None] * 6
    assert [m.label for m in transcript.markers] == ["Music", ">>"]


def test_srv3_errors_name_the_line() -> None:
    text = '<timedtext format="3"><body>\n<p t="0" d="5"><s>hi</s></p>\n<p t="soon" d="5">there</p>\n</body></timedtext>'
    with pytest.raises(ParseError, match=r"x.srv3:3: expected t in whole milliseconds, got 'soon'"):
        youtube_srv3.parse(text, source="x.srv3")
    assert youtube_srv3.parse(text, strict=False).text == "hi"
    with pytest.raises(ParseError, match=r"x.srv3:2: expected an srv3 document \(well-formed XML"):
        youtube_srv3.parse('<timedtext format="3"><body>\n<p t="0" d="5">hi</s></body></timedtext>', source="x.srv3")


def test_srv1_entities_and_cue_times(data_dir) -> None:
    transcript = formats.read(data_dir / "youtube.srv1")
    assert transcript.metadata.format == "srv1"
    assert [c.lines for c in transcript.cues] == [
        ("Hi, I'm Ann from the garden show.",),
        ("Today we have some good news", "and some bad news."),
        ("[Music]",),
        ("Tom & Jerry",),
    ]
    assert [(c.start_ms, c.end_ms) for c in transcript.cues] == [(210, 4040), (4040, 9130), (10000, 11679), (12500, 12500)]
    assert transcript.words[1].text == "I'm"
    assert [m.label for m in transcript.markers] == ["Music"]


def test_srv1_bad_time_and_wrong_root() -> None:
    with pytest.raises(ParseError, match=r"a.srv1:2: expected start=\"SECONDS\""):
        youtube_srv1.parse('<transcript>\n<text start="1,5" dur="2">hi</text></transcript>', source="a.srv1")
    with pytest.raises(ParseError, match="expected a <transcript> root element, got '<html>'"):
        youtube_srv1.parse("<html><body/></html>")


def test_entity_declarations_are_refused() -> None:
    bomb = '<?xml version="1.0"?>\n<!DOCTYPE t [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;">\n]>\n<transcript><text start="0" dur="1">&b;</text></transcript>'
    with pytest.raises(ParseError, match=r"bomb.xml:3: expected an srv1 <transcript> document without entity declarations"):
        youtube_srv1.parse(bomb, source="bomb.xml")
