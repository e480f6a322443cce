"""Where each process's rows are in the tables Proceso reads (`process_keys`), rebuilt by every refresh
(obras.update.REFRESHES) into core/contract/search/, with `process_keys_state` saying which rows they index.

Finding one process's rows read the whole ocid column of each table: ocids share a 12-character prefix
("ocds-7wj9x5-"), past what DuckDB keeps of a string in its row-group statistics, so the page's eleven
lookups took 0.05-0.25 s each at a million processes (5.9 million releases). Over this table a lookup reads
one row group of keys, then the rows by their row ids (a process's rows are loaded together: one or two row
groups), about 0.01 s."""
from __future__ import annotations

import duckdb

from core import contract

# the tables a process's page reads by ocid (ui.queries_profiles)
TABLES = ("processes", "releases", "bids", "awards", "contracts", "amendments", "milestones", "transactions",
          "parties", "project_processes")


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                      "WHERE table_schema = 'main'").fetchall()}
    return [t for t in TABLES if t in have]


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite process_keys (table, a number from the ocid, row id; in key order) and process_keys_state
    (each table's rows then, and the latest load)."""
    contract.create_tables(con, "search")
    con.execute("DELETE FROM process_keys")
    con.execute("DELETE FROM process_keys_state")
    tables = _tables(con)
    if not tables:
        return
    # table names from TABLES only, never from input
    union = " UNION ALL ".join(f"SELECT '{t}' AS t, md5_number_upper(ocid) AS k, rowid AS r FROM \"{t}\" "
                               "WHERE ocid IS NOT NULL" for t in tables)
    con.execute(f"INSERT INTO process_keys BY NAME SELECT * FROM ({union}) ORDER BY k, t, r")
    for t in tables:
        con.execute(f"INSERT INTO process_keys_state SELECT ?, (SELECT count(*) FROM \"{t}\"), "
                    "(SELECT max(loaded_at) FROM sources)", [t])


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """The refresh step (obras.update.REFRESHES)."""
    build(con)
