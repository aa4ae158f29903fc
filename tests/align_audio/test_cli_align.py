"""`transcript-tools align` and `captions --audio`, as a user runs them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.align_audio.conftest import Clip
from transcript_tools.cli import main


@pytest.fixture
def script(clip: Clip, tmp_path: Path) -> Path:
    path = tmp_path / "talk.txt"
    path.write_text("\n".join(clip.sentences) + "\n", encoding="utf-8")
    return path


def test_align_writes_captions_whose_starts_come_from_the_audio(clip: Clip, clip_wav: Path, script: Path, tmp_path: Path) -> None:
    out = tmp_path / "talk.json"
    assert main(["align", str(script), str(clip_wav), "-o", str(out)]) == 0
    words = json.loads(out.read_text(encoding="utf-8"))["words"]
    assert abs(words[0]["start_ms"] - clip.onsets[0]) <= 100
    assert all(w["start_ms"] is not None for w in words)


def first_start_ms(text: str) -> int:
    match = re.search(r"00:00:(\d\d)[.,](\d\d\d) -->", text)
    assert match is not None, text
    return int(match[1]) * 1000 + int(match[2])


def test_align_to_webvtt_on_stdout(clip: Clip, clip_wav: Path, script: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["align", str(script), str(clip_wav), "--to", "vtt", "--profile", "bbc"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("WEBVTT")
    # The first cue starts on the speech, not at zero.
    assert abs(first_start_ms(out) - clip.onsets[0]) <= 100


def test_captions_with_audio(clip: Clip, clip_wav: Path, script: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["captions", str(script), "--audio", str(clip_wav), "--to", "srt"]) == 0
    out = capsys.readouterr().out
    assert abs(first_start_ms(out) - clip.onsets[0]) <= 100
    assert out.count(" --> ") == 5


def test_missing_ffmpeg_is_one_line_and_exit_1(script: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    media = tmp_path / "talk.mp4"
    media.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out.vtt"
    assert main(["align", str(script), str(media), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs ffmpeg" in err and "talk.mp4" in err
    assert not out.exists()


def test_ctrl_c_leaves_no_output(script: Path, clip_wav: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import transcript_tools.align.forced as forced

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(forced._Aligner, "run", interrupted)
    out = tmp_path / "out.vtt"
    assert main(["align", str(script), str(clip_wav), "-o", str(out)]) == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.txt"]  # no temporary file left either
    assert not out.exists()


def test_refuses_to_overwrite_the_media(script: Path, clip_wav: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = clip_wav.read_bytes()
    assert main(["align", str(script), str(clip_wav), "-o", str(clip_wav), "--to", "vtt"]) == 1
    assert "refusing to overwrite the media" in capsys.readouterr().err
    assert clip_wav.read_bytes() == before


def test_align_as_a_subprocess(clip_wav: Path, script: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "transcript_tools", "align", str(script), str(clip_wav), "--to", "srt"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1\n00:00:00,")
