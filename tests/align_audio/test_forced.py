"""The aligner on short synthesized clips: onsets, skipped sentences, silence, errors."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from tests.align_audio.conftest import RATE, SENTENCES, Clip, make_clip, write_wav
from transcript_tools.align.forced import align_samples, align_words
from transcript_tools.errors import MediaError, ModelError, TimingError
from transcript_tools.model import Transcript, Word

np = pytest.importorskip("numpy")


def transcript_of(sentences: list[str] | tuple[str, ...]) -> Transcript:
    return Transcript(words=tuple(Word(token) for sentence in sentences for token in sentence.split()))


def sentence_starts(transcript: Transcript, sentences: list[str] | tuple[str, ...]) -> list[int]:
    starts, index = [], 0
    for sentence in sentences:
        starts.append(transcript.words[index].start_ms)
        index += len(sentence.split())
    return starts


def test_sentence_onsets_within_a_tenth_of_a_second(clip: Clip, clip_wav: Path) -> None:
    transcript = transcript_of(clip.sentences)
    aligned = align_words(transcript, clip_wav)
    assert [w.text for w in aligned.words] == [w.text for w in transcript.words]
    errors = [abs(s - t) for s, t in zip(sentence_starts(aligned, clip.sentences), clip.onsets) if t is not None]
    assert max(errors) <= 100, errors
    assert aligned.metadata.duration_ms == len(clip.audio) * 1000 // RATE


def test_words_are_ordered_and_inside_the_audio(clip: Clip) -> None:
    aligned, report = align_samples(transcript_of(clip.sentences), clip.audio)
    spans = [(w.start_ms, w.end_ms) for w in aligned.words]
    assert all(start is not None and end is not None and start <= end for start, end in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert spans[-1][1] <= len(clip.audio) * 1000 // RATE
    assert report.fallback_segments == 0
    # "1953", "U.S." and "CIA" got pronunciations and real durations.
    for text in ("1953", "U.S.", "CIA"):
        word = next(w for w in aligned.words if w.text == text)
        assert word.end_ms - word.start_ms >= 200, word


def test_sentence_missing_from_the_audio_does_not_shift_the_others(
    espeak: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clip = make_clip(SENTENCES, tmp_path, skip=1)
    with caplog.at_level(logging.WARNING):
        aligned, report = align_samples(transcript_of(SENTENCES), clip.audio)
    starts = sentence_starts(aligned, SENTENCES)
    errors = [abs(s - t) for s, t in zip(starts, clip.onsets) if t is not None]
    assert max(errors) <= 250, errors
    assert report.missing_sentences == (1,)
    assert "not found in the audio" in caplog.text
    skipped = aligned.words[len(SENTENCES[0].split())]
    assert skipped.end_ms - skipped.start_ms <= 100


def test_noise_before_speech_is_not_taken_for_words(espeak: str, tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    hum = (1500 * np.sin(2 * np.pi * 220 * np.arange(3 * RATE) / RATE) + rng.normal(0, 300, 3 * RATE)).astype(np.int16)
    clip = make_clip(SENTENCES[:2], tmp_path, noise=hum)
    aligned, _ = align_samples(transcript_of(SENTENCES[:2]), clip.audio)
    errors = [abs(s - t) for s, t in zip(sentence_starts(aligned, SENTENCES[:2]), clip.onsets) if t is not None]
    assert max(errors) <= 150, errors


def test_punctuation_tokens_keep_their_place(clip: Clip) -> None:
    words = list(transcript_of(clip.sentences).words)
    words.insert(3, Word("—"))
    aligned, _ = align_samples(Transcript(words=tuple(words)), clip.audio)
    dash = aligned.words[3]
    assert dash.text == "—"
    assert aligned.words[2].end_ms <= dash.start_ms == dash.end_ms <= aligned.words[4].start_ms


def test_empty_transcript_only_gets_the_duration() -> None:
    aligned, report = align_samples(Transcript(), np.zeros(RATE, dtype=np.int16))
    assert aligned.words == ()
    assert aligned.metadata.duration_ms == 1000
    assert report.words == 0


def test_words_but_no_audio_is_a_timing_error() -> None:
    with pytest.raises(TimingError, match="cannot align 2 words"):
        align_samples(transcript_of(["Hello there."]), np.zeros(10, dtype=np.int16))


def test_missing_media_is_a_media_error(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="no such media file"):
        align_words(transcript_of(["Hello there."]), tmp_path / "absent.wav")


def test_without_pocketsphinx_a_model_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pocketsphinx", None)
    with pytest.raises(ModelError, match=r"pip install 'transcript_tools\[align\]'"):
        align_samples(transcript_of(["Hello there."]), np.zeros(RATE, dtype=np.int16))


def test_stereo_44k_file_aligns_like_the_16k_samples(clip: Clip, tmp_path: Path) -> None:
    from transcript_tools.align.media import load_audio

    # Upsample by repeating samples (crude but exact in time), in two channels.
    up = np.repeat(clip.audio, 11)[:: 4]  # 16000 * 11 / 4 = 44000 Hz
    path = write_wav(tmp_path / "stereo.wav", np.stack([up, up], axis=1), rate=44000, channels=2)
    assert abs(len(load_audio(path)) - len(clip.audio)) <= 2
    aligned = align_words(transcript_of(clip.sentences), path)
    errors = [abs(s - t) for s, t in zip(sentence_starts(aligned, clip.sentences), clip.onsets) if t is not None]
    assert max(errors) <= 100, errors


def test_a_spoken_one_word_sentence_keeps_its_own_time(espeak: str, tmp_path: Path) -> None:
    sentences = ["Good evening, my fellow Americans.", "Check.", "Tonight I want to talk about the state of our union."]
    clip = make_clip(sentences, tmp_path)
    aligned, report = align_samples(transcript_of(sentences), clip.audio)
    check = aligned.words[len(sentences[0].split())]
    assert report.missing_sentences == ()
    assert abs(check.start_ms - clip.onsets[1]) <= 100, (check, clip.onsets)
    assert check.end_ms - check.start_ms >= 150, check


def test_a_failing_segment_does_not_drop_a_spoken_short_sentence(
    espeak: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The segment holding "Check." fails to align for another reason (this
    # voice says "Americans" in a way the model cannot follow). "Check." was
    # heard by the recognition pass, so it is not taken for missing: that
    # would give it no time at all.
    sentences = [
        "In 1953 the U.S. and the CIA faced a world of danger.",
        "Thank you all for coming here tonight.",
        "Check.",
        "Good evening, my fellow Americans.",
    ]
    clip = make_clip(sentences, tmp_path, pause_ms=250)
    with caplog.at_level(logging.WARNING):
        aligned, report = align_samples(transcript_of(sentences), clip.audio)
    assert report.missing_sentences == ()
    assert "not found in the audio" not in caplog.text
    check = aligned.words[sum(len(s.split()) for s in sentences[:2])]
    assert check.text == "Check."
    assert abs(check.start_ms - clip.onsets[2]) <= 250, (check, clip.onsets)
    assert check.end_ms > check.start_ms


def test_a_short_first_word_is_not_left_on_the_sentence_before(espeak: str, tmp_path: Path) -> None:
    # This voice says the second "Our" so briefly that Viterbi puts it on
    # the tail of "secure." and leaves its sound to the pause: the sentence
    # would start where the one before ends, a pause too early.
    sentences = ["Our borders are secure.", "Our families are flourishing."]
    for pause_ms in (300, 900):
        clip = make_clip(sentences, tmp_path, pause_ms=pause_ms, voice=("-v", "en-us+f3", "-s", "165", "-p", "45"))
        aligned, _ = align_samples(transcript_of(sentences), clip.audio)
        errors = [abs(s - t) for s, t in zip(sentence_starts(aligned, sentences), clip.onsets) if t is not None]
        assert max(errors) <= 100, (pause_ms, errors)
        spans = [(w.start_ms, w.end_ms) for w in aligned.words]
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


@pytest.mark.parametrize("extra_at", [1, 2])
def test_speech_missing_from_the_transcript_pulls_no_sentence_into_it(espeak: str, tmp_path: Path, extra_at: int) -> None:
    # The recognizer hears the untranscribed sentence as transcript words;
    # without care the aligner stretches the next sentence back over it.
    sentences = ["Good evening, my fellow Americans.", "Check.", "Tonight I want to talk about the state of our union."]
    spoken = sentences[:extra_at] + ["We will build a stronger economy for every family."] + sentences[extra_at:]
    clip = make_clip(spoken, tmp_path, pause_ms=300, voice=("-v", "en-us+f3", "-s", "165", "-p", "45"))
    onsets = clip.onsets[:extra_at] + clip.onsets[extra_at + 1 :]
    aligned, report = align_samples(transcript_of(sentences), clip.audio)
    errors = [abs(s - t) for s, t in zip(sentence_starts(aligned, sentences), onsets) if t is not None]
    assert max(errors) <= 250, errors
    assert report.missing_sentences == ()


@pytest.mark.parametrize("extra", ["And so we have won.", "That is what we have done."])
def test_untranscribed_speech_right_before_a_sentence_keeps_its_first_words(espeak: str, tmp_path: Path, extra: str) -> None:
    # The recognizer hears the untranscribed sentence as "One" ("won") or
    # "One hundred" ("what we have done"), and the aligner puts those words
    # on it, a second before the sentence really starts.
    sentences = ["Good evening, my fellow Americans.", "One hundred days ago, America’s house was on fire.", "We had to act."]
    spoken = sentences[:1] + [extra] + sentences[1:]
    clip = make_clip(spoken, tmp_path, pause_ms=700, voice=("-v", "en-us+f3", "-s", "165", "-p", "45"))
    onsets = clip.onsets[:1] + clip.onsets[2:]
    aligned, _ = align_samples(transcript_of(sentences), clip.audio)
    errors = [abs(s - t) for s, t in zip(sentence_starts(aligned, sentences), onsets) if t is not None]
    assert max(errors) <= 100, errors


def _with_noise(audio: np.ndarray, snr_db: float, seed: int) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(0, 1, len(audio))
    speech_power = float(np.mean(audio.astype(np.float64) ** 2))
    noise *= np.sqrt(speech_power / 10 ** (snr_db / 10))
    return np.clip(audio + noise, -32768, 32767).astype(np.int16)


def test_cue_starts_in_noise_sit_on_the_onset_not_before_it(clip: Clip) -> None:
    # The model's first state soaks up a frame or two of noise before a
    # word (about 20 ms here); the onset is then taken from where the sound
    # rises out of the pause.
    errors = []
    for seed in (5, 6):
        aligned, _ = align_samples(transcript_of(clip.sentences), _with_noise(clip.audio, 20, seed=seed))
        errors += [abs(s - t) for s, t in zip(sentence_starts(aligned, clip.sentences), clip.onsets) if t is not None]
    assert np.median(errors) <= 10, errors
    assert max(errors) <= 100, errors


def test_music_before_speech_is_not_taken_for_words(espeak: str, tmp_path: Path) -> None:
    # Fifteen seconds of chords in noise and a short pause, as before a programme.
    seconds = np.arange(15 * RATE) / RATE
    chords = sum(np.sin(2 * np.pi * f * seconds * (1 + (seconds // 2) % 3 / 4)) for f in (220, 277, 330))
    music = (2500 * chords * (0.6 + 0.4 * np.sin(2 * np.pi * 2 * seconds)) + np.random.default_rng(3).normal(0, 400, len(seconds)))
    lead = np.concatenate([music.astype(np.int16), np.zeros(RATE * 3 // 10, dtype=np.int16)])
    clip = make_clip(SENTENCES, tmp_path, noise=lead)
    aligned, _ = align_samples(transcript_of(SENTENCES), clip.audio)
    errors = [abs(s - t) for s, t in zip(sentence_starts(aligned, SENTENCES), clip.onsets) if t is not None]
    assert max(errors) <= 100, errors


def test_a_segment_that_fails_whole_is_aligned_piece_by_piece(
    espeak: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in heavy noise: every long segment fails. The pieces cut before
    # sentences that start with an anchored word still align, so nothing is
    # interpolated.
    from transcript_tools.align import forced

    sentences = ["Thank you all for coming here tonight.", *SENTENCES[1:]]
    clip = make_clip(sentences, tmp_path)
    whole = forced._Aligner._align_segment

    def only_short(self: forced._Aligner, first: int, last: int, start_ms: int, end_ms: int) -> object:
        if last - first > 15:
            return None, set()
        return whole(self, first, last, start_ms, end_ms)

    monkeypatch.setattr(forced._Aligner, "_align_segment", only_short)
    monkeypatch.setattr(forced, "_MIN_CUT_GAP_MS", 10**6)  # no cuts at pauses: one segment
    aligned, report = align_samples(transcript_of(sentences), clip.audio)
    errors = [abs(s - t) for s, t in zip(sentence_starts(aligned, sentences), clip.onsets) if t is not None]
    assert max(errors) <= 100, errors
    assert (report.segments, report.fallback_segments) == (1, 0)


def test_a_failing_segment_is_not_joined_across_untranscribed_speech(
    espeak: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The hour-long benchmark: the segment before a stretch of untranscribed
    # speech failed, was joined with the segment after the stretch, and the
    # next sentence ("We're only going to ...") was put on the untranscribed
    # one ("We're going to ..."), 10 s early. A stretch left out of every
    # segment stays out: the failing segment is aligned on its own terms.
    from transcript_tools.align import forced

    sentences = [
        "That's where it was when George W. Bush was President.",
        "We're only going to affect three tenths of 1 percent of all Americans by that action.",
        "And the IRS is going to crack down on millionaires and billionaires who cheat on their taxes.",
    ]
    untranscribed = (
        "We're going to get rid of the loopholes that allow Americans who make more than $400,000 a year"
        " to end up paying a lower tax rate than a teacher or a firefighter."
    )
    clip = make_clip(sentences[:1] + [untranscribed] + sentences[1:], tmp_path, pause_ms=400)
    onsets = clip.onsets[:1] + clip.onsets[2:]
    first_sentence = len(sentences[0].split())
    whole = forced._Aligner._align_segment
    failed: list[tuple[int, int]] = []

    def first_fails(self: forced._Aligner, first: int, last: int, start_ms: int, end_ms: int) -> object:
        if last == first_sentence:
            failed.append((start_ms, end_ms))
            return None, set()
        return whole(self, first, last, start_ms, end_ms)

    monkeypatch.setattr(forced._Aligner, "_align_segment", first_fails)
    aligned, _ = align_samples(transcript_of(sentences), clip.audio)
    # The failing segment ended before the untranscribed sentence's end.
    assert failed and failed[0][1] < onsets[1] - 1000, (failed, onsets)
    errors = [abs(s - t) for s, t in zip(sentence_starts(aligned, sentences), onsets) if t is not None]
    assert max(errors) <= 250, errors
