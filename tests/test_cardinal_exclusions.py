"""Cardinal's global exclusions and input handling, on small hand-made compiled releases."""
from __future__ import annotations

import json
import logging

from hypothesis import given, settings, strategies as st

from metrics.cardinal import discovery
from metrics.cardinal.run import run
from metrics.cardinal.ini import parse_settings_text


def results(ini: str, releases: list, map: bool = False) -> dict:
    settings = parse_settings_text(ini, discovery.options())
    lines = [r if isinstance(r, str) else json.dumps(r) for r in releases]
    return run(settings, lines, map=map).results()


def single_bid(ocid: str, **tender) -> dict:
    return {"ocid": ocid, "tender": {"numberOfTenderers": 1, "procurementMethod": "open", **tender}}


def lowest_disqualified(ocid: str, currency: str = "USD", **tender) -> dict:
    return {
        "ocid": ocid,
        "tender": tender,
        "awards": [{"status": "active"}],
        "bids": {"details": [
            {"status": "disqualified", "value": {"amount": 1, "currency": currency}},
            {"status": "valid", "value": {"amount": 2, "currency": currency}},
        ]},
    }


def test_excluded_procurement_method_details_are_left_out():
    releases = [single_bid("kept", procurementMethodDetails="Licitación"),
                single_bid("lottery", procurementMethodDetails="Sorteo de Obras"),
                single_bid("random", procurementMethodDetails="Random Selection"),
                single_bid("no details")]
    flagged = results("[exclusions]\nprocurement_method_details = Random Selection|Sorteo de Obras\n[R018]\n",
                      releases)
    assert set(flagged["OCID"]) == {"kept", "no details"}
    assert set(results("[R018]\n", releases)["OCID"]) == {"kept", "lottery", "random", "no details"}


def test_cancelled_tenders_are_left_out():
    releases = [single_bid("cancelled", status="cancelled"), single_bid("active", status="active")]
    assert set(results("[R018]\n", releases)["OCID"]) == {"active"}


def test_ocid_must_be_a_string():
    releases = [{**single_bid("x"), "ocid": 7}, {**single_bid("x"), "ocid": None}, single_bid("ok")]
    assert set(results("[R018]\n", releases)["OCID"]) == {"ok"}


def test_amounts_in_another_currency_than_the_configured_one_are_ignored():
    releases = [lowest_disqualified("usd", "USD"), lowest_disqualified("mxn", "MXN")]
    assert set(results("currency = MXN\n[R036]\n", releases)["OCID"]) == {"mxn"}
    assert set(results("currency = USD\n[R036]\n", releases)["OCID"]) == {"usd"}


def test_main_currency_defaults_to_the_first_observed():
    releases = [lowest_disqualified("first", "MXN"), lowest_disqualified("second", "USD")]
    assert set(results("[R036]\n", releases)["OCID"]) == {"first"}


def test_mixed_currencies_within_a_process():
    # With USD as the main currency, the MXN bid is ignored: the lowest USD bid (valid) wins, no flag.
    release = {"ocid": "mixed", "awards": [{"status": "active"}], "bids": {"details": [
        {"status": "disqualified", "value": {"amount": 1, "currency": "MXN"}},
        {"status": "valid", "value": {"amount": 2, "currency": "USD"}},
    ]}}
    assert results("currency = USD\n[R036]\n", [release]) == {}
    assert results("currency = MXN\n[R036]\n", [release]) == {}  # no valid MXN bid


def test_no_price_comparison_methods_skip_price_indicators():
    releases = [lowest_disqualified("auction", procurementMethodDetails="Subasta"),
                lowest_disqualified("lottery", procurementMethodDetails="Sorteo"),
                lowest_disqualified("unset")]
    deny = results("no_price_comparison_procurement_methods = Sorteo\n[R036]\n", releases)
    assert set(deny["OCID"]) == {"auction", "unset"}
    # An allow list keeps only the processes whose details are listed (unset ones are left out).
    allow = results("price_comparison_procurement_methods = Subasta\n[R036]\n", releases)
    assert set(allow["OCID"]) == {"auction"}
    # The allow list wins when both are set.
    both = results("price_comparison_procurement_methods = Subasta\n"
                   "no_price_comparison_procurement_methods = Subasta\n[R036]\n", releases)
    assert set(both["OCID"]) == {"auction"}


def test_bad_lines_are_skipped_with_a_warning(caplog):
    releases = [single_bid("before"), "{not json", "", "   ", "[1, 2]", '"text"', "NaN", single_bid("after")]
    with caplog.at_level(logging.WARNING, logger="metrics.cardinal"):
        flagged = results("[R018]\n", releases)
    assert set(flagged["OCID"]) == {"before", "after"}
    warned = [r.getMessage() for r in caplog.records]
    # Invalid JSON on lines 2 and 7 is reported with its line number; blank lines and valid JSON that is not
    # an object are skipped silently, as Cardinal does.
    assert [m.split(" is invalid JSON")[0] for m in warned if "invalid JSON" in m] == ["Line 2", "Line 7"]


def test_invalid_utf8_line_is_skipped(caplog):
    lines = [json.dumps(single_bid("ok")).encode(), b'{"ocid": "\xff"}']
    settings = parse_settings_text("[R018]\n", discovery.options())
    with caplog.at_level(logging.WARNING, logger="metrics.cardinal"):
        outcome = run(settings, lines)
    assert set(outcome.results()["OCID"]) == {"ok"}
    assert any("Line 2" in r.getMessage() for r in caplog.records)


def test_integers_beyond_64_bits_are_read():
    release = single_bid("big")
    release["tender"]["value"] = {"amount": 10**30}
    assert set(results("[R018]\n", [release])["OCID"]) == {"big"}


def test_organization_references_without_id_are_ignored():
    release = {"ocid": "x", "bids": {"details": [
        {"status": "valid", "value": {"amount": 5, "currency": "USD"}, "tenderers": [{"name": "no id"}]},
        {"status": "valid", "value": {"amount": 5, "currency": "USD"}, "tenderers": [{"id": "A"}]},
    ]}}
    assert results("[R028]\n", [release]) == {}


def test_deeply_nested_line_is_skipped(caplog):
    deep = '{"ocid": "deep", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with caplog.at_level(logging.WARNING, logger="metrics.cardinal"):
        flagged = results("[R018]\n", [deep, single_bid("ok")])
    assert set(flagged["OCID"]) == {"ok"}
    assert any("Line 1" in r.getMessage() for r in caplog.records)


# Any JSON shape, with the keys Cardinal reads, so that wrong types reach every accessor.
_keys = st.sampled_from(["ocid", "tender", "status", "tenderPeriod", "startDate", "endDate", "procurementMethod",
                         "procurementMethodDetails", "numberOfTenderers", "bids", "details", "tenderers", "id",
                         "value", "amount", "currency", "date", "awards", "suppliers", "items", "classification",
                         "buyer", "procuringEntity"])
_leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.sampled_from(["valid", "disqualified", "active", "pending", "open", "USD", "cancelled",
                                     "2000-01-01T00:00:00Z", "W", "L"]))
_json = st.recursive(_leaves, lambda children: st.one_of(st.lists(children, max_size=4),
                                                         st.dictionaries(_keys, children, max_size=6)),
                     max_leaves=40)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.dictionaries(_keys, _json, max_size=8), min_size=1, max_size=6))
def test_any_json_shape_never_crashes_any_indicator(releases):
    ini = "".join(f"[{code}]\n" for code in discovery.calculators() if code != "R048")
    ini += "[R048]\nminimum_contracting_processes = 1\n"
    settings = parse_settings_text(ini, discovery.options())
    outcome = run(settings, [json.dumps(r) for r in releases], map=True)
    outcome.to_cardinal(maps=True)
