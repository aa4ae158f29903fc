"""Script mode: reading the quotes of a script file."""

from __future__ import annotations

import pytest

from transcript_tools.search.query import QueryError
from transcript_tools.search.script import parse_script


def test_one_quote_per_line_quoted_text_and_dialogue():
    script = "\n".join(
        [
            "# quotes from the speech",
            "four essential human freedoms",
            "",
            'He said "freedom of speech" and then “freedom of worship”.',
            "ROOSEVELT: The first is freedom of speech and expression.",
            "Dr. Smith (quietly): we look forward to a world [beat] founded upon",
            "(applause)",
        ]
    )
    quotes = parse_script(script, source="script.txt")
    assert [(q.text, q.line, q.speaker) for q in quotes] == [
        ("four essential human freedoms", 2, None),
        ("freedom of speech", 4, None),
        ("freedom of worship", 4, None),
        ("The first is freedom of speech and expression.", 5, "ROOSEVELT"),
        ("we look forward to a world founded upon", 6, "Dr. Smith"),
    ]


def test_a_script_without_quotes_is_an_error_naming_the_file():
    with pytest.raises(QueryError, match="script.txt: no quotes found"):
        parse_script("# only a comment\n\n(pause)\n", source="script.txt")
