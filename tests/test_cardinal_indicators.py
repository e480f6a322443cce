"""Indicator semantics that Cardinal's code fixes and its fixtures do not pin, on hand-made releases."""
from __future__ import annotations

import json

import pytest

from metrics.cardinal import discovery
from metrics.cardinal.ocds import parse_rfc3339_ns, whole_days
from metrics.cardinal.run import run
from metrics.cardinal.ini import parse_settings_text


def results(ini: str, releases: list[dict]) -> dict:
    settings = parse_settings_text(ini, discovery.options())
    return run(settings, [json.dumps(r) for r in releases]).results()


def period(ocid: str, start: str, end: str, **tender) -> dict:
    return {"ocid": ocid, "tender": {"tenderPeriod": {"startDate": start, "endDate": end}, **tender}}


def test_r003_uses_time_zones_and_whole_days():
    releases = [
        period("13 days 23 h", "2024-03-01T00:00:00-06:00", "2024-03-15T05:59:59+00:00"),
        period("14 days", "2024-03-01T00:00:00-06:00", "2024-03-15T06:00:00Z"),
        period("15 days", "2024-03-01T00:00:00-06:00", "2024-03-16T06:00:00Z"),
        period("end before start", "2024-03-10T00:00:00Z", "2024-03-01T00:00:00Z"),
        period("date only", "2024-03-01", "2024-03-02"),
        period("no period", "2024-03-01T00:00:00Z", "2024-03-02T00:00:00Z") | {"tender": {}},
    ]
    assert set(results("[R003]\n", releases)["OCID"]) == {"13 days 23 h", "14 days", "end before start"}


def test_r003_threshold_per_procurement_method_details():
    releases = [
        period("cotización 6 days", "2024-01-01T00:00:00Z", "2024-01-07T00:00:00Z",
               procurementMethodDetails="Cotización"),
        period("cotización 7 days", "2024-01-01T00:00:00Z", "2024-01-08T00:00:00Z",
               procurementMethodDetails="Cotización"),
        period("other 14 days", "2024-01-01T00:00:00Z", "2024-01-15T00:00:00Z", procurementMethodDetails="Otra"),
    ]
    flagged = results("[R003.procurement_method_details]\nCotización = 7\n", releases)
    assert set(flagged["OCID"]) == {"cotización 6 days", "other 14 days"}


def test_rfc3339_parsing_is_strict():
    assert parse_rfc3339_ns("2024-02-29T12:00:00.5Z") is not None
    assert parse_rfc3339_ns("2023-02-29T12:00:00Z") is None  # not a leap year
    assert parse_rfc3339_ns("2024-01-01T12:00:00") is None  # no offset
    assert parse_rfc3339_ns("2024-13-01T12:00:00Z") is None
    start = parse_rfc3339_ns("2024-01-01T00:00:00Z")
    assert whole_days(start, parse_rfc3339_ns("2024-01-01T23:59:59.999999999Z")) == 0
    assert whole_days(start, parse_rfc3339_ns("2023-12-31T00:00:01Z")) == 0  # truncated toward zero


def test_r018_counts_only_an_integer_one():
    releases = [{"ocid": name, "tender": {"procurementMethod": "open", "numberOfTenderers": value}}
                for name, value in (("int", 1), ("float", 1.0), ("bool", True), ("text", "1"))]
    assert set(results("[R018]\n", releases)["OCID"]) == {"int"}


def disqualified_others(ocid: str, others: int) -> dict:
    details = [{"status": "valid", "tenderers": [{"id": "W"}]}]
    details += [{"status": "disqualified", "tenderers": [{"id": f"D{i}"}]} for i in range(others)]
    return {"ocid": ocid, "bids": {"details": details}, "awards": [{"status": "active", "suppliers": [{"id": "W"}]}]}


@pytest.mark.parametrize("threshold, flagged", [("0", {"one", "two"}), ("1", {"one", "two"}), ("2", {"two"})])
def test_r035_threshold_has_a_minimum_of_one(threshold, flagged):
    releases = [disqualified_others("none", 0), disqualified_others("one", 1), disqualified_others("two", 2)]
    out = results(f"[R035]\nthreshold = {threshold}\n", releases)
    assert set(out["OCID"]) == flagged
    assert out["OCID"].get("two") == {"R035": 2.0}


def test_r028_compares_amounts_as_numbers_within_a_currency():
    def bids(ocid, *values):
        return {"ocid": ocid, "bids": {"details": [
            {"status": "valid", "tenderers": [{"id": f"T{i}"}], "value": value} for i, value in enumerate(values)]}}
    releases = [
        bids("int and float", {"amount": 100, "currency": "MXN"}, {"amount": 100.0, "currency": "MXN"}),
        bids("two currencies", {"amount": 100, "currency": "MXN"}, {"amount": 100, "currency": "USD"}),
        bids("withdrawn", {"amount": 100, "currency": "MXN"}, {"amount": 90, "currency": "MXN"}),
    ]
    releases[2]["bids"]["details"].append(
        {"status": "withdrawn", "tenderers": [{"id": "X"}], "value": {"amount": 90, "currency": "MXN"}})
    out = results("[R028]\n", releases)
    assert set(out["OCID"]) == {"int and float"}
    assert set(out["Tenderer"]) == {"T0", "T1"}


def awarded(ocid: str, supplier: str, *codes: str) -> dict:
    return {"ocid": ocid, "awards": [{"status": "active", "suppliers": [{"id": supplier}],
                                      "items": [{"classification": {"id": code}} for code in codes]}]}


def test_r048_digits_set_the_classification_level():
    releases = [awarded("a", "S", "10101500", "10111300")] + [awarded(str(i), f"P{i}", "10101500") for i in range(4)]
    segments = results("[R048]\nminimum_contracting_processes = 1\n", releases)
    # Both of S's codes are in segment 10: every variety is 1, so the fence is 1 and, as R048 has no guard
    # for a degenerate sample in Cardinal, every supplier is flagged with 1.0.
    assert segments == {"Tenderer": {s: {"R048": 1.0} for s in ("S", "P0", "P1", "P2", "P3")}}
    flagged = results("[R048]\nminimum_contracting_processes = 1\ndigits = 4\n", releases)
    assert flagged == {"Tenderer": {"S": {"R048": 2.0}}}


def test_r048_minimum_counts_processes_not_awards():
    two_awards = awarded("x", "S", "10000000")
    two_awards["awards"].append({"status": "active", "suppliers": [{"id": "S"}],
                                 "items": [{"classification": {"id": "20000000"}}]})
    # S is awarded twice in one process: one process, below a minimum of 2, so S is not considered.
    assert results("[R048]\nminimum_contracting_processes = 2\nthreshold = 1\n", [two_awards]) == {}
    assert results("[R048]\nminimum_contracting_processes = 1\nthreshold = 1\n", [two_awards]) == {
        "Tenderer": {"S": {"R048": 2.0}}}


def price_pair(ocid: str, winning: float, second: float) -> dict:
    return {"ocid": ocid, "awards": [{"status": "active", "suppliers": [{"id": "W"}]}], "bids": {"details": [
        {"status": "valid", "tenderers": [{"id": "W"}], "value": {"amount": winning, "currency": "MXN"}},
        {"status": "valid", "tenderers": [{"id": "L"}], "value": {"amount": second, "currency": "MXN"}},
    ]}}


def test_zero_winning_bid_divides_like_ieee_and_does_not_crash():
    from metrics.cardinal.jsonout import dumps

    releases = [price_pair(str(i), 100, 100 + 10 * (i % 2 + 1)) for i in range(6)]
    releases += [price_pair("zero over zero", 0, 0), price_pair("zero winner", 0, 5)]
    settings = parse_settings_text("[R058]\n", discovery.options())
    outcome = run(settings, [json.dumps(r) for r in releases])
    flagged = outcome.results()["OCID"]
    # 5 / 0 is an infinite difference (flagged, written as null like serde_json); 0 / 0 is NaN (never flagged).
    assert set(flagged) == {"zero winner"}
    assert dumps(outcome.to_cardinal(no_meta=True)) == '{"OCID":{"zero winner":{"R058":null}},' \
                                                       '"Tenderer":{"W":{"R058":0.0}}}'
