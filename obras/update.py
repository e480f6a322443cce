"""The one orchestration every entry point uses: load, then the indicators, then publication quality.

`obras load`, `obras demo`, `obras refresh` and the upload page call these functions; the loader knows
nothing of what runs after it (it calls the `after` it is given, inside the same staging copy, so the
published database never holds new data with stale flags).
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from core import settings
from core.database import staging
from loaders.pipeline import load
from metrics import compute as metrics_compute
from obras import changes, flag_index, process_facts, process_keys, search_index, supplier_index
from quality import compute as quality_compute

# The derived parts, in order: the quality tracker reads the indicators' flags (computability).
REFRESHES: tuple[tuple[str, Callable[[duckdb.DuckDBPyConnection], Any]], ...] = (
    ("metrics", metrics_compute.refresh),
    ("quality", quality_compute.refresh),
    ("search", search_index.refresh),  # the dashboard's search (normalised text per subject)
    ("suppliers", supplier_index.refresh),  # suppliers by RFC, for Proveedores
    ("flag indexes", flag_index.refresh),  # each subject's results and Banderas rojas' list, for the pages
    ("process facts", process_facts.refresh),  # Comparar's figures per process and contract (after the scores)
    ("process keys", process_keys.refresh),  # where each process's rows are, for Proceso
)


def refresh_derived(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute flags, scores and publication quality on `con` (a staging connection).

    A failure here must not lose the load itself: the data is published and the failure reported on
    stderr; the previous derived tables are then stale until the next successful refresh. Under
    OBRAS_STRICT_REFRESH the failure is raised instead (and the load is not published).
    """
    # indicators at a million processes need more than a load's buffer pool (OA-D4 ran out of 1GB)
    limit = settings.refresh_memory()
    if re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", limit, re.IGNORECASE):
        con.execute(f"SET memory_limit = '{limit}'")  # validated above: digits and a unit only
    for name, refresh in REFRESHES:
        try:
            refresh(con)
        except Exception as exc:  # noqa: BLE001 - reported, load kept
            if settings.strict_refresh():
                raise
            print(f"obras: warning: {name} refresh failed: {type(exc).__name__}: {exc}", file=sys.stderr)


def update(sources: list[str | Path], db: str | Path | None = None, implementer: str | None = None,
           progress: Callable[[str, int, int], None] | None = None, refresh: bool = True,
           origins: dict[str, str] | None = None,
           also: Callable[[duckdb.DuckDBPyConnection], None] | None = None) -> list[Any]:
    """Load `sources` into the database, then (unless `refresh` is False) recompute the indicators and
    publication quality before publishing; return the loader's per-input reports.

    What the load changed is recorded in `changes` (obras.changes) in the same staging copy; `origins`
    maps an input's uri to the catalogue entry it was harvested for, and `also(con)` runs last there
    (the harvest records its state with the load it made)."""
    started = changes.now()

    def after(con: duckdb.DuckDBPyConnection) -> None:
        if refresh:
            changes.before_refresh(con)
            refresh_derived(con)
        changes.record(con, started, "load", origins, derived=refresh)
        if also is not None:
            also(con)

    return load(sources, db=db, implementer=implementer, progress=progress, after=after)


def refresh(db: str | Path | None = None) -> Path:
    """Recompute the derived tables of a database (after loads made without refresh); return its path.
    Changes since the last recorded run (loads made without refresh included) are recorded too."""
    path = settings.db_path(db)
    with staging(path) as con:
        started = changes.now()
        changes.before_refresh(con)
        refresh_derived(con)
        changes.record(con, started, "refresh", derived=True)
    return path
