"""The tables the indicators' refresh writes (declared in core/contract/metrics/, documented beside)."""
from __future__ import annotations

from typing import Any

from core import contract

SCORE_TABLES = ("process_scores", "project_scores", "buyer_scores", "implementer_scores", "state_scores")
TABLES = ("flags", "indicator_stats", "indicator_peer_stats", *SCORE_TABLES)


def create_tables(con: Any) -> None:
    """Create the metrics tables that do not exist yet, or are outdated (core.contract's policy)."""
    contract.create_tables(con, "metrics")


def definitions() -> dict[str, dict[str, str]]:
    """{table: {column: description}} of the metrics tables, in file order."""
    return contract.definitions("metrics")
