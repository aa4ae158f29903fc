from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcript_tools.timecode import format_clock, format_timecode, parse_timecode


@given(st.integers(min_value=0, max_value=1000 * 3600 * 1000))
def test_vtt_timecode_round_trip(ms: int) -> None:
    assert parse_timecode(format_timecode(ms)) == ms


@given(st.integers(min_value=0, max_value=1000 * 3600 * 1000))
def test_srt_timecode_round_trip(ms: int) -> None:
    assert parse_timecode(format_timecode(ms, separator=",")) == ms


@given(st.integers(min_value=0, max_value=100 * 3600 * 1000))
def test_clock_round_trip_to_the_second(ms: int) -> None:
    assert parse_timecode(format_clock(ms)) == ms // 1000 * 1000


@pytest.mark.parametrize(
    ("text", "ms"),
    [("00:00:00.000", 0), ("1:05", 65_000), ("12:03.5", 723_500), ("100:00:00,001", 360_000_001), ("0:00:01.05", 1050)],
)
def test_parses_real_world_forms(text: str, ms: int) -> None:
    assert parse_timecode(text) == ms


@pytest.mark.parametrize("text", ["", "abc", "1:60", "00:60:00.000", "1:2:3:4", "-0:01"])
def test_rejects_malformed(text: str) -> None:
    with pytest.raises(ValueError):
        parse_timecode(text)


def test_negative_time_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        format_timecode(-1)
