"""OA-D1: tender period below the legal minimum (15 days national, 20 international)."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.few_tenderers import REASONS as _C1_REASONS
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, base_cte, common_params

CODE = "OA-D1"

# Default settings ([OA-D1] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {
    "national_days": 15,
    "international_days": 20,
    "procurement_methods": ["open"],
    "international_patterns": ["internacional", "international"],
    "default_scope": "national",
}

# Why a subject is not computable (detail.reason), in Spanish and English; shared reasons are in
# sql_indicator.COMMON_REASONS.
REASONS: dict[str, tuple[str, str]] = {
    "no_tender_period": (
        "Falta el inicio o el fin del periodo de licitación.",
        "The tender period's start or end is missing.",
    ),
    "method_conflict": _C1_REASONS["method_conflict"],  # one text, defined with OA-C1
}

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "p1", "method": "open", "tender_start": "2020-01-01", "tender_end": "2020-01-16"},
                   {"ocid": "p2", "method": "open", "tender_start": "2020-01-01", "tender_end": "2020-01-15"},
                   {"ocid": "p3", "method": "open", "tender_start": "2020-01-01"}]},
    flags=[("p1", 15.0, False, True), ("p2", 14.0, True, True), ("p3", None, None, False)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Periodo de licitación menor al mínimo legal",
    name_en="Tender period below the legal minimum",
    category="delay",
    level="process",
    methodology_es=(
        "Para cada licitación pública (ajuste procurement_methods) se calcula el periodo para presentar "
        "propuestas, fin − inicio de tender.tenderPeriod, en días completos (las fracciones de día no cuentan, "
        "como en R003 de Cardinal). Se marca si es menor que el mínimo: 15 días naturales en licitaciones "
        "nacionales (ajuste national_days) y 20 en internacionales (ajuste international_days). Una licitación "
        "es internacional si procurementMethodDetails contiene alguno de los textos del ajuste "
        "international_patterns (sin distinguir mayúsculas) o si el texto que nombra el procedimiento dice "
        "internacional (processes.method_scope); las demás toman el ámbito del ajuste default_scope (national por "
        "omisión). Una adjudicación directa publicada como open (procurementMethodDetails o "
        "procurementMethodRationale la nombran) no se considera; si ambos textos nombran métodos distintos, no es "
        "calculable."
    ),
    methodology_en=(
        "For each open procedure (setting procurement_methods) the period to submit bids, end − start of "
        "tender.tenderPeriod, is computed in whole days (fractions of a day do not count, as in Cardinal's R003). "
        "It is flagged when shorter than the minimum: 15 calendar days for national tenders (setting "
        "national_days) and 20 for international ones (setting international_days). A tender is international "
        "when procurementMethodDetails contains one of the texts of the international_patterns setting (case "
        "insensitive) or when the text naming the procedure says international (processes.method_scope); the "
        "others take the scope of the default_scope setting (national by default). A direct award published as "
        "open (named in procurementMethodDetails or procurementMethodRationale) is not considered; when the two "
        "texts name different methods it is not computable."
    ),
    why_es=(
        "Un plazo demasiado corto favorece a quien conoce la convocatoria de antemano y deja a los demás sin "
        "tiempo para preparar propuestas. La Ley de Obras Públicas (art. 32) fija 15 días naturales para "
        "licitaciones nacionales y 20 para internacionales."
    ),
    why_en=(
        "A period that is too short favours whoever knew about the call in advance and leaves others no time to "
        "prepare bids. Mexico's public works law (LOPSRM, art. 32) sets 15 calendar days for national tenders and "
        "20 for international ones."
    ),
    required_fields=("processes.tender_start", "processes.tender_end", "processes.method_details"),
    defaults=DEFAULTS,
    exclusions_es=(
        "Procesos que no son licitación pública. Sin inicio o fin del periodo, o con el fin antes del inicio: no "
        "calculable. Dato dudoso, ni marcado ni limpio: un periodo que empieza y termina en el mismo instante (el "
        "publicador registró un solo acto, por lo general la apertura de proposiciones)."
    ),
    exclusions_en=(
        "Processes that are not open procedures. Without the period's start or end, or with the end before the "
        "start: not computable. Suspect data, neither flagged nor clean: a period that starts and ends at the "
        "same instant (the publisher recorded one event, usually the opening of bids)."
    ),
    output_es="Días completos del periodo de licitación; el detalle da el mínimo aplicado y el ámbito.",
    output_en="Whole days of the tender period; the detail gives the minimum applied and the scope.",
    ocp_code="R003",
    source="LOPSRM art. 32 (15 días nacional, 20 internacional); PODER",
    example=EXAMPLE,
)


class TenderPeriod(SqlIndicator):
    """OA-D1."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        own = self.params(settings)
        patterns = [p.lower() for p in own["international_patterns"]]
        params = {**common_params(settings), "code": CODE, "methods": list(own["procurement_methods"]),
                  "national": float(own["national_days"]), "international": float(own["international_days"]),
                  "patterns": patterns, "default_international": str(own["default_scope"]).lower() == "international"}
        sql = f"""
WITH {base_cte()},
v AS (
    SELECT ocid, tender_start, tender_end,
        trunc((epoch(tender_end) - epoch(tender_start)) / 86400.0) AS days,
        CASE WHEN method_details IS NOT NULL AND len(list_filter($patterns::VARCHAR[],
                  lambda p: contains(lower(method_details), p))) > 0 THEN true
             WHEN method_scope = 'internacional' THEN true
             WHEN method_scope = 'nacional' THEN false
             ELSE $default_international::BOOLEAN END AS international,
        coalesce(method_conflict, false) AS conflict
    FROM base WHERE list_contains($methods::VARCHAR[], method)
),
r AS (
    SELECT *, CASE WHEN international THEN $international ELSE $national END AS minimum,
        NOT conflict AND days IS NOT NULL AND days >= 0 AS computable
    FROM v
)
SELECT $code AS indicator, 'ocid' AS subject_type, ocid AS subject_id, ocid,
    CASE WHEN computable THEN days END AS value,
    CASE WHEN computable THEN days < minimum END AS flagged,
    computable,
    CAST(CASE WHEN computable AND tender_start = tender_end
              -- suspect (metrics.suspect): one instant is an event the publisher typed twice, not a period
              THEN json_object('reason', 'tender_period_single_date', 'start', tender_start, 'end', tender_end)
              WHEN computable THEN json_object('start', tender_start, 'end', tender_end, 'days', days,
                                               'minimum', minimum,
                                               'scope', CASE WHEN international THEN 'international' ELSE 'national' END)
              WHEN conflict THEN json_object('reason', 'method_conflict')
              WHEN days IS NULL THEN json_object('reason', 'no_tender_period')
              ELSE json_object('reason', 'end_before_start') END AS VARCHAR) AS detail
FROM r
"""
        self.insert(con, table, sql, params)
        return RunStats(settings=self.used_settings(settings))


INDICATOR = TenderPeriod()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
