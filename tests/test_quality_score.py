"""The 0-100 score: documented weights, components left out when not measurable, and one history row
per implementer and load date so progress shows."""
from datetime import datetime

import pytest

from quality.compute import refresh
from quality.score import WEIGHTS, combine
from tests.quality_fixtures import load_db, no_schemas, release, rows, use_schemas, write_release_package


def test_the_weights_cover_the_five_components_and_add_up_to_one():
    assert set(WEIGHTS) == {"validity", "completeness", "coherence", "timeliness", "commitment"}
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


def test_the_score_is_the_weighted_mean_times_100():
    values = {"validity": 1.0, "completeness": 0.5, "coherence": 1.0, "timeliness": 0.0, "commitment": 0.5}
    expected = 100 * sum(WEIGHTS[k] * v for k, v in values.items())
    assert combine(values) == (round(expected, 1), list(WEIGHTS))


def test_a_component_that_cannot_be_measured_is_left_out_and_the_weights_rescaled():
    values = {"validity": None, "completeness": 1.0, "coherence": 0.0, "timeliness": None, "commitment": None}
    score, used = combine(values)
    assert used == ["completeness", "coherence"]
    assert score == pytest.approx(100 * WEIGHTS["completeness"] / (WEIGHTS["completeness"] + WEIGHTS["coherence"]),
                                  abs=0.05)


def test_publishing_nothing_scores_zero():
    assert combine({"commitment": 0.5}, publishes=False) == (0.0, [])


def _one(ocid: str, date: str):
    return release(ocid, "1", date, ["tender"], tender={"id": ocid, "title": "Obra"})


def test_the_history_keeps_one_row_per_implementer_and_load_date(tmp_path, monkeypatch):
    no_schemas(monkeypatch, tmp_path)
    db = tmp_path / "x.duckdb"
    con = load_db([write_release_package(tmp_path / "a.json", [_one("ocds-h-1", "2020-01-01T00:00:00Z")])], db,
                  implementer="nl-uanl")
    con.execute("UPDATE sources SET loaded_at = ?", [datetime(2024, 1, 10, 12)])
    refresh(con)
    refresh(con)  # a second refresh of the same load replaces that date's row
    assert rows(con, "SELECT count(*) AS n FROM quality_history")[0]["n"] == 1
    con.close()
    con = load_db([write_release_package(tmp_path / "b.json", [_one("ocds-h-2", "2020-02-01T00:00:00Z")])], db,
                  implementer="nl-uanl")
    con.execute("UPDATE sources SET loaded_at = ? WHERE loaded_at > ?", [datetime(2024, 2, 10, 12),
                                                                         datetime(2024, 1, 11)])
    refresh(con)
    history = rows(con, "SELECT CAST(load_date AS VARCHAR) AS d, processes FROM quality_history ORDER BY d")
    assert history == [{"d": "2024-01-10", "processes": 1}, {"d": "2024-02-10", "processes": 2}]


def test_offline_without_a_cache_validity_is_unavailable_and_left_out_of_the_score(tmp_path, monkeypatch):
    no_schemas(monkeypatch, tmp_path)
    con = load_db([write_release_package(tmp_path / "a.json", [_one("ocds-v-1", "2020-01-01T00:00:00Z")])],
                  tmp_path / "x.duckdb", implementer="nl-uanl")
    summary = refresh(con)
    assert summary["parts"]["validation"] == "unavailable"
    v = rows(con, "SELECT status, items, items_validated, items_valid FROM quality_validation")
    assert v == [{"status": "unavailable", "items": 1, "items_validated": 0, "items_valid": None}]
    s = rows(con, "SELECT validity, components_used, validation FROM quality_scores")[0]
    assert s["validity"] is None and "validity" not in s["components_used"] and s["validation"] == "unavailable"
    # configuring the schema later validates what was only counted before
    use_schemas(monkeypatch, tmp_path)
    assert refresh(con)["parts"]["validation"] == "ok"
    v = rows(con, "SELECT status, items_validated, items_valid FROM quality_validation")
    assert v == [{"status": "run", "items_validated": 1, "items_valid": 1}]
    assert rows(con, "SELECT validity FROM quality_scores")[0]["validity"] == 1.0
