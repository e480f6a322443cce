"""Shapes met in published files the loader had not seen before (a robustness sweep), made small here.

Each case is a hand-written fixture reproducing the shape of a real file; counts are computed by the
test from what it wrote.
"""
from __future__ import annotations

import json

import pytest

from loaders.read import limits as read_limits
from loaders.read.items import Item, Reject
from loaders.read.inputs import open_source


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
    load([str(path)], db=db)
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
    from loaders.compile.flatten import process_rows

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


# ------------------------------------------------------------------ Mexico City's 2015 shape

def cdmx_2015_package() -> dict:
    """Mexico City's finance ministry, 2015: Spanish statuses, identifiers as strings, one supplier as an
    object instead of a list, amounts as text, dd/mm/yyyy dates."""
    supplier = {"identifier": "SCM9209077V7", "name": "SERVICIO CONTINENTAL DE MENSAJERIA,"}
    return {"uri": "http://example.org/ocds", "publishedDate": "12/02/2015", "releases": [{
        "ocid": "OCDS-87SD3T-SEFIN-30001105-002-2015", "id": "1", "date": "12/02/2015", "tag": "contract",
        "buyer": {"identifier": "GDF-9712054NA", "name": "GOBIERNO DEL DISTRITO FEDERAL (GDF)"},
        "tender": {"id": "T-2", "status": "completa", "value": {"amount": "21972720.00", "currency": "mxn"},
                   "procurementMethod": "LICITACION", "numberOfTenderers": "1"},
        "awards": [{"id": "1", "status": "activo", "date": "30/09/2015",
                    "value": {"amount": "21972720.00", "currency": "mxn"}, "suppliers": supplier},
                   {"id": "2", "status": "Desierta", "value": {"amount": "5.00", "currency": "mxn"}}],
        "contracts": [{"id": "1", "awardID": "1", "status": "activo", "dateSigned": "30/09/2015",
                       "value": {"amount": "21658824.00", "currency": "mxn"}},
                      {"id": "2", "status": "Cancelado", "value": {"amount": "7.00", "currency": "mxn"}}],
    }]}


def test_spanish_statuses_strings_for_identifiers_and_a_lone_supplier_object_are_read(tmp_path):
    import duckdb

    from loaders.pipeline import load

    doc = cdmx_2015_package()
    path = tmp_path / "OCDS-87SD3T-SEFIN-30001105-002-2015.json"
    path.write_text(json.dumps(doc))
    db = tmp_path / "t.duckdb"
    load([str(path)], db=db)
    con = duckdb.connect(str(db), read_only=True)
    release = doc["releases"][0]
    active_award = float(release["awards"][0]["value"]["amount"])  # the unsuccessful one is not counted
    live_contract = float(release["contracts"][0]["value"]["amount"])  # the cancelled one is not counted
    assert con.execute("SELECT buyer_id, tender_status, award_value, contract_value FROM processes").fetchall() == [
        ("GDF-9712054NA", "complete", active_award, live_contract)]
    assert con.execute("SELECT award_id, status, supplier_ids, supplier_names FROM awards ORDER BY 1").fetchall() == [
        ("1", "active", ["SCM9209077V7"], ["SERVICIO CONTINENTAL DE MENSAJERIA,"]), ("2", "unsuccessful", [], [])]
    assert con.execute("SELECT status FROM contracts ORDER BY contract_id").fetchall() == [("active",), ("cancelled",)]
    rules = con.execute("SELECT field, old_value, new_value FROM corrections WHERE rule = 'status_es' "
                        "ORDER BY field").fetchall()
    assert rules == [("awards/0/status", "activo", "active"), ("awards/1/status", "Desierta", "unsuccessful"),
                     ("contracts/0/status", "activo", "active"), ("contracts/1/status", "Cancelado", "cancelled"),
                     ("tender/status", "completa", "complete")]
    con.close()


# ------------------------------------------------------------------ OC4IDS local process ids

def test_project_process_with_a_local_id_links_through_its_summary_ocid(tmp_path):
    import duckdb

    from loaders.pipeline import load

    ocid = "ocds-abc123-001"
    project = {"version": "0.9", "projects": [{
        "id": "oc4ids-abc123-P1", "title": "Puente", "status": "implementation",
        "contractingProcesses": [
            {"id": "1", "summary": {"ocid": ocid, "title": "Construcción"}},  # a publisher's local id
            {"id": "2", "summary": {"title": "Supervisión"}},  # no ocid: stays a reference by id
        ]}]}
    (tmp_path / "projects.json").write_text(json.dumps(project))
    (tmp_path / "releases.json").write_text(json.dumps(package(1, 1)))  # holds ocds-abc123-001
    db = tmp_path / "t.duckdb"
    load([str(tmp_path)], db=db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT process_index, process_ref, ocid FROM project_processes ORDER BY 1").fetchall() == [
        (0, ocid, ocid), (1, "2", None)]
    con.close()


def test_no_capturado_in_a_contact_point_is_a_placeholder():
    # Mexico City 2016: "contactPoint": {"email": "No Capturado", ...}
    from loaders.compile.normalise import normalise_release

    release = {"ocid": "x", "parties": [{"id": "1", "name": "CORPORACION MEXICANA DE IMPRESION",
                                         "contactPoint": {"name": "LIC. HECTOR", "email": "No Capturado"}}]}
    fixes = normalise_release(release)
    assert release["parties"][0]["contactPoint"] == {"name": "LIC. HECTOR"}
    assert [(c.field, c.old_value, c.rule) for c in fixes] == [
        ("parties/0/contactPoint/email", "No Capturado", "placeholder")]


def test_a_record_with_only_a_versioned_release_is_rejected_saying_so(tmp_path):
    import duckdb

    from loaders.pipeline import load

    record = {"ocid": "ocds-abc123-900",
              "releases": [{"url": "https://example.org/r/1.json", "date": "2024-01-01T00:00:00Z", "tag": ["tender"]}],
              "versionedRelease": {"ocid": "ocds-abc123-900", "tender": {"title": [
                  {"releaseID": "1", "releaseDate": "2024-01-01T00:00:00Z", "releaseTag": ["tender"], "value": "Obra"}]}}}
    linked_only = {"ocid": "ocds-abc123-901", "releases": [{"url": "https://example.org/r/2.json",
                                                            "date": "2024-01-01T00:00:00Z", "tag": ["tender"]}]}
    path = tmp_path / "records.json"
    path.write_text(json.dumps({"uri": "https://example.org/rp.json", "version": "1.1",
                                "records": [record, linked_only]}))
    db = tmp_path / "t.duckdb"
    [report] = load([str(path)], db=db)
    assert (report.items_read, report.items_loaded, report.items_rejected) == (2, 0, 2)
    con = duckdb.connect(str(db), read_only=True)
    reasons = [r for (r,) in con.execute("SELECT reason FROM rejects ORDER BY locator").fetchall()]
    con.close()
    assert reasons == [
        "record has a versionedRelease but no full releases and no compiledRelease: versioned releases are not read",
        "record has only linked releases and no compiledRelease: nothing to load"]
