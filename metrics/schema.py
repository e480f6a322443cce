"""The tables metrics writes beside `flags` and `indicator_stats`: DDL in schema.sql, docs in definitions.csv."""
from __future__ import annotations

from loaders.schema import definitions as read_definitions

from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SCHEMA_SQL = HERE / "schema.sql"
DEFINITIONS_CSV = HERE / "definitions.csv"

SCORE_TABLES = ("process_scores", "project_scores", "buyer_scores", "implementer_scores", "state_scores")
TABLES = ("indicator_peer_stats", *SCORE_TABLES)


def create_tables(con: Any) -> None:
    """Create the metrics tables that do not exist yet (idempotent)."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def definitions() -> dict[str, dict[str, str]]:
    """{table: {column: description}} from this package's definitions.csv, in file order."""
    return read_definitions(DEFINITIONS_CSV)
