"""line_of_json_item: where an object or array opens, found again after json.loads."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from transcript_tools.formats._io import line_of_json_item

# Keys and strings with what could confuse a scanner: quotes, backslashes, brackets, commas.
_TEXT = st.text(st.sampled_from('ab"\\{}[],: \n'), max_size=6)
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), _TEXT)
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_TEXT, children, max_size=4)),
    max_leaves=20,
)
MARK = "\u2603 here"


def _paths(value: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every container's path below the top."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    found = []
    for key, child in items:
        if isinstance(child, (dict, list)):
            found += [(*prefix, key), *_paths(child, (*prefix, key))]
    return found


def _mark(value: object, path: tuple[str | int, ...]) -> object:
    if not path:
        return {MARK: 1}
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _mark(copy[path[0]], path[1:])
    return copy


@given(_DOCUMENTS.filter(lambda document: isinstance(document, (dict, list))), st.data())
def test_the_line_is_where_the_container_opens(document, data) -> None:
    paths = [(), *_paths(document)]
    path = data.draw(st.sampled_from(paths))
    # Put a marked object there: when indented, its only key is on the line after its "{".
    text = json.dumps(_mark(document, path), indent=1, ensure_ascii=False)
    marked_line = next(n for n, line in enumerate(text.split("\n"), start=1) if MARK in line)
    assert line_of_json_item(text, path) == marked_line - 1
    assert line_of_json_item(json.dumps(document), path) == 1


def test_a_path_that_is_not_there() -> None:
    text = '{"segments": [{"words": []}], "x": 1}'
    assert line_of_json_item(text, ("segments", 1)) is None
    assert line_of_json_item(text, ("x",)) is None
    assert line_of_json_item(text, ("segments", 0, "words")) == 1
