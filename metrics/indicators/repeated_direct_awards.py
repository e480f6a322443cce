"""OA-C4: repeated direct awards from one buyer to one supplier within a 365-day window (possible split purchase)."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, base_cte, common_params, in_currency

CODE = "OA-C4"

# Default settings ([OA-C4] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {"minimum_awards": 3, "window_days": 365, "procurement_methods": ["direct"], "maximum_amount": None}

# Why a subject is not computable (detail.reason), in Spanish and English; shared reasons are in
# sql_indicator.COMMON_REASONS.
REASONS: dict[str, tuple[str, str]] = {
    "no_buyer": ("Falta el identificador de la unidad compradora.", "The buyer's identifier is missing."),
    "no_supplier_or_date": (
        "Falta el proveedor identificado o la fecha de la adjudicación.",
        "The identified supplier or the award date is missing.",
    ),
}

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "p0", "buyer_id": "A", "method": "direct"},
                   {"ocid": "p1", "buyer_id": "A", "method": "direct"},
                   {"ocid": "p2", "buyer_id": "A", "method": "direct"},
                   {"ocid": "q0", "buyer_id": "A", "method": "direct"}],
     "awards": [{"ocid": "p0", "award_id": "1", "date": "2020-01-10", "supplier_ids": ["S1"]},
                {"ocid": "p1", "award_id": "1", "date": "2020-03-10", "supplier_ids": ["S1"]},
                {"ocid": "p2", "award_id": "1", "date": "2020-06-10", "supplier_ids": ["S1"]},
                {"ocid": "q0", "award_id": "1", "date": "2020-06-10", "supplier_ids": ["S2"]}]},
    flags=[("p0", 3.0, True, True),
     ("p1", 3.0, True, True),
     ("p2", 3.0, True, True),
     ("q0", 1.0, False, True)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Adjudicaciones directas repetidas (posible fraccionamiento)",
    name_en="Repeated direct awards (possible split purchase)",
    category="competition",
    level="process",
    methodology_es=(
        "Para cada proceso por adjudicación directa (ajuste procurement_methods) y cada proveedor adjudicado se "
        "cuentan los procesos por adjudicación directa de la misma unidad compradora al mismo proveedor cuyas "
        "fechas de adjudicación caben en un mismo lapso de 365 días (ajuste window_days; entre la primera y la "
        "última fecha hay a lo sumo 365 días) que incluye a este proceso. Se toma el mayor de esos conteos; se "
        "marca si es de al menos 3 (ajuste minimum_awards). La fecha es la de la adjudicación o, si falta, la "
        "primera fecha de adjudicación o de firma del proceso. Con el ajuste maximum_amount solo cuentan las "
        "adjudicaciones de hasta ese monto."
    ),
    methodology_en=(
        "For each direct-award process (setting procurement_methods) and each awarded supplier, the direct-award "
        "processes from the same buyer to the same supplier whose award dates fit in one 365-day span (setting "
        "window_days; at most 365 days between the first and the last date) that includes this process are "
        "counted. The largest such count is taken; it is flagged when it is at least 3 (setting "
        "minimum_awards). The date is the award's or, if missing, the process's first award or signature date. "
        "With the maximum_amount setting only awards up to that amount count."
    ),
    why_es=(
        "Dividir una compra en varias adjudicaciones directas pequeñas al mismo proveedor permite quedar por "
        "debajo de los montos que obligan a licitar, evitando la competencia."
    ),
    why_en=(
        "Splitting a purchase into several small direct awards to the same supplier keeps each below the amounts "
        "that require a tender, avoiding competition."
    ),
    required_fields=("processes.method", "processes.buyer_id", "awards.supplier_ids", "awards.date"),
    defaults=DEFAULTS,
    exclusions_es=(
        "Procesos que no son adjudicación directa. Adjudicaciones pendientes, canceladas o sin éxito. Sin "
        "unidad compradora, proveedor identificado o fecha: no calculable. Un proceso cuenta una sola vez por "
        "proveedor aunque tenga varias adjudicaciones."
    ),
    exclusions_en=(
        "Processes that are not direct awards. Pending, cancelled or unsuccessful awards. Without buyer, "
        "identified supplier or date: not computable. A process counts once per supplier even with several "
        "awards."
    ),
    output_es="Mayor número de adjudicaciones directas del mismo comprador al mismo proveedor en un lapso de 365 días que incluye al proceso.",
    output_en="Largest number of direct awards from the same buyer to the same supplier in a 365-day span including the process.",
    ocp_code="R011",
    source="OCP R011, R055",
    example=EXAMPLE,
)


class RepeatedDirectAwards(SqlIndicator):
    """OA-C4, with window functions over (buyer, supplier) ordered by award day."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        own = self.params(settings)
        params = {**common_params(settings), "code": CODE, "methods": list(own["procurement_methods"]),
                  "minimum": int(own["minimum_awards"]), "window": int(own["window_days"]),
                  "max_amount": None if own["maximum_amount"] is None else float(own["maximum_amount"])}
        sql = f"""
WITH {base_cte()},
considered AS (
    SELECT ocid, buyer_id, award_date, date_signed FROM base WHERE list_contains($methods::VARCHAR[], method)
),
pairs AS (
    SELECT c.ocid, c.buyer_id, unnest(list_filter(a.supplier_ids, lambda s: s IS NOT NULL)) AS supplier_id,
        coalesce(a.date, c.award_date, c.date_signed) AS d
    FROM considered c JOIN awards a ON a.ocid = c.ocid
    WHERE lower(coalesce(a.status, '')) NOT IN ('pending', 'cancelled', 'unsuccessful')
      AND ($max_amount::DOUBLE IS NULL OR (a.value <= $max_amount::DOUBLE AND {in_currency('a.currency')}))
),
dedup AS (
    SELECT ocid, buyer_id, supplier_id, date_diff('day', DATE '1970-01-01', CAST(min(d) AS DATE)) AS day
    FROM pairs WHERE buyer_id IS NOT NULL AND supplier_id IS NOT NULL AND d IS NOT NULL
    GROUP BY ocid, buyer_id, supplier_id
),
forward AS (
    SELECT *, count(*) OVER (PARTITION BY buyer_id, supplier_id ORDER BY day
                             RANGE BETWEEN CURRENT ROW AND $window FOLLOWING) AS n_from_here
    FROM dedup
),
best AS (
    SELECT *, max(n_from_here) OVER (PARTITION BY buyer_id, supplier_id ORDER BY day
                                     RANGE BETWEEN $window PRECEDING AND CURRENT ROW) AS n_window
    FROM forward
),
per_process AS (
    SELECT ocid, max(n_window) AS value,
        first(json_object('buyer', buyer_id, 'supplier', supplier_id, 'awards_in_window', n_window,
                          'window_days', $window) ORDER BY n_window DESC, supplier_id) AS best
    FROM best GROUP BY ocid
)
SELECT $code AS indicator, 'ocid' AS subject_type, c.ocid AS subject_id, c.ocid, p.value,
    p.value >= $minimum AS flagged, p.value IS NOT NULL AS computable,
    CAST(CASE WHEN p.value IS NOT NULL THEN p.best
              WHEN c.buyer_id IS NULL THEN json_object('reason', 'no_buyer')
              ELSE json_object('reason', 'no_supplier_or_date') END AS VARCHAR) AS detail
FROM considered c LEFT JOIN per_process p ON p.ocid = c.ocid
"""
        self.insert(con, table, sql, params)
        return RunStats(fence=float(params["minimum"]), settings=self.used_settings(settings))


INDICATOR = RepeatedDirectAwards()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
