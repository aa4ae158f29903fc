"""Bytes in, text out; text in, file out. Shared by every format module."""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from transcript_tools.errors import FormatError, ParseError, TranscriptError

__all__ = [
    "MAX_INPUT_BYTES",
    "atomic_write_text",
    "check_encoding",
    "decode_bytes",
    "detect_encoding",
    "line_of_json_item",
    "load_json",
    "read_input",
]

logger = logging.getLogger(__name__)

# Transcripts of even very long recordings are a few MB (a 10-hour talk is about
# 1 MB of SRT). Parsing costs about 25 bytes of memory per byte of input and
# 0.7 s per MB: a 20 MB SRT took 13 s and 530 MB, so 100 MB would take over a
# minute and gigabytes. A larger file is refused at once with a clear message.
MAX_INPUT_BYTES = 32 * 1024 * 1024

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

# Legacy encodings of subtitle files, most common first: the tie-break when
# the bytes fit several about as well (short files often do).
_COMMON_ENCODINGS = (
    "cp1252", "gb18030", "big5", "cp932", "cp949", "cp1251", "cp1250", "cp1253", "cp1254",
    "cp1255", "cp1256", "cp1257", "cp1258", "cp874", "koi8_r", "euc_jis_2004", "iso8859_15",
)  # fmt: skip
_ENCODING_NAMES = {
    "cp1252": " (Windows-1252)", "gb18030": " (GB18030, which covers GB2312 and GBK)", "big5": " (Big5)",
    "cp932": " (Shift JIS)", "cp949": " (EUC-KR)", "cp1251": " (Windows-1251)", "cp1250": " (Windows-1250)",
}  # fmt: skip
# A JSON string, a character that opens, closes or separates a container, or
# a number or literal: all that locating a value needs (colons are skipped).
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[][{},]|[^\s"[\]{},:]+')
_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")
_SAMPLE_BYTES = 64 * 1024


def decode_bytes(data: bytes, *, source: str = "<bytes>", encoding: str | None = None) -> str:
    r"""Decode a transcript file's bytes to text with ``\n`` line ends.

    UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM are read as such.
    Other bytes are in a legacy encoding: Windows-made subtitles are often
    cp1252, Chinese ones GB2312/GBK, Russian ones cp1251. The encoding is
    detected (see :func:`detect_encoding`) and named in a warning. NUL bytes
    without a UTF-16 BOM mean a binary file.

    Detection can pick the wrong one of two encodings that both decode the
    bytes (short Turkish text in cp1254 reads as cp1252, Czech ISO-8859-2
    as cp1250): ``encoding`` names the encoding instead, and then nothing
    is detected and nothing warned.

    Args:
        data: The raw file contents.
        source: Name used in error messages.
        encoding: A Python codec name (``"cp1254"``, ``"iso-8859-2"``), or
            ``None`` to detect it.

    Returns:
        The text, BOM removed, CRLF and CR converted to LF.

    Raises:
        ParseError: for binary or undecodable input, or bytes that are not
            in the named encoding (naming their line).
        FormatError: when ``encoding`` names no text encoding.

    Example:
        >>> decode_bytes("Sağ ol".encode("cp1254"), encoding="cp1254")
        'Sağ ol'
        >>> try:
        ...     decode_bytes(b"ok\nnot \x81 ok", source="x.srt", encoding="cp1252")
        ... except ParseError as error:
        ...     print(ascii(str(error)))  # ascii: the line as read has U+FFFD for the byte
        "x.srt:2: expected text in cp1252, but byte 0x81 at column 5 is not cp1252, got 'not \ufffd ok'"
    """
    if encoding is not None:
        text = _decode_as(data, check_encoding(encoding), encoding, source).removeprefix("\ufeff")
    elif data.startswith(codecs.BOM_UTF8):
        text = _decode(data[len(codecs.BOM_UTF8) :], "utf-8", source)
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # Before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one.
        text = _decode(data, "utf-32", source)
    elif data.startswith(_UTF16_BOMS):
        text = _decode(data, "utf-16", source)
    elif b"\x00" in data[:8192]:
        raise ParseError(
            "expected a text file, but it contains NUL bytes (binary data or UTF-16 without BOM)",
            source=source,
            line=_line_of(data, data.index(b"\x00")),
        )
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            detected = detect_encoding(data)
            if detected is None:
                raise ParseError(
                    "expected UTF-8, UTF-16 or text in a legacy encoding such as cp1252 or GB18030",
                    source=source,
                    line=_line_of(data, error.start),
                    found=repr(data[error.start : error.start + 8]),
                ) from None
            text = data.decode(detected)
            logger.warning(
                "%s:%d: not valid UTF-8; read as %s%s, the encoding it looks like (convert it to UTF-8 to be sure)",
                source,
                _line_of(data, error.start),
                detected,
                _ENCODING_NAMES.get(detected, ""),
            )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_encoding(name: str) -> str:
    """The Python codec name of a text encoding, for an encoding a user names.

    Args:
        name: An encoding name in any of Python's spellings (``"Windows-1254"``, ``"latin2"``).

    Returns:
        The codec's own name (``"cp1254"``, ``"iso8859-2"``).

    Raises:
        FormatError: when Python knows no such encoding, or it is not one of
            text (``"base64"``).

    Example:
        >>> check_encoding("Windows-1254"), check_encoding("latin2")
        ('cp1254', 'iso8859-2')
        >>> check_encoding("cp9999")
        Traceback (most recent call last):
        ...
        transcript_tools.errors.FormatError: unknown encoding 'cp9999'; expected a name like utf-8, cp1252, cp1254 or iso-8859-2
    """
    try:
        codec = codecs.lookup(name)
    except LookupError:
        raise FormatError(
            f"unknown encoding {name!r}; expected a name like utf-8, cp1252, cp1254 or iso-8859-2"
        ) from None
    try:
        # Only bytes.decode tells a text encoding from a bytes-to-bytes codec (base64, zlib).
        b" ".decode(codec.name)
    except LookupError:
        raise FormatError(f"{name!r} is not a text encoding; expected a name like utf-8, cp1252 or cp1254") from None
    except UnicodeDecodeError:
        pass  # a text encoding of more than one byte a character (UTF-16)
    return codec.name


def _decode_as(data: bytes, codec: str, name: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line_end = data.find(b"\n", error.start)
        line = data[line_start : line_end if line_end >= 0 else len(data)]
        bad = " ".join(f"0x{byte:02x}" for byte in data[error.start : error.end])
        byte = "bytes" if error.end - error.start > 1 else "byte"
        raise ParseError(
            f"expected text in {name}, but {byte} {bad} at column {error.start - line_start + 1} is not {name}",
            source=source,
            line=_line_of(data, error.start),
            found=line.decode(codec, errors="replace").rstrip("\r"),
        ) from None


def detect_encoding(data: bytes) -> str | None:
    r"""The legacy encoding that ``data`` (not UTF-8) is most likely in.

    charset-normalizer measures how plausible each decoding is. It looks
    only at the lines holding non-ASCII bytes (at most 64 KiB of them):
    timing lines and English words say nothing about the encoding, and the
    detector's own sampling of a large file can miss the few lines that
    do. Decodings that are about as plausible are ranked by the language
    evidence, then by how common the encoding is for subtitles (cp1252
    first), and the first one that decodes the whole file wins. With under
    eight non-ASCII bytes and no language evidence, the bytes cannot tell:
    cp1252 is tried alone.

    Args:
        data: Bytes that are not valid UTF-8.

    Returns:
        A Python codec name, or ``None`` when no encoding decodes the bytes.

    Example:
        >>> detect_encoding("宇宙守护神  保护我们远离邪恶\n他能徒手抓住子弹  拦住疾速的火车".encode("gb2312"))
        'gb18030'
        >>> detect_encoding("Café crème".encode("cp1252"))
        'cp1252'
    """
    collected = bytearray()
    for match in _NON_ASCII_LINE.finditer(data):
        collected += match.group() + b"\n"
        if len(collected) >= _SAMPLE_BYTES:
            break
    sample = bytes(collected)
    candidates: list[str] = []
    # Imported here: only files that are not UTF-8 need it, and it would add
    # to every start-up.
    import charset_normalizer

    results = list(charset_normalizer.from_bytes(sample))
    if results:
        least = min(result.chaos for result in results)
        close = sorted(
            (result for result in results if result.chaos <= least + 0.01),
            key=lambda result: (-round(result.coherence, 2), _commonness(result.encoding)),
        )
        if close[0].coherence > 0 or sum(byte > 0x7F for byte in sample) >= 8:
            candidates = [result.encoding for result in close]
    for encoding in [*candidates, "cp1252"]:
        if _decodes(data, encoding):
            # Where a more common encoding reads the same text ("É" is one
            # byte in both cp1250 and cp1252), name that one.
            text = sample.decode(encoding)
            same = (
                common
                for common in _COMMON_ENCODINGS[: _commonness(encoding)]
                if sample.decode(common, errors="replace") == text and _decodes(data, common)
            )
            return next(same, encoding)
    return None


def _commonness(encoding: str) -> int:
    return _COMMON_ENCODINGS.index(encoding) if encoding in _COMMON_ENCODINGS else len(_COMMON_ENCODINGS)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ParseError(
            f"expected valid {encoding.upper()} after the byte order mark",
            source=source,
            found=repr(data[error.start : error.start + 8]),
        ) from None


def load_json(text: str, *, source: str, what: str) -> object:
    """The JSON document in ``text``, or a ParseError saying where it breaks.

    Args:
        text: The whole file.
        source: File name for the message.
        what: The format expected, for the message ("Whisper JSON").

    Raises:
        ParseError: naming the line and column where the JSON is broken.

    Example:
        >>> load_json('{"a": 1}', source="x.json", what="JSON")
        {'a': 1}
        >>> load_json('{"a": "b', source="x.json", what="Whisper JSON")
        Traceback (most recent call last):
        ...
        transcript_tools.errors.ParseError: x.json:1: expected Whisper JSON, but the JSON is broken: \
unterminated string starting at column 7
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        # json's messages end in " at" where it meant to add the position.
        problem = re.sub(r"\s+at$", "", error.msg)
        problem = problem[:1].lower() + problem[1:]
        raise ParseError(
            f"expected {what}, but the JSON is broken: {problem} at column {error.colno}",
            source=source,
            line=error.lineno,
        ) from None


def line_of_json_item(text: str, path: Sequence[str | int]) -> int | None:
    """The line where the value at ``path`` begins in a JSON document.

    ``json`` keeps no positions of the values it returns; this scans the
    text again for them, so only a reader that has something to report
    pays for it. An object or array begins at its ``{`` or ``[``, a
    string, number or literal at its first character.

    Args:
        text: A well-formed JSON document.
        path: Keys and list indexes from the top, as in
            ``("segments", 3, "words", 0)``; ``()`` is the document itself.

    Returns:
        The 1-based line number, or ``None`` when there is no such value.

    Example:
        >>> document = '{"segments": [\\n{"words": [\\n{"word": "a"}, {"word": "b"}]},\\n{"start":\\n-1}]}'
        >>> line_of_json_item(document, ("segments", 0, "words", 1)), line_of_json_item(document, ("segments", 1))
        (3, 4)
        >>> line_of_json_item(document, ("segments", 1, "start")), line_of_json_item('[{}, [1, 2]]', (3,)) is None
        (5, True)
    """
    target = tuple(path)
    kinds: list[str] = []
    # Per open container: the key being read (None between items) or the index.
    where: list[str | int | None] = []
    found = None
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in ("}", "]"):
            if not kinds:
                break
            kinds.pop()
            where.pop()
            if found is not None and len(where) < len(target):
                break  # the value's container closed: no key repeats it now
        elif token == ",":
            if kinds and kinds[-1] == "[" and isinstance(where[-1], int):
                where[-1] += 1
            elif kinds:
                where[-1] = None
        elif kinds and kinds[-1] == "{" and where[-1] is None:
            where[-1] = json.loads(token)  # a key
        else:
            if tuple(where) == target:
                found = text.count("\n", 0, match.start()) + 1
                if not target or isinstance(target[-1], int):
                    break  # else read on: json keeps the last of repeated keys
            if token in ("{", "["):
                kinds.append(token)
                where.append(None if token == "{" else 0)
    return found


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_input(path: str | os.PathLike[str], *, encoding: str | None = None) -> tuple[str, str]:
    """Read a file, or standard input for ``"-"``, as decoded text.

    Args:
        path: A file path, or ``"-"`` for standard input.
        encoding: The file's encoding (a Python codec name); by default
            detected, see :func:`decode_bytes`.

    Returns:
        ``(text, source_name)``.

    Raises:
        TranscriptError: when the file is missing, unreadable, a directory or too large.
        ParseError: when its bytes are not text, or it holds only whitespace.
        FormatError: when ``encoding`` names no text encoding.
    """
    if encoding is not None:
        check_encoding(encoding)
    if str(path) == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        source = "<stdin>"
    else:
        file = Path(path)
        source = str(path)
        try:
            size = file.stat().st_size
            if file.is_dir():
                raise TranscriptError(f"{source}: is a directory, expected a transcript file")
            if size > MAX_INPUT_BYTES:
                raise TranscriptError(_too_large(source, size))
            data = file.read_bytes()
        except FileNotFoundError:
            raise TranscriptError(f"{source}: no such file") from None
        except PermissionError:
            raise TranscriptError(f"{source}: permission denied") from None
        except IsADirectoryError:
            raise TranscriptError(f"{source}: is a directory, expected a transcript file") from None
    if len(data) > MAX_INPUT_BYTES:
        # Standard input was read only up to the limit: its size is unknown.
        raise TranscriptError(_too_large(source, None))
    text = decode_bytes(data, source=source, encoding=encoding)
    if not text.strip():
        # An empty result would be written as an empty file without a word of
        # warning; an empty input is far more often a mistake (a failed download).
        raise ParseError("expected a transcript, but the input is empty", source=source, line=1)
    return text, source


def _too_large(source: str, size: int | None) -> str:
    amount = f"{size / 2**20:.0f} MiB is" if size is not None else "the input is"
    return f"{source}: {amount} larger than the {MAX_INPUT_BYTES // 2**20} MiB a transcript can be; split it first"


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 so that ``path`` holds either the old or the new content.

    The text goes to a temporary file in the same directory, which is then
    renamed over ``path``: an interrupted run never leaves a half-written file.
    ``"-"`` writes to standard output.

    Args:
        path: Destination file, or ``"-"``.
        text: The content.

    Raises:
        TranscriptError: when the directory is missing or not writable.
    """
    if str(path) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=target.parent if str(target.parent) else ".",
            prefix=f".{target.name}.",
            suffix=".tmp",
        )
    except FileNotFoundError:
        raise TranscriptError(f"{path}: directory {str(target.parent)!r} does not exist") from None
    except PermissionError:
        raise TranscriptError(f"{path}: permission denied") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        # Also on KeyboardInterrupt: never leave the temporary file behind.
        Path(temporary).unlink(missing_ok=True)
        raise
