"""SBV (YouTube SubViewer)."""

from __future__ import annotations

import pytest

from transcript_tools import formats
from transcript_tools.errors import ParseError
from transcript_tools.formats import sbv


def test_cues_speakers_markers_and_line_breaks(data_dir) -> None:
    transcript = formats.read(data_dir / "sample.sbv")
    assert transcript.metadata.format == "sbv"
    assert [(c.start_ms, c.end_ms) for c in transcript.cues] == [
        (599, 4160), (4160, 6770), (6770, 10880), (3610880, 3616700),
    ]  # fmt: skip
    assert transcript.cues[0].lines == (">> ANN: Hi, my name is Ann", "and this is John")
    assert transcript.words[0].text == "Hi," and transcript.words[0].speaker == "ANN"
    assert {w.speaker for w in transcript.words if w.cue_index == 1} == {"JOHN"}
    assert "intro music" in [m.label for m in transcript.markers]


def test_broken_block(caplog) -> None:
    text = "0:00:01.000,0:00:02.000\nfirst\n\n0:00:02.000 0:00:03.000\nbroken\n\n0:00:03.000,0:00:04.000\nlast\n"
    with pytest.raises(ParseError) as error:
        sbv.parse(text, source="talk.sbv")
    assert str(error.value) == "talk.sbv:4: expected a timing line 'H:MM:SS.mmm,H:MM:SS.mmm', got '0:00:02.000 0:00:03.000'"
    assert sbv.parse(text, strict=False).text == "first last"
    assert "skipped" in caplog.text


def test_end_before_start() -> None:
    with pytest.raises(ParseError, match="talk.sbv:1: expected the caption to end after it starts"):
        sbv.parse("0:00:05.000,0:00:04.000\nhi\n", source="talk.sbv")
