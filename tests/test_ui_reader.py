"""Issue 13, "What a reader sees": codes in words, whole amounts and es-MX chart axes, readable flag
evidence, doubtful placeholders, project links only to loaded processes, rows for data without a state or
implementer, no developer toolbar. Real files are read in place from the shared data (tests/shared.py)."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from tests import ui_explore_fixture
from tests.profiles_data import demo_db, nl_db  # noqa: F401  (fixtures)
from tests.shared import shared_data
from ui import charts, codelabels
from ui.exports import with_code_labels
from ui.filters import Filters
from ui.flag_text import detail_rows, detail_text
from ui.fmt import amount_short, plural
from ui.queries_explore import compare, overview, state_rows
from ui.suspect import final_value_doubt

ROOT = Path(__file__).resolve().parent.parent
NL = "mx-nl-infraestructura-abierta"


def run_page(page: str, db: Path, monkeypatch, lang: str = "es", **params: str) -> AppTest:
    monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "views" / f"{page}.py"), default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# ---- codes in words ----------------------------------------------------------------------------------

def test_a_code_gets_its_label_in_the_page_language_and_an_unknown_one_is_shown_marked():
    assert codelabels.label("method", "open", "es") == "Licitación pública"
    assert codelabels.label("method", "open", "en") == "Open tender"
    assert codelabels.label("sector", "cultureSportsAndRecreation", "es") == "Cultura, deporte y recreación"
    assert codelabels.label("document_type", "illustration", "es") == "Imagen"
    assert codelabels.label("subject_type", "ocid", "es") == "Proceso"
    assert codelabels.label("tender_status", "xyz", "es") == "xyz (código no reconocido)"
    assert codelabels.label("tender_status", "xyz", "en") == "xyz (unrecognised code)"
    for empty in (None, float("nan"), "", "None", "nan"):
        assert codelabels.label("method", empty, "es") == "—"
    assert codelabels.label_list("project_type", ["rehabilitation"], "es") == "Rehabilitación"
    assert codelabels.label_list("sector", [], "es") == "—"


def test_every_codelist_label_has_both_languages_and_no_two_codes_share_a_spanish_label_by_mistake():
    for name, table in codelabels.CODELISTS.items():
        for code, (es, en) in table.items():
            assert es and en, (name, code)
        spanish = [es for es, _ in table.values()]
        # only the two spellings of a finished project may share a label
        assert len(spanish) - len(set(spanish)) <= (1 if name == "project_status" else 0), name


CODE_QUERIES = {  # codelist -> SQL giving the values that occur in a database
    "method": "SELECT DISTINCT method FROM processes",
    "category": "SELECT DISTINCT main_category FROM processes",
    "tender_status": "SELECT DISTINCT tender_status FROM processes",
    "award_status": "SELECT DISTINCT status FROM awards",
    "contract_status": "SELECT DISTINCT status FROM contracts",
    "bid_status": "SELECT DISTINCT status FROM bids",
    "milestone_type": "SELECT DISTINCT type FROM milestones",
    "milestone_status": "SELECT DISTINCT status FROM milestones",
    "project_status": "SELECT DISTINCT status FROM projects",
    "project_type": "SELECT DISTINCT type FROM projects",
    "sector": "SELECT DISTINCT unnest(sector) FROM projects",
    "contracting_process_status": "SELECT DISTINCT status FROM project_processes",
    "contract_nature": "SELECT DISTINCT unnest(nature) FROM project_processes",
    "party_role": "SELECT DISTINCT unnest(roles) FROM parties",
    "modification_origin": "SELECT DISTINCT source FROM amendments",
    "release_tag": "SELECT DISTINCT unnest(tags) FROM releases",
    "subject_type": "SELECT DISTINCT subject_type FROM flags",
    "document_type": """SELECT DISTINCT d->>'documentType' FROM (
                          SELECT unnest(from_json(json->'documents', '["JSON"]')) d FROM projects
                          UNION ALL SELECT unnest(from_json(json->'tender'->'documents', '["JSON"]')) FROM processes
                          UNION ALL SELECT unnest(from_json(json->'planning'->'documents', '["JSON"]')) FROM processes)""",
}
CODE_LIKE = re.compile(r"^[a-z][A-Za-z0-9.\-_]*$")  # a lowerCamelCase code, not words ("Comprador", "ND")


def _codes_without_label(db: Path) -> dict[str, set[str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        missing = {}
        for codelist, sql in CODE_QUERIES.items():
            try:
                values = {r[0] for r in con.execute(sql).fetchall()}
            except duckdb.Error:
                continue  # a table the database does not have (flags before a refresh)
            unknown = {v for v in values if isinstance(v, str) and CODE_LIKE.match(v)
                       and not codelabels.known(codelist, v)}
            if unknown:
                missing[codelist] = unknown
        return missing
    finally:
        con.close()


def test_every_code_in_the_demo_has_a_label(demo_db):  # noqa: F811
    assert _codes_without_label(demo_db) == {}


def test_every_code_in_nuevo_leon_s_published_files_has_a_label(nl_db):  # noqa: F811
    assert _codes_without_label(nl_db) == {}


@pytest.fixture(scope="module")
def ocp_db(tmp_path_factory) -> Path:
    from obras.update import update

    db = tmp_path_factory.mktemp("ocp") / "ocp.duckdb"
    update([shared_data() / "mx-ocp-sample-data"], db=db)
    return db


def test_every_code_in_the_mexican_sample_files_has_a_label_and_free_text_is_shown_marked(ocp_db):
    assert _codes_without_label(ocp_db) == {}
    # publishers that typed Spanish words where a role code belongs: shown as published, marked
    assert codelabels.label("party_role", "Comprador", "es") == "Comprador (código no reconocido)"


def test_downloads_carry_a_label_beside_each_code_column():
    import pandas as pd

    df = pd.DataFrame({"ocid": ["a", "b", "c"], "method": ["open", None, "zzz"], "main_category": ["works"] * 3})
    out = with_code_labels(df, "es")
    assert list(out.columns) == ["ocid", "method", "method_label", "main_category", "main_category_label"]
    assert out["method_label"].tolist()[0] == "Licitación pública" and out["method_label"].isna().tolist()[1]
    assert out["method_label"].tolist()[2] == "zzz (código no reconocido)"
    assert with_code_labels(df, "en")["main_category_label"].tolist() == ["Works"] * 3


# ---- whole amounts, charts ---------------------------------------------------------------------------

def test_amounts_are_stated_in_millions_from_a_million_up():
    assert amount_short(642_232_840.5) == "642.2 mdp"
    assert amount_short(642_232_840.5, "en") == "MXN 642.2 m"
    assert amount_short(12_345.678) == "$12,345.68"
    assert amount_short(None) == "—"


def test_singular_and_plural_follow_the_count():
    assert plural(1, "1 proceso|1 procesos") == "1 proceso"
    assert plural(0, "0 proceso|0 procesos") == "0 procesos"
    assert plural(2, "2 banderas") == "2 banderas"


def test_chart_axes_never_use_si_suffixes_and_say_their_unit():
    fig = go.Figure(go.Bar(x=[2019, 2020], y=[7e3, 5e2]))
    charts.style(fig, "es", x="int", y="mdp", y_title="Monto")
    layout = fig.layout
    assert layout.separators == ".,"
    assert layout.yaxis.exponentformat == "none" and layout.yaxis.tickformat == ",.1~f"
    assert layout.yaxis.hoverformat == ",.1f"
    assert layout.yaxis.title.text == "Monto (mdp)"
    assert layout.xaxis.tickformat == ",d"
    charts.style(fig, "es", y="pct")
    assert fig.layout.yaxis.ticksuffix == " %"


def test_date_axes_are_labelled_with_spanish_month_names():
    vals, text = charts.date_ticks("2021-01-15", "2021-06-20", "es")
    assert text[:3] == ["ene 2021", "feb 2021", "mar 2021"] and len(vals) == len(text)
    assert charts.date_ticks("2021-01-15", "2021-06-20", "en")[1][0] == "Jan 2021"
    assert charts.date_ticks("2012-01-01", "2020-12-31", "es")[1][0] == "2012"  # years when the span is long


# ---- evidence people can read ------------------------------------------------------------------------

def test_flag_evidence_is_formatted_by_unit_not_shown_as_raw_floats():
    rows = detail_rows("OA-C2", {"amount": 670090567.6700001, "share_amount": 0.8530113025281287,
                                 "days_late": 12.0, "processes": 10, "method": "open",
                                 "award_date": "2019-04-21 06:00:00"}, "es")
    values = dict(zip(rows["field"], rows["value"]))
    assert values == {"Monto": "$670,090,567.67", "Proporción del monto": "85.3 %", "Días de retraso": "12 días",
                      "Procesos": "10", "Procedimiento": "Licitación pública", "Fecha de adjudicación": "21/04/2019"}
    # a quartile is in its indicator's unit
    assert detail_rows("R038", {"q1": 0.04803876678876679}, "es")["value"][0] == "4.8 %"
    assert detail_rows("OA-D2", {"fence": 18.95833333333333}, "en")["value"][0] == "19 days"
    assert "670090567" not in detail_text("OA-C3", json.dumps({"amount": 670090567.6700001}), "es")
    # why a result could not be computed, in words
    assert detail_text("OA-D4", {"reason": "no_latest_end"}, "es") == "Motivo: Falta la fecha de término vigente."


# ---- placeholders are not facts ----------------------------------------------------------------------

def _nl_project(number: str) -> dict:
    root = shared_data() / NL / "oc4ids-projects"
    return json.loads(next(root.glob(f"*-{number}-*.json")).read_text(encoding="utf-8"))


def test_nl_project_000004_final_value_of_10_pesos_is_a_placeholder_not_a_saving():
    project = _nl_project("000004")
    budget, final = project["budget"]["amount"]["amount"], project["completion"]["finalValue"]["amount"]
    assert final == 10.0
    assert final_value_doubt(budget, final) == "placeholder"
    assert final_value_doubt(1_000_000, 5_000) == "below_1pct"
    assert final_value_doubt(1_000_000, 1_100_000) is None and final_value_doubt(1_000_000, None) is None


def test_project_page_shows_the_placeholder_as_doubtful_without_a_saving(nl_db, monkeypatch):  # noqa: F811
    project = _nl_project("000004")
    at = run_page("proyecto", nl_db, monkeypatch, project=project["id"])
    final = next(m for m in at.metric if m.label == "Valor final")
    assert final.proto.delta == "dato dudoso" and "%" not in final.proto.delta
    assert any("cifra de relleno" in w.value for w in at.warning)


# ---- links only to processes that exist --------------------------------------------------------------

def test_project_lists_processes_that_are_not_loaded_without_a_link(tmp_path, monkeypatch):
    from tests import profiles_fixture as fx

    db = fx.build(tmp_path / "profiles.duckdb")
    con = duckdb.connect(str(db))
    project = con.execute("""SELECT pp.project_id FROM project_processes pp
                             LEFT JOIN processes p USING (ocid) WHERE p.ocid IS NULL LIMIT 1""").fetchall()
    if not project:  # give the fixture a listed process that is not loaded, with no ocid at all
        pid = con.execute("SELECT project_id FROM projects LIMIT 1").fetchall()[0][0]
        con.execute("INSERT INTO project_processes (project_id, process_index, process_ref, ocid) "
                    "VALUES (?, 99, 'ref-not-loaded', NULL)", [pid])
    else:
        pid = project[0][0]
    con.close()
    at = run_page("proyecto", db, monkeypatch, project=pid)
    table = at.dataframe[0].value
    links = [x for x in table["link"].tolist() if isinstance(x, str)]
    assert all("ocid=" in x and not x.endswith(("=nan", "=None", "=")) for x in links)
    assert table["link"].isna().sum() >= 1  # the unloaded one has no link


# ---- nothing disappears silently ---------------------------------------------------------------------

@pytest.fixture()
def unplaced_db(tmp_path) -> Path:
    """The exploration fixture with p2 (200 MXN) published by no known implementer in no state."""
    db = ui_explore_fixture.build(tmp_path / "fixture.duckdb")
    con = duckdb.connect(str(db))
    con.execute("UPDATE processes SET state_code = NULL, implementer_id = NULL WHERE ocid = 'p2'")
    con.close()
    return db


def test_state_rows_add_up_to_the_headline_on_a_database_with_unplaced_processes(unplaced_db):
    con = duckdb.connect(str(unplaced_db), read_only=True)
    head = overview(con, Filters())
    rows = state_rows(con, Filters())
    assert rows["state_code"].isna().sum() == 1
    assert rows["processes"].sum() == head["processes"]
    assert rows["amount"].sum() == pytest.approx(head["amount"])
    unplaced = rows[rows["state_code"].isna()].iloc[0]
    assert unplaced["processes"] == 1 and unplaced["amount"] == pytest.approx(200.0)
    for level in ("state", "implementer"):
        cmp = compare(con, Filters(), level)
        assert (cmp["key"] == "").sum() == 1, level
        assert cmp["amount"].sum() == pytest.approx(head["amount"]), level
    con.close()


def test_resumen_and_comparar_show_the_row_without_a_state(unplaced_db, monkeypatch):
    at = run_page("resumen", unplaced_db, monkeypatch)
    table = next(d.value for d in at.dataframe if "name" in d.value.columns)
    assert "Sin estado / federal" in table["name"].tolist()
    at = run_page("comparar", unplaced_db, monkeypatch)
    assert "Sin estado / federal" in at.dataframe[0].value["name"].tolist()
    at = run_page("comparar", unplaced_db, monkeypatch, lang="en", nivel="implementer")
    assert "No implementer" in at.dataframe[0].value["name"].tolist()


# ---- no developer toolbar ----------------------------------------------------------------------------

def test_the_public_gets_no_deploy_button_or_developer_menu():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["toolbarMode"] in ("viewer", "minimal")
    assert "toolbarMode" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_flag_evidence_percentages_follow_the_page_language():
    from ui.flag_text import format_detail_value

    assert format_detail_value(0.8530113025281287, "pct", "es") == "85.3 %"
    assert format_detail_value(0.8530113025281287, "pct", "en") == "85.3%"
