"""Indexes of the `flags` table for the pages, rebuilt by every refresh after the indicators
(obras.update.REFRESHES) into core/contract/search/: `flag_keys` (where each subject's results are) and
`flag_list_rows` (Banderas rojas' list with its filter columns)."""
from __future__ import annotations

import duckdb

from core import contract, rules


# Where each process's, project's or party's indicator results are in `flags`: one row per flags row and id
# it can be looked up by (its ocid, and its subject id where that differs), keyed by a number from the id,
# in key order. `flags` is written in indicator order and its ids share a 12-character prefix
# ("ocds-7wj9x5-"), past what DuckDB keeps of a string in its row-group statistics, so finding one process's
# ten results read the whole ocid column of 10.9 million rows (1-2.5 s at a million processes); over this
# table it reads one row group (0.01 s). `flag_keys_state` says which flags table the row ids belong to:
# ui.queries_profiles uses the keys only while `flags` still has that many rows, and keeps only rows whose
# ids match, so a stale index can never show another subject's results.
FLAG_KEYS_SQL = """
SELECT k, r FROM (
    SELECT md5_number_upper(ocid) AS k, rowid AS r FROM flags WHERE ocid IS NOT NULL
    UNION ALL
    SELECT md5_number_upper(subject_id), rowid FROM flags WHERE subject_id IS NOT NULL AND subject_id IS DISTINCT FROM ocid
)
"""


def build_flag_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite `flag_keys` and `flag_keys_state` from `flags` (nothing when the indicators never ran)."""
    contract.create_tables(con, "search")
    con.execute("DELETE FROM flag_keys")
    con.execute("DELETE FROM flag_keys_state")
    if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' "
                       "AND table_name = 'flags'").fetchall()[0][0]:
        return
    con.execute(f"INSERT INTO flag_keys BY NAME SELECT * FROM ({FLAG_KEYS_SQL}) ORDER BY k, r")
    con.execute("INSERT INTO flag_keys_state SELECT count(*) FROM flags")


# Banderas rojas' list: every flagged result of a current process (or of none), with what the page filters
# and sorts it by already read from its process (ui.queries_explore.flag_list). Listing the 2,000 largest of
# 1.5 million flagged results joined each to its process at every first run (12-19 s at a million
# processes); over this table it is a scan of plain columns. A party's result (a buyer, procuring entity or
# tenderer without an ocid) is marked `party`: its amount depends on the filters, and the page computes it.
FLAG_LIST_SQL = f"""
SELECT fl.rowid AS r, fl.indicator, fl.subject_type, fl.subject_id, fl.ocid AS flag_ocid, fl.value,
       fl.ocid IS NULL AND fl.subject_type IN ('buyer', 'procuring_entity', 'tenderer') AS party,
       p.ocid, p.state_code, p.implementer_id, {rules.process_year('p')} AS yr, p.method, p.main_category,
       CASE WHEN {rules.in_main_currency('p.currency')} THEN p.contract_value END AS amt
FROM flags fl
  LEFT JOIN processes p ON p.ocid = coalesce(fl.ocid, CASE WHEN fl.subject_type = 'ocid' THEN fl.subject_id END)
                       AND {rules.is_current('p')}
WHERE fl.flagged AND {rules.ocid_is_current("coalesce(fl.ocid, CASE WHEN fl.subject_type = 'ocid' THEN fl.subject_id END)")}
"""


def build_flag_list(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite `flag_list_rows` from `flags` and `processes` (empty when the indicators never ran); valid
    while flags has the rows counted in flag_keys_state (build_flag_keys runs first)."""
    contract.create_tables(con, "search")
    con.execute("DELETE FROM flag_list_rows")
    if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' "
                   "AND table_name = 'flags'").fetchall()[0][0]:
        # in the list's order (amount first): its first rows are in the first row groups, which the page reads
        con.execute(f"INSERT INTO flag_list_rows BY NAME SELECT * FROM ({FLAG_LIST_SQL}) "
                    "ORDER BY amt DESC NULLS LAST, indicator, subject_id, flag_ocid")


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """The refresh step (obras.update.REFRESHES): the profiles' keys to `flags`, then Banderas rojas' list."""
    build_flag_keys(con)
    build_flag_list(con)
