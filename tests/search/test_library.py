"""The index on disk: missing, empty, busy, killed writers, re-indexing."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from tests.search.conftest import ROOSEVELT, SAMPLE
from transcript_tools.errors import SearchIndexError, TranscriptError
from transcript_tools.search import memory_index, open_index
from transcript_tools.search.library import _replace

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(SearchIndexError, match="no search index here.*transcript-tools index"):
        open_index(tmp_path / "nowhere")


def test_a_folder_of_other_files_is_not_taken_for_an_index(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(SearchIndexError, match="not a search index"):
        open_index(tmp_path)
    with pytest.raises(SearchIndexError, match="not empty"):
        open_index(tmp_path, create=True)


def test_an_empty_index_says_no_transcripts(tmp_path):
    with open_index(tmp_path / "ix", create=True) as index:
        with pytest.raises(SearchIndexError, match="no transcripts indexed"):
            index.search("freedom")
        with pytest.raises(SearchIndexError, match="no transcripts indexed"):
            index.find_quote("four freedoms")


def test_reindexing_skips_unchanged_replaces_changed_and_removes(folder_index, tmp_path):
    files = tmp_path / "transcripts"
    with open_index(folder_index) as index:
        assert [r.transcript_id for r in index.transcripts()] == ["roosevelt", "seeker"]
        again = index.index_paths([files])
        assert (again.added, again.updated, again.unchanged) == ((), (), ("roosevelt", "seeker"))
        changed = SAMPLE.read_text().replace("Iran and Russia have little in common", "Peru and Chile have little in common")
        (files / "seeker.txt").write_text(changed)
        report = index.index_paths([files])
        assert report.updated == ("seeker",) and report.unchanged == ("roosevelt",)
        assert index.find_quote("peru and chile have little in common").hits[0].transcript_id == "seeker"
        assert not index.search('"russia have little"').hits
        assert index.remove(["roosevelt"]).removed == ("roosevelt",)
        assert [r.transcript_id for r in index.transcripts()] == ["seeker"]
        assert not index.search("freedom").hits
        with pytest.raises(SearchIndexError, match="no indexed transcript 'roosevelt'"):
            index.remove(["roosevelt"])
        index.remove([str(files / "seeker.txt")])
        assert index.transcripts() == ()


def test_a_broken_file_stops_the_run_and_writes_nothing(folder_index, tmp_path):
    broken = tmp_path / "broken.srt"
    broken.write_text("1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\nnot a time line\nwords\n")
    new = tmp_path / "new.srt"
    new.write_bytes(ROOSEVELT.read_bytes())
    with open_index(folder_index) as index:
        with pytest.raises(TranscriptError, match="broken.srt"):
            index.index_paths([new, broken])
        assert [r.transcript_id for r in index.transcripts()] == ["roosevelt", "seeker"]


def _python(code: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_second_writer_waits_then_says_busy_while_readers_keep_reading(folder_index):
    holder = _python(
        f"""
        import time
        from transcript_tools.search import open_index
        index = open_index({str(folder_index)!r})
        with index.backend.writer(timeout=5) as writer:
            writer.remove("roosevelt")
            print("locked", flush=True)
            time.sleep(60)
        """
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with open_index(folder_index) as index:
            started = time.monotonic()
            with pytest.raises(SearchIndexError, match="index is busy"):
                index.remove(["seeker"], timeout=0.5)
            assert time.monotonic() - started >= 0.5
            # The reader sees the last commit: the writer's removal is not in it.
            assert index.search('"four essential human freedoms"').hits
    finally:
        holder.kill()
        holder.communicate()


@pytest.mark.slow
def test_a_writer_killed_midway_leaves_the_previous_index_usable(folder_index):
    writer = _python(
        f"""
        import time
        from transcript_tools import read
        from transcript_tools.search import open_index
        transcript = read({str(ROOSEVELT)!r})
        def many():
            for number in range(10_000):
                if number == 30:
                    print("writing", flush=True)
                yield f"copy{{number}}", transcript
        open_index({str(folder_index)!r}).add(many(), timeout=5)
        """
    )
    try:
        assert writer.stdout.readline().strip() == "writing"
        time.sleep(0.5)
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.communicate()
    with open_index(folder_index) as index:
        assert [r.transcript_id for r in index.transcripts()] == ["roosevelt", "seeker"]
        assert index.find_quote("four essential human freedoms").hits[0].transcript_id == "roosevelt"
        # The killed writer's lock died with it: the next writer gets in.
        assert index.remove(["seeker"], timeout=2).removed == ("seeker",)


# whoosh leaves a damaged file open when it fails to read it; not ours to close.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_damaged_index_is_a_clear_error(folder_index):
    for segment in folder_index.glob("*.seg"):
        segment.write_bytes(b"\x00garbage" * 4)
    with pytest.raises(SearchIndexError, match="damaged.*rebuild it") as damaged:
        with open_index(folder_index) as index:
            index.search("freedom")
    for toc in folder_index.glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    with pytest.raises(SearchIndexError, match="cannot open the search index") as unreadable:
        open_index(folder_index)
    # The tracebacks hold whoosh's leaked files: drop them and collect the
    # files now, while this test's warning filters apply.
    del damaged, unreadable
    gc.collect()


def test_two_in_memory_indexes_written_at_once_keep_their_temporary_files_apart(roosevelt):
    # whoosh's own memory storage gives every writer the same temporary
    # folder ("MAIN.tmp" in the system temp folder) and deletes it at commit:
    # a second writer finishing first took the first one's files with it,
    # also across processes (two test runs at once).
    first, second = memory_index(), memory_index()
    with first.backend.writer() as writer:
        _replace(writer, "a", roosevelt, None)
        second.add([("b", roosevelt)])
    assert {record.transcript_id for record in first.transcripts()} == {"a"}
    assert {record.transcript_id for record in second.transcripts()} == {"b"}


def test_in_memory_indexing_leaves_no_temporary_folders(roosevelt, tmp_path, monkeypatch):
    # whoosh's per-document writer empties its temporary folder but never
    # removes it: each in-memory indexing left an empty folder in /tmp.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    index = memory_index()
    index.add([("a", roosevelt)])
    index.add([("b", roosevelt)])
    assert index.search("freedom").hits
    index.close()
    del index
    gc.collect()
    assert list(tmp_path.iterdir()) == []
