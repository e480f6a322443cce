"""Small helpers for the metrics tests: an in-memory contract database and per-indicator results."""
from __future__ import annotations

import json
from typing import Any

import duckdb
import pandas as pd

from core.contract import create_tables
from metrics import catalogue


def empty_db() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with every contract table, empty."""
    con = duckdb.connect()
    create_tables(con)
    return con


def insert(con: duckdb.DuckDBPyConnection, table: str, **values: Any) -> None:
    """Insert one row, values as parameters."""
    columns = list(values)
    con.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        [json.dumps(v) if isinstance(v, (dict, list)) and table == "project_processes" and c == "modifications" else v
         for c, v in values.items()],
    )


def results(con: duckdb.DuckDBPyConnection, code: str, settings: dict[str, Any] | None = None) -> dict[str, dict]:
    """{subject_id: row as dict with detail parsed} for one indicator computed alone."""
    frame = catalogue.get(code).compute(con, settings).flags
    out = {}
    for row in frame.to_dict("records"):
        row["detail"] = json.loads(row["detail"]) if row["detail"] else None
        for key in ("flagged", "computable", "value"):
            if pd.isna(row[key]):
                row[key] = None
        if row["flagged"] is not None:
            row["flagged"] = bool(row["flagged"])
        row["computable"] = bool(row["computable"])
        out[row["subject_id"]] = row
    return out
