"""Format detection: by content (stdin, wrong or missing extension) and by extension."""

from __future__ import annotations

import io
import shutil
import sys

import pytest

from transcript_tools import formats
from transcript_tools.errors import ParseError

# Every readable format and a file of it.
FILES = {
    "youtube_vtt": "youtube_auto.vtt",
    "vtt": "sample.vtt",
    "json3": "youtube_auto.json3",
    "whisper": "whisper_openai.json",
    "srv3": "youtube_auto.srv3",
    "srv1": "youtube.srv1",
    "ttml": "sample.ttml",
    "srt": "sample.srt",
    "sbv": "sample.sbv",
}
MORE = {
    "whisper": ["faster_whisper_segments.json", "whisperx.json", "whisper_cpp.json", "whisper_segments_only.json"],
    "ttml": ["sample.dfxp"],
    "json3": ["youtube_manual.json3"],
    "youtube_vtt": ["youtube_colour_spans.vtt"],
}
ALL = [(name, file) for name, file in FILES.items()] + [(name, file) for name, files in MORE.items() for file in files]


def test_every_readable_format_has_a_test_file() -> None:
    assert set(formats.READABLE_FORMATS) == set(FILES) | {"json", "txt"}


@pytest.mark.parametrize(("name", "file"), ALL)
def test_detected_by_content(data_dir, name, file) -> None:
    assert formats.detect_format((data_dir / file).read_text(encoding="utf-8")) == name


@pytest.mark.parametrize(("name", "file"), ALL)
def test_content_wins_over_a_wrong_extension(data_dir, tmp_path, name, file) -> None:
    wrong = tmp_path / "transcript.txt"
    shutil.copy(data_dir / file, wrong)
    transcript = formats.read(wrong)
    assert transcript.metadata.format == name
    assert transcript.words == formats.read(data_dir / file).words


@pytest.mark.parametrize(("name", "file"), ALL)
def test_read_from_stdin(data_dir, monkeypatch, name, file) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((data_dir / file).read_bytes())))
    transcript = formats.read("-")
    assert transcript.metadata.format == name
    assert transcript.metadata.source == "<stdin>"


def test_our_json_and_plain_text(samples_dir, tmp_path) -> None:
    original = formats.read(samples_dir / "seeker_iran_russia_alliance.txt")
    assert original.metadata.format == "txt"
    path = tmp_path / "out.data"
    formats.write(original, path, "json")
    assert formats.detect_format(path.read_text()) == "json"
    assert formats.read(path).words == original.words


@pytest.mark.parametrize(
    ("extension", "name"),
    [(".vtt", "vtt"), (".srt", "srt"), (".sbv", "sbv"), (".ttml", "ttml"), (".dfxp", "ttml"), (".xml", "ttml"),
     (".json3", "json3"), (".srv3", "srv3"), (".srv1", "srv1"), (".json", "json"), (".txt", "txt"), (".VTT", "vtt")],
)  # fmt: skip
def test_format_for_path(extension, name) -> None:
    assert formats.format_for_path(f"talk.en{extension}") == name


@pytest.mark.parametrize(
    ("extension", "message"),
    [(".srt", "expected a timing line"), (".sbv", "expected a timing line"), (".vtt", "expected 'WEBVTT'"),
     (".ttml", "expected a TTML document"), (".srv3", "expected an srv3 document"), (".json3", "expected json3")],
)  # fmt: skip
def test_unrecognised_content_with_an_extension_gets_that_formats_error(tmp_path, extension, message) -> None:
    path = tmp_path / f"broken{extension}"
    path.write_text("this is not what the extension says\nat all\n")
    with pytest.raises(ParseError, match=message) as error:
        formats.read(path)
    assert error.value.source == str(path)


def test_named_format_overrides_detection(data_dir) -> None:
    # Read YouTube's file as plain WebVTT on purpose: the rolling repeats stay.
    transcript = formats.read(data_dir / "youtube_auto.vtt", "vtt")
    assert transcript.metadata.format == "vtt"
    assert transcript.text.count("tomatoes") > 1
