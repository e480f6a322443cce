"""A process's indicator results (Proceso's flags section): those that belong to it (flags.ocid) and those
about it (subject_type 'ocid'), each once, whatever the other column holds."""
from __future__ import annotations

import duckdb

from core.contract import create_tables
from ui import queries_profiles as qp


def test_process_flags_are_the_results_of_the_process_or_about_it_each_once():
    con = duckdb.connect()
    create_tables(con)
    rows = [("I1", "ocid", "A", "A"),      # about A, belongs to A
            ("I2", "ocid", "A", None),     # about A, no ocid written
            ("I3", "ocid", "A", "B"),      # about A, written under another process
            ("I4", "buyer", "X", "A"),     # about a buyer, belongs to A
            ("I5", "ocid", "B", "B"),      # another process
            ("I6", "buyer", "A", None)]    # a buyer whose id happens to be "A": not the process
    con.executemany("INSERT INTO flags (indicator, subject_type, subject_id, ocid, flagged, computable) "
                    "VALUES (?, ?, ?, ?, true, true)", rows)
    assert sorted(qp.process_flags(con, "A")["indicator"]) == ["I1", "I2", "I3", "I4"]
    assert sorted(qp.process_flags(con, "B")["indicator"]) == ["I3", "I5"]
