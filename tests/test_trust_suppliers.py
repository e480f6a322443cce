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
    con = raw.load_db(tmp_path_factory, "mx_suppliers", [raw.data(*f) for f in FOLDERS], refresh=False)
    yield con
    con.close()


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
