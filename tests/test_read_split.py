"""Cutting the elements of a document's item array out of the byte stream (loaders.read.split)."""
from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.read.split import SplitError, TrailingContent, split_elements

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet='[]{}",:\\ aé\n'),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(alphabet='[]{}",:\\ar'), children,
                                                                          max_size=3),
    max_leaves=20,
)


def split(data: bytes, key: str | None, chunk: int) -> list:
    return [json.loads(text) for text in split_elements(io.BytesIO(data), key, chunk_bytes=chunk)]


@settings(max_examples=300, deadline=None)
@given(st.lists(values, max_size=6), st.dictionaries(st.sampled_from(["uri", "version", "a"]), values, max_size=2),
       st.sampled_from([1, 2, 5, 64, 1 << 20]), st.booleans(), st.booleans())
def test_elements_are_exactly_the_arrays_items(items, meta, chunk, indent, as_package):
    if as_package:
        doc = {**meta, "releases": items, "after": meta}  # keys before and after the array
        key = "releases"
    else:
        doc, key = items, None
    data = json.dumps(doc, indent=1 if indent else None, ensure_ascii=False).encode()
    assert split(data, key, chunk) == items


@pytest.mark.parametrize("data, key", [
    (b'{"releases":[{"a":1},', "releases"),  # cut short
    (b'{"releases":[1,]}', "releases"),  # trailing comma
    (b'{"releases":[1,,2]}', "releases"),
    (b'{"records":[1]}', "releases"),  # the key never comes
    (b'x[1]', None),
    (b'{"releases":[1]', "releases"),  # the document is not closed
])
def test_malformed_text_hands_over_to_the_fallback(data, key):
    with pytest.raises(SplitError):
        list(split_elements(io.BytesIO(data), key))


@pytest.mark.parametrize("data, key", [(b'[1,2] x', None), (b'{"releases":[]} {"b":1}', "releases"),
                                       (b'{"releases":[1]}\n{"releases":[2]}', "releases")])
def test_text_after_the_document_is_reported(data, key):
    with pytest.raises(TrailingContent):
        list(split_elements(io.BytesIO(data), key))


def test_the_key_counts_only_in_the_top_level_object():
    data = b'{"a":{"releases":[1]},"b":"\\"releases\\": [3","releases":[2]}'
    assert split(data, "releases", 4) == [2]
