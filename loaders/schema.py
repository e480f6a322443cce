"""The DuckDB table contract: DDL in schema.sql, column docs in definitions.csv."""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb

HERE = Path(__file__).parent
SCHEMA_SQL = HERE / "schema.sql"
DEFINITIONS_CSV = HERE / "definitions.csv"


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every contract table that does not exist yet, and add columns that a database made by
    an older version lacks (so an existing database keeps working after an upgrade)."""
    ddl = SCHEMA_SQL.read_text(encoding="utf-8")
    con.execute(ddl)
    expected = duckdb.connect()
    expected.execute(ddl)
    want = expected.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall()
    have = {(t, c) for t, c in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
    ).fetchall()}
    for table, column, data_type in want:
        if (table, column) not in have:
            # identifiers and types come from our own schema.sql, never from input
            con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {data_type}')


def definitions(path: Path = DEFINITIONS_CSV) -> dict[str, dict[str, str]]:
    """Return {table: {column: description}} from a definitions file (table,column,description), in file order."""
    out: dict[str, dict[str, str]] = {}
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["table"], {})[row["column"]] = row["description"]
    return out


def table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Return {table: [columns]} as DuckDB sees them in the main schema."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for t, c in rows:
        out.setdefault(t, []).append(c)
    return out
