"""Every real third-party file we can fetch: parsed, checked, written and read back.

The files come from pinned package archives (see ``tests/realdata.py``). WebVTT
files are also read with webvtt-py, whose cue times and text ours must match.
"""

from __future__ import annotations

import html
import logging
import re

import pytest
import webvtt as webvtt_py

from tests import realdata
from transcript_tools import formats
from transcript_tools.errors import ParseError
from transcript_tools.formats import srt, transcript_json, webvtt
from transcript_tools.formats._cues import cues_for_writing
from transcript_tools.formats._words import SPEAKER_CHANGE, Token, starts_turn, tokenize
from transcript_tools.pipeline import make_captions
from transcript_tools.timecode import parse_timecode

pytestmark = pytest.mark.network

# Files that are broken on purpose (their names say so, or a real mistake):
# each must give a ParseError naming the file, the line and what was expected.
EXPECTED_ERRORS = {
    "webvtt-py-0.6.0/empty.vtt": (1, "expected a transcript, but the input is empty"),
    "webvtt-py-0.6.0/invalid.vtt": (1, "expected 'WEBVTT' on the first line"),
    "webvtt-py-0.6.0/invalid_format.sbv": (1, "expected a timing line"),
    "webvtt-py-0.6.0/invalid_format1.srt": (2, "expected a timing line"),
    "webvtt-py-0.6.0/invalid_format2.srt": (2, "expected a timing line"),
    "webvtt-py-0.6.0/invalid_format3.srt": (2, "expected a timing line"),
    "webvtt-py-0.6.0/invalid_timeframe.sbv": (7, "expected a timing line"),
    "webvtt-py-0.6.0/invalid_timeframe.srt": (6, "expected timestamps like 00:01:02,500"),
    "webvtt-py-0.6.0/invalid_timeframe.vtt": (6, "expected a timestamp like 00:01:02.500"),
    "webvtt-py-0.6.0/missing_timeframe.sbv": (4, "expected a timing line"),
    "webvtt-py-0.6.0/missing_timeframe.srt": (6, "expected a timing line"),
    "webvtt-py-0.6.0/missing_timeframe.vtt": (6, "expected a cue timing line after the identifier"),
    # A real mistake in both files: a caption ends (16.543) before it starts (17.484).
    "webvtt-py-0.6.0/sample.sbv": (14, "expected the caption to end after it starts"),
    "webvtt-py-0.6.0/missing_caption_text.sbv": (12, "expected the caption to end after it starts"),
}
# Valid files without a spoken word.
NO_WORDS = {
    "webvtt-py-0.6.0/no_captions.vtt",
    "webvtt-py-0.6.0/invalid_format4.srt",  # "some text" then a timing line: an identifier and an empty cue
}
FORMATS_BY_SUFFIX = {".vtt": {"vtt", "youtube_vtt"}, ".srt": {"srt"}, ".sbv": {"sbv"}, ".static": {"srv1"}, ".ttml": {"ttml"}}

KEYS = [f"{archive.name}/{member.rsplit('/', 1)[-1]}" for archive in realdata.ARCHIVES for member in archive.members]
KEYS += [f"{archive.name}/{snippet.name}" for archive in realdata.ARCHIVES for snippet in archive.snippets if ".expected." not in snippet.name]
# Real YouTube auto-captions and the plain text their packages' authors expect from them.
YOUTUBE = {
    "ragtitles-2.0.2/raiders.en.vtt": "ragtitles-2.0.2/raiders.expected.js",
    "vtt-to-text-1.0.1/apple.en.vtt": "vtt-to-text-1.0.1/apple.expected.txt",
}


@pytest.fixture(scope="session")
def real_files():
    try:
        return realdata.all_files()
    except realdata.RealDataUnavailable as error:
        pytest.skip(f"real data not available (offline?): {error}")


def test_every_reader_we_claim_is_covered() -> None:
    suffixes = {key.rsplit(".", 1)[-1] for key in KEYS}
    assert {"vtt", "srt", "sbv", "static"} <= suffixes


@pytest.mark.parametrize("key", [k for k in KEYS if k in EXPECTED_ERRORS])
def test_broken_files_get_a_clear_error(real_files, key) -> None:
    path = real_files[key]
    line, message = EXPECTED_ERRORS[key]
    with pytest.raises(ParseError) as error:
        formats.read(path)
    assert error.value.source == str(path)
    assert error.value.line == line
    assert message in str(error.value)
    assert str(error.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize("key", [k for k in KEYS if k not in EXPECTED_ERRORS])
def test_real_file_invariants_and_round_trips(real_files, key) -> None:
    path = real_files[key]
    transcript = formats.read(path)
    assert transcript.metadata.format in FORMATS_BY_SUFFIX[path.suffix]
    if key in NO_WORDS:
        assert transcript.words == ()
    else:
        assert transcript.words
    for index, cue in enumerate(transcript.cues):
        assert cue.start_ms <= cue.end_ms
        starts = [w.start_ms for w in transcript.words if w.cue_index == index and w.start_ms is not None]
        assert starts == sorted(starts)
    for word in transcript.words:
        assert word.cue_index is None or 0 <= word.cue_index < len(transcript.cues)
        assert word.start_ms is None or word.end_ms is None or word.start_ms <= word.end_ms
    # Our JSON is lossless; WebVTT and SRT keep every word, in time order.
    assert transcript_json.parse(transcript_json.compose(transcript)) == transcript
    in_time_order = [word for _, cue in cues_for_writing(transcript) for word in formats.parse("\n".join(cue.lines) or " ", "txt").words]
    expected = [w.text for w in in_time_order]
    assert [w.text for w in webvtt.parse(webvtt.compose(transcript)).words] == expected
    assert [w.text for w in srt.parse(srt.compose(transcript)).words] == expected


def _webvtt_py_cues(path):
    return [
        (parse_timecode(caption.start), parse_timecode(caption.end), " ".join(html.unescape(caption.text).split()))
        for caption in webvtt_py.read(str(path)).captions
    ]


@pytest.mark.parametrize("key", [k for k in KEYS if k.endswith(".vtt") and k not in EXPECTED_ERRORS])
def test_webvtt_agrees_with_webvtt_py(real_files, key) -> None:
    path = real_files[key]
    ours = formats.read(path)
    theirs = _webvtt_py_cues(path)
    if ours.metadata.format == "vtt":
        assert [(c.start_ms, c.end_ms, " ".join(c.text.split())) for c in ours.cues] == theirs
    else:
        # YouTube's rolling captions: webvtt-py returns every repeat; without
        # the repeated lines, its text is ours.
        lines: list[str] = []
        for caption in webvtt_py.read(str(path)).captions:
            for line in caption.text.split("\n"):
                line = " ".join(html.unescape(line).split())
                if line and (not lines or line != lines[-1]):
                    lines.append(line)
        assert " ".join(lines) == ours.text
        assert len(ours.cues) <= len(theirs)


@pytest.mark.parametrize("key", sorted(YOUTUBE))
def test_youtube_auto_captions_match_their_authors_expected_text(real_files, key) -> None:
    path, expected = real_files[key], real_files[YOUTUBE[key]].read_text()
    if expected.lstrip().startswith("{"):
        expected = " ".join(re.findall(r'text: "(.*?)"', expected))
    transcript = formats.read(path)
    assert transcript.metadata.format == "youtube_vtt"
    assert transcript.text == expected
    assert transcript.has_word_times


@pytest.mark.parametrize("key", sorted(YOUTUBE) + ["webvtt-py-0.6.0/youtube_dl.vtt"])
def test_youtube_word_times_are_the_inline_times(real_files, key) -> None:
    # A naive oracle: a line with inline tags is new speech; its first word
    # starts with the cue, every other word at the tag before it.
    expected = []
    cue_start = None
    for line in real_files[key].read_text().split("\n"):
        timing = re.match(r"^(\S+) --> ", line)
        if timing:
            cue_start = parse_timecode(timing[1])
        elif "<c>" in line and re.search(r"<\d\d:", line):
            head = re.sub(r"<[^>]*>", "", line.split("<", 1)[0]).split()
            expected += [(word, cue_start) for word in head[:1]]
            for time, text in re.findall(r"<(\d\d:[\d:.]+)>((?:(?!<\d).)*)", line):
                expected += [(word, parse_timecode(time)) for word in re.sub(r"<[^>]*>", "", text).split()[:1]]
    ours = [(w.text, w.start_ms) for w in formats.read(real_files[key]).words if w.start_ms is not None]
    if key in YOUTUBE:
        assert ours == expected
    else:
        # Older layout: untagged lines ("yeah") also bring words, timed by their cue.
        remaining = iter(ours)
        assert expected and all(item in remaining for item in expected)


DIALOGUE = ["webvtt-py-0.6.0/netflix_chicas_del_cable.vtt", "pysrt-1.1.2/utf-8.srt", "pysrt-1.1.2/windows-1252.srt"]


@pytest.mark.parametrize("key", DIALOGUE)
def test_dialogue_dashes_are_speaker_changes_not_words(real_files, key) -> None:
    transcript = formats.read(real_files[key])
    assert not [word for word in transcript.words if word.text in ("-", "–", "—")]
    # Every line that opens with a dash and has words starts a new speaker's turn there.
    first_word: dict[int, int] = {}
    for index, word in enumerate(transcript.words):
        first_word.setdefault(word.cue_index, index)
    expected = set()
    for index, cue in enumerate(transcript.cues):
        offset = first_word.get(index, 0)
        for line in cue.lines:
            tokens = tokenize(line)
            count = sum(token.kind == "word" for token in tokens)
            if starts_turn(line) and count and tokens[0] == Token("speaker", ""):
                expected.add(offset)
            offset += count
    changes = {marker.word_index for marker in transcript.markers if marker.label == SPEAKER_CHANGE}
    assert len(expected) > 100
    assert expected <= changes


@pytest.mark.parametrize("key", DIALOGUE[:2])
def test_captions_write_each_speaker_change_as_a_dash_line(real_files, key) -> None:
    # The captions writer (align) gets the dashes as speaker changes and
    # writes the profile's mark: each change opens a line with "- ", and a
    # line opens with it otherwise only as the first speaker of a two-speaker cue.
    captions = make_captions(formats.read(real_files[key]), profile="netflix", normalizer=None).transcript
    assert not [word for word in captions.words if word.text in ("-", "–", "—")]
    changes = {marker.word_index for marker in captions.markers if marker.label == SPEAKER_CHANGE}
    opened, first_of_pair = set(), set()
    for index, cue in enumerate(captions.cues):
        words = [i for i, word in enumerate(captions.words) if word.cue_index == index]
        offset = 0
        for number, line in enumerate(cue.lines):
            count = sum(token.kind == "word" for token in tokenize(line))
            if line.startswith("- ") and count:
                opened.add(words[offset])
                if number == 0 and len(cue.lines) == 2 and cue.lines[1].startswith("- "):
                    first_of_pair.add(words[offset])
            offset += count
    assert len(changes) > 100
    assert changes <= opened
    assert opened - changes <= first_of_pair


def test_bracketed_speaker_names_in_netflix_subtitles_name_their_cue(real_files) -> None:
    transcript = formats.read(real_files["webvtt-py-0.6.0/netflix_chicas_del_cable.vtt"])
    # "[Alba] <i>En 1928,</i>": the narrator, named for that cue only.
    assert [(w.text, w.speaker) for w in transcript.words[:3]] == [("En", "Alba"), ("1928,", "Alba"), ("las", None)]
    speakers = {word.speaker for word in transcript.words} - {None}
    assert {"Alba", "Pedro", "Beltrán"} <= speakers
    # "[ríen emocionadas]" (they laugh, thrilled) is a sound, not a name.
    assert "ríen emocionadas" in {marker.label for marker in transcript.markers}
    assert not [word for word in transcript.words if word.text.startswith("[")]


def test_gb2312_subtitles_are_detected_and_read_as_chinese(real_files, caplog) -> None:
    path = real_files["srt-3.5.3/gb2312.srt"]
    with caplog.at_level(logging.WARNING):
        transcript = formats.read(path)
    assert f"{path}:3: not valid UTF-8; read as gb18030" in caplog.text
    # The oracle: the file decoded with the encoding its name says.
    assert transcript == srt.parse(path.read_bytes().decode("gb2312"), source=str(path))
    assert transcript.words[0].text == "宇宙守护神"


def test_windows_1252_subtitles_still_read_as_cp1252(real_files, caplog) -> None:
    path = real_files["pysrt-1.1.2/windows-1252.srt"]
    with caplog.at_level(logging.WARNING):
        transcript = formats.read(path)
    assert "read as cp1252 (Windows-1252)" in caplog.text
    assert transcript == srt.parse(path.read_bytes().decode("cp1252"), source=str(path))
    assert "ÉVÉNEMENTS" in transcript.text


def test_unpadded_webvtt_timestamps_are_read_with_a_warning_and_written_padded(real_files, caplog) -> None:
    # WebVTT wants "00:00:03.540"; this file has "0:0:3.540" and "0:1:5.2", which webvtt-py accepts.
    path = real_files["webvtt-py-0.6.0/non_padded_timestamps.vtt"]
    with caplog.at_level(logging.WARNING):
        transcript = formats.read(path)
    assert f"{path}:4: timestamps not padded like 00:00:01.500 ('0:0:0.0 --> 0:0:3.540', 3 timing line(s) in all)" in caplog.text
    assert [(c.start_ms, c.end_ms) for c in transcript.cues] == [(0, 3540), (3540, 7230), (65200, 3727950)]
    written = webvtt.compose(transcript)
    assert "00:01:05.200 --> 01:02:07.950" in written
    caplog.clear()
    assert webvtt.parse(written).cues == transcript.cues
    assert "not padded" not in caplog.text
