"""`obras harvest` against a local server replaying answers shaped like the publishers'
(shared/docs/PUBLISHERS.md §1: /edca/fiscalYears, /edca/contractingprocess/{year} with
{"arrayReleasePackage": [...]}, INAI's 200 {"message": ...}), built from the project's own demo files:
a changed file, an unchanged one (304), a timeout, an HTML error page, a login page and a server that
never answers. No network beyond 127.0.0.1.
"""
from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from demo.generate import generate
from obras import changes, feed
from obras.harvest import harvest, not_data

FAST = dict(timeout=(2.0, 2.0), retries=0, backoff=0.0, refresh=True)


class Replay:
    """What the local server answers: path -> (status, content type, body, delay seconds)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, bytes, float]] = {}
        self.asked: dict[str, list[dict]] = defaultdict(list)

    def json(self, path: str, obj, status: int = 200, delay: float = 0.0) -> None:
        self.routes[path] = (status, "application/json", json.dumps(obj).encode(), delay)

    def raw(self, path: str, body: bytes, content_type: str = "text/html", status: int = 200) -> None:
        self.routes[path] = (status, content_type, body, 0.0)


@pytest.fixture
def server(monkeypatch, tmp_path):
    # the safe fetch refuses loopback unless allowed (core/settings.py, as tests/test_fetch.py does)
    monkeypatch.setenv("OBRAS_ALLOW_PRIVATE_URLS", "1")
    monkeypatch.setenv("OBRAS_STRICT_REFRESH", "1")
    monkeypatch.setenv("OBRAS_HARVEST_DIR", str(tmp_path / "kept"))
    replay = Replay()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            replay.asked[self.path].append(dict(self.headers))
            if self.path not in replay.routes:
                self.send_response(404)
                self.end_headers()
                return
            status, ctype, body, delay = replay.routes[self.path]
            time.sleep(delay)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if status == 200:
                self.send_header("ETag", etag)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    replay.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield replay
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def demo_releases(tmp_path_factory) -> dict[str, list[dict]]:
    """The project's demo releases, by ocid (12 processes, five or more releases each)."""
    out = tmp_path_factory.mktemp("demo")
    paths = generate(out, processes=12, seed=7)
    by_ocid: dict[str, list[dict]] = {}
    for path in paths:
        if path.suffix == ".json":
            for release in json.loads(path.read_text(encoding="utf-8"))["releases"]:
                by_ocid.setdefault(release["ocid"], []).append(release)
    return by_ocid


def inai_body(releases: list[dict]) -> dict:
    """INAI's /edca/contractingprocess/{year} answer: one release per package (PUBLISHERS.md §1)."""
    return {"arrayReleasePackage": [
        {"uri": f"http://HOST:3000/release-package/1/{r['id']}.json", "version": "1.1",
         "publishedDate": "2024-05-02T10:00:00-06:00", "publisher": {"name": "Demo publisher"},
         "license": "https://datos.gob.mx/libreusomx", "releases": [r]} for r in releases]}


def catalogue(tmp_path: Path, base: str, entries: list[tuple[str, str, str]]) -> Path:
    """A catalogue of (id, kind, base path) entries on the local server."""
    text = ""
    for sid, kind, path in entries:
        year = "first_year = 2024\n" if kind == "inai_edca" else ""
        text += (f'[[source]]\nid = "{sid}"\nimplementer = ""\nkind = "{kind}"\nformat = "ocds"\n'
                 f'base = "{base}{path}"\n{year}origin = "test"\nconfirmed = true\n\n')
    out = tmp_path / "sources.toml"
    out.write_text(text, encoding="utf-8")
    return out


def _state(db: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0]: r[1:] for r in con.execute("SELECT url, status, failures, etag FROM harvest_state").fetchall()}
    finally:
        con.close()


def test_a_changed_file_is_loaded_and_an_unchanged_one_answers_304(server, tmp_path, demo_releases):
    ocids = sorted(demo_releases)
    server.json("/edca/fiscalYears", {"fiscalYears": [{"id": 1, "year": 2024, "status": True}]})
    server.json("/edca/contractingprocess/2024", inai_body([r for o in ocids[:4] for r in demo_releases[o]]))
    server.json("/file.json", {"releases": demo_releases[ocids[5]], "version": "1.1", "uri": "x",
                               "publishedDate": "2024-01-01T00:00:00Z"})
    cat = catalogue(tmp_path, server.base, [("inai", "inai_edca", ""), ("one", "url", "/file.json")])
    db = tmp_path / "h.duckdb"

    first = harvest(db=db, catalogue=cat, **FAST)
    assert {d.name: d.status for d in first.documents} == {"edca-2024": "changed", "document": "changed"}
    assert not first.failed and [r.status for r in first.loads] == ["loaded", "loaded"]

    second = harvest(db=db, catalogue=cat, **FAST)
    assert {d.name: d.status for d in second.documents} == {"edca-2024": "unchanged", "document": "unchanged"}
    assert second.loads == []
    # the second request carried the first answer's ETag, and the server answered 304
    assert server.asked["/edca/contractingprocess/2024"][1].get("If-None-Match")

    server.json("/file.json", {"releases": demo_releases[ocids[6]], "version": "1.1", "uri": "x",
                               "publishedDate": "2024-02-01T00:00:00Z"})
    third = harvest(db=db, catalogue=cat, **FAST)
    assert {d.name: d.status for d in third.documents} == {"edca-2024": "unchanged", "document": "changed"}
    con = duckdb.connect(str(db), read_only=True)
    loaded = {r[0] for r in con.execute("SELECT ocid FROM processes").fetchall()}
    con.close()
    assert loaded == set(ocids[:4]) | {ocids[5], ocids[6]}


def test_failures_are_reported_per_source_and_do_not_stop_the_others(server, tmp_path, demo_releases):
    ocids = sorted(demo_releases)
    server.json("/good.json", {"releases": demo_releases[ocids[0]], "version": "1.1", "uri": "x",
                               "publishedDate": "2024-01-01T00:00:00Z"})
    server.raw("/error.json", b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
    server.raw("/login.json", b'<!doctype html><html><title>Acceso</title><form><input type="password"></form>')
    # INAI's record routes answer 200 with a message when nothing is found (PUBLISHERS.md §1)
    server.json("/record-package/ocds-x-1", {"message": "No se ha encontrado el registro"})
    server.json("/slow.json", {"releases": []}, delay=3.0)
    cat = catalogue(tmp_path, server.base, [("error", "url", "/error.json"), ("login", "url", "/login.json"),
                                            ("message", "url", "/record-package/ocds-x-1"),
                                            ("slow", "url", "/slow.json"), ("good", "url", "/good.json")])
    db = tmp_path / "h.duckdb"
    report = harvest(db=db, catalogue=cat, timeout=(1.0, 0.5), retries=0, backoff=0.0)
    got = {d.source: (d.status, d.detail) for d in report.documents}
    assert got["error"][0] == "not_data" and "an HTML page (502 Bad Gateway)" in got["error"][1]
    assert got["login"][0] == "not_data" and "a login page" in got["login"][1]
    assert got["message"][0] == "not_data" and "No se ha encontrado" in got["message"][1]
    assert got["slow"][0] == "failed" and "timed out" in got["slow"][1]
    assert got["good"][0] == "changed" and report.failed
    state = _state(db)
    assert state[f"{server.base}/slow.json"][:2] == ("failed", 1)
    assert state[f"{server.base}/good.json"][:2] == ("changed", 0)

    # the next run asks the failed addresses again (and counts the failures in a row)
    server.json("/slow.json", {"releases": demo_releases[ocids[1]], "version": "1.1", "uri": "x",
                               "publishedDate": "2024-01-01T00:00:00Z"})
    again = harvest(db=db, catalogue=cat, timeout=(1.0, 2.0), retries=0, backoff=0.0)
    assert {d.source: d.status for d in again.documents}["slow"] == "changed"
    state = _state(db)
    assert state[f"{server.base}/slow.json"][:2] == ("changed", 0)
    assert state[f"{server.base}/error.json"][:2] == ("not_data", 2)
    assert len(server.asked["/error.json"]) == 2


def test_a_server_that_never_answers_fails_within_the_client_timeout(server, tmp_path, demo_releases):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts (the kernel does) and never says anything
    try:
        port = silent.getsockname()[1]
        server.json("/good.json", {"releases": demo_releases[sorted(demo_releases)[0]], "version": "1.1",
                                   "uri": "x", "publishedDate": "2024-01-01T00:00:00Z"})
        cat = tmp_path / "sources.toml"
        cat.write_text(
            f'[[source]]\nid = "mute"\nimplementer = ""\nkind = "inai_edca"\nformat = "ocds"\n'
            f'base = "http://127.0.0.1:{port}"\nfirst_year = 2024\norigin = "test"\nconfirmed = true\n\n'
            f'[[source]]\nid = "good"\nimplementer = ""\nkind = "url"\nformat = "ocds"\n'
            f'base = "{server.base}/good.json"\norigin = "test"\nconfirmed = true\n', encoding="utf-8")
        started = time.monotonic()
        report = harvest(db=tmp_path / "h.duckdb", catalogue=cat, timeout=(0.5, 0.5), retries=0, backoff=0.0)
        assert time.monotonic() - started < 60
    finally:
        silent.close()
    got = {d.source: d for d in report.documents}
    assert got["mute"].status == "failed" and got["mute"].name == "listing" and "timed out" in got["mute"].detail
    assert got["good"].status == "changed"


def test_an_empty_fiscal_years_list_asks_each_year_from_the_first(server, tmp_path, demo_releases):
    server.json("/edca/fiscalYears", {"fiscalYears": []})
    server.json("/edca/contractingprocess/2024",
                inai_body(demo_releases[sorted(demo_releases)[0]]))
    server.json("/edca/contractingprocess/2025", {"status": 404, "message": "No se encontraron contrataciones"},
                status=404)
    cat = catalogue(tmp_path, server.base, [("inai", "inai_edca", "")])
    report = harvest(db=tmp_path / "h.duckdb", catalogue=cat, today=__import__("datetime").date(2025, 6, 1), **FAST)
    assert {d.name: d.status for d in report.documents} == {"edca-2024": "changed", "edca-2025": "empty"}
    assert not report.failed


def test_not_data_tells_data_from_pages_and_messages(tmp_path):
    cases = {b'{"arrayReleasePackage": []}': None, b"[]": None,
             b"  <html><title>Error</title>": "an HTML page (Error)",
             b'{"message": "No se ha encontrado"}': "a message from the publisher: 'No se ha encontrado'",
             b"": "an empty answer", b"Internal Server Error": "not JSON"}
    for body, expected in cases.items():
        path = tmp_path / "b"
        path.write_bytes(body)
        why = not_data(path)
        assert (why is None) if expected is None else (why or "").startswith(expected), body


def _ocids(body: dict) -> set[str]:
    return {r["ocid"] for p in body["arrayReleasePackage"] for r in p["releases"]}


def _latest(releases: list[dict], key: str):
    """Read with plain json: the last (by date) contract amount a release gives, or the suppliers' names
    as OCDS merges them (an array of objects with ids merges by id, so a supplier added later joins the
    earlier ones, and a later name replaces an earlier one of the same id)."""
    if key == "suppliers":
        by_id: dict[str, str] = {}
        for r in sorted(releases, key=lambda r: r["date"]):
            for a in r.get("awards", []):
                for s in a.get("suppliers", []):
                    by_id[s["id"]] = s["name"]
        return sorted(set(by_id.values())) or None
    for r in sorted(releases, key=lambda r: r["date"], reverse=True):
        if r.get("contracts") and (r["contracts"][0].get("value") or {}).get("amount") is not None:
            return r["contracts"][0]["value"]["amount"]
    return None


def test_harvest_twice_changes_and_feed_match_an_independent_diff_of_the_files(server, tmp_path, demo_releases):
    """The issue's check: an operator's two runs against a server whose file changed in between."""
    ocids = sorted(demo_releases)
    v1 = {o: list(demo_releases[o]) for o in ocids[:8]}
    v2 = {o: list(demo_releases[o]) for o in ocids[2:10]}
    # the publisher amends two contracts and replaces a supplier: new releases, as OCDS publishes them
    for o in ocids[2:4]:
        contract = next(c for r in v2[o] for c in r.get("contracts", []) if (c.get("value") or {}).get("amount"))
        v2[o].append({"ocid": o, "id": f"{o}.v9.contractAmendment", "date": "2030-01-01T00:00:00-06:00",
                      "tag": ["contractAmendment"], "initiationType": "tender",
                      "contracts": [{"id": contract["id"], "value": {**contract["value"],
                                                                      "amount": round(contract["value"]["amount"] * 1.4, 2)}}]})
    award = next(a for r in v2[ocids[4]] for a in r.get("awards", []) if a.get("suppliers"))
    v2[ocids[4]].append({"ocid": ocids[4], "id": f"{ocids[4]}.v9.award", "date": "2030-01-01T00:00:00-06:00",
                         "tag": ["awardUpdate"], "initiationType": "tender",
                         "parties": [{"id": "NEW-1", "name": "Constructora Nueva <&> S.A.", "roles": ["supplier"]}],
                         "awards": [{"id": award["id"], "suppliers": [{"id": "NEW-1", "name": "Constructora Nueva <&> S.A."}]}]})
    body1 = inai_body([r for o in v1 for r in v1[o]])
    body2 = inai_body([r for o in v2 for r in v2[o]])
    server.json("/edca/fiscalYears", {"fiscalYears": [{"id": 1, "year": 2024, "status": True}]})
    server.json("/edca/contractingprocess/2024", body1)
    cat = catalogue(tmp_path, server.base, [("inai", "inai_edca", "")])
    db = tmp_path / "h.duckdb"
    harvest(db=db, catalogue=cat, **FAST)
    server.json("/edca/contractingprocess/2024", body2)
    report = harvest(db=db, catalogue=cat, **FAST)
    assert [d.status for d in report.documents] == ["changed"]

    # the independent diff, from the two JSON bodies only
    before = {o: [r for p in body1["arrayReleasePackage"] for r in p["releases"] if r["ocid"] == o] for o in _ocids(body1)}
    after = {o: [r for p in body2["arrayReleasePackage"] for r in p["releases"] if r["ocid"] == o] for o in _ocids(body2)}
    added, gone = set(after) - set(before), set(before) - set(after)
    amended = {o: _latest(after[o], "contract") for o in set(before) & set(after)
               if _latest(before[o], "contract") != _latest(after[o], "contract")}
    new_suppliers = {o: _latest(after[o], "suppliers") for o in set(before) & set(after)
                     if _latest(before[o], "suppliers") != _latest(after[o], "suppliers")}
    touched = {o for o in set(before) & set(after) if before[o] != after[o]}
    assert added and gone and amended and new_suppliers  # the premise: the files do differ in each way

    con = duckdb.connect(str(db), read_only=True)
    rows = changes.read(con)
    runs = con.execute("SELECT baseline, changes FROM change_runs ORDER BY recorded_at").fetchall()
    con.close()
    assert [r[0] for r in runs] == [True, False] and runs[0][1] == 0  # the first run only set the baseline
    process_rows = [r for r in rows if r["subject_type"] == "process"]
    assert {r["subject_id"] for r in process_rows if r["kind"] == "added"} == added
    assert {r["subject_id"] for r in process_rows if r["kind"] == "unpublished"} == gone
    assert {r["subject_id"] for r in process_rows if r["kind"] == "changed"} == touched
    for o, amount in amended.items():
        [row] = [r for r in process_rows if r["subject_id"] == o and r["field"] == "contract_value"]
        assert float(row["after"]) == pytest.approx(amount)
    for o, names in new_suppliers.items():
        [row] = [r for r in process_rows if r["subject_id"] == o and r["field"] == "suppliers"]
        assert row["after"] == "; ".join(names)
    assert all(r["origin"] == "inai" for r in process_rows)

    # the feed of the whole view lists each of those changes once, linked to its profile, text escaped
    con = duckdb.connect(str(db), read_only=True)
    xml = feed.feed_for_query(con, "", "http://feeds.example/feed", "http://app.example")
    supplier_xml = feed.feed_for_query(con, "supplier=nueva", "http://feeds.example/feed?supplier=nueva",
                                       "http://app.example")
    con.close()
    ns = {"a": feed.ATOM}
    entries = ET.fromstring(xml).findall("a:entry", ns)
    assert len(entries) == len(rows)
    links = {e.find("a:link", ns).get("href") for e in entries}
    for o in added | gone | touched:
        assert f"http://app.example/proceso?ocid={o}" in links
    titles = [e.find("a:title", ns).text for e in ET.fromstring(supplier_xml).findall("a:entry", ns)]
    assert any("Constructora Nueva <&> S.A." in t for t in titles)
    assert all(ocids[4] in t for t in titles if "suppliers" in t)
