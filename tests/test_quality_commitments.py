"""Publication Commitments: the file a guarantor body edits is read with its mistakes reported, and
compliance (stages, fields, frequency, period) is measured against it."""
from datetime import date

import pytest

from quality.commitments import load_commitments
from quality.compliance import quarters_between
from quality.compute import refresh
from quality.fields import fields_of, stage_names
from tests.quality_fixtures import commitments, load_db, no_schemas, release, rows, write_release_package


def test_the_default_entry_covers_every_implementer_without_its_own(tmp_path):
    book = load_commitments(commitments(tmp_path, """
[default]
stages = ["tender", "award"]
frequency_days = 60
[implementers.nl-gobierno]
stages = ["contract"]
fields = ["contracts.dateSigned", "contracts.value"]
frequency_days = 7
period_start = 2020-01-01
note = "Firmado"
"""))
    other = book.for_implementer("yuc-uman")
    assert (other.source, other.stages, other.frequency_days) == ("default", ("tender", "award"), 60)
    assert set(other.fields) == {f.field for f in fields_of("tender") + fields_of("award")}
    nl = book.for_implementer("nl-gobierno")
    assert (nl.source, nl.stages, nl.fields, nl.frequency_days) == (
        "file", ("contract",), ("contracts.dateSigned", "contracts.value"), 7)
    assert (nl.period_start, nl.period_end, nl.note, nl.problems) == (date(2020, 1, 1), None, "Firmado", ())


def test_mistakes_in_the_file_become_problems_and_never_stop_the_reading(tmp_path):
    book = load_commitments(commitments(tmp_path, """
[default]
frequency_days = 90
[implementers.nadie]
stages = ["tender", "licitacion"]
fields = ["tender.title", "tender.titulo"]
frequency_days = -3
period_start = "2020-02-30"
"""), known_implementers={"nl-gobierno"})
    entry = book.for_implementer("nadie")
    assert entry.stages == ("tender",) and entry.fields == ("tender.title",)
    assert entry.frequency_days == 90  # the default's
    text = " | ".join(entry.problems)
    for fragment in ("unknown stage 'licitacion'", "unknown field 'tender.titulo'", "frequency_days: -3",
                     "period_start", "'nadie' is not in data/implementers.csv"):
        assert fragment in text


@pytest.mark.parametrize("content", [None, "[default\nstages = ["])
def test_a_missing_or_broken_file_falls_back_to_every_stage_quarterly(tmp_path, content):
    path = tmp_path / "c.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    book = load_commitments(path)
    assert book.problems and "built-in default" in book.problems[0]
    assert book.default.stages == tuple(stage_names()) and book.default.frequency_days == 90


def test_quarters_between_counts_calendar_quarters():
    assert quarters_between(date(2020, 2, 15), date(2020, 12, 31)) == [
        date(2020, 1, 1), date(2020, 4, 1), date(2020, 7, 1), date(2020, 10, 1)]
    assert len(quarters_between(date(2019, 11, 1), date(2021, 1, 1))) == 6


def test_compliance_counts_stages_fields_frequency_and_period(tmp_path, monkeypatch):
    no_schemas(monkeypatch, tmp_path)
    commitments(tmp_path, """
[default]
stages = ["planning"]
[implementers.chh-gobierno]
stages = ["tender", "award", "contract"]
fields = ["tender.title", "tender.value", "awards.date"]
frequency_days = 30
period_start = 2020-01-01
period_end = 2020-12-31
[implementers.chh-chihuahua]
stages = ["tender"]
""", monkeypatch)
    releases = [
        release("ocds-c1", "1", "2020-02-01T00:00:00Z", ["tender"],
                tender={"id": "1", "title": "A", "tenderPeriod": {"startDate": "2020-02-01T00:00:00Z"}}),
        release("ocds-c2", "2", "2020-08-01T00:00:00Z", ["tender", "award"],
                tender={"id": "2", "title": "B", "tenderPeriod": {"startDate": "2020-08-01T00:00:00Z"}},
                awards=[{"id": "a"}]),
    ]
    con = load_db([write_release_package(tmp_path / "r.json", releases)], tmp_path / "x.duckdb",
                  implementer="chh-gobierno")
    refresh(con, as_of=date(2020, 8, 20))
    c = rows(con, "SELECT * FROM quality_commitments WHERE implementer_id = 'chh-gobierno'")[0]
    # tender and award published, no contract; title published, value never, award date never
    assert (c["stages_published"], c["stages_share"]) == (2, pytest.approx(2 / 3))
    assert (c["fields_committed"], c["fields_published"]) == (3, 1)
    assert c["frequency_met"] is True  # latest release 1 Aug, measured 20 Aug, within 30 days
    assert (c["period_quarters"], c["period_quarters_covered"]) == (4, 2)  # Q1 and Q3 of 2020
    assert c["compliance"] == pytest.approx((2 / 3 + 1 / 3 + 1 + 0.5) / 4)
    assert c["source"] == "file" and c["problems"] == []
    # an implementer with its own commitment and nothing published is listed, scoring 0
    silent = rows(con, "SELECT * FROM quality_scores WHERE implementer_id = 'chh-chihuahua'")[0]
    assert (silent["processes"], silent["projects"], silent["score"]) == (0, 0, 0.0)


def test_a_broken_commitments_file_is_reported_in_the_runs(tmp_path, monkeypatch):
    no_schemas(monkeypatch, tmp_path)
    commitments(tmp_path, "stages = [", monkeypatch)
    con = load_db([write_release_package(tmp_path / "r.json", [release("ocds-z", "1", "2020-01-01T00:00:00Z",
                                                                       ["tender"], tender={"id": "1"})])],
                  tmp_path / "x.duckdb", implementer="bc-gobierno")
    summary = refresh(con)
    assert summary["parts"]["commitments_file"] == "error"
    detail = con.execute("SELECT detail FROM quality_runs WHERE part = 'commitments_file'").fetchall()[0][0]
    assert "cannot be read" in detail
