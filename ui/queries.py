"""Read-only queries the pages render. Pure functions of a DuckDB connection, so tests reach them."""
from __future__ import annotations

import duckdb
import pandas as pd

from ui.db import cached_query


@cached_query
def headline(con: duckdb.DuckDBPyConnection) -> dict:
    """Counts and amounts for the overview."""
    row = con.execute(
        """SELECT (SELECT count(*) FROM processes), (SELECT count(*) FROM projects),
                  (SELECT sum(contract_value) FROM processes WHERE currency = 'MXN' OR currency IS NULL),
                  (SELECT count(*) FROM sources), (SELECT coalesce(sum(items_rejected), 0) FROM sources),
                  (SELECT count(*) FROM corrections),
                  (SELECT coalesce(bool_or(is_demo), false) FROM sources)"""
    ).fetchall()[0]
    keys = ["processes", "projects", "amount", "sources", "rejected", "corrections", "is_demo"]
    return dict(zip(keys, row))


@cached_query
def by_state(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Processes, projects and contracted amount per state (states without data included as zero)."""
    return con.execute(
        """WITH p AS (SELECT state_code, count(*) AS processes,
                             sum(CASE WHEN currency = 'MXN' OR currency IS NULL THEN contract_value END) AS amount
                      FROM processes GROUP BY state_code),
                j AS (SELECT state_code, count(*) AS projects FROM projects GROUP BY state_code)
           SELECT s.state_code, s.name, coalesce(p.processes, 0) AS processes,
                  coalesce(j.projects, 0) AS projects, coalesce(p.amount, 0) AS amount
           FROM states s LEFT JOIN p USING (state_code) LEFT JOIN j USING (state_code)
           WHERE coalesce(p.processes, 0) + coalesce(j.projects, 0) > 0
           UNION ALL
           SELECT NULL, NULL, coalesce((SELECT count(*) FROM processes WHERE state_code IS NULL), 0),
                  coalesce((SELECT count(*) FROM projects WHERE state_code IS NULL), 0),
                  coalesce((SELECT sum(contract_value) FROM processes WHERE state_code IS NULL), 0)
           ORDER BY amount DESC"""
    ).df().query("processes > 0 or projects > 0").reset_index(drop=True)


@cached_query
def by_implementer(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Processes, projects and contracted amount per implementer, unassigned ones last."""
    return con.execute(
        """WITH p AS (SELECT implementer_id, count(*) AS processes,
                             sum(CASE WHEN currency = 'MXN' OR currency IS NULL THEN contract_value END) AS amount
                      FROM processes GROUP BY implementer_id),
                j AS (SELECT implementer_id, count(*) AS projects FROM projects GROUP BY implementer_id),
                ids AS (SELECT implementer_id FROM p UNION SELECT implementer_id FROM j)
           SELECT ids.implementer_id, i.name, st.name AS state, coalesce(p.processes, 0) AS processes,
                  coalesce(j.projects, 0) AS projects, coalesce(p.amount, 0) AS amount
           FROM ids LEFT JOIN p USING (implementer_id) LEFT JOIN j USING (implementer_id)
                LEFT JOIN implementers i USING (implementer_id) LEFT JOIN states st ON st.state_code = i.state_code
           ORDER BY ids.implementer_id IS NULL, amount DESC"""
    ).df()
