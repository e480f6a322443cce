"""AppTest runs of the page "Calidad de publicación", and its queries and exports without Streamlit."""
from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from quality.compute import refresh
from tests.quality_fixtures import commitments, load_db, no_schemas, release, use_schemas, write_project_package, \
    write_release_package
from ui import queries_quality as qq
from ui.i18n import translate

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "views" / "calidad.py")


def _releases():
    return [release(f"ocds-pg-{i}", "1", "2020-01-05T00:00:00Z", ["tender", "award"],
                    tender={"id": str(i), "title": "Obra", "numberOfTenderers": 1, "tenderers": [{"id": "T"}],
                            "tenderPeriod": {"startDate": "2020-01-01T00:00:00Z", "endDate": "2020-01-03T00:00:00Z"}},
                    awards=[{"id": "a", "date": "2020-01-04T00:00:00Z", "value": {"amount": 10, "currency": "MXN"}}],
                    parties=[{"id": "T", "name": "T", "roles": ["tenderer"]}])
            for i in range(4)]


def _build(tmp: Path, mp: pytest.MonkeyPatch, compute: bool = True) -> Path:
    commitments(tmp, """
[default]
frequency_days = 90
[implementers.chh-chihuahua]
stages = ["tender"]
note = "Compromiso de prueba"
""", mp)
    db = tmp / "page.duckdb"
    con = load_db([write_release_package(tmp / "r.json", _releases()),
                   write_project_package(tmp / "p.json", [{"id": "oc4ids-pg-1", "title": "Puente",
                                                            "status": "implementation",
                                                            "updated": "2020-01-05T00:00:00Z"}])],
                  db, implementer="chh-gobierno")
    if compute:
        refresh(con, as_of=date(2020, 3, 1))
    con.close()
    return db


@pytest.fixture(scope="module")
def page_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("page")
    mp = pytest.MonkeyPatch()
    no_schemas(mp, tmp)
    db = _build(tmp, mp)
    yield db
    mp.undo()


def run(db: Path, monkeypatch, lang: str = "es", **params) -> AppTest:
    monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state["lang"] = lang
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _scores(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0]: r[1:] for r in con.execute(
            "SELECT implementer_id, score, processes, projects FROM quality_scores").fetchall()}
    finally:
        con.close()


def test_the_ranking_lists_every_implementer_with_its_stored_score(page_db, monkeypatch):
    at = run(page_db, monkeypatch)
    scores = _scores(page_db)
    ranking = at.dataframe[1].value  # after the computation details
    assert len(ranking) == len(scores) == 2
    shown = dict(zip(ranking.iloc[:, 1], ranking.iloc[:, 3]))
    assert shown["Gobierno del Estado de Chihuahua"] == scores["chh-gobierno"][0]
    assert shown["Municipio de Chihuahua"] == 0.0  # committed, publishes nothing
    assert [i.value for i in at.info][0] == translate("q_validation_unavailable", "es")


def test_the_detail_shows_the_components_tabs_history_and_downloads(page_db, monkeypatch):
    at = run(page_db, monkeypatch, implementer="chh-gobierno")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate("q_col_score", "es")] == f"{_scores(page_db)['chh-gobierno'][0]:.1f}"
    assert metrics[translate("q_validity", "es")] == "—"  # not run
    assert len(at.tabs) == 6
    assert len(at.get("plotly_chart")) == 1
    assert len(at.get("download_button")) == 2  # CSV, Excel; the report card is made on request
    at.button(key="q_card_make").click().run()
    assert not at.exception
    buttons = [b.label for b in at.get("download_button")]
    assert translate("q_card_pdf", "es") in buttons and translate("q_card_md", "es") in buttons
    assert translate("q_history_one", "es") in [c.value for c in at.caption]


def test_an_implementer_that_publishes_nothing_is_explained(page_db, monkeypatch):
    at = run(page_db, monkeypatch, implementer="chh-chihuahua")
    assert translate("q_publishes_nothing", "es") in [w.value for w in at.warning]
    infos = [i.value for i in at.info]
    assert translate("q_no_processes", "es") in infos and translate("q_no_projects", "es") in infos


def test_the_page_switches_to_english(page_db, monkeypatch):
    at = run(page_db, monkeypatch, lang="en")
    assert at.title[0].value == "Publication quality"
    assert translate("q_ranking", "en") in [h.value for h in at.header]


def test_without_computed_quality_the_page_says_how_to_get_it(tmp_path, monkeypatch):
    no_schemas(monkeypatch, tmp_path)
    db = _build(tmp_path, monkeypatch, compute=False)
    at = run(db, monkeypatch)
    assert [i.value for i in at.info] == [translate("q_not_computed", "es")]
    assert not at.dataframe


def test_the_csv_export_has_a_bom_and_the_excel_export_one_sheet_per_table(page_db):
    con = duckdb.connect(str(page_db), read_only=True)
    raw = qq.export_csv(con, "chh-gobierno", False, "es")
    assert raw.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert set(table["Implementador (clave)"]) == {"chh-gobierno"}
    every = pd.read_csv(io.BytesIO(qq.export_csv(con, None, True, "es")), encoding="utf-8-sig")
    assert set(every["Implementador (clave)"]) == {"chh-gobierno", "chh-chihuahua"}
    book = pd.read_excel(io.BytesIO(qq.export_excel(con, "chh-gobierno", False, "en")), sheet_name=None)
    assert {"Scores", "Stages", "Fields", "Checks", "Schema errors", "Timeliness", "Commitments", "History"} <= set(book)
    assert list(book["Scores"]["Implementer (id)"]) == ["chh-gobierno"]


def test_the_quality_export_is_in_the_pages_language_with_shares_as_percentages(page_db):
    """CSV: Spanish headers, score parts written "83.7 %". Excel: headers and sheets in the language,
    shares kept as numbers formatted "0.0 %"; text that looks like a formula is neutralised."""
    import openpyxl

    from quality import export

    con = duckdb.connect(str(page_db), read_only=True)
    table = pd.read_csv(io.BytesIO(qq.export_csv(con, "chh-gobierno", False, "es")), encoding="utf-8-sig",
                        dtype=str)
    assert list(table.columns[:4]) == ["Implementador (clave)", "Sección", "Elemento", "Nombre"]
    parts = table[(table["Sección"] == "score") & (table["Medida"] == "completeness")]["Valor"].tolist()
    assert parts and all(re.fullmatch(r"\d{1,3}\.\d %", v) for v in parts), parts
    raw = qq.export_excel(con, "chh-gobierno", False, "es")
    ws = openpyxl.load_workbook(io.BytesIO(raw))["Calificaciones"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("Completitud") + 1)
    assert isinstance(cell.value, float) and 0 <= cell.value <= 1 and cell.number_format == "0.0 %"
    assert "implementer_id" not in header and "Calificación (0-100)" in header
    # formulas still neutralised
    frames = {"scores": pd.DataFrame({"name": ["=HYPERLINK(\"x\")"], "completeness": [0.5]})}
    ws = openpyxl.load_workbook(io.BytesIO(export.excel_bytes(frames, qq.export_headers("es"))))["scores"]
    assert not str(ws["A2"].value).startswith("=") and ws["B2"].number_format == "0.0 %"
    assert not export.csv_bytes(frames["scores"], qq.export_headers("es")).decode("utf-8-sig").split("\n")[1]\
        .startswith("=")


@pytest.fixture(scope="module")
def nl_db(tmp_path_factory):
    from tests.shared import shared_data

    tmp = tmp_path_factory.mktemp("nlpage")
    mp = pytest.MonkeyPatch()
    use_schemas(mp, tmp)
    mp.delenv("OBRAS_COMMITMENTS", raising=False)
    base = shared_data() / "mx-nl-infraestructura-abierta"
    con = load_db([base / "oc4ids-projects", base / "ocds-record-packages"], tmp / "nl.duckdb")
    refresh(con, as_of=date(2024, 6, 30))
    con.close()
    yield tmp / "nl.duckdb"
    mp.undo()


def test_nuevo_leon_schema_errors_are_shown_grouped(nl_db, monkeypatch):
    at = run(nl_db, monkeypatch, implementer="nl-gobierno")
    con = duckdb.connect(str(nl_db), read_only=True)
    groups = con.execute("SELECT count(DISTINCT (standard, item_kind, validator, path)) FROM quality_schema_errors"
                         ).fetchall()[0][0]
    shown = [d.value for d in at.dataframe if "validator" in d.value.columns or
             translate("q_col_validator", "es") in d.value.columns]
    assert shown and len(shown[0]) == groups
    assert not [i.value for i in at.info if i.value == translate("q_validation_unavailable", "es")]
