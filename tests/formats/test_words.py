"""Caption text conventions: dialogue dashes, speaker labels, sound descriptions and lyrics."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcript_tools.formats import plaintext, srt, webvtt
from transcript_tools.formats._words import (
    _SENTENCE_WORDS,
    _SOUND_WORDS,
    SPEAKER_CHANGE,
    TimedPiece,
    Token,
    WordCollector,
    is_description,
    is_name,
    timed_lines,
    tokenize,
    words_from_cues,
)
from transcript_tools.model import Cue, Marker, Transcript, Word


def kinds(text: str) -> list[tuple[str, str]]:
    return [(token.kind, token.text) for token in tokenize(text)]


# Ordinary words in any case, with the punctuation that ends or follows them,
# but none of the characters that mark a convention (":", brackets, notes, ">").
plain_words = st.from_regex(r"\A[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ']{0,9}[.,!?]?\Z")  # letters: not × or ÷
plain_lines = st.lists(plain_words, min_size=1, max_size=8).map(" ".join)


@given(st.lists(plain_lines, min_size=1, max_size=4), st.sampled_from([str.upper, str.lower, str.title, str]))
def test_plain_words_in_any_case_are_only_words(lines, case) -> None:
    text = "\n".join(case(line) for line in lines)
    assert tokenize(text) == [Token("word", word) for word in text.split()]


@given(st.lists(plain_lines, min_size=1, max_size=4), st.sampled_from(["- ", "-", "– ", "— ", ">> "]))
def test_each_dialogue_dash_is_a_speaker_change_and_never_a_word(lines, dash) -> None:
    text = "\n".join(dash + line for line in lines)
    tokens = tokenize(text)
    assert [t for t in tokens if t.kind == "word"] == [Token("word", w) for w in " ".join(lines).split()]
    assert [t for t in tokens if t.kind != "word"] == [Token("speaker", "")] * len(lines)


@pytest.mark.parametrize("line", ["-30 degrees tonight", "—and then", "-", "well-known", "A-B"])
def test_dashes_that_are_not_dialogue_stay_words(line) -> None:
    assert kinds(line) == [("word", word) for word in line.split()]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("well - no", ["well—", "no"]),
        ("So if you look at this - and I mean it - it works.", ["So", "if", "you", "look", "at", "this—", "and", "I", "mean", "it—", "it", "works."]),
        ("and then -- nothing", ["and", "then--", "nothing"]),
        ("yes — no – maybe", ["yes—", "no–", "maybe"]),
        ("-- and then", ["--and", "then"]),
        ("Yes. - No.", ["Yes.—", "No."]),
        ("pre- and post-war", ["pre-", "and", "post-war"]),
    ],
)  # fmt: skip
def test_a_dash_set_apart_between_clauses_is_punctuation_of_a_word(line, expected) -> None:
    assert kinds(line) == [("word", word) for word in expected]


# Whisper's clause dashes: any of the dashes, set apart by spaces, between plain words.
dashes = st.sampled_from(["-", "--", "—", "–"])


@given(st.lists(st.tuples(plain_words, st.one_of(st.none(), dashes)), min_size=1, max_size=10))
def test_a_dash_set_apart_never_adds_or_drops_a_word_and_reads_back_the_same(pieces) -> None:
    text = " ".join(word if dash is None else f"{word} {dash}" for word, dash in pieces)
    tokens = tokenize(text)
    assert all(t.kind == "word" for t in tokens)
    # One word for each word said, holding its dash: nothing added, nothing lost.
    assert [t.text for t in tokens] == [word + ("" if dash is None else "—" if dash == "-" else dash) for word, dash in pieces]
    assert tokenize(" ".join(t.text for t in tokens)) == tokens


def test_a_dash_set_apart_reads_back_from_captions_and_text() -> None:
    text = "1\n00:00:01,000 --> 00:00:03,000\nSo if you look at this - and I mean it\n"
    transcript = srt.parse(text)
    assert [w.text for w in transcript.words] == ["So", "if", "you", "look", "at", "this—", "and", "I", "mean", "it"]
    again = srt.parse(srt.compose(transcript))
    assert again.words == transcript.words and again.cues == transcript.cues
    assert [w.text for w in plaintext.parse(plaintext.compose(transcript)).words] == [w.text for w in transcript.words]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JOHN:\nHello there.", [("speaker", "JOHN"), ("word", "Hello"), ("word", "there.")]),
        ("MAN 1:\nWho's there?", [("speaker", "MAN 1"), ("word", "Who's"), ("word", "there?")]),
        ("Dr. Smith:\nSit down.", [("speaker", "Dr. Smith"), ("word", "Sit"), ("word", "down.")]),
        ("Speaker 2: yes", [("speaker", "Speaker 2"), ("word", "yes")]),
        ("THE PRESIDENT: Thank you.", [("speaker", "THE PRESIDENT"), ("word", "Thank"), ("word", "you.")]),
        (">> JOHN: hi", [("speaker", "JOHN"), ("word", "hi")]),
        ("- SARA: ¿Qué?", [("speaker", "SARA"), ("word", "¿Qué?")]),
        ("- [Alba] Es una emergencia.", [("voice", "Alba"), ("word", "Es"), ("word", "una"), ("word", "emergencia.")]),
        ("JOSÉ:", [("speaker", "JOSÉ")]),
    ],
)
def test_speaker_labels_opening_a_line_or_alone_on_it(text, expected) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "line",
    ["I: think so", "I:", "HERE'S WHAT HE SAID:", "THE ANSWER IS: NO", "Note: this", "Then I:", "WELL:", "Chapter 3:",
     "10:30 tomorrow", "http://example.com", "and then he said: go", "THIS IS WHAT WE DO:", "Transcript:"],
)  # fmt: skip
def test_colons_that_are_not_speaker_labels_stay_words(line) -> None:
    assert kinds(line) == [("word", word) for word in line.split()]


@given(
    st.lists(st.sampled_from(sorted(_SENTENCE_WORDS)), min_size=1, max_size=2),
    st.lists(st.from_regex(r"\A[A-Z]{1,8}\Z"), max_size=2),
    st.booleans(),
)
def test_a_label_holding_a_word_only_sentences_hold_is_no_name(sentence_words, others, alone) -> None:
    name = " ".join([*others, *sentence_words])
    line = f"{name}:" if alone else f"{name}: WE WON"
    assert not is_name(name)
    assert all(token.kind == "word" for token in tokenize(line))


@given(st.sampled_from(sorted(_SOUND_WORDS)), st.sampled_from([str.upper, str.lower, str.title]), st.booleans(), plain_lines)
def test_sound_descriptions_in_parentheses_are_markers_in_any_case(sound, case, first, line) -> None:
    description = case(f"{sound} loudly" if first else f"door {sound}")
    tokens = tokenize(f"{line} ({description}) {line}")
    assert Token("marker", description) in tokens
    assert [t.text for t in tokens if t.kind == "word"] == line.split() * 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(SOUND EFFECT)", [("marker", "SOUND EFFECT")]),
        ("(LAUGHS) Okay.", [("marker", "LAUGHS"), ("word", "Okay.")]),
        ("(laughs)", [("marker", "laughs")]),
        ("(door slams)", [("marker", "door slams")]),
        ("(MAN SHOUTING IN DISTANCE)", [("marker", "MAN SHOUTING IN DISTANCE")]),
        ("[MUSIC]", [("marker", "MUSIC")]),
        ("[ríen emocionadas]", [("marker", "ríen emocionadas")]),
        ("[Music] hello", [("marker", "Music"), ("word", "hello")]),
        ("(NATO) agreed", [("word", "(NATO)"), ("word", "agreed")]),
        ("(AND I MEAN IT)", [("word", "(AND"), ("word", "I"), ("word", "MEAN"), ("word", "IT)")]),
        ("(and I mean it)", [("word", "(and"), ("word", "I"), ("word", "mean"), ("word", "it)")]),
        ("(2)", [("word", "(2)")]),
        ("(WHOOSH)", [("marker", "WHOOSH")]),
        ("(whirring)", [("marker", "whirring")]),
        ("(WHOOSH) Go!", [("word", "(WHOOSH)"), ("word", "Go!")]),
    ],
)
def test_annotations_and_parentheses_that_are_speech(text, expected) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("♪ Never gonna give you up ♪", ["♪ Never gonna give you up ♪"]),
        ("♪♪", ["Music"]),
        ("♪ ♪", ["Music"]),
        ("♪ Happy birthday\nto you ♪", ["♪ Happy birthday ♪", "♪ to you ♪"]),
        ("♪ Happy birthday\n♪ to you ♪", ["♪ Happy birthday ♪", "♪ to you ♪"]),
        ("♪ la la la", ["♪ la la la ♪"]),
        ("dear John ♪", ["♪ dear John ♪"]),
        ("♫ in any case ♫", ["♪ in any case ♪"]),
    ],
)
def test_lyrics_between_notes_are_one_marker_each_line_and_no_words(text, expected) -> None:
    tokens = tokenize(text)
    assert [t.text for t in tokens if t.kind == "marker"] == expected
    assert not [t for t in tokens if t.kind == "word"]


def test_words_around_lyrics_stay_words() -> None:
    assert kinds("I love this song ♪ la la ♪ really") == [
        ("word", "I"), ("word", "love"), ("word", "this"), ("word", "song"),
        ("marker", "♪ la la ♪"), ("word", "really"),
    ]  # fmt: skip


def test_is_description_and_is_name_say_why() -> None:
    assert is_description("SOUND EFFECT") and is_description("upbeat music") and not is_description("NATO")
    assert is_name("MAN 1") and is_name("Dr. Smith") and not is_name("I") and not is_name("Note")
    assert is_name("Jean de la Fontaine") and is_name("Ludwig van Beethoven")
    assert not is_name("de Gaulle said") and not is_name("Then de facto") and not is_name("Go to de")
    assert [(t.kind, t.text) for t in tokenize("Jean de la Fontaine: Bonjour.")] == [
        ("speaker", "Jean de la Fontaine"),
        ("word", "Bonjour."),
    ]


def test_a_bracketed_name_names_the_speaker_of_its_cue_only() -> None:
    cues = [
        Cue(0, 1000, ("[Alba] En 1928,",)),
        Cue(1000, 2000, ("las mujeres",)),
        Cue(2000, 3000, ("JOHN: Hi.",)),
        Cue(3000, 4000, ("Still me.",)),
        Cue(4000, 5000, ("- Yes.", "- No.")),
    ]
    recovered = words_from_cues(cues)
    assert [(w.text, w.speaker) for w in recovered.words] == [
        ("En", "Alba"), ("1928,", "Alba"), ("las", None), ("mujeres", None),
        ("Hi.", "JOHN"), ("Still", "JOHN"), ("me.", "JOHN"), ("Yes.", None), ("No.", None),
    ]  # fmt: skip
    assert recovered.markers == (Marker(SPEAKER_CHANGE, 7, 4000), Marker(SPEAKER_CHANGE, 8, 4000))


def test_dialogue_cues_survive_webvtt_srt_and_text_round_trips() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:03.000\n- Déjala.\n- Tú no te metas. (LLORA A GRITOS)\n\n00:03.000 --> 00:04.000\n[Alba] ¡Corre!\n"
    transcript = webvtt.parse(text)
    assert [w.text for w in transcript.words] == ["Déjala.", "Tú", "no", "te", "metas.", "¡Corre!"]
    assert [(m.label, m.word_index) for m in transcript.markers] == [(">>", 0), (">>", 1), ("LLORA A GRITOS", 5)]
    for module in (webvtt, srt):
        again = module.parse(module.compose(transcript))
        assert (again.words, again.markers) == (transcript.words, transcript.markers)
    # Plain text keeps the dialogue lines apart, so the second dash stays a speaker change.
    written = plaintext.compose(transcript)
    assert written == "0:01 - Déjala.\n- Tú no te metas. (LLORA A GRITOS)\n0:03 [Alba] ¡Corre!\n"
    again = plaintext.parse(written)
    assert [w.text for w in again.words] == [w.text for w in transcript.words]
    assert [(m.label, m.word_index) for m in again.markers] == [(m.label, m.word_index) for m in transcript.markers]


names = st.sampled_from([None, "JOHN", "MAN 1", "Dr. Smith", "Speaker 2"])
labels = st.sampled_from(["Music", "Applause", "SOUND EFFECT", "door slams", "♪ la la ♪", "♪ Never gonna give you up ♪", SPEAKER_CHANGE])


@given(st.lists(st.tuples(plain_words, names), min_size=1, max_size=12), st.lists(st.tuples(labels, st.integers(0, 12)), max_size=4))
def test_plain_text_round_trip_keeps_words_speakers_and_annotations(spoken, tags) -> None:
    words = tuple(Word(text, speaker=speaker) for text, speaker in spoken)
    markers = tuple(sorted((Marker(label, min(index, len(words))) for label, index in tags), key=lambda m: m.word_index))
    # A speaker change before a named speaker says nothing the name does not.
    markers = tuple(m for m in markers if not (m.label == SPEAKER_CHANGE and m.word_index < len(words) and words[m.word_index].speaker))
    again = plaintext.parse(plaintext.compose(Transcript(words=words, markers=markers)))
    assert [w.text for w in again.words] == [w.text for w in words]
    assert [(m.label, m.word_index) for m in again.markers if m.label != SPEAKER_CHANGE] == [
        (m.label, m.word_index) for m in markers if m.label != SPEAKER_CHANGE
    ]


def test_a_dash_set_apart_keeps_word_times_in_word_timed_captions() -> None:
    # YouTube json3/srv3 and TTML spans time each piece; the dash's piece gives no word its time.
    collector = WordCollector()
    pieces = [TimedPiece("no", 0), TimedPiece("-", 500), TimedPiece("no", 1000), TimedPiece("--", 1200), TimedPiece("yes", 1500)]
    collector.add_line(pieces, cue_index=0, start_ms=0, end_ms=2000)
    assert [(w.text, w.start_ms, w.end_ms) for w in collector.result().words] == [
        ("no—", 0, 1000), ("no--", 1000, 1500), ("yes", 1500, 2000),
    ]  # fmt: skip


_SYLLABLES = st.lists(st.text(st.sampled_from("abcé'.,"), min_size=1, max_size=3), min_size=1, max_size=3)


@given(st.lists(st.tuples(_SYLLABLES, st.sampled_from([" ", "  ", " \t "])), min_size=1, max_size=6), st.data())
def test_runs_join_into_a_word_until_whitespace(words, data) -> None:
    # Each word is runs of syllables with nothing between; whitespace of any width parts words.
    runs: list[tuple[str, int | None, int | None]] = []
    expected = []
    clock = 0
    for syllables, space in words:
        times = []
        for syllable in syllables:
            start = clock if data.draw(st.booleans()) else None
            end = clock + 100 if data.draw(st.booleans()) else None
            runs.append((syllable, start, end))
            times.append((start, end))
            clock += 100
        runs.append((space, None, None))
        # The first start the word has (the first syllable's, when it has one); the last syllable's end.
        first_start = next((start for start, _ in times if start is not None), None)
        expected.append(TimedPiece("".join(syllables), first_start, times[-1][1]))
    assert timed_lines(runs) == [expected]
    # Two-part runs (json3, srv3) give the same pieces and starts, and no ends.
    assert timed_lines([(text, start) for text, start, _ in runs]) == [[TimedPiece(p.text, p.start_ms) for p in expected]]
