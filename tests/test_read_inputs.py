"""Which inputs are read: folders walked in order, hidden and non-data files skipped, missing ones refused."""
from __future__ import annotations

import hashlib
import json
import os

import pytest

from loaders.read.items import Item, UnreadableSource
from loaders.read.inputs import expand_inputs, open_source


def touch(path, data: bytes = b"{}"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_folders_are_walked_recursively_in_sorted_order_skipping_hidden_and_non_data(tmp_path):
    for name in ["b.json", "a.jsonl", "z/c.ndjson", "z/d.json.gz", "y.zip", "notes.csv", "map.geojson",
                 ".hidden.json", ".git/config.json", "__MACOSX/._b.json", "z/table.csv.gz", "m/doc.pdf"]:
        touch(tmp_path / name)
    listed = [os.path.relpath(p, tmp_path) for p in expand_inputs([str(tmp_path)])]
    assert listed == ["a.jsonl", "b.json", "y.zip", "z/c.ndjson", "z/d.json.gz"]


def test_a_file_named_explicitly_is_always_read(tmp_path):
    path = touch(tmp_path / "export.txt", json.dumps({"releases": [{"ocid": "a"}]}).encode())
    assert list(expand_inputs([str(path)])) == [str(path)]
    _, entries = open_source(str(path))
    assert [type(e) for e in entries] == [Item]


def test_inputs_keep_their_order_and_urls_pass_through(tmp_path):
    first = touch(tmp_path / "x" / "1.json")
    second = touch(tmp_path / "2.json")
    url = "https://example.org/edca/contractingprocess/2023"
    assert list(expand_inputs([str(second), url, str(tmp_path / "x")])) == [str(second), url, str(first)]


def test_missing_path_is_unreadable_with_a_one_line_message(tmp_path):
    missing = str(tmp_path / "nope.json")
    with pytest.raises(UnreadableSource, match="nope.json: no such file or directory"):
        list(expand_inputs([missing]))
    with pytest.raises(UnreadableSource, match="no such file or directory"):
        open_source(missing)


def test_folder_given_to_open_source_is_refused(tmp_path):
    with pytest.raises(UnreadableSource, match="is a folder"):
        open_source(str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_permission_denied_is_unreadable(tmp_path):
    path = touch(tmp_path / "secret.json")
    path.chmod(0)
    with pytest.raises(UnreadableSource, match="permission denied"):
        open_source(str(path))


def test_sha256_and_size_are_known_before_reading_the_items(tmp_path):
    data = json.dumps({"releases": [{"ocid": "a"}, {"ocid": "b"}]}).encode()
    path = touch(tmp_path / "p.json", data)
    info, entries = open_source(str(path))
    assert info.sha256 == hashlib.sha256(data).hexdigest() and info.bytes == len(data)
    assert len(list(entries)) == 2
