"""Competition indicators OA-C1..OA-C4: tenderer counts, buyer outliers, HHI, the 365-day window."""
from __future__ import annotations

import numpy as np
import pytest

from tests.metrics_helpers import empty_db, insert, results


# OA-C1 -------------------------------------------------------------------------------------------

def test_three_tenderers_is_not_flagged_two_is():
    con = empty_db()
    insert(con, "processes", ocid="three", method="open", number_of_tenderers=3)
    insert(con, "processes", ocid="two", method="selective", number_of_tenderers=2)
    got = results(con, "OA-C1")
    assert got["three"]["flagged"] is False
    assert got["two"]["flagged"] is True and got["two"]["value"] == 2


def test_direct_awards_are_not_considered_for_few_tenderers():
    con = empty_db()
    insert(con, "processes", ocid="direct", method="direct", number_of_tenderers=1)
    insert(con, "processes", ocid="unknown", method=None, number_of_tenderers=1)
    assert results(con, "OA-C1") == {}


def test_tenderer_count_falls_back_to_distinct_bidders_of_submitted_bids():
    con = empty_db()
    insert(con, "processes", ocid="p", method="open")
    insert(con, "bids", ocid="p", bid_id="1", tenderer_ids=["A"], status="valid")
    insert(con, "bids", ocid="p", bid_id="2", tenderer_ids=["A"], status="valid")  # same bidder twice
    insert(con, "bids", ocid="p", bid_id="3", tenderer_ids=["B"], status="withdrawn")
    insert(con, "bids", ocid="p", bid_id="4", tenderer_ids=["C"], status="disqualified")
    got = results(con, "OA-C1")["p"]
    assert got["value"] == 2 and got["flagged"] is True
    assert got["detail"]["source"] == "bids"


def test_open_process_without_any_tenderer_data_is_not_computable():
    con = empty_db()
    insert(con, "processes", ocid="p", method="open")
    got = results(con, "OA-C1")["p"]
    assert got["computable"] is False and got["flagged"] is None
    assert got["detail"] == {"reason": "no_tenderer_count"}


# OA-C2 -------------------------------------------------------------------------------------------

def _buyer(con, buyer, n, n_direct, amount=100.0, direct_amount=None):
    for i in range(n):
        direct = i < n_direct
        insert(con, "processes", ocid=f"{buyer}-{i}", buyer_id=buyer, method="direct" if direct else "open",
               award_value=(direct_amount if direct and direct_amount is not None else amount), currency="MXN")


def test_non_competitive_share_flags_the_high_outlier_buyer_with_type8_fence():
    con = empty_db()
    directs = {"b1": 1, "b2": 2, "b3": 2, "b4": 3, "b5": 3, "b6": 10}
    for buyer, k in directs.items():
        _buyer(con, buyer, 10, k)
    got = results(con, "OA-C2")
    shares = np.array([k / 10 for k in directs.values()])
    q1, q3 = np.quantile(shares, [0.25, 0.75], method="median_unbiased")
    fence = q3 + 1.5 * (q3 - q1)
    assert got["b6"]["detail"]["fence_count"] == pytest.approx(fence)
    assert {b for b, r in got.items() if r["flagged"]} == {b for b, k in directs.items() if k / 10 >= fence} == {"b6"}


def test_buyer_below_minimum_processes_is_not_computable():
    con = empty_db()
    for buyer in ("b1", "b2", "b3", "b4", "b5"):
        _buyer(con, buyer, 10, 1)
    _buyer(con, "small", 9, 9)
    got = results(con, "OA-C2")
    assert got["small"]["computable"] is False
    assert got["small"]["detail"] == {"reason": "too_few_processes", "processes": 9}


def test_non_competitive_share_is_skipped_when_q1_and_q3_are_zero():
    con = empty_db()
    for buyer in ("b1", "b2", "b3", "b4", "b5", "b6"):
        _buyer(con, buyer, 10, 0)
    _buyer(con, "b7", 10, 8, direct_amount=0.0)  # direct awards with no amount: amount share is 0 too
    got = results(con, "OA-C2")
    assert all(r["computable"] is False and r["flagged"] is None for r in got.values())
    assert got["b7"]["detail"]["reason"] == "degenerate_peer_set"


def test_non_competitive_share_too_few_peer_buyers_is_not_computable():
    con = empty_db()
    _buyer(con, "b1", 10, 1)
    _buyer(con, "b2", 10, 9)
    got = results(con, "OA-C2")
    assert got["b2"]["computable"] is False and got["b2"]["detail"]["reason"] == "too_few_peers"
    # a configured threshold replaces the fence, so no peers are needed
    got = results(con, "OA-C2", {"OA-C2": {"threshold": 0.5}})
    assert got["b2"]["flagged"] is True and got["b1"]["flagged"] is False


# OA-C3 -------------------------------------------------------------------------------------------

def _awards(con, buyer, amounts_by_supplier, n_processes=10):
    suppliers = list(amounts_by_supplier)
    for i in range(n_processes):
        ocid = f"{buyer}-{i}"
        insert(con, "processes", ocid=ocid, buyer_id=buyer, currency="MXN")
        if i < len(suppliers):
            insert(con, "awards", ocid=ocid, award_id="a", value=amounts_by_supplier[suppliers[i]],
                   supplier_ids=[suppliers[i]], status="active")


def test_hhi_is_the_sum_of_squared_shares_times_ten_thousand():
    con = empty_db()
    amounts = {"S1": 50.0, "S2": 30.0, "S3": 20.0}
    _awards(con, "b", amounts)
    got = results(con, "OA-C3")["b"]
    total = sum(amounts.values())
    assert got["value"] == pytest.approx(sum((a / total) ** 2 for a in amounts.values()) * 10000)
    assert got["detail"]["top_supplier"] == "S1" and got["detail"]["top_share"] == pytest.approx(0.5)
    assert got["flagged"] is True


def test_hhi_of_exactly_2500_is_flagged_even_with_top_share_below_30_percent():
    con = empty_db()
    _awards(con, "b", {"S1": 25.0, "S2": 25.0, "S3": 25.0, "S4": 25.0})
    got = results(con, "OA-C3")["b"]
    assert got["value"] == pytest.approx(2500.0)
    assert got["detail"]["top_share"] == pytest.approx(0.25)
    assert got["flagged"] is True


def test_ten_equal_suppliers_are_not_concentrated():
    con = empty_db()
    _awards(con, "b", {f"S{i}": 10.0 for i in range(10)})
    got = results(con, "OA-C3")["b"]
    assert got["value"] == pytest.approx(1000.0) and got["flagged"] is False


def test_top_supplier_at_exactly_30_percent_is_flagged():
    con = empty_db()
    _awards(con, "b", {"S1": 30.0, **{f"S{i}": 10.0 for i in range(2, 9)}})
    got = results(con, "OA-C3")["b"]
    assert got["detail"]["top_share"] == pytest.approx(0.30)
    assert got["value"] < 2500 and got["flagged"] is True


def test_joint_award_is_split_equally_and_cancelled_awards_do_not_count():
    con = empty_db()
    for i in range(10):
        insert(con, "processes", ocid=f"p{i}", buyer_id="b")
    insert(con, "awards", ocid="p0", award_id="a", value=100.0, supplier_ids=["S1", "S2"])
    insert(con, "awards", ocid="p1", award_id="a", value=100.0, supplier_ids=["S3"])
    insert(con, "awards", ocid="p2", award_id="a", value=900.0, supplier_ids=["S1"], status="cancelled")
    got = results(con, "OA-C3")["b"]
    assert got["detail"]["suppliers"] == 3
    assert got["detail"]["top_supplier"] == "S3" and got["detail"]["top_share"] == pytest.approx(0.5)
    assert got["value"] == pytest.approx((0.25**2 + 0.25**2 + 0.5**2) * 10000)


def test_concentration_needs_minimum_processes_and_awarded_amounts():
    con = empty_db()
    _awards(con, "small", {"S1": 10.0}, n_processes=9)
    for i in range(10):
        insert(con, "processes", ocid=f"none-{i}", buyer_id="none")
    got = results(con, "OA-C3")
    assert got["small"]["detail"]["reason"] == "too_few_processes"
    assert got["none"]["detail"] == {"reason": "no_awarded_amount"}


# OA-C4 -------------------------------------------------------------------------------------------

def _direct(con, ocid, day, buyer="B", supplier="S", method="direct"):
    insert(con, "processes", ocid=ocid, buyer_id=buyer, method=method)
    insert(con, "awards", ocid=ocid, award_id="a", date=day, supplier_ids=[supplier], value=10.0)


def test_three_direct_awards_within_365_days_are_flagged_inclusive_of_day_365():
    con = empty_db()
    _direct(con, "a", "2020-01-01")
    _direct(con, "b", "2020-06-01")
    _direct(con, "c", "2020-12-31")  # 2020 is a leap year: 365 days after 2020-01-01
    got = results(con, "OA-C4")
    assert {k: r["flagged"] for k, r in got.items()} == {"a": True, "b": True, "c": True}
    assert got["a"]["value"] == 3


def test_three_direct_awards_spread_over_366_days_are_not_flagged():
    con = empty_db()
    _direct(con, "a", "2020-01-01")
    _direct(con, "b", "2020-06-01")
    _direct(con, "c", "2021-01-01")  # 366 days after the first
    got = results(con, "OA-C4")
    assert all(r["flagged"] is False for r in got.values())
    assert got["a"]["value"] == 2


def test_window_membership_is_per_process():
    con = empty_db()
    # a window of three (days 400, 500, 700) and an early award (day 0) outside any such window
    _direct(con, "early", "2019-01-01")
    _direct(con, "x", "2020-02-05")
    _direct(con, "y", "2020-05-15")
    _direct(con, "z", "2020-12-01")
    got = results(con, "OA-C4")
    assert got["early"]["flagged"] is False
    assert all(got[k]["flagged"] for k in ("x", "y", "z"))


def test_repeated_direct_awards_count_processes_per_buyer_and_supplier():
    con = empty_db()
    # two awards inside one process count once; another supplier or buyer starts its own count
    insert(con, "processes", ocid="a", buyer_id="B", method="direct")
    insert(con, "awards", ocid="a", award_id="1", date="2020-01-01", supplier_ids=["S"])
    insert(con, "awards", ocid="a", award_id="2", date="2020-01-02", supplier_ids=["S"])
    _direct(con, "b", "2020-02-01")
    _direct(con, "other-supplier", "2020-03-01", supplier="T")
    _direct(con, "other-buyer", "2020-03-01", buyer="C")
    _direct(con, "open", "2020-03-01", method="open")
    got = results(con, "OA-C4")
    assert "open" not in got
    assert got["a"]["value"] == 2 and got["a"]["flagged"] is False


def test_direct_award_without_date_or_supplier_is_not_computable():
    con = empty_db()
    insert(con, "processes", ocid="nodate", buyer_id="B", method="direct")
    insert(con, "awards", ocid="nodate", award_id="1", supplier_ids=["S"])
    insert(con, "processes", ocid="nobuyer", method="direct")
    got = results(con, "OA-C4")
    assert got["nodate"]["computable"] is False and got["nodate"]["detail"] == {"reason": "no_supplier_or_date"}
    assert got["nobuyer"]["detail"] == {"reason": "no_buyer"}


def test_supplier_concentration_counts_one_supplier_listed_under_a_hash_id_and_under_its_rfc_once():
    """Two awards of one buyer to the same company, once under a hash id whose party carries its RFC in
    additionalIdentifiers (parties.rfc) and once under the RFC itself: one supplier holding everything."""
    con = empty_db()
    for i in range(10):
        insert(con, "processes", ocid=f"p{i}", buyer_id="B", currency="MXN")
    insert(con, "awards", ocid="p0", award_id="1", value=50.0, supplier_ids=["9f86d081"])
    insert(con, "parties", ocid="p0", party_id="9f86d081", name="Constructora Uno", roles=["supplier"],
           rfc="CUN010101AB1")
    insert(con, "awards", ocid="p1", award_id="1", value=50.0, supplier_ids=["CUN010101AB1"])
    insert(con, "parties", ocid="p1", party_id="CUN010101AB1", name="CONSTRUCTORA UNO", roles=["supplier"],
           rfc="CUN010101AB1")
    got = results(con, "OA-C3")
    assert got["B"]["value"] == 10_000 and got["B"]["flagged"] is True
    assert got["B"]["detail"]["suppliers"] == 1 and got["B"]["detail"]["top_supplier"] == "CUN010101AB1"
