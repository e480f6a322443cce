"""Writing rows into the quality_* tables (whole-table replacement or append), in one statement."""
from __future__ import annotations

import duckdb
import pandas as pd


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() "
        "AND table_schema = 'main' AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()
    return [r[0] for r in rows]


def append_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Append `rows` (dicts keyed by column; missing keys are null) to `table`."""
    if not rows:
        return
    cols = _columns(con, table)
    frame = pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols)  # noqa: F841 (read by DuckDB)
    col_list = ", ".join(f'"{c}"' for c in cols)
    # table names are our own constants, never input
    con.execute(f'INSERT INTO "{table}" ({col_list}) SELECT {col_list} FROM frame')


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Replace the whole contents of `table` with `rows`."""
    con.execute(f'DELETE FROM "{table}"')
    append_rows(con, table, rows)
