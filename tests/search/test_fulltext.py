"""Full-text search: terms, phrases, boolean operators, filters, context and suggestions."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcript_tools.model import Metadata, Transcript, Word
from transcript_tools.search import deep_link, memory_index
from transcript_tools.search.query import QueryError
from transcript_tools.search.report import format_search, search_json


def test_stemmed_words_match_and_are_highlighted(memory):
    hits = memory.search("freedom").hits
    assert hits and all(hit.transcript_id == "roosevelt" for hit in hits)
    hit = hits[0]
    assert all(hit.text[start:end].lower().startswith("freedom") for start, end in hit.spans)
    assert memory.search("sanction").hits[0].match.lower().startswith("sanctions")


def test_phrase_with_slop_boolean_and_prefix(memory):
    assert memory.search('"essential freedoms"').hits  # one word between: within the slop
    assert not memory.search('"freedoms essential"').hits
    both = memory.search("iran OR freedom", limit=50).hits
    assert {hit.transcript_id for hit in both} == {"roosevelt", "seeker"}
    without = memory.search("freedom -speech", limit=50).hits
    assert without and all("speech" not in hit.text.lower() for hit in without)
    assert memory.search("armam*").hits[0].transcript_id == "seeker"


def test_hits_carry_times_context_and_sentence(memory, roosevelt):
    hit = memory.search('"four essential human freedoms"').hits[0]
    assert hit.match == "four essential human freedoms."
    assert hit.text.startswith("In the future days")
    assert hit.before and hit.after.startswith("The first is freedom of speech")
    assert hit.start_ms is not None and 600_000 < hit.start_ms < hit.end_ms
    assert hit.source == "roosevelt" or hit.source.endswith("sotu_1941_roosevelt.srt")


def test_raw_text_hits_have_no_made_up_times(memory):
    hit = memory.search("crimea").hits[0]
    assert hit.transcript_id == "seeker" and hit.start_ms is None and hit.link is None


def test_did_you_mean_when_nothing_matches(memory):
    results = memory.search("fredom of speach")
    assert results.hits == ()
    assert results.suggestion == "freedom of speech"


def test_filters_by_transcript_and_speaker():
    words = [Word(w, start_ms=i * 500, end_ms=i * 500 + 400, speaker="Ann") for i, w in enumerate("Oil prices rose.".split())]
    words += [Word(w, start_ms=5000 + i * 500, end_ms=5400 + i * 500, speaker="Bob") for i, w in enumerate("Oil prices fell.".split())]
    index = memory_index()
    url = "https://www.youtube.com/watch?v=abc123"
    index.add([("talk", Transcript(words=tuple(words), metadata=Metadata(url=url))), ("other", Transcript(words=tuple(words)))])
    bob = index.search("oil", speaker="bob", transcript_id="talk").hits
    assert [(hit.transcript_id, hit.speaker, hit.start_ms) for hit in bob] == [("talk", "Bob", 5000)]
    assert bob[0].link == "https://www.youtube.com/watch?v=abc123&t=5s" and bob[0].source == url
    assert len(index.search("oil").hits) == 4


@pytest.mark.parametrize("query", ['"', "(", "*", ":", "", "-", "NOT oil"])
def test_queries_without_words_raise_query_error(memory, query):
    with pytest.raises(QueryError):
        memory.search(query)


# The index is only read, so sharing it between examples is safe.
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list('ab freedom iran"()*:-^~?[]{}\\/!ORANDNOT')), max_size=30))
def test_no_input_crashes_the_engine(memory, query):
    try:
        memory.search(query)
    except QueryError:
        pass


def test_deep_links_only_for_youtube():
    assert deep_link("https://youtu.be/xyz", 61_999) == "https://youtu.be/xyz?t=61s"
    assert deep_link("https://vimeo.com/1", 1000) is None
    assert deep_link("https://www.youtube.com/watch?v=a", None) is None


def test_matches_in_the_context_sentences_are_highlighted_too(memory):
    results = memory.search("freedom", transcript_id="roosevelt")
    (hit,) = [hit for hit in results.hits if hit.text.startswith("In the future days")]
    assert hit.after.startswith("The first is freedom of speech")
    assert [hit.after[start:end] for start, end in hit.after_spans] == ["freedom"]
    # A phrase's words are matched as written: "freedoms" is not "freedom".
    phrase = memory.search('"four essential human freedoms"').hits[0]
    assert phrase.after.startswith("The first is freedom") and phrase.after_spans == ()
    shown = format_search(results).split("\n")
    # Each hit's line: the sentence before, the hit, the sentence after.
    lines = [line for line in shown if "In the future days" in line]
    assert any("human [freedoms]. The first is [freedom] of speech" in line for line in lines)
    assert any("human [freedoms]." in line and line.startswith("    If the Congress") for line in lines)
    # Nothing but the matches is bracketed, and the JSON contract is unchanged.
    assert all(re.sub(r"\[[Ff]reedoms?\]", "", line).count("[") == 0 for line in lines)
    assert list(json.loads(search_json(memory.search("freedom").hits))[0]) == [
        "transcript", "source", "start", "end", "text", "match", "score",
    ]  # fmt: skip


def test_context_without_matches_has_no_spans(memory):
    hit = memory.search("crimea").hits[0]
    assert hit.before and hit.before_spans == ()
    assert "[" not in format_search(memory.search("crimea")).split("\n")[1].replace("[Crimea]", "")


def test_context_cut_inside_a_long_sentence_is_marked_with_an_ellipsis():
    long = " ".join(f"w{i}" for i in range(100)) + " end."
    text = f"The zebra ran. {long} After that, a giraffe walked by."
    index = memory_index()
    index.add([("zoo", Transcript(words=tuple(Word(t) for t in text.split())))])
    zebra = format_search(index.search("zebra")).split("\n")[1]
    assert zebra.startswith("    The [zebra] ran. w0 w1") and zebra.endswith(" …")
    giraffe = format_search(index.search("giraffe")).split("\n")[1]
    assert giraffe.startswith("    … w") and giraffe.endswith("a [giraffe] walked by.")
