"""YouTube srv3 (word spans) and srv1 (double-escaped text) XML."""

from __future__ import annotations

from html import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.formats._logs import logged_warnings
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
    with pytest.raises(ParseError, match=r"x.srv3:3: expected t in whole milliseconds on <p>, got 'soon'"):
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
    parameter = '<?xml version="1.0"?>\n<!DOCTYPE t [\n<!-- no <!ENTITY here -->\n<!ENTITY % p "x">\n]>\n<transcript/>'
    with pytest.raises(ParseError, match=r"^p.xml:4: expected an srv1 <transcript> document without entity declarations"):
        youtube_srv1.parse(parameter, source="p.xml")
    # Words about entities in a comment declare none.
    commented = '<?xml version="1.0"?>\n<!-- no <!ENTITY here -->\n<transcript><text start="0" dur="1">hi</text></transcript>'
    assert youtube_srv1.parse(commented).text == "hi"


# A comment that quotes a paragraph, as a hand-edited file may have: a text
# search for '<p' or '<text' counts it as the first element.
SRV3_WITH_COMMENT = """<?xml version="1.0" encoding="utf-8" ?>
<timedtext format="3">
<!-- fixed by hand: <p t="soon"> was <p t="1000"> -->
<body>
<p t="0" d="900">soon</p>
<p
   t="1000" d="900"><s>we</s>
<s t="soon"> go</s></p>
<p t="soon" d="900">later</p>
</body>
</timedtext>
"""


def test_srv3_errors_name_the_line_of_their_element(caplog) -> None:
    # The span on line 8 and the paragraph on line 9, not where 'soon' or the
    # n-th '<p' first occurs (lines 3 and 5: the old text search).
    with pytest.raises(ParseError) as error:
        youtube_srv3.parse(SRV3_WITH_COMMENT, source="x.srv3")
    assert str(error.value) == "x.srv3:8: expected t in whole milliseconds on <s>, got 'soon'"
    transcript = youtube_srv3.parse(SRV3_WITH_COMMENT, source="x.srv3", strict=False)
    assert transcript.text == "soon"
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "x.srv3:8: expected t in whole milliseconds on <s>, got 'soon'; skipped the paragraph",
        "x.srv3:9: expected t in whole milliseconds on <p>, got 'soon'; skipped the paragraph",
    ]
    with pytest.raises(ParseError, match=r"^x.srv3:3: expected a <timedtext> root element, got '<html>'$"):
        youtube_srv3.parse('<?xml version="1.0"?>\n<!-- not captions -->\n<html><p t="0">hi</p></html>', source="x.srv3")


def test_srv1_errors_name_the_line_of_their_element(caplog) -> None:
    text = (
        '<?xml version="1.0" encoding="utf-8" ?>\n'
        "<!-- each <text start=... dur=...> is a cue -->\n"
        "<transcript>\n"
        '<text start="1,5" dur="2">one</text>\n'
        '<text start="3" dur="2">two</text>\n'
        '<text start="1,5"\n dur="2">three</text>\n'
        "</transcript>\n"
    )
    with pytest.raises(ParseError, match=r'^a.srv1:4: expected start="SECONDS" and dur="SECONDS" on <text>, got'):
        youtube_srv1.parse(text, source="a.srv1")
    assert youtube_srv1.parse(text, source="a.srv1", strict=False).text == "two"
    assert [r.getMessage().split(": expected")[0] for r in caplog.records if r.levelname == "WARNING"] == [
        "a.srv1:4",
        "a.srv1:6",
    ]
    with pytest.raises(ParseError, match=r"^a.srv1:2: expected a <transcript> root element"):
        youtube_srv1.parse('<?xml version="1.0"?>\n<html><text start="0">hi</text></html>', source="a.srv1")


_WORD = st.text(alphabet="ab<&'\"", min_size=1, max_size=5)
_BETWEEN = st.sampled_from(["", " ", "\n", "\n\n", '\n<!-- <p t="0"> <text start="0"> -->\n'])
_IN_TAG = st.sampled_from([" ", "\n", " \n  "])


@st.composite
def _srv3_with_one_bad_element(draw):
    """An srv3 document with one broken time, and the line of the element holding it."""
    count = draw(st.integers(min_value=1, max_value=6))
    bad = draw(st.integers(min_value=0, max_value=count - 1))
    parts = ['<?xml version="1.0" encoding="utf-8" ?><timedtext format="3">\n<body>']
    bad_offset = 0
    for index in range(count):
        parts.append(draw(_BETWEEN))
        time = str(draw(st.sampled_from([0, 1000, 1500])))
        words = draw(st.lists(_WORD, min_size=1, max_size=4))
        broken = draw(st.sampled_from(["soon", "", "-1", "1.5"])) if index == bad else None
        in_span = index == bad and len(words) > 1 and draw(st.booleans())
        start = "".join(parts)
        p_time = broken if broken is not None and not in_span else time
        paragraph = f'<p{draw(_IN_TAG)}t="{p_time}"{draw(_IN_TAG)}d="900">'
        if len(words) == 1:
            paragraph += escape(words[0])
        else:
            paragraph += f"<s>{escape(words[0])}</s>"
            for position, word in enumerate(words[1:], start=1):
                paragraph += draw(_BETWEEN.filter(lambda between: "<!--" not in between))
                if in_span and position == len(words) - 1:
                    bad_offset = len(start) + len(paragraph)
                    paragraph += f'<s t="{broken}"> {escape(word)}</s>'
                else:
                    paragraph += f'<s t="{position * 100}"> {escape(word)}</s>'
        if index == bad and not in_span:
            bad_offset = len(start)
        parts.append(paragraph + "</p>")
    text = "".join(parts) + "\n</body></timedtext>\n"
    return text, text.count("\n", 0, bad_offset) + 1, count


@given(_srv3_with_one_bad_element())
def test_srv3_a_bad_time_is_reported_at_its_element(case) -> None:
    text, line, count = case
    with pytest.raises(ParseError) as error:
        youtube_srv3.parse(text, source="x.srv3")
    assert error.value.line == line
    assert str(error.value).startswith(f"x.srv3:{line}: expected ")
    with logged_warnings(youtube_srv3) as messages:
        transcript = youtube_srv3.parse(text, source="x.srv3", strict=False)
    assert len(transcript.cues) == count - 1
    assert [message.split(": expected")[0] for message in messages] == [f"x.srv3:{line}"]


@st.composite
def _srv1_with_one_bad_element(draw):
    """An srv1 document with one broken time, and the line of its <text>."""
    count = draw(st.integers(min_value=1, max_value=6))
    bad = draw(st.integers(min_value=0, max_value=count - 1))
    text = '<?xml version="1.0" encoding="utf-8" ?><transcript>'
    bad_offset = 0
    for index in range(count):
        text += draw(_BETWEEN)
        start = draw(st.sampled_from(["soon", "1,5", "-1"])) if index == bad else draw(st.sampled_from(["0", "1.5"]))
        if index == bad:
            bad_offset = len(text)
        text += f'<text{draw(_IN_TAG)}start="{start}"{draw(_IN_TAG)}dur="2">{escape(escape(draw(_WORD)))}</text>'
    text += "</transcript>"
    return text, text.count("\n", 0, bad_offset) + 1, count


@given(_srv1_with_one_bad_element())
def test_srv1_a_bad_time_is_reported_at_its_element(case) -> None:
    text, line, count = case
    with pytest.raises(ParseError) as error:
        youtube_srv1.parse(text, source="x.srv1")
    assert error.value.line == line
    with logged_warnings(youtube_srv1) as messages:
        transcript = youtube_srv1.parse(text, source="x.srv1", strict=False)
    assert len(transcript.cues) == count - 1
    assert [message.split(": expected")[0] for message in messages] == [f"x.srv1:{line}"]
