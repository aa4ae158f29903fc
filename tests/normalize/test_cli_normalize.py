"""``transcript-tools normalize`` as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import transcript_tools.normalize.punctuation as punctuation
from transcript_tools.cli import main
from transcript_tools.formats import read

ROOT = Path(__file__).resolve().parents[2]
SEED = "seeker_iran_russia_alliance.txt"


def test_txt_is_one_sentence_per_line(capsys, samples_dir) -> None:
    assert main(["normalize", str(samples_dir / SEED)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= 20
    assert lines[0].startswith("Iran and Russia have little in common")
    assert all(line[0].isupper() and line[-1] in ".?!" for line in lines)
    raw = read(samples_dir / SEED)
    assert " ".join(lines).lower().replace(",", "").replace(".", "").replace("?", "").split() == [
        w.text.lower().replace(".", "") for w in raw.words
    ]


def test_json_keeps_every_word(tmp_path, samples_dir) -> None:
    out = tmp_path / "seed.json"
    assert main(["normalize", str(samples_dir / SEED), "-o", str(out)]) == 0
    normalized = read(out)
    assert len(normalized.words) == len(read(samples_dir / SEED).words)
    assert json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("target", ["vtt", "srt"])
def test_captions_from_normalized_text(capsys, samples_dir, target) -> None:
    assert main(["normalize", str(samples_dir / SEED), "--to", target]) == 0
    out = capsys.readouterr().out
    assert "-->" in out and "Iran and Russia" in out and "U.S." in out


def test_remove_fillers(capsys, tmp_path) -> None:
    source = tmp_path / "raw.txt"
    source.write_text("um so we we went to the store uh yesterday\n", encoding="utf-8")
    assert main(["normalize", str(source), "--remove-fillers"]) == 0
    words = capsys.readouterr().out.lower().split()
    assert "um" not in words and "uh" not in words and words.count("we") == 1


def test_missing_model_is_one_error_line(capsys, monkeypatch, samples_dir, tmp_path) -> None:
    monkeypatch.setattr(punctuation, "MODEL_DIR", tmp_path / "nowhere")
    monkeypatch.setattr(punctuation, "_default", None)
    out = tmp_path / "out.txt"
    assert main(["normalize", str(samples_dir / SEED), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "punctuation model" in err[0] and "Traceback" not in err[0]
    assert not out.exists()


def test_subprocess_from_stdin(samples_dir) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "transcript_tools", "normalize", "-"],
        input=(samples_dir / SEED).read_bytes(),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Iran is an Islamic Republic" in done.stdout
