"""Training labels (``training/prepare.py``): what the shipped model learns from."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def prepare():
    # training/ is no package: it is run as scripts, so load it by path.
    spec = importlib.util.spec_from_file_location("prepare", ROOT / "training" / "prepare.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def labelled(prepare, line: str, has_label: bool = False) -> list[tuple[str, str, str]]:
    names = {0: "O", 1: "COMMA", 2: "PERIOD", 3: "QUESTION"}
    cases = {0: "lower", 1: "Cap", 2: "UPPER", 3: "Mixed", prepare.IGNORE: "-"}
    return [(key, names[p], cases[c]) for key, _, p, c in prepare.line_words(prepare.clean_line(line, has_label))]


@pytest.mark.parametrize("dash", ["--", "—", "–", " - "])
def test_a_free_standing_dash_is_a_comma_on_the_word_before_not_a_word(prepare, dash) -> None:
    words = labelled(prepare, f"JUSTICE SCALIA: Your Honor{dash}is that so?", has_label=True)
    assert words == [
        ("your", "O", "-"),
        ("honor", "COMMA", "Cap"),
        ("is", "O", "lower"),
        ("that", "O", "lower"),
        ("so", "QUESTION", "lower"),
    ]


def test_abbreviations_keep_their_period_and_a_turn_ends_with_one(prepare) -> None:
    words = labelled(prepare, "Mr. Smith went to the U.S. and CIA-backed talks")
    assert [(k, p) for k, p, _ in words][:4] == [("mr", "O"), ("smith", "O"), ("went", "O"), ("to", "O")]
    assert ("u.s", "O", "UPPER") in words and ("cia-backed", "O", "Mixed") in words
    assert words[-1] == ("talks", "PERIOD", "lower")


def test_a_sentence_start_teaches_no_casing_but_a_name_there_does(prepare) -> None:
    words = labelled(prepare, "Yes. NATO agreed. Then Iran spoke.")
    assert [c for _, _, c in words] == ["-", "UPPER", "lower", "-", "Cap", "lower"]


def test_state_of_the_union_text_loses_stage_directions_and_splits_at_sentence_ends(prepare) -> None:
    sentences = [f"Sentence number {i} is here." for i in range(12)]
    text = " ".join(sentences[:3]) + " (Applause.) " + " ".join(sentences[3:7]) + " (laughter) " + " ".join(sentences[7:])
    turns = prepare.sotu_turns(text)
    assert [len(t) for t in turns] == [25, 25, 10]  # five sentences of five words, then two
    assert all(key != "applause" and key != "laughter" for turn in turns for key, *_ in turn)
    assert all(turn[-1][2] == 2 for turn in turns)
