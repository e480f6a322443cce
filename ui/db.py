"""The dashboard's database access: read-only, reopened when a load publishes a new file, cached."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from core import settings

_lock = threading.Lock()


def db_file() -> Path:
    return settings.db_path()


def db_version() -> tuple[str, int, int] | None:
    """(path, inode, mtime): changes when a load swaps in a new database file."""
    path = db_file()
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (str(path), stat.st_ino, stat.st_mtime_ns)


_CATALOG = "obras"


@st.cache_resource(max_entries=2)
def _connection(version: tuple[str, int, int]) -> duckdb.DuckDBPyConnection:
    # the file behind `version` is never written in place (loads swap files), so a read-only
    # connection to it stays valid while a load runs.
    # DuckDB keeps one database instance per path in a process: duckdb.connect(path) while any connection
    # to the file a load has just replaced is open returns that old instance (old data, for good). A new
    # in-memory instance that ATTACHes the path opens the file that is there now.
    con = duckdb.connect(":memory:")
    path = version[0].replace("'", "''")  # our own settings path, not user input
    con.execute(f"ATTACH '{path}' AS {_CATALOG} (READ_ONLY)")
    con.execute(f"USE {_CATALOG}")
    return con


def connection() -> duckdb.DuckDBPyConnection | None:
    version = db_version()
    if version is None:
        return None
    return _connection(version)


def run(fn, *args):
    """Call a ui.queries function with a cursor of the current database (thread-safe)."""
    con = connection()
    if con is None:
        return None
    with _lock:
        cur = con.cursor()
    cur.execute(f"USE {_CATALOG}")  # a cursor is a new connection: it starts in the in-memory catalog
    try:
        return fn(cur, *args)
    finally:
        cur.close()


@st.cache_data(max_entries=256, show_spinner=False)
def cached(version: tuple[str, int, int] | None, name: str, *args) -> pd.DataFrame | dict | None:
    """Cache a query result per database version; `name` is "func" in ui.queries or "module.func" in ui."""
    import importlib

    module, _, func = name.rpartition(".")
    return run(getattr(importlib.import_module(f"ui.{module or 'queries'}"), func), *args)


def q(name: str, *args):
    """Result of ui.queries.<name>(con, *args) (or ui.<module>.<func> for "module.func"), cached per
    database version. Arguments must be hashable plain values (filters as tuples)."""
    return cached(db_version(), name, *args)
