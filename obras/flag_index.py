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


# What Banderas rojas shows of a listed result besides its amount: its detail (flags.detail), a title, a party,
# a state, an implementer, method, category and a date. They depend on the row only, never on the filters that
# list it: a result with a process (`ocid`) is shown with that process, a project's result (`project_id`) with
# its project, and a buyer's, procuring entity's or tenderer's result without a process with what its processes
# say (any of their names, the commonest state and implementer, the latest date). `top_sql` has the columns
# indicator, subject_type, subject_id, ocid, project_id and flag_row (the flags row's rowid); the result is
# those rows with the columns above added. ui.queries_explore runs it on the rows it shows when flag_list_rows
# is missing or stale, and build_flag_list on every listed result, once per refresh.
def decoration_sql(top_sql: str) -> str:
    """SQL of the rows of `top_sql` with Banderas rojas' columns (detail, title, party, state_code,
    implementer_id, method, main_category, date) added; see the comment above."""
    date = "coalesce(p.date_signed, p.award_date, p.tender_start)"
    return f"""
        WITH top AS ({top_sql}),
        -- each row's detail read by its rowid (a semi-join on the subject columns read all of flags)
        d AS (SELECT rowid AS r, detail FROM flags WHERE rowid IN (SELECT flag_row FROM top)),
        parties_of AS (
            SELECT 'buyer' AS subject_type, p.buyer_id AS k, any_value(p.buyer_name) AS name,
                   mode(p.state_code) AS state_code, mode(p.implementer_id) AS implementer_id, max({date}) AS date
            FROM processes p SEMI JOIN top ON top.subject_type = 'buyer' AND top.subject_id = p.buyer_id GROUP BY 2
            UNION ALL
            SELECT 'procuring_entity', p.procuring_entity_id, any_value(p.procuring_entity_name), mode(p.state_code),
                   mode(p.implementer_id), max({date})
            FROM processes p SEMI JOIN top ON top.subject_type = 'procuring_entity'
                                         AND top.subject_id = p.procuring_entity_id GROUP BY 2
            UNION ALL
            SELECT 'tenderer', tp.k, any_value(tp.name), mode(p.state_code), mode(p.implementer_id), max({date})
            FROM (SELECT t.k, pa.ocid, pa.name FROM (SELECT DISTINCT subject_id AS k FROM top
                                                      WHERE subject_type = 'tenderer' AND ocid IS NULL) t
                       JOIN parties pa ON pa.party_id = t.k
                  UNION SELECT t.k, pa.ocid, pa.name FROM (SELECT DISTINCT subject_id AS k FROM top
                                                            WHERE subject_type = 'tenderer' AND ocid IS NULL) t
                       JOIN parties pa ON pa.identifier = t.k) tp
                 JOIN processes p ON p.ocid = tp.ocid GROUP BY 2)
        SELECT top.*, d.detail,
               coalesce(p.title, pr.title, po.name, top.subject_id) AS title,
               coalesce(p.buyer_name, pr.public_authority_name, po.name) AS party,
               coalesce(p.state_code, pr.state_code, po.state_code) AS state_code,
               coalesce(p.implementer_id, pr.implementer_id, po.implementer_id) AS implementer_id,
               p.method, p.main_category,
               coalesce({date}, pr.period_start, pr.updated, po.date) AS date
        FROM top
          LEFT JOIN d ON d.r = top.flag_row
          LEFT JOIN processes p ON p.ocid = top.ocid
          LEFT JOIN projects pr ON pr.project_id = top.project_id
          LEFT JOIN parties_of po ON top.ocid IS NULL AND po.subject_type = top.subject_type AND po.k = top.subject_id"""


# A row of flag_list_rows as the page lists it: with its process when it has one; a project's result (of a
# project that is loaded) with its project. ui.queries_explore._flag_list_top lists exactly these.
LISTED_SQL = """
SELECT b.indicator, b.subject_type, b.subject_id, b.ocid,
       CASE WHEN b.subject_type = 'project' AND b.flag_ocid IS NULL THEN b.subject_id END AS project_id,
       b.r AS flag_row
FROM _flag_list_base b"""


# A party's result (`party`) with the amount of all its current processes, as the page sums them with no filter
# (ui.queries_explore._flag_core_sql): a buyer's or procuring entity's processes by their id, a tenderer's those
# whose parties name it by party id or identifier; amounts in pesos or with no currency.
PARTY_AMOUNT_SQL = f"""
WITH fp AS (SELECT p.ocid, p.buyer_id, p.procuring_entity_id,
                   CASE WHEN {rules.in_main_currency('p.currency')} THEN p.contract_value END AS amt
            FROM processes p WHERE {rules.is_current('p')}),
tk AS (SELECT DISTINCT subject_id AS k FROM _flag_list_base WHERE party AND subject_type = 'tenderer'),
b AS (SELECT buyer_id AS k, sum(amt) AS amount FROM fp WHERE buyer_id IS NOT NULL GROUP BY 1),
e AS (SELECT procuring_entity_id AS k, sum(amt) AS amount FROM fp WHERE procuring_entity_id IS NOT NULL GROUP BY 1),
tn AS (SELECT tp.k, sum(fp.amt) AS amount FROM (
         SELECT tk.k, pa.ocid FROM tk JOIN parties pa ON pa.party_id = tk.k
         UNION SELECT tk.k, pa.ocid FROM tk JOIN parties pa ON pa.identifier = tk.k) tp
       JOIN fp USING (ocid) GROUP BY tp.k)
SELECT x.r, coalesce(b.amount, e.amount, tn.amount) AS party_amt
FROM _flag_list_base x
  LEFT JOIN b ON x.subject_type = 'buyer' AND b.k = x.subject_id
  LEFT JOIN e ON x.subject_type = 'procuring_entity' AND e.k = x.subject_id
  LEFT JOIN tn ON x.subject_type = 'tenderer' AND tn.k = x.subject_id
WHERE x.party
"""


# Each party result's subject (a buyer, procuring entity or tenderer flagged without a process) with each of its
# current processes and what the page filters them by: a filtered list sums a party's processes that pass
# (ui.queries_explore._party_rows_sql) from these rows instead of every process and 4 million parties. A
# buyer's or procuring entity's processes by their id; a tenderer's those whose parties name it by party id
# or identifier (each process once).
PARTY_PROCESSES_SQL = f"""
WITH keys AS (SELECT DISTINCT subject_type, subject_id AS k FROM _flag_list_base WHERE party),
fp AS (SELECT p.ocid, p.buyer_id, p.procuring_entity_id, p.state_code, p.implementer_id,
              {rules.process_year('p')} AS yr, p.method, p.main_category,
              CASE WHEN {rules.in_main_currency('p.currency')} THEN p.contract_value END AS amt
       FROM processes p WHERE {rules.is_current('p')}),
pairs AS (
    SELECT 'buyer' AS subject_type, fp.buyer_id AS k, fp.ocid FROM fp
    WHERE fp.buyer_id IN (SELECT k FROM keys WHERE subject_type = 'buyer')
    UNION ALL
    SELECT 'procuring_entity', fp.procuring_entity_id, fp.ocid FROM fp
    WHERE fp.procuring_entity_id IN (SELECT k FROM keys WHERE subject_type = 'procuring_entity')
    UNION ALL
    SELECT 'tenderer', tp.k, tp.ocid FROM (
        SELECT t.k, pa.ocid FROM (SELECT k FROM keys WHERE subject_type = 'tenderer') t
            JOIN parties pa ON pa.party_id = t.k
        UNION SELECT t.k, pa.ocid FROM (SELECT k FROM keys WHERE subject_type = 'tenderer') t
            JOIN parties pa ON pa.identifier = t.k) tp)
SELECT pairs.subject_type, pairs.k, fp.ocid, fp.state_code, fp.implementer_id, fp.yr, fp.method, fp.main_category,
       fp.amt
FROM pairs JOIN fp USING (ocid)
"""


def build_flag_list(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite `flag_list_rows` from `flags` and `processes` (empty when the indicators never ran); valid
    while flags has the rows counted in flag_keys_state (build_flag_keys runs first). Every row carries
    what the page shows of it (decoration_sql, the shown_* columns), so listing the first rows reads no
    other table."""
    contract.create_tables(con, "search")
    con.execute("DELETE FROM flag_list_rows")
    con.execute("DELETE FROM party_processes")
    if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' "
                   "AND table_name = 'flags'").fetchall()[0][0]:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _flag_list_base AS {FLAG_LIST_SQL}")
        try:
            # in the list's order (amount first): its first rows are in the first row groups, which the page reads
            con.execute(f"""
                INSERT INTO flag_list_rows BY NAME
                SELECT b.*, s.detail, s.title AS shown_title, s.party AS shown_party,
                       s.state_code AS shown_state_code, s.implementer_id AS shown_implementer_id,
                       s.date AS shown_date, pa.party_amt
                FROM _flag_list_base b LEFT JOIN ({decoration_sql(LISTED_SQL)}) s ON s.flag_row = b.r
                     LEFT JOIN ({PARTY_AMOUNT_SQL}) pa ON pa.r = b.r
                ORDER BY b.amt DESC NULLS LAST, b.indicator, b.subject_id, b.flag_ocid""")
            con.execute(f"INSERT INTO party_processes BY NAME SELECT * FROM ({PARTY_PROCESSES_SQL}) "
                        "ORDER BY state_code, implementer_id, yr")
        finally:
            con.execute("DROP TABLE IF EXISTS temp._flag_list_base")


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """The refresh step (obras.update.REFRESHES): the profiles' keys to `flags`, then Banderas rojas' list."""
    build_flag_keys(con)
    build_flag_list(con)
