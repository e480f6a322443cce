"""The headline every page checks first (ui.common.require_data). A pure function of a DuckDB connection,
so tests reach it; pages call it without one (`ui.db.cached_query`)."""
from __future__ import annotations

import duckdb

from ui.db import cached_query
from core.rules import in_main_currency, is_current


@cached_query
def headline(con: duckdb.DuckDBPyConnection) -> dict:
    """Counts and amounts for the overview (current processes only: superseded drafts are left out)."""
    row = con.execute(
        f"""SELECT (SELECT count(*) FROM processes p WHERE {is_current('p')}), (SELECT count(*) FROM projects),
                  (SELECT sum(contract_value) FROM processes p
                   WHERE {in_main_currency('p.currency')} AND {is_current('p')}),
                  (SELECT count(*) FROM sources), (SELECT coalesce(sum(items_rejected), 0) FROM sources),
                  (SELECT count(*) FROM corrections),
                  (SELECT coalesce(bool_or(is_demo), false) FROM sources)"""
    ).fetchall()[0]
    keys = ["processes", "projects", "amount", "sources", "rejected", "corrections", "is_demo"]
    return dict(zip(keys, row))
