"""OA-P3 award at or above the cost estimate, OA-P4 award far below it: the same ratio, two rules."""
from __future__ import annotations

from typing import Any

from core.rules import award_counts
from metrics.base import Example, IndicatorMeta
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, base_cte, common_params, in_currency
from metrics.suspect import reused_release_awards_cte

_FIELDS = ("processes.tender_value", "project_processes.cost_estimate", "processes.award_value")

_METHOD_ES = (
    "Para cada proceso se calcula la razón monto adjudicado / monto estimado. El monto adjudicado es la suma de "
    "las adjudicaciones activas (o de todas, si ninguna publica estado); el estimado es el valor de la "
    "licitación (tender.value) o, si falta, el costo estimado del resumen del proceso en un proyecto EDCAPI "
    "(costEstimate). "
)
_METHOD_EN = (
    "For each process the ratio awarded value / estimated value is computed. The awarded value is the sum of "
    "the active awards (or of all of them when none publishes a status); the estimate is the tender value "
    "(tender.value) or, if missing, the cost estimate of the process summary in an EDCAPI project "
    "(costEstimate). "
)
_EXCL_ES = (
    "Montos en otra moneda (también una adjudicación en otra moneda bajo un estimado en pesos). Dato dudoso, ni "
    "marcado ni limpio: un estimado idéntico (al peso) al monto adjudicado o al de una sola adjudicación o un "
    "solo contrato del proceso, que es una copia y no un estimado; el mismo estimado, al peso, en varios procesos "
    "de una entidad compradora cuyas adjudicaciones, distintas, cubre en conjunto (es el presupuesto que "
    "comparten, no el estimado de cada uno); o una adjudicación publicada con montos distintos bajo un mismo id "
    "de entrega. Un estimado o un monto adjudicado en cero o ausente hace al proceso no calculable "
    "(los ceros suelen ser marcadores de posición). Con el ajuste procurement_methods se limita a ciertos "
    "métodos de contratación (vacío = todos)."
)
_EXCL_EN = (
    "Amounts in another currency (also an award in another currency under a peso estimate). Suspect data, "
    "neither flagged nor clean: an estimate equal (to the peso) to the awarded value or to the value of a single "
    "award or contract of the process, which is a copy and not an estimate; one estimate, to the peso, on several "
    "processes of one buyer whose different awards it covers together (the budget they share, not each one's "
    "estimate); or an award published with different amounts under one release id. A zero or missing estimate or awarded value makes the process not computable "
    "(zeros are usually placeholders). The procurement_methods setting limits it to some procurement methods "
    "(empty = all)."
)

# Default settings of OA-P3 ([OA-P3] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS_P3: dict[str, Any] = {"threshold": 1.0, "procurement_methods": []}

# Default settings of OA-P4 ([OA-P4] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS_P4: dict[str, Any] = {"threshold": 0.7, "procurement_methods": []}

# Why a subject is not computable (detail.reason), in Spanish and English; shared reasons are in
# sql_indicator.COMMON_REASONS.
REASONS: dict[str, tuple[str, str]] = {
    "no_estimate": (
        "Falta el monto estimado (valor de la licitación o costo estimado) o es cero.",
        "The estimate (tender value or cost estimate) is missing or zero.",
    ),
    "no_award_value": ("Falta el monto adjudicado o es cero.", "The awarded value is missing or zero."),
}

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE_P3 = Example(
    tables={"processes": [{"ocid": "p1", "tender_value": 100.0, "award_value": 105.0},
                   {"ocid": "p2", "tender_value": 100.0, "award_value": 90.0},
                   {"ocid": "p3", "award_value": 90.0},
                   {"ocid": "p4", "tender_value": 100.0, "award_value": 100.0}]},
    # p4: the estimate is the award copied to the peso: suspect data, neither flagged nor computable
    flags=[("p1", 1.05, True, True), ("p2", 0.9, False, True), ("p3", None, None, False), ("p4", None, None, False)],
)

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE_P4 = Example(
    tables={"processes": [{"ocid": "p1", "tender_value": 100.0, "award_value": 60.0},
                   {"ocid": "p2", "tender_value": 100.0, "award_value": 90.0}]},
    flags=[("p1", 0.6, True, True), ("p2", 0.9, False, True)],
)

AT_OR_ABOVE_META = IndicatorMeta(
    code="OA-P3",
    name_es="Adjudicación igual o mayor al monto estimado",
    name_en="Award at or above the cost estimate",
    category="price",
    level="process",
    methodology_es=_METHOD_ES + "Se marca si la razón es mayor o igual que el umbral (1.00 por omisión).",
    methodology_en=_METHOD_EN + "It is flagged when the ratio is greater than or equal to the threshold (1.00 by default).",
    why_es=(
        "En una contratación competitiva se espera que las propuestas queden por debajo del presupuesto base. "
        "Adjudicar en o por encima del estimado sugiere poca competencia, colusión entre licitantes o un "
        "estimado filtrado al ganador."
    ),
    why_en=(
        "In a competitive procedure bids are expected below the base estimate. Awarding at or above it suggests "
        "weak competition, bidder collusion or an estimate leaked to the winner."
    ),
    required_fields=_FIELDS,
    defaults=DEFAULTS_P3,
    exclusions_es=_EXCL_ES,
    exclusions_en=_EXCL_EN,
    output_es="Razón monto adjudicado / estimado (1.05 = 5 % por encima del estimado).",
    output_en="Ratio awarded value / estimate (1.05 = 5% above the estimate).",
    ocp_code="R031",
    source="OCP red flag R031",
    example=EXAMPLE_P3,
)

FAR_BELOW_META = IndicatorMeta(
    code="OA-P4",
    name_es="Adjudicación muy por debajo del monto estimado",
    name_en="Award far below the cost estimate",
    category="price",
    level="process",
    methodology_es=_METHOD_ES + "Se marca si la razón es menor o igual que el umbral (0.70 por omisión, 30 % por debajo).",
    methodology_en=_METHOD_EN + "It is flagged when the ratio is less than or equal to the threshold (0.70 by default, 30% below).",
    why_es=(
        "Una adjudicación muy por debajo del estimado sugiere un estimado inflado o una propuesta "
        "irrealmente baja, que suele recuperarse después con convenios modificatorios o con menor calidad."
    ),
    why_en=(
        "An award far below the estimate suggests an inflated estimate or an unrealistically low bid, often "
        "recovered later through amendments or lower quality."
    ),
    required_fields=_FIELDS,
    defaults=DEFAULTS_P4,
    exclusions_es=_EXCL_ES,
    exclusions_en=_EXCL_EN,
    output_es="Razón monto adjudicado / estimado (0.60 = 40 % por debajo del estimado).",
    output_en="Ratio awarded value / estimate (0.60 = 40% below the estimate).",
    ocp_code=None,
    source="Prozorro, regla sas-3-6 (30 % por debajo del valor esperado)",
    example=EXAMPLE_P4,
)


class _AwardVsEstimate(SqlIndicator):
    comparison = ""  # ">=" or "<="; a fixed operator chosen by the subclass, not a value

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        own = self.params(settings)
        params = {**common_params(settings), "code": self.meta.code, "threshold": float(own["threshold"]),
                  "methods": list(own["procurement_methods"])}
        sql = f"""
WITH {base_cte()},
{reused_release_awards_cte()},
shared AS (
    -- one estimate, to the peso, for several processes of one buyer whose different awards it covers together:
    -- the budget they share (a works programme split in lots), not each one's estimate
    SELECT list(ocid) AS ocids, count(*) AS n FROM base
    WHERE tender_value > 0 AND award_value > 0 AND buyer_id IS NOT NULL AND {in_currency('currency')}
    GROUP BY buyer_id, tender_value
    HAVING count(*) >= 2 AND count(DISTINCT award_value) > 1 AND sum(award_value) <= max(tender_value) + 1
),
shared_ocids AS (SELECT unnest(ocids) AS ocid, n AS sharing FROM shared),
est AS (
    SELECT ocid, max(cost_estimate) AS cost_estimate
    FROM project_processes WHERE ocid IS NOT NULL AND cost_estimate > 0 GROUP BY ocid
),
v AS (
    SELECT b.ocid, b.award_value, {in_currency('b.currency')} AS currency_ok,
        CASE WHEN b.tender_value > 0 THEN b.tender_value ELSE e.cost_estimate END AS estimate,
        CASE WHEN b.tender_value > 0 THEN 'tender.value' WHEN e.cost_estimate > 0 THEN 'costEstimate' END AS estimate_source
    FROM base b LEFT JOIN est e ON e.ocid = b.ocid
    WHERE len($methods::VARCHAR[]) = 0 OR list_contains($methods::VARCHAR[], b.method)
),
parts AS (
    -- the values of the awards that count and of the contracts: an estimate equal to one of them is a copy
    SELECT a.ocid, a.value, a.currency FROM awards a SEMI JOIN v ON v.ocid = a.ocid WHERE {award_counts('a')}
    UNION ALL
    SELECT c.ocid, c.value, c.currency FROM contracts c SEMI JOIN v ON v.ocid = c.ocid
    WHERE lower(coalesce(c.status, '')) <> 'cancelled'
),
pv AS (
    SELECT p.ocid,
        first(p.value) FILTER (WHERE {in_currency('p.currency')} AND abs(p.value - v.estimate) < 1) AS copied_value,
        bool_or(p.value > 0 AND NOT {in_currency('p.currency')}) AS other_currency
    FROM parts p JOIN v ON v.ocid = p.ocid WHERE p.value > 0 GROUP BY p.ocid
),
r AS (
    SELECT v.*, pv.copied_value, ra.amounts AS reused_amounts, so.sharing,
        v.currency_ok AND NOT (v.award_value IS NULL AND coalesce(pv.other_currency, false)) AS amounts_ok,
        CASE WHEN v.currency_ok AND v.estimate > 0 AND v.award_value > 0 THEN v.award_value / v.estimate END AS ratio
    FROM v LEFT JOIN pv ON pv.ocid = v.ocid
    LEFT JOIN (SELECT ocid, flatten(list(amounts)) AS amounts FROM reused_awards GROUP BY ocid) ra ON ra.ocid = v.ocid
    LEFT JOIN shared_ocids so ON so.ocid = v.ocid AND v.estimate_source = 'tender.value'
),
s AS (
    -- suspect data: the estimate is the award copied to the peso, or one award's or contract's value
    -- or an award's amount differs between versions of one release id (metrics.suspect)
    SELECT *, CASE WHEN ratio IS NULL THEN NULL
                   WHEN reused_amounts IS NOT NULL THEN 'award_value_differs_in_reused_release'
                   WHEN abs(award_value - estimate) < 1 THEN 'estimate_copies_award'
                   WHEN copied_value IS NOT NULL THEN 'estimate_copies_part'
                   WHEN sharing IS NOT NULL THEN 'estimate_shared_by_processes' END AS suspect_reason
    FROM r
)
SELECT $code AS indicator, 'ocid' AS subject_type, ocid AS subject_id, ocid, ratio AS value,
    round(ratio, 9) {self.comparison} $threshold AS flagged, ratio IS NOT NULL AS computable,
    CAST(CASE WHEN suspect_reason = 'award_value_differs_in_reused_release'
              THEN json_object('reason', suspect_reason, 'award', award_value, 'estimate', estimate,
                               'estimate_source', estimate_source, 'award_amounts', reused_amounts)
              WHEN suspect_reason = 'estimate_shared_by_processes'
              THEN json_object('reason', suspect_reason, 'award', award_value, 'estimate', estimate,
                               'estimate_source', estimate_source, 'processes', sharing)
              WHEN suspect_reason IS NOT NULL
              THEN json_object('reason', suspect_reason, 'award', award_value, 'estimate', estimate,
                               'estimate_source', estimate_source, 'copied_value', copied_value)
              WHEN ratio IS NOT NULL
              THEN json_object('award', award_value, 'estimate', estimate, 'estimate_source', estimate_source)
              WHEN NOT amounts_ok THEN json_object('reason', 'other_currency')
              WHEN estimate IS NULL THEN json_object('reason', 'no_estimate')
              ELSE json_object('reason', 'no_award_value') END AS VARCHAR) AS detail
FROM s
"""
        self.insert(con, table, sql, params)
        return RunStats(fence=params["threshold"], settings=self.used_settings(settings))


class AwardAtOrAboveEstimate(_AwardVsEstimate):
    """OA-P3."""

    meta = AT_OR_ABOVE_META
    comparison = ">="


class AwardFarBelowEstimate(_AwardVsEstimate):
    """OA-P4."""

    meta = FAR_BELOW_META
    comparison = "<="


AT_OR_ABOVE = AwardAtOrAboveEstimate()
FAR_BELOW = AwardFarBelowEstimate()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [AT_OR_ABOVE, FAR_BELOW]
