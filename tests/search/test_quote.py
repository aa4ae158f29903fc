"""Fuzzy quote search: exact and misremembered quotes, spans and times."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.search.conftest import ROOSEVELT
from transcript_tools import read
from transcript_tools.model import Transcript, Word
from transcript_tools.search import align_quote, make_documents, memory_index, word_times
from transcript_tools.search.query import QueryError

_TRANSCRIPT = read(ROOSEVELT)
_DOCUMENTS = make_documents(_TRANSCRIPT, "roosevelt")
_INDEX = memory_index()
_INDEX.add([("roosevelt", _TRANSCRIPT)])
_TIMES = word_times(_TRANSCRIPT)


def _bare(words):
    return " ".join(re.sub(r"^\W+|\W+$", "", w).lower() for w in words)


@given(st.data())
def test_alignment_offsets_map_back_to_the_quoted_words(data):
    document = data.draw(st.sampled_from([d for d in _DOCUMENTS if len(d.word_offsets) >= 6]))
    count = len(document.word_offsets)
    first = data.draw(st.integers(0, count - 4))
    last = data.draw(st.integers(first + 3, count - 1))
    quote = " ".join(document.words[first : last + 1])
    score, found_first, found_last = align_quote(quote, document.text, document.word_offsets)
    assert score == 100
    assert document.words[found_first : found_last + 1] == document.words[first : last + 1]


@given(st.data())
def test_a_quote_cut_from_a_sentence_finds_that_sentence(data):
    document = data.draw(st.sampled_from([d for d in _DOCUMENTS if len(d.word_offsets) >= 6]))
    count = len(document.word_offsets)
    first = data.draw(st.integers(0, count - 5))
    last = data.draw(st.integers(first + 4, count - 1))
    quote = _bare(document.words[first : last + 1])
    hit = _INDEX.find_quote(quote).hits[0]
    assert hit.score == 100
    assert " ".join(document.words[first : last + 1]) in hit.text
    # The same words may be said twice (Roosevelt repeats "translated into world terms,
    # means"), so any place that says exactly the quote is a right answer.
    said = [w.text for w in _TRANSCRIPT.words[hit.first_word : hit.last_word + 1]]
    assert _bare(said) == quote
    assert (hit.start_ms, hit.end_ms) == (_TIMES[hit.first_word][0], _TIMES[hit.last_word][1])


@pytest.mark.parametrize(
    ("quote", "said"),
    [
        # one word replaced, one dropped
        ("we look forward to a world built upon four human freedoms", "we look forward to a world founded upon four essential human freedoms."),
        # words swapped and a typo, across a sentence boundary
        ("for its inhabitants everywhere in the wrold the fourth is from freedom fear",
         "for its inhabitants-everywhere in the world. The fourth is freedom from fear-which,"),
        # mis-transcribed by ASR: homophones
        ("the first is freedom of speech and expression every wear in the whirled", "The first is freedom of speech and expression-everywhere in the world."),
    ],
)
def test_misremembered_quotes_are_found_with_the_times_of_their_words(quote, said):
    result = _INDEX.find_quote(quote)
    assert result.found
    hit = result.hits[0]
    assert 70 <= hit.score < 100
    words = [w.text for w in _TRANSCRIPT.words]
    # The matched words lie inside the passage that says the quote.
    passage = said.split()
    start = next(i for i in range(len(words)) if words[i : i + len(passage)] == passage)
    assert start - 1 <= hit.first_word and hit.last_word <= start + len(passage)
    assert hit.match == " ".join(words[hit.first_word : hit.last_word + 1])
    assert hit.start_ms == _TIMES[hit.first_word][0] and hit.end_ms == _TIMES[hit.last_word][1]
    cue = _TRANSCRIPT.cues[_TRANSCRIPT.words[hit.first_word].cue_index]
    assert cue.start_ms <= hit.start_ms <= cue.end_ms


def test_a_quote_that_is_not_there_is_not_found_but_has_candidates():
    result = _INDEX.find_quote("the quick brown fox jumps over the lazy dog near the river bank")
    assert not result.found and result.hits == ()
    assert result.candidates and all(c.score < result.threshold for c in result.candidates)


def test_one_best_hit_per_transcript():
    index = memory_index()
    index.add([("a", _TRANSCRIPT), ("b", _TRANSCRIPT)])
    hits = index.find_quote("four essential human freedoms").hits
    assert sorted(hit.transcript_id for hit in hits) == ["a", "b"]
    fuzzy = index.find_quote("we look forward to a world built on four human freedom").hits
    assert sorted(hit.transcript_id for hit in fuzzy) == ["a", "b"]


def test_quotes_without_words_are_refused():
    with pytest.raises(QueryError):
        _INDEX.find_quote('" ( * :')


def test_a_quote_across_a_window_cut_of_raw_text_keeps_word_times():
    words = tuple(Word(f"w{i}", start_ms=i * 300, end_ms=i * 300 + 250) for i in range(120))
    index = memory_index()
    index.add([("raw", Transcript(words=words))])
    hit = index.find_quote("w35 w36 w37 w38 w39 w40 w41 w42 w43").hits[0]
    assert (hit.first_word, hit.last_word, hit.start_ms, hit.end_ms) == (35, 43, 10500, 13150)


def test_a_misremembered_quote_across_several_short_sentences_is_found_whole():
    text = "Filler words come first here. Yes. No. Not yet. Maybe later. Ask me again tomorrow. Then we close the file."
    words = tuple(Word(w, start_ms=i * 400, end_ms=i * 400 + 300) for i, w in enumerate(text.split()))
    index = memory_index()
    index.add([("dialogue", Transcript(words=words))])
    hit = index.find_quote("yes no not yet maybe later ask me again tomorow").hits[0]
    assert " ".join(w.text for w in words[hit.first_word : hit.last_word + 1]) == "Yes. No. Not yet. Maybe later. Ask me again tomorrow."
    assert (hit.start_ms, hit.end_ms) == (5 * 400, 14 * 400 + 300)
