"""Zip and gzip inputs: members read as inputs of their own, and the guards against hostile archives."""
from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from loaders.read import limits as read_limits
from loaders.read.items import Item, Reject
from loaders.read.inputs import expand_inputs, open_source
from tests.shared import shared_data


def release(i: int) -> dict:
    return {"ocid": f"ocds-abc123-{i}", "id": str(i), "date": "2024-01-01T00:00:00Z", "tag": ["award"]}


def package(n: int, start: int = 0) -> bytes:
    return json.dumps({"uri": "u", "releases": [release(start + i) for i in range(n)]}).encode()


def make_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def read(path: Path):
    info, entries = open_source(str(path))
    entries = list(entries)
    assert all(isinstance(e, (Item, Reject)) and e.locator for e in entries)
    return info, entries


def test_zip_members_are_read_in_name_order_with_member_locators(tmp_path):
    path = make_zip(tmp_path / "data.zip", {
        "b/second.json": package(2, 10),
        "a/first.jsonl": b"\n".join(json.dumps(release(i)).encode() for i in range(3)),
        "__MACOSX/a/._first.jsonl": b"\x00\x05\x16\x07junk",
        "a/.hidden.json": package(5),
        "notes.csv": b"a,b\n1,2\n",
        "c/projects.json.gz": gzip.compress(json.dumps({"projects": [{"id": "p1", "title": "t"}]}).encode()),
    })
    info, entries = read(path)
    assert info.format == "zip" and info.bytes == path.stat().st_size
    assert [(getattr(e, "kind", None), e.locator) for e in entries] == [
        ("release", "member a/first.jsonl line 1"), ("release", "member a/first.jsonl line 2"),
        ("release", "member a/first.jsonl line 3"),
        ("release", "member b/second.json /releases/0"), ("release", "member b/second.json /releases/1"),
        ("project", "member c/projects.json.gz /projects/0")]


def test_zip_of_real_folder_reads_like_the_folder(tmp_path):
    folder = shared_data() / "mx-ocp-sample-data" / "jalisco"
    files = [Path(p) for p in expand_inputs([str(folder)])]
    path = make_zip(tmp_path / "jalisco.zip", {str(p.relative_to(folder)): p.read_bytes() for p in files})
    expected = Counter()
    for p in files:
        expected += Counter(e.kind for e in open_source(str(p))[1])
    _, entries = read(path)
    assert Counter(e.kind for e in entries if isinstance(e, Item)) == expected
    assert not [e for e in entries if isinstance(e, Reject)]


def test_zip_member_problems_are_rejected_per_member(tmp_path):
    path = make_zip(tmp_path / "mixed.zip", {
        "ok.json": package(1),
        "broken.json": package(3)[:-20],
        "empty.json": b"",
        "latin.json": json.dumps({"releases": [dict(release(7), title="Licitación")]},
                                 ensure_ascii=False).encode("latin-1"),
    })
    info, entries = read(path)
    by_member = {}
    for e in entries:
        by_member.setdefault(e.locator.split(" ")[1], []).append(e)
    assert isinstance(by_member["broken.json"][-1], Reject) and "truncated" in by_member["broken.json"][-1].reason
    assert by_member["empty.json"][0].reason == "empty file (0 bytes)"
    assert by_member["empty.json"][0].locator == "member empty.json byte 0"
    assert by_member["latin.json"][0].data["title"] == "Licitación"
    assert [(c.field, c.rule) for c in info.corrections] == [("member latin.json", "encoding_latin1")]
    assert info.encoding == "iso-8859-1"
    assert isinstance(by_member["ok.json"][0], Item)


def test_zip_path_traversal_member_is_rejected(tmp_path):
    path = make_zip(tmp_path / "evil.zip", {"../../etc/evil.json": package(1), "/abs.json": package(1),
                                            "good.json": package(1)})
    _, entries = read(path)
    assert [(type(e).__name__, e.locator) for e in entries] == [
        ("Reject", "member ../../etc/evil.json"), ("Reject", "member /abs.json"),
        ("Item", "member good.json /releases/0")]
    assert all("unsafe member path" in e.reason for e in entries[:2])


def test_zip_bomb_by_declared_size_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr("loaders.read.archive.MAX_UNCOMPRESSED_BYTES", 1_000_000)
    path = make_zip(tmp_path / "bomb.zip", {"a.json": b" " * 600_000 + package(1), "b.json": b" " * 600_000})
    _, entries = read(path)
    assert len(entries) == 1 and entries[0].locator == "archive" and "zip bomb" in entries[0].reason


def test_zip_bomb_by_compression_ratio_is_rejected(tmp_path):
    path = make_zip(tmp_path / "ratio.zip", {"zeros.json": b"[" + b" " * 5_000_000 + b"]", "ok.json": package(1)})
    _, entries = read(path)
    assert [(type(e).__name__, e.locator) for e in entries] == [
        ("Item", "member ok.json /releases/0"), ("Reject", "member zeros.json")]
    assert "zip bomb" in entries[1].reason


def test_gzip_bomb_inside_zip_is_stopped_while_decompressing(tmp_path):
    inner = gzip.compress(b"[" + b" " * 5_000_000 + b"]")
    path = make_zip(tmp_path / "gz.zip", {"x.json.gz": inner}, compression=zipfile.ZIP_STORED)
    _, entries = read(path)
    assert len(entries) == 1 and "zip bomb" in entries[0].reason


def test_zip_inside_zip_is_not_read(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("a.json", package(1))
    _, entries = read(make_zip(tmp_path / "outer.zip", {"inner.zip": inner.getvalue()}))
    assert len(entries) == 1 and "zip inside a zip" in entries[0].reason


def test_zip_without_json_members_says_so(tmp_path):
    _, entries = read(make_zip(tmp_path / "docs.zip", {"a.pdf": b"%PDF-1.4", "b.csv": b"x"}))
    assert len(entries) == 1 and "holds no .json" in entries[0].reason


def test_corrupt_zip_is_a_reject(tmp_path):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    info, entries = read(path)
    assert len(entries) == 1 and "not a readable zip" in entries[0].reason and info.format == "zip"


def test_gzip_file_is_read_as_the_file_it_compresses(tmp_path):
    path = tmp_path / "p.json.gz"
    path.write_bytes(gzip.compress(package(3)))
    info, entries = read(path)
    assert [e.locator for e in entries] == ["/releases/0", "/releases/1", "/releases/2"]
    assert info.format == "gzip" and info.bytes == path.stat().st_size


def test_gzipped_json_lines(tmp_path, monkeypatch):
    monkeypatch.setattr(read_limits, "WHOLE_PARSE_MAX_BYTES", 0)  # also the streamed path
    path = tmp_path / "r.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n".join(json.dumps(release(i)).encode() for i in range(4))))
    _, entries = read(path)
    assert [e.locator for e in entries] == ["line 1", "line 2", "line 3", "line 4"]


@pytest.mark.parametrize("streamed", [False, True])
def test_truncated_gzip_keeps_what_came_before_the_break(tmp_path, monkeypatch, streamed):
    if streamed:
        monkeypatch.setattr(read_limits, "WHOLE_PARSE_MAX_BYTES", 0)
    body = json.dumps({"releases": [dict(release(i), n=list(range(200))) for i in range(4000)]}).encode()
    assert len(body) > 3 * 1024**2  # more than one read's worth survives the cut
    data = gzip.compress(body)
    path = tmp_path / "cut.json.gz"
    path.write_bytes(data[: len(data) // 2])
    _, entries = read(path)
    found = [e for e in entries if isinstance(e, Item)]
    assert 1000 < len(found) < 4000
    assert [e.locator for e in found] == [f"/releases/{i}" for i in range(len(found))]
    assert isinstance(entries[-1], Reject) and len(entries) == len(found) + 1
    assert "compressed stream broke" in entries[-1].reason


def test_fake_gzip_that_is_not_gzip_is_read_by_its_content(tmp_path):
    junk = tmp_path / "junk.gz"
    junk.write_bytes(b"this is not gzip at all")
    _, entries = read(junk)
    assert len(entries) == 1 and isinstance(entries[0], Reject) and entries[0].reason.startswith("not JSON")
    plain = tmp_path / "plain.json.gz"
    plain.write_bytes(package(1))  # misnamed: the bytes decide
    _, entries = read(plain)
    assert [e.locator for e in entries] == ["/releases/0"]


def test_corrupt_gzip_body_is_a_reject(tmp_path):
    path = tmp_path / "bad.json.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 64)
    info, entries = read(path)
    assert len(entries) == 1 and isinstance(entries[0], Reject) and info.format == "gzip"


def test_gzip_reader_hands_over_everything_before_a_break_then_raises():
    from loaders.read.streams import GzipReader

    body = b"".join(b"%08d," % i for i in range(500_000))  # 4.5 MB
    data = gzip.compress(body)
    assert GzipReader(io.BytesIO(data)).read() == body
    assert GzipReader(io.BytesIO(data + gzip.compress(b"more"))).read() == body + b"more"  # two members
    reader, got = GzipReader(io.BytesIO(data[: len(data) // 2])), b""
    with pytest.raises(EOFError):
        while chunk := reader.read(65536):
            got += chunk
    assert len(got) > len(body) // 3 and body.startswith(got)
