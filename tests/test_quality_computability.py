"""Indicator computability: field coverage from the indicators' metadata (table columns or JSON paths)
and the subjects the flags table marks computable, per implementer."""
import pytest

from metrics import catalogue
from quality import computability
from quality.computability import IndicatorInfo, indicators
from quality.compute import refresh
from tests.quality_fixtures import load_db, no_schemas, release, rows, write_project_package, write_release_package

IMPL = "oax-gobierno"
INFOS = [
    IndicatorInfo("T1", "uno", "one", "process", ("tender.numberOfTenderers", "processes.method"), "test"),
    IndicatorInfo("T2", "dos", "two", "process", ("bids.tenderer_ids",), "test"),
    IndicatorInfo("T3", "tres", "three", "process", ("processes.method", "awards.supplier_ids"), "test"),
    IndicatorInfo("T4", "cuatro", "four", "project", ("projects.budget", "project_processes.cost_estimate"), "test"),
    IndicatorInfo("T5", "cinco", "five", "process", ("project_processes.modifications",), "test"),
]


@pytest.fixture
def con(tmp_path, monkeypatch):
    no_schemas(monkeypatch, tmp_path)
    monkeypatch.setattr(computability, "indicators", lambda: INFOS)
    releases = [
        release("ocds-cp-1", "1", "2020-01-01T00:00:00Z", ["tender"], buyer={"id": "B1"},
                tender={"id": "1", "procurementMethod": "open", "numberOfTenderers": 2}),
        release("ocds-cp-2", "1", "2020-01-01T00:00:00Z", ["tender", "award"], buyer={"id": "B1"},
                tender={"id": "2", "procurementMethod": "direct"},
                awards=[{"id": "a", "suppliers": [{"id": "S", "name": "S"}]}]),
        release("ocds-cp-3", "1", "2020-01-01T00:00:00Z", ["planning"], planning={"rationale": "x"}),
    ]
    projects = [{"id": "oc4ids-cp-1", "budget": {"amount": {"amount": 100, "currency": "MXN"}},
                 "updated": "2020-01-01T00:00:00Z"},
                {"id": "oc4ids-cp-2", "updated": "2020-01-01T00:00:00Z"}]
    c = load_db([write_release_package(tmp_path / "r.json", releases),
                 write_project_package(tmp_path / "p.json", projects)], tmp_path / "x.duckdb", implementer=IMPL)
    c.execute("""INSERT INTO flags (indicator, subject_type, subject_id, ocid, flagged, computable) VALUES
                 ('T1', 'ocid', 'ocds-cp-1', 'ocds-cp-1', true, true),
                 ('T1', 'ocid', 'ocds-cp-2', 'ocds-cp-2', NULL, false),
                 ('T3', 'buyer', 'B1', NULL, false, true),
                 ('T4', 'project', 'oc4ids-cp-1', NULL, false, true)""")
    refresh(c)
    return c


def _row(con, code):
    return rows(con, "SELECT * FROM quality_indicators WHERE implementer_id = ? AND indicator = ?", [IMPL, code])[0]


def test_coverage_counts_subjects_publishing_every_required_field(con):
    t1 = _row(con, "T1")
    assert (t1["subjects"], t1["coverage"], t1["min_field_coverage"]) == (3, pytest.approx(1 / 3), pytest.approx(1 / 3))
    assert t1["by_fields"] == "computable" and t1["missing_fields"] == []
    t3 = _row(con, "T3")  # method on 2 of 3, suppliers on 1 of 3, both on 1
    assert t3["coverage"] == pytest.approx(1 / 3) and t3["min_field_coverage"] == pytest.approx(1 / 3)


def test_a_field_nobody_publishes_makes_the_indicator_not_computable(con):
    t2 = _row(con, "T2")
    assert (t2["coverage"], t2["by_fields"], t2["missing_fields"]) == (0.0, "not_computable", ["bids.tenderer_ids"])


def test_project_indicators_read_project_tables_and_fields_of_the_other_level_are_left_aside(con):
    t4 = _row(con, "T4")  # budget on 1 of 2 projects; no project lists processes, so no cost estimate
    assert (t4["subjects"], t4["coverage"], t4["missing_fields"]) == (2, 0.0, ["project_processes.cost_estimate"])
    t5 = _row(con, "T5")  # a project table cannot be read for a process indicator
    assert (t5["coverage"], t5["by_fields"], t5["missing_fields"]) == (None, "unknown", [])


def test_the_flags_table_says_how_many_subjects_were_computable(con):
    t1 = _row(con, "T1")
    assert (t1["flag_subjects"], t1["flag_computable"], t1["flag_flagged"]) == (2, 1, 1)
    t3 = _row(con, "T3")  # a buyer-level flag counts for the implementer of the buyer's processes
    assert (t3["flag_subjects"], t3["flag_computable"]) == (1, 1)
    assert _row(con, "T4")["flag_computable"] == 1
    assert _row(con, "T2")["flag_subjects"] is None  # T2 has no flags at all: not computed


def test_the_metadata_is_the_catalogue_s():
    got = indicators()
    assert {i.code for i in got} == {i.meta.code for i in catalogue.all_indicators()}
    assert all(i.source == "registry" for i in got)
