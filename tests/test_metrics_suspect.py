"""The suspect-data checks on small hand-made cases (the real cases are in tests/test_trust_suspect.py): each
rule's edge, and that a genuine finding beside a suspect value is still a finding."""
from __future__ import annotations

import json

from metrics import suspect
from tests.metrics_helpers import empty_db, insert, results


def _milestones(con, ocid, titles, due="2020-01-{:02d}", status="partiallyMet", contract="c1"):
    insert(con, "processes", ocid=ocid, last_release_date="2021-01-01")
    for i, title in enumerate(titles, 1):
        insert(con, "milestones", ocid=ocid, contract_id=contract, milestone_id=f"m{i}", title=title,
               status=status, due_date=due.format(i))


def test_monthly_progress_reports_are_suspect_but_a_late_delivery_beside_them_is_flagged():
    con = empty_db()
    _milestones(con, "progress", [f"Avance físico {10 * i} %" for i in range(1, 7)])  # titles differ by digits
    _milestones(con, "acceptances", ["Aceptación de servicio"] * 2)  # by the title's words, not repeats
    _milestones(con, "repeated", ["Entrega parcial"] * 3)  # by repeats
    _milestones(con, "twice", ["Entrega parcial"] * 2)  # two are not a series: late milestones
    _milestones(con, "mixed", ["Avance físico 10 %", "Avance físico 20 %", "Entrega de la obra"])
    got = results(con, "OA-D6")
    for ocid in ("progress", "acceptances", "repeated"):
        assert (got[ocid]["value"], got[ocid]["flagged"], got[ocid]["computable"]) == (None, None, False), ocid
        assert got[ocid]["detail"]["reason"] == "periodic_milestones"
    assert (got["twice"]["value"], got["twice"]["flagged"]) == (2, True)
    assert (got["mixed"]["value"], got["mixed"]["flagged"]) == (1, True)  # the delivery, not the reports
    assert got["mixed"]["detail"]["periodic"] == 2


def test_signature_after_the_works_ended_is_suspect_and_a_real_lag_beside_it_counts():
    con = empty_db()
    for ocid in ("typed", "mixed", "same_day"):
        insert(con, "processes", ocid=ocid)
        insert(con, "awards", ocid=ocid, award_id="a", date="2015-01-01")
    insert(con, "contracts", ocid="typed", contract_id="c", award_id="a", date_signed="2020-03-17",
           end_date="2015-10-14")
    insert(con, "contracts", ocid="mixed", contract_id="c1", award_id="a", date_signed="2020-03-17",
           end_date="2015-10-14")
    insert(con, "contracts", ocid="mixed", contract_id="c2", award_id="a", date_signed="2015-03-02",
           end_date="2015-10-14")
    insert(con, "contracts", ocid="same_day", contract_id="c", award_id="a", date_signed="2015-10-14 10:00",
           end_date="2015-10-14")
    got = results(con, "OA-D3")
    assert got["typed"]["value"] is None and got["typed"]["detail"]["reason"] == "signed_after_works_ended"
    assert (got["mixed"]["value"], got["mixed"]["flagged"]) == (60, True)  # c2's real lag; c1 left out
    assert (got["same_day"]["value"], got["same_day"]["computable"]) == (286, True)  # signed on the last day


def test_project_placeholders_are_suspect_and_a_real_saving_is_not():
    con = empty_db()
    cases = {"ten_pesos": (473_694_090.21, 10.0), "zero": (1_000_000.0, 0.0), "one_peso_budget": (1.0, 5e6),
             "tiny": (1_000_000.0, 5_000.0), "real": (1_000_000.0, 950_000.0), "hundred": (900.0, 100.0)}
    for pid, (budget, final) in cases.items():
        insert(con, "projects", project_id=pid, budget=budget, completion_final_value=final, currency="MXN")
    got = results(con, "OA-P2")
    expected = {"ten_pesos": "placeholder_final_value", "zero": "placeholder_final_value",
                "one_peso_budget": "placeholder_budget", "tiny": "final_value_below_1pct"}
    for pid, reason in expected.items():
        assert got[pid]["value"] is None and got[pid]["detail"]["reason"] == reason, pid
        assert suspect.final_value_doubt(*cases[pid]) == reason  # the pages' twin says the same
    assert got["real"]["computable"] is True and round(got["real"]["value"], 2) == -0.05
    # 100 pesos on a budget of 900: less than ten times smaller, read as an amount
    assert got["hundred"]["computable"] is True and suspect.final_value_doubt(900.0, 100.0) is None


def test_completion_after_the_projects_own_date_is_suspect():
    con = empty_db()
    for pid, end in (("future", "2020-12-25"), ("past", "2019-12-20")):
        insert(con, "projects", project_id=pid, period_start="2019-01-01", period_end="2020-12-31",
               completion_end_date=end, updated="2020-04-09")
    got = results(con, "OA-D5")
    assert got["future"]["value"] is None and got["future"]["detail"]["reason"] == "completion_after_data_date"
    assert got["past"]["computable"] is True and got["past"]["flagged"] is False


def _reused_release(con, ocid, amounts, tender_value=None, contracts=()):
    """A process whose releases share one id ("r") and publish award "a" at `amounts` (one per version),
    the loader's correction for it, the compiled award at the last amount and the given contracts."""
    insert(con, "processes", ocid=ocid, tender_value=tender_value, award_value=amounts[-1], currency="MXN")
    for i, amount in enumerate(amounts):
        insert(con, "releases", ocid=ocid, release_id="r", date=f"201{i}-01-01",
               json=json.dumps({"ocid": ocid, "id": "r", "awards": [{"id": "a", "value": {"amount": amount}}]}))
    if len(set(amounts)) > 1 or len(amounts) > 1:
        insert(con, "corrections", ocid=ocid, field="releases[id=r]", rule=suspect.REUSED_RELEASE_ID_RULE)
    insert(con, "awards", ocid=ocid, award_id="a", value=amounts[-1], currency="MXN")
    for cid, value in contracts:
        insert(con, "contracts", ocid=ocid, contract_id=cid, award_id="a", value=value, currency="MXN")


def test_amounts_of_an_award_that_differ_under_one_release_id_are_suspect_not_a_finding():
    con = empty_db()
    _reused_release(con, "versions", [4500.0, 368353.35], tender_value=100000.0,
                    contracts=[("c1", 4500.0), ("c2", 368353.35)])
    _reused_release(con, "same_amount", [200.0, 200.0], tender_value=100.0, contracts=[("c1", 400.0)])
    _reused_release(con, "one_version", [368353.35], tender_value=100000.0, contracts=[("c1", 4500.0)])
    p5, p3 = results(con, "OA-P5"), results(con, "OA-P3")
    assert p5["versions"]["value"] is None and p5["versions"]["computable"] is False
    assert p5["versions"]["detail"]["reason"] == "award_value_differs_in_reused_release"
    assert p5["versions"]["detail"]["award_amounts"] == [4500.0, 368353.35]
    assert p3["versions"]["detail"]["reason"] == "award_value_differs_in_reused_release"
    assert p3["versions"]["value"] is None
    # the same amount in every version, or a single version: the comparisons are results
    assert (p5["same_amount"]["value"], p5["same_amount"]["flagged"]) == (2.0, True)
    assert (p3["same_amount"]["value"], p3["same_amount"]["flagged"]) == (2.0, True)
    assert p5["one_version"]["flagged"] is True and p3["one_version"]["flagged"] is True


def test_a_tender_period_of_one_instant_is_suspect_and_a_short_one_is_flagged():
    con = empty_db()
    periods = {"one_instant": ("2019-02-05 00:00", "2019-02-05 00:00"), "hours": ("2019-02-05 09:00", "2019-02-05 18:00"),
               "short": ("2016-12-07", "2016-12-20"), "long": ("2016-12-01", "2016-12-20")}
    for ocid, (start, end) in periods.items():
        insert(con, "processes", ocid=ocid, method="open", tender_start=start, tender_end=end)
    got = results(con, "OA-D1")
    assert got["one_instant"]["value"] is None and got["one_instant"]["computable"] is False
    assert got["one_instant"]["detail"]["reason"] == "tender_period_single_date"
    assert (got["hours"]["value"], got["hours"]["flagged"]) == (0, True)  # a period, however short
    assert (got["short"]["value"], got["short"]["flagged"]) == (13, True)
    assert (got["long"]["value"], got["long"]["flagged"]) == (19, False)


def test_an_estimate_shared_by_processes_is_suspect_only_when_it_covers_their_awards_together():
    con = empty_db()
    rows = {"floor1": ("b1", 50e6, 4.4e6), "floor2": ("b1", 50e6, 11.2e6),  # one budget, two lots
            "lot1": ("b2", 1e6, 0.6e6), "lot2": ("b2", 1e6, 0.65e6),      # each lot its own estimate
            "twin1": ("b3", 2e6, 1e6), "twin2": ("b3", 2e6, 1e6),          # the same award twice
            "other_buyer": ("b4", 50e6, 4.4e6)}
    for ocid, (buyer, estimate, award) in rows.items():
        insert(con, "processes", ocid=ocid, buyer_id=buyer, tender_value=estimate, award_value=award, currency="MXN")
    p4 = results(con, "OA-P4")
    for ocid in ("floor1", "floor2"):
        assert p4[ocid]["value"] is None and p4[ocid]["detail"]["reason"] == "estimate_shared_by_processes"
    for ocid in ("lot1", "lot2", "twin1", "twin2", "other_buyer"):
        assert p4[ocid]["flagged"] is True, ocid  # 0.6, 0.65, 0.5, 0.088: results, below 0.7
