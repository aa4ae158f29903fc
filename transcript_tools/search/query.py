"""User queries: parsed by us into a small tree, never handed raw to the engine.

Syntax: words (all must match, stemmed: ``sanction`` finds "sanctions"),
``"exact phrases"`` (a little slop allowed), ``OR`` between two parts, ``NOT``
or a leading ``-`` before a part, ``AND`` (the default, accepted for
clarity) and a trailing ``*`` for a prefix (``nucl*``). Everything else,
parentheses, colons, stray quotes, is treated as punctuation: a query can
never inject engine syntax, and no input makes the parser fail except one
with no words at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcript_tools.errors import QueryError

__all__ = [
    "PHRASE_SLOP",
    "AllOf",
    "AnyOf",
    "Not",
    "Phrase",
    "Query",
    "QueryError",
    "Term",
    "parse_query",
    "query_words",
    "tokens",
]

#: Words that may stand between the words of a quoted phrase.
PHRASE_SLOP = 1

# A word: letters/digits, with inner apostrophes ("don't") kept together.
# The whoosh backend tokenizes the text with this same pattern.
WORD_PATTERN = r"\w+(?:['’]\w+)*"
_WORD = re.compile(WORD_PATTERN)
_PART = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')


@dataclass(frozen=True, slots=True)
class Term:
    """One word; ``prefix`` matches every word starting with it."""

    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words in this order, with up to ``slop`` other words between them."""

    words: tuple[str, ...]
    slop: int = PHRASE_SLOP


@dataclass(frozen=True, slots=True)
class Not:
    """Documents that do not match ``part``."""

    part: Query


@dataclass(frozen=True, slots=True)
class AllOf:
    """Documents matching every part."""

    parts: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Documents matching at least one part."""

    parts: tuple[Query, ...]


Query = Term | Phrase | Not | AllOf | AnyOf


def tokens(text: str) -> list[str]:
    """The lowercase words of ``text``, as the index sees them.

    Example:
        >>> tokens("Don't (panic): it's 3.5*!")
        ["don't", 'panic', "it's", '3', '5']
    """
    return [match.group().lower() for match in _WORD.finditer(text)]


def _operand(raw: str, phrase: str | None) -> Query | None:
    if phrase is not None:
        words = tuple(tokens(phrase))
        if not words:
            return None
        return Term(words[0]) if len(words) == 1 else Phrase(words)
    words = tuple(tokens(raw))
    if not words:
        return None
    if len(words) == 1:
        # Only a star right after the word makes a prefix: "*" alone or "a*b" stays literal.
        return Term(words[0], prefix=raw.rstrip(")]}.,;:!?").endswith("*") and len(words[0]) >= 2)
    # "U.S." or "well-known" hold several words: they must stand together.
    return Phrase(words, slop=0)


def parse_query(text: str) -> Query:
    """Parse a user's query into a query tree.

    Args:
        text: What the user typed.

    Returns:
        The query; a bare list of words becomes :class:`AllOf`.

    Raises:
        QueryError: when the query has no words, or only negated ones.

    Example:
        >>> parse_query('iran OR russia -"cold war" sanction*')
        AllOf(parts=(AnyOf(parts=(Term(text='iran', prefix=False), Term(text='russia', prefix=False))), Not(part=Phrase(words=('cold', 'war'), slop=1)), Term(text='sanction', prefix=True)))
    """
    clauses: list[Query] = []
    pending_or = False
    negate = False
    for match in _PART.finditer(text):
        raw = match.group("word")
        if raw in ("OR", "|", "||"):
            pending_or = bool(clauses) and not isinstance(clauses[-1], Not)
            continue
        if raw in ("AND", "&", "&&", "+"):
            continue
        if raw in ("NOT", "-", "!"):
            negate = True
            continue
        phrase = match.group("phrase")
        if raw is not None and raw.startswith("-") and len(raw) > 1:
            negate, raw = True, raw[1:]
        operand = _operand(raw or "", phrase)
        if operand is None:
            continue
        if negate:
            clauses.append(Not(operand))
        elif pending_or:
            previous = clauses.pop()
            others = previous.parts if isinstance(previous, AnyOf) else (previous,)
            clauses.append(AnyOf((*others, operand)))
        else:
            clauses.append(operand)
        pending_or = negate = False
    if not clauses:
        raise QueryError(f"nothing to search for in {text!r}: the query has no words")
    if all(isinstance(clause, Not) for clause in clauses):
        raise QueryError(f"nothing to search for in {text!r}: every word is negated")
    return clauses[0] if len(clauses) == 1 else AllOf(tuple(clauses))


def query_words(query: Query) -> list[str]:
    """The words a query looks for (not the negated ones), in order.

    Example:
        >>> query_words(parse_query('war -cold "world war"'))
        ['war', 'world', 'war']
    """
    if isinstance(query, Term):
        return [query.text]
    if isinstance(query, Phrase):
        return list(query.words)
    if isinstance(query, Not):
        return []
    return [word for part in query.parts for word in query_words(part)]
