"""Sentence segmentation of punctuated words: abbreviations, acronyms, numbers, speakers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcript_tools.model import Transcript, Word
from transcript_tools.normalize import split_sentences, split_words


def texts(text: str, **kwargs) -> list[str]:
    return [s.text for s in split_words([Word(t) for t in text.split()], **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith went home. He slept.", ["Mr. Smith went home.", "He slept."]),
        ("Dr. J. Doe and Mrs. Roe met.", ["Dr. J. Doe and Mrs. Roe met."]),
        ("It grew 3.5 percent. Then it fell.", ["It grew 3.5 percent.", "Then it fell."]),
        ("Use fruit, e.g. apples. Or pears.", ["Use fruit, e.g. apples.", "Or pears."]),
        ("The U.S. economy grew. We know.", ["The U.S. economy grew.", "We know."]),
        ("We sent troops to the U.S. Congress agreed.", ["We sent troops to the U.S. Congress agreed."]),
        ("He moved to the U.S. The rest stayed.", ["He moved to the U.S.", "The rest stayed."]),
        ("Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ("no punctuation at all", ["no punctuation at all"]),
        ("Will he resign? No. No President has.", ["Will he resign?", "No.", "No President has."]),
        ("See No. 5 and Nos. 3-4 here.", ["See No. 5 and Nos. 3-4 here."]),
        ('"Is it over?" she asked. No.', ['"Is it over?" she asked.', "No."]),
        ('"Stop!" He ran.', ['"Stop!"', "He ran."]),
        ("He left at 9 a.m. Everyone cheered.", ["He left at 9 a.m.", "Everyone cheered."]),
        ("The U.S. Government and the U.S. Army agreed.", ["The U.S. Government and the U.S. Army agreed."]),
        ("We grow apples, pears, etc. Most are sold.", ["We grow apples, pears, etc.", "Most are sold."]),
        ("Acme Inc. shares fell.", ["Acme Inc. shares fell."]),
        ("Martin Luther King Jr. Day is here.", ["Martin Luther King Jr. Day is here."]),
    ],
)
def test_sentence_ends(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_speaker_change_ends_a_sentence() -> None:
    words = [Word("so", speaker="A"), Word("yes", speaker="A"), Word("right", speaker="B")]
    assert [s.text for s in split_words(words)] == ["so yes", "right"]


def test_first_index_and_transcript() -> None:
    transcript = Transcript(words=tuple(Word(t) for t in "One. Two three.".split()))
    sentences = split_sentences(transcript)
    assert [(s.text, s.first_word) for s in sentences] == [("One.", 0), ("Two three.", 1)]
    assert [s.first_word for s in split_words(transcript.words, first_index=10)] == [10, 11]


@given(st.lists(st.sampled_from(["a", "b.", "Mr.", "U.S.", "3.5", "why?", "C", "e.g.", "x!"]), max_size=30))
def test_sentences_cover_every_word_once_in_order(tokens: list[str]) -> None:
    words = [Word(t) for t in tokens]
    sentences = split_words(words)
    assert [w for s in sentences for w in s.words] == words
    assert all(s.words for s in sentences)
    starts = [s.first_word for s in sentences]
    assert starts == sorted(starts) and (not starts or starts[0] == 0)
