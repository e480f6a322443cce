"""The quality_* tables (declared in core/contract/quality/, documented beside).

Every table but quality_history is recomputed on each refresh, so a table whose columns differ from the
contract (a database written by an older version) is simply recreated; the history keeps its rows
(core.contract's migration policy).
"""
from __future__ import annotations

import duckdb

from core import contract


def definitions() -> dict[str, dict[str, str]]:
    """{table: {column: description}} of the quality tables, in file order."""
    return contract.definitions("quality")


def create_quality_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every quality_* table that does not exist yet; bring outdated ones up to the contract."""
    contract.create_tables(con, "quality")
