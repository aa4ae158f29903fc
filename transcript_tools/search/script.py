"""Script mode: the quotes of a script file, each searched for in the index.

A line gives its quotes in one of three ways, tried in this order:

1. text in quotation marks (``"..."``, ``“...”``): each quoted part is a quote;
2. screenplay dialogue ``NAME: line`` (``NAME`` up to four words starting
   with a capital, such as ``JOHN``, ``Dr. Smith`` or ``MAN 2``): the line;
3. anything else: the whole line.

Blank lines and lines starting with ``#`` are skipped, and so are stage
directions in brackets or parentheses (``(laughs)``, ``[beat]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transcript_tools.search.query import QueryError, tokens
from transcript_tools.search.quote import QuoteMatch

__all__ = ["ScriptQuote", "ScriptResult", "parse_script"]

_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')
_DIALOGUE = re.compile(r"^(?P<name>[A-Z][\w.'-]*(?: [\w.'-]+){0,3})\s*(?:\([^)]*\))?\s*:\s*(?P<line>.+)$")
_DIRECTION = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class ScriptQuote:
    """One quote of a script.

    Attributes:
        text: The quote.
        line: Its 1-based line number in the script.
        speaker: The character who says it, for dialogue lines.
    """

    text: str
    line: int
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class ScriptResult:
    """One quote of a script and where it was found.

    Attributes:
        quote: The quote.
        hit: The best match at or above the threshold, or ``None``.
        closest: The best match below the threshold when ``hit`` is ``None``.
    """

    quote: ScriptQuote
    hit: QuoteMatch | None
    closest: QuoteMatch | None = None


def parse_script(text: str, *, source: str = "<script>") -> tuple[ScriptQuote, ...]:
    """Read the quotes of a script.

    Args:
        text: The script's content.
        source: Its name, for error messages.

    Returns:
        The quotes in order.

    Raises:
        QueryError: when the script holds no quote at all.

    Example:
        >>> script = 'JOHN: We shall never surrender!\\nShe said "ask not" twice.\\n# a note\\nplain line'
        >>> [(q.text, q.line, q.speaker) for q in parse_script(script)]
        [('We shall never surrender!', 1, 'JOHN'), ('ask not', 2, None), ('plain line', 4, None)]
    """
    quotes: list[ScriptQuote] = []
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        quoted = [first or second for first, second in _QUOTED.findall(line)]
        speaker = None
        if quoted:
            parts = quoted
        else:
            dialogue = _DIALOGUE.match(line)
            if dialogue is not None and not dialogue["name"].isdigit():
                speaker, parts = dialogue["name"], [dialogue["line"]]
            else:
                parts = [line]
        for part in parts:
            cleaned = " ".join(_DIRECTION.sub(" ", part).split())
            if tokens(cleaned):
                quotes.append(ScriptQuote(cleaned, number, speaker))
    if not quotes:
        raise QueryError(f"{source}: no quotes found (expected one quote per line, quoted text or NAME: line)")
    return tuple(quotes)
