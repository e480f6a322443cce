"""Per-process and per-contract figures for Comparar (and the flag rates of Mapa), rebuilt by every refresh
after the indicators (obras.update.REFRESHES) into core/contract/search/: `process_facts` (one row per current
process with what the page filters by and the figures it aggregates), `contract_facts` (one row per contract
of a current process with its price and end-date changes) and `process_facts_state` (what they were built
from).

Comparar aggregated every process at every first run through two joins of a million strings (its contracts,
its score): 3-5 s at a million processes; over these tables it is one scan of plain columns (0.4 s)."""
from __future__ import annotations

import duckdb

from core import contract, rules

# the columns the pages filter by (ui.queries_explore.FACTS_MAP), then what they aggregate; a year as
# core.rules.process_year, an amount in pesos or with no currency (contracts in another one are left out)
PROCESS_FACTS_SQL = f"""
SELECT p.ocid, p.state_code, p.implementer_id, {rules.process_year('p')} AS yr, p.method, p.main_category,
       CASE WHEN {rules.in_main_currency('p.currency')} THEN p.contract_value END AS amt, p.number_of_tenderers,
       CASE WHEN p.tender_end >= p.tender_start THEN date_diff('day', p.tender_start, p.tender_end) END AS tender_days,
       CASE WHEN p.award_date >= p.tender_end THEN date_diff('day', p.tender_end, p.award_date) END AS decision_days,
       {{scored}} AS scored, {{flagged}} AS flagged, {{computable}} AS computable
FROM processes p {{scores}}
WHERE {rules.is_current('p')}
"""

# a contract's price change (current over original value) where the original is positive and the current
# known, and its end-date change in days
CONTRACT_FACTS_SQL = f"""
SELECT p.ocid, p.state_code, p.implementer_id, {rules.process_year('p')} AS yr, p.method, p.main_category,
       CASE WHEN c.original_value > 0 AND c.value IS NOT NULL
            THEN (c.value - c.original_value) / c.original_value END AS price_change,
       date_diff('day', c.original_end_date, c.end_date) AS end_change_days
FROM contracts c JOIN processes p ON p.ocid = c.ocid
WHERE {rules.is_current('p')}
"""

# what the tables were built from: valid while processes and flags have as many rows and no load came after
# (a load, or the indicators run alone through metrics.compute.refresh, leaves them stale until a refresh)
STATE_SQL = """
SELECT (SELECT count(*) FROM processes), (SELECT max(loaded_at) FROM sources), ?, {flags_rows}
"""


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' "
                            "AND table_name = ?", [table]).fetchall()[0][0])


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite process_facts, contract_facts and process_facts_state from processes, contracts and
    process_scores (a process's flag columns are null when the scores were never computed)."""
    contract.create_tables(con, "search")
    for table in ("process_facts", "contract_facts", "process_facts_state"):
        con.execute(f"DELETE FROM {table}")
    scored = _has(con, "process_scores")
    # process_scores has one row per process (metrics.score); flagged / computable as ui.queries_explore reads them
    parts = ({"scored": "s.ocid IS NOT NULL", "flagged": "s.n_flagged > 0", "computable": "s.n_computable > 0",
              "scores": "LEFT JOIN process_scores s ON s.ocid = p.ocid"} if scored else
             {"scored": "NULL::BOOLEAN", "flagged": "NULL::BOOLEAN", "computable": "NULL::BOOLEAN", "scores": ""})
    # in state and implementer order: a filtered page reads the row groups of its states only
    con.execute(f"INSERT INTO process_facts BY NAME SELECT * FROM ({PROCESS_FACTS_SQL.format(**parts)}) "
                "ORDER BY state_code, implementer_id, yr")
    con.execute(f"INSERT INTO contract_facts BY NAME SELECT * FROM ({CONTRACT_FACTS_SQL}) "
                "ORDER BY state_code, implementer_id, yr")
    flags_rows = "(SELECT count(*) FROM flags)" if _has(con, "flags") else "NULL"
    con.execute(f"INSERT INTO process_facts_state {STATE_SQL.format(flags_rows=flags_rows)}", [scored])


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """The refresh step (obras.update.REFRESHES)."""
    build(con)
