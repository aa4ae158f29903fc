"""normalize(): punctuation and casing change, words and times never do."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcript_tools.errors import ModelError
from transcript_tools.formats import read
from transcript_tools.model import Marker, Transcript, Word
from transcript_tools.normalize import (
    ModelRestorer,
    Prediction,
    default_restorer,
    is_punctuated,
    normalize,
    split_sentences,
)
from transcript_tools.normalize.labels import split_affixes
from transcript_tools.normalize.punctuation import MODEL_DIR

SEED = "seeker_iran_russia_alliance.txt"


def bare(text: str) -> str:
    """A word's letters and inner marks, lowercase: what normalization may not change."""
    return split_affixes(text)[1].lower()


def fake_restorer(words: Sequence[str]) -> list[Prediction]:
    """Ends a sentence after every fifth word and shouts every word with a q."""
    return [Prediction("." if i % 5 == 4 else "," if i % 7 == 6 else "", w.upper() if "q" in w else w) for i, w in enumerate(words)]


def assert_same_words(before: Transcript, after: Transcript) -> None:
    assert len(after.words) == len(before.words)
    for old, new in zip(before.words, after.words):
        assert bare(new.text) == bare(old.text)
        assert (new.start_ms, new.end_ms, new.speaker, new.cue_index) == (old.start_ms, old.end_ms, old.speaker, old.cue_index)
    assert after.markers == before.markers and after.cues == before.cues and after.metadata == before.metadata


raw_words = st.text(alphabet="abcdefqxyz'-.", min_size=1, max_size=8).filter(lambda t: not t.isspace())


@st.composite
def raw_transcripts(draw) -> Transcript:
    texts = draw(st.lists(raw_words, min_size=1, max_size=60))
    words, time = [], 0
    for index, text in enumerate(texts):
        length = draw(st.integers(0, 900))
        words.append(Word(text, time, time + length, speaker=draw(st.sampled_from([None, "A", "B"])), cue_index=index // 7))
        time += length + draw(st.integers(0, 300))
    return Transcript(words=tuple(words))


@given(raw_transcripts())
def test_fake_restorer_changes_only_punctuation_and_case(transcript: Transcript) -> None:
    assert_same_words(transcript, normalize(transcript, restorer=fake_restorer))


@settings(max_examples=25, deadline=None)
@given(raw_transcripts())
def test_real_model_changes_only_punctuation_and_case(transcript: Transcript) -> None:
    assert_same_words(transcript, normalize(transcript))


def test_times_speakers_and_cues_are_kept_on_the_seed_sample(samples_dir: Path) -> None:
    transcript = read(samples_dir / SEED)
    assert_same_words(transcript, normalize(transcript))


def test_seed_sample_gets_names_acronyms_and_sentences(samples_dir: Path) -> None:
    transcript = read(samples_dir / SEED)
    assert not is_punctuated(transcript.words)
    normalized = normalize(transcript)
    words = [split_affixes(w.text)[1] for w in normalized.words]
    assert "iran" not in words and words.count("Iran") >= 10
    assert "U.S" in words and "u.s" not in words
    assert "CIA-backed" in words and "NATO" in words
    sentences = split_sentences(normalized)
    assert len(sentences) >= 20
    for sentence in sentences:
        first = next(c for c in sentence.text if c.isalpha())
        assert first.isupper(), sentence.text
        assert sentence.text[-1] in ".?!", sentence.text
    assert sum(w.text.endswith(",") for w in normalized.words) >= 15
    assert any(w.text.endswith("?") for w in normalized.words)
    assert normalized.words[0].text == "Iran"


def test_already_punctuated_input_is_returned_unchanged() -> None:
    text = "So, what did Whisper say? It said: hello there. and then it stopped, mostly."
    transcript = Transcript(words=tuple(Word(t, i * 100) for i, t in enumerate(text.split())))
    assert is_punctuated(transcript.words)
    assert normalize(transcript, restorer=fake_restorer) == transcript


def test_the_restorer_is_not_called_for_punctuated_or_empty_input() -> None:
    def refuse(words: Sequence[str]) -> list[Prediction]:
        raise AssertionError("called")

    assert normalize(Transcript(), restorer=refuse) == Transcript()
    punctuated = Transcript(words=(Word("Yes."),))
    assert normalize(punctuated, restorer=refuse) == punctuated


def test_speaker_change_and_the_end_close_sentences() -> None:
    words = tuple(Word(t) for t in "hello there how are you".split())
    transcript = Transcript(words=words, markers=(Marker(">>", 2), Marker("Music", 4)))
    out = normalize(transcript, restorer=lambda ws: [Prediction("", w) for w in ws])
    assert out.text == "Hello there. How are you."
    assert out.markers == transcript.markers


def test_capitals_in_the_input_are_evidence_unless_everything_is_upper() -> None:
    keep = normalize(Transcript(words=tuple(Word(t) for t in "we met in Iran".split())), restorer=lambda ws: [Prediction("", w.lower()) for w in ws])
    assert keep.text == "We met in Iran."
    shouting = normalize(Transcript(words=tuple(Word(t) for t in "WE MET IN IRAN".split())), restorer=lambda ws: [Prediction("", w.lower()) for w in ws])
    assert shouting.text == "We met in iran."


def test_a_restorer_may_not_change_letters_or_miscount() -> None:
    transcript = Transcript(words=(Word("colour"), Word("i")))
    out = normalize(transcript, restorer=lambda ws: [Prediction("", "color"), Prediction("?", "i")])
    assert out.text == "Colour I?"
    with pytest.raises(ModelError, match="1 predictions for 2 words"):
        normalize(transcript, restorer=lambda ws: [Prediction("", "x")])


def test_remove_fillers_drops_hesitations_and_repeats_and_moves_markers() -> None:
    words = tuple(Word(t, i * 10) for i, t in enumerate("um so the the plan uh works".split()))
    transcript = Transcript(words=words, markers=(Marker("Music", 5),))
    out = normalize(transcript, restorer=lambda ws: [Prediction("", w) for w in ws], remove_fillers=True)
    assert out.text == "So the plan works."
    assert [w.start_ms for w in out.words] == [10, 20, 40, 60]
    assert out.markers == (Marker("Music", 3),)
    assert normalize(transcript, restorer=lambda ws: [Prediction("", w) for w in ws]).text.startswith("Um so the the")


def test_removing_fillers_from_punctuated_text_keeps_its_sentences() -> None:
    # Whisper-style text: a dropped filler's period moves to the word before, its capital to the next.
    text = 'Um, so we went there uh. Uh, then we we left. And and it was "fine," um. Right?'
    words = tuple(Word(t, i * 10) for i, t in enumerate(text.split()))
    out = normalize(Transcript(words=words), restorer=lambda ws: pytest.fail("punctuated text needs no model"),
                    remove_fillers=True)
    assert out.text == 'So we went there. Then we left. And it was "fine." Right?'
    assert [w.start_ms for w in out.words][:4] == [10, 20, 30, 40]


def test_the_model_loads_once() -> None:
    assert default_restorer() is default_restorer()


def test_missing_or_corrupt_model_files_give_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="broken punctuation model"):
        ModelRestorer(tmp_path)
    for name in ("config.json", "vocab.txt", "lexicon.json"):
        shutil.copy(MODEL_DIR / name, tmp_path / name)
    with pytest.raises(ModelError, match="cannot load"):
        ModelRestorer(tmp_path)
    (tmp_path / "restorer.onnx").write_bytes(b"not a model" * 100)
    with pytest.raises(ModelError, match="cannot load"):
        ModelRestorer(tmp_path)
    (tmp_path / "config.json").write_text("{", encoding="utf-8")
    with pytest.raises(ModelError, match="broken punctuation model"):
        ModelRestorer(tmp_path)


def test_model_predicts_questions_and_periods() -> None:
    restorer = default_restorer()
    words = "what time is it i think it is late".split()
    marks = [p.punctuation for p in restorer(words)]
    assert marks[3] == "?" and marks[-1] == "."
    assert restorer([]) == []


def test_lone_symbols_take_no_punctuation_and_do_not_count_as_punctuation() -> None:
    words = tuple(Word(t) for t in "so - we went ... home & back -".split())
    transcript = Transcript(words=words, markers=(Marker(">>", 2),))
    assert not is_punctuated(words)
    out = normalize(transcript, restorer=lambda ws: [Prediction("," if w == "-" else "", w) for w in ws])
    assert out.text == "So. - We went ... home & back. -"


def test_split_contractions_are_read_as_one_word() -> None:
    words = "i 'm sure it 's fine do n't you think".split()
    predictions = default_restorer()(words)
    assert [p.punctuation for p in predictions][:2] == ["", ""]
    assert predictions[0].text == "I" and predictions[1].text == "m"
    out = normalize(Transcript(words=tuple(Word(w) for w in words)))
    assert out.text.startswith("I 'm sure") and out.text.endswith("?")


def test_a_stray_mark_in_raw_captions_is_kept_and_the_rest_restored(data_dir: Path) -> None:
    transcript = read(data_dir / "youtube_auto.vtt")
    assert "peppers?" in [w.text for w in transcript.words]
    assert not is_punctuated(transcript.words)
    out = normalize(transcript, restorer=lambda ws: [Prediction("," if w.startswith("peppers") else "", w) for w in ws])
    assert_same_words(transcript, out)
    texts = [w.text for w in out.words]
    assert "peppers?" in texts and "Peppers," in texts
    assert texts[0] == "Welcome"


def test_dotted_acronyms_take_question_marks_and_commas_but_no_second_period() -> None:
    words = tuple(Word(t) for t in "what about the u.s. and the u.s. then the u.s.".split())
    marks = {3: "?", 6: ",", 9: "."}
    out = normalize(Transcript(words=words), restorer=lambda ws: [Prediction(marks.get(i, ""), w) for i, w in enumerate(ws)])
    assert out.text == "What about the u.s.? And the u.s., then the u.s."


def test_the_model_may_add_capitals_to_the_inputs_but_not_remove_them() -> None:
    words = tuple(Word(t) for t in "fighting Isis in Iran".split())
    out = normalize(Transcript(words=words), restorer=lambda ws: [Prediction("", w.upper() if w == "Isis" else w.lower()) for w in ws])
    assert out.text == "Fighting ISIS in Iran."


def test_more_windows_per_word_still_give_one_prediction_per_word() -> None:
    # 400 words need several windows; each word is averaged over `views` of them.
    words = ("so what do you think about the plan i think it works well " * 31).split()[:400]
    one, two, three = (ModelRestorer(views=v, threads=1)(words) for v in (1, 2, 3))
    assert len(one) == len(two) == len(three) == 400
    assert [p.text.lower() for p in three] == words
    agree = sum(a.punctuation == b.punctuation for a, b in zip(two, three))
    assert agree >= 0.9 * len(words)


def test_punctuated_but_uncased_recognizer_output_is_restored_keeping_its_marks() -> None:
    # Some recognizers (AWS Transcribe in npm aws-transcription-to-vtt's test data)
    # punctuate sparsely and leave the pronoun and names in lowercase.
    text = "This is the show. so i think, we went to texas with john and i said no. i'm sure of it."
    transcript = Transcript(words=tuple(Word(t, i * 300) for i, t in enumerate(text.split())))
    assert not is_punctuated(transcript.words)
    out = normalize(transcript)
    assert_same_words(transcript, out)
    texts = [w.text for w in out.words]
    assert texts.count("I") == 2 and "I'm" in texts
    bare = [split_affixes(t)[1] for t in texts]
    assert "Texas" in bare and "John" in bare
    assert "think," in texts and texts[-1] == "it."
