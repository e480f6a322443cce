"""What our indicators share: running parameterised DuckDB SQL into a flags table, the eligible
processes, the reasons several indicators give for "not computable", and `SqlIndicator`.

Each indicator subclasses `SqlIndicator` and implements `run(con, settings, table)` (metrics.base.Indicator),
which inserts one row per subject it considers into `table` (columns metrics.base.FLAG_COLUMNS) and
returns the statistics of the run; metrics.compute calls it, so that a million processes never pass
through pandas. `compute(con, settings)` wraps `run` with a temporary table and returns a DataFrame
(for tests and for a single indicator).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from core.contract import columns_ddl
from metrics import config, suspect
from metrics.base import IndicatorMeta, IndicatorResult, RESULT_COLUMNS, RunStats

FLAG_DDL = columns_ddl("flags")  # temporary flag tables have the contract's shape

# Why a subject is not computable (the code stored in detail.reason, in Spanish and English): the reasons
# several indicators or the peer fences (metrics.outliers) give. A reason only one indicator gives is
# defined in that indicator's module (its REASONS); metrics.indicators.REASONS joins them all.
COMMON_REASONS: dict[str, tuple[str, str]] = {
    "no_contracts": (
        "No hay contratos publicados.",
        "No contracts published.",
    ),
    "other_currency": (
        "Los montos no están en la moneda principal.",
        "The amounts are not in the main currency.",
    ),
    "end_before_start": (
        "Las fechas son incoherentes (el fin es anterior al inicio).",
        "The dates are inconsistent (the end precedes the start).",
    ),
    "no_award_date": (
        "Falta la fecha de adjudicación.",
        "The award date is missing.",
    ),
    "no_data_date": (
        "No hay fecha de corte (ninguna fecha de publicación en la base).",
        "No data date (no publication date in the database).",
    ),
    "no_tender_end": (
        "Falta el fin del periodo de licitación.",
        "The end of the tender period is missing.",
    ),
    "too_few_processes": (
        "La unidad compradora tiene menos procesos que el mínimo requerido.",
        "The buyer has fewer processes than the minimum required.",
    ),
    "too_few_peers": (
        "El grupo de comparación es demasiado pequeño para calcular cuartiles.",
        "The peer group is too small to compute quartiles.",
    ),
    "degenerate_peer_set": (
        "El grupo de comparación es degenerado (Q1 = Q3 = 0); no se marca a nadie.",
        "The peer group is degenerate (Q1 = Q3 = 0); nobody is flagged.",
    ),
    "no_values": (
        "No hay valores para comparar.",
        "No values to compare.",
    ),
    # why a result is suspect data (the third outcome): defined once in metrics.suspect
    **suspect.SUSPECT_REASONS,
}

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def run_sql(con: Any, sql: str, params: dict[str, Any] | None = None) -> Any:
    """Execute SQL with named `$parameters`, passing only the ones the statement uses."""
    names = set(_PARAM.findall(sql))
    missing = names - set(params or {})
    if missing:
        raise KeyError(f"SQL parameters without a value: {sorted(missing)}")
    return con.execute(sql, {k: v for k, v in (params or {}).items() if k in names})


def base_cte() -> str:
    """The `base` CTE: processes every indicator considers (Cardinal's global exclusions).

    Excluded: processes without an ocid, superseded versions of a process (drafts the loader marked with
    superseded_by: they would count a process twice, in results and in peer groups), cancelled tenders,
    and the procurement method details listed in the `[exclusions] procurement_method_details` setting
    (parameter $excluded_details).
    """
    return """base AS (
    SELECT * FROM processes
    WHERE ocid IS NOT NULL AND superseded_by IS NULL
      AND lower(coalesce(tender_status, '')) <> 'cancelled'
      AND NOT list_contains($excluded_details::VARCHAR[], coalesce(method_details, ''))
)"""


def in_currency(column: str) -> str:
    """SQL predicate: the amount's currency is the main one ($currency); an unpublished currency is assumed main."""
    return f"({column} IS NULL OR $currency::VARCHAR IS NULL OR {column} = $currency::VARCHAR)"


def common_params(settings: dict[str, Any]) -> dict[str, Any]:
    """Parameters shared by every indicator's SQL."""
    return {
        "excluded_details": list((settings.get("exclusions") or {}).get("procurement_method_details") or []),
        "currency": settings.get("currency"),
        "data_date": settings.get("data_date"),
        **suspect.params(),
    }


@dataclass
class SqlIndicatorResult(IndicatorResult):
    """IndicatorResult plus the fences of each peer group (indicator_peer_stats rows)."""

    peer_stats: list[dict[str, Any]] = field(default_factory=list)


class SqlIndicator:
    """Base of our indicators (a metrics.base.Indicator): metadata plus a DuckDB computation with parameters.

    Subclasses set `meta` and implement `run`; every subject considered gets a row, flagged or not.
    """

    meta: IndicatorMeta
    reports_all_subjects = True
    shared_pass = None  # each computes alone

    def params(self, settings: dict[str, Any]) -> dict[str, Any]:
        """This indicator's section of the settings merged over its defaults."""
        return config.section(settings, self.meta.code)

    def used_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        """The settings that determine this indicator's result (recorded in indicator_stats)."""
        own = {k: v for k, v in self.params(settings).items() if k != "enabled"}
        return {
            self.meta.code: own,
            "currency": settings.get("currency"),
            "data_date": settings.get("data_date"),
            "exclusions": settings.get("exclusions"),
        }

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:  # pragma: no cover - abstract
        """Insert one row per subject considered into `table` (FLAG_COLUMNS); `settings` are resolved."""
        raise NotImplementedError

    def compute(self, con: Any, settings: dict[str, Any] | None = None) -> SqlIndicatorResult:
        """Compute this indicator alone and return its rows as a DataFrame (metrics.base.Indicator)."""
        resolved = config.resolve(con, settings)
        table = "_oa_tmp_" + re.sub(r"[^A-Za-z0-9]", "_", self.meta.code)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({FLAG_DDL})")
        try:
            stats = self.run(con, resolved, table)
            flags = con.execute(f"SELECT {', '.join(RESULT_COLUMNS)} FROM {table} ORDER BY subject_id").df()
        finally:
            con.execute(f"DROP TABLE IF EXISTS {table}")
        return SqlIndicatorResult(
            flags=flags, q1=stats.q1, q3=stats.q3, fence=stats.fence, settings=stats.settings,
            peer_stats=stats.peer_stats,
        )

    def insert(self, con: Any, table: str, select_sql: str, params: dict[str, Any]) -> None:
        """INSERT the rows of `select_sql` (named like FLAG_COLUMNS) into `table`, each with its outcome
        (metrics.suspect.settle_sql: a suspect or not-computable row keeps no value nor flag)."""
        run_sql(con, f"INSERT INTO {table} BY NAME {suspect.settle_sql(select_sql)}",
                {**params, "suspect_reasons": suspect.params()["suspect_reasons"]})


def fetch_values(con: Any, sql: str, params: dict[str, Any] | None = None) -> Any:
    """The first column of a query as a float numpy array (NULLs dropped), for quartiles."""
    import numpy as np

    rows = run_sql(con, sql, params).fetchnumpy()
    column = next(iter(rows.values())) if rows else np.array([], dtype=float)
    arr = np.ma.asarray(column)
    return np.asarray(arr.compressed() if np.ma.isMaskedArray(arr) else arr, dtype=float)


def peer_row(code: str, group: str, fence: Any) -> dict[str, Any]:
    """One indicator_peer_stats row from an outliers.Fence."""
    return {
        "indicator": code, "peer_group": group, "q1": fence.q1, "q3": fence.q3, "fence": fence.fence,
        "n_peers": fence.n, "skipped": fence.skipped, "reason": fence.reason,
    }
