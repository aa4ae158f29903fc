"""The quality check: each rule, the webvtt-py cross-check, and the report."""

from __future__ import annotations

import pytest

from transcript_tools.align.check import check_cues, check_webvtt_text, format_report
from transcript_tools.formats import webvtt
from transcript_tools.model import Cue, Transcript


def rules_of(cues, profile="netflix", *, hard: bool) -> list[str]:
    report = check_cues(cues, profile)
    return [v.rule for v in (report.hard if hard else report.targets)]


@pytest.mark.parametrize(
    ("cues", "rule"),
    [
        ([Cue(0, 2000, ("x" * 43,))], "line-length"),
        ([Cue(0, 2000, ("a", "b", "c"))], "lines"),
        ([Cue(0, 7001, ("a long one",))], "duration"),
        ([Cue(0, 0, ("empty",))], "duration"),
        ([Cue(0, 2000, ("a",)), Cue(1999, 3000, ("b",))], "overlap"),
        ([Cue(5000, 6000, ("a",)), Cue(1000, 2000, ("b",))], "order"),
    ],
)
def test_hard_limits_are_reported(cues, rule) -> None:
    assert rules_of(cues, hard=True) == [rule]


def test_targets_are_reported_but_do_not_fail() -> None:
    cues = [
        Cue(0, 500, ("Too short.",)),  # under 5/6 s
        Cue(540, 1500, ("Read far too quickly by anyone",)),  # gap of 40 ms, 31 cps
        Cue(1800, 3000, ("A gap of 300 ms that is not chained.",)),
    ]
    report = check_cues(cues)
    assert report.ok
    assert sorted(v.rule for v in report.targets) == ["gap", "gap", "min-duration", "reading-speed", "reading-speed"]
    assert report.reading_speed is not None and report.reading_speed.share_over_max == pytest.approx(2 / 3)


def test_the_bbc_counts_words_per_minute_and_wants_gaps_closed_or_a_second() -> None:
    cues = [Cue(0, 1000, ("one two three four",)), Cue(1000, 4000, ("five",)), Cue(4500, 6000, ("six",))]
    report = check_cues(cues, "bbc")
    assert report.reading_speed is not None and report.reading_speed.unit == "wpm"
    assert [(v.cue, v.rule) for v in report.targets] == [(1, "min-duration"), (1, "reading-speed"), (3, "gap")]


def test_webvtt_py_reads_our_files_as_we_do() -> None:
    cues = (Cue(0, 1500, ("Tom & Jerry <3",), speaker="Ann"), Cue(1600, 3000, ("café → 日本",)))
    text = webvtt.compose(Transcript(cues=cues))
    assert check_webvtt_text(text, webvtt.parse(text).cues) == ()


def test_webvtt_py_disagreement_is_reported() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n"
    assert check_webvtt_text(text, [Cue(1000, 2500, ("hello",))])[0].startswith("cue 1: webvtt-py reads")
    assert "reads 1 cue(s), we read 2" in check_webvtt_text(text + "\n00:00:03.000 -> 00:00:04.000\nbroken\n", [Cue(1000, 2000, ("a",))] * 2)[0]


def test_report_text_lists_problems_and_the_speed_distribution() -> None:
    report = check_cues([Cue(0, 2000, ("x" * 50,))])
    text = format_report(report)
    assert "hard limits broken: 1" in text and "line 1 has 50 characters (max 42)" in text
    assert "reading speed (cps): median 25.0" in text and text.endswith("result: FAILED (hard limits broken)\n")
    assert report.to_dict()["ok"] is False
