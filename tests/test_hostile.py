"""Hostile data and hostile users.

- SQL-injection and script payloads in names, titles and project fields (loaded through the loader from
  tests/corpus/55_hostile_text.json and a hostile project package written here) and in every filter value
  and subject id of the query string: each page runs (AppTest) without an exception, no element renders
  HTML, no markdown link to javascript: is made, the payload is shown as text, and the database is the same
  file afterwards (same bytes, tables and counts).
- Code review guards: no `unsafe_allow_html` and no `st.html` anywhere in the dashboard code.
- URL loading (loaders.read.fetch) beyond tests/test_fetch.py: a name with one private address among public
  ones, redirects to file: and redirect loops, a gzip-encoded body that inflates past the cap, and a
  server that drips bytes for ever (cut off by the total deadline).
"""
from __future__ import annotations

import gzip
import hashlib
import http.server
import json
import re
import socket
import threading
import time
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from obras.update import update
from loaders.read.fetch import download
from loaders.read.items import UnreadableSource

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
HOSTILE = ["'; DROP TABLE processes; --", "<script>alert(1)</script>", "<img src=x onerror=alert(2)>",
           "[x](javascript:alert(3))", "Robert'); DELETE FROM releases WHERE ('1'='1", "{{7*7}} ${7*7} %s %n"]
INJECTION = "'; DROP TABLE processes; --"
SCRIPT = "<script>alert(1)</script>"
TABLES = ("processes", "releases", "parties", "projects", "project_locations", "sources", "flags")
PAGES = ("resumen", "mapa", "comparar", "banderas", "proyecto", "proceso", "proveedores", "calidad",
         "metodologia", "descargas")
# every query parameter the pages read (filters, page choices, subjects), each given a hostile value
PARAMS = {
    "estado": [INJECTION, "19"], "implementador": [SCRIPT], "anios": "2019'; DROP TABLE processes; --",
    "metodo": ["open' OR '1'='1"], "categoria": ["<img src=x onerror=alert(2)>"], "proyecto": INJECTION,
    "indicador": [INJECTION], "sujeto": [SCRIPT], "monto_min": "1 OR 1=1", "monto_max": "1e999",
    "medida": INJECTION, "nivel": SCRIPT, "banda": [INJECTION], "medida_comp": "[x](javascript:alert(3))",
    "supplier": INJECTION, "implementer": SCRIPT, "lang": SCRIPT,
}
MD_KINDS = ("markdown", "caption", "title", "header", "subheader", "latex")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in TABLES}
    finally:
        con.close()


def hostile_projects() -> dict:
    """An OC4IDS project package whose text fields, location and document link are hostile."""
    projects = []
    for i, text in enumerate(HOSTILE):
        projects.append({
            "id": f"oc4ids-hostil-{i}", "title": text, "description": text, "status": "implementation",
            "sector": [text], "publicAuthority": {"name": text},
            "locations": [{"description": text, "geometry": {"type": "Point", "coordinates": [-100.3, 25.67]},
                           "address": {"locality": text, "region": text}}],
            "documents": [{"id": "d1", "title": text, "url": "javascript:alert(document.cookie)"},
                          {"id": "d2", "title": "ok", "url": "https://ejemplo.invalid/doc.pdf"}],
            "contractingProcesses": [{"id": f"ocds-c55-{i}", "summary": {"ocid": f"ocds-c55-{i}", "title": text}}],
        })
    projects.append({"id": INJECTION, "title": SCRIPT, "status": "completed"})
    return {"uri": "https://ejemplo.invalid/proyectos.json", "version": "0.9", "projects": projects}


def hostile_suppliers() -> dict:
    """A release package whose suppliers (awards and parties) have hostile names."""
    releases = []
    for i, text in enumerate(HOSTILE):
        supplier = {"id": f"MX-RFC-HOS{i:02d}0101AB{i}", "name": text}
        releases.append({
            "ocid": f"ocds-hs-{i}", "id": "1", "date": "2021-03-01T00:00:00Z", "tag": ["award"],
            "buyer": {"id": "b1", "name": "Municipio"}, "tender": {"id": "t", "title": f"Obra {i}"},
            "parties": [{**supplier, "roles": ["supplier"]}, {"id": "b1", "name": "Municipio", "roles": ["buyer"]}],
            "awards": [{"id": "a1", "status": "active", "suppliers": [supplier],
                        "value": {"amount": 1000 + i, "currency": "MXN"}}]})
    return {"uri": "https://ejemplo.invalid/proveedores.json", "version": "1.1", "releases": releases}


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    (base / "proyectos.json").write_text(json.dumps(hostile_projects(), ensure_ascii=False), encoding="utf-8")
    (base / "proveedores.json").write_text(json.dumps(hostile_suppliers(), ensure_ascii=False), encoding="utf-8")
    db = base / "hostil.duckdb"
    reports = update([str(CORPUS / "55_hostile_text.json"), str(base / "proyectos.json"),
                    str(base / "proveedores.json")], db=db)
    assert sum(r.items_rejected for r in reports) == 0
    return db


def test_the_corpus_file_carries_the_payloads_tested_here():
    manifest = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    case = next(c for c in manifest if c["file"] == "55_hostile_text.json")
    assert [v[4] for v in case["values"]] == HOSTILE


def test_payloads_are_stored_verbatim(hostile_db):
    con = duckdb.connect(str(hostile_db), read_only=True)
    try:
        titles = {r[0] for r in con.execute("SELECT title FROM processes").fetchall()}
        projects = {r[0] for r in con.execute("SELECT title FROM projects").fetchall()}
    finally:
        con.close()
    assert set(HOSTILE) <= titles
    assert set(HOSTILE) <= projects


def run_page(page: str, db: Path, monkeypatch, params: dict) -> AppTest:
    monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "views" / f"{page}.py"), default_timeout=240)
    at.session_state["lang"] = "es"
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def unescape(md: str) -> str:
    return re.sub(r"\\(.)", r"\1", md)


def rendered_text(at: AppTest) -> str:
    """Everything a reader sees as text: markdown-ish bodies (unescaped), alerts, metrics, table cells."""
    parts: list[str] = []
    for kind in MD_KINDS + ("info", "warning", "error", "success", "text", "code"):
        parts += [unescape(str(e.value)) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for df in at.dataframe:
        parts += [str(v) for v in df.value.astype(str).to_numpy().ravel()]
    for sb in at.selectbox:
        parts += [str(o) for o in sb.options]
    return "\n".join(parts)


def assert_inert(at: AppTest) -> None:
    """No element may render HTML; markdown never links to javascript:/data:/vbscript:."""
    assert not at.exception, [e.value for e in at.exception]
    assert list(at.get("html")) == []
    for kind in MD_KINDS:
        for e in getattr(at, kind):
            assert not getattr(e.proto, "allow_html", False), (kind, e.value)
            body = str(e.value)
            assert not re.search(r"(?<!\\)\]\(\s*(?:javascript|data|vbscript):", body, re.I), body
            assert not re.search(r"(?<!\\)<(?:script|img|iframe|svg)", body, re.I), body
    for button in at.get("link_button"):
        assert not re.match(r"\s*(?:javascript|data|vbscript):", button.proto.url, re.I), button.proto.url


@pytest.mark.parametrize("page", PAGES)
def test_hostile_query_string_changes_no_query_and_renders_nothing(page, hostile_db, monkeypatch):
    before_sha, before = sha256(hostile_db), snapshot(hostile_db)
    at = run_page(page, hostile_db, monkeypatch, PARAMS)
    assert_inert(at)
    assert sha256(hostile_db) == before_sha
    assert snapshot(hostile_db) == before


@pytest.mark.parametrize("i", range(len(HOSTILE)))
def test_process_page_shows_a_hostile_title_as_text(i, hostile_db, monkeypatch):
    at = run_page("proceso", hostile_db, monkeypatch, {"ocid": f"ocds-c55-{i}"})
    assert_inert(at)
    assert HOSTILE[i] in rendered_text(at)


@pytest.mark.parametrize("i", [0, 1, 3])
def test_project_page_shows_hostile_fields_as_text_and_drops_the_javascript_link(i, hostile_db, monkeypatch):
    at = run_page("proyecto", hostile_db, monkeypatch, {"project": f"oc4ids-hostil-{i}"})
    assert_inert(at)
    assert HOSTILE[i] in rendered_text(at)
    urls = [b.proto.url for b in at.get("link_button")]
    assert "https://ejemplo.invalid/doc.pdf" in urls
    assert not any("javascript" in u for u in urls)


def test_a_project_whose_id_is_an_injection_opens_as_text(hostile_db, monkeypatch):
    before = snapshot(hostile_db)
    at = run_page("proyecto", hostile_db, monkeypatch, {"project": INJECTION})
    assert_inert(at)
    assert SCRIPT in rendered_text(at)
    assert snapshot(hostile_db) == before


def test_supplier_page_lists_hostile_names_as_text(hostile_db, monkeypatch):
    at = run_page("proveedores", hostile_db, monkeypatch, {})
    assert_inert(at)
    shown = rendered_text(at)
    assert all(text in shown for text in HOSTILE), [t for t in HOSTILE if t not in shown]


@pytest.mark.parametrize("i", [0, 1, 3])
def test_supplier_page_opened_on_a_hostile_supplier_shows_it_as_text(i, hostile_db, monkeypatch):
    con = duckdb.connect(str(hostile_db), read_only=True)
    try:
        from ui.queries_profiles import supplier_options

        options = supplier_options(con)
    finally:
        con.close()
    key = next(r["supplier_key"] for r in options.to_dict("records") if HOSTILE[i] in str(r.values()))
    at = run_page("proveedores", hostile_db, monkeypatch, {"supplier": key})
    assert_inert(at)
    assert HOSTILE[i] in rendered_text(at)


# ---- code review guards -------------------------------------------------------------------------------

def _dashboard_sources() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]


def test_no_dashboard_code_renders_raw_html():
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in _dashboard_sources()
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"unsafe_allow_html\s*=\s*True|\bst\.html\(|components\.html\(", line)]
    assert offenders == []


# ---- URL loading ---------------------------------------------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802
        self.routes[self.path](self)


def _redirect(target: str):
    def handle(h):
        h.send_response(302)
        h.send_header("Location", target)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return handle


def _gzip_bomb(h):
    body = gzip.compress(b"[" + b" " * (8 * 1024**2) + b"]", mtime=0)
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Encoding", "gzip")
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def _drip(h):
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.end_headers()
    try:
        h.wfile.write(b"[")
        for _ in range(150):  # a byte every 0.1 s for 15 s: never idle long enough for a read timeout
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(0.1)
        h.wfile.write(b"]")
    except OSError:
        pass


_CHUNKED_BODY = b'{"releases": [' + b",".join(b'{"ocid": "ocds-x-%d"}' % i for i in range(5000)) + b"]}"


def _chunked(gzipped: bool):
    def handle(h):
        data = gzip.compress(_CHUNKED_BODY, mtime=0) if gzipped else _CHUNKED_BODY
        h.protocol_version = "HTTP/1.1"  # chunked transfer needs it
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Transfer-Encoding", "chunked")
        h.send_header("Connection", "close")
        if gzipped:
            h.send_header("Content-Encoding", "gzip")
        h.end_headers()
        for i in range(0, len(data), 7000):
            part = data[i:i + 7000]
            h.wfile.write(b"%x\r\n" % len(part) + part + b"\r\n")
        h.wfile.write(b"0\r\n\r\n")
    return handle


@pytest.fixture
def local(monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Handler.routes = {"/to-file": _redirect("file:///etc/passwd"), "/loop": _redirect("/loop"),
                       "/bomb.json": _gzip_bomb, "/drip.json": _drip,
                       "/chunked.json": _chunked(False), "/chunked-gzip.json": _chunked(True)}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("OBRAS_ALLOW_PRIVATE_URLS", "1")
    yield base
    server.shutdown()
    server.server_close()


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch):
    from loaders.read import fetch

    monkeypatch.delenv("OBRAS_ALLOW_PRIVATE_URLS", raising=False)

    def resolve(host, port, *args, **kwargs):  # a DNS answer mixing a public and a private address
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.1.10", port))]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", resolve)
    with pytest.raises(UnreadableSource, match="192.168.1.10"):
        download("https://datos.ejemplo.invalid/x.json", retries=0)


def test_a_name_that_resolves_public_when_checked_but_connects_to_loopback_is_refused(local, monkeypatch, tmp_path):
    # DNS rebinding: the check sees a public address, the connection then reaches 127.0.0.1
    from loaders.read import fetch

    monkeypatch.delenv("OBRAS_ALLOW_PRIVATE_URLS", raising=False)
    monkeypatch.setattr(fetch, "_resolve", lambda host, port: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))])
    port = local.rsplit(":", 1)[1]
    with pytest.raises(UnreadableSource, match=r"connected to a private, loopback or link-local address \(127\.0\.0\.1\)"):
        download(f"http://localhost:{port}/drip.json", tmp_path, retries=0)
    assert list(tmp_path.iterdir()) == []


def test_the_same_loopback_server_is_read_when_private_addresses_are_allowed(local, tmp_path):
    # the fixture allows private addresses: the connection check lets it through
    path = download(f"{local}/bomb.json", tmp_path, retries=0, max_bytes=64 * 1024**2)
    assert path.read_bytes().startswith(b"[")


@pytest.mark.parametrize("name", ["chunked.json", "chunked-gzip.json"])
def test_a_chunked_body_gzipped_or_not_is_downloaded_whole(local, tmp_path, name):
    # bodies are read piece by piece as they arrive (for the deadline): chunks and gzip must still join up
    path = download(f"{local}/{name}", tmp_path, retries=0)
    assert path.read_bytes() == _CHUNKED_BODY


def test_a_redirect_to_a_file_url_is_refused(local):
    with pytest.raises(UnreadableSource, match="only http and https"):
        download(f"{local}/to-file", retries=0)


def test_a_redirect_loop_ends_with_a_reason(local):
    with pytest.raises(UnreadableSource, match="redirects"):
        download(f"{local}/loop", retries=0)


def test_a_gzip_encoded_body_is_capped_after_decompression(local, monkeypatch):
    monkeypatch.setenv("OBRAS_MAX_DOWNLOAD_BYTES", str(1024**2))
    with pytest.raises(UnreadableSource, match="download cap"):
        download(f"{local}/bomb.json", retries=0)


@pytest.mark.timeout(120)
def test_a_server_that_drips_bytes_is_cut_off_by_a_total_deadline(local, tmp_path):
    # a byte every 0.1 s for 15 s: no read ever waits 2 s, so only the total deadline can stop it
    started = time.monotonic()
    with pytest.raises(UnreadableSource, match=r"drip\.json: the download took longer than its 3-second deadline"):
        download(f"{local}/drip.json", tmp_path, retries=0, timeout=(2.0, 2.0), deadline=3.0)
    assert time.monotonic() - started < 8
    assert list(tmp_path.iterdir()) == []  # the partial file is removed


def test_a_download_within_its_deadline_is_complete(local, tmp_path):
    path = download(f"{local}/drip.json", tmp_path, retries=0, timeout=(2.0, 2.0), deadline=60.0)
    assert path.read_bytes() == b"[" + b" " * 150 + b"]"
