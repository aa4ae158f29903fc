"""Choosing anchors among the runs of words the recognition pass heard (no audio needed)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from transcript_tools.align.forced import _Aligner, _candidate_runs, _Recognized

np = pytest.importorskip("numpy")

WORD_MS = 300


def aligner_for(names: list[str]) -> _Aligner:
    engine = SimpleNamespace(phone_counts={name: 3 for name in names})
    samples = np.zeros(16 * WORD_MS * (len(names) + 10), dtype=np.int16)
    return _Aligner(engine, samples, names, [index // 10 for index in range(len(names))], progress=False)  # type: ignore[arg-type]


def heard(names: list[str], words: list[tuple[int, int]]) -> list[_Recognized]:
    """Transcript words ``index`` heard at ``ms``."""
    return [_Recognized(names[index], at, at + WORD_MS - 20) for index, at in words]


def test_candidate_runs_are_maximal_and_skip_common_phrases() -> None:
    names = ["a", "b", "c", "d", "e", "x", "y", "z"]
    assert _candidate_runs(names, ["q", "b", "c", "d", "e", "q", "x", "y"]) == [(1, 1, 4)]
    common = ["x", "y", "z"] * 10
    assert _candidate_runs(common, ["x", "y", "z"]) == []


def test_a_phrase_heard_where_another_copy_of_it_is_spoken_is_no_anchor() -> None:
    # Words 20-22 and 150-152 are the same phrase. The recognizer heard it at
    # the time of words 67-69 (noise), where nothing else was heard: taken
    # for words 20-22, it would squeeze words 23-66 into no time at all.
    names = [f"w{index}" for index in range(200)]
    names[20:23] = names[150:153] = ["alpha", "beta", "gamma"]
    true = [(index, index * WORD_MS) for index in list(range(10)) + list(range(70, 100))]
    false = [(20, 67 * WORD_MS), (21, 68 * WORD_MS), (22, 69 * WORD_MS)]
    recognized = heard(names, sorted(true + false, key=lambda pair: pair[1]))
    aligner = aligner_for(names)
    anchors = aligner._anchors(recognized)
    assert sorted(anchors) == [index for index, _ in true]
    assert all(recognized[anchors[index]].start_ms == index * WORD_MS for index in anchors)


def test_a_run_of_only_the_commonest_words_is_no_anchor() -> None:
    # "and", "to" and "the" are each 5 % of the transcript: in heavy noise the
    # recognizer hears "and to the" wherever the sound gives it no better
    # idea, so that run anchors nothing, while one with a rarer word does.
    names = [f"w{index}" for index in range(1000)]
    for index in range(0, 1000, 20):
        names[index + 5], names[index + 10], names[index + 15] = "and", "to", "the"
    names[500:503] = names[700:703] = ["and", "to", "the"]
    words = list(range(10)) + list(range(500, 503)) + list(range(700, 704)) + list(range(900, 910))
    recognized = heard(names, [(index, index * WORD_MS) for index in words])
    anchors = aligner_for(names)._anchors(recognized)
    assert sorted(anchors) == list(range(10)) + list(range(700, 704)) + list(range(900, 910))


def test_interpolated_words_before_the_first_anchor_take_their_typical_time() -> None:
    # A failed segment that starts on speech not in the transcript: the
    # words before its first anchored word sit just before it, at a typical
    # rate (3 phones at 12 a second: 250 ms a word), not spread from the
    # segment's start; those between anchors fill the time between them.
    names = [f"w{index}" for index in range(8)]
    aligner = aligner_for(names)
    recognized = heard(names, [(4, 10_000), (7, 12_000)])
    spans = aligner._interpolate(0, 8, 0, 13_000, {4: 0, 7: 1}, recognized)
    assert spans[:4] == [(9_000, 9_250), (9_250, 9_500), (9_500, 9_750), (9_750, 10_000)]
    assert spans[4] == (10_000, 10_280)
    assert spans[5][0] == 10_280 and spans[6][1] == 12_000
