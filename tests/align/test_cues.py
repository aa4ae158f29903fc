"""build_cues: segmentation rules, cue timing, and the hard-limit invariants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcript_tools.align.check import check_cues
from transcript_tools.align.cues import break_cost, build_cues, layout_cues
from transcript_tools.align.profiles import PROFILES, get_profile
from transcript_tools.errors import FormatError, TimingError
from transcript_tools.formats._words import names_new_speaker, tokenize
from transcript_tools.model import Marker, Sentence, Word
from transcript_tools.normalize.sentences import split_words


def timed(text: str, *, step: int = 300, start: int = 0, speaker: str | None = None) -> list[Word]:
    """Words said one every ``step`` ms."""
    return [Word(t, start + i * step, start + i * step + step - 50, speaker=speaker) for i, t in enumerate(text.split())]


def cue_texts(cues) -> list[str]:
    return [" / ".join(c.lines) for c in cues]


def assert_no_line_ends_on(text: str, forbidden: set[str], *, step: int = 250) -> None:
    """Cues built from ``text`` keep every word in order, and no line ends on a ``forbidden`` word."""
    cues = build_cues(split_words(timed(text, step=step)))
    assert " ".join(" ".join(c.lines) for c in cues) == text
    for cue in cues:
        for line in cue.lines:
            assert line.split()[-1].lower() not in forbidden, cue_texts(cues)


def test_short_sentences_each_get_a_cue() -> None:
    cues = build_cues(split_words(timed("Iran and Russia have little in common. Yet they are close allies.")))
    assert cue_texts(cues) == ["Iran and Russia have little in common.", "Yet they are close allies."]


def test_a_long_sentence_is_split_at_a_clause_boundary_never_inside_a_phrase() -> None:
    text = (
        "Russia and Iran have both held unfriendly relations with the United States for decades, "
        "which began largely due to a coup that replaced the prime minister in 1953."
    )
    assert_no_line_ends_on(text, {"the", "a", "with", "for", "to", "due", "united", "prime"})


@pytest.mark.parametrize(
    ("before", "after", "forbidden"),
    [
        ("the", "house", True),  # article + noun
        ("with", "Russia", True),  # preposition + object
        ("they", "said", True),  # pronoun + verb
        ("will", "go", True),  # auxiliary + verb
        ("Vladimir", "Putin", True),  # first + last name
        ("nuclear", "proliferation", True),  # adjective + noun
        ("heavy", "weaponry", True),
        ("little", "red", True),  # adjective + adjective before their noun
        ("nuclear", "and", False),
        ("able", "to", False),
        ("good", "is", False),  # a predicate adjective ends its phrase
        ("Iran,", "which", False),
        ("relations", "with", False),
        ("Russia", "and", False),
        ("decades.", "The", False),
    ],
)
def test_break_cost_keeps_phrases_together(before: str, after: str, forbidden: bool) -> None:
    assert (break_cost(before, after) >= 20) is forbidden


def test_a_long_sentence_never_ends_a_line_on_an_adjective_before_its_noun() -> None:
    # Each break here would otherwise cost the same as any other between two
    # ordinary words ("economic" / "sanctions").
    text = (
        "As such the government has placed severe economic sanctions on both countries "
        "for violating details of an international agreement on nuclear proliferation."
    )
    assert_no_line_ends_on(text, {"severe", "economic", "international", "nuclear"})


def test_the_adjective_list_is_the_derived_one() -> None:
    from transcript_tools.align import cues

    assert len(cues._ADJECTIVES) > 3000
    assert {"nuclear", "economic", "heavy", "political"} <= cues._ADJECTIVES
    # Words more often something else stay out: verbs' participles, nouns, adverbs.
    assert not {"accepted", "running", "right", "light", "even", "just"} & cues._ADJECTIVES


def test_lines_are_balanced() -> None:
    text = "The two countries were forced to rely on each other for certain types of trade."
    (cue,) = build_cues(split_words(timed(text, step=200)))
    assert len(cue.lines) == 2
    assert abs(len(cue.lines[0]) - len(cue.lines[1])) <= 16, cue.lines


def test_unpunctuated_speech_gets_no_one_word_top_line() -> None:
    # YouTube auto-captions: no punctuation, so no cheap clause break; a lone
    # "welcome" over a full line would still be worse than breaking anywhere.
    (cue,) = build_cues(split_words(timed("welcome to the garden show today we plant tomatoes", step=250)))
    assert cue.lines == ("welcome to the garden show today", "we plant tomatoes")


def test_an_orphan_word_is_merged_into_its_neighbour() -> None:
    cues = build_cues(split_words(timed("Yes. I know exactly what you mean by that.")))
    assert cue_texts(cues) == ["Yes. I know exactly what you mean by that."]


def test_a_named_speaker_change_starts_a_cue_with_a_voice() -> None:
    words = timed("Are you coming?", speaker="Ann") + timed("Yes.", start=1000, speaker="Bob")
    cues = build_cues(split_words(words))
    assert [(c.speaker, c.lines) for c in cues] == [("Ann", ("Are you coming?",)), ("Bob", ("Yes.",))]


def test_a_quick_exchange_shares_a_cue_with_a_line_and_a_dash_for_each_speaker() -> None:
    words = split_words(timed("Are you coming? Yes."))
    assert [c.lines for c in build_cues(words, speaker_changes={3})] == [("- Are you coming?", "- Yes.")]
    assert [c.lines for c in build_cues(words, "dcmp", speaker_changes={3})] == [(">> Are you coming?", ">> Yes.")]


def test_longer_turns_get_cues_of_their_own_the_new_speaker_marked() -> None:
    first = "I wanted to ask whether you are coming with us to the harbour tonight."
    second = "Yes, I will be there as soon as I have finished my work at the office."
    words = split_words(timed(f"{first} {second}"))
    cues = build_cues(words, speaker_changes={len(first.split())})
    assert len(cues) == 2
    assert " ".join(cues[0].lines) == first
    assert " ".join(cues[1].lines) == "- " + second


def test_a_cue_never_holds_three_speakers() -> None:
    words = split_words(timed("Now? Yes. Go!"))
    cues = build_cues(words, speaker_changes={1, 2})
    assert cue_texts(cues) == ["Now?", "- Yes. / - Go!"]


def test_the_first_speaker_and_named_speakers_get_no_mark() -> None:
    words = timed("are you coming", speaker="Ann") + timed("yes I am", start=1000, speaker="Bob")
    cues = build_cues(split_words(words), speaker_changes={0, 3})
    assert [(c.speaker, c.lines) for c in cues] == [("Ann", ("are you coming",)), ("Bob", ("yes I am",))]


def test_the_speaker_change_mark_counts_towards_the_line_length() -> None:
    # 41 characters fit a Netflix line, but not after "- ".
    text = "aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd e"
    words = timed("The meeting is over now, thank you all. " + text)
    cues = build_cues(split_words(words), speaker_changes={8})
    assert all(len(line) <= 42 for cue in cues for line in cue.lines)
    assert cues[1].lines[0].startswith("- aaaaaaaaa") and len(cues[1].lines) == 2


def test_a_sound_tag_in_a_pause_gets_a_cue_of_its_own() -> None:
    words = timed("Welcome back.", start=2000) + timed("Thank you all.", start=6000)
    tags = [Marker("Music", 0, 0), Marker("Applause", 2, 3000)]
    layout = layout_cues(split_words(words), sound_tags=tags)
    assert [(c.start_ms, c.lines) for c in layout.cues] == [
        (0, ("[Music]",)),
        (2000, ("Welcome back.",)),
        (3000, ("[Applause]",)),
        (6000, ("Thank you all.",)),
    ]
    assert layout.cues[0].end_ms <= 2000 and layout.cues[2].end_ms <= 6000
    assert layout.word_cues == (1, 1, 3, 3, 3)


def test_a_sound_tag_is_nobodys_voice_unless_it_opens_a_speakers_cue() -> None:
    words = timed("Hello.", start=3000, speaker="Ann") + timed("Bye.", start=3300, speaker="Bob")
    cues = build_cues(split_words(words), sound_tags=[Marker("Music", 0, 0), Marker("laughs", 1, None)])
    assert [(c.speaker, c.lines) for c in cues] == [(None, ("[Music]",)), ("Ann", ("Hello.",)), ("Bob", ("[laughs] Bye.",))]


def test_a_sound_tag_without_a_pause_opens_the_cue_of_the_speech_after_it() -> None:
    words = timed("I told you so. Very funny indeed.", step=300)
    layout = layout_cues(split_words(words), sound_tags=[Marker("laughter", 4, 1000)])
    assert cue_texts(layout.cues) == ["I told you so.", "[laughter] Very funny indeed."]
    assert layout.cues[1].start_ms == 1150  # the tag cannot start before "so." ends
    assert layout.word_cues == (0, 0, 0, 0, 1, 1, 1)


def test_a_sound_tag_after_the_last_word_is_shown_at_the_end() -> None:
    words = timed("Goodbye.")
    cues = build_cues(split_words(words), sound_tags=[Marker("Music", 1, None)])
    assert cue_texts(cues) == ["Goodbye.", "[Music]"]
    assert cues[1].start_ms >= words[-1].end_ms


SONG = "♪ Never gonna give you up, never gonna let you down, never gonna run around and desert you ♪"


def _strip_notes(text: str) -> list[str]:
    return text.replace("♪", " ").split()


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_lyrics_are_shown_as_written_and_wrap_between_words_with_notes_on_every_cue(name) -> None:
    profile = PROFILES[name]
    words = timed("Wow.", start=30000)
    cues = build_cues(split_words(words), name, sound_tags=[Marker(SONG, 0, 1000)])
    song = [c for c in cues if "Wow." not in c.lines]
    lines = [line for cue in song for line in cue.lines]
    assert all(len(line) <= profile.max_chars_per_line for line in lines)
    assert not any("[" in line or "]" in line for line in lines)
    # Whole words, in order: none cut.
    assert [w for line in lines for w in _strip_notes(line)] == _strip_notes(SONG)
    # Each cue of the song opens and ends with a note, so that it reads back as lyrics, never as words.
    for cue in song:
        assert cue.lines[0].startswith("♪ ") and cue.lines[-1].endswith(" ♪")
        tokens = tokenize("\n".join(cue.lines))
        assert {t.kind for t in tokens} == {"marker"}
        assert [w for t in tokens for w in _strip_notes(t.text)] == [w for line in cue.lines for w in _strip_notes(line)]
    assert len(song) >= 2 and all(c.end_ms - c.start_ms >= 1000 for c in song)
    assert check_cues(cues, name).ok


def test_a_sound_tag_stays_on_a_line_and_one_too_long_is_bracketed_line_by_line() -> None:
    words = timed("I told you so.", start=20000)
    long = "a crowd of people cheering and clapping in the distance"
    cues = build_cues(split_words(words), sound_tags=[Marker(long, 0, 0), Marker("door slams", 4, None)])
    lines = [line for cue in cues for line in cue.lines]
    tags = [line for line in lines if line.startswith("[")]
    assert all(line.endswith("]") and len(line) <= 42 for line in tags) and len(tags) == 3
    assert " ".join(line.strip("[]") for line in tags[:2]) == long and tags[2] == "[door slams]"
    assert [t.text for line in tags[:2] for t in tokenize(line)] == [line.strip("[]") for line in tags[:2]]


def test_lines_of_a_song_share_a_cue_a_line_each_and_their_time() -> None:
    # The reader gives each line of a song its own marker, all at the source cue's start.
    words = timed("Thank you.", start=12000)
    verse = ["Happy birthday to you", "Happy birthday to you", "Happy birthday dear John", "Happy birthday to you"]
    tags = [Marker(f"♪ {line} ♪", 0, 2000) for line in verse]
    layout = layout_cues(split_words(words), sound_tags=tags)
    assert [c.lines for c in layout.cues] == [
        tuple(f"♪ {line} ♪" for line in verse[:2]), tuple(f"♪ {line} ♪" for line in verse[2:]), ("Thank you.",),
    ]  # fmt: skip
    first, second, _ = layout.cues
    assert first.start_ms == 2000 and 6000 < second.start_ms < 8000 and second.end_ms <= 12000
    # Two short lines of a song never share a line.
    (cue, _) = build_cues(split_words(words), sound_tags=[Marker("♪ la la ♪", 0, 9000), Marker("♪ oh ♪", 0, 9000)])
    assert cue.lines == ("♪ la la ♪", "♪ oh ♪")


def test_words_of_no_known_speaker_after_a_named_one_go_on_in_its_cue() -> None:
    # "[Alba] En 1928, la compañía" then "telefónica empezó a contratar.": Alba goes on.
    words = timed("En 1928, la compañía", speaker="Alba") + timed("telefónica empezó a contratar.", start=1200)
    layout = layout_cues([Sentence(tuple(words))])
    assert [(c.speaker, " ".join(c.lines)) for c in layout.cues] == [("Alba", "En 1928, la compañía telefónica empezó a contratar.")]
    # A named speaker after anyone else starts a cue of their own.
    for before, after in ((None, "Alba"), ("Pedro", "Alba")):
        words = timed("Hola, qué tal", speaker=before) + timed("muy bien gracias.", start=900, speaker=after)
        cues = build_cues([Sentence(tuple(words))])
        assert [(c.speaker, c.lines) for c in cues] == [(before, ("Hola, qué tal",)), ("Alba", ("muy bien gracias.",))]


def test_a_word_longer_than_a_line_is_cut_into_pieces() -> None:
    url = "https://example.org/" + "a" * 80
    layout = layout_cues([Sentence(tuple(timed(f"see {url} now")))])
    lines = [line for cue in layout.cues for line in cue.lines]
    assert all(len(line) <= 42 for line in lines)
    assert "".join(lines).replace(" ", "") == f"see{url}now"
    assert len(layout.word_cues) == 3


def test_cues_start_with_their_first_word_and_hold_half_a_second_at_the_end() -> None:
    words = [Word("Hello", 1000, 1400), Word("world.", 1450, 2200)]
    (cue,) = build_cues([Sentence(tuple(words))])
    assert (cue.start_ms, cue.end_ms) == (1000, 2700)


def test_short_gaps_are_chained_to_two_frames() -> None:
    words = timed("This is the first sentence here.", step=300) + timed("And a second one here.", start=2200)
    first, second = build_cues(split_words(words))
    assert second.start_ms - first.end_ms == get_profile("netflix").min_gap_ms
    bbc = build_cues(split_words(words), "bbc")
    assert bbc[1].start_ms == bbc[0].end_ms  # the BBC closes a gap completely


def test_a_word_longer_than_the_maximum_duration_is_cut_short() -> None:
    (cue,) = build_cues([Sentence((Word("Ooooh", 0, 20000),))])
    assert cue.end_ms - cue.start_ms == 7000


def test_profiles_change_the_line_length() -> None:
    text = "Russia and Iran have both held unfriendly relations with the United States for decades."
    for name, profile in PROFILES.items():
        cues = build_cues(split_words(timed(text, step=250)), name)
        assert all(len(line) <= profile.max_chars_per_line for c in cues for line in c.lines), name
        assert check_cues(cues, name).ok


def test_untimed_words_and_unknown_profiles_are_refused() -> None:
    with pytest.raises(TimingError, match="no time"):
        build_cues([Sentence((Word("hello"),))])
    with pytest.raises(FormatError, match="netflix"):
        build_cues(split_words(timed("hello")), "youtube")


# Words: mostly ordinary, some with punctuation, a few longer than any line.
# No word starts with ">", so that a line opening with ">> " is a speaker mark.
_texts = st.one_of(
    st.from_regex(r"\A[A-Za-z'&<é][A-Za-z'&<>é]{0,11}[.,?!]?\Z"),
    st.sampled_from(["the", "and", "of", "I", "is", "Paris", "1953", "—"]),
    st.from_regex(r"\A[a-z]{40,90}\Z"),
)


@st.composite
def timed_transcripts(draw):
    count = draw(st.integers(min_value=0, max_value=60))
    words = []
    time = draw(st.integers(min_value=0, max_value=10000))
    speakers = draw(st.lists(st.sampled_from([None, "Ann", "Bob"]), min_size=1, max_size=3))
    for index in range(count):
        time += draw(st.sampled_from([0, 0, 50, 200, 300, 400, 900, 2500, 12000]))
        duration = draw(st.sampled_from([0, 1, 150, 300, 600, 9000]))
        speaker = speakers[index * len(speakers) // max(count, 1)]
        words.append(Word(draw(_texts), time, time + duration, speaker=speaker))
        time += duration
    changes = draw(st.sets(st.integers(min_value=0, max_value=max(count - 1, 0)), max_size=3))
    tags = draw(
        st.lists(
            st.builds(
                Marker,
                st.sampled_from(["Music", "applause", "laughs", "door slams shut loudly", "♪ la la ♪", SONG,
                                 "a crowd of people cheering and clapping in the distance"]),
                st.integers(min_value=0, max_value=count),
                st.one_of(st.none(), st.integers(min_value=0, max_value=time + 5000)),
            ),
            max_size=3,
        )
    )
    return words, changes, sorted(tags, key=lambda tag: tag.word_index)


def _expected_text(words, tags) -> list[str]:
    """What the cues should show, in order, speaker marks, brackets and notes aside: tags' words and words."""
    shown = []
    for index in range(len(words) + 1):
        shown += [word for tag in tags if tag.word_index == index for word in _strip_notes(tag.label)]
        if index < len(words):
            shown.append(words[index].text)
    return shown


def _shown_text(line: str) -> list[str]:
    """A line's words, brackets and notes aside (the test's words hold neither)."""
    return [word for word in _strip_notes(line.replace("[", " ").replace("]", " "))]


@given(timed_transcripts(), st.sampled_from(sorted(PROFILES)))
def test_cues_keep_every_hard_limit_and_every_word_in_order(transcript, name) -> None:
    words, changes, tags = transcript
    profile = PROFILES[name]
    layout = layout_cues(split_words(words), name, speaker_changes=changes, sound_tags=tags)
    cues = layout.cues
    for before, after in zip(cues, cues[1:]):
        assert before.start_ms < after.start_ms
        assert before.end_ms <= after.start_ms
    for cue in cues:
        assert 0 < cue.end_ms - cue.start_ms <= profile.max_duration_ms
        assert 1 <= len(cue.lines) <= profile.max_lines
        assert all(0 < len(line) <= profile.max_chars_per_line for line in cue.lines)
    mark = profile.speaker_change_mark
    shown = [line for cue in cues for line in cue.lines]
    unmarked = [word for line in shown for word in _shown_text(line.removeprefix(mark))]
    expected = _expected_text(words, tags)
    assert "".join(unmarked) == "".join(expected)
    if all(len(w.text) <= profile.max_chars_per_line - 3 for w in words):
        assert unmarked == expected  # whole words: nothing cut, tags' words included
    # Tags read as tags: brackets closed on every line, each cue's lyrics between notes.
    assert all(line.count("[") == line.count("]") for line in shown)
    assert all(sum(line.count("♪") for line in cue.lines) % 2 == 0 for cue in cues)
    assert all(line.count("♪") <= 2 for line in shown)  # two lines of a song never share a line
    # Every unnamed new speaker is marked; a two-speaker cue marks both lines.
    turns = sum(1 for index in changes if index > 0 and words[index].speaker is None)
    assert turns <= sum(line.startswith(mark) for line in shown) <= 2 * turns
    for cue in cues:
        if any(line.startswith(mark) for line in cue.lines[1:]):
            assert len(cue.lines) == 2 and cue.lines[0].startswith(mark)
    assert list(layout.word_cues) == sorted(layout.word_cues) and len(layout.word_cues) == len(words)
    # A named speaker after anyone else starts a cue; their cue shows their name.
    for index in range(1, len(words)):
        if names_new_speaker(words[index - 1].speaker, words[index].speaker):
            assert layout.word_cues[index] != layout.word_cues[index - 1]
            assert cues[layout.word_cues[index]].speaker == words[index].speaker
    assert check_cues(cues, name).ok
