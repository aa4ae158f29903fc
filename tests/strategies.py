"""Hypothesis strategies for the data model."""

from __future__ import annotations

from hypothesis import strategies as st

from transcript_tools.formats._cues import transcript_from_cues
from transcript_tools.model import Cue


# Printable text without the characters that no caption line can hold.
def _line_text(excluded: str = ""):
    return (
        st.text(
            alphabet=st.characters(
                blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                blacklist_characters="\ufeff\u00a0\u2028\u2029\x85" + excluded,
            ),
            min_size=1,
            max_size=40,
        )
        .map(lambda s: " ".join(s.split()))
        .filter(bool)
    )

times = st.integers(min_value=0, max_value=10 * 3600 * 1000)


@st.composite
def cue_lists(draw, *, with_settings: bool = True, with_speakers: bool = True, numbered: bool = False, excluded: str = ""):
    """Sorted cues with start < end, as a writer would emit them.

    ``excluded`` names characters the format cannot carry in text (SRT markup).
    """
    count = draw(st.integers(min_value=0, max_value=8))
    starts = sorted(draw(st.lists(times, min_size=count, max_size=count)))
    cues = []
    for index, start in enumerate(starts):
        duration = draw(st.integers(min_value=1, max_value=10_000))
        lines = tuple(draw(st.lists(_line_text(excluded), min_size=1, max_size=3)))
        identifier = str(index + 1) if numbered else draw(st.one_of(st.none(), st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,9}\Z")))
        settings = draw(st.sampled_from(["", "align:start", "line:0 position:20%"])) if with_settings else ""
        speaker = draw(st.one_of(st.none(), st.from_regex(r"\A[A-Z][a-z]{1,8}\Z"))) if with_speakers else None
        cues.append(Cue(start, start + duration, lines, identifier, settings, speaker))
    return cues


def transcript_of(cues, *, source=None, format=None, notes=(), styles=()):
    """The transcript a reader returns for these cues."""
    return transcript_from_cues(cues, source=source, format=format, notes=notes, styles=styles)

