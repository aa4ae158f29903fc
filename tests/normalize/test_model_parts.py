"""The pieces of the shipped model: tokenization, windows, labels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcript_tools.normalize.labels import CASES, case_class, split_affixes
from transcript_tools.normalize.punctuation import MODEL_DIR
from transcript_tools.normalize.windows import average, plan_windows
from transcript_tools.normalize.wordpiece import WordPiece


def shipped_wordpiece() -> tuple[WordPiece, list[str]]:
    vocab = (MODEL_DIR / "vocab.txt").read_text(encoding="utf-8").splitlines()
    return WordPiece({p: i for i, p in enumerate(vocab)}), vocab


def test_shipped_vocabulary_splits_words_like_bert() -> None:
    wordpiece, vocab = shipped_wordpiece()
    assert vocab[:4] == ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
    assert [vocab[i] for i in wordpiece.encode("U.S.")] == ["u", ".", "s", "."]
    assert [vocab[i] for i in wordpiece.encode("CIA-backed")] == ["cia", "-", "backed"]
    assert [vocab[i] for i in wordpiece.encode("I'm")] == ["i", "'", "m"]
    assert [vocab[i] for i in wordpiece.encode("Café")] == ["cafe"]
    assert wordpiece.encode("x" * 101) == [vocab.index("[UNK]")]


@given(st.text(min_size=1, max_size=20).filter(lambda t: not any(c.isspace() for c in t)))
def test_every_word_gets_pieces(word: str) -> None:
    wordpiece, vocab = shipped_wordpiece()
    ids = wordpiece.encode(word)
    assert ids and all(0 <= i < len(vocab) for i in ids)


@given(st.lists(st.integers(1, 40), max_size=200), st.integers(40, 126), st.integers(1, 5))
def test_windows_cover_every_word_and_fit(counts: list[int], limit: int, views: int) -> None:
    windows = plan_windows(counts, limit, views)
    covered = sorted({i for s, e in windows for i in range(s, e)})
    assert covered == list(range(len(counts)))
    for start, end in windows:
        assert end - start == 1 or sum(counts[start:end]) <= limit
    assert [s for s, _ in windows] == sorted(s for s, _ in windows)


@pytest.mark.parametrize("views", [1, 2, 3, 4])
def test_each_inner_word_is_seen_in_as_many_windows_as_asked(views: int) -> None:
    # A word's punctuation is a vote of `views` contexts, except near the text's ends.
    windows = plan_windows([1, 2, 1] * 200, 126, views)
    seen = np.zeros(600, dtype=int)
    for start, end in windows:
        seen[start:end] += 1
    inner = seen[windows[0][1] : windows[-1][0]]
    assert inner.min() >= views and inner.max() <= views + 1


def test_average_weights_the_middle_of_windows() -> None:
    probs = [np.array([[1.0, 0.0]] * 4), np.array([[0.0, 1.0]] * 4)]
    out = average(6, [(0, 4), (2, 6)], probs)
    assert out[0].tolist() == [1.0, 0.0] and out[5].tolist() == [0.0, 1.0]
    assert out[2, 0] > 0.5 and out[3, 1] > 0.5  # each window's middle wins
    assert np.allclose(out.sum(1), 1.0)


@given(st.text(max_size=12))
def test_labels_round_trip_the_word(word: str) -> None:
    lead, core, trail = split_affixes(word)
    assert lead + core + trail == word
    assert CASES[case_class(core)] in CASES
