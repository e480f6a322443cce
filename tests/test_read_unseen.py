"""Shapes met in published files the loader had not seen before (a robustness sweep), made small here.

Each case is a hand-written fixture reproducing the shape of a real file; counts are computed by the
test from what it wrote.
"""
from __future__ import annotations

import json

import pytest

from loaders import read_limits
from loaders.items import Item, Reject
from loaders.read import open_source


def release(i: int, **extra) -> dict:
    return {"ocid": f"ocds-abc123-{i:03d}", "id": f"{i}-tender", "date": "2024-01-01T00:00:00Z",
            "tag": ["tender"], **extra}


def package(first: int, n: int) -> dict:
    return {"uri": "https://example.org/p.json", "version": "1.1",
            "releases": [release(i) for i in range(first, first + n)]}


@pytest.fixture(params=["whole", "streamed"])
def path_kind(request, monkeypatch):
    if request.param == "streamed":
        monkeypatch.setattr(read_limits, "WHOLE_PARSE_MAX_BYTES", 0)
    return request.param


def read_bytes(tmp_path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    info, entries = open_source(str(path))
    return info, list(entries)


def test_pretty_printed_arrays_of_packages_named_jsonl_are_read_by_content(tmp_path, path_kind):
    # ocdskit's release-packages.jsonl: two arrays, one package a line with commas, "[" and "]" alone.
    arrays = [[package(0, 2), package(2, 1)], [package(3, 3)]]
    text = "".join("[\n" + ",\n".join("  " + json.dumps(p) for p in arr) + "\n]\n" for arr in arrays)
    info, entries = read_bytes(tmp_path, text.encode(), "release-packages.jsonl")
    expected = sum(len(p["releases"]) for arr in arrays for p in arr)
    assert [type(e) for e in entries] == [Item] * expected
    assert sorted(e.data["ocid"] for e in entries) == sorted(
        r["ocid"] for arr in arrays for p in arr for r in p["releases"])


def test_pretty_printed_package_named_jsonl_is_read_by_content(tmp_path, path_kind):
    doc = package(0, 4)
    info, entries = read_bytes(tmp_path, json.dumps(doc, indent=2).encode(), "export.jsonl")
    assert [e.data["ocid"] for e in entries if isinstance(e, Item)] == [r["ocid"] for r in doc["releases"]]
    assert not [e for e in entries if isinstance(e, Reject)]
    assert info.format == "release_package"


def test_json_lines_with_a_broken_first_line_are_still_read_line_by_line(tmp_path, path_kind):
    lines = ['{"ocid": "ocds-abc123-999", "tender": {"title": "cut', json.dumps(release(1)), json.dumps(release(2))]
    info, entries = read_bytes(tmp_path, "\n".join(lines).encode(), "input.jsonl")
    assert [(type(e).__name__, e.locator) for e in entries] == [
        ("Reject", "line 1"), ("Item", "line 2"), ("Item", "line 3")]


# ------------------------------------------------------------------ OCDS 1.0 organisations (GACM's shape)

def release_1_0() -> dict:
    """An OCDS 1.0 release as Mexico City's airport group (GACM) published them: organisations named in place
    with an identifier (the RFC), no ids, no parties; a transaction with provider/receiverOrganization."""
    return {
        "ocid": "112", "id": "RELEASE_112", "date": "2017-02-08T06:00:00.000Z", "tag": ["contract"],
        "packageInfo": {"publisher": {"name": "GACM"}},
        "buyer": {"name": "Grupo Aeroportuario", "identifier": {"id": "GACM", "scheme": "MK-009KDH999"},
                  "address": {"region": "DEL. ALVARO OBREGON"}},
        "tender": {"id": "1036664", "procurementMethod": "limited", "value": {"amount": 1700000, "currency": "MXN"},
                   "procuringEntity": {"identifier": {"id": "GAC9806011J4", "legalName": "Grupo Aeroportuario SA"}},
                   "tenderers": [{"name": "Luis Esteva", "identifier": {"id": "EEML3501314D3"}},
                                 {"name": "Otro", "identifier": {"id": "N/A"}}]},
        "awards": [{"id": "AO-1", "status": "active", "value": {"amount": 1465517.24, "currency": "MXN"},
                    "suppliers": [{"name": "Luis Esteva", "identifier": {"id": "EEML3501314D3"}}]}],
        "contracts": [{"id": "C-1", "awardID": "AO-1", "value": {"amount": 1465517.24, "currency": "MXN"},
                       "implementation": {"transactions": [{
                           "amount": {"amount": 5000, "currency": "MXN"},
                           "providerOrganization": {"id": "GAC9806011J4", "scheme": "MX-RFC", "legalName": "GACM SA"},
                           "receiverOrganization": {"id": "EEML3501314D3", "scheme": "MX-RFC"}}]}}],
    }


def test_ocds_1_0_organisations_get_ids_from_their_identifiers_and_become_parties(tmp_path):
    import duckdb

    from loaders.pipeline import load

    path = tmp_path / "112-RELEASE_112.json"
    path.write_text(json.dumps(release_1_0()))
    db = tmp_path / "t.duckdb"
    load([str(path)], db=db, refresh_metrics=False)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT buyer_id, procuring_entity_id, procuring_entity_name FROM processes").fetchall() == [
        ("MK-009KDH999-GACM", "GAC9806011J4", "Grupo Aeroportuario SA")]
    assert con.execute("SELECT supplier_ids FROM awards").fetchall() == [(["EEML3501314D3"],)]
    assert con.execute("SELECT payer_id, payee_id FROM transactions").fetchall() == [
        ("MX-RFC-GAC9806011J4", "MX-RFC-EEML3501314D3")]
    parties = {pid: sorted(roles) for pid, roles in con.execute("SELECT party_id, roles FROM parties").fetchall()}
    # the placeholder identifier ("N/A") names no party
    assert parties == {"MK-009KDH999-GACM": ["buyer"], "GAC9806011J4": ["procuringEntity"],
                       "EEML3501314D3": ["supplier", "tenderer"], "MX-RFC-GAC9806011J4": ["payer"],
                       "MX-RFC-EEML3501314D3": ["payee"]}
    con.close()


def test_ocds_1_1_references_without_parties_do_not_invent_parties(tmp_path):
    from loaders.flatten import process_rows

    compiled = {"ocid": "x", "buyer": {"id": "B-1", "name": "Buyer"},
                "awards": [{"id": "1", "suppliers": [{"id": "S-1", "name": "S"}]}]}
    rows = process_rows(compiled, "x", implementer_id=None, state_code=None, release_count=1,
                        last_release_date=None, source_id="s")
    assert rows["parties"] == []
    assert rows["processes"][0]["buyer_id"] == "B-1" and rows["awards"][0]["supplier_ids"] == ["S-1"]


def test_json_lines_whose_first_line_is_a_lone_brace_are_still_read_line_by_line(tmp_path, path_kind):
    # Cardinal's invalid_brace_first.jsonl shape: the "{" never closes, so this is JSON Lines with a bad line.
    lines = ["{", json.dumps(release(1)), json.dumps(release(2))]
    _, entries = read_bytes(tmp_path, "\n".join(lines).encode() + b"\n", "input.jsonl")
    assert [(type(e).__name__, e.locator) for e in entries] == [
        ("Reject", "line 1"), ("Item", "line 2"), ("Item", "line 3")]


def test_json_lines_whose_lines_only_make_an_empty_object_are_rejected_line_by_line(tmp_path, path_kind):
    # Cardinal's invalid_multiline.jsonl shape: "{" and "}" make a document, but nothing OCDS.
    _, entries = read_bytes(tmp_path, b"{\n}\n", "input.jsonl")
    assert [(type(e).__name__, e.locator) for e in entries] == [("Reject", "line 1"), ("Reject", "line 2")]


def test_gzipped_pretty_printed_package_named_jsonl_is_read_by_content(tmp_path, path_kind):
    import gzip

    doc = package(0, 3)
    info, entries = read_bytes(tmp_path, gzip.compress(json.dumps(doc, indent=1).encode()), "export.jsonl.gz")
    assert [e.data["ocid"] for e in entries] == [r["ocid"] for r in doc["releases"]]
