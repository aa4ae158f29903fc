"""TTML / DFXP: namespaces, clock, frame, tick and offset times, speakers."""

from __future__ import annotations

from fractions import Fraction

import pytest

from transcript_tools import formats
from transcript_tools.errors import ParseError
from transcript_tools.formats import ttml
from transcript_tools.formats.ttml import Rates, parse_time


def test_times_metadata_and_speakers(data_dir) -> None:
    transcript = formats.read(data_dir / "sample.ttml")
    assert transcript.metadata.format == "ttml"
    assert transcript.metadata.language == "en-GB"
    assert transcript.metadata.title == "The garden show"
    # body begin="1s" shifts every paragraph; 2:12 at 25 fps is 2.48 s; 40000000t at 10 MHz is 4 s.
    assert [(c.start_ms, c.end_ms) for c in transcript.cues] == [
        (1500, 3000), (3480, 5000), (6000, 7500), (361000, 391000), (361000, 363000),
    ]  # fmt: skip
    assert transcript.cues[0].lines == ("Welcome to the", "garden show")
    assert transcript.cues[0].speaker == "Ann Gardener" and transcript.cues[0].identifier == "c1"
    assert {w.speaker for w in transcript.words if w.cue_index == 0} == {"Ann Gardener"}
    assert {w.speaker for w in transcript.words if w.cue_index == 1} == {None}
    # XML whitespace collapses; spans keep their text.
    assert transcript.cues[1].lines == ("today we plant",)
    # Spans with begin= give word times.
    assert [(w.text, w.start_ms, w.end_ms) for w in transcript.words if w.cue_index == 2] == [
        ("tomatoes", 6000, 6500), ("and", 6500, 7000), ("peppers", 7000, 7500),
    ]  # fmt: skip


def test_dfxp_namespace_and_markers(data_dir) -> None:
    transcript = formats.read(data_dir / "sample.dfxp")
    assert transcript.metadata.format == "ttml" and transcript.metadata.language == "en"
    assert transcript.cues[1].lines == ("MAN: When we think", "of E equals m c-squared,")
    assert transcript.words[0].speaker == "MAN"
    assert [m.label for m in transcript.markers] == ["clock ticking"]
    assert transcript.text.startswith("When we think of E equals")


@pytest.mark.parametrize(
    ("expression", "rates", "expected"),
    [
        ("00:00:01.5", Rates(), 1500),
        ("01:02:03.004", Rates(), 3723004),
        ("00:00:01:15", Rates(frame_rate=Fraction(30)), 1500),
        ("00:00:00:15.1", Rates(frame_rate=Fraction(30), sub_frame_rate=2), 517),
        ("30f", Rates(frame_rate=Fraction(30000, 1001)), 1001),
        ("2.5h", Rates(), 9000000),
        ("1.25m", Rates(), 75000),
        ("1500ms", Rates(), 1500),
        ("0.0015s", Rates(), 2),
        ("90000t", Rates(tick_rate=Fraction(90000)), 1000),
    ],
)
def test_time_expressions(expression, rates, expected) -> None:
    assert parse_time(expression, rates) == expected


@pytest.mark.parametrize("expression", ["1.5", "00:61:00", "1:00:00", "abc", "-1s", "1.5x"])
def test_bad_time_expressions(expression) -> None:
    with pytest.raises(ValueError):
        parse_time(expression)


def test_errors_name_file_and_line(caplog) -> None:
    text = '<tt xmlns="http://www.w3.org/ns/ttml"><body><div>\n<p begin="1s" end="2s">one</p>\n<p begin="soon" end="3s">two</p>\n<p begin="3s">three</p>\n</div></body></tt>'
    with pytest.raises(ParseError) as error:
        ttml.parse(text, source="show.ttml")
    assert str(error.value) == "show.ttml:3: expected a TTML time in begin= (like 00:00:01.500, 1.5s or 30f), got 'soon'"
    transcript = ttml.parse(text, source="show.ttml", strict=False)
    assert transcript.text == "one"
    assert caplog.text.count("skipped") == 2
    with pytest.raises(ParseError, match=r"show.ttml:2: expected a TTML document \(well-formed XML"):
        ttml.parse('<tt xmlns="http://www.w3.org/ns/ttml">\n<body><p begin="1s" end="2s">one</body></tt>', source="show.ttml")
    with pytest.raises(ParseError, match="expected a TTML <tt> root element"):
        ttml.parse("<html/>")
    with pytest.raises(ParseError, match="ttp:frameRate"):
        ttml.parse('<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:frameRate="0"/>')
