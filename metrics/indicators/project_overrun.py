"""OA-P2 project cost overrun and OA-D5 project time overrun (OC4IDS completion against budget and period)."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, common_params, in_currency
from metrics.suspect import placeholder_against

# Projects considered by both: every project with an id that is not cancelled.
_PROJECTS = "SELECT * FROM projects WHERE project_id IS NOT NULL AND lower(coalesce(status, '')) <> 'cancelled'"

# Default settings of OA-P2 ([OA-P2] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS_P2: dict[str, Any] = {"threshold": 0.25}

# Default settings of OA-D5 ([OA-D5] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS_D5: dict[str, Any] = {"threshold": 0.25}

# Why a subject is not computable (detail.reason), in Spanish and English; shared reasons are in
# sql_indicator.COMMON_REASONS.
REASONS: dict[str, tuple[str, str]] = {
    "no_budget": ("Falta el presupuesto del proyecto o es cero.", "The project budget is missing or zero."),
    "not_completed": (
        "El proyecto no publica datos de conclusión (monto o fecha final).",
        "The project publishes no completion data (final value or end date).",
    ),
    "no_planned_period": (
        "Falta el periodo planeado del proyecto o su duración no es positiva.",
        "The project's planned period is missing or not positive.",
    ),
}

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE_P2 = Example(
    tables={"projects": [{"project_id": "a", "budget": 100.0, "completion_final_value": 130.0},
                  {"project_id": "b", "budget": 100.0, "completion_final_value": 105.0},
                  {"project_id": "c", "budget": 100.0}]},
    flags=[("a", 0.3, True, True), ("b", 0.05, False, True), ("c", None, None, False)],
)

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE_D5 = Example(
    tables={"projects": [{"project_id": "a",
                   "period_start": "2020-01-01",
                   "period_end": "2020-12-31",
                   "completion_end_date": "2021-06-30"},
                  {"project_id": "b",
                   "period_start": "2020-01-01",
                   "period_end": "2020-12-31",
                   "completion_end_date": "2021-01-31"}]},
    flags=[("a", 0.4959, True, True), ("b", 0.0849, False, True)],
)

COST_META = IndicatorMeta(
    code="OA-P2",
    name_es="Sobrecosto del proyecto",
    name_en="Project cost overrun",
    category="price",
    level="project",
    methodology_es=(
        "Para cada proyecto EDCAPI (OC4IDS) se calcula el sobrecosto (monto final − presupuesto) / presupuesto, "
        "con el monto final de la conclusión (completion.finalValue) y el presupuesto (budget.amount). El valor "
        "se registra para todo proyecto que publica ambos montos; se marca si es mayor que el umbral (25 % por "
        "omisión)."
    ),
    methodology_en=(
        "For each EDCAPI (OC4IDS) project the overrun is (final value − budget) / budget, with the completion's "
        "final value (completion.finalValue) and the budget (budget.amount). The value is recorded for every "
        "project publishing both amounts; it is flagged when greater than the threshold (25% by default)."
    ),
    why_es=(
        "Un proyecto que termina costando mucho más de lo presupuestado puede reflejar una planeación "
        "deficiente, cambios de alcance no justificados o precios inflados durante la ejecución."
    ),
    why_en=(
        "A project that ends up costing much more than budgeted can reflect poor planning, unjustified scope "
        "changes or prices inflated during implementation."
    ),
    required_fields=("projects.budget", "projects.completion_final_value"),
    defaults=DEFAULTS_P2,
    exclusions_es=(
        "Dato dudoso, ni marcado ni limpio: un monto final de relleno (10.00 pesos en un proyecto de millones), "
        "un presupuesto de relleno frente a un monto final mucho mayor, o un monto final menor que el 1 % del "
        "presupuesto. Proyectos cancelados. Un presupuesto o un monto final en cero o ausente hace al proyecto no calculable "
        "(los proyectos sin conclusión publicada no son calculables)."
    ),
    exclusions_en=(
        "Suspect data, neither flagged nor clean: a placeholder final value (10.00 pesos on a project of "
        "millions), a placeholder budget beside a much larger final value, or a final value below 1% of the "
        "budget. Cancelled projects. A zero or missing budget or final value makes the project not computable (projects "
        "without published completion are not computable)."
    ),
    output_es="Sobrecosto relativo (0.30 = 30 % por encima del presupuesto; negativo si costó menos).",
    output_en="Relative overrun (0.30 = 30% over budget; negative when it cost less).",
    ocp_code=None,
    source="CoST IDS: costo de conclusión frente al presupuesto",
    example=EXAMPLE_P2,
)

TIME_META = IndicatorMeta(
    code="OA-D5",
    name_es="Retraso en la conclusión del proyecto",
    name_en="Project time overrun",
    category="delay",
    level="project",
    methodology_es=(
        "Para cada proyecto EDCAPI (OC4IDS) se calcula el retraso relativo (fecha de conclusión − fin planeado) "
        "/ (fin planeado − inicio planeado), en días completos, con completion.endDate y el periodo del proyecto "
        "(period). Los días de retraso se registran en el detalle de todo proyecto calculable; se marca si el "
        "retraso relativo es mayor que el umbral (25 % del plazo por omisión)."
    ),
    methodology_en=(
        "For each EDCAPI (OC4IDS) project the relative overrun is (completion date − planned end) / (planned "
        "end − planned start), in whole days, with completion.endDate and the project period. The days late are "
        "recorded in the detail of every computable project; it is flagged when the relative overrun is greater "
        "than the threshold (25% of the term by default)."
    ),
    why_es=(
        "Los retrasos largos encarecen las obras, retrasan el beneficio público y pueden encubrir problemas de "
        "capacidad del contratista o de supervisión."
    ),
    why_en=(
        "Long delays make works more expensive, postpone the public benefit and can hide problems with the "
        "contractor's capacity or with supervision."
    ),
    required_fields=("projects.period_start", "projects.period_end", "projects.completion_end_date"),
    defaults=DEFAULTS_D5,
    exclusions_es=(
        "Proyectos cancelados. Proyectos sin fecha de conclusión o sin periodo planeado positivo: no calculables. "
        "Una fecha de conclusión posterior a la fecha de los propios datos (updated del proyecto, si no la fecha "
        "de corte) es una fecha prevista: dato dudoso, ni marcado ni limpio."
    ),
    exclusions_en=(
        "Cancelled projects. Projects without a completion date or a positive planned period: not computable. A "
        "completion date after the data's own date (the project's updated, else the data date) is a planned "
        "date: suspect data, neither flagged nor clean."
    ),
    output_es="Retraso relativo al plazo planeado (0.30 = 30 % más tiempo); el detalle da los días de retraso.",
    output_en="Overrun relative to the planned term (0.30 = 30% more time); the detail gives the days late.",
    ocp_code=None,
    source="CoST IDS: fecha de conclusión frente a la planeada",
    example=EXAMPLE_D5,
)


class CostOverrun(SqlIndicator):
    """OA-P2."""

    meta = COST_META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        params = {**common_params(settings), "code": self.meta.code,
                  "threshold": float(self.params(settings)["threshold"])}
        sql = f"""
WITH p AS ({_PROJECTS}),
v AS (
    SELECT project_id, budget, completion_final_value AS final_value, {in_currency('currency')} AS currency_ok,
        CASE WHEN {in_currency('currency')} AND budget > 0 AND completion_final_value > 0
             THEN (completion_final_value - budget) / budget END AS ratio,
        -- suspect data: a round placeholder on either side, or a "saving" of more than 99 %
        CASE WHEN NOT {in_currency('currency')} THEN NULL
             WHEN {placeholder_against('completion_final_value', 'budget')} THEN 'placeholder_final_value'
             WHEN {placeholder_against('budget', 'completion_final_value')} THEN 'placeholder_budget'
             WHEN budget > 0 AND completion_final_value >= 0
                  AND completion_final_value < $min_share_of_budget * budget THEN 'final_value_below_1pct'
        END AS suspect_reason
    FROM p
)
SELECT $code AS indicator, 'project' AS subject_type, project_id AS subject_id, NULL AS ocid, ratio AS value,
    round(ratio, 9) > $threshold AS flagged, ratio IS NOT NULL AS computable,
    CAST(CASE WHEN suspect_reason IS NOT NULL
              THEN json_object('reason', suspect_reason, 'budget', budget, 'final_value', final_value)
              WHEN ratio IS NOT NULL THEN json_object('budget', budget, 'final_value', final_value)
              WHEN NOT currency_ok THEN json_object('reason', 'other_currency')
              WHEN budget IS NULL OR budget <= 0 THEN json_object('reason', 'no_budget')
              ELSE json_object('reason', 'not_completed') END AS VARCHAR) AS detail
FROM v
"""
        self.insert(con, table, sql, params)
        return RunStats(fence=params["threshold"], settings=self.used_settings(settings))


class TimeOverrun(SqlIndicator):
    """OA-D5."""

    meta = TIME_META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        params = {**common_params(settings), "code": self.meta.code,
                  "threshold": float(self.params(settings)["threshold"])}
        sql = f"""
WITH p AS ({_PROJECTS}),
v AS (
    SELECT project_id, period_start, period_end, completion_end_date,
        coalesce(updated, CAST($data_date AS TIMESTAMP)) AS data_date,
        trunc((epoch(period_end) - epoch(period_start)) / 86400.0) AS planned_days,
        trunc((epoch(completion_end_date) - epoch(period_end)) / 86400.0) AS days_late
    FROM p
),
r AS (
    SELECT *, CASE WHEN planned_days > 0 AND days_late IS NOT NULL THEN days_late / planned_days END AS ratio,
        -- suspect data: a completion after the data's own date (the project's `updated`, else the data
        -- date) is a planned date, not a completion (read as "finished early" otherwise)
        CAST(completion_end_date AS DATE) > CAST(data_date AS DATE) AS after_data_date
    FROM v
)
SELECT $code AS indicator, 'project' AS subject_type, project_id AS subject_id, NULL AS ocid, ratio AS value,
    round(ratio, 9) > $threshold AS flagged, ratio IS NOT NULL AS computable,
    CAST(CASE WHEN ratio IS NOT NULL AND after_data_date THEN json_object(
                  'reason', 'completion_after_data_date', 'completion_end', completion_end_date,
                  'data_date', data_date, 'planned_end', period_end, 'days_late', days_late)
              WHEN ratio IS NOT NULL THEN json_object(
                  'planned_start', period_start, 'planned_end', period_end, 'completion_end', completion_end_date,
                  'planned_days', planned_days, 'days_late', days_late)
              WHEN planned_days IS NULL OR planned_days <= 0 THEN json_object('reason', 'no_planned_period')
              ELSE json_object('reason', 'not_completed') END AS VARCHAR) AS detail
FROM r
"""
        self.insert(con, table, sql, params)
        return RunStats(fence=params["threshold"], settings=self.used_settings(settings))


COST = CostOverrun()
TIME = TimeOverrun()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [COST, TIME]
