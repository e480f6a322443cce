"""AppTest runs of the pages Proyecto, Proceso, Proveedores, Metodología and Cargar datos: on a hand-made
database, on Nuevo León's real files loaded through the loader, and on a small demo database. Figures
shown are compared with what the test computes itself."""
from __future__ import annotations

import ast
import json
import re
from collections import defaultdict
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests import profiles_fixture as fx
from tests.profiles_data import demo_db, nl_db  # noqa: F401 (fixtures)
from tests.shared import shared_data
from ui.fmt import amount_short, integer, money
from ui.i18n import CATALOGUE, translate

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("proyecto", "proceso", "proveedores", "metodologia", "cargar")
PASSWORD = "clave-de-prueba"


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    return fx.build(tmp_path_factory.mktemp("pages") / "fixture.duckdb")


def run_page(page: str, db: Path, monkeypatch, lang: str = "es", **params: str) -> AppTest:
    monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "views" / f"{page}.py"), default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def exact(at: AppTest, label: str) -> str:
    """The exact figure a metric shows on hover (its help: "Cifra exacta: $1,234.56")."""
    help_text = next(m.proto.help for m in at.metric if m.label == label)
    return re.search(r"\$[-\d,.]+", help_text).group(0)


def texts(at: AppTest, kind: str) -> list[str]:
    return [e.value for e in getattr(at, kind)]


def frame(at: AppTest, column: str):
    """The first table with this column (AppTest does not give a table's key)."""
    return next(d for d in at.dataframe if column in d.value.columns)


def unescape(md: str) -> str:
    return re.sub(r"\\(.)", r"\1", md)


# ---- every label exists -------------------------------------------------------------------------

def _label_keys(path: Path) -> set[str]:
    """Literal keys passed to t(...) in a source file."""
    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            keys.add(node.args[0].value)
    return keys


def test_every_label_the_pages_use_is_in_the_catalogue_in_both_languages():
    files = [ROOT / "views" / f"{p}.py" for p in PAGES] + [ROOT / "ui" / "profile_widgets.py"]
    used = set().union(*(_label_keys(f) for f in files))
    # keys built at run time: their every variant
    used |= {f"prj_phase_{p}" for p in ("planned", "actual", "tender", "contract")}
    used |= {f"proc_{k}_{t}" for k in ("none", "unpublished")
             for t in ("bids", "awards", "contracts", "amendments", "milestones", "transactions")}
    used |= {f"prof_origin_{o}" for o in ("project", "contract", "tender", "release_history")}
    used |= {f"upl_reason_{r}" for r in ("empty", "too_large", "extension", "content", "zip_without_json",
                                         "url_scheme", "url_invalid")}
    used |= {f"upl_status_{s}" for s in ("loaded", "unchanged")}
    assert len(used) > 100
    missing = sorted(k for k in used if k not in CATALOGUE or not all(CATALOGUE[k].get(x) for x in ("es", "en")))
    assert missing == []


# ---- hand-made database -------------------------------------------------------------------------

def test_project_page_shows_money_dates_map_timeline_and_only_http_documents(fixture_db, monkeypatch):
    at = run_page("proyecto", fixture_db, monkeypatch, project=fx.PROJECT)
    m = metrics(at)
    assert m["Presupuesto"] == money(1000.0) and m["Valor final"] == money(1250.0)
    assert m["Fin previsto"] == "31/12/2020" and m["Fin real"] == "30/01/2021"
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    points = [layer for layer in deck["layers"] if layer["@@type"] == "ScatterplotLayer"][0]["data"]
    assert [(p["lon"], p["lat"]) for p in points] == [(-100.3, 25.7)]  # the location without a point is left out
    from ui.maps import NO_BASEMAP_STYLE

    # no basemap to download: no provider, and only pydeck's "no style" marker
    assert "mapProvider" not in deck and deck.get("mapStyle") in (None, NO_BASEMAP_STYLE)
    assert len(at.get("plotly_chart")) == 1
    processes = at.dataframe[0].value
    assert len(processes) == 3
    assert [b.proto.url for b in at.link_button] == ["https://example.org/contrato.pdf"]


def test_project_map_draws_the_configured_state_outlines_under_the_points(fixture_db, monkeypatch, tmp_path):
    square = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Nuevo León"},
              "geometry": {"type": "Polygon", "coordinates": [[[-101, 24], [-99, 24], [-99, 27], [-101, 27], [-101, 24]]]}}]}
    (tmp_path / "states.json").write_text(json.dumps(square), encoding="utf-8")
    monkeypatch.setenv("OBRAS_STATE_BOUNDARIES", str(tmp_path / "states.json"))
    at = run_page("proyecto", fixture_db, monkeypatch, project=fx.PROJECT)
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert [layer["@@type"] for layer in deck["layers"]] == ["GeoJsonLayer", "ScatterplotLayer"]
    assert deck["layers"][0]["data"]["features"][0]["properties"]["name"] == "Nuevo León"


def test_project_page_switches_to_english(fixture_db, monkeypatch):
    at = run_page("proyecto", fixture_db, monkeypatch, lang="en", project=fx.PROJECT)
    assert at.title[0].value == "Project"
    assert {"Budget", "Final value", "Planned end", "Actual end"} <= set(metrics(at))
    assert metrics(at)["Planned end"] == "2020-12-31"


def test_unknown_project_is_reported_not_crashed(fixture_db, monkeypatch):
    at = run_page("proyecto", fixture_db, monkeypatch, project="no-such-project")
    assert [unescape(w) for w in texts(at, "warning")] == [translate("prj_not_found", "es", id="no-such-project")]


def test_process_page_shows_its_stages_payments_and_explained_flags(fixture_db, monkeypatch):
    at = run_page("proceso", fixture_db, monkeypatch, ocid="ocds-t-1")
    m = metrics(at)
    assert m["Monto adjudicado"] == money(100.0)
    assert m["Pagado (MXN)"] == money(40.0 + 25.0)
    # markdown and HTML characters in a published title are shown as text
    header = at.header[0].value
    assert unescape(header) == "Pavimento $calle* <b>1</b>" and "<b>" not in header
    infos = texts(at, "info")
    assert translate("proc_unpublished_bids", "es") in infos  # impl-a never publishes bids
    assert translate("proc_unpublished_milestones", "es") in infos
    flagged = [df.value for df in at.dataframe if "Indicador" in df.value.columns][0]
    assert len(flagged) == 2
    assert len(at.json) >= 2  # compiled process and one release


def test_process_page_tells_no_bids_here_from_never_publishes_bids(fixture_db, monkeypatch):
    at = run_page("proceso", fixture_db, monkeypatch, ocid="ocds-t-4")  # impl-b publishes bids elsewhere
    infos = texts(at, "info")
    assert translate("proc_none_bids", "es") in infos
    assert translate("proc_unpublished_bids", "es") not in infos


def test_supplier_link_by_party_id_opens_the_supplier_under_its_rfc(fixture_db, monkeypatch):
    at = run_page("proveedores", fixture_db, monkeypatch, supplier="sup-2")
    assert at.query_params["supplier"] == fx.RFC
    m = metrics(at)
    assert m["Procesos ganados"] == integer(2) and m["Monto adjudicado (MXN)"] == money(400.0)
    buyers = at.dataframe[0].value
    assert buyers["share"].tolist() == pytest.approx([100 * 400 / 500])  # percentage points, shown "80.0 %"


def test_supplier_tables_show_whole_amounts_that_sort_as_numbers_and_empty_cells_as_a_dash(fixture_db, monkeypatch):
    """As on Proceso and Proyecto: amounts kept as numbers (they sort as numbers) shown written out
    "$400.00" (not cut, not "4e+02"); "—" where a value is missing (Streamlit would print "None")."""
    at = run_page("proveedores", fixture_db, monkeypatch, supplier=fx.RFC)
    buyers, awards = at.dataframe[0], at.dataframe[1]
    assert buyers.value["amount"].tolist()[0] == 400.0
    for element, col in ((buyers, "amount"), (buyers, "buyer_amount"), (awards, "value")):
        assert pd.api.types.is_float_dtype(element.value[col])
        assert json.loads(element.proto.columns)[col]["type_config"] == {"type": "number", "format": "$%,.2f"}
    for element in (buyers, awards, frame(at, "flagged"), frame(at, "Sujeto")):  # and its flags: counts, rows
        cells = [v for col in element.value.columns for v in element.value[col]]
        assert not any(v in ("None", "nan", "NaN", "NaT") for v in cells if isinstance(v, str))
        assert element.proto.placeholder == "—"  # a missing value shows "—"
    assert "—" in [v for col in awards.value.columns for v in awards.value[col]]


def test_supplier_page_shows_its_result_counts_and_one_page_of_each_table(fixture_db, monkeypatch):
    """Awards and results come one page at a time (a supplier of the 1M demo has 255,028 results): the totals
    are those of every row (the caption, the table per indicator), a page selector reaches the rest, and
    turning the page shows the next rows in the same order."""
    from ui import profile_widgets
    from ui import queries_profiles as Q

    monkeypatch.setattr(profile_widgets, "PAGE_ROWS", 1)
    at = run_page("proveedores", fixture_db, monkeypatch, supplier=fx.RFC)
    con = duckdb.connect(str(fixture_db), read_only=True)
    every_award = Q.supplier_awards(con, fx.RFC)
    every_result = Q.supplier_flag_rows(con, fx.RFC)
    con.close()
    awards = frame(at, "link").value
    assert len(awards) == 1 and awards["link"].tolist() == [f"proceso?ocid={every_award['ocid'].iloc[0]}"]
    page = at.number_input(key=f"sup_awards_page_{fx.RFC}")
    assert page.max == len(every_award) == 4
    assert translate("prof_rows_shown", "es", first="1", last="1", total=integer(4)) in texts(at, "caption")
    page.set_value(2).run()
    assert not at.exception
    assert frame(at, "link").value["link"].tolist() == [f"proceso?ocid={every_award['ocid'].iloc[1]}"]
    # results: the totals of every row, one flagged row per page
    flagged = every_result[every_result["outcome"] == "flagged"]
    by_indicator = frame(at, "not_flagged").value
    assert by_indicator["results"].sum() == len(every_result) and by_indicator["flagged"].sum() == len(flagged) == 3
    assert len(frame(at, "Sujeto").value) == 1
    assert at.number_input(key=f"sup_flags_{fx.RFC}_flagged_page").max == 3
    caption = translate("rd_flags_counts", "es", flagged=integer(3)).split("|")[1]
    assert any(c.startswith(caption) for c in texts(at, "caption"))
    # every award and every result in the downloads
    assert [b.label for b in at.get("download_button")] == [translate("prof_download_all", "es", n=integer(n))
                                                            for n in (len(every_award), len(every_result))]


def test_choosing_another_supplier_puts_it_in_the_url(fixture_db, monkeypatch):
    at = run_page("proveedores", fixture_db, monkeypatch, supplier=fx.RFC)
    at.selectbox(key="choose_supplier").select("G1").run()
    assert not at.exception
    assert at.query_params["supplier"] == "G1"
    assert metrics(at)["Procesos ganados"] == integer(1)


def test_methodology_page_lists_indicators_rules_with_counts_and_tables(fixture_db, monkeypatch):
    from loaders.compile.normalise import RULES

    at = run_page("metodologia", fixture_db, monkeypatch)
    frames = [df.value for df in at.dataframe]
    rules = next(f for f in frames if "rule" in f.columns)
    assert set(rules["rule"]) == set(RULES)
    counts = dict(zip(rules["rule"], rules["n"]))
    assert counts["method_es"] == 1 and counts["currency_typo"] == 1
    assert any(e.label == "processes" for e in at.expander)
    markdown = "\n".join(texts(at, "markdown"))
    from metrics.catalogue import codes

    assert all(code in markdown for code in codes())
    # OA-P1's threshold row (default, in use) shows its latest run's 0.4, not the older run's 0.9
    assert "| `threshold` | 0.25 | 0.4 |" in markdown and "| `threshold` | 0.25 | 0.9 |" not in markdown


def test_pages_without_a_database_explain_instead_of_crashing(tmp_path, monkeypatch):
    for page in ("proyecto", "proceso", "proveedores"):
        at = run_page(page, tmp_path / "none.duckdb", monkeypatch)
        assert texts(at, "info") == [translate("no_database", "es", path=str(tmp_path / "none.duckdb"))]
    at = run_page("metodologia", tmp_path / "none.duckdb", monkeypatch)
    assert translate("meth_settings_none", "es") in texts(at, "info")


# ---- Cargar datos ----------------------------------------------------------------------------------

def test_upload_page_refuses_without_the_setting(fixture_db, monkeypatch):
    monkeypatch.delenv("OBRAS_ENABLE_UPLOAD", raising=False)
    monkeypatch.setenv("OBRAS_UPLOAD_PASSWORD", PASSWORD)
    at = run_page("cargar", fixture_db, monkeypatch)
    assert texts(at, "info") == [translate("upl_disabled", "es")]
    assert not at.text_input and not at.get("file_uploader")


def test_upload_page_refuses_to_load_when_no_password_is_configured(fixture_db, monkeypatch):
    monkeypatch.setenv("OBRAS_ENABLE_UPLOAD", "1")
    monkeypatch.delenv("OBRAS_UPLOAD_PASSWORD", raising=False)
    at = run_page("cargar", fixture_db, monkeypatch)
    assert texts(at, "error") == [translate("upl_no_password", "es")]
    assert not at.text_input and not at.get("file_uploader")


def test_upload_page_asks_for_the_password_and_refuses_a_wrong_one(fixture_db, monkeypatch):
    monkeypatch.setenv("OBRAS_ENABLE_UPLOAD", "1")
    monkeypatch.setenv("OBRAS_UPLOAD_PASSWORD", PASSWORD)
    at = run_page("cargar", fixture_db, monkeypatch)
    assert at.text_input(key="upl_password").proto.type == at.text_input(key="upl_password").proto.PASSWORD
    assert not at.get("file_uploader")
    at.text_input(key="upl_password").input("otra").run()
    assert texts(at, "error") == [translate("upl_wrong_password", "es")]
    assert not at.get("file_uploader")


def test_upload_page_refuses_a_file_whose_content_is_not_what_its_name_says(fixture_db, monkeypatch):
    monkeypatch.setenv("OBRAS_ENABLE_UPLOAD", "1")
    monkeypatch.setenv("OBRAS_UPLOAD_PASSWORD", PASSWORD)
    at = run_page("cargar", fixture_db, monkeypatch)
    at.text_input(key="upl_password").input(PASSWORD).run()
    at.get("file_uploader")[0].set_value(("x.json", b"<html>hola</html>", "application/json"))
    at.run()
    assert translate("upl_file_refused", "es", name="x\\.json", reason=translate("upl_reason_content", "es")) \
        in texts(at, "error")
    assert at.button(key="upl_go_files").disabled


def test_upload_with_the_right_password_loads_a_release_package(tmp_path, monkeypatch):
    db = fx.build(tmp_path / "app.duckdb")
    package = {"uri": "https://example.org/p.json", "publishedDate": "2024-01-01T00:00:00Z", "version": "1.1",
               "releases": [
                   {"ocid": "ocds-upl001-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
                    "initiationType": "tender", "tender": {"id": "T1", "title": "Obra subida"}},
                   {"ocid": "ocds-upl001-2", "id": "1", "date": "2024-01-02T00:00:00Z", "tag": ["tender"],
                    "initiationType": "tender", "tender": {"id": "T2", "title": "Otra obra subida",
                                                           "procurementMethod": "Licitación Pública"}},
                   {"id": "sin-ocid", "date": "2024-01-03T00:00:00Z", "tag": ["tender"]},
               ]}
    before = duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM processes").fetchall()[0][0]
    monkeypatch.setenv("OBRAS_ENABLE_UPLOAD", "1")
    monkeypatch.setenv("OBRAS_UPLOAD_PASSWORD", PASSWORD)
    at = run_page("cargar", db, monkeypatch)
    at.text_input(key="upl_password").input(PASSWORD).run()
    at.get("file_uploader")[0].set_value(("paquete.json", json.dumps(package).encode(), "application/json"))
    at.run()
    at.button(key="upl_go_files").click().run()
    assert not at.exception, [e.value for e in at.exception]
    con = duckdb.connect(str(db), read_only=True)
    ocids = {r[0] for r in con.execute("SELECT ocid FROM processes").fetchall()}
    assert {"ocds-upl001-1", "ocds-upl001-2"} <= ocids and len(ocids) == before + 2
    frames = [df.value for df in at.dataframe]
    report = next(f for f in frames if "read" in f.columns)
    assert report[["name", "read", "loaded", "rejected"]].values.tolist() == [["paquete.json", 3, 2, 1]]
    reasons = next(f for f in frames if "reason" in f.columns and "n" in f.columns)
    assert reasons["n"].sum() == 1
    corrected = next(f for f in frames if "rule" in f.columns)
    assert "method_es" in set(corrected["rule"])  # "Licitación Pública" -> open
    stored = con.execute("SELECT uri FROM sources ORDER BY loaded_at DESC LIMIT 1").fetchall()[0][0]
    assert not Path(stored).exists()  # the uploaded file was removed after loading


@pytest.fixture
def local_server(tmp_path):
    """A static HTTP server on 127.0.0.1 serving tmp_path/www."""
    import functools
    import http.server
    import threading

    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _url_page(db: Path, monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("OBRAS_ENABLE_UPLOAD", "1")
    monkeypatch.setenv("OBRAS_UPLOAD_PASSWORD", PASSWORD)
    at = run_page("cargar", db, monkeypatch)
    at.text_input(key="upl_password").input(PASSWORD).run()
    at.text_input(key="upl_url").input(url).run()
    at.button(key="upl_go_url").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_url_to_a_private_address_is_refused_by_the_loader_and_nothing_changes(tmp_path, monkeypatch, local_server):
    root, base = local_server
    (root / "p.json").write_text(json.dumps({"releases": [{"ocid": "ocds-url001-1", "id": "1"}]}), encoding="utf-8")
    db = fx.build(tmp_path / "app.duckdb")
    before = db.stat().st_mtime_ns
    monkeypatch.delenv("OBRAS_ALLOW_PRIVATE_URLS", raising=False)
    at = _url_page(db, monkeypatch, f"{base}/p.json")
    assert any("OBRAS_ALLOW_PRIVATE_URLS" in unescape(e) for e in texts(at, "error"))  # the loader says why
    assert db.stat().st_mtime_ns == before


def test_url_is_loaded_when_private_addresses_are_allowed(tmp_path, monkeypatch, local_server):
    root, base = local_server
    package = {"uri": "x", "releases": [{"ocid": "ocds-url001-1", "id": "1", "date": "2024-01-01T00:00:00Z",
                                         "tag": ["tender"], "tender": {"id": "T"}}]}
    (root / "p.json").write_text(json.dumps(package), encoding="utf-8")
    db = fx.build(tmp_path / "app.duckdb")
    monkeypatch.setenv("OBRAS_ALLOW_PRIVATE_URLS", "1")
    at = _url_page(db, monkeypatch, f"{base}/p.json")
    report = next(df.value for df in at.dataframe if "read" in df.value.columns)
    assert report[["read", "loaded", "rejected"]].values.tolist() == [[1, 1, 0]]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM processes WHERE ocid = 'ocds-url001-1'").fetchall()[0][0] == 1


def test_url_other_than_http_is_refused_before_loading(fixture_db, monkeypatch):
    monkeypatch.setenv("OBRAS_ENABLE_UPLOAD", "1")
    monkeypatch.setenv("OBRAS_UPLOAD_PASSWORD", PASSWORD)
    at = run_page("cargar", fixture_db, monkeypatch)
    at.text_input(key="upl_password").input(PASSWORD).run()
    at.text_input(key="upl_url").input("file:///etc/passwd").run()
    assert translate("upl_reason_url_scheme", "es") in texts(at, "error")
    assert at.button(key="upl_go_url").disabled


# ---- Nuevo León, real files ------------------------------------------------------------------------

def _nl_source(pattern: str) -> dict:
    root = shared_data() / "mx-nl-infraestructura-abierta" / "oc4ids-projects"
    return json.loads(next(root.glob(pattern)).read_text(encoding="utf-8"))


def test_nl_project_000004_page_shows_its_budget_and_five_processes(nl_db, monkeypatch):
    source = _nl_source("*-000004-*.json")
    at = run_page("proyecto", nl_db, monkeypatch, project=source["id"])
    # whole amounts: in millions of pesos, the exact figure on hover
    assert metrics(at)["Presupuesto"] == amount_short(source["budget"]["amount"]["amount"])
    assert exact(at, "Presupuesto") == money(source["budget"]["amount"]["amount"])
    assert metrics(at)["Valor final"].startswith(money(source["completion"]["finalValue"]["amount"]))
    processes = at.dataframe[0].value
    assert len(processes) == len(source["contractingProcesses"]) == 5
    points = {tuple(loc["geometry"]["coordinates"]) for loc in source["locations"]
              if (loc.get("geometry") or {}).get("coordinates")}
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    drawn = [layer for layer in deck["layers"] if layer["@@type"] == "ScatterplotLayer"][0]["data"]
    # published as [lat, lon]; the loader swaps them, so the map shows (lon, lat)
    assert {(p["lat"], p["lon"]) for p in drawn} <= points and drawn


def test_nl_process_page_award_equals_the_file(nl_db, monkeypatch):
    root = shared_data() / "mx-nl-infraestructura-abierta" / "ocds-record-packages"
    record = json.loads(next(root.glob("*E9-2018*.json")).read_text(encoding="utf-8"))["records"][0]
    award = sum(a["value"]["amount"] for a in record["compiledRelease"]["awards"]
                if a.get("status", "active").lower() == "active")
    tenderers = record["compiledRelease"]["tender"]["numberOfTenderers"]
    at = run_page("proceso", nl_db, monkeypatch, ocid=record["ocid"])
    m = metrics(at)
    assert m["Monto adjudicado"] == amount_short(award) and exact(at, "Monto adjudicado") == money(award)
    assert m["Participantes"] == integer(tenderers)


def test_nl_supplier_page_wins_equal_the_files(nl_db, monkeypatch):
    root = shared_data() / "mx-nl-infraestructura-abierta" / "ocds-record-packages"
    wins: dict[str, set[str]] = defaultdict(set)
    for path in sorted(root.glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8"))["records"]:
            c = record["compiledRelease"]
            rfc_of = {p["id"]: (p.get("identifier") or {}).get("id") for p in c.get("parties", [])}
            for a in c.get("awards", []):
                if str(a.get("status") or "active").lower() == "active":
                    for s in a.get("suppliers", []):
                        wins[rfc_of.get(s["id"]) or s["id"]].add(record["ocid"])
    rfc = max(wins, key=lambda k: (len(wins[k]), k))
    at = run_page("proveedores", nl_db, monkeypatch, supplier=f"RFC-{rfc}")
    assert at.query_params["supplier"] == rfc
    assert metrics(at)["Procesos ganados"] == integer(len(wins[rfc]))


@pytest.mark.parametrize("page", ["proyecto", "proceso", "proveedores", "metodologia"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_nl_pages_run_in_both_languages(page, lang, nl_db, monkeypatch):
    at = run_page(page, nl_db, monkeypatch, lang=lang)
    assert at.title[0].value == translate({"proyecto": "page_project", "proceso": "page_process",
                                           "proveedores": "page_suppliers",
                                           "metodologia": "page_methodology"}[page], lang)


# ---- demo database -----------------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["proyecto", "proceso", "proveedores", "metodologia"])
def test_demo_pages_run_and_show_the_demo_banner(page, demo_db, monkeypatch):
    at = run_page(page, demo_db, monkeypatch)
    if page != "metodologia":
        assert translate("demo_banner", "es") in texts(at, "warning")
        assert at.metric  # a subject was chosen and its figures shown


def test_demo_process_page_figures_equal_the_database(demo_db, monkeypatch):
    con = duckdb.connect(str(demo_db), read_only=True)
    ocid, award, n_bids = con.execute(
        """SELECT p.ocid, p.award_value, (SELECT count(*) FROM bids b WHERE b.ocid = p.ocid)
           FROM processes p WHERE p.award_value IS NOT NULL ORDER BY p.ocid LIMIT 1""").fetchall()[0]
    at = run_page("proceso", demo_db, monkeypatch, ocid=ocid)
    assert exact(at, "Monto adjudicado") == money(award)
    bids = [df.value for df in at.dataframe if "bid_id" in df.value.columns]
    assert (len(bids[0]) if bids else 0) == n_bids
