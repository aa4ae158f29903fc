"""Captions from real subtitle tracks: every profile's hard limits hold, no word is lost.

The tracks come from pinned, hash-checked package archives (``tests/realdata.py``):
a Netflix drama track (webvtt-py), French cinema subtitles (pysrt), and
YouTube auto-captions with word times (ragtitles, vtt-to-text). Without a
package registry the tests are skipped with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import realdata
from transcript_tools import formats
from transcript_tools.align.check import check_cues
from transcript_tools.formats._words import words_from_cues
from transcript_tools.model import Transcript
from transcript_tools.pipeline import make_captions

pytestmark = pytest.mark.network

TRACKS = {
    "netflix-drama-es": ("webvtt-py-0.6.0", "netflix_chicas_del_cable.vtt"),
    "cinema-fr": ("pysrt-1.1.2", "utf-8.srt"),
}
YOUTUBE = {"game-video": ("ragtitles-2.0.2", "raiders.en.vtt"), "news-show": ("vtt-to-text-1.0.1", "apple.en.vtt")}


def _real_file(archive_name: str, file: str) -> Path:
    (archive,) = [a for a in realdata.ARCHIVES if a.name == archive_name]
    try:
        return realdata.files(archive)[file]
    except realdata.RealDataUnavailable as error:
        pytest.skip(f"real data not available (offline?): {error}")


@pytest.fixture(scope="module", params=sorted(TRACKS))
def track(request: pytest.FixtureRequest) -> Transcript:
    return formats.read(_real_file(*TRACKS[request.param]))


@pytest.mark.parametrize("profile", ["netflix", "bbc", "dcmp"])
def test_captions_of_a_real_track_keep_every_hard_limit_and_every_word(track: Transcript, profile: str) -> None:
    captions = make_captions(track, profile=profile, normalizer=None).transcript
    assert check_cues(captions.cues, profile).ok
    assert [w.text for w in captions.words] == [w.text for w in track.words]
    cue_of_word = [w.cue_index or 0 for w in captions.words]
    assert cue_of_word == sorted(cue_of_word)
    for word in captions.words[:300]:
        assert word.cue_index is not None and word.text in captions.cues[word.cue_index].text


def test_re_timed_words_stay_inside_their_source_cue(track: Transcript) -> None:
    captions = make_captions(track, normalizer=None).transcript
    for source, timed in zip(words_from_cues(track.cues).words, captions.words):
        cue = track.cues[source.cue_index or 0]
        assert timed.start_ms is not None and timed.end_ms is not None
        assert cue.start_ms <= timed.start_ms <= timed.end_ms <= max(cue.end_ms, cue.start_ms)


@pytest.mark.parametrize("name", sorted(YOUTUBE))
def test_youtube_word_times_start_each_cue_exactly(name: str) -> None:
    source = formats.read(_real_file(*YOUTUBE[name]))
    assert source.has_word_times
    captions = make_captions(source, normalizer=None).transcript
    assert [w.start_ms for w in captions.words] == [w.start_ms for w in source.words]
    for index, cue in enumerate(captions.cues):
        first = next(w for w in captions.words if w.cue_index == index)
        assert cue.start_ms == first.start_ms
    assert check_cues(captions.cues).ok
