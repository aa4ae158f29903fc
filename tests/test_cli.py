"""The command line as a user runs it: files, pipes, errors and exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.formats.test_detection import FILES
from transcript_tools import formats
from transcript_tools.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_error_line(err: str) -> str:
    lines = err.strip().split("\n")
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("transcript-tools: error: ")
    return lines[0]


@pytest.mark.parametrize(("name", "file"), FILES.items())
@pytest.mark.parametrize("target", ["vtt", "srt", "json", "txt"])
def test_convert_every_format_by_output_extension(capsys, data_dir, tmp_path, name, file, target) -> None:
    output = tmp_path / f"out.{target}"
    code, out, err = run(capsys, "convert", str(data_dir / file), "-o", str(output))
    assert code == 0, err
    assert out == "" and err.strip() == f"wrote {output}"
    original = formats.read(data_dir / file)
    converted = formats.read(output, target)
    if target == "json":
        assert converted.words == original.words and converted.cues == original.cues
    else:
        assert [w.text for w in converted.words] == [w.text for w in original.words]


def test_stdin_to_stdout_with_to(capsys, data_dir, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((data_dir / "youtube_auto.json3").read_bytes())))
    code, out, err = run(capsys, "convert", "-", "--to", "srt")
    assert code == 0 and err == ""
    assert out.startswith("1\n00:00:00,000 --> 00:00:01,500\n[Music]\n\n2\n00:00:01,510 --> 00:00:05,990\nwelcome to the garden show\n")


def test_default_output_is_vtt_on_stdout(capsys, data_dir) -> None:
    code, out, _ = run(capsys, "convert", str(data_dir / "sample.sbv"))
    assert code == 0 and out.startswith("WEBVTT\n\n00:00:00.599 --> 00:00:04.160\n")


def test_to_overrides_the_extension(capsys, data_dir, tmp_path) -> None:
    output = tmp_path / "out.vtt"
    assert run(capsys, "convert", str(data_dir / "sample.srt"), "-o", str(output), "--to", "srt")[0] == 0
    assert output.read_text().startswith("1\n00:00:00,500 --> ")


def test_an_output_format_we_only_read(capsys, data_dir, tmp_path) -> None:
    code, _, err = run(capsys, "convert", str(data_dir / "sample.srt"), "-o", str(tmp_path / "out.ttml"))
    assert code == 1
    assert "cannot write 'ttml'" in one_error_line(err)
    assert not (tmp_path / "out.ttml").exists()


def test_refuses_to_overwrite_the_input_without_force(capsys, data_dir, tmp_path) -> None:
    path = tmp_path / "talk.srt"
    path.write_bytes((data_dir / "sample.srt").read_bytes())
    before = path.read_bytes()
    code, _, err = run(capsys, "convert", str(path), "-o", str(path))
    assert code == 1
    assert one_error_line(err) == f"transcript-tools: error: {path}: refusing to overwrite the input; pass --force to allow it"
    assert path.read_bytes() == before
    code, _, err = run(capsys, "convert", str(path), "-o", str(path), "--force")
    assert code == 0, err
    assert formats.read(path).cues == formats.read(data_dir / "sample.srt").cues


@pytest.mark.parametrize(("name", "file"), FILES.items())
def test_info_json_for_every_format(capsys, data_dir, name, file) -> None:
    code, out, _ = run(capsys, "info", str(data_dir / file), "--json")
    assert code == 0
    info = json.loads(out)
    transcript = formats.read(data_dir / file)
    assert info["format"] == name
    assert info["words"] == len(transcript.words) > 0
    assert info["cues"] == len(transcript.cues)
    assert info["word_times"] == transcript.has_word_times
    assert info["duration"] == transcript.duration_ms / 1000


@pytest.mark.parametrize(("name", "file"), FILES.items())
def test_info_text_for_every_format(capsys, data_dir, name, file) -> None:
    code, out, _ = run(capsys, "info", str(data_dir / file))
    assert code == 0
    fields = dict(line.split(None, 1) for line in out.strip().split("\n"))
    assert fields["format:"] == name


def test_info_shows_word_times_language_and_title(capsys, data_dir) -> None:
    info = json.loads(run(capsys, "info", str(data_dir / "youtube_auto.vtt"), "--json")[1])
    assert (info["word_times"], info["language"], info["words"]) == (True, "en", 15)
    info = json.loads(run(capsys, "info", str(data_dir / "sample.ttml"), "--json")[1])
    assert (info["title"], info["language"]) == ("The garden show", "en-GB")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "talk.srt:1: expected a transcript, but the input is empty"),
        (b"\x00\x01binary", "talk.srt:1: expected a text file, but it contains NUL bytes (binary data or UTF-16 without BOM)"),
        (b"1\n00:00:01,000 --> 00:00:0x,000\nhi\n", "talk.srt:2: expected timestamps like 00:01:02,500, got '00:00:01,000 --> 00:00:0x,000'"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(capsys, tmp_path, content, message) -> None:
    path = tmp_path / "talk.srt"
    path.write_bytes(content)
    code, out, err = run(capsys, "convert", str(path), "-o", str(tmp_path / "out.vtt"))
    assert code == 1 and out == ""
    assert one_error_line(err) == f"transcript-tools: error: {tmp_path}/{message}"


def test_missing_file(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "info", str(tmp_path / "nope.vtt"))
    assert code == 1
    assert one_error_line(err).endswith("nope.vtt: no such file")


@pytest.mark.parametrize(
    "argv",
    [[], ["convert"], ["convert", "x.srt", "--to", "ttml"], ["convert", "x.srt", "--bogus"], ["info", "x", "--from", "doc"], ["nosuchcommand"]],
)
def test_usage_errors_exit_2(capsys, argv) -> None:
    with pytest.raises(SystemExit) as exit:
        main(argv)
    assert exit.value.code == 2
    assert "usage: transcript-tools" in capsys.readouterr().err


def test_lenient_skips_broken_blocks_and_counts_them(capsys, data_dir, tmp_path) -> None:
    output = tmp_path / "out.srt"
    code, _, err = run(capsys, "convert", str(data_dir / "broken_blocks.srt"), "-o", str(output))
    assert code == 1 and "broken_blocks.srt:6: expected a timing line" in one_error_line(err)
    assert not output.exists()
    code, _, err = run(capsys, "convert", str(data_dir / "broken_blocks.srt"), "-o", str(output), "--lenient")
    assert code == 0
    assert "transcript-tools: skipped 2 broken block(s)" in err
    assert formats.read(output).text == "fine also fine"


def test_from_forces_the_input_format(capsys, data_dir) -> None:
    code, out, _ = run(capsys, "info", str(data_dir / "youtube_auto.vtt"), "--from", "vtt", "--json")
    assert code == 0 and json.loads(out)["format"] == "vtt"


@pytest.mark.parametrize("failure", ["parse", "compose"])
def test_a_failed_convert_leaves_no_output_and_no_temp_file(capsys, data_dir, tmp_path, failure) -> None:
    source = tmp_path / "in.srt"
    if failure == "parse":
        source.write_text("1\n00:00:01,000 --> soon\nhi\n")
    else:
        source = tmp_path / "in.txt"  # no timed cues: cannot become WebVTT
        source.write_text("just some words\n")
    output = tmp_path / "out.vtt"
    code, _, err = run(capsys, "convert", str(source), "-o", str(output))
    assert code == 1
    one_error_line(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]


def test_a_failed_convert_keeps_an_existing_output(capsys, tmp_path) -> None:
    source = tmp_path / "in.srt"
    source.write_text("1\n00:00:01,000 --> soon\nhi\n")
    output = tmp_path / "out.vtt"
    output.write_text("WEBVTT\n\nprevious\n")
    assert run(capsys, "convert", str(source), "-o", str(output))[0] == 1
    assert output.read_text() == "WEBVTT\n\nprevious\n"


def test_python_dash_m_subprocess(data_dir, tmp_path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    output = tmp_path / "out.srt"
    done = subprocess.run(
        [sys.executable, "-m", "transcript_tools", "convert", "-", "-o", str(output)],
        input=(data_dir / "youtube_auto.vtt").read_bytes(),
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert formats.read(output).text == formats.read(data_dir / "youtube_auto.vtt").text
    failed = subprocess.run(
        [sys.executable, "-m", "transcript_tools", "info", str(tmp_path / "missing.srt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert failed.returncode == 1
    assert failed.stderr.strip().split("\n") == [f"transcript-tools: error: {tmp_path / 'missing.srt'}: no such file"]


def test_a_legacy_encoded_file_converts_to_utf8_with_a_warning(tmp_path) -> None:
    source = tmp_path / "chinese.srt"
    lines = ["我们今天讨论经济问题。", "这是一个非常重要的会议。"]
    blocks = [f"{n}\n00:00:0{n},000 --> 00:00:0{n},900\n{line}\n" for n, line in enumerate(lines, start=1)]
    source.write_bytes("\n".join(blocks).encode("gb2312"))
    output = tmp_path / "chinese.vtt"
    done = subprocess.run(
        [sys.executable, "-m", "transcript_tools", "convert", str(source), "-o", str(output)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert f"{source}:3: not valid UTF-8; read as gb" in done.stderr
    assert all(line in output.read_text(encoding="utf-8") for line in lines)


def test_encoding_names_what_detection_gets_wrong(capsys, caplog, data_dir) -> None:
    path = str(data_dir / "turkish_cp1254.srt")
    code, out, _ = run(capsys, "convert", path, "--to", "txt")
    assert code == 0 and "Sað ol, kýzým." in out and "read as cp1252" in caplog.text
    caplog.clear()
    code, out, err = run(capsys, "convert", path, "--to", "txt", "--encoding", "cp1254")
    assert code == 0 and err == "" and not caplog.records
    assert out.split("\n")[:2] == ["0:01 İşte böyle.", "0:02 Sağ ol, kızım."]


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", "{path}"],
        ["info", "{path}"],
        ["captions", "{path}"],
        ["normalize", "{path}"],
        ["check", "{path}"],
        ["align", "{path}", "missing.wav"],
        ["quote", "--script", "{path}", "--index", "{index}"],
        ["index", "--index", "{index}", "{path}"],
    ],
)
def test_every_reading_command_takes_encoding(capsys, caplog, data_dir, tmp_path, argv) -> None:
    path = str(data_dir / "turkish_cp1254.srt")
    argv = [arg.format(path=path, index=tmp_path / "index") for arg in argv]
    if argv[0] == "quote":
        assert run(capsys, "index", "--index", str(tmp_path / "index"), str(data_dir / "sample.srt"))[0] == 0
    code, _, err = run(capsys, *argv, "--encoding", "utf-8")
    assert code == 1
    assert one_error_line(err) == (
        f"transcript-tools: error: {path}:3: expected text in utf-8, but byte 0xdd at column 1 is not utf-8, got '\ufffd\ufffdte b\ufffdyle.'"
    )
    if argv[0] in ("info", "check", "index"):
        caplog.clear()
        assert run(capsys, *argv, "--encoding", "cp1254")[0] == 0
        assert not caplog.records
    if argv[0] == "index":
        code, out, _ = run(capsys, "search", "kızım", "--index", str(tmp_path / "index"))
        assert code == 0 and "Sağ ol, [kızım]." in out


@pytest.mark.parametrize(
    ("name", "message"),
    [("cp9999", "unknown encoding 'cp9999'; expected a name like utf-8, cp1252, cp1254 or iso-8859-2"), ("base64", "'base64' is not a text encoding")],
)
def test_an_unknown_encoding_is_a_usage_error(capsys, data_dir, name, message) -> None:
    with pytest.raises(SystemExit) as exit:
        main(["convert", str(data_dir / "sample.srt"), "--encoding", name])
    assert exit.value.code == 2
    assert f"transcript-tools convert: error: argument --encoding: {message}" in capsys.readouterr().err


def test_encoding_from_standard_input_as_a_user_runs_it(data_dir, tmp_path) -> None:
    output = tmp_path / "turkish.vtt"
    command = [sys.executable, "-m", "transcript_tools", "convert", "-", "-o", str(output), "--encoding", "cp1254"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    data = (data_dir / "turkish_cp1254.srt").read_bytes()
    done = subprocess.run(command, input=data, capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == 0 and done.stderr.decode() == f"wrote {output}\n"
    assert "Sağ ol, kızım." in output.read_text(encoding="utf-8")
    command[-1] = "ascii"
    failed = subprocess.run(command, input=data, capture_output=True, env=env, timeout=120, check=False)
    assert failed.returncode == 1 and b"Traceback" not in failed.stderr
    assert failed.stderr.decode().startswith("transcript-tools: error: <stdin>:3: expected text in ascii, but byte 0xdd")
