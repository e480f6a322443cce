"""Cached queries of the record of changes (obras.changes), for the Novedades page."""
from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

from obras import changes
from ui.db import cached_query

COLUMNS = ["recorded_at", "kind", "subject_type", "subject_id", "ocid", "field", "before", "after",
           "implementer_id", "state_code", "suppliers", "origin", "source_id", "run_id"]


@cached_query
def changes_since(con: duckdb.DuckDBPyConnection, since: date, state: str | None = None,
                  implementer: str | None = None, supplier: str | None = None, indicator: str | None = None,
                  kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Changes recorded since `since`, filtered (obras.changes.read), as a table with COLUMNS."""
    rows = changes.read(con, since=datetime(since.year, since.month, since.day), state=state,
                        implementer=implementer, supplier=supplier, indicator=indicator, kinds=kinds or None)
    return pd.DataFrame(rows, columns=COLUMNS + [c for c in (rows[0] if rows else {}) if c not in COLUMNS])[COLUMNS]


@cached_query
def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The states, implementers and indicators that appear in the record, for the filters."""
    if not con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'changes'").fetchall():
        return {"state": [], "implementer": [], "indicator": []}
    out = {}
    for key, sql in (("state", "SELECT DISTINCT state_code FROM changes WHERE state_code IS NOT NULL"),
                     ("implementer", "SELECT DISTINCT implementer_id FROM changes WHERE implementer_id IS NOT NULL"),
                     ("indicator", "SELECT DISTINCT field FROM changes WHERE kind IN ('flag_raised', 'flag_cleared')")):
        out[key] = sorted(r[0] for r in con.execute(sql).fetchall())
    return out
