"""A small hand-made database for the profile pages' queries and pages (written here, not copied).

Two buyers, four processes, one project, suppliers published under different party ids, flags and
indicator runs; every number is chosen so a test can work out the expected figure by hand.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from core.contract import create_tables
from metrics import suspect
from obras import flag_index, supplier_index

RFC = "AAA010101AB1"
PROJECT = "oc4ids-test-000001"


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    frame = pd.DataFrame(rows)  # noqa: F841 (read by DuckDB)
    con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM frame')


def _release(ocid: str, title: str) -> str:
    return json.dumps({"ocid": ocid, "id": f"{ocid}-1", "tender": {"title": title}})


def build(path: Path) -> Path:
    """Write the fixture database to `path` and return it."""
    con = duckdb.connect(str(path))
    create_tables(con)
    _insert(con, "states", [{"state_code": "19", "iso_code": "MX-NLE", "name": "Nuevo León",
                             "centroid_lon": -99.9, "centroid_lat": 25.6}])
    _insert(con, "implementers", [{"implementer_id": "impl-a", "name": "Municipio A", "kind": "municipality",
                                   "state_code": "19"},
                                  {"implementer_id": "impl-b", "name": "Secretaría B", "kind": "state_agency",
                                   "state_code": "19"}])
    _insert(con, "sources", [{"source_id": "src1", "uri": "fixture.json", "sha256": "00", "format": "release_package",
                              "items_read": 5, "items_loaded": 4, "items_rejected": 1, "is_demo": False}])
    _insert(con, "rejects", [{"source_id": "src1", "locator": "/releases/4", "reason": "release without a string ocid",
                              "excerpt": "{}"}])
    _insert(con, "corrections", [
        {"source_id": "src1", "ocid": "ocds-t-1", "field": "tender.procurementMethod", "old_value": "Licitación",
         "new_value": "open", "rule": "method_es"},
        {"source_id": "src1", "ocid": "ocds-t-2", "field": "awards/0/value/currency", "old_value": "MNX",
         "new_value": "MXN", "rule": "currency_typo"},
        {"source_id": "other", "ocid": "ocds-t-3", "field": "x", "old_value": "a", "new_value": "b",
         "rule": "placeholder"},
    ])
    common = {"state_code": "19", "currency": "MXN", "main_category": "works"}
    _insert(con, "processes", [
        {**common, "ocid": "ocds-t-1", "implementer_id": "impl-a", "buyer_id": "B1", "buyer_name": "Buyer One",
         "title": "Pavimento $calle* <b>1</b>", "method": "open", "tender_value": 90.0, "number_of_tenderers": 2,
         "tender_start": datetime(2020, 1, 1), "tender_end": datetime(2020, 1, 20),
         "award_date": datetime(2020, 2, 1), "award_value": 100.0, "contract_value": 100.0,
         "contract_start": datetime(2020, 3, 1), "contract_end": datetime(2020, 9, 1),
         "release_count": 2, "json": _release("ocds-t-1", "Pavimento")},
        {**common, "ocid": "ocds-t-2", "implementer_id": "impl-a", "buyer_id": "B1", "buyer_name": "Buyer One",
         "title": "Drenaje", "method": "direct", "award_value": 300.0, "contract_value": 300.0,
         "contract_start": datetime(2020, 5, 1), "contract_end": datetime(2020, 4, 1),  # ends before it starts
         "release_count": 1, "json": _release("ocds-t-2", "Drenaje")},
        {**common, "ocid": "ocds-t-3", "implementer_id": "impl-b", "buyer_id": "B2", "buyer_name": "Buyer Two",
         "title": "Puente", "method": "open", "award_value": 50.0, "release_count": 1,
         "json": _release("ocds-t-3", "Puente")},
        {**common, "ocid": "ocds-t-5", "implementer_id": "impl-a", "buyer_id": "B1", "buyer_name": "Buyer One",
         "title": "Alumbrado", "method": "open", "award_value": 100.0, "release_count": 1,
         "json": _release("ocds-t-5", "Alumbrado")},
        {**common, "ocid": "ocds-t-4", "implementer_id": "impl-b", "buyer_id": "B2", "buyer_name": "Buyer Two",
         "title": "Escuela", "method": "open", "release_count": 1, "json": _release("ocds-t-4", "Escuela")},
    ])
    _insert(con, "releases", [
        {"ocid": "ocds-t-1", "release_id": "r1", "date": datetime(2020, 1, 1), "tags": ["tender"],
         "source_id": "src1", "locator": "/releases/0", "json": _release("ocds-t-1", "Pavimento")},
        {"ocid": "ocds-t-1", "release_id": "r2", "date": datetime(2020, 2, 1), "tags": ["award"],
         "source_id": "src1", "locator": "/releases/1", "json": _release("ocds-t-1", "Pavimento (adjudicado)")},
    ])
    _insert(con, "parties", [
        # the same company under three party ids; its RFC as published (case, spaces) or only in the id
        {"ocid": "ocds-t-1", "party_id": f"RFC-{RFC}", "name": "Constructora Uno", "roles": ["supplier"]},
        {"ocid": "ocds-t-2", "party_id": "sup-2", "name": "CONSTRUCTORA UNO SA", "roles": ["supplier"],
         "identifier": f" {RFC.lower()} ", "scheme": "MX-RFC"},
        {"ocid": "ocds-t-3", "party_id": "X1", "name": "Constructora Uno", "roles": ["supplier"], "identifier": RFC},
        {"ocid": "ocds-t-2", "party_id": "p-9", "name": "Socio Dos", "roles": ["supplier"]},
        # two different companies behind the generic RFC of the general public
        {"ocid": "ocds-t-3", "party_id": "G1", "name": "Persona Uno", "roles": ["supplier"],
         "identifier": "XAXX010101000"},
        {"ocid": "ocds-t-5", "party_id": "Z", "name": "Otra Empresa", "roles": ["supplier"]},
        {"ocid": "ocds-t-4", "party_id": "G2", "name": "Persona Dos", "roles": ["supplier"],
         "identifier": "XAXX010101000"},
    ])
    _insert(con, "awards", [
        {"ocid": "ocds-t-1", "award_id": "a1", "status": "active", "date": datetime(2020, 2, 1), "value": 100.0,
         "currency": "MXN", "supplier_ids": [f"RFC-{RFC}"], "supplier_names": ["Constructora Uno"]},
        # a joint award (no status: counts), and a second award of the same process in dollars
        {"ocid": "ocds-t-2", "award_id": "a2", "status": None, "date": datetime(2020, 4, 1), "value": 300.0,
         "currency": None, "supplier_ids": ["sup-2", "p-9"], "supplier_names": ["CONSTRUCTORA UNO SA", "Socio Dos"]},
        {"ocid": "ocds-t-2", "award_id": "a2-usd", "status": "active", "date": datetime(2020, 4, 2), "value": 7.0,
         "currency": "USD", "supplier_ids": ["sup-2"], "supplier_names": ["CONSTRUCTORA UNO SA"]},
        # cancelled: not a win
        {"ocid": "ocds-t-3", "award_id": "a3", "status": "cancelled", "date": datetime(2020, 6, 1), "value": 80.0,
         "currency": "MXN", "supplier_ids": ["X1"], "supplier_names": ["Constructora Uno"]},
        {"ocid": "ocds-t-3", "award_id": "a4", "status": "active", "date": datetime(2020, 7, 1), "value": 50.0,
         "currency": "MXN", "supplier_ids": ["G1"], "supplier_names": ["Persona Uno"]},
        {"ocid": "ocds-t-5", "award_id": "a6", "status": "active", "date": datetime(2020, 9, 1), "value": 100.0,
         "currency": "MXN", "supplier_ids": ["Z"], "supplier_names": ["Otra Empresa"]},
        {"ocid": "ocds-t-4", "award_id": "a5", "status": "pending", "date": datetime(2020, 8, 1), "value": 20.0,
         "currency": "MXN", "supplier_ids": ["G2"], "supplier_names": ["Persona Dos"]},
    ])
    _insert(con, "bids", [{"ocid": "ocds-t-3", "bid_id": "b1", "tenderer_ids": ["G1"], "value": 50.0,
                           "currency": "MXN", "status": "valid"}])
    _insert(con, "contracts", [{"ocid": "ocds-t-1", "contract_id": "c1", "award_id": "a1", "status": "active",
                                "value": 100.0, "currency": "MXN", "original_value": 80.0}])
    _insert(con, "amendments", [
        {"ocid": "ocds-t-1", "contract_id": "c1", "old_value": 80.0, "new_value": 100.0, "source": "release_history"},
        {"ocid": "ocds-t-3", "contract_id": "c3", "rationale": "no es del proyecto", "source": "contract"},
    ])
    _insert(con, "transactions", [
        {"ocid": "ocds-t-1", "contract_id": "c1", "transaction_id": "t1", "value": 40.0, "currency": "MXN"},
        {"ocid": "ocds-t-1", "contract_id": "c1", "transaction_id": "t2", "value": 25.0, "currency": "MXN"},
    ])
    project = {"id": PROJECT, "title": "Hospital de prueba", "documents": [
        {"id": "d1", "title": "Contrato", "url": "https://example.org/contrato.pdf", "documentType": "contract"},
        {"id": "d2", "title": "Truco", "url": "javascript:alert(1)"},
        {"id": "d3", "title": "Sin enlace"},
    ]}
    _insert(con, "projects", [{
        "project_id": PROJECT, "implementer_id": "impl-a", "state_code": "19", "title": "Hospital de prueba",
        "status": "completed", "sector": ["health"], "budget": 1000.0, "currency": "MXN",
        "period_start": datetime(2020, 1, 1), "period_end": datetime(2020, 12, 31),
        "completion_end_date": datetime(2021, 1, 30), "completion_final_value": 1250.0,
        "json": json.dumps(project),
    }])
    _insert(con, "project_locations", [
        {"project_id": PROJECT, "location_index": 0, "lon": -100.3, "lat": 25.7, "locality": "Monterrey"},
        {"project_id": PROJECT, "location_index": 1, "lon": None, "lat": None, "locality": "Sin punto"},
    ])
    mods = [{"id": "m1", "description": "Ampliación", "oldContractValue": {"amount": 90, "currency": "MXN"},
             "newContractValue": {"amount": 120, "currency": "MXN"},
             "oldContractPeriod": {"endDate": "2020-08-01T00:00:00Z"},
             "newContractPeriod": {"endDate": "2020-10-01T00:00:00Z"}}]
    _insert(con, "project_processes", [
        # the summary publishes tenderers and contract value; the loaded process fills the rest
        {"project_id": PROJECT, "process_index": 0, "process_ref": "Release-ocds-t-1", "ocid": "ocds-t-1",
         "number_of_tenderers": 5, "contract_value": 110.0, "modifications": json.dumps(mods)},
        {"project_id": PROJECT, "process_index": 1, "process_ref": "ocds-t-2", "ocid": "ocds-t-2"},
        {"project_id": PROJECT, "process_index": 2, "process_ref": "ocds-unknown-9", "ocid": None,
         "contract_value": 77.0},
    ])
    _insert(con, "flags", [
        {"indicator": "OA-P1", "subject_type": "ocid", "subject_id": "ocds-t-1", "ocid": "ocds-t-1", "value": 0.25,
         "flagged": True, "computable": True, "detail": "{}"},
        {"indicator": "OA-C1", "subject_type": "ocid", "subject_id": "ocds-t-1", "ocid": "ocds-t-1", "value": 2,
         "flagged": True, "computable": True},
        {"indicator": "OA-D1", "subject_type": "ocid", "subject_id": "ocds-t-2", "ocid": "ocds-t-2", "value": None,
         "flagged": None, "computable": False},
        {"indicator": "OA-X9", "subject_type": "project", "subject_id": PROJECT, "ocid": None, "value": 0.25,
         "flagged": True, "computable": True},
        {"indicator": "OA-C1", "subject_type": "ocid", "subject_id": "ocds-t-3", "ocid": "ocds-t-3", "value": 1,
         "flagged": True, "computable": True},
        {"indicator": "OA-C3", "subject_type": "tenderer", "subject_id": f"RFC-{RFC}", "ocid": None, "value": 0.8,
         "flagged": True, "computable": True},
        {"indicator": "OA-C3", "subject_type": "tenderer", "subject_id": "G1", "ocid": None, "value": 0.9,
         "flagged": True, "computable": True},
    ])
    _insert(con, "indicator_stats", [
        {"indicator": "OA-P1", "q1": 0.0, "q3": 0.1, "fence": 0.9, "settings": '{"OA-P1": {"threshold": 0.9}, "currency": "USD"}',
         "computed_at": datetime(2024, 1, 1)},
        {"indicator": "OA-P1", "q1": 0.1, "q3": 0.2, "fence": 0.4, "settings": '{"OA-P1": {"threshold": 0.4}, "currency": "MXN"}',
         "computed_at": datetime(2025, 1, 1)},
    ])
    suspect.settle_table(con, "flags")  # every result's outcome, as metrics.compute writes it
    supplier_index.refresh(con)  # the suppliers' tables and the keys to flags, as a refresh writes them
    flag_index.refresh(con)
    con.close()
    return path
