"""metrics.compute and metrics.score: the run, the tables it replaces, composite scores and bands."""
from __future__ import annotations

import pandas as pd
import pytest

from metrics import compute as compute_mod
from metrics import catalogue
from metrics.base import FLAG_COLUMNS, RESULT_COLUMNS, Indicator, IndicatorMeta, IndicatorResult, SharedPass
from metrics.compute import compute, refresh
from metrics.indicators import INDICATORS
from metrics.score import band_label, spending_band
from tests.metrics_helpers import empty_db, insert

OUR_PROCESS_CODES = [i.meta.code for i in INDICATORS if i.meta.level == "process"]


def _scenario():
    """Process `a` (known results), process `b` of the same buyer, project `proj` linking `a`."""
    con = empty_db()
    insert(con, "releases", ocid="a", release_id="r", date="2020-01-20")
    # a: 5 tenderers (C1 computable, not flagged), 9-day tender (D1 flagged), no award 10 days before the
    # data date (D7 computable, not flagged); everything else lacks data.
    insert(con, "processes", ocid="a", buyer_id="B", implementer_id="imp", state_code="19", method="open",
           number_of_tenderers=5, tender_start="2020-01-01", tender_end="2020-01-10", currency="MXN",
           last_release_date="2020-01-20")  # its publisher's data date (metrics.peers)
    # b: 16-day open tender with 5 tenderers, awarded: D1, C1 and D7 computable, none flagged.
    insert(con, "processes", ocid="b", buyer_id="B", implementer_id="imp", state_code="19", method="open",
           number_of_tenderers=5, tender_start="2019-01-01", tender_end="2019-01-17", currency="MXN",
           award_date="2019-01-20", contract_value=600e6, date_signed="2019-02-01")
    insert(con, "awards", ocid="b", award_id="1", date="2019-01-20")
    insert(con, "processes", ocid="c", buyer_id="B", implementer_id="imp", state_code="19",
           contract_value=400e6, date_signed="2020-01-05", currency="MXN")
    insert(con, "projects", project_id="proj", implementer_id="imp", state_code="19", budget=100.0,
           completion_final_value=200.0)
    insert(con, "project_processes", project_id="proj", process_index=0, ocid="a")
    insert(con, "implementers", implementer_id="imp", name="Secretaría de Obras", kind="state_agency", state_code="19")
    insert(con, "states", state_code="19", name="Nuevo León")
    return con


def test_compute_returns_every_table_and_writes_nothing():
    con = _scenario()
    out = compute(con, strict=True)
    for key in ("flags", "indicator_stats", "indicator_peer_stats", "process_scores", "project_scores",
                "buyer_scores", "implementer_scores", "state_scores", "runs"):
        assert isinstance(out[key], pd.DataFrame), key
    assert list(out["flags"].columns) == RESULT_COLUMNS  # an indicator's columns plus the outcome
    assert set(out["indicator_stats"]["indicator"]) >= {i.meta.code for i in INDICATORS}
    assert con.execute("SELECT count(*) FROM flags").fetchall() == [(0,)]


def test_process_score_is_flagged_over_computable_times_100_with_both_numbers():
    out = compute(_scenario(), strict=True)
    a = out["process_scores"].set_index("ocid").loc["a"]
    considered = [c for c in OUR_PROCESS_CODES if c != "OA-C4"]  # a is not a direct award
    assert a["n_indicators"] == len(considered)
    assert (a["n_computable"], a["n_flagged"]) == (3, 1)
    assert a["score"] == pytest.approx(100 / 3)
    assert list(a["flagged_indicators"]) == ["OA-D1"]


def test_project_score_adds_its_own_results_to_its_processes():
    out = compute(_scenario(), strict=True)
    proj = out["project_scores"].set_index("project_id").loc["proj"]
    # process a: 3 computable, 1 flagged; project: OA-P2 flagged (100% overrun), OA-D5 not computable
    assert (proj["n_processes"], proj["n_computable"], proj["n_flagged"]) == (1, 4, 2)
    assert proj["score"] == pytest.approx(50.0)
    assert sorted(proj["flagged_indicators"]) == ["OA-D1", "OA-P2"]


def test_buyer_implementer_and_state_get_rates_and_spending_bands():
    out = compute(_scenario(), strict=True)
    buyer = out["buyer_scores"].set_index("buyer_id").loc["B"]
    # a flagged, b computable and clean, c (no tender, no contract rows) computable for nothing
    assert buyer["n_processes"] == 3
    assert buyer["n_computable_processes"] == 2
    assert buyer["n_flagged_processes"] == 1
    assert buyer["flag_rate"] == pytest.approx(0.5)
    # 600 M in 2019 and 400 M in 2020: 500 M a year, the top of the 100-500 band
    assert buyer["annual_spending_millions"] == pytest.approx(500.0)
    assert buyer["spending_band"] == "100-500"
    imp = out["implementer_scores"].set_index("implementer_id").loc["imp"]
    assert imp["name"] == "Secretaría de Obras" and imp["n_projects"] == 1 and imp["n_flagged_projects"] == 1
    assert imp["flag_rate"] == pytest.approx(buyer["flag_rate"])
    state = out["state_scores"].set_index("state_code").loc["19"]
    assert state["name"] == "Nuevo León" and state["n_processes"] == 3


@pytest.mark.parametrize("amount, band", [
    (None, None), (0.0, "lt10"), (10.0, "lt10"), (10.01, "10-50"), (500.0, "100-500"), (500.5, "500-1000"),
    (3000.0, "1000-3000"), (3000.01, "gt3000"),
])
def test_spending_bands_include_their_upper_bound(amount, band):
    assert spending_band(amount) == band


def test_band_labels_in_both_languages():
    assert band_label("gt3000", "es") == "Más de 3,000 mdp"
    assert band_label(None, "en") == "No data"


def test_refresh_replaces_the_tables_instead_of_appending():
    con = _scenario()
    refresh(con, strict=True)
    first = con.execute("SELECT count(*) FROM flags").fetchall()[0][0]
    refresh(con, strict=True)
    assert con.execute("SELECT count(*) FROM flags").fetchall()[0][0] == first > 0
    stats = con.execute("SELECT count(*), count(DISTINCT indicator) FROM indicator_stats").fetchall()[0]
    assert stats[0] == stats[1]
    assert con.execute("SELECT score FROM process_scores WHERE ocid = 'a'").fetchall()[0][0] == pytest.approx(100 / 3)


def test_refresh_with_settings_changes_the_result():
    con = _scenario()
    refresh(con, {"OA-D1": {"national_days": 5}}, strict=True)
    assert con.execute("SELECT flagged FROM flags WHERE indicator = 'OA-D1' AND subject_id = 'a'").fetchall() == [(False,)]
    settings = con.execute("SELECT settings FROM indicator_stats WHERE indicator = 'OA-D1'").fetchall()[0][0]
    assert '"national_days": 5' in settings


def test_disabled_indicator_produces_no_rows():
    out = compute(_scenario(), {"OA-D1": {"enabled": False}}, strict=True)
    assert "OA-D1" not in set(out["flags"]["indicator"])
    assert "OA-D1" not in set(out["indicator_stats"]["indicator"])


class _Broken:
    meta = IndicatorMeta(code="XX-1", name_es="roto", name_en="broken", category="integrity", level="process",
                         methodology_es="-", methodology_en="-", why_es="-", why_en="-", required_fields=())
    reports_all_subjects = True
    shared_pass = None

    def run(self, con, settings, table):
        raise RuntimeError("boom")


class _OnlyFlaggedPass:
    def compute(self, con, settings, codes):
        return {"XX-2": IndicatorResult(flags=pd.DataFrame(
            [["XX-2", "ocid", "b", "b", 1.0, True, True, None]], columns=FLAG_COLUMNS))}


class _OnlyFlagged:
    """Like Cardinal's output: lists flagged subjects only, computed by a shared pass."""

    meta = IndicatorMeta(code="XX-2", name_es="solo", name_en="only", category="integrity", level="process",
                         methodology_es="-", methodology_en="-", why_es="-", why_en="-", required_fields=())
    reports_all_subjects = False
    shared_pass = _OnlyFlaggedPass()

    def run(self, con, settings, table):
        raise AssertionError("metrics.compute runs the shared pass, not each indicator of it")


def test_the_test_doubles_and_every_indicator_implement_the_declared_interface():
    for indicator in [*catalogue.all_indicators(), _Broken(), _OnlyFlagged()]:
        assert isinstance(indicator, Indicator), indicator
        assert indicator.shared_pass is None or isinstance(indicator.shared_pass, SharedPass)


def test_a_failing_indicator_is_recorded_without_stopping_the_others(monkeypatch):
    monkeypatch.setattr(catalogue, "all_indicators", lambda: [*INDICATORS, _Broken()])
    con = _scenario()
    out = compute(con)
    stats = out["indicator_stats"].set_index("indicator")
    assert pd.isna(stats.loc["XX-1", "n_subjects"]) and "boom" in stats.loc["XX-1", "settings"]
    assert stats.loc["OA-D1", "n_flagged"] == 1
    with pytest.raises(RuntimeError, match="boom"):
        compute(con, strict=True)


def test_indicators_listing_only_flagged_subjects_are_listed_but_not_scored(monkeypatch):
    monkeypatch.setattr(catalogue, "all_indicators", lambda: [*INDICATORS, _OnlyFlagged()])
    out = compute(_scenario(), strict=True)
    b = out["process_scores"].set_index("ocid").loc["b"]
    assert list(b["flagged_indicators"]) == ["XX-2"]
    assert b["n_flagged"] == 0 and b["score"] == 0.0
    assert compute_mod.reports_all_subjects(INDICATORS[0]) and not compute_mod.reports_all_subjects(_OnlyFlagged())
