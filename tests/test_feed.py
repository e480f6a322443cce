"""The Atom feed: RFC 4287's required elements, escaping of text from the data, the served endpoint."""
from __future__ import annotations

import threading
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime

import duckdb

from core.contract import create_tables
from obras import feed

NS = {"a": feed.ATOM}
ROW = dict(run_id="r1", recorded_at=datetime(2026, 1, 2, 3, 4, 5), origin="inai", source_id="s1", kind="changed",
           subject_type="process", subject_id="ocds-x-1", ocid="ocds-x-1", implementer_id="jal-guadalajara",
           state_code="14", suppliers="ACME <b>&</b> Hijos", field="contract_value", before="100.0", after="150.0")


def _check_rfc4287(xml: bytes) -> ET.Element:
    """atom:feed needs exactly one id, title, updated and (without author in each entry) an author;
    each atom:entry one id, title, updated and a link rel=alternate (no content given); ids are IRIs and
    dates RFC 3339."""
    root = ET.fromstring(xml)
    assert root.tag == f"{{{feed.ATOM}}}feed"
    for name in ("id", "title", "updated", "author"):
        assert len(root.findall(f"a:{name}", NS)) == 1, name
    datetime.fromisoformat(root.find("a:updated", NS).text)
    assert root.find("a:author/a:name", NS).text
    assert ":" in root.find("a:id", NS).text
    for entry in root.findall("a:entry", NS):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"a:{name}", NS)) == 1, name
        assert ":" in entry.find("a:id", NS).text
        datetime.fromisoformat(entry.find("a:updated", NS).text)
        assert [link.get("href") for link in entry.findall("a:link", NS) if link.get("rel") == "alternate"]
    return root


def test_a_feed_has_rfc4287s_required_elements_and_escapes_text_from_the_data():
    xml = feed.build([ROW], "http://f.example/feed?supplier=acme", "http://app.example")
    root = _check_rfc4287(xml)
    [entry] = root.findall("a:entry", NS)
    assert entry.find("a:link", NS).get("href") == "http://app.example/proceso?ocid=ocds-x-1"
    assert "ACME <b>&</b> Hijos" in entry.find("a:summary", NS).text  # read back as text, never as markup
    assert b"<b>" not in xml
    assert entry.find("a:id", NS).text == feed.entry_id(ROW)  # the same change keeps its id


def test_an_empty_view_is_still_a_valid_feed():
    _check_rfc4287(feed.build([], "http://f.example/feed", "http://app.example"))


def test_the_feed_address_carries_the_view_filters(monkeypatch):
    monkeypatch.setenv("OBRAS_FEED_URL", "https://feeds.example/feed")
    assert feed.feed_address(state="14", implementer=None, supplier="a b") == \
        "https://feeds.example/feed?state=14&supplier=a+b"


def test_the_server_serves_the_filtered_feed_read_only(tmp_path):
    db = tmp_path / "f.duckdb"
    con = duckdb.connect(str(db))
    create_tables(con)
    con.execute("INSERT INTO changes VALUES (" + ", ".join("?" * len(ROW)) + ")", list(ROW.values()))
    con.execute("INSERT INTO changes VALUES (" + ", ".join("?" * len(ROW)) + ")",
                list({**ROW, "subject_id": "ocds-y-2", "ocid": "ocds-y-2", "state_code": "19"}.values()))
    con.close()
    started = threading.Event()
    holder = {}

    def ready(httpd):
        holder["httpd"] = httpd
        started.set()

    thread = threading.Thread(target=feed.serve, args=(0,), kwargs={"db": db, "ready": ready}, daemon=True)
    thread.start()
    assert started.wait(10)
    port = holder["httpd"].server_address[1]
    try:
        url = f"http://127.0.0.1:{port}/feed?state=14&since=2025-01-01"
        with urllib.request.urlopen(url, timeout=10) as resp:
            assert resp.headers["Content-Type"].startswith("application/atom+xml")
            root = _check_rfc4287(resp.read())
        assert [e.find("a:link", NS).get("href").rsplit("=", 1)[1] for e in root.findall("a:entry", NS)] == ["ocds-x-1"]
    finally:
        holder["httpd"].shutdown()
