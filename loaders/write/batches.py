"""Writing rows to DuckDB in batches (Arrow). The staging copy a load writes is core.database's."""
from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from core.contract import column_types
from loaders.compile.arrow import to_arrow


class BatchWriter:
    """Collects rows per table and appends them in Arrow batches."""

    def __init__(self, con: duckdb.DuckDBPyConnection, batch_rows: int = 20_000):
        self.con = con
        self.batch_rows = batch_rows
        self.types = column_types(con)
        self.pending: dict[str, list[dict[str, Any]]] = {}
        self.count = 0

    def add(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        self.pending.setdefault(table, []).extend(rows)
        self.count += len(rows)
        if self.count >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        for table, rows in self.pending.items():
            if rows:
                self.append(table, rows)
        self.pending = {}
        self.count = 0

    def append(self, table: str, rows: list[dict[str, Any]]) -> None:
        self.append_arrow(table, to_arrow(self.types[table], rows))

    def append_arrow(self, table: str, batch: pa.Table) -> None:
        if batch.num_rows == 0:
            return
        self.con.register("_obras_batch", batch)
        try:
            # the table name comes from our own schema, never from input
            self.con.execute(f'INSERT INTO "{table}" SELECT * FROM _obras_batch')
        finally:
            self.con.unregister("_obras_batch")
