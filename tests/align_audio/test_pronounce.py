"""Pronunciations for numbers, abbreviations and words the dictionary lacks."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcript_tools.align.pronounce import (
    dictionary_key,
    espeak_phonemes,
    ipa_to_arpabet,
    letter_to_sound,
    number_words,
    pronunciations,
    spoken_forms,
)

ARPABET = set("AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH".split())


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("1953", ("nineteen", "fifty", "three")),
        ("U.S.", ("u", "s")),
        ("$5", ("five", "dollars")),
        ("10%", ("ten", "percent")),
        ("21st", ("twenty", "first")),
        ("3.5", ("three", "point", "five")),
        ("1,000,000", ("one", "million")),
        ("Mr.", ("mister",)),
        ("well-known", ("well", "known")),
        ("2008", ("twenty", "oh", "eight")),
    ],
)
def test_first_reading(written: str, spoken: tuple[str, ...]) -> None:
    key = dictionary_key(written)
    assert key is not None
    assert spoken_forms(key)[0] == spoken


def test_years_also_have_their_other_readings() -> None:
    readings = spoken_forms("1953")
    assert ("nineteen", "hundred", "fifty", "three") in readings
    assert ("one", "thousand", "nine", "hundred", "fifty", "three") in readings


# A naive oracle for number_words, digit group by digit group.
_SMALL = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}


def _oracle(n: int) -> list[str]:
    words: list[str] = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= scale:
            words += _oracle(n // scale) + [name]
            n %= scale
    if n >= 100:
        words += [_SMALL[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10])
        n %= 10
        if n:
            words.append(_SMALL[n])
    elif n or not words:
        words.append(_SMALL[n])
    return words


@given(st.integers(min_value=0, max_value=10**11))
def test_number_words_match_a_naive_oracle(n: int) -> None:
    assert number_words(n).split() == _oracle(n)


def test_ipa_maps_to_model_phones() -> None:
    assert ipa_to_arpabet("kˈɑːvɪd") == "K AA V IH D"
    assert set(ipa_to_arpabet("zˈɛlənski").split()) <= ARPABET


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=20))
def test_letter_to_sound_gives_model_phones(word: str) -> None:
    phones = letter_to_sound(word).split()
    assert phones and set(phones) <= ARPABET


def test_pronunciations_use_the_dictionary_then_the_speaker_then_rules() -> None:
    table = {"nineteen": ["N AY N T IY N"], "fifty": ["F IH F T IY"], "three": ["TH R IY"], "hundred": ["HH AH N D R AH D"]}
    found = pronunciations(
        ["1953", "zelensky", "qqq"], lambda w: table.get(w, []), spoken=lambda words: {"zelensky": "Z EH L EH N S K IY"}
    )
    assert found["1953"][0] == "N AY N T IY N F IH F T IY TH R IY"
    assert found["zelensky"][0] == "Z EH L EH N S K IY"
    assert set(found["qqq"][0].split()) <= ARPABET  # letter-to-sound
    assert "K Y UW K Y UW K Y UW" in found["qqq"]  # and spelled out


def test_words_in_the_dictionary_need_nothing() -> None:
    assert pronunciations(["three"], lambda w: ["TH R IY"] if w == "three" else []) == {}


def test_espeak_ng_phonemes() -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    found = espeak_phonemes(["biden", "covid"])
    assert found["biden"] == "B AY D AH N"
    assert found["covid"].startswith("K")


def test_without_espeak_ng_nothing_is_returned(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", str(tmp_path))
    assert espeak_phonemes(["biden"]) == {}
