"""Writing rows to DuckDB in batches (Arrow), and publishing a load atomically.

A load never writes the live database file: it works on a staging copy and swaps it in with an atomic
rename once everything is written. So a killed load leaves the previous database intact, and readers
(the dashboard, with read-only connections) never see a half-loaded state or meet a write lock.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from core import settings
from core.contract import create_tables

ROW_GROUP_ROWS = 16_384  # rows per row group written by a load (DuckDB's default: 122,880)

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "JSON": pa.string(),
    "DOUBLE": pa.float64(),
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),
    "VARCHAR[]": pa.list_(pa.string()),
}


def to_arrow(cols: list[tuple[str, str]], rows: list[dict[str, Any]]) -> pa.Table:
    """Rows (dicts) as an Arrow table with the columns and types of one contract table."""
    arrays = [pa.array([r.get(c) for r in rows], type=_ARROW_TYPES.get(ty, pa.string())) for c, ty in cols]
    return pa.Table.from_arrays(arrays, names=[c for c, _ in cols])


def table_types(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for t, c, ty in rows:
        out.setdefault(t, []).append((c, ty))
    return out


class Writer:
    """Collects rows per table and appends them in Arrow batches."""

    def __init__(self, con: duckdb.DuckDBPyConnection, batch_rows: int = 20_000):
        self.con = con
        self.batch_rows = batch_rows
        self.types = table_types(con)
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


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


@contextlib.contextmanager
def staging(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to a staging copy of `db_path`; publish it atomically on success.

    Loads are serialised with a lock file. On any exception (or a kill) the live file is untouched.
    """
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = Path(str(db_path) + ".lock")
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        tmp = Path(f"{db_path}.loading")
        _remove(tmp)  # left over by a killed load
        if db_path.exists():
            shutil.copyfile(db_path, tmp)
        # a bounded buffer pool keeps a load's memory flat however big the database grows
        # (spills go beside the file, as with a file opened directly, not into the working directory)
        con = duckdb.connect(config={"memory_limit": settings.load_memory(),
                                     "temp_directory": f"{tmp}.tmp"})
        # Each checkpoint rewrites a table's last, partly filled row group. With DuckDB's default
        # (122,880 rows, about 1 GB of `processes.json`) a load re-compressed the same rows again and
        # again; smaller groups bound that rewrite.
        con.execute(f"ATTACH ? AS staging (ROW_GROUP_SIZE {int(ROW_GROUP_ROWS)})", [str(tmp)])
        con.execute("USE staging")
        try:
            create_tables(con)
            yield con
            con.execute("CHECKPOINT")
            con.close()
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, db_path)
            dir_fd = os.open(db_path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except BaseException:
            with contextlib.suppress(Exception):
                con.close()
            _remove(tmp)
            raise


def connect_readonly(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published database (what pages use)."""
    return duckdb.connect(str(db_path), read_only=True)
