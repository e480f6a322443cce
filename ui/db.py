"""The dashboard's database access: read-only, reopened when a load publishes a new file, cached."""
from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import streamlit as st

from core import settings

_lock = threading.Lock()
T = TypeVar("T")


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
    """Call a query function with a cursor of the current database, uncached (thread-safe); None when there is
    no database yet."""
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
def _cached(version: tuple[str, int, int] | None, name: str, _fn: Callable[..., Any], *args: Any,
            **kwargs: Any) -> Any:
    """The result of `_fn` (a query function, `name` its qualified name) on the database `version`:
    one cache for every query, keyed on the database file's identity and mtime, the name and the
    arguments (`_fn` itself is not hashed: the leading underscore tells Streamlit so)."""
    return run(functools.partial(_fn, **kwargs) if kwargs else _fn, *args)


def cached_query(fn: Callable[..., T]) -> Callable[..., T]:
    """Decorate a query function `fn(con, *args)` of the ui.queries* modules.

    Called without a connection, `fn(*args)`, it runs on the dashboard's current database and the
    result is cached per database version (None when there is no database yet); arguments must be
    hashable plain values (filters as `Filters`, lists as tuples). Called with a connection first,
    `fn(con, *args)`, it is the plain function (tests, benchmarks, `run`)."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def query(*args: Any, **kwargs: Any) -> T:
        if args and isinstance(args[0], duckdb.DuckDBPyConnection):
            return fn(*args, **kwargs)
        return _cached(db_version(), name, fn, *args, **kwargs)

    return query
