"""AppTest of the exploration pages on (a) Nuevo León's published files loaded by the loader, (b) the
demo data generated and loaded the same way, (c) a small hand-made database. Every expected figure is
computed here from the files or the database, then looked for in what the page rendered."""
from __future__ import annotations

import glob
import json
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests import ui_explore_fixture
from tests.shared import shared_data
from ui import maps, tilegrid
from ui.explore_view import STATE_MEASURES, STATE_ZOOM
from ui.fmt import integer, mdp, pct

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGES_DIR = APP.parent / "views"
PAGES = ["resumen", "mapa", "comparar", "banderas", "descargas"]
TIMEOUT = 120


# ---- databases -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def nl_db(tmp_path_factory) -> Path:
    from obras.update import update

    base = shared_data() / "mx-nl-infraestructura-abierta"
    db = tmp_path_factory.mktemp("nl") / "nl.duckdb"
    update([base / "oc4ids-projects", base / "ocds-record-packages"], db=db)
    return db


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    from obras.update import update
    from demo.generate import generate

    tmp = tmp_path_factory.mktemp("demo")
    generate(tmp / "files", processes=300, seed=7)
    update([tmp / "files"], db=tmp / "demo.duckdb")
    return tmp / "demo.duckdb"


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> Path:
    return ui_explore_fixture.build(tmp_path_factory.mktemp("fixture") / "fixture.duckdb")


def sql(db: Path, query: str, params: list | None = None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, params or []).fetchall()


def run_page(monkeypatch, page: str, db: Path, lang: str = "es", query: dict | None = None) -> AppTest:
    monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(str(PAGES_DIR / f"{page}.py"), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value if isinstance(value, list) else [value]  # as the URL parser gives them
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def frames(at: AppTest):
    return [d.value for d in at.dataframe]


def deck_spec(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


# ---- NL files: what the files say --------------------------------------------------------------
def nl_expected() -> dict:
    base = shared_data() / "mx-nl-infraestructura-abierta"
    ocids, amount, competitive, single, direct, with_method = set(), 0.0, 0, 0, 0, 0
    for fn in glob.glob(str(base / "ocds-record-packages" / "*.json")):
        for record in json.loads(Path(fn).read_text(encoding="utf-8"))["records"]:
            cr = record["compiledRelease"]
            ocids.add(cr["ocid"])
            amount += sum((c.get("value") or {}).get("amount") or 0 for c in cr.get("contracts", [])
                          if (c.get("value") or {}).get("currency") in ("MXN", None))
            tender = cr.get("tender", {})
            method, n = tender.get("procurementMethod"), tender.get("numberOfTenderers")
            with_method += bool(method)
            direct += method == "direct"
            if method in ("open", "selective") and n is not None:
                competitive += 1
                single += n == 1
    projects, located = set(), 0
    for fn in glob.glob(str(base / "oc4ids-projects" / "*.json")):
        project = json.loads(Path(fn).read_text(encoding="utf-8"))
        projects.add(project["id"])
        for loc in project.get("locations", []):
            coords = (loc.get("geometry") or {}).get("coordinates")
            located += isinstance(coords, list) and len(coords) == 2 and all(
                isinstance(c, (int, float)) for c in coords)
    return {"processes": len(ocids), "amount": amount, "competitive": competitive, "single": single,
            "direct": direct, "with_method": with_method, "projects": len(projects), "located": located}


def test_resumen_on_nuevo_leon_shows_the_figures_of_the_files(monkeypatch, nl_db):
    exp = nl_expected()
    m = metrics(run_page(monkeypatch, "resumen", nl_db))
    assert m["Procesos de contratación"] == integer(exp["processes"])
    assert m["Proyectos"] == integer(exp["projects"])
    assert m["Monto contratado (MXN)"] == mdp(exp["amount"], "es")
    assert m["Oferta única"] == pct(exp["single"] / exp["competitive"])
    assert m["Adjudicación directa"] == pct(exp["direct"] / exp["with_method"])


def plotly_spec(at: AppTest, i: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[i].proto.spec)


def boundaries_file() -> Path:
    return shared_data() / "mexico-geo" / "states" / "mexicoHigh.json"


def test_mapa_on_nuevo_leon_with_boundaries_draws_every_located_project(monkeypatch, nl_db):
    exp = nl_expected()
    monkeypatch.setenv("OBRAS_STATE_BOUNDARIES", str(boundaries_file()))
    at = run_page(monkeypatch, "mapa", nl_db)
    layers = {layer["id"]: layer for layer in deck_spec(at)["layers"]}
    assert len(layers["projects"]["data"]) == exp["located"]
    spec = deck_spec(at)  # drawn offline: no basemap provider in the spec
    assert not spec.get("mapProvider") and spec.get("mapStyle") == maps.NO_BASEMAP_STYLE


def test_mapa_with_no_setup_draws_the_tile_grid_of_the_whole_country(monkeypatch, nl_db):
    at = run_page(monkeypatch, "mapa", nl_db)
    assert not at.get("deck_gl_json_chart")  # no points floating on white
    base, value, tiles = plotly_spec(at)["data"]
    assert len(tiles["customdata"]) == 32 and sum(z is not None for row in base["z"] for z in row) == 32
    hover = dict(zip(tiles["customdata"], tiles["hovertext"]))
    assert hover["19"].startswith("<b>Nuevo León</b>")
    text = " ".join(c.value for c in at.caption)
    assert "Mapa simplificado" in text and "OBRAS_" not in text


def test_the_unfiltered_map_with_boundaries_shows_the_whole_country(monkeypatch, nl_db):
    monkeypatch.setenv("OBRAS_STATE_BOUNDARIES", str(boundaries_file()))
    view = deck_spec(run_page(monkeypatch, "mapa", nl_db))["initialViewState"]
    assert (view["longitude"], view["latitude"], view["zoom"]) == (
        maps.MEXICO_VIEW["longitude"], maps.MEXICO_VIEW["latitude"], maps.MEXICO_VIEW["zoom"])
    at = run_page(monkeypatch, "resumen", nl_db)
    assert deck_spec(at)["initialViewState"]["zoom"] == maps.MEXICO_VIEW["zoom"]
    assert "OBRAS_" not in " ".join(c.value for c in at.caption)
    # a state filter: the whole country on Resumen, the state with its neighbours on Mapa (never one colour)
    at = run_page(monkeypatch, "resumen", nl_db, query={"estado": "19"})
    assert deck_spec(at)["initialViewState"]["zoom"] == maps.MEXICO_VIEW["zoom"]
    view = deck_spec(run_page(monkeypatch, "mapa", nl_db, query={"estado": "19"}))["initialViewState"]
    assert maps.MEXICO_VIEW["zoom"] < view["zoom"] <= STATE_ZOOM
    assert 22 < view["latitude"] < 28 and -102 < view["longitude"] < -98  # Nuevo León


def test_states_without_data_are_grey_on_the_boundary_map(monkeypatch, nl_db):
    monkeypatch.setenv("OBRAS_STATE_BOUNDARIES", str(boundaries_file()))
    layer = next(x for x in deck_spec(run_page(monkeypatch, "mapa", nl_db))["layers"] if x["id"] == "states")
    fills = {f["properties"]["state_code"]: f["properties"]["fill"] for f in layer["data"]["features"]}
    assert fills["09"] == maps.NO_DATA_COLOR and fills["19"] != maps.NO_DATA_COLOR


def test_a_state_filter_outlines_its_tile_on_the_overview_map(monkeypatch, demo_db):
    code = sql(demo_db, "SELECT state_code FROM processes WHERE state_code IS NOT NULL "
                        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0][0]
    spec = plotly_spec(run_page(monkeypatch, "resumen", demo_db, query={"estado": code}))
    base, value, tiles = spec["data"]
    assert sum(z is not None for row in base["z"] for z in row) == 32  # still the whole country
    assert sum(z is not None for row in value["z"] for z in row) == 1
    (shape,) = spec["layout"]["shapes"]
    pos = tilegrid.layout().set_index("state_code").loc[code]
    assert (shape["x0"] + shape["x1"]) / 2 == pos["col"] and (shape["y0"] + shape["y1"]) / 2 == pos["row"]


def test_comparar_on_nuevo_leon_compares_the_state_with_its_process_count(monkeypatch, nl_db):
    exp = nl_expected()
    at = run_page(monkeypatch, "comparar", nl_db)
    table = frames(at)[0]
    row = table[table.iloc[:, 0] == "Nuevo León"].iloc[0]
    assert row["processes"] == exp["processes"] and row["projects"] == exp["projects"]


def test_banderas_on_nuevo_leon_lists_every_flag_the_metrics_raised(monkeypatch, nl_db):
    flagged = sql(nl_db, "SELECT count(*) FROM flags WHERE flagged")[0][0]
    at = run_page(monkeypatch, "banderas", nl_db)
    if not flagged:
        assert any("no se han calculado" in i.value for i in at.info)
        return
    assert metrics(at)["Banderas rojas en esta vista"] == integer(flagged)
    assert len(frames(at)[0]) == flagged


def test_descargas_on_nuevo_leon_offers_every_process(monkeypatch, nl_db):
    exp = nl_expected()
    at = run_page(monkeypatch, "descargas", nl_db)
    assert metrics(at)["Procesos en la descarga"] == integer(exp["processes"])
    assert len(frames(at)[0]) == exp["processes"]
    assert {b.proto.label for b in at.get("download_button")} == {
        "CSV", "CSV (zip con LÉEME)", "Excel", "Parquet", "Diccionario de datos (CSV)"}


# ---- demo data: every page, figures from the database -------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo_data(monkeypatch, demo_db, page):
    at = run_page(monkeypatch, page, demo_db)
    assert any("demostración" in w.value for w in at.warning)  # the demo banner


def test_resumen_on_demo_counts_match_the_database(monkeypatch, demo_db):
    n, projects = sql(demo_db, "SELECT (SELECT count(*) FROM processes), (SELECT count(*) FROM projects)")[0]
    m = metrics(run_page(monkeypatch, "resumen", demo_db))
    assert m["Procesos de contratación"] == integer(n) and m["Proyectos"] == integer(projects)


def test_a_state_in_the_url_filters_every_figure(monkeypatch, demo_db):
    code, n = sql(demo_db, "SELECT state_code, count(*) FROM processes WHERE state_code IS NOT NULL "
                           "GROUP BY 1 ORDER BY 2 DESC LIMIT 1")[0]
    at = run_page(monkeypatch, "resumen", demo_db, query={"estado": code})
    assert at.multiselect(key="w_estado").value == [code]
    assert metrics(at)["Procesos de contratación"] == integer(n)
    at = run_page(monkeypatch, "descargas", demo_db, query={"estado": code})
    assert metrics(at)["Procesos en la descarga"] == integer(n)


def test_years_and_method_in_the_url_filter_the_download(monkeypatch, demo_db):
    lo, hi = sql(demo_db, "SELECT min(y), max(y) FROM (SELECT year(coalesce(date_signed, award_date, "
                          "tender_start)) AS y FROM processes)")[0]
    n = sql(demo_db, "SELECT count(*) FROM processes WHERE method = 'direct' AND year(coalesce(date_signed, "
                     "award_date, tender_start)) BETWEEN ? AND ?", [hi - 1, hi])[0][0]
    at = run_page(monkeypatch, "descargas", demo_db, query={"anios": [str(hi - 1), str(hi)], "metodo": "direct"})
    assert at.slider(key="w_anios").value == (hi - 1, hi)
    assert metrics(at)["Procesos en la descarga"] == integer(n)


def test_map_selection_without_a_pointer_sets_the_shared_filters(monkeypatch, demo_db):
    code, n = sql(demo_db, "SELECT state_code, count(*) FROM processes WHERE state_code IS NOT NULL "
                           "GROUP BY 1 ORDER BY 2 DESC LIMIT 1")[0]
    monkeypatch.setenv("OBRAS_DB", str(demo_db))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("views/mapa.py").run()
    at.selectbox(key="mapa_estado").set_value(code).run()
    assert not at.exception
    assert at.multiselect(key="w_estado").value == [code]
    table = frames(at)[-1]
    assert list(table["processes"]) == [n]
    pid = sql(demo_db, "SELECT l.project_id FROM project_locations l JOIN projects p USING (project_id) "
                       "WHERE p.state_code = ? AND l.lon IS NOT NULL LIMIT 1", [code])[0][0]
    at.selectbox(key="mapa_proyecto").set_value(pid).run()
    assert not at.exception
    assert at.text_input(key="w_proyecto").value == pid
    assert any(s.value == "Proyecto elegido" for s in at.subheader)
    linked = sql(demo_db, "SELECT count(*) FROM project_processes pp JOIN processes p USING (ocid) "
                          "WHERE pp.project_id = ? AND p.state_code = ?", [pid, code])[0][0]
    at.switch_page("views/descargas.py").run()  # the filters follow the reader to another page
    assert not at.exception
    assert metrics(at)["Procesos en la descarga"] == integer(linked)


@pytest.mark.parametrize("measure", list(STATE_MEASURES))
def test_every_map_measure_draws(monkeypatch, demo_db, measure):
    at = run_page(monkeypatch, "mapa", demo_db, query={"medida": measure})
    value = plotly_spec(at)["data"][1]
    assert value["name"] == "value" and any(z is not None for row in value["z"] for z in row)


def test_comparar_by_implementer_from_the_url(monkeypatch, demo_db):
    n = sql(demo_db, "SELECT count(DISTINCT implementer_id) FROM (SELECT implementer_id FROM processes UNION ALL "
                     "SELECT implementer_id FROM projects) WHERE implementer_id IS NOT NULL")[0][0]
    at = run_page(monkeypatch, "comparar", demo_db, query={"nivel": "implementer"})
    assert len(frames(at)[0]) == n


def test_pages_switch_to_english(monkeypatch, demo_db):
    titles = {"resumen": "Obras Abiertas", "mapa": "Map", "comparar": "Compare", "banderas": "Red flags",
              "descargas": "Downloads"}
    for page, title in titles.items():
        at = run_page(monkeypatch, page, demo_db, lang="en")
        assert at.title[0].value == title
    assert "Contracting processes" in metrics(run_page(monkeypatch, "resumen", demo_db, lang="en"))


# ---- hand-made database: figures known by construction -------------------------------------------
def test_banderas_filters_and_detail_on_the_fixture(monkeypatch, fixture_db):
    at = run_page(monkeypatch, "banderas", fixture_db, query={"estado": "14"})
    assert metrics(at)["Banderas rojas en esta vista"] == "3"  # OA-C1 on p4, OA-C2 on b3, R018 on RFC123
    at = run_page(monkeypatch, "banderas", fixture_db, query={"indicador": "OA-D3", "bandera": "OA-D3|ocid|p3|p3"})
    assert metrics(at)["Banderas rojas en esta vista"] == "1"
    # the detail: the peer statistics of the detail JSON, the process evidence, a link to its page
    assert any("45" in i.value and "30" in i.value and "Q1 = 5" in i.value for i in at.info)
    evidence = frames(at)
    assert any("p3" in df.astype(str).to_string() for df in evidence)


def test_banderas_amount_range_from_the_url(monkeypatch, fixture_db):
    at = run_page(monkeypatch, "banderas", fixture_db, query={"monto_min": "250"})
    assert metrics(at)["Banderas rojas en esta vista"] == "3"  # p3 330, buyer b3 900, project pr1 1300


def test_comparar_explains_the_missing_publication_score(monkeypatch, fixture_db):
    at = run_page(monkeypatch, "comparar", fixture_db)
    assert any("quality_scores" in i.value for i in at.info)
    assert "publication_score" not in frames(at)[0].columns


def test_resumen_rates_on_the_fixture(monkeypatch, fixture_db):
    m = metrics(run_page(monkeypatch, "resumen", fixture_db))
    assert m["Oferta única"] == pct(2 / 3) and m["Adjudicación directa"] == pct(2 / 6)
    assert m["Aumento de precio (mediana)"] == pct(0.1) and m["Prórroga (mediana)"] == "10 días"


# ---- data with no state: its own box on the map, the parts add up to the headline ----------------
@pytest.fixture(scope="module")
def unplaced_db(tmp_path_factory) -> Path:
    """The hand-made fixture plus a federal process p7 (no state, 70 MXN) and a project with no state."""
    db = ui_explore_fixture.build(tmp_path_factory.mktemp("unplaced") / "unplaced.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("""INSERT INTO processes (ocid, implementer_id, state_code, buyer_id, buyer_name, title,
                                              main_category, method, contract_value, currency, award_date)
                       VALUES ('p7', NULL, NULL, 'b9', 'Compradora federal', 'Obra federal', 'works', 'open',
                               70.0, 'MXN', '2021-02-01')""")
    return db


def _tile_parts(spec: dict) -> tuple[dict, dict | None]:
    traces = {t.get("name"): t for t in spec["data"]}
    return traces, traces.get(tilegrid.UNPLACED_TRACE)


@pytest.mark.parametrize("measure", ["processes", "amount"])
def test_the_map_shows_data_without_a_state_in_its_own_box_and_the_parts_add_up(monkeypatch, unplaced_db,
                                                                                 measure):
    at = run_page(monkeypatch, "mapa", unplaced_db, query={"medida": measure})
    traces, box = _tile_parts(plotly_spec(at))
    assert box is not None, list(traces)
    assert "Sin estado / federal" in box["hovertext"][0]
    states, headline = ui_explore_fixture_states(unplaced_db, measure)
    assert sql(unplaced_db, "SELECT count(*) FROM processes")[0][0] == 7
    assert box["meta"]["value"] == pytest.approx({"processes": 1, "amount": 70.0}[measure])
    assert states + box["meta"]["value"] == pytest.approx(headline)  # Resumen's headline figure
    caption = " ".join(c.value for c in at.caption)
    assert "Sin estado publicado" in caption and "1 proceso " in caption


def ui_explore_fixture_states(db: Path, measure: str) -> tuple[float, float]:
    """The sum of the per-state values the map's query gives (every state on the grid) and the headline."""
    from ui import queries_explore as qe
    from ui.filters import Filters

    with duckdb.connect(str(db), read_only=True) as con:
        return float(qe.state_measures(con, Filters())[measure].sum()), float(qe.overview(con, Filters())[measure])


def test_the_map_has_no_box_when_every_process_has_a_state(monkeypatch, fixture_db):
    at = run_page(monkeypatch, "mapa", fixture_db)
    assert _tile_parts(plotly_spec(at))[1] is None
    assert "Sin estado publicado" not in " ".join(c.value for c in at.caption)
