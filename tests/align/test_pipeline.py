"""make_captions and the ``captions`` / ``check`` commands, as a user runs them."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from transcript_tools import formats
from transcript_tools.align.check import check_cues
from transcript_tools.align.timing import Evidence
from transcript_tools.cli import main
from transcript_tools.model import Marker, Transcript, Word
from transcript_tools.pipeline import make_captions, needs_normalization

SEED = "seeker_iran_russia_alliance.txt"


def test_raw_text_goes_through_the_normalizer_when_it_needs_one() -> None:
    raw = Transcript(words=tuple(Word(w) for w in ("so what exactly makes up the alliance " * 4).split()))
    calls = []

    def normalizer(transcript: Transcript) -> Transcript:
        calls.append(transcript)
        words = list(transcript.words)
        words[6] = dataclasses.replace(words[6], text="alliance.")
        return dataclasses.replace(transcript, words=tuple(words))

    captions = make_captions(raw, normalizer=normalizer)
    assert calls == [raw]
    assert captions.transcript.cues[0].lines[-1].endswith("alliance.")
    assert needs_normalization(raw)


def test_a_normalizer_that_changes_the_words_is_not_trusted(caplog) -> None:
    raw = Transcript(words=tuple(Word(w, start_ms=i * 300) for i, w in enumerate("one two three".split())))
    captions = make_captions(raw, normalizer=lambda t: dataclasses.replace(t, words=t.words[:2]))
    assert "normalization changed the words" in caplog.text
    assert len(captions.transcript.words) == 3


def test_cue_sources_are_resegmented_with_times_kept(data_dir: Path) -> None:
    srt = "1\n00:00:01,000 --> 00:00:03,000\nIran and Russia have\n\n2\n00:00:03,000 --> 00:00:05,000\nlittle in common.\n"
    captions = make_captions(formats.parse(srt, "srt"), normalizer=None)
    assert captions.evidence is Evidence.CUES
    (cue,) = captions.transcript.cues
    assert cue.lines == ("Iran and Russia have little in common.",) and cue.start_ms == 1000
    assert [w.cue_index for w in captions.transcript.words] == [0] * 7


def test_speaker_change_markers_start_cues() -> None:
    words = tuple(Word(w, start_ms=i * 400, end_ms=i * 400 + 300) for i, w in enumerate("are you coming yes I am".split()))
    transcript = Transcript(words=words, markers=(Marker(">>", 3),))
    captions = make_captions(transcript, normalizer=None)
    assert [c.lines for c in captions.transcript.cues] == [("are you coming",), ("- yes I am",)]


def test_sound_tags_are_shown() -> None:
    text = "WEBVTT\n\n00:00.000 --> 00:02.000\n[Music]\n\n00:02.000 --> 00:04.000\nWelcome to the show.\n\n00:04.000 --> 00:06.000\n[Applause] Thank you.\n"
    captions = make_captions(formats.parse(text, "vtt", source="show.vtt"), normalizer=None)
    assert [(c.start_ms, c.lines) for c in captions.transcript.cues] == [
        (0, ("[Music]",)),
        (2000, ("Welcome to the show.",)),
        (4000, ("[Applause] Thank you.",)),
    ]


def test_seed_sample_becomes_captions_that_pass_check(samples_dir: Path, tmp_path: Path, capsys, caplog) -> None:
    out = tmp_path / "captions.vtt"
    assert main(["captions", str(samples_dir / SEED), "-o", str(out)]) == 0
    assert "estimated" in caplog.text
    assert main(["check", str(out)]) == 0
    report = capsys.readouterr().out
    assert "hard limits broken: 0" in report and "result: ok" in report
    shown = " ".join(" ".join(c.lines) for c in formats.read(out).cues)
    # Normalization, when installed, may add punctuation and casing: nothing else.
    assert _letters(shown) == _letters(formats.read(samples_dir / SEED).text)


def _letters(text: str) -> list[str]:
    return ["".join(c for c in word if c.isalnum()).lower() for word in text.split()]


def test_duration_spreads_the_seed_over_the_recording(samples_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "captions.srt"
    assert main(["captions", str(samples_dir / SEED), "--duration", "3:37", "--profile", "bbc", "-o", str(out)]) == 0
    cues = formats.read(out).cues
    assert 210000 <= cues[-1].end_ms <= 217000  # held after the last word, but not past the end
    assert check_cues(cues, "bbc").ok
    assert main(["check", str(out), "--profile", "bbc", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_word_timing_writes_inline_timestamps_from_word_times(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "karaoke.vtt"
    assert main(["captions", str(data_dir / "youtube_auto.vtt"), "--word-timing", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "welcome <00:00:02.100>to <00:00:02.400>the" in text
    assert main(["check", str(out)]) == 0


def test_word_timing_without_word_times_warns(tmp_path: Path, caplog) -> None:
    source = tmp_path / "in.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:03,000\nhello there\n", encoding="utf-8")
    assert main(["captions", str(source), "--word-timing", "-o", str(tmp_path / "out.vtt")]) == 0
    assert "no word times" in caplog.text
    assert "<00:" not in (tmp_path / "out.vtt").read_text(encoding="utf-8")


def test_check_fails_on_broken_hard_limits(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:09.000\n" + "x" * 50 + "\n", encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "line 1 has 50 characters" in out and "lasts 8.000 s" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["captions", "missing.txt"], 1, "missing.txt: no such file"),
        (["captions", "{seed}", "--word-timing", "--to", "srt"], 1, "--word-timing writes WebVTT"),
        (["captions", "{seed}", "--duration", "soon"], 2, "expected a duration like 3:37"),
        (["check", "{seed}"], 1, "has no timed cues to check"),
    ],
)
def test_cli_errors_are_one_clear_line(argv, code, message, samples_dir: Path, capsys) -> None:
    argv = [a.replace("{seed}", str(samples_dir / SEED)) for a in argv]
    with pytest.raises(SystemExit) if code == 2 else contextlib.nullcontext():
        assert main(argv) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_captions_command_runs_as_a_program(samples_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.vtt"
    result = subprocess.run(
        [sys.executable, "-m", "transcript_tools", "captions", str(samples_dir / SEED), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("WEBVTT\n")
