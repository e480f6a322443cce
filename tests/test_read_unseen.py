"""Shapes met in published files the loader had not seen before (a robustness sweep), made small here.

Each case is a hand-written fixture reproducing the shape of a real file; counts are computed by the
test from what it wrote.
"""
from __future__ import annotations

import json

import pytest

from loaders import read_limits
from loaders.items import Item, Reject
from loaders.read import open_source


def release(i: int, **extra) -> dict:
    return {"ocid": f"ocds-abc123-{i:03d}", "id": f"{i}-tender", "date": "2024-01-01T00:00:00Z",
            "tag": ["tender"], **extra}


def package(first: int, n: int) -> dict:
    return {"uri": "https://example.org/p.json", "version": "1.1",
            "releases": [release(i) for i in range(first, first + n)]}


@pytest.fixture(params=["whole", "streamed"])
def path_kind(request, monkeypatch):
    if request.param == "streamed":
        monkeypatch.setattr(read_limits, "WHOLE_PARSE_MAX_BYTES", 0)
    return request.param


def read_bytes(tmp_path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    info, entries = open_source(str(path))
    return info, list(entries)


def test_pretty_printed_arrays_of_packages_named_jsonl_are_read_by_content(tmp_path, path_kind):
    # ocdskit's release-packages.jsonl: two arrays, one package a line with commas, "[" and "]" alone.
    arrays = [[package(0, 2), package(2, 1)], [package(3, 3)]]
    text = "".join("[\n" + ",\n".join("  " + json.dumps(p) for p in arr) + "\n]\n" for arr in arrays)
    info, entries = read_bytes(tmp_path, text.encode(), "release-packages.jsonl")
    expected = sum(len(p["releases"]) for arr in arrays for p in arr)
    assert [type(e) for e in entries] == [Item] * expected
    assert sorted(e.data["ocid"] for e in entries) == sorted(
        r["ocid"] for arr in arrays for p in arr for r in p["releases"])


def test_pretty_printed_package_named_jsonl_is_read_by_content(tmp_path, path_kind):
    doc = package(0, 4)
    info, entries = read_bytes(tmp_path, json.dumps(doc, indent=2).encode(), "export.jsonl")
    assert [e.data["ocid"] for e in entries if isinstance(e, Item)] == [r["ocid"] for r in doc["releases"]]
    assert not [e for e in entries if isinstance(e, Reject)]
    assert info.format == "release_package"


def test_json_lines_with_a_broken_first_line_are_still_read_line_by_line(tmp_path, path_kind):
    lines = ['{"ocid": "ocds-abc123-999", "tender": {"title": "cut', json.dumps(release(1)), json.dumps(release(2))]
    info, entries = read_bytes(tmp_path, "\n".join(lines).encode(), "input.jsonl")
    assert [(type(e).__name__, e.locator) for e in entries] == [
        ("Reject", "line 1"), ("Item", "line 2"), ("Item", "line 3")]
