"""fill_missing_times: each level of evidence, and invariants over random mixes."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcript_tools.align.timing import (
    Evidence,
    TimingModel,
    fill_missing_times,
    number_syllables,
    pause_weight,
    speech_weight,
    syllables,
)
from transcript_tools.model import Cue, Sentence, Word
from transcript_tools.normalize.sentences import split_words


def _words(timing) -> list[Word]:
    return [word for sentence in timing.sentences for word in sentence.words]


def test_word_times_from_the_source_are_kept_exactly() -> None:
    words = (Word("one", 100, 400), Word("two", 450, 700), Word("three.", 800, 1200))
    timing = fill_missing_times([Sentence(words)])
    assert timing.evidence is Evidence.WORDS
    assert _words(timing) == list(words)


def test_missing_word_ends_fall_before_the_next_start() -> None:
    words = (Word("one", 100), Word("two", 500), Word("three.", 900))
    result = _words(fill_missing_times([Sentence(words)]))
    assert [w.start_ms for w in result] == [100, 500, 900]
    assert result[0].end_ms == 500 and result[1].end_ms == 900  # no pause weight after plain words (word_pause 0)
    assert result[2].end_ms is not None and result[2].end_ms > 900


def test_cue_level_times_place_words_inside_their_cue_by_length() -> None:
    cues = (Cue(1000, 3000, ("a wonderful day",)), Cue(5000, 6000, ("ok",)))
    words = (Word("a", cue_index=0), Word("wonderful", cue_index=0), Word("day", cue_index=0), Word("ok", cue_index=1))
    timing = fill_missing_times([Sentence(words)], source_cues=cues)
    result = _words(timing)
    assert timing.evidence is Evidence.CUES
    assert result[0].start_ms == 1000 and result[2].end_ms == 3000
    assert (result[3].start_ms, result[3].end_ms) == (5000, 6000)
    durations = [w.end_ms - w.start_ms for w in result[:3]]
    assert durations[1] > durations[2] > durations[0]  # longer words take longer


def test_overlapping_source_cues_never_make_time_run_backwards() -> None:
    cues = (Cue(1000, 4000, ("one two",)), Cue(2000, 3000, ("three",)))
    words = (Word("one", cue_index=0), Word("two", cue_index=0), Word("three", cue_index=1))
    result = _words(fill_missing_times([Sentence(words)], source_cues=cues))
    times = [t for w in result for t in (w.start_ms, w.end_ms)]
    assert times == sorted(times)


def test_anchors_are_kept_and_words_between_them_interpolated() -> None:
    words = tuple(Word(t, start_ms=s) for t, s in [("Hello", 0), ("there", None), ("my", None), ("friend.", 3000), ("Bye", None)])
    timing = fill_missing_times([Sentence(words[:4]), Sentence(words[4:], 4)])
    result = _words(timing)
    assert timing.evidence is Evidence.ANCHORS
    assert result[0].start_ms == 0 and result[3].start_ms == 3000
    assert 0 < result[1].start_ms < result[2].start_ms < 3000
    assert result[4].start_ms > result[3].end_ms  # a pause after the sentence


def test_duration_only_spreads_words_over_it_with_pauses_at_sentence_ends() -> None:
    words = [Word(t) for t in "I came here. You left there and then.".split()]
    sentences = split_words(words)
    timing = fill_missing_times(sentences, duration_ms=6000)
    result = _words(timing)
    assert timing.evidence is Evidence.DURATION
    assert result[0].start_ms == 0 and result[-1].end_ms == 6000
    sentence_gap = result[3].start_ms - result[2].end_ms
    word_gap = result[2].start_ms - result[1].end_ms
    assert sentence_gap > word_gap


def test_no_evidence_estimates_at_the_assumed_rate_with_a_warning(caplog) -> None:
    words = [Word("word") for _ in range(160)]
    with caplog.at_level(logging.WARNING):
        timing = fill_missing_times([Sentence(tuple(words))], words_per_minute=160)
    assert timing.evidence is Evidence.ESTIMATED
    assert "estimated" in caplog.text
    assert abs(_words(timing)[-1].end_ms - 60000) < 1000


def test_tail_after_the_last_anchor_follows_the_observed_rate() -> None:
    # 20 words in 10 s before the anchor: the 10 words after it take about 5 s.
    words = [Word("word", start_ms=0)] + [Word("word") for _ in range(19)] + [Word("word", start_ms=10000)] + [Word("word") for _ in range(9)]
    result = _words(fill_missing_times([Sentence(tuple(words))]))
    assert 4000 < result[-1].end_ms - 10000 < 6000


def test_words_between_distant_anchors_keep_the_rate_the_other_anchors_show() -> None:
    # Nineteen sentences of four words, one every 600 ms; then one at 12 s and
    # 11 s of silence before the next anchor: that sentence is said at the same
    # brisk pace and the silence follows it, instead of the words slowing down.
    starts = [number * 600 for number in range(19)] + [12000, 23000]
    words = []
    for start in starts:
        words += [Word("aaaa", start_ms=start), Word("bbbb"), Word("cccc"), Word("dddd.")]
    sentences = [Sentence(tuple(words[i : i + 4]), i) for i in range(0, len(words), 4)]
    result = _words(fill_missing_times(sentences))
    last = result[4 * 19 : 4 * 20]
    assert last[0].start_ms == 12000
    assert last[-1].end_ms - 12000 < 800


def test_duration_a_little_long_for_the_words_slows_them_rather_than_making_a_long_pause() -> None:
    # Ten words in 4.3 s is slow speech (140 words a minute), not speech at
    # 160 with a one-second silence between the sentences.
    words = [Word(t) for t in "one two three four five. six seven eight nine ten.".split()]
    result = _words(fill_missing_times(split_words(words), duration_ms=4300))
    assert result[5].start_ms - result[4].end_ms < 600
    assert result[-1].end_ms == 4300


def test_weights() -> None:
    assert speech_weight("wonderful") > speech_weight("day")
    model = TimingModel(sentence_pause=6, clause_pause=3, turn_pause=2, word_pause=0)
    assert pause_weight("end.", model=model) > pause_weight("clause,", model=model) > pause_weight("word", model=model) == 0
    assert pause_weight("word", turn=True, model=model) == 2
    assert pause_weight("end.", turn=True, model=model) == 8


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("day", 1), ("wonderful", 3), ("make", 1), ("loved", 1), ("takes", 1), ("little", 2), ("wanted", 2),
        ("boxes", 2), ("the", 1), ("Iran,", 2), ("rhythm", 1), ("médecin", 3), ("-", 0), ("…", 0),
        ("1953", 5), ("2005", 4), ("2019", 4), ("7", 2), ("12", 1), ("70%", 5), ("$5", 3), ("4+1", 3),
        ("20,000", 4), ("3.5", 3), ("1,000,000", 3), ("4th", 2),
    ],
)  # fmt: skip
def test_syllables_of_words_and_numbers_said_as_words(word: str, count: int) -> None:
    assert syllables(word) == count


@given(st.from_regex(r"\A[0-9]{1,30}([.,][0-9]{1,5})?\Z"))
def test_every_number_takes_some_syllables(digits: str) -> None:
    assert number_syllables(digits) >= 1


def test_numbers_take_as_long_as_their_spoken_words() -> None:
    # "1953" is said "nineteen fifty-three": longer than its four characters suggest.
    assert speech_weight("1953") > speech_weight("nineteen")
    assert speech_weight("1953") == pytest.approx(speech_weight("nineteen") + speech_weight("fifty") + 1, abs=3)


def test_a_dialogue_dash_takes_no_time_and_marks_a_turn() -> None:
    model = TimingModel(turn_pause=10, sentence_pause=0, clause_pause=0, word_pause=0)
    words = [Word(t) for t in "Hello there - Good morning".split()]
    result = _words(fill_missing_times(split_words(words), duration_ms=5000, model=model))
    dash = result[2]
    assert dash.start_ms == dash.end_ms
    assert dash.start_ms - result[1].end_ms > result[1].start_ms - result[0].end_ms


def test_turns_given_by_index_and_by_speaker_get_a_pause() -> None:
    model = TimingModel(turn_pause=10, sentence_pause=0, clause_pause=0, word_pause=0)
    words = [Word(t) for t in "aaaa bbbb cccc dddd".split()]
    plain = _words(fill_missing_times([Sentence(tuple(words))], duration_ms=4000, model=model))
    assert [w.start_ms for w in plain] == [0, 1000, 2000, 3000]
    marked = _words(fill_missing_times([Sentence(tuple(words))], duration_ms=4000, turns={2}, model=model))
    assert marked[2].start_ms - marked[1].end_ms > 0 == marked[1].start_ms - marked[0].end_ms
    speakers = [Word(w.text, speaker="A" if i < 2 else "B") for i, w in enumerate(words)]
    by_speaker = _words(fill_missing_times([Sentence(tuple(speakers))], duration_ms=4000, model=model))
    assert [w.start_ms for w in by_speaker] == [w.start_ms for w in marked]


@pytest.mark.parametrize(
    ("first", "second", "turn"),
    [("Alba", None, False), (None, "Alba", True), ("Alba", "Pedro", True), ("Alba", "Alba", False), (None, None, False)],
)
def test_a_turn_by_speaker_is_a_named_speaker_after_another_never_the_unknown_after_a_name(first, second, turn) -> None:
    # "[Alba] En 1928," names the speaker of its cue only: the next cue's
    # words have no speaker, and most often Alba goes on.
    model = TimingModel(turn_pause=10, sentence_pause=0, clause_pause=0, word_pause=0)
    words = [Word(t, speaker=first if i < 2 else second) for i, t in enumerate("aaaa bbbb cccc dddd".split())]
    result = _words(fill_missing_times([Sentence(tuple(words))], duration_ms=4000, model=model))
    assert (result[2].start_ms - result[1].end_ms > 0) is turn
    marked = _words(fill_missing_times([Sentence(tuple(words))], duration_ms=4000, turns={2}, model=model))
    assert marked[2].start_ms - marked[1].end_ms > 0  # an explicit change (">>", a dash) is always a turn


def test_a_written_time_opens_a_paragraph_with_a_pause_before_it() -> None:
    words = [Word("aaaa", start_ms=0), Word("bbbb"), Word("cccc"), Word("dddd", start_ms=8000), Word("eeee", end_ms=9000)]
    model = TimingModel(break_pause=20, sentence_pause=0, clause_pause=0, word_pause=0)
    result = _words(fill_missing_times([Sentence(tuple(words))], model=model))
    assert result[3].start_ms - result[2].end_ms > 1000


_word_texts = st.from_regex(r"\A[A-Za-z0-9']{1,12}[.,?]?\Z")


@st.composite
def _evidence_mixes(draw):
    count = draw(st.integers(min_value=1, max_value=40))
    texts = draw(st.lists(_word_texts, min_size=count, max_size=count))
    kind = draw(st.sampled_from(["words", "cues", "anchors", "none"]))
    words = []
    cues = []
    time = draw(st.integers(min_value=0, max_value=5000))
    for text in texts:
        if kind == "words":
            time += draw(st.integers(min_value=0, max_value=800))
            words.append(Word(text, time, time + draw(st.integers(min_value=0, max_value=600))))
        elif kind == "anchors" and draw(st.booleans()):
            time += draw(st.integers(min_value=0, max_value=3000))
            words.append(Word(text, start_ms=time))
        elif kind == "cues":
            if not cues or draw(st.booleans()):
                start = draw(st.integers(min_value=0, max_value=20000))
                cues.append(Cue(start, start + draw(st.integers(min_value=0, max_value=5000)), ("x",)))
            words.append(Word(text, cue_index=len(cues) - 1))
        else:
            words.append(Word(text))
    duration = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=100000)))
    return words, cues, duration


@given(_evidence_mixes())
def test_every_word_gets_ordered_times(mix) -> None:
    words, cues, duration = mix
    timing = fill_missing_times(split_words(words), source_cues=cues, duration_ms=duration)
    result = _words(timing)
    assert [w.text for w in result] == [w.text for w in words]
    times = [t for w in result for t in (w.start_ms, w.end_ms)]
    assert all(t is not None and t >= 0 for t in times)
    assert times == sorted(times)
    known = [t for w in words for t in (w.start_ms, w.end_ms) if t is not None]
    if known == sorted(known):
        # Source times that already run forwards are kept exactly.
        assert all(b.start_ms in (None, a.start_ms) and b.end_ms in (None, a.end_ms) for b, a in zip(words, result))
