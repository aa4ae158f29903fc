"""Whisper JSON: openai-whisper, faster-whisper, WhisperX, whisper.cpp."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.formats._logs import logged_warnings
from transcript_tools import formats
from transcript_tools.errors import ParseError
from transcript_tools.formats import whisper_json

WORDS = ["Welcome", "to", "the", "garden", "show.", "Today", "we", "plant", "tomatoes."]


@pytest.mark.parametrize("name", ["whisper_openai.json", "faster_whisper_segments.json"])
def test_word_times(data_dir, name) -> None:
    transcript = formats.read(data_dir / name)
    assert transcript.metadata.format == "whisper"
    assert [w.text for w in transcript.words] == WORDS
    assert (transcript.words[1].start_ms, transcript.words[1].end_ms) == (420, 600)
    assert transcript.words[-1].end_ms == 4980
    assert transcript.has_word_times
    assert [(c.start_ms, c.end_ms, c.text) for c in transcript.cues][1] == (2400, 4980, "Today we plant tomatoes.")
    assert {w.cue_index for w in transcript.words} == {0, 1}


def test_language(data_dir) -> None:
    assert formats.read(data_dir / "whisper_openai.json").metadata.language == "en"
    assert formats.read(data_dir / "whisper_cpp.json").metadata.language == "en"
    assert formats.read(data_dir / "faster_whisper_segments.json").metadata.language is None


def test_segments_without_words(data_dir) -> None:
    transcript = formats.read(data_dir / "whisper_segments_only.json")
    assert transcript.text == "Welcome to the garden show."
    assert not transcript.has_word_times and transcript.words[0].start_ms is None
    assert [(m.label, m.start_ms) for m in transcript.markers] == [("Music", 2400)]


def test_whisperx_speakers_and_untimed_words(data_dir) -> None:
    transcript = formats.read(data_dir / "whisperx.json")
    assert [w.speaker for w in transcript.words][:5] == ["SPEAKER_00"] * 5
    forty = next(w for w in transcript.words if w.text == "40")
    assert (forty.start_ms, forty.end_ms, forty.speaker) == (None, None, "SPEAKER_01")
    assert transcript.cues[1].speaker == "SPEAKER_01"
    assert transcript.words[0].start_ms == 31


def test_whisper_cpp_offsets(data_dir) -> None:
    transcript = formats.read(data_dir / "whisper_cpp.json")
    assert [(c.start_ms, c.end_ms) for c in transcript.cues] == [(0, 2400), (2400, 4980)]
    assert transcript.text == " ".join(WORDS)


def test_a_broken_whisper_cpp_offset_is_named_in_milliseconds() -> None:
    text = '{"transcription": [\n{"offsets": {"from": 0, "to": 2400}, "text": " a"},\n{"offsets": {"from": "x", "to": 4980}, "text": " b"}]}'
    with pytest.raises(ParseError, match=r"cpp.json:3: expected segments\[1\].offsets.from to be a non-negative number of milliseconds, got 'x'"):
        whisper_json.parse(text, source="cpp.json")


def test_word_with_text_key_and_a_space_inside() -> None:
    text = '[{"start": 1.0, "end": 2.0, "text": "New York", "words": [{"text": " New York", "start": 1.0, "end": 2.0}]}]'
    words = whisper_json.parse(text).words
    assert [(w.text, w.start_ms, w.end_ms) for w in words] == [("New", 1000, None), ("York", None, 2000)]


def test_end_before_start_is_clamped() -> None:
    words = whisper_json.parse('[{"start": 1.0, "end": 2.0, "text": "hi", "words": [{"word": "hi", "start": 1.5, "end": 1.49}]}]').words
    assert (words[0].start_ms, words[0].end_ms) == (1500, 1500)


def test_errors() -> None:
    with pytest.raises(ParseError, match=r"w.json:2: expected Whisper JSON, but the JSON is broken: .* at column \d+"):
        whisper_json.parse('{"segments": [\n,]}', source="w.json")
    with pytest.raises(ParseError, match='expected Whisper JSON: an object with a "segments"'):
        whisper_json.parse('{"foo": 1}')
    bad = '{"segments": [\n{"start": 0, "end": 1, "text": "ok"},\n{"start": "x", "end": 1, "text": "bad"}]}'
    with pytest.raises(ParseError, match=r"w.json:3: expected segments\[1\].start to be a non-negative number"):
        whisper_json.parse(bad, source="w.json")
    assert whisper_json.parse(bad, strict=False).text == "ok"


def test_a_timed_dash_is_punctuation_or_a_turn_never_a_word() -> None:
    text = (
        '{"segments": [{"start": 0.0, "end": 2.0, "text": " So - if you", "words": ['
        '{"word": " So", "start": 0.0, "end": 0.4}, {"word": " -", "start": 0.4, "end": 0.5},'
        '{"word": " if", "start": 0.6, "end": 0.8}, {"word": " you", "start": 0.8, "end": 1.0}]},'
        '{"start": 2.0, "end": 3.0, "text": " - Yes.", "words": ['
        '{"word": " -", "start": 2.0, "end": 2.1}, {"word": " Yes.", "start": 2.1, "end": 2.6}]}]}'
    )
    transcript = whisper_json.parse(text)
    assert [(w.text, w.start_ms, w.end_ms) for w in transcript.words] == [
        ("So—", 0, 400),
        ("if", 600, 800),
        ("you", 800, 1000),
        ("Yes.", 2100, 2600),
    ]
    assert [(m.label, m.word_index) for m in transcript.markers] == [(">>", 3)]


def _warnings(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]


@pytest.mark.parametrize("strict", [True, False])
def test_word_times_that_cannot_be_right_are_changed_with_one_warning(data_dir, caplog, strict) -> None:
    path = data_dir / "whisper_bad_word_times.json"
    transcript = formats.read(path, strict=strict)
    assert [(w.text, w.start_ms, w.end_ms) for w in transcript.words] == [
        ("One", 1000, 1500),
        ("two", 1600, 1600),  # ended at 1.58 s, before it started
        ("three.", 1700, 3000),  # ended at 3.4 s, after its segment
        ("Four", 4200, 4500),
        ("five.", 4200, 4800),  # started at 4.1 s, before "Four"
    ]
    assert _warnings(caplog) == [
        f"{path}:8: word times that cannot be right were changed: 'two' (segments[0].words[1]) ran 1.600-1.580 s,"
        " ending before it starts; read as 1.600-1.600 s (2 more in the file)"
    ]


def test_each_repair_says_what_it_changed(caplog) -> None:
    def warning_for(words: str, segment: str = '"start": 1.0, "end": 2.0') -> str:
        caplog.clear()
        whisper_json.parse(f'{{"segments": [\n{{{segment}, "text": "a b",\n"words": [{words}]}}]}}', source="w.json")
        (message,) = _warnings(caplog)
        return message

    assert warning_for('{"word": "a", "start": 0.5, "end": 1.2}') == (
        "w.json:3: word times that cannot be right were changed: 'a' (segments[0].words[0]) ran 0.500-1.200 s,"
        " outside its segment (1.000-2.000 s); read as 1.000-1.200 s"
    )
    assert warning_for('{"word": "a", "start": 1.5, "end": 1.6},\n{"word": "b", "start": 1.2, "end": 1.1}').endswith(
        "'b' (segments[0].words[1]) ran 1.200-1.100 s, ending before it starts,"
        " starting before the word before it (1.500 s); read as 1.500-1.500 s"
    )
    assert warning_for('{"word": "a", "start": 1.5, "end": 1.6}', segment='"start": 2.0, "end": 1.0') == (
        "w.json:2: word times that cannot be right were changed: segment segments[0] ran 2.000-1.000 s,"
        " ending before it starts; read as 2.000-2.000 s (1 more in the file)"
    )


def test_good_times_and_untimed_words_warn_nothing(data_dir, caplog) -> None:
    for name in ["whisper_openai.json", "faster_whisper_segments.json", "whisperx.json", "whisper_cpp.json", "whisper_segments_only.json"]:
        formats.read(data_dir / name)
    assert _warnings(caplog) == []


def test_a_broken_word_names_its_own_line() -> None:
    text = (
        '{"segments": [\n{"start": 0.0, "end": 1.0, "text": "a b", "words": [\n{"word": "a", "start": 0.0, "end": 0.5},\n'
        '{"word": "b", "start": 0.5, "end": 1.0}]},\n{"start": 1.0, "end": 2.0, "text": "c", "words": [\n{"word": "c", "start": -1, "end": 2.0}]}]}'
    )
    with pytest.raises(ParseError, match=r"w.json:6: expected segments\[1\].words\[0\].start to be a non-negative number of seconds, got -1"):
        whisper_json.parse(text, source="w.json")


_TIME = st.one_of(st.none(), st.integers(0, 20_000).map(lambda ms: ms / 1000))


@given(st.lists(st.tuples(_TIME, _TIME, st.lists(st.tuples(_TIME, _TIME), min_size=1, max_size=4)), max_size=5))
def test_read_word_times_are_ordered_and_inside_their_segments(segments) -> None:
    document = {
        "segments": [
            {"start": start, "end": end, "text": "x", "words": [{"word": f" w{n}", "start": s, "end": e} for n, (s, e) in enumerate(words)]}
            for start, end, words in segments
        ]
    }
    with logged_warnings(whisper_json) as messages:
        transcript = whisper_json.parse(json.dumps(document, indent=1))
    given_times = [(s, e) for _, _, words in segments for s, e in words]
    read_times = [(w.start_ms, w.end_ms) for w in transcript.words]
    starts = [start for start, _ in read_times if start is not None]
    assert starts == sorted(starts)
    given_starts = [start for start, _, _ in segments if start is not None]
    in_order = given_starts == sorted(given_starts)  # else segments are moved: see the test below
    segment_of = [(start, end) for start, end, words in segments for _ in words]
    for (start, end), (segment_start, segment_end) in zip(read_times, segment_of, strict=True):
        if start is not None and end is not None:
            assert start <= end
        if in_order and segment_start is not None and segment_end is not None and segment_start <= segment_end and start is not None:
            # Only a word moved after an earlier one may start past its segment's end.
            assert segment_start * 1000 <= start
    changed = read_times != [(None if s is None else round(s * 1000), None if e is None else round(e * 1000)) for s, e in given_times]
    segment_inverted = any(s is not None and e is not None and e < s for s, e, _ in segments)
    assert len(messages) <= 1
    assert bool(messages) == (changed or segment_inverted or not in_order)


@pytest.mark.parametrize("strict", [True, False])
def test_segments_that_start_out_of_order_keep_the_order_of_speech(data_dir, caplog, strict) -> None:
    # whisper.cpp -ml 1 output: two segments 75 s too late among ones that
    # follow on (whisper.cpp #866), and one starting before the one above (#2271).
    path = data_dir / "whisper_cpp_out_of_order.json"
    transcript = formats.read(path, strict=strict)
    assert [(c.start_ms, c.end_ms, c.text) for c in transcript.cues] == [
        (0, 640, "What"),
        (640, 1120, "do"),
        (1120, 1480, "you"),
        (1900, 2300, "think"),  # 76.67-76.67 s: starts and ends with "like", the next in order
        (1900, 1900, "about"),  # 76.67-1.9 s
        (1900, 2300, "like"),
        (2300, 2700, "when"),
        (2300, 2900, "Elon"),  # 2.15 s, before "when"
        (2900, 3300, "was"),
    ]
    assert transcript.text == "What do you think about like when Elon was"
    assert _warnings(caplog) == [
        f"{path}:10: word times that cannot be right were changed: segment segments[3] ran 76.670-76.670 s,"
        " starting after a later segment (1.900 s); read as 1.900-2.300 s (2 more in the file)"
    ]


def test_a_segment_starting_before_the_one_above_says_so(caplog) -> None:
    text = '{"segments": [\n{"start": 1.0, "end": 2.0, "text": "a"},\n{"start": 0.5, "end": 3.0, "text": "b",\n"words": [{"word": "b", "start": 0.6, "end": 0.9}]}]}'
    transcript = whisper_json.parse(text, source="w.json")
    assert [(c.start_ms, c.end_ms, c.text) for c in transcript.cues] == [(1000, 2000, "a"), (1000, 3000, "b")]
    assert [(w.text, w.start_ms, w.end_ms) for w in transcript.words] == [("a", None, None), ("b", 1000, 1000)]
    assert _warnings(caplog) == [
        "w.json:3: word times that cannot be right were changed: segment segments[1] ran 0.500-3.000 s,"
        " starting before an earlier segment (1.000 s); read as 1.000-3.000 s (1 more in the file)"
    ]
    caplog.clear()
    # Overlapping segments, each starting after the one before, are kept as they are.
    overlapping = whisper_json.parse('[{"start": 1.0, "end": 2.5, "text": "a", "words": []}, {"start": 2.0, "end": 3.0, "text": "b"}]')
    assert [(c.start_ms, c.end_ms) for c in overlapping.cues] == [(1000, 2500), (2000, 3000)]
    assert _warnings(caplog) == []


def _longest_in_order(starts: list[int]) -> int:
    longest = [1] * len(starts)
    for later in range(len(starts)):
        for earlier in range(later):
            if starts[earlier] <= starts[later]:
                longest[later] = max(longest[later], longest[earlier] + 1)
    return max(longest, default=0)


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=8))
def test_segment_starts_never_go_back_and_the_fewest_change(times) -> None:
    document = [{"start": start / 10, "end": end / 10, "text": f"s{n}"} for n, (start, end) in enumerate(times)]
    with logged_warnings(whisper_json) as messages:
        transcript = whisper_json.parse(json.dumps(document, indent=1))
    assert [c.text for c in transcript.cues] == [f"s{n}" for n in range(len(times))]
    read = [c.start_ms for c in transcript.cues]
    assert read == sorted(read)
    given_starts = [start * 100 for start, _ in times]
    assert sum(r != g for r, g in zip(read, given_starts)) == len(times) - _longest_in_order(given_starts)
    assert all(c.start_ms <= c.end_ms for c in transcript.cues)
    inverted = any(end < start for start, end in times)
    assert len(messages) == (1 if inverted or read != given_starts else 0)
