"""OA-C1: fewer than three tenderers in a competitive procedure."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, base_cte, common_params

CODE = "OA-C1"

# Default settings ([OA-C1] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {"threshold": 3, "procurement_methods": ["open", "selective"]}

# Why a subject is not computable (detail.reason), in Spanish and English; shared reasons are in
# sql_indicator.COMMON_REASONS.
REASONS: dict[str, tuple[str, str]] = {
    "no_tenderer_count": (
        "No se publica el número de participantes, ni licitantes, ni ofertas.",
        "Neither the number of tenderers, nor tenderers, nor bids are published.",
    ),
    "method_conflict": (
        "El procedimiento publicado se contradice: procurementMethodDetails y procurementMethodRationale "
        "nombran métodos distintos (p. ej. invitación y adjudicación directa).",
        "The published procedure contradicts itself: procurementMethodDetails and procurementMethodRationale "
        "name different methods (e.g. invitation and direct award).",
    ),
}

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "p1", "method": "open", "number_of_tenderers": 2},
                   {"ocid": "p2", "method": "open", "number_of_tenderers": 5},
                   {"ocid": "p3", "method": "direct", "number_of_tenderers": 1}]},
    flags=[("p1", 2.0, True, True), ("p2", 5.0, False, True)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Menos de tres participantes en un procedimiento competitivo",
    name_en="Fewer than three tenderers in a competitive procedure",
    category="competition",
    level="process",
    methodology_es=(
        "Para cada proceso por licitación pública o invitación (métodos open y selective, ajuste "
        "procurement_methods) se cuenta el número de participantes: tender.numberOfTenderers o, si falta, el "
        "número de licitantes publicados (tender.tenderers) o, si tampoco, el número de licitantes distintos en "
        "las ofertas presentadas (bids.details; no cuentan las invitadas ni las retiradas). Se marca si hay menos "
        "participantes que el umbral (3 por omisión). El método es el que nombran procurementMethodDetails o "
        "procurementMethodRationale cuando contradicen el código publicado (una invitación a cuando menos tres "
        "personas publicada como limited cuenta como selective); si ambos textos nombran métodos distintos, no es "
        "calculable."
    ),
    methodology_en=(
        "For each open or selective procedure (setting procurement_methods) the number of tenderers is "
        "tender.numberOfTenderers or, if missing, the number of published tenderers (tender.tenderers) or, "
        "failing that, the number of distinct tenderers of submitted bids (bids.details; invited and withdrawn "
        "bids do not count). It is flagged when there are fewer tenderers than the threshold (3 by default). The "
        "method is the one procurementMethodDetails or procurementMethodRationale name when they contradict the "
        "published code (an invitation to at least three persons published as limited counts as selective); "
        "when the two texts name different methods it is not computable."
    ),
    why_es=(
        "La competencia es la principal defensa contra precios inflados. Con menos de tres participantes la "
        "comparación de propuestas es débil; la invitación a cuando menos tres personas de la ley exige tres, y "
        "el IMCO cuenta como riesgo las competencias con tres o menos participantes."
    ),
    why_en=(
        "Competition is the main defence against inflated prices. With fewer than three tenderers the comparison "
        "of bids is weak; the law's invitation to at least three persons requires three, and IMCO counts "
        "competitions with three or fewer participants as a risk."
    ),
    required_fields=("processes.method", "processes.number_of_tenderers", "bids.tenderer_ids"),
    defaults=DEFAULTS,
    exclusions_es="Procesos que no son por licitación pública o invitación (p. ej. adjudicaciones directas).",
    exclusions_en="Processes that are not open or selective procedures (e.g. direct awards).",
    output_es="Número de participantes.",
    output_en="Number of tenderers.",
    ocp_code="R019",
    source="OCP R019; IMCO; LOPSRM (invitación a cuando menos tres personas)",
    example=EXAMPLE,
)


class FewTenderers(SqlIndicator):
    """OA-C1."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        own = self.params(settings)
        params = {**common_params(settings), "code": CODE, "threshold": float(own["threshold"]),
                  "methods": list(own["procurement_methods"])}
        sql = f"""
WITH {base_cte()},
considered AS (
    SELECT ocid, number_of_tenderers, coalesce(method_conflict, false) AS conflict
    FROM base WHERE list_contains($methods::VARCHAR[], method)
),
bid_tenderers AS (
    SELECT ocid, count(DISTINCT t) AS n FROM (
        SELECT b.ocid, unnest(b.tenderer_ids) AS t
        FROM bids b SEMI JOIN considered c ON c.ocid = b.ocid
        WHERE lower(coalesce(b.status, '')) NOT IN ('invited', 'withdrawn')
    ) WHERE t IS NOT NULL GROUP BY ocid
),
v AS (
    SELECT c.ocid, CASE WHEN NOT c.conflict THEN coalesce(c.number_of_tenderers, bt.n) END AS n, c.conflict,
        CASE WHEN c.number_of_tenderers IS NOT NULL THEN 'numberOfTenderers' WHEN bt.n IS NOT NULL THEN 'bids' END AS source
    FROM considered c LEFT JOIN bid_tenderers bt ON bt.ocid = c.ocid
)
SELECT $code AS indicator, 'ocid' AS subject_type, ocid AS subject_id, ocid, n AS value,
    n < $threshold AS flagged, n IS NOT NULL AS computable,
    CAST(CASE WHEN n IS NOT NULL THEN json_object('tenderers', n, 'source', source)
              WHEN conflict THEN json_object('reason', 'method_conflict')
              ELSE json_object('reason', 'no_tenderer_count') END AS VARCHAR) AS detail
FROM v
"""
        self.insert(con, table, sql, params)
        return RunStats(fence=params["threshold"], settings=self.used_settings(settings))


INDICATOR = FewTenderers()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
