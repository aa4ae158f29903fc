"""YouTube auto-caption WebVTT: every spoken word once, in order, with its time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcript_tools import formats
from transcript_tools.errors import ParseError
from transcript_tools.formats import youtube_vtt
from transcript_tools.timecode import format_timecode

# (word, start_ms) for tests/data/youtube_auto.vtt, which holds all three kinds
# of auto-caption cue: rolling cues with inline times, 10 ms transition cues,
# and cues that only repeat a line; plus [Music], a line without inline times,
# a word said again as a line of its own, and a >> speaker change.
EXPECTED = [
    ("welcome", 1510), ("to", 2100), ("the", 2400), ("garden", 2700), ("show", 3000),
    ("today", 3959), ("we", 4300), ("plant", 4600), ("tomatoes", 5000),
    ("seriously", 6000),
    ("what", 9400), ("about", 9800), ("peppers?", 10200),
    ("peppers", 11010), ("too", 11600),
]  # fmt: skip


def test_every_word_once_in_order_with_start_times(data_dir) -> None:
    transcript = formats.read(data_dir / "youtube_auto.vtt")
    assert transcript.metadata.format == "youtube_vtt"
    assert transcript.metadata.language == "en"
    assert [(w.text, w.start_ms) for w in transcript.words] == EXPECTED
    assert transcript.has_word_times


def test_end_times_are_next_start_capped_by_the_cue(data_dir) -> None:
    words = formats.read(data_dir / "youtube_auto.vtt").words
    ends = {w.text: w.end_ms for w in words}
    assert ends["welcome"] == 2100  # the next word's start
    assert ends["show"] == 3949  # the end of its cue, before the 10 ms transition
    assert ends["seriously"] == 7000  # not stretched over the pause to 9400
    assert ends["too"] == 12500  # the last word ends with its cue
    assert all(w.start_ms <= w.end_ms for w in words)


def test_markers_and_speaker_change(data_dir) -> None:
    transcript = formats.read(data_dir / "youtube_auto.vtt")
    assert [(m.label, m.word_index, m.start_ms) for m in transcript.markers] == [
        ("Music", 0, 0),
        (">>", 10, 9000),
    ]


def test_cues_are_the_spoken_lines_without_repeats(data_dir) -> None:
    transcript = formats.read(data_dir / "youtube_auto.vtt")
    assert [cue.text for cue in transcript.cues] == [
        "[Music]",
        "welcome to the garden show",
        "today we plant tomatoes",
        "seriously",
        ">> what about peppers?",
        "peppers too",
    ]
    # Converting writes clean captions: each line once.
    vtt = formats.compose(transcript, "vtt")
    assert vtt.count("tomatoes") == 1
    assert formats.parse(vtt, "vtt").text == transcript.text


def test_detection_prefers_youtube_for_inline_times(data_dir) -> None:
    text = (data_dir / "youtube_auto.vtt").read_text()
    assert formats.detect_format(text) == "youtube_vtt"
    assert not youtube_vtt.sniff("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n")
    assert formats.detect_format("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n") == "vtt"


def test_colour_spans_and_missing_blank_line(data_dir) -> None:
    # The older layout (webvtt-py's youtube_dl.vtt): <c.colorXXXXXX> spans, and
    # a cue whose text runs straight into the next timing line.
    transcript = formats.read(data_dir / "youtube_colour_spans.vtt")
    assert transcript.metadata.format == "youtube_vtt"
    assert transcript.text == "yeah what this will happen is I'm telling you"
    assert [w.start_ms for w in transcript.words][2:6] == [304080, 304199, 304379, 304620]


def test_rolling_layout_without_inline_times_is_detected_and_read_once() -> None:
    cues = [("00:00:01.000", "00:00:03.000", [" ", "so today we are"]), ("00:00:03.000", "00:00:05.000", ["so today we are", "going to plant"]),
            ("00:00:05.000", "00:00:07.000", ["going to plant", "some tomatoes"]), ("00:00:07.000", "00:00:09.000", ["some tomatoes", "in the garden"])]  # fmt: skip
    text = "WEBVTT\nKind: captions\nLanguage: en\n\n" + "".join(f"{a} --> {b} align:start position:0%\n" + "\n".join(lines) + "\n\n" for a, b, lines in cues)
    assert formats.detect_format(text) == "youtube_vtt"
    transcript = formats.parse(text)
    assert transcript.text == "so today we are going to plant some tomatoes in the garden"
    assert [w.start_ms for w in transcript.words if w.start_ms is not None] == [1000, 3000, 5000, 7000]


def test_a_cue_sent_twice_gives_its_words_once() -> None:
    cue = "00:00:01.000 --> 00:00:02.000 align:start position:0%\n \nhello<00:00:01.500><c> world</c>\n\n"
    text = "WEBVTT\n\n" + cue + cue + "00:00:02.000 --> 00:00:03.000 align:start position:0%\nhello world\nagain<00:00:02.500><c> here</c>\n"
    assert youtube_vtt.parse(text).text == "hello world again here"


def test_a_growing_line_gives_only_its_new_words() -> None:
    text = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:02.000 align:start position:0%\nso we\n\n"
        "00:00:02.000 --> 00:00:03.000 align:start position:0%\nso we went home\n\n"
        "00:00:03.000 --> 00:00:04.000 align:start position:0%\nso we went home\nlater<00:00:03.500><c> on</c>\n"
    )
    transcript = youtube_vtt.parse(text)
    assert transcript.text == "so we went home later on"
    assert [w.start_ms for w in transcript.words] == [1000, None, 2000, None, 3000, 3500]


def test_broken_timing_line_names_file_and_line_or_is_skipped(caplog) -> None:
    text = (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:02.000 align:start position:0%\n \nhello<00:00:01.500><c> world</c>\n\n"
        "00:00:02.000 --> 00:0x:03.000 align:start position:0%\nhello world\nbroken<00:00:02.500><c> cue</c>\n\n"
        "00:00:03.000 --> 00:00:04.000 align:start position:0%\n \nlast<00:00:03.500><c> words</c>\n"
    )
    with pytest.raises(ParseError) as error:
        youtube_vtt.parse(text, source="talk.en.vtt")
    assert error.value.line == 7 and error.value.source == "talk.en.vtt"
    assert "talk.en.vtt:7: expected a timestamp" in str(error.value)
    transcript = youtube_vtt.parse(text, source="talk.en.vtt", strict=False)
    assert transcript.text == "hello world last words"
    assert "skipped" in caplog.text


def test_missing_header() -> None:
    with pytest.raises(ParseError, match=r"x.vtt:1: expected 'WEBVTT'"):
        youtube_vtt.parse("00:00:01.000 --> 00:00:02.000\nhi<00:00:01.500><c> there</c>\n", source="x.vtt")


# --- property: render words the way YouTube does, read them back -------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz'?,.", min_size=1, max_size=8).filter(lambda w: any(c.isalpha() for c in w))


@st.composite
def spoken_lines(draw):
    """Lines of (word, start_ms), times strictly increasing, and whether each line has inline times."""
    count = draw(st.integers(min_value=1, max_value=40))
    gaps = draw(st.lists(st.integers(min_value=30, max_value=3000), min_size=count, max_size=count))
    words, time = [], draw(st.integers(min_value=0, max_value=10_000))
    for gap in gaps:
        time += gap
        words.append((draw(_word), time))
    # Split into lines of 1..7 words; YouTube also repeats a word as a whole line.
    lines, index = [], 0
    while index < len(words):
        size = draw(st.integers(min_value=1, max_value=7))
        lines.append((words[index : index + size], draw(st.booleans()) or size == 1))
        index += size
    return lines


def render_youtube(lines) -> str:
    """WebVTT as YouTube writes auto-captions: rolling cue, 10 ms transition cue."""
    out = ["WEBVTT", "Kind: captions", "Language: en", ""]
    previous = " "
    for number, (words, inline) in enumerate(lines):
        start = words[0][1]
        end = lines[number + 1][0][0][1] - 10 if number + 1 < len(lines) else words[-1][1] + 500
        if inline:
            text = words[0][0] + "".join(f"<{format_timecode(t)}><c> {w}</c>" for w, t in words[1:])
        else:
            text = " ".join(w for w, _ in words)
        plain = " ".join(w for w, _ in words)
        out += [f"{format_timecode(start)} --> {format_timecode(end)} align:start position:0%", previous, text, ""]
        out += [f"{format_timecode(end)} --> {format_timecode(end + 10)} align:start position:0%", plain, " ", ""]
        previous = plain
    return "\n".join(out)


@given(spoken_lines())
def test_rendered_rolling_captions_read_back_exactly(lines) -> None:
    transcript = youtube_vtt.parse(render_youtube(lines))
    expected = []
    for words, inline in lines:
        for position, (word, start) in enumerate(words):
            expected.append((word, start if inline or position == 0 else None))
    assert [(w.text, w.start_ms) for w in transcript.words] == expected
    assert len(transcript.cues) == len(lines)
    known = [w.start_ms for w in transcript.words if w.start_ms is not None]
    assert known == sorted(known)
    for word in transcript.words:
        if word.start_ms is not None and word.end_ms is not None:
            assert word.start_ms <= word.end_ms
