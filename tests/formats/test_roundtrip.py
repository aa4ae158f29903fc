"""parse(compose(x)) == x for the formats we write."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import cue_lists, transcript_of
from transcript_tools.formats import srt, transcript_json, webvtt
from transcript_tools.model import Note


@given(cue_lists(), st.lists(st.text(alphabet="abc xyz\n", min_size=1, max_size=20).filter(str.strip), max_size=2))
def test_webvtt_round_trip(cues, note_texts) -> None:
    notes = tuple(Note("\n".join(line.strip() for line in t.split("\n") if line.strip()), i % (len(cues) + 1)) for i, t in enumerate(note_texts))
    original = transcript_of(cues, format="vtt", notes=notes, styles=("::cue { color: yellow }",))
    assert webvtt.parse(webvtt.compose(original), strict=True) == original


@given(cue_lists(with_settings=False, with_speakers=False, numbered=True, excluded="<>{}"))
def test_srt_round_trip(cues) -> None:
    original = transcript_of(cues, format="srt")
    assert srt.parse(srt.compose(original)) == original


@given(cue_lists())
def test_json_round_trip(cues) -> None:
    original = transcript_of(cues, source="talk.vtt", format="vtt")
    assert transcript_json.parse(transcript_json.compose(original)) == original


@given(cue_lists(with_settings=False, with_speakers=False, numbered=True, excluded="<>{}"), st.sampled_from(["\r\n", "\r"]), st.booleans())
def test_srt_reads_bom_crlf_and_missing_final_newline(cues, newline, final_newline) -> None:
    from transcript_tools.formats._io import decode_bytes

    original = transcript_of(cues, format="srt")
    text = srt.compose(original)
    if not final_newline:
        text = text.rstrip("\n")
    data = b"\xef\xbb\xbf" + text.replace("\n", newline).encode("utf-8")
    assert srt.parse(decode_bytes(data)) == original
