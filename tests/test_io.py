"""Bad input: empty, binary, badly encoded, huge and disordered files."""

from __future__ import annotations

import codecs
import logging

import pytest

from transcript_tools import formats
from transcript_tools.errors import ParseError, TranscriptError
from transcript_tools.formats import _io
from transcript_tools.formats._io import MAX_INPUT_BYTES, decode_bytes, read_input

SRT = "1\n00:00:01,000 --> 00:00:02,500\nCafé crème, s'il vous plaît\n\n2\n00:00:03,000 --> 00:00:04,000\n“quoted” – dash\n"


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n", b"\xef\xbb\xbf", b"\xff\xfe"])
@pytest.mark.parametrize("name", ["empty.srt", "empty.vtt", "empty.txt", "empty.json", "empty"])
def test_empty_input_is_a_clear_error(tmp_path, content, name) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ParseError) as error:
        formats.read(path)
    assert str(error.value) == f"{path}:1: expected a transcript, but the input is empty"


def test_a_header_only_vtt_is_an_empty_transcript_not_an_error(tmp_path) -> None:
    path = tmp_path / "no_cues.vtt"
    path.write_text("WEBVTT\n\nNOTE nothing was said\n")
    transcript = formats.read(path)
    assert transcript.words == () and transcript.cues == ()


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
    ],
)
def test_binary_files_are_refused(tmp_path, data) -> None:
    path = tmp_path / "talk.srt"
    path.write_bytes(data + bytes(range(256)) * 4)
    with pytest.raises(ParseError, match=r"talk.srt:\d+: expected a text file, but it contains NUL bytes"):
        formats.read(path)


def test_undecodable_bytes_name_the_line(tmp_path) -> None:
    # 0x81 is not UTF-8 and unassigned in cp1252.
    path = tmp_path / "talk.srt"
    path.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:02,000 --> 00:00:03,000\nbad \x81 byte\n")
    with pytest.raises(ParseError) as error:
        formats.read(path)
    assert error.value.line == 7
    assert "expected UTF-8, UTF-16 or text in a legacy encoding such as cp1252" in str(error.value)


def test_cp1252_fallback_warns(tmp_path, caplog) -> None:
    path = tmp_path / "windows.srt"
    path.write_bytes(SRT.encode("cp1252"))
    with caplog.at_level(logging.WARNING):
        transcript = formats.read(path)
    assert transcript.words[0].text == "Café"
    assert transcript.words[-2].text == "“quoted”–"  # the dash set apart is the word's punctuation
    assert f"{path}:3: not valid UTF-8; read as cp1252" in caplog.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_bom_encodings_and_line_ends(tmp_path, encoding, newline) -> None:
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
        "utf-8": codecs.BOM_UTF8,
    }[encoding]
    path = tmp_path / "talk.srt"
    path.write_bytes(bom + SRT.replace("\n", newline).encode(encoding))
    transcript = formats.read(path)
    assert transcript.cues[0].lines == ("Café crème, s'il vous plaît",)
    assert len(transcript.cues) == 2


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_youtube_vtt_with_crlf_and_cr(data_dir, tmp_path, newline) -> None:
    original = formats.read(data_dir / "youtube_auto.vtt")
    path = tmp_path / "talk.vtt"
    path.write_bytes((data_dir / "youtube_auto.vtt").read_text().replace("\n", newline).encode())
    assert formats.read(path).words == original.words


def test_utf16_without_bom_reads_as_binary() -> None:
    with pytest.raises(ParseError, match="NUL bytes"):
        decode_bytes("WEBVTT\n".encode("utf-16-le"), source="x.vtt")


def test_a_100_mb_file_is_refused_at_once(tmp_path) -> None:
    # Built by repeating a block: a real-looking SRT of about 100 MB.
    block = "".join(f"{n}\n00:00:01,000 --> 00:00:02,000\nthe quick brown fox jumps over the lazy dog\n\n" for n in range(1000))
    path = tmp_path / "huge.srt"
    with path.open("w") as handle:
        for _ in range(100 * 2**20 // len(block) + 1):
            handle.write(block)
    size = path.stat().st_size
    assert size >= 100 * 2**20
    with pytest.raises(TranscriptError) as error:
        read_input(path)
    assert str(error.value) == f"{path}: {size / 2**20:.0f} MiB is larger than the 32 MiB a transcript can be; split it first"
    path.unlink()  # 100 MB: do not leave it in pytest's kept temporary folders


def test_huge_stdin_is_refused_without_reading_it_all(monkeypatch) -> None:
    class Endless:
        """Standard input that never ends, as from /dev/zero."""

        requested: list[int] = []

        def read(self, size: int = -1) -> bytes:
            self.requested.append(size)
            return b"a" * size

    stdin = type("Stdin", (), {"buffer": Endless()})()
    monkeypatch.setattr(_io.sys, "stdin", stdin)
    with pytest.raises(TranscriptError, match=r"<stdin>: the input is larger than the 32 MiB a transcript can be"):
        read_input("-")
    assert Endless.requested == [MAX_INPUT_BYTES + 1]


def test_out_of_order_and_overlapping_cues_are_read_and_written_sorted(data_dir, caplog) -> None:
    with caplog.at_level(logging.WARNING):
        transcript = formats.read(data_dir / "out_of_order.srt")
    assert "1 cue(s) start before the cue above them" in caplog.text
    assert transcript.text == "second in time first in time overlapping the first"
    written = formats.parse(formats.compose(transcript, "vtt"), "vtt")
    assert [c.start_ms for c in written.cues] == [1000, 3000, 5000]
    assert written.text == "first in time overlapping the first second in time"


def test_lenient_reading_skips_broken_blocks_and_says_so(data_dir, caplog) -> None:
    with pytest.raises(ParseError) as error:
        formats.read(data_dir / "broken_blocks.srt")
    assert error.value.line == 6 and error.value.found == "00:00:02,000 -> 00:00:03,000"
    with caplog.at_level(logging.WARNING):
        transcript = formats.read(data_dir / "broken_blocks.srt", strict=False)
    assert transcript.text == "fine also fine"
    assert caplog.text.count("skipped") == 2


def test_missing_file_and_directory(tmp_path) -> None:
    with pytest.raises(TranscriptError, match="no such file"):
        formats.read(tmp_path / "nope.srt")
    with pytest.raises(TranscriptError, match="is a directory"):
        formats.read(tmp_path)


# A few sentences in each language, as subtitles made on Windows or by
# Chinese, Japanese and Korean tools were saved before UTF-8.
LEGACY = {
    "cp1252": "Café au lait, s'il vous plaît. Il était une fois une princesse qui s'appelait Hélène. Elle rêvait d'été.",
    "cp1251": "Привет, как дела? Я иду домой. Сегодня хорошая погода, и мы пойдём гулять в парк.",
    "koi8_r": "Привет, как дела? Я иду домой. Сегодня хорошая погода, и мы пойдём гулять в парк.",
    "gb2312": "你好，我们今天去哪里？我想去公园散步，然后吃晚饭。这是一个很好的主意。",
    "big5": "你好，我們今天去哪裡？我想去公園散步，然後吃晚飯。這是一個很好的主意。",
    "shift_jis": "こんにちは、元気ですか？今日は天気がいいので、公園に散歩に行きましょう。",
    "euc_kr": "안녕하세요, 잘 지내세요? 오늘은 날씨가 좋아서 공원에 산책하러 갈 거예요.",
    "cp1250": "Zażółć gęślą jaźń. Dzisiaj jest piękny dzień, idziemy na spacer do parku.",
    "cp1253": "Καλημέρα, τι κάνεις; Σήμερα είναι μια όμορφη μέρα για περίπατο στο πάρκο.",
    "cp1255": "שלום, מה שלומך? היום יום יפה לטיול בפארק עם החברים שלנו.",
    "cp1256": "مرحبا، كيف حالك؟ اليوم يوم جميل للتنزه في الحديقة مع الأصدقاء.",
}


@pytest.mark.parametrize("encoding", sorted(LEGACY))
@pytest.mark.parametrize("cues", [1, 12])
def test_legacy_encodings_are_detected_and_named(tmp_path, caplog, encoding, cues) -> None:
    text = "".join(f"{n + 1}\n00:00:{n:02},000 --> 00:00:{n:02},900\n{LEGACY[encoding]}\n\n" for n in range(cues))
    path = tmp_path / "legacy.srt"
    path.write_bytes(text.encode(encoding))
    with caplog.at_level(logging.WARNING):
        transcript = formats.read(path)
    assert transcript.text == " ".join(LEGACY[encoding].split() * cues)
    detected = _io.detect_encoding(text.encode(encoding))
    assert f"{path}:3: not valid UTF-8; read as {detected}" in caplog.text
    assert text.encode(encoding).decode(detected) == text


def test_a_few_stray_bytes_are_no_evidence_and_read_as_cp1252() -> None:
    # One "ï" says nothing about the language; cp1252 is the common case.
    assert decode_bytes("Naïve\n".encode("cp1252")) == "Naïve\n"
    assert _io.detect_encoding(b"bad \x81 byte") is None


def test_detection_looks_at_the_lines_that_hold_non_ascii_bytes_of_a_large_file() -> None:
    # Thousands of ASCII lines around a few accented ones: the detector's
    # own sampling of the whole file would see mostly timing lines.
    lines = [f"{n}\n00:00:01,000 --> 00:00:02,000\nline number {n} of plain text\n" for n in range(20_000)]
    lines[10_000] = "10000\n00:00:01,000 --> 00:00:02,000\nCE FILM RELATE DES ÉVÉNEMENTS QUI ONT EXISTÉ.\n"
    data = "\n".join(lines).encode("cp1252")
    assert _io.detect_encoding(data) == "cp1252"
