"""line_of_json_item: where a value (object, array, string, number) begins, found again after json.loads."""

from __future__ import annotations

import json

from hypothesis import assume, given
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
    """Every value's path below the top."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    found = []
    for key, child in items:
        found += [(*prefix, key), *_paths(child, (*prefix, key))]
    return found


def _mark(value: object, path: tuple[str | int, ...], mark: object) -> object:
    if not path:
        return mark
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _mark(copy[path[0]], path[1:], mark)
    return copy


@given(_DOCUMENTS.filter(lambda document: isinstance(document, (dict, list))), st.data())
def test_the_line_is_where_the_container_opens(document, data) -> None:
    paths = [(), *_paths(document)]
    path = data.draw(st.sampled_from(paths))
    # Put a marked object there: when indented, its only key is on the line after its "{".
    text = json.dumps(_mark(document, path, {MARK: 1}), indent=1, ensure_ascii=False)
    marked_line = next(n for n, line in enumerate(text.split("\n"), start=1) if MARK in line)
    assert line_of_json_item(text, path) == marked_line - 1
    assert line_of_json_item(json.dumps(document), path) == 1


@given(_DOCUMENTS.filter(lambda document: isinstance(document, (dict, list)) and document), st.data())
def test_the_line_is_where_a_string_or_number_begins(document, data) -> None:
    path = data.draw(st.sampled_from(_paths(document)))
    mark = data.draw(st.sampled_from([MARK, -98765.4321]))
    text = json.dumps(_mark(document, path, mark), indent=1, ensure_ascii=False)
    marked = json.dumps(mark, ensure_ascii=False)
    assume(text.count(marked) == 1)
    assert line_of_json_item(text, path) == text.count("\n", 0, text.index(marked)) + 1
    assert line_of_json_item(json.dumps(_mark(document, path, mark)), path) == 1


def test_a_path_that_is_not_there() -> None:
    text = '{"segments": [{"words": []}], "x": 1}'
    assert line_of_json_item(text, ("segments", 1)) is None
    assert line_of_json_item(text, ("x",)) == 1
    assert line_of_json_item(text, ("x", 0)) is None
    assert line_of_json_item(text, ("y",)) is None
    assert line_of_json_item(text, ("segments", 0, "words")) == 1


def test_a_repeated_key_is_found_where_json_reads_it() -> None:
    text = '{"events": [\n{"t": 1,\n"t": "x"},\n{"t": 2}]}'
    assert json.loads(text)["events"][0]["t"] == "x"
    assert line_of_json_item(text, ("events", 0, "t")) == 3
    assert line_of_json_item(text, ("events", 1, "t")) == 4
