"""A small hand-made database for the exploration queries and pages: every expected figure in the tests
can be worked out by hand from the rows below (written for these tests, not copied from any source).

Processes (contract_value is the latest contract value; p4 is in USD, p5 has no currency):
  p1  impl-a  19  buyer b1  open       works     1 tenderer   130 MXN  signed 2019-05-01
  p2  impl-a  19  buyer b1  open       works     4 tenderers  200 MXN  signed 2020-03-01
  p3  impl-a  19  buyer b2  direct     works     -            330 MXN  signed 2020-07-01
  p4  impl-b  14  buyer b3  selective  services  1 tenderer    50 USD  signed 2021-01-10
  p5  impl-b  14  buyer b3  direct     goods     -            400 -    no dates at all
  p6  impl-b  14  buyer b3  open       works     -            500 MXN  awarded 2021-06-01
Contracts: p1 100 -> 130, end +10 days; p2 200 -> 200, end +0; p3 300 -> 330, end +30; p4 no original.
Projects: pr1 (impl-a, 19, p1+p2, budget 1000, final 1300, located), pr2 (impl-b, 14, p6, no location),
          pr3 (state 09, no implementer, no processes, located).
Flagged results: OA-C1 on p1 and p4, OA-D3 on p3 (peer statistics in its detail), OA-C2 on buyer b3,
OA-P2 on project pr1, OA-C1 on an ocid that is not loaded, R018 on tenderer RFC123 (a party of p4).
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from core.contract import columns_ddl, create_tables

STATES = [("09", "MX-CMX", "Ciudad de México", -99.13, 19.43), ("14", "MX-JAL", "Jalisco", -103.6, 20.6),
          ("19", "MX-NLE", "Nuevo León", -99.99, 25.58), ("31", "MX-YUC", "Yucatán", -88.9, 20.8)]
PROCESSES = [
    # ocid, implementer, state, buyer, method, category, tenderers, value, currency, signed, award, tender_start
    ("p1", "impl-a", "19", "b1", "open", "works", 1, 130.0, "MXN", "2019-05-01", "2019-04-20", "2019-03-01"),
    ("p2", "impl-a", "19", "b1", "open", "works", 4, 200.0, "MXN", "2020-03-01", "2020-02-20", "2020-01-10"),
    ("p3", "impl-a", "19", "b2", "direct", "works", None, 330.0, "MXN", "2020-07-01", "2020-06-20", None),
    ("p4", "impl-b", "14", "b3", "selective", "services", 1, 50.0, "USD", "2021-01-10", "2021-01-02", "2020-12-01"),
    ("p5", "impl-b", "14", "b3", "direct", "goods", None, 400.0, None, None, None, None),
    ("p6", "impl-b", "14", "b3", "open", "works", None, 500.0, "MXN", None, "2021-06-01", "2021-05-01"),
]
CONTRACTS = [  # ocid, original, latest, original end, latest end
    ("p1", 100.0, 130.0, "2019-12-01", "2019-12-11"),
    ("p2", 200.0, 200.0, "2020-12-01", "2020-12-01"),
    ("p3", 300.0, 330.0, "2020-12-01", "2020-12-31"),
    ("p4", None, 50.0, None, "2021-06-01"),
]
FLAGS = [  # indicator, subject_type, subject_id, ocid, value, flagged, computable, detail
    ("OA-C1", "ocid", "p1", "p1", 1.0, True, True, None),
    ("OA-C1", "ocid", "p2", "p2", 4.0, False, True, None),
    ("OA-C1", "ocid", "p4", "p4", 1.0, True, True, None),
    ("OA-D3", "ocid", "p3", "p3", 45.0, True, True, '{"q1": 5, "q3": 15, "fence": 30, "peers": 7}'),
    ("OA-C2", "buyer", "b3", None, 0.9, True, True, None),
    ("OA-P2", "project", "pr1", None, 0.3, True, True, '{"budget": 1000, "final_value": 1300}'),
    ("OA-C1", "ocid", "ocds-unloaded", "ocds-unloaded", 2.0, True, True, None),
    ("R018", "tenderer", "RFC123", None, 1.0, True, True, None),
]
STATS = [("OA-C1", 2.0, 5.0, 3.0, 3), ("OA-D3", 1.0, 10.0, 30.0, 3), ("OA-C2", 0.2, 0.5, 0.8, 3),
         ("OA-P2", 0.0, 0.1, 0.25, 1), ("R018", None, None, None, 1)]


def build(path: Path) -> Path:
    """Write the fixture database to `path` and return it."""
    con = duckdb.connect(str(path))
    create_tables(con, "loaders")
    for table in ("flags", "indicator_stats"):  # a database whose scores were never computed
        con.execute(f"CREATE TABLE {table} ({columns_ddl(table)})")
    con.executemany("INSERT INTO states (state_code, iso_code, name, centroid_lon, centroid_lat) "
                    "VALUES (?, ?, ?, ?, ?)", STATES)
    con.executemany("INSERT INTO implementers (implementer_id, name, kind, state_code) VALUES (?, ?, ?, ?)",
                    [("impl-a", "Secretaría A", "state_agency", "19"), ("impl-b", "Municipio B", "municipality", "14")])
    for (ocid, impl, state, buyer, method, cat, n, value, cur, signed, award, start) in PROCESSES:
        con.execute(
            """INSERT INTO processes (ocid, implementer_id, state_code, buyer_id, buyer_name, title, main_category,
                                      method, number_of_tenderers, contract_value, currency, date_signed, award_date,
                                      tender_start)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [ocid, impl, state, buyer, f"Compradora {buyer}", f"Obra {ocid} de pavimentación", cat, method, n,
             value, cur, signed, award, start])
    for ocid, original, latest, original_end, end in CONTRACTS:
        con.execute("""INSERT INTO contracts (ocid, contract_id, value, currency, original_value, end_date,
                                              original_end_date) VALUES (?, ?, ?, 'MXN', ?, ?, ?)""",
                    [ocid, f"{ocid}-c", latest, original, end, original_end])
    con.executemany(
        """INSERT INTO projects (project_id, implementer_id, state_code, title, budget, currency, period_start,
                                 period_end, completion_end_date, completion_final_value)
           VALUES (?, ?, ?, ?, ?, 'MXN', ?, ?, ?, ?)""",
        [("pr1", "impl-a", "19", "Hospital de prueba", 1000.0, "2019-01-01", "2019-12-31", "2020-03-01", 1300.0),
         ("pr2", "impl-b", "14", "Calle de prueba", 0.0, "2021-01-01", "2021-12-31", None, None),
         ("pr3", None, "09", "Parque de prueba", 50.0, "2020-01-01", "2020-12-31", None, None)])
    con.executemany("INSERT INTO project_locations (project_id, location_index, lon, lat, state_code) "
                    "VALUES (?, 0, ?, ?, ?)", [("pr1", -100.3, 25.7, "19"), ("pr3", -99.1, 19.4, "09")])
    con.executemany("INSERT INTO project_processes (project_id, process_index, ocid, contract_value) "
                    "VALUES (?, ?, ?, ?)", [("pr1", 0, "p1", 130.0), ("pr1", 1, "p2", 200.0), ("pr2", 0, "p6", 500.0)])
    con.execute("INSERT INTO parties (ocid, party_id, name, roles, identifier) VALUES "
                "('p4', 'RFC123', 'Constructora Uno', ['tenderer', 'supplier'], 'RFC123')")
    con.executemany("INSERT INTO flags (indicator, subject_type, subject_id, ocid, value, flagged, computable, "
                    "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", FLAGS)
    con.executemany("INSERT INTO indicator_stats (indicator, q1, q3, fence, n_subjects, computed_at) "
                    "VALUES (?, ?, ?, ?, ?, now())", STATS)
    con.execute("INSERT INTO sources (source_id, uri, format, is_demo, items_read, items_loaded, items_rejected) "
                "VALUES ('s1', 'fixture', 'fixture', false, 6, 6, 0)")
    con.close()
    return path
