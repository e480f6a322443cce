"""Issue 11 (trust), one organisation is one supplier: the same RFC published under several party ids (an
"RFC-" id at INAI, "MX-RFC-" at INAI's PCA, md5 hash ids at CDMX) is one supplier on the supplier page.
The RFC cases are found in the raw files with plain json."""
from __future__ import annotations

import pytest

from tests import trust_raw as raw

pytestmark = pytest.mark.shared

FOLDERS = [("mx-ocp-sample-data",), ("mx-nl-infraestructura-abierta", "inai-pca-record-packages"),
           ("mx-nl-infraestructura-abierta", "ocds-record-packages"), ("mx-edca-mx-tool-example",),
           ("mx-projectpoder",)]


@pytest.fixture(scope="module")
def mx(tmp_path_factory):
    con = _with_suppliers(raw.load_db(tmp_path_factory, "mx_suppliers", [raw.data(*f) for f in FOLDERS],
                                      refresh=False))
    yield con
    con.close()


def _with_suppliers(con):
    """`con`'s database with the suppliers' tables a refresh writes (obras.supplier_index; the indicators are not
    needed here), opened read-only again."""
    import duckdb

    from obras import supplier_index

    path = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()[0][0]
    con.close()
    with duckdb.connect(path) as rw:
        supplier_index.build(rw)
    return duckdb.connect(path, read_only=True)


def _awarded_rfcs_under_several_ids():
    """{RFC: {party ids}} for awarded suppliers whose RFC is published under more than one party id."""
    ids: dict[str, set] = {}
    for parts in FOLDERS:
        for _, doc in raw.documents(raw.data(*parts)):
            for rel in raw.compiled_or_releases(doc):
                awarded = {str(s.get("id")) for a in rel.get("awards") or [] for s in a.get("suppliers") or []
                           if isinstance(s, dict)}
                for p in rel.get("parties") or []:
                    if isinstance(p, dict) and str(p.get("id")) in awarded and raw.rfc_of(p):
                        ids.setdefault(raw.rfc_of(p), set()).add(str(p["id"]))
    return {rfc: pids for rfc, pids in ids.items() if len(pids) > 1}


def test_one_rfc_under_several_party_ids_is_one_supplier(mx):
    from ui.queries_profiles import supplier_options

    cases = _awarded_rfcs_under_several_ids()
    # e.g. UNA2907227Y5: RFC-UNA2907227Y5 (inai-2017) and MX-RFC-UNA2907227Y5 (NL's INAI PCA packages)
    assert len(cases) >= 3 and "TCM951030A17" in cases, cases  # TCM: two md5 hash party ids at CDMX
    keys = set(supplier_options(mx, "", 100000)["supplier_key"])
    for rfc, pids in cases.items():
        assert rfc in keys, rfc
        assert not (pids & keys), (rfc, pids & keys)


# ---- the RFC wherever a party carries one (identifier, additionalIdentifiers, its id) --------------------

def test_party_rfc_is_read_from_identifier_additional_identifiers_and_id():
    from loaders.compile.parties import party_rfc

    assert party_rfc({"id": "h1", "identifier": {"scheme": "MX-RFC", "id": "ACS-060901-AH6"}}) == "ACS060901AH6"
    assert party_rfc({"id": "6f1c0e", "additionalIdentifiers": [
        {"scheme": "MX-CPA", "id": "20147"}, {"scheme": "MX-RFC", "id": "UNA2907227Y5"}]}) == "UNA2907227Y5"
    assert party_rfc({"id": "6f1c0e", "additionalIdentifiers": [{"id": "una2907227y5"}]}) == "UNA2907227Y5"
    assert party_rfc({"id": "UNA2907227Y5"}) == "UNA2907227Y5"
    assert party_rfc({"id": "MX-RFC-CC&060724E27"}) == "CC&060724E27"
    # identifier first; generic RFCs (general public, foreigners) never identify anybody
    assert party_rfc({"id": "RFC-TLB110322C48", "identifier": {"id": "ACS060901AH6"}}) == "ACS060901AH6"
    assert party_rfc({"id": "XAXX010101000", "identifier": {"id": "XEXX010101000"}}) is None
    assert party_rfc({"id": "h", "identifier": {"id": "XAXX010101000"},
                      "additionalIdentifiers": [{"scheme": "MX-RFC", "id": "ACS060901AH6"}]}) == "ACS060901AH6"
    assert party_rfc({"id": "0", "identifier": {"id": "SIN DATO"}}) is None


def test_identifiers_that_are_not_rfcs_give_no_rfc_in_real_files():
    """INAI publishes an address as additionalIdentifiers (an object, "Coyoacán" as its id) and the federal APF
    files budget keys (MX-CPA); neither is an RFC, and INAI's supplier keeps the RFC of its identifier."""
    from loaders.compile.parties import party_rfc

    doc = raw.read_json(raw.data("mx-ocp-sample-data", "inai-2017", "releases", "PC-0014-PC-0014.json"))
    parties = {p["id"]: p for p in doc["parties"]}
    assert isinstance(parties["CUA-420"]["additionalIdentifiers"], dict)
    assert raw.fold(parties["CUA-420"]["additionalIdentifiers"]["id"]) == "coyoacan"
    assert party_rfc(parties["CUA-420"]) is None
    supplier = parties["RFC-TLB110322C48"]
    assert supplier["identifier"]["id"] == "TLB110322C48" and "additionalIdentifiers" in supplier
    assert party_rfc(supplier) == "TLB110322C48"
    seen = 0
    for _, apf_doc in raw.documents(raw.data("mx-ocp-sample-data", "apf-shcp")):
        for p in apf_doc.get("parties") or []:
            if p.get("additionalIdentifiers"):
                assert {i.get("scheme") for i in p["additionalIdentifiers"]} == {"MX-CPA"}
                assert party_rfc(p) is None, p["id"]
                seen += 1
    assert seen >= 10


def _release(ocid: str, supplier: dict) -> dict:
    return {"ocid": ocid, "id": f"{ocid}-1", "date": "2020-01-01T00:00:00Z", "tag": ["award"],
            "initiationType": "tender", "parties": [{**supplier, "roles": ["supplier"]}],
            "awards": [{"id": "1", "status": "active", "value": {"amount": 100.0, "currency": "MXN"},
                        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}]}]}


def test_a_supplier_under_a_hash_id_with_its_rfc_in_additional_identifiers_is_one_supplier(tmp_path_factory):
    """No Mexican file in ../shared/data carries an RFC in additionalIdentifiers (INAI's hold addresses, APF's
    budget keys: the test above), so this pair is written here: one process names the company by a hash id
    with its RFC among additionalIdentifiers, another by its RFC; a third is a generic RFC that stays apart."""
    import json

    from ui.queries_profiles import supplier_options

    folder = tmp_path_factory.mktemp("rfc_additional")
    releases = [
        _release("ocds-test-1", {"id": "9f2b6c0d1e", "name": "Constructora Uno",
                                 "additionalIdentifiers": [{"scheme": "MX-RFC", "id": "CUN100101AB1"}]}),
        _release("ocds-test-2", {"id": "CUN100101AB1", "name": "CONSTRUCTORA UNO SA DE CV"}),
        _release("ocds-test-3", {"id": "h-generic", "name": "Público en general",
                                 "additionalIdentifiers": [{"scheme": "MX-RFC", "id": "XAXX010101000"}]}),
    ]
    (folder / "releases.json").write_text(json.dumps({"uri": "x", "publishedDate": "2020-01-01T00:00:00Z",
                                                      "releases": releases}), encoding="utf-8")
    con = _with_suppliers(raw.load_db(tmp_path_factory, "rfc_additional", [folder], refresh=False))
    try:
        options = supplier_options(con, "", 100)
        keys = dict(zip(options["supplier_key"], options["amount"]))
        assert keys == {"CUN100101AB1": pytest.approx(200.0), "h-generic": pytest.approx(100.0)}
        assert con.execute("SELECT party_id, rfc FROM parties ORDER BY ocid").fetchall() == [
            ("9f2b6c0d1e", "CUN100101AB1"), ("CUN100101AB1", "CUN100101AB1"), ("h-generic", None)]
    finally:
        con.close()
