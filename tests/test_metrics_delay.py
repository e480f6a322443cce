"""Delay indicators OA-D1..OA-D7: legal minimums, outliers per method, data-date reproducibility."""
from __future__ import annotations

import numpy as np
import pytest

from tests.metrics_helpers import empty_db, insert, results


# OA-D1 -------------------------------------------------------------------------------------------

def test_national_tender_of_15_days_passes_and_14_days_is_flagged():
    con = empty_db()
    insert(con, "processes", ocid="15", method="open", tender_start="2020-01-01", tender_end="2020-01-16")
    insert(con, "processes", ocid="14", method="open", tender_start="2020-01-01", tender_end="2020-01-15")
    got = results(con, "OA-D1")
    assert got["15"]["value"] == 15 and got["15"]["flagged"] is False
    assert got["14"]["flagged"] is True and got["14"]["detail"]["scope"] == "national"


def test_fractions_of_a_day_do_not_count():
    con = empty_db()
    insert(con, "processes", ocid="p", method="open", tender_start="2020-01-01 08:00:00",
           tender_end="2020-01-16 00:00:00")
    got = results(con, "OA-D1")["p"]
    assert got["value"] == 14 and got["flagged"] is True


def test_international_tender_needs_20_days_recognised_from_method_details():
    con = empty_db()
    for ocid, days in (("intl-19", 19), ("intl-20", 20)):
        insert(con, "processes", ocid=ocid, method="open", method_details="Licitación Pública Internacional",
               tender_start="2020-03-01", tender_end=f"2020-03-{1 + days:02d}")
    insert(con, "processes", ocid="nat-19", method="open", method_details="Licitación Pública Nacional",
           tender_start="2020-03-01", tender_end="2020-03-20")
    got = results(con, "OA-D1")
    assert got["intl-19"]["flagged"] is True and got["intl-19"]["detail"]["minimum"] == 20
    assert got["intl-20"]["flagged"] is False
    assert got["nat-19"]["flagged"] is False


def test_default_scope_setting_makes_unmarked_tenders_international():
    con = empty_db()
    insert(con, "processes", ocid="p", method="open", tender_start="2020-03-01", tender_end="2020-03-18")
    assert results(con, "OA-D1")["p"]["flagged"] is False
    got = results(con, "OA-D1", {"OA-D1": {"default_scope": "international"}})["p"]
    assert got["flagged"] is True and got["detail"]["scope"] == "international"


def test_tender_period_missing_or_reversed_is_not_computable_and_direct_is_not_considered():
    con = empty_db()
    insert(con, "processes", ocid="missing", method="open", tender_start="2020-01-01")
    insert(con, "processes", ocid="reversed", method="open", tender_start="2020-01-10", tender_end="2020-01-01")
    insert(con, "processes", ocid="direct", method="direct", tender_start="2020-01-01", tender_end="2020-01-02")
    got = results(con, "OA-D1")
    assert "direct" not in got
    assert got["missing"]["detail"] == {"reason": "no_tender_period"}
    assert got["reversed"]["detail"] == {"reason": "end_before_start"} and got["reversed"]["flagged"] is None


# OA-D2 -------------------------------------------------------------------------------------------

def _decision(con, ocid, days, method="open"):
    insert(con, "processes", ocid=ocid, method=method, tender_end="2020-01-01",
           award_date=str(np.datetime64("2020-01-01") + np.timedelta64(days, "D")))


def test_long_decision_period_is_a_high_outlier_within_its_method():
    con = empty_db()
    open_days = [10, 12, 14, 15, 15, 16, 18, 20, 21, 90]
    for i, d in enumerate(open_days):
        _decision(con, f"open-{i}", d)
    # selective procedures take longer as a rule; 90 days is ordinary among them
    selective_days = [80, 85, 88, 90, 90, 92, 95, 97, 99, 100]
    for i, d in enumerate(selective_days):
        _decision(con, f"sel-{i}", d, method="selective")
    got = results(con, "OA-D2")
    q1, q3 = np.quantile(open_days, [0.25, 0.75], method="median_unbiased")
    assert got["open-9"]["detail"]["fence"] == pytest.approx(q3 + 1.5 * (q3 - q1))
    assert got["open-9"]["flagged"] is True
    assert [k for k, r in got.items() if r["flagged"]] == ["open-9"]


def test_decision_period_groups_below_minimum_peers_are_not_computable():
    con = empty_db()
    for i in range(9):
        _decision(con, f"p{i}", 10 + i)
    got = results(con, "OA-D2")
    assert all(r["computable"] is False for r in got.values())
    # a row that is not a result carries no value (issue 11): the days stay in the detail
    assert got["p0"]["detail"]["reason"] == "too_few_peers" and got["p0"]["value"] is None
    assert got["p0"]["detail"]["days"] == 10


def test_decision_period_threshold_replaces_the_fence():
    con = empty_db()
    _decision(con, "fast", 5)
    _decision(con, "slow", 40)
    got = results(con, "OA-D2", {"OA-D2": {"threshold": 30}})
    assert got["slow"]["flagged"] is True and got["fast"]["flagged"] is False


def test_award_before_tender_end_is_not_computable_for_decision_period():
    con = empty_db()
    _decision(con, "p", -3)
    insert(con, "processes", ocid="noaward", method="open", tender_end="2020-01-01")
    got = results(con, "OA-D2", {"OA-D2": {"threshold": 30}})
    assert got["p"]["detail"] == {"reason": "end_before_start"}
    assert got["noaward"]["detail"] == {"reason": "no_award_date"}


# OA-D3 -------------------------------------------------------------------------------------------

def test_signature_30_days_after_award_passes_31_is_flagged():
    con = empty_db()
    for ocid, signed in (("30", "2020-01-31"), ("31", "2020-02-01")):
        insert(con, "processes", ocid=ocid)
        insert(con, "awards", ocid=ocid, award_id="a", date="2020-01-01")
        insert(con, "contracts", ocid=ocid, contract_id="c", award_id="a", date_signed=signed)
    got = results(con, "OA-D3")
    assert got["30"]["value"] == 30 and got["30"]["flagged"] is False
    assert got["31"]["flagged"] is True


def test_signature_lag_uses_the_contracts_own_award():
    con = empty_db()
    insert(con, "processes", ocid="p", award_date="2020-01-01")
    insert(con, "awards", ocid="p", award_id="early", date="2020-01-01")
    insert(con, "awards", ocid="p", award_id="late", date="2020-03-01")
    insert(con, "contracts", ocid="p", contract_id="c", award_id="late", date_signed="2020-03-10")
    got = results(con, "OA-D3")["p"]
    assert got["value"] == 9 and got["flagged"] is False


def test_signature_lag_missing_dates_are_not_computable():
    con = empty_db()
    insert(con, "processes", ocid="nosig")
    insert(con, "awards", ocid="nosig", award_id="a", date="2020-01-01")
    insert(con, "contracts", ocid="nosig", contract_id="c", award_id="a")
    insert(con, "processes", ocid="before")
    insert(con, "awards", ocid="before", award_id="a", date="2020-02-01")
    insert(con, "contracts", ocid="before", contract_id="c", award_id="a", date_signed="2020-01-01")
    got = results(con, "OA-D3")
    assert got["nosig"]["detail"] == {"reason": "no_signature_date"}
    assert got["before"]["computable"] is False


# OA-D4 -------------------------------------------------------------------------------------------

def test_term_extension_of_exactly_25_percent_is_not_flagged():
    con = empty_db()
    # 100-day original term (2020-01-01 .. 2020-04-10)
    for ocid, latest in (("at", "2020-05-05"), ("over", "2020-05-06")):
        insert(con, "processes", ocid=ocid)
        insert(con, "contracts", ocid=ocid, contract_id="c", start_date="2020-01-01",
               original_end_date="2020-04-10", end_date=latest)
    got = results(con, "OA-D4")
    assert got["at"]["value"] == pytest.approx(0.25) and got["at"]["flagged"] is False
    assert got["over"]["flagged"] is True


def test_term_extension_from_amendments_and_from_oc4ids_duration_modifications():
    con = empty_db()
    insert(con, "processes", ocid="amended")
    insert(con, "contracts", ocid="amended", contract_id="c", start_date="2020-01-01", end_date="2020-06-09",
           original_end_date="2020-06-09")
    insert(con, "amendments", ocid="amended", contract_id="c", amendment_id="1", date="2020-03-01",
           old_end_date="2020-04-10", new_end_date="2020-06-09")
    insert(con, "projects", project_id="proj")
    mods = [{"id": "1", "type": "duration",
             "oldContractPeriod": {"startDate": "2020-01-01T00:00:00-06:00", "endDate": "2020-04-10T00:00:00-06:00"},
             "newContractPeriod": {"startDate": "2020-01-01T00:00:00-06:00", "endDate": "2020-04-20T00:00:00-06:00"}}]
    insert(con, "project_processes", project_id="proj", process_index=0, process_ref="ocds-y", modifications=mods)
    got = results(con, "OA-D4")
    assert got["amended"]["value"] == pytest.approx(0.6) and got["amended"]["flagged"] is True
    assert got["ocds-y"]["value"] == pytest.approx(0.1) and got["ocds-y"]["flagged"] is False


def test_term_extension_without_original_period_is_not_computable():
    con = empty_db()
    insert(con, "processes", ocid="p")
    insert(con, "contracts", ocid="p", contract_id="c", end_date="2020-05-01", original_end_date="2020-04-01")
    got = results(con, "OA-D4")["p"]
    assert got["computable"] is False and got["detail"] == {"reason": "no_contract_period"}


# OA-D5 -------------------------------------------------------------------------------------------

def test_project_time_overrun_boundary_and_days_late_recorded():
    con = empty_db()
    insert(con, "projects", project_id="at", period_start="2020-01-01", period_end="2020-04-10",
           completion_end_date="2020-05-05")
    insert(con, "projects", project_id="over", period_start="2020-01-01", period_end="2020-04-10",
           completion_end_date="2020-05-06")
    insert(con, "projects", project_id="early", period_start="2020-01-01", period_end="2020-04-10",
           completion_end_date="2020-04-01")
    insert(con, "projects", project_id="open", period_start="2020-01-01", period_end="2020-04-10")
    got = results(con, "OA-D5")
    assert got["at"]["flagged"] is False and got["at"]["detail"]["days_late"] == 25
    assert got["over"]["flagged"] is True
    assert got["early"]["flagged"] is False and got["early"]["detail"]["days_late"] == -9
    assert got["open"]["detail"] == {"reason": "not_completed"}


# OA-D6 / OA-D7 and the data date -----------------------------------------------------------------

def test_milestones_met_late_or_past_due_at_the_data_date_are_flagged():
    con = empty_db()
    # the data date: the publisher's latest release (these processes share one publisher)
    for ocid in ("late", "unmet", "future", "ontime"):
        insert(con, "processes", ocid=ocid)
    insert(con, "processes", ocid="none", last_release_date="2021-01-01")
    insert(con, "milestones", ocid="late", milestone_id="1", due_date="2020-05-01", date_met="2020-05-02 09:00")
    insert(con, "milestones", ocid="unmet", milestone_id="1", due_date="2020-12-31", status="scheduled")
    insert(con, "milestones", ocid="future", milestone_id="1", due_date="2021-02-01", status="scheduled")
    insert(con, "milestones", ocid="ontime", milestone_id="1", due_date="2020-05-01", date_met="2020-05-01 18:00")
    insert(con, "milestones", ocid="ontime", milestone_id="2", due_date="2020-06-01", status="met")
    got = results(con, "OA-D6")
    assert got["late"]["flagged"] is True and got["late"]["detail"]["late"] == 1
    assert got["unmet"]["flagged"] is True and got["unmet"]["detail"]["unmet"] == 1
    assert got["future"]["flagged"] is False
    assert got["ontime"]["flagged"] is False
    assert got["none"]["computable"] is False and got["none"]["detail"] == {"reason": "no_milestones"}


def test_stalled_tender_counts_from_the_latest_release_date_not_the_clock():
    con = empty_db()
    # the publisher's latest release (these processes share one publisher: no implementer, no ocid prefix)
    insert(con, "processes", ocid="stalled", tender_end="2020-01-30")   # 31 days before 2020-03-01
    insert(con, "processes", ocid="recent", tender_end="2020-01-31", last_release_date="2020-02-15")  # 30 days
    insert(con, "processes", ocid="awarded", tender_end="2019-01-01", last_release_date="2020-03-01")
    insert(con, "awards", ocid="awarded", award_id="a")
    insert(con, "processes", ocid="deserted", tender_end="2019-01-01", tender_status="unsuccessful")
    insert(con, "processes", ocid="noend")
    got = results(con, "OA-D7")
    assert got["stalled"]["flagged"] is True and got["stalled"]["value"] == 31
    assert got["recent"]["flagged"] is False
    assert got["awarded"]["flagged"] is False and got["awarded"]["computable"] is True
    assert "deserted" not in got
    assert got["noend"]["detail"] == {"reason": "no_tender_end"}
    assert got["stalled"]["detail"]["data_date"] == "2020-03-01T00:00:00"


def test_data_date_setting_overrides_and_results_are_reproducible():
    con = empty_db()
    insert(con, "processes", ocid="p", tender_end="2020-01-30", last_release_date="2020-03-01")
    first, second = results(con, "OA-D7"), results(con, "OA-D7")
    assert first == second
    earlier = results(con, "OA-D7", {"data_date": "2020-02-15"})
    assert earlier["p"]["flagged"] is False and earlier["p"]["value"] == 16


def test_without_any_publication_date_stalled_and_unmet_are_not_computable():
    con = empty_db()
    insert(con, "processes", ocid="p", tender_end="2020-01-30")
    insert(con, "milestones", ocid="p", milestone_id="1", due_date="2020-05-01", status="scheduled")
    assert results(con, "OA-D7")["p"]["detail"] == {"reason": "no_data_date"}
    assert results(con, "OA-D6")["p"]["detail"] == {"reason": "no_data_date"}
