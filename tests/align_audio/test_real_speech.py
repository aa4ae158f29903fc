"""Real human speech: five LibriVox sentences that pocketsphinx's PyPI sdist ships.

The reference word times are pocketsphinx's own, sentence by sentence (see
``tests/align_audio/librivox.py``); here the five sentences are joined into
one recording and aligned as one transcript, the way a user's file is. Without
network (and no cached archive) the tests are skipped with the reason.
"""

from __future__ import annotations

import logging

import pytest

from tests import realdata
from tests.align_audio.conftest import RATE
from tests.align_audio.librivox import Utterance, utterances
from transcript_tools.align.forced import align_samples
from transcript_tools.model import Transcript, Word

np = pytest.importorskip("numpy")


@pytest.fixture(scope="module")
def reading() -> list[tuple[Utterance, np.ndarray]]:
    from transcript_tools.align.media import load_audio

    try:
        found = utterances()
    except realdata.RealDataUnavailable as error:
        pytest.skip(f"real speech not available (offline?): {error}")
    return [(utterance, load_audio(utterance.wav)) for utterance in found]


def joined(parts: list[tuple[Utterance, np.ndarray]]) -> tuple[np.ndarray, list[int]]:
    """One recording of the parts, and each word's reference onset in it."""
    onsets, offset = [], 0
    for utterance, audio in parts:
        onsets += [offset + onset for onset in utterance.reference_ms]
        offset += len(audio) * 1000 // RATE
    return np.concatenate([audio for _, audio in parts]), onsets


def transcript(parts: list[tuple[Utterance, np.ndarray]]) -> Transcript:
    # Sentence case and a full stop, as a transcript would have them.
    words = []
    for utterance, _ in parts:
        tokens = list(utterance.words)
        tokens[0], tokens[-1] = tokens[0].capitalize(), tokens[-1] + "."
        words += [Word(token) for token in tokens]
    return Transcript(words=tuple(words))


def test_every_word_lands_where_the_reference_puts_it(reading: list[tuple[Utterance, np.ndarray]]) -> None:
    audio, onsets = joined(reading)
    aligned, report = align_samples(transcript(reading), audio)
    errors = np.array([abs(w.start_ms - t) for w, t in zip(aligned.words, onsets)])
    assert report.fallback_segments == 0
    assert report.missing_sentences == ()
    assert np.median(errors) <= 20, errors
    assert errors.max() <= 100, errors


def test_a_sentence_missing_from_real_speech_is_found_missing(
    reading: list[tuple[Utterance, np.ndarray]], caplog: pytest.LogCaptureFixture
) -> None:
    audio, onsets = joined([part for number, part in enumerate(reading) if number != 2])
    with caplog.at_level(logging.WARNING):
        aligned, report = align_samples(transcript(reading), audio)
    assert report.missing_sentences == (2,)
    firsts = np.cumsum([0] + [len(utterance.words) for utterance, _ in reading])
    kept = [first for number, first in enumerate(firsts[:-1]) if number != 2]
    starts = [aligned.words[first].start_ms for first in kept]
    # The joined audio lacks sentence 2, so its reference onsets skip its words.
    truth_firsts = np.cumsum([0] + [len(utterance.words) for number, (utterance, _) in enumerate(reading) if number != 2])
    truth = [onsets[first] for first in truth_firsts[:-1]]
    assert max(abs(s - t) for s, t in zip(starts, truth)) <= 100
