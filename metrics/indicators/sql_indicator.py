"""What our indicators share: running parameterised DuckDB SQL into a flags table, the eligible
processes, the reasons a subject is not computable, and the `Indicator` implementation around it.

Each indicator subclasses `SqlIndicator` and implements `run(con, settings, table)`, which inserts
one row per subject it considers into `table` (columns metrics.base.FLAG_COLUMNS) and returns the
statistics of the run. `compute(con, settings)` (the metrics.base.Indicator interface) wraps `run`
with a temporary table and returns a DataFrame; metrics.compute calls `run` directly so that a
million processes never pass through pandas.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from metrics import config
from metrics.base import FLAG_COLUMNS, IndicatorMeta, IndicatorResult

FLAG_DDL = (
    "indicator VARCHAR, subject_type VARCHAR, subject_id VARCHAR, ocid VARCHAR, value DOUBLE, "
    "flagged BOOLEAN, computable BOOLEAN, detail VARCHAR"
)

# Why a subject is not computable: the code stored in detail.reason, in Spanish and English.
REASONS: dict[str, tuple[str, str]] = {
    "no_contracts": ("No hay contratos publicados.", "No contracts published."),
    "no_original_value": (
        "Falta el monto original del contrato o es cero.",
        "The contract's original value is missing or zero.",
    ),
    "no_latest_value": ("Falta el monto vigente del contrato.", "The contract's current value is missing."),
    "no_budget": ("Falta el presupuesto del proyecto o es cero.", "The project budget is missing or zero."),
    "not_completed": (
        "El proyecto no publica datos de conclusión (monto o fecha final).",
        "The project publishes no completion data (final value or end date).",
    ),
    "no_planned_period": (
        "Falta el periodo planeado del proyecto o su duración no es positiva.",
        "The project's planned period is missing or not positive.",
    ),
    "no_estimate": (
        "Falta el monto estimado (valor de la licitación o costo estimado) o es cero.",
        "The estimate (tender value or cost estimate) is missing or zero.",
    ),
    "no_award_value": ("Falta el monto adjudicado o es cero.", "The awarded value is missing or zero."),
    "other_currency": (
        "Los montos no están en la moneda principal.",
        "The amounts are not in the main currency.",
    ),
    "no_contract_award_pair": (
        "Ningún contrato con monto se puede emparejar con una adjudicación con monto.",
        "No contract with a value can be matched to an award with a value.",
    ),
    "no_tenderer_count": (
        "No se publica el número de participantes, ni licitantes, ni ofertas.",
        "Neither the number of tenderers, nor tenderers, nor bids are published.",
    ),
    "too_few_processes": (
        "La unidad compradora tiene menos procesos que el mínimo requerido.",
        "The buyer has fewer processes than the minimum required.",
    ),
    "no_awarded_amount": (
        "No hay montos adjudicados con proveedor identificado.",
        "No awarded amounts with an identified supplier.",
    ),
    "no_buyer": ("Falta el identificador de la unidad compradora.", "The buyer's identifier is missing."),
    "no_supplier_or_date": (
        "Falta el proveedor identificado o la fecha de la adjudicación.",
        "The identified supplier or the award date is missing.",
    ),
    "no_tender_period": (
        "Falta el inicio o el fin del periodo de licitación.",
        "The tender period's start or end is missing.",
    ),
    "end_before_start": (
        "Las fechas son incoherentes (el fin es anterior al inicio).",
        "The dates are inconsistent (the end precedes the start).",
    ),
    "no_award_date": ("Falta la fecha de adjudicación.", "The award date is missing."),
    "no_signature_date": ("Falta la fecha de firma del contrato.", "The contract signature date is missing."),
    "no_contract_period": (
        "Falta el periodo original del contrato o su duración no es positiva.",
        "The contract's original period is missing or not positive.",
    ),
    "no_latest_end": ("Falta la fecha de término vigente.", "The current end date is missing."),
    "no_milestones": ("No hay hitos con fecha programada.", "No milestones with a due date."),
    "no_data_date": (
        "No hay fecha de corte (ninguna fecha de publicación en la base).",
        "No data date (no publication date in the database).",
    ),
    "no_tender_end": ("Falta el fin del periodo de licitación.", "The end of the tender period is missing."),
    "too_few_peers": (
        "El grupo de comparación es demasiado pequeño para calcular cuartiles.",
        "The peer group is too small to compute quartiles.",
    ),
    "degenerate_peer_set": (
        "El grupo de comparación es degenerado (Q1 = Q3 = 0); no se marca a nadie.",
        "The peer group is degenerate (Q1 = Q3 = 0); nobody is flagged.",
    ),
    "no_values": ("No hay valores para comparar.", "No values to compare."),
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

    Excluded: processes without an ocid, cancelled tenders, and the procurement method details listed
    in the `[exclusions] procurement_method_details` setting (parameter $excluded_details).
    """
    return """base AS (
    SELECT * FROM processes
    WHERE ocid IS NOT NULL
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
    }


@dataclass
class RunStats:
    """What a run reports beside its rows: the fence it applied and the settings it used."""

    q1: float | None = None
    q3: float | None = None
    fence: float | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    peer_stats: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SqlIndicatorResult(IndicatorResult):
    """IndicatorResult plus the fences of each peer group (indicator_peer_stats rows)."""

    peer_stats: list[dict[str, Any]] = field(default_factory=list)


class SqlIndicator:
    """Base of our indicators: metadata plus a DuckDB computation with parameters."""

    meta: IndicatorMeta

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
        raise NotImplementedError

    def compute(self, con: Any, settings: dict[str, Any] | None = None) -> SqlIndicatorResult:
        """Compute this indicator alone and return its rows as a DataFrame (metrics.base.Indicator)."""
        resolved = config.resolve(con, settings)
        table = "_oa_tmp_" + re.sub(r"[^A-Za-z0-9]", "_", self.meta.code)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({FLAG_DDL})")
        try:
            stats = self.run(con, resolved, table)
            flags = con.execute(f"SELECT {', '.join(FLAG_COLUMNS)} FROM {table} ORDER BY subject_id").df()
        finally:
            con.execute(f"DROP TABLE IF EXISTS {table}")
        return SqlIndicatorResult(
            flags=flags, q1=stats.q1, q3=stats.q3, fence=stats.fence, settings=stats.settings,
            peer_stats=stats.peer_stats,
        )

    def insert(self, con: Any, table: str, select_sql: str, params: dict[str, Any]) -> None:
        """INSERT the rows of `select_sql` (named like FLAG_COLUMNS) into `table`."""
        run_sql(con, f"INSERT INTO {table} BY NAME {select_sql}", params)


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
