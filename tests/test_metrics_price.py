"""Price indicators OA-P1..OA-P5: thresholds at their boundaries, missing data, exclusions."""
from __future__ import annotations

from tests.metrics_helpers import empty_db, insert, results


def _process(con, ocid, **extra):
    insert(con, "processes", ocid=ocid, currency=extra.pop("currency", "MXN"), **extra)


# OA-P1 -------------------------------------------------------------------------------------------

def test_price_increase_of_exactly_25_percent_is_not_flagged_and_above_is():
    con = empty_db()
    for ocid, latest in (("at", 125.0), ("above", 125.5), ("below", 110.0)):
        _process(con, ocid)
        insert(con, "contracts", ocid=ocid, contract_id="c1", value=latest, original_value=100.0, currency="MXN")
    got = results(con, "OA-P1")
    assert got["at"]["flagged"] is False and got["at"]["value"] == 0.25
    assert got["above"]["flagged"] is True
    assert got["below"]["flagged"] is False
    assert got["above"]["detail"] == {"contract": "c1", "original": 100.0, "latest": 125.5, "source": "contracts"}


def test_price_increase_threshold_setting_is_used():
    con = empty_db()
    _process(con, "p")
    insert(con, "contracts", ocid="p", contract_id="c", value=115.0, original_value=100.0)
    assert results(con, "OA-P1")["p"]["flagged"] is False
    assert results(con, "OA-P1", {"OA-P1": {"threshold": 0.10}})["p"]["flagged"] is True


def test_price_increase_without_contract_or_with_zero_original_is_not_computable():
    con = empty_db()
    _process(con, "no-contract")
    _process(con, "zero")
    insert(con, "contracts", ocid="zero", contract_id="c", value=50.0, original_value=0.0)
    got = results(con, "OA-P1")
    for ocid, reason in (("no-contract", "no_contracts"), ("zero", "no_original_value")):
        assert got[ocid]["computable"] is False
        assert got[ocid]["flagged"] is None
        assert got[ocid]["detail"] == {"reason": reason}


def test_price_increase_uses_first_amendment_old_value_as_original():
    con = empty_db()
    _process(con, "p")
    # The loader saw the contract only after its amendments: original_value equals the latest value.
    insert(con, "contracts", ocid="p", contract_id="c", value=140.0, original_value=140.0)
    insert(con, "amendments", ocid="p", contract_id="c", amendment_id="a2", date="2020-06-01",
           old_value=120.0, new_value=140.0)
    insert(con, "amendments", ocid="p", contract_id="c", amendment_id="a1", date="2020-03-01",
           old_value=100.0, new_value=120.0)
    got = results(con, "OA-P1")["p"]
    assert got["detail"]["original"] == 100.0
    assert got["value"] == 0.4 and got["flagged"] is True


def test_price_increase_takes_the_largest_increase_among_contracts():
    con = empty_db()
    _process(con, "p")
    insert(con, "contracts", ocid="p", contract_id="small", value=101.0, original_value=100.0)
    insert(con, "contracts", ocid="p", contract_id="big", value=150.0, original_value=100.0)
    got = results(con, "OA-P1")["p"]
    assert got["detail"]["contract"] == "big" and got["flagged"] is True


def test_price_increase_from_oc4ids_modifications_of_an_unloaded_process():
    con = empty_db()
    insert(con, "projects", project_id="proj")
    mods = [
        {"id": "1", "oldContractValue": {"amount": 1000, "currency": "MXN"},
         "newContractValue": {"amount": 1200, "currency": "MXN"}},
        {"id": "2", "oldContractValue": {"amount": 1200, "currency": "MXN"},
         "newContractValue": {"amount": 1300, "currency": "MXN"}},
    ]
    insert(con, "project_processes", project_id="proj", process_index=0, process_ref="ocds-x-1", modifications=mods)
    got = results(con, "OA-P1")["ocds-x-1"]
    assert got["detail"]["source"] == "modifications"
    assert got["value"] == 0.3 and got["flagged"] is True


def test_cancelled_tenders_and_excluded_method_details_get_no_row():
    con = empty_db()
    _process(con, "cancelled", tender_status="cancelled")
    _process(con, "sorteo", method_details="Sorteo de Obras")
    _process(con, "kept", method_details="Licitación Pública")
    got = results(con, "OA-P1", {"exclusions": {"procurement_method_details": ["Sorteo de Obras"]}})
    assert set(got) == {"kept"}


def test_contract_in_another_currency_is_not_computable():
    con = empty_db()
    _process(con, "usd")
    _process(con, "mxn")
    insert(con, "contracts", ocid="usd", contract_id="c", value=200.0, original_value=100.0, currency="USD")
    insert(con, "contracts", ocid="mxn", contract_id="c", value=200.0, original_value=100.0, currency="MXN")
    got = results(con, "OA-P1", {"currency": "MXN"})
    assert got["usd"]["computable"] is False and got["usd"]["detail"] == {"reason": "other_currency"}
    assert got["mxn"]["flagged"] is True


# OA-P2 -------------------------------------------------------------------------------------------

def test_project_cost_overrun_boundary_and_missing_completion():
    con = empty_db()
    insert(con, "projects", project_id="at", budget=1000.0, completion_final_value=1250.0)
    insert(con, "projects", project_id="over", budget=1000.0, completion_final_value=1251.0)
    insert(con, "projects", project_id="under", budget=1000.0, completion_final_value=800.0)
    insert(con, "projects", project_id="ongoing", budget=1000.0, status="implementation")
    insert(con, "projects", project_id="nobudget", budget=0.0, completion_final_value=10.0)
    got = results(con, "OA-P2")
    assert got["at"]["flagged"] is False and got["at"]["value"] == 0.25
    assert got["over"]["flagged"] is True
    assert got["under"]["flagged"] is False and got["under"]["value"] == -0.2  # recorded for every project
    assert got["ongoing"]["computable"] is False and got["ongoing"]["detail"] == {"reason": "not_completed"}
    assert got["nobudget"]["detail"] == {"reason": "no_budget"}


# OA-P3 / OA-P4 -----------------------------------------------------------------------------------

def test_award_at_or_above_estimate_is_inclusive():
    # at the threshold exactly: 1.05 (an award equal to the estimate is a copied value, suspect data; below)
    con = empty_db()
    _process(con, "at", tender_value=100.0, award_value=105.0)
    _process(con, "just-below", tender_value=100.0, award_value=104.99)
    got = results(con, "OA-P3", {"OA-P3": {"threshold": 1.05}})
    assert got["at"]["flagged"] is True
    assert got["just-below"]["flagged"] is False


def test_award_equal_to_the_estimate_is_suspect_data_not_a_flag():
    con = empty_db()
    _process(con, "equal", tender_value=100.0, award_value=100.0)
    _process(con, "within-a-peso", tender_value=100_000.0, award_value=100_000.4)
    got = results(con, "OA-P3")
    for ocid in ("equal", "within-a-peso"):
        assert (got[ocid]["flagged"], got[ocid]["computable"], got[ocid]["value"]) == (None, False, None)
        assert got[ocid]["detail"]["reason"] == "estimate_copies_award"


def test_award_far_below_estimate_is_inclusive_at_seventy_percent():
    con = empty_db()
    _process(con, "at", tender_value=100.0, award_value=70.0)
    _process(con, "above", tender_value=100.0, award_value=70.01)
    got = results(con, "OA-P4")
    assert got["at"]["flagged"] is True
    assert got["above"]["flagged"] is False


def test_award_vs_estimate_falls_back_to_oc4ids_cost_estimate_and_needs_both_amounts():
    con = empty_db()
    _process(con, "from-project", award_value=130.0)
    insert(con, "project_processes", project_id="proj", process_index=0, ocid="from-project", cost_estimate=100.0)
    _process(con, "no-estimate", award_value=50.0)
    _process(con, "zero-award", tender_value=100.0, award_value=0.0)
    got = results(con, "OA-P3")
    assert got["from-project"]["flagged"] is True
    assert got["from-project"]["detail"]["estimate_source"] == "costEstimate"
    assert got["no-estimate"]["detail"] == {"reason": "no_estimate"}
    assert got["zero-award"]["detail"] == {"reason": "no_award_value"}


def test_award_vs_estimate_procurement_methods_setting_limits_the_subjects():
    con = empty_db()
    _process(con, "open", method="open", tender_value=100.0, award_value=100.0)
    _process(con, "direct", method="direct", tender_value=100.0, award_value=100.0)
    got = results(con, "OA-P3", {"OA-P3": {"procurement_methods": ["open"]}})
    assert set(got) == {"open"}


# OA-P5 -------------------------------------------------------------------------------------------

def test_contract_award_ratio_boundaries_are_inside_the_interval():
    con = empty_db()
    for ocid, contract_value in (("half", 50.0), ("less", 49.0), ("x15", 150.0), ("more", 151.0)):
        _process(con, ocid)
        insert(con, "awards", ocid=ocid, award_id="a", value=100.0)
        insert(con, "contracts", ocid=ocid, contract_id="c", award_id="a", value=contract_value)
    got = results(con, "OA-P5")
    assert got["half"]["flagged"] is False and got["x15"]["flagged"] is False
    assert got["less"]["flagged"] is True and got["more"]["flagged"] is True


def test_contract_without_award_id_matches_the_only_award_but_not_one_of_several():
    con = empty_db()
    _process(con, "single")
    insert(con, "awards", ocid="single", award_id="a", value=100.0)
    insert(con, "contracts", ocid="single", contract_id="c", value=300.0)
    _process(con, "two")
    insert(con, "awards", ocid="two", award_id="a", value=100.0)
    insert(con, "awards", ocid="two", award_id="b", value=100.0)
    insert(con, "contracts", ocid="two", contract_id="c", value=300.0)
    got = results(con, "OA-P5")
    assert got["single"]["flagged"] is True and got["single"]["value"] == 3.0
    assert got["two"]["computable"] is False and got["two"]["detail"] == {"reason": "no_contract_award_pair"}


def test_contract_with_zero_value_is_not_computable_for_coherence():
    con = empty_db()
    _process(con, "p")
    insert(con, "awards", ocid="p", award_id="a", value=100.0)
    insert(con, "contracts", ocid="p", contract_id="c", award_id="a", value=0.0)
    assert results(con, "OA-P5")["p"]["computable"] is False
