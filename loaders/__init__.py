"""Loaders: files, folders, archives and URLs of EDCA-MX (OCDS) and EDCAPI (OC4IDS) into DuckDB.

    from loaders import load
    reports = load(["data/demo"], db="data/obras.duckdb")
"""
from __future__ import annotations

from typing import Any


def load(sources: list[Any], db: Any = None, implementer: str | None = None, **kwargs: Any) -> list[Any]:
    """Load sources into the database; see loaders.pipeline.load."""
    from loaders.pipeline import load as _load

    return _load(sources, db=db, implementer=implementer, **kwargs)
