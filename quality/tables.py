"""The quality_* tables: DDL in schema.sql, column docs in definitions.csv (one source of truth each).

Every table but quality_history is recomputed on each refresh, so a table whose columns differ from
schema.sql (a database written by an older version) is simply recreated; the history is carried over
column by column.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from loaders.schema import definitions as read_definitions

HERE = Path(__file__).parent
SCHEMA_SQL = HERE / "schema.sql"
DEFINITIONS_CSV = HERE / "definitions.csv"
KEPT = "quality_history"  # the only table holding what a refresh cannot recompute


def definitions() -> dict[str, dict[str, str]]:
    """{table: {column: description}} from this package's definitions.csv, in file order."""
    return read_definitions(DEFINITIONS_CSV)


def _existing(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for t, c in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_catalog = current_database() "
            "AND table_schema = 'main' AND table_name LIKE 'quality\\_%' ESCAPE '\\' "
            "ORDER BY table_name, ordinal_position").fetchall():
        out.setdefault(t, []).append(c)
    return out


def create_quality_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every quality_* table that does not exist yet; bring outdated ones up to schema.sql."""
    wanted = definitions()
    existing = _existing(con)
    stale = [t for t in wanted if t in existing and existing[t] != list(wanted[t])]
    for table in stale:  # names from our own definitions.csv
        if table == KEPT:
            con.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_old"')
        else:
            con.execute(f'DROP TABLE "{table}"')
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    if KEPT in stale:
        common = [c for c in wanted[KEPT] if c in existing[KEPT]]
        cols = ", ".join(f'"{c}"' for c in common)
        con.execute(f'INSERT INTO "{KEPT}" ({cols}) SELECT {cols} FROM "{KEPT}_old"')
        con.execute(f'DROP TABLE "{KEPT}_old"')
