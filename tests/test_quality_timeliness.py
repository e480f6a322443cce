"""Timeliness on hand-made releases: days from each event to the first release that publishes it,
timely within the committed frequency, and the age of the latest update."""
from datetime import date

import pytest

from quality.compute import refresh
from quality.timeliness import freshness_score
from tests.quality_fixtures import commitments, load_db, no_schemas, release, rows, write_release_package

IMPL = "yuc-merida"
OCID = "ocds-aaaaaa-1"
RELEASES = [
    release(OCID, "r1", "2020-01-05T00:00:00Z", ["tender"],
            tender={"id": "1", "tenderPeriod": {"startDate": "2020-01-01T00:00:00Z", "endDate": "2020-01-15T00:00:00Z"}}),
    release(OCID, "r2", "2020-02-05T00:00:00Z", ["contract"],
            contracts=[{"id": "c", "dateSigned": "2020-02-01T00:00:00Z"}]),
    release(OCID, "r3", "2020-03-01T00:00:00Z", ["award"], awards=[{"id": "a", "date": "2020-01-20T00:00:00Z"}]),
]


@pytest.fixture
def con(tmp_path, monkeypatch):
    no_schemas(monkeypatch, tmp_path)
    commitments(tmp_path, "[default]\nfrequency_days = 30\n", monkeypatch)
    c = load_db([write_release_package(tmp_path / "r.json", RELEASES)], tmp_path / "x.duckdb", implementer=IMPL)
    refresh(c, as_of=date(2020, 4, 30))
    return c


def test_each_event_is_timed_to_the_first_release_that_publishes_it(con):
    got = {r["event"]: r for r in rows(con, "SELECT * FROM quality_timeliness WHERE implementer_id = ?", [IMPL])}
    assert got["tender_start"]["median_lag_days"] == 4  # started 1 Jan, published 5 Jan
    assert got["contract_signed"]["median_lag_days"] == 4  # signed 1 Feb, published 5 Feb
    assert got["award"]["median_lag_days"] == 41  # awarded 20 Jan, first published 1 Mar
    assert [got[e]["timely"] for e in ("tender_start", "award", "contract_signed")] == [1, 0, 1]
    assert all(r["threshold_days"] == 30 and r["compiled_only"] == 0 for r in got.values())


def test_the_latest_update_is_measured_against_the_committed_frequency(con):
    fresh = rows(con, "SELECT * FROM quality_freshness WHERE implementer_id = ?", [IMPL])[0]
    assert fresh["age_days"] == (date(2020, 4, 30) - date(2020, 3, 1)).days == 60
    assert fresh["on_time"] is False and fresh["freshness"] == pytest.approx(30 / 60)
    score = con.execute("SELECT timeliness FROM quality_scores WHERE implementer_id = ?", [IMPL]).fetchall()[0][0]
    assert score == pytest.approx((2 / 3 + 0.5) / 2)


def test_freshness_is_full_within_the_frequency_and_decays_after_it():
    assert freshness_score(10, 30) == 1.0
    assert freshness_score(30, 30) == 1.0
    assert freshness_score(90, 30) == pytest.approx(1 / 3)
    assert freshness_score(None, 30) is None
