"""Fixtures of the search tests: real transcripts and small indexes."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcript_tools import read
from transcript_tools.model import Transcript
from transcript_tools.search import SearchIndex, memory_index, open_index

HERE = Path(__file__).resolve().parent
#: An excerpt of the 1941 State of the Union address (public domain) as SRT:
#: 7-word cues, 400 ms a word, from 00:10:00.
ROOSEVELT = HERE / "data" / "sotu_1941_roosevelt.srt"
SAMPLE = HERE.parent.parent / "samples" / "seeker_iran_russia_alliance.txt"


@pytest.fixture
def roosevelt() -> Transcript:
    """The Roosevelt excerpt: punctuated, cue-timed, no word times."""
    return read(ROOSEVELT)


@pytest.fixture
def memory(roosevelt: Transcript) -> SearchIndex:
    """An in-memory index holding the Roosevelt excerpt and the raw sample."""
    index = memory_index()
    index.add([("roosevelt", roosevelt), ("seeker", read(SAMPLE))])
    return index


@pytest.fixture
def folder_index(tmp_path: Path) -> Path:
    """An index folder holding copies of the two real transcripts."""
    files = tmp_path / "transcripts"
    files.mkdir()
    (files / "roosevelt.srt").write_bytes(ROOSEVELT.read_bytes())
    (files / "seeker.txt").write_bytes(SAMPLE.read_bytes())
    with open_index(tmp_path / "index", create=True) as index:
        index.index_paths([files])
    return tmp_path / "index"
