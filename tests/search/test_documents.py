"""Documents: sentences and windows, word offsets, word times, folding."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.search.conftest import SAMPLE
from transcript_tools import read
from transcript_tools.model import Cue, Transcript, Word
from transcript_tools.search.documents import MAX_WORDS, fold, make_documents, word_times


@given(st.text())
def test_fold_keeps_every_character_in_place(text):
    folded = fold(text)
    assert len(folded) == len(text)
    for original, new in zip(text, folded):
        assert new == " " or new == original.lower() or new == original


@given(st.text())
def test_fold_leaves_only_lowercase_words_and_spaces(text):
    assert all(char == " " or char.isalnum() for char in fold(text))


def test_documents_are_sentences_with_offsets_and_cue_times(roosevelt):
    documents = make_documents(roosevelt, "r")
    assert documents[0].text == "As examples: We should bring more citizens under the coverage of old-age pensions and unemployment insurance."
    covered = [documents[0].first_word + i for i in range(len(documents[0].word_offsets))]
    assert covered == list(range(len(documents[0].word_offsets)))
    for document in documents:
        for offset, word in zip(document.word_offsets, document.words):
            assert document.text[offset:].startswith(word)
        words = roosevelt.words[document.first_word : document.first_word + len(document.word_offsets)]
        for word, (start, end) in zip(words, document.word_times):
            cue = roosevelt.cues[word.cue_index]
            assert cue.start_ms <= start <= end <= cue.end_ms
    # Every word is in a document, in order.
    assert [d.seq for d in documents] == list(range(len(documents)))
    assert documents[-1].first_word + len(documents[-1].word_offsets) == len(roosevelt.words)


def test_raw_text_becomes_overlapping_windows_without_times():
    transcript = read(SAMPLE)
    documents = make_documents(transcript, "s")
    assert len(documents) > 10
    assert all(len(d.word_offsets) <= MAX_WORDS for d in documents)
    # Consecutive windows share words, so a phrase across a cut is whole in one.
    for previous, following in zip(documents, documents[1:]):
        assert following.first_word < previous.first_word + len(previous.word_offsets)
    assert all(d.start_ms is None for d in documents)


def test_word_times_come_from_cues_and_anchors_and_are_never_made_up():
    cue = Cue(1000, 2000, ("a b c d",))
    cued = Transcript(words=tuple(Word(w, cue_index=0) for w in "abcd"), cues=(cue,))
    times = word_times(cued)
    assert times[0][0] == 1000 and times[-1][1] == 2000
    assert [start for start, _ in times] == sorted(start for start, _ in times)
    anchored = Transcript(words=(Word("x"), Word("y", start_ms=5000), Word("z")))
    starts = [start for start, _ in word_times(anchored)]
    assert starts[1] == 5000 and None not in starts
    assert word_times(Transcript(words=(Word("q"),))) == ((None, None),)
