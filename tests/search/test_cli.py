"""The index, search and quote commands, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.search.conftest import ROOSEVELT, SAMPLE
from transcript_tools.cli import main

CONTRACT = ["transcript", "source", "start", "end", "text", "match", "score"]


@pytest.fixture
def index_dir(tmp_path, capsys):
    folder = tmp_path / "index"
    assert main(["index", str(SAMPLE), str(ROOSEVELT), "--index", str(folder)]) == 0
    assert "indexed 2 new, 0 changed, 0 unchanged" in capsys.readouterr().err
    return folder


def test_index_twice_skips_unchanged_and_lists(index_dir, capsys):
    assert main(["index", str(SAMPLE), str(ROOSEVELT), "--index", str(index_dir)]) == 0
    assert "indexed 0 new, 0 changed, 2 unchanged" in capsys.readouterr().err
    assert main(["index", "--list", "--index", str(index_dir)]) == 0
    listing = capsys.readouterr().out
    assert "seeker_iran_russia_alliance" in listing and "sotu_1941_roosevelt" in listing
    assert main(["index", "--remove", "sotu_1941_roosevelt", "--index", str(index_dir)]) == 0
    assert "1 removed" in capsys.readouterr().err


def test_search_json_contract(index_dir, capsys):
    assert main(["search", '"freedom of speech"', "--index", str(index_dir), "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all(list(hit) == CONTRACT for hit in hits)
    hit = hits[0]
    assert hit["transcript"] == "sotu_1941_roosevelt" and hit["match"] == "freedom of speech"
    assert hit["source"].endswith("sotu_1941_roosevelt.srt")
    assert isinstance(hit["start"], float) and round(hit["start"], 3) == hit["start"] and hit["start"] < hit["end"]
    assert 0 <= hit["score"] <= 100


def test_search_text_shows_time_highlight_and_did_you_mean(index_dir, capsys):
    assert main(["search", "armaments", "--index", str(index_dir)]) == 0
    out = capsys.readouterr().out
    assert "[armaments]" in out and "00:" in out
    assert main(["search", "fredom", "--index", str(index_dir)]) == 1
    assert "did you mean 'freedom'?" in capsys.readouterr().out


def test_quote_json_and_not_found(index_dir, capsys):
    assert main(["quote", "we look forward to a world built upon four human freedoms", "--index", str(index_dir), "--json"]) == 0
    hit = json.loads(capsys.readouterr().out)[0]
    assert list(hit) == CONTRACT and hit["transcript"] == "sotu_1941_roosevelt"
    assert hit["match"].startswith("we look forward") and 70 <= hit["score"] < 100
    assert 600 < hit["start"] < hit["end"]
    assert main(["quote", "the quick brown fox jumps over the lazy dog", "--index", str(index_dir)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("not found:") and "closest candidates:" in out


def test_quote_script_table_json_and_csv(index_dir, tmp_path, capsys):
    script = tmp_path / "script.txt"
    script.write_text('ROOSEVELT: The first is freedom of speach and expression\nHe said "the quick brown fox jumps over it".\n')
    assert main(["quote", "--script", str(script), "--index", str(index_dir)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["QUOTE", "FOUND", "TRANSCRIPT", "START", "END", "SCORE"]
    assert " yes " in table[1] and " no " in table[2]
    assert main(["quote", "--script", str(script), "--index", str(index_dir), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["found"] for row in rows] == [True, False]
    assert list(rows[0]) == ["quote", "found", *CONTRACT] and rows[1]["transcript"] is None
    assert main(["quote", "--script", str(script), "--index", str(index_dir), "--csv"]) == 0
    records = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert records[0]["found"] == "True" and records[0]["transcript"] == "sotu_1941_roosevelt"


@pytest.mark.parametrize("query", ['"', "(", "*", ":", ""])
def test_bad_queries_are_one_line_errors(index_dir, capsys, query):
    assert main(["search", query, "--index", str(index_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("transcript-tools: error: nothing to search for") and err.count("\n") == 1


def test_missing_and_empty_index_errors(tmp_path, capsys):
    assert main(["search", "freedom", "--index", str(tmp_path / "none")]) == 1
    assert "no search index here" in capsys.readouterr().err
    assert main(["quote", "x y", "--index", str(tmp_path / "none")]) == 1
    assert "no search index here" in capsys.readouterr().err
    empty = tmp_path / "empty"
    from transcript_tools.search import open_index

    open_index(empty, create=True).close()
    assert main(["quote", "four freedoms", "--index", str(empty)]) == 1
    assert "no transcripts indexed" in capsys.readouterr().err


def test_quote_needs_a_quote_or_a_script(index_dir, capsys):
    assert main(["quote", "--index", str(index_dir)]) == 1
    assert "give either a QUOTE or --script FILE" in capsys.readouterr().err


def test_python_dash_m_quote(index_dir):
    done = subprocess.run(
        [sys.executable, "-m", "transcript_tools", "quote", "four essential human freedoms", "--index", str(index_dir), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["score"] == 100
