"""WebVTT timestamps: padded ones as the standard says, unpadded ones as webvtt-py reads them."""

from __future__ import annotations

import logging

import pytest
import webvtt as webvtt_py
from hypothesis import given
from hypothesis import strategies as st

from transcript_tools.errors import TimestampError
from transcript_tools.formats import webvtt
from transcript_tools.timecode import parse_timecode


def _unpadded(ms: int, hours: bool) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hour, minutes = divmod(minutes, 60)
    fraction = f"{millis:03d}".rstrip("0") or "0"
    return f"{hour}:{minutes}:{seconds}.{fraction}" if hours or hour else f"{minutes}:{seconds}.{fraction}"


@given(st.integers(0, 99 * 3600 * 1000), st.integers(1, 60_000), st.booleans())
def test_unpadded_timestamps_read_as_webvtt_py_reads_them(start, duration, hours) -> None:
    text = f"WEBVTT\n\n{_unpadded(start, hours)} --> {_unpadded(start + duration, hours)}\nhello\n"
    (cue,) = webvtt.parse(text).cues
    (caption,) = webvtt_py.from_string(text).captions
    assert (cue.start_ms, cue.end_ms) == (start, start + duration)
    assert (cue.start_ms, cue.end_ms) == (parse_timecode(caption.start), parse_timecode(caption.end))


def test_the_warning_names_the_file_and_first_line_and_writing_pads(caplog) -> None:
    text = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nfine\n\nsecond\n0:1.5 --> 0:2.25\nlax\n\n0:0:3.0 --> 0:0:4.0\nlax\n"
    with caplog.at_level(logging.WARNING):
        transcript = webvtt.parse(text, source="talk.vtt")
    assert [(c.start_ms, c.end_ms) for c in transcript.cues] == [(0, 1000), (1500, 2250), (3000, 4000)]
    assert caplog.text.count("not padded") == 1
    assert "talk.vtt:7: timestamps not padded like 00:00:01.500 ('0:1.5 --> 0:2.25', 2 timing line(s) in all)" in caplog.text
    assert "00:00:01.500 --> 00:00:02.250" in webvtt.compose(transcript)


def test_padded_files_read_without_a_warning(caplog) -> None:
    with caplog.at_level(logging.WARNING):
        webvtt.parse("WEBVTT\n\n01:00.000 --> 01:02.500\nhi\n\n100:00:00.000 --> 100:00:01.000\nlong\n")
    assert caplog.text == ""


@pytest.mark.parametrize("stamp", ["0:0:1", "00:00:01", "00:00:01.5000", "00:00:01,500", "1.5", "00:61.000", "a:00.000"])
def test_timestamps_no_tool_reads_are_still_errors(stamp) -> None:
    with pytest.raises(TimestampError) as error:
        webvtt.parse(f"WEBVTT\n\n{stamp} --> 00:00:09.000\nhi\n", source="talk.vtt")
    assert error.value.line == 3 and stamp in str(error.value)
