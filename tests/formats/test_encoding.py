"""An encoding the user names: read as it says, without detection; refused when it does not fit."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcript_tools import formats
from transcript_tools.errors import FormatError, ParseError
from transcript_tools.formats import _io
from transcript_tools.formats._io import check_encoding, decode_bytes, read_input

CZECH = "1\n00:00:01,000 --> 00:00:02,000\nŠťastný člověk, žádná starost.\n"


def test_detection_misreads_short_turkish_and_czech_text(data_dir) -> None:
    # Why --encoding exists: both decodings are valid, and the detector picks the wrong one.
    assert _io.detect_encoding((data_dir / "turkish_cp1254.srt").read_bytes()) == "cp1252"
    assert _io.detect_encoding(CZECH.encode("iso-8859-2")) != "iso8859-2"


def test_a_named_encoding_is_read_without_detection_or_warning(data_dir, caplog, monkeypatch) -> None:
    def no_detection(data: bytes) -> str:
        raise AssertionError("detect_encoding was called")

    monkeypatch.setattr(_io, "detect_encoding", no_detection)
    transcript = formats.read(data_dir / "turkish_cp1254.srt", encoding="cp1254")
    assert [cue.text for cue in transcript.cues] == ["İşte böyle.", "Sağ ol, kızım."]
    assert all(letter in transcript.text for letter in "ğşıİ")
    assert formats.read(data_dir / "turkish_cp1254.srt", encoding="Windows-1254").text == transcript.text
    assert decode_bytes(CZECH.encode("iso-8859-2"), encoding="latin2") == CZECH
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_without_a_named_encoding_the_detected_one_is_used_and_named(data_dir, caplog) -> None:
    transcript = formats.read(data_dir / "turkish_cp1254.srt")
    assert transcript.cues[0].text == "İşte böyle.".encode("cp1254").decode("cp1252")
    assert "read as cp1252" in caplog.text


def test_bytes_not_in_the_named_encoding_name_file_line_and_encoding(data_dir) -> None:
    path = data_dir / "turkish_cp1254.srt"
    with pytest.raises(ParseError) as error:
        read_input(path, encoding="utf-8")
    assert error.value.line == 3
    assert str(error.value) == f"{path}:3: expected text in utf-8, but byte 0xdd at column 1 is not utf-8, got '\ufffd\ufffdte b\ufffdyle.'"
    with pytest.raises(ParseError, match=r"x\.srt:2: expected text in ascii, but byte 0xc3 at column 4 is not ascii"):
        decode_bytes(b"ok\r\ncaf\xc3\xa9\r\n", source="x.srt", encoding="ascii")
    with pytest.raises(ParseError, match=r"<bytes>:1: expected text in utf-8, but bytes 0xe2 0x80 at column 1"):
        decode_bytes("’".encode()[:2], encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("cp9999", "unknown encoding 'cp9999'; expected a name like utf-8, cp1252, cp1254 or iso-8859-2"),
        ("", "unknown encoding ''"),
        ("base64", "'base64' is not a text encoding"),
        ("rot13", "'rot13' is not a text encoding"),
    ],
)
def test_an_unknown_encoding_is_a_format_error(data_dir, name, message) -> None:
    with pytest.raises(FormatError, match=message):
        check_encoding(name)
    with pytest.raises(FormatError, match=message):
        formats.read(data_dir / "sample.srt", encoding=name)


@pytest.mark.parametrize(("name", "codec"), [("UTF8", "utf-8"), ("latin2", "iso8859-2"), ("utf-16-le", "utf-16-le"), ("GB2312", "gb2312")])
def test_encoding_names_in_any_spelling(name, codec) -> None:
    assert check_encoding(name) == codec


def test_a_bom_is_dropped_and_nul_bytes_are_text_in_a_named_utf16(tmp_path) -> None:
    srt = "1\r\n00:00:01,000 --> 00:00:02,000\r\nhi\r\n"
    assert decode_bytes(b"\xef\xbb\xbf" + srt.encode(), encoding="utf-8") == srt.replace("\r\n", "\n")
    path = tmp_path / "no_bom.srt"
    path.write_bytes(srt.encode("utf-16-le"))
    assert formats.read(path, encoding="utf-16-le").text == "hi"


SINGLE_BYTE = ["cp1250", "cp1251", "cp1252", "cp1254", "iso-8859-2", "koi8-r"]


@given(st.sampled_from(SINGLE_BYTE), st.data())
def test_text_in_a_named_encoding_decodes_to_itself(encoding, data) -> None:
    # Any text the encoding can hold comes back as it was, line ends made \n.
    alphabet = st.characters(codec=encoding, exclude_categories=("Cs",))
    text = data.draw(st.text(alphabet, max_size=200))
    assert decode_bytes(text.encode(encoding), encoding=encoding) == text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
