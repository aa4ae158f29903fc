"""TTML / DFXP: namespaces, clock, frame, tick and offset times, speakers."""

from __future__ import annotations

from fractions import Fraction

import pytest

from transcript_tools import formats
from transcript_tools.errors import ParseError
from transcript_tools.formats import ttml
from transcript_tools.formats.ttml import Rates, parse_time


def test_times_metadata_and_speakers(data_dir) -> None:
    transcript = formats.read(data_dir / "sample.ttml")
    assert transcript.metadata.format == "ttml"
    assert transcript.metadata.language == "en-GB"
    assert transcript.metadata.title == "The garden show"
    # body begin="1s" shifts every paragraph; 2:12 at 25 fps is 2.48 s; 40000000t at 10 MHz is 4 s.
    assert [(c.start_ms, c.end_ms) for c in transcript.cues] == [
        (1500, 3000), (3480, 5000), (6000, 7500), (361000, 391000), (361000, 363000),
    ]  # fmt: skip
    assert transcript.cues[0].lines == ("Welcome to the", "garden show")
    assert transcript.cues[0].speaker == "Ann Gardener" and transcript.cues[0].identifier == "c1"
    assert {w.speaker for w in transcript.words if w.cue_index == 0} == {"Ann Gardener"}
    assert {w.speaker for w in transcript.words if w.cue_index == 1} == {None}
    # XML whitespace collapses; spans keep their text.
    assert transcript.cues[1].lines == ("today we plant",)
    # Spans with begin= give word times.
    assert [(w.text, w.start_ms, w.end_ms) for w in transcript.words if w.cue_index == 2] == [
        ("tomatoes", 6000, 6500), ("and", 6500, 7000), ("peppers", 7000, 7500),
    ]  # fmt: skip


def test_dfxp_namespace_and_markers(data_dir) -> None:
    transcript = formats.read(data_dir / "sample.dfxp")
    assert transcript.metadata.format == "ttml" and transcript.metadata.language == "en"
    assert transcript.cues[1].lines == ("MAN: When we think", "of E equals m c-squared,")
    assert transcript.words[0].speaker == "MAN"
    assert [m.label for m in transcript.markers] == ["clock ticking"]
    assert transcript.text.startswith("When we think of E equals")


@pytest.mark.parametrize(
    ("expression", "rates", "expected"),
    [
        ("00:00:01.5", Rates(), 1500),
        ("01:02:03.004", Rates(), 3723004),
        ("00:00:01:15", Rates(frame_rate=Fraction(30)), 1500),
        ("00:00:00:15.1", Rates(frame_rate=Fraction(30), sub_frame_rate=2), 517),
        ("30f", Rates(frame_rate=Fraction(30000, 1001)), 1001),
        ("2.5h", Rates(), 9000000),
        ("1.25m", Rates(), 75000),
        ("1500ms", Rates(), 1500),
        ("0.0015s", Rates(), 2),
        ("90000t", Rates(tick_rate=Fraction(90000)), 1000),
    ],
)
def test_time_expressions(expression, rates, expected) -> None:
    assert parse_time(expression, rates) == expected


@pytest.mark.parametrize("expression", ["1.5", "00:61:00", "1:00:00", "abc", "-1s", "1.5x"])
def test_bad_time_expressions(expression) -> None:
    with pytest.raises(ValueError):
        parse_time(expression)


def test_errors_name_file_and_line(caplog) -> None:
    text = '<tt xmlns="http://www.w3.org/ns/ttml"><body><div>\n<p begin="1s" end="2s">one</p>\n<p begin="soon" end="3s">two</p>\n<p begin="3s">three</p>\n</div></body></tt>'
    with pytest.raises(ParseError) as error:
        ttml.parse(text, source="show.ttml")
    assert str(error.value) == "show.ttml:3: expected a TTML time in begin= (like 00:00:01.500, 1.5s or 30f), got 'soon'"
    transcript = ttml.parse(text, source="show.ttml", strict=False)
    assert transcript.text == "one"
    assert caplog.text.count("skipped") == 2
    with pytest.raises(ParseError, match=r"show.ttml:2: expected a TTML document \(well-formed XML"):
        ttml.parse('<tt xmlns="http://www.w3.org/ns/ttml">\n<body><p begin="1s" end="2s">one</body></tt>', source="show.ttml")
    with pytest.raises(ParseError, match="expected a TTML <tt> root element"):
        ttml.parse("<html/>")
    with pytest.raises(ParseError, match="ttp:frameRate"):
        ttml.parse('<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:frameRate="0"/>')


@pytest.mark.parametrize(
    ("expression", "expected"),
    [("19.764", 19764), ("0", 0), ("3:26.660", 206660), ("0:05", 5000), ("1:02:03.5", 3723500), ("1.5s", 1500), ("00:00:01.5", 1500)],
)
def test_apple_music_times_are_read_leniently(expression, expected) -> None:
    assert parse_time(expression, lenient=True) == expected


@pytest.mark.parametrize("expression", ["1:61.0", "1:75:00", "0:5", "abc", "-1", "1.5x", ""])
def test_lenient_times_still_refuse_what_is_no_time(expression) -> None:
    with pytest.raises(ValueError):
        parse_time(expression, lenient=True)


def test_times_without_a_unit_are_seconds_with_one_warning(caplog) -> None:
    text = (
        '<tt xmlns="http://www.w3.org/ns/ttml"><body><div>\n'
        '<p begin="1.5" end="2.25">one</p>\n<p begin="3" end="1:04.5">two</p>\n</div></body></tt>'
    )
    transcript = ttml.parse(text, source="lyrics.ttml")
    assert [(c.start_ms, c.end_ms, c.text) for c in transcript.cues] == [(1500, 2250, "one"), (3000, 64500, "two")]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and warnings[0].startswith("lyrics.ttml:2: times without a unit")
    assert warnings[0].endswith("(begin='1.5')")
    with pytest.raises(ParseError, match=r"lyrics.ttml:2: expected a TTML time in begin="):
        ttml.parse(text.replace('"1.5"', '"1.5.5"'), source="lyrics.ttml")


def test_times_inside_a_div_count_from_its_begin_unless_they_only_fit_it_as_they_are(caplog) -> None:
    template = '<tt xmlns="http://www.w3.org/ns/ttml"><body><div begin="10s" end="20s">\n<p begin="{}" end="{}">{}</p>\n<p begin="{}" end="{}">{}</p>\n</div></body></tt>'
    relative = ttml.parse(template.format("1s", "2s", "one", "5s", "9s", "two"))
    assert [(c.start_ms, c.end_ms) for c in relative.cues] == [(11000, 12000), (15000, 19000)]
    assert not caplog.records
    # Counted from 10 s, the second paragraph (15-19 s) would run past the div's end; as they are, both fit inside it.
    absolute = ttml.parse(template.format("10s", "12s", "one", "15s", "19s", "two"), source="apple.ttml")
    assert [(c.start_ms, c.end_ms) for c in absolute.cues] == [(10000, 12000), (15000, 19000)]
    assert "absolute" in caplog.text


def test_warnings_and_errors_name_the_line_of_their_element(caplog) -> None:
    text = (
        '<?xml version="1.0"?>\n<!-- a <p> in a comment -->\n<tt xmlns="http://www.w3.org/ns/ttml">\n<head><metadata><p>not a cue</p></metadata></head>\n'
        '<body>\n<div begin="10" end="20">\n<p begin="1s" end="2s">one</p>\n<p begin="5s" end="9s">\ntwo\n<span begin="1x">three</span></p>\n</div></body></tt>'
    )
    # The div's off-spec time is on line 6; the first <p> tag (of any kind) is on line 2, the first cue on 7.
    with pytest.raises(ParseError, match=r"^show.ttml:10: expected a TTML time in begin= .*, got '1x'$"):
        ttml.parse(text, source="show.ttml")
    assert [r.getMessage() for r in caplog.records] == [
        "show.ttml:6: times without a unit or in minutes:seconds are not TTML times; read as Apple Music means them (begin='10')"
    ]
    caplog.clear()
    transcript = ttml.parse(text.replace(' begin="1x"', ""), source="show.ttml")
    assert [c.start_ms for c in transcript.cues] == [11000, 15000]
    text = text.replace('<p begin="5s" end="9s">', '<p\nbegin="5s">')
    with pytest.raises(ParseError, match=r"^show.ttml:8: expected begin= and end= \(or dur=\) on <p>"):
        ttml.parse(text, source="show.ttml")
    with pytest.raises(ParseError, match=r"^show.ttml:3: expected a TTML <tt> root element, got '<body>'"):
        ttml.parse('<?xml version="1.0"?>\n\n<body/>', source="show.ttml")
    rates = '<?xml version="1.0"?>\n\n<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:tickRate="0"/>'
    with pytest.raises(ParseError, match=r"^show.ttml:3: expected valid ttp:frameRate"):
        ttml.parse(rates, source="show.ttml")


def test_syllable_spans_without_whitespace_are_one_word(data_dir, caplog) -> None:
    # Apple Music's form: each syllable a span, words apart only by a space.
    transcript = formats.read(data_dir / "apple_syllables.ttml")
    assert [(w.text, w.start_ms, w.end_ms) for w in transcript.words] == [
        ("Hello", 1000, 1700),  # "Hel" + "lo": from the first span's begin to the last one's end
        ("there,", 1800, 2400),  # ends with its span, not at the next word
        ("before", 3000, 4200),
        ("Angel", 5000, 6000),
        ("of", 7000, 7500),
        ("music", 7600, 8300),
        ("one", 9000, 9400),  # xml:space="preserve" keeps both spaces; either way they part words
        ("two", 9500, 9900),
    ]
    assert [c.text for c in transcript.cues] == ["Hello there, before", "Angel of music", "one two"]
    assert {w.speaker for w in transcript.words} == {"The Band"}


def test_a_span_ends_its_last_word_and_dur_counts_from_its_begin() -> None:
    text = (
        '<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="10s" end="20s">'
        '<span begin="0s" end="1s">you were</span> <span begin="2s" dur="0.5s">he<span begin="0.2s">re</span></span>'
        ' and <span begin="5s">then</span> <span begin="6s" end="7s">Hel</span>lo</p></div></body></tt>'
    )
    words = [(w.text, w.start_ms, w.end_ms) for w in ttml.parse(text).words]
    # "you" has no end of its own (the next start); a word whose last part is untimed text ends at the next start.
    assert words == [
        ("you", 10000, None), ("were", None, 11000), ("here", 12000, 12500), ("and", None, 15000),
        ("then", 15000, 16000), ("Hello", 16000, 20000),
    ]  # fmt: skip


def _seconds(value: str) -> int:
    """Apple's times, read independently of the reader: seconds, or minutes:seconds."""
    minutes, _, seconds = value.rpartition(":")
    return round((int(minutes or 0) * 60 + float(seconds)) * 1000)


@pytest.mark.network
def test_apple_music_lyrics_read_as_apple_means_them(caplog) -> None:
    from xml.etree import ElementTree

    from tests import realdata

    (archive,) = [a for a in realdata.ARCHIVES if a.name == "pysubs2-1.8.1"]
    try:
        path = realdata.files(archive)["ttml_example_apple.ttml"]
    except realdata.RealDataUnavailable as error:
        pytest.skip(f"real data not available (offline?): {error}")
    transcript = formats.read(path)
    namespace = "{http://www.w3.org/ns/ttml}"
    paragraphs = list(ElementTree.parse(path).getroot().iter(f"{namespace}p"))
    # pysubs2's reading (ignore_par_time_offset=True, its ttml_example_apple.ass) has 38 lines too.
    assert len(transcript.cues) == len(paragraphs) == 38
    assert [(c.start_ms, c.end_ms) for c in transcript.cues] == [(_seconds(p.get("begin")), _seconds(p.get("end"))) for p in paragraphs]
    # The file is indented: every span, syllables too, has XML whitespace after it, which parts words
    # (pysubs2 too reads "be fore"); Apple's own files write syllables of a word with nothing between.
    assert transcript.cues[0].text == "When you were here be fore" and transcript.cues[-1].text == "I don't be long here"
    assert len(transcript.words) == sum(len("".join(p.itertext()).split()) for p in paragraphs) == 191
    assert {c.speaker for c in transcript.cues} == {"Radiohead"}
    # Every span gives its first word its own (absolute) start.
    spans = [s for p in paragraphs for s in p.iter(f"{namespace}span")]
    starts = sorted({w.start_ms for w in transcript.words if w.start_ms is not None})
    assert starts == sorted({_seconds(s.get("begin")) for s in spans})
    # ... and its last word its end (8 words end before the next begins, at a pause).
    words = iter(transcript.words)
    last_words = [[next(words) for _ in s.text.split()][-1] for s in spans]
    assert [w.end_ms for w in last_words] == [_seconds(s.get("end")) for s in spans]
    for word in transcript.words:
        cue = transcript.cues[word.cue_index]
        assert cue.start_ms <= (word.start_ms if word.start_ms is not None else cue.start_ms) <= cue.end_ms
    # Each warning names the element it is about: the first <div> has the first off-spec time.
    lines = path.read_text(encoding="utf-8").split("\n")
    div = next(n for n, line in enumerate(lines, start=1) if "<div" in line)
    messages = [r.getMessage() for r in caplog.records]
    assert messages[:2] == [
        f"{path}:{div}: times without a unit or in minutes:seconds are not TTML times; read as Apple Music means them (begin='19.764')",
        f"{path}:{div}: times inside a <div begin end> are absolute (they fit it only so); read as Apple Music means them",
    ]
    assert messages[2] == f"{path}:{div + 1}: times inside a <p begin end> are absolute (they fit it only so); read as Apple Music means them"
