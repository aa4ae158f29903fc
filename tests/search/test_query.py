"""The query parser: our own tree, never raw engine syntax."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transcript_tools.search.query import AllOf, AnyOf, Not, Phrase, QueryError, Term, parse_query


@pytest.mark.parametrize("text", ['"', "(", "*", ":", "", "   ", '""', "()", "-", "NOT", "OR", "AND", "-iran", "NOT iran"])
def test_queries_without_words_say_so(text):
    with pytest.raises(QueryError, match="nothing to search for"):
        parse_query(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran", Term("iran")),
        ("iran russia", AllOf((Term("iran"), Term("russia")))),
        ("iran AND russia", AllOf((Term("iran"), Term("russia")))),
        ("iran OR russia OR oil", AnyOf((Term("iran"), Term("russia"), Term("oil")))),
        ('"cold war"', Phrase(("cold", "war"))),
        ('"cold war', Phrase(("cold", "war"))),
        ("iran -russia", AllOf((Term("iran"), Not(Term("russia"))))),
        ("iran NOT russia", AllOf((Term("iran"), Not(Term("russia"))))),
        ("sanction*", Term("sanction", prefix=True)),
        ("title:iran", Phrase(("title", "iran"), slop=0)),
        ("(iran OR russia)", AnyOf((Term("iran"), Term("russia")))),
        ("u.s.", Phrase(("u", "s"), slop=0)),
    ],
)
def test_query_syntax(text, expected):
    assert parse_query(text) == expected


@given(st.text())
def test_any_text_parses_or_says_it_has_no_words(text):
    try:
        parse_query(text)
    except QueryError:
        pass
