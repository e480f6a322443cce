"""Completeness on hand-made processes and projects: a stage counts the subjects that publish it, a
field's share is among those, and the implementer's completeness averages its committed stages."""
import pytest

from quality.compute import refresh
from quality.fields import fields_of
from tests.quality_fixtures import commitments, load_db, no_schemas, release, rows, write_project_package, \
    write_release_package

IMPL = "jal-gobierno"
P1 = release("ocds-xs1qbl-1", "1", "2020-01-01T00:00:00Z", ["tender", "award"],
             tender={"id": "1", "title": "Obra"}, awards=[{"id": "a", "date": "2020-01-02T00:00:00Z"}])
P2 = release("ocds-xs1qbl-2", "2", "2020-01-01T00:00:00Z", ["tender"], tender={"id": "2", "title": "   "})
P3 = release("ocds-xs1qbl-3", "3", "2020-01-01T00:00:00Z", ["planning"], planning={"rationale": "Necesidad"})
J1 = {"id": "oc4ids-test-1", "title": "Puente", "status": "completion",
      "completion": {"endDate": "2021-01-01T00:00:00Z"}, "updated": "2021-01-01T00:00:00Z"}
J2 = {"id": "oc4ids-test-2", "title": "Escuela", "status": "implementation", "updated": "2021-01-01T00:00:00Z"}


def _db(tmp_path, monkeypatch, commitment: str):
    no_schemas(monkeypatch, tmp_path)
    commitments(tmp_path, commitment, monkeypatch)
    con = load_db([write_release_package(tmp_path / "r.json", [P1, P2, P3]),
                   write_project_package(tmp_path / "p.json", [J1, J2])], tmp_path / "x.duckdb", implementer=IMPL)
    refresh(con)
    return con


def _stage(con, stage):
    return rows(con, "SELECT * FROM quality_stages WHERE implementer_id = ? AND stage = ?", [IMPL, stage])[0]


def _field(con, field):
    return rows(con, "SELECT * FROM quality_fields WHERE implementer_id = ? AND field = ?", [IMPL, field])[0]


def test_a_field_share_counts_only_subjects_that_publish_its_stage(tmp_path, monkeypatch):
    con = _db(tmp_path, monkeypatch, '[default]\nfields = ["tender.title", "awards.date"]\n')
    tender = _stage(con, "tender")
    assert (tender["subjects"], tender["with_stage"]) == (3, 2)  # P3 publishes no tender
    title = _field(con, "tender.title")
    assert (title["published"], title["with_stage"], title["share"]) == (1, 2, 0.5)  # P2's title is blank
    assert _field(con, "awards.date")["share"] == 1.0  # P1 is the only process with an award
    assert _stage(con, "award")["with_stage"] == 1
    completion = _stage(con, "completion")
    assert (completion["subjects"], completion["with_stage"]) == (2, 1)  # J2 is not completed
    assert _field(con, "cost.completion_date")["share"] == 1.0


def test_completeness_averages_the_committed_fields_of_the_committed_stages_published(tmp_path, monkeypatch):
    con = _db(tmp_path, monkeypatch, '[default]\nfields = ["tender.title", "awards.date"]\n')
    assert _stage(con, "tender")["completeness"] == 0.5 and _stage(con, "tender")["committed"]
    assert _stage(con, "award")["completeness"] == 1.0
    assert not _stage(con, "planning")["committed"]
    score = con.execute("SELECT completeness FROM quality_scores WHERE implementer_id = ?", [IMPL]).fetchall()[0][0]
    assert score == pytest.approx((0.5 + 1.0) / 2)


def test_with_every_field_committed_a_stage_averages_all_its_fields(tmp_path, monkeypatch):
    con = _db(tmp_path, monkeypatch, '[default]\nstages = ["tender"]\n')
    shares = [_field(con, f.field)["share"] for f in fields_of("tender")]
    stage = _stage(con, "tender")
    assert stage["fields"] == len(shares)
    assert stage["completeness"] == pytest.approx(sum(shares) / len(shares))
    # tender.id is published by both, tender.title by one: the rest by none
    assert sorted(shares, reverse=True)[:3] == [1.0, 0.5, 0.0]
