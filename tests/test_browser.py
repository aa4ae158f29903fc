"""Our WebVTT, loaded through <track> in headless Chromium: every cue parsed as we wrote it.

Needs Debian's ``chromium`` (``.ci/run`` installs it); skipped with the
reason shown when it is absent.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from transcript_tools import formats
from transcript_tools.formats import webvtt
from transcript_tools.model import Marker, Transcript, Word
from transcript_tools.pipeline import make_captions

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y --no-install-recommends chromium)"),
]

# The page reads the track's cues once loaded and writes them as JSON into <pre>.
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body>
<video id="video" muted><track id="track" kind="subtitles" srclang="en" default src="captions.vtt"></video>
<pre id="out">pending</pre>
<script>
const element = document.getElementById("track");
function dump() {
  const cues = Array.from(element.track.cues || []).map(cue => ({
    start: cue.startTime, end: cue.endTime, text: cue.getCueAsHTML().textContent}));
  document.getElementById("out").textContent = JSON.stringify({state: element.readyState, cues: cues});
}
element.track.mode = "hidden";
element.addEventListener("load", dump);
element.addEventListener("error", () => { document.getElementById("out").textContent = "error"; });
</script></body></html>
"""

TEXT = (
    "Tom & Jerry said <hello> to Zoë in Zürich. Café prices rose 5 % > inflation; "
    "日本 and Россия watched, and the end -> is near. "
    "It was a long afternoon for everyone involved in the negotiations over the border between the two countries."
)


def _browser_cues(tmp_path: Path, vtt: str) -> list[dict[str, object]]:
    (tmp_path / "captions.vtt").write_text(vtt, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--allow-file-access-from-files",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    match = re.search(r'<pre id="out">(.*?)</pre>', result.stdout, re.S)
    assert match, f"no output from chromium (exit {result.returncode}): {result.stderr[-2000:]}"

    data = html.unescape(match[1])
    assert data not in ("pending", "error"), f"the track did not load: {data}"
    parsed: list[dict[str, object]] = json.loads(data)["cues"]
    return parsed


def _captions() -> Transcript:
    words = [Word(t, start_ms=i * 330, end_ms=i * 330 + 300) for i, t in enumerate(TEXT.split())]
    words[20:] = [Word(w.text, w.start_ms, w.end_ms, speaker="Ann") for w in words[20:]]
    transcript = Transcript(words=tuple(words), markers=(Marker(">>", 12),))
    return make_captions(transcript, normalizer=None).transcript


@pytest.mark.parametrize("word_timing", [False, True], ids=["plain", "word-timing"])
def test_chromium_parses_every_cue_as_written(tmp_path: Path, word_timing: bool) -> None:
    captions = _captions()
    vtt = webvtt.compose(captions, word_timing=word_timing)
    assert ("<00:00:" in vtt) is word_timing and "<v Ann>" in vtt
    cues = _browser_cues(tmp_path, vtt)
    assert len(cues) == len(captions.cues) >= 4
    for theirs, ours in zip(cues, captions.cues):
        assert theirs["start"] == pytest.approx(ours.start_ms / 1000, abs=0.0005)
        assert theirs["end"] == pytest.approx(ours.end_ms / 1000, abs=0.0005)
        assert theirs["text"] == "\n".join(ours.lines)
    shown = " ".join(str(c["text"]).replace("\n", " ") for c in cues)
    words = TEXT.split()
    assert shown == " ".join([*words[:12], "-", *words[12:]])  # the unnamed speaker change's dash


def test_chromium_loads_the_seed_samples_captions(tmp_path: Path, samples_dir: Path) -> None:
    captions = make_captions(formats.read(samples_dir / "seeker_iran_russia_alliance.txt"), duration_ms=217000).transcript
    cues = _browser_cues(tmp_path, webvtt.compose(captions))
    assert [(round(float(c["start"]), 3), round(float(c["end"]), 3), c["text"]) for c in cues] == [
        (cue.start_ms / 1000, cue.end_ms / 1000, "\n".join(cue.lines)) for cue in captions.cues
    ]


def test_chromium_shows_sound_tags_and_speaker_marks(tmp_path: Path) -> None:
    # Broadcast chevrons (DCMP) must survive escaping as "&gt;&gt;".
    text = (
        "WEBVTT\n\n00:00.000 --> 00:02.000\n[Music]\n\n00:02.000 --> 00:03.500\n>> Are you coming?\n\n"
        "00:03.500 --> 00:04.500\n>> Yes.\n\n00:04.500 --> 00:06.000\n[Applause] Thank you.\n"
    )
    captions = make_captions(formats.parse(text, "vtt", source="show.vtt"), profile="dcmp", normalizer=None).transcript
    lines = [cue.lines for cue in captions.cues]
    assert ("[Music]",) in lines and any(line.startswith(">> ") for cue in lines for line in cue)
    cues = _browser_cues(tmp_path, webvtt.compose(captions))
    assert [c["text"] for c in cues] == ["\n".join(cue.lines) for cue in captions.cues]
