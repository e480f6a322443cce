"""Connections to the database a load writes: a staging copy, published atomically.

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

import duckdb

from core import settings
from core.contract import create_tables

ROW_GROUP_ROWS = 16_384  # rows per row group written by a load (DuckDB's default: 122,880)


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
