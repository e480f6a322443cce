"""OA-D3: slow contract signature (award date to dateSigned > 30 days)."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, base_cte, common_params

CODE = "OA-D3"

# Default settings ([OA-D3] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {"threshold": 30}

# Why a subject is not computable (detail.reason), in Spanish and English; shared reasons are in
# sql_indicator.COMMON_REASONS.
REASONS: dict[str, tuple[str, str]] = {
    "no_signature_date": ("Falta la fecha de firma del contrato.", "The contract signature date is missing."),
}

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "p1"}, {"ocid": "p2"}],
     "awards": [{"ocid": "p1", "award_id": "a", "date": "2020-01-01"},
                {"ocid": "p2", "award_id": "a", "date": "2020-01-01"}],
     "contracts": [{"ocid": "p1", "contract_id": "c", "award_id": "a", "date_signed": "2020-01-31"},
                   {"ocid": "p2", "contract_id": "c", "award_id": "a", "date_signed": "2020-02-01"}]},
    flags=[("p1", 30.0, False, True), ("p2", 31.0, True, True)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Firma lenta del contrato",
    name_en="Slow contract signature",
    category="delay",
    level="process",
    methodology_es=(
        "Para cada contrato se calculan los días completos entre la fecha de su adjudicación (por awardID o, si "
        "falta, la primera fecha de adjudicación del proceso) y su fecha de firma (dateSigned). El valor del "
        "proceso es el mayor de sus contratos; se marca si es mayor que el umbral (30 días por omisión)."
    ),
    methodology_en=(
        "For each contract the whole days between its award date (by awardID or, if missing, the process's first "
        "award date) and its signature date (dateSigned) are computed. The process's value is the largest among "
        "its contracts; it is flagged when greater than the threshold (30 days by default)."
    ),
    why_es=(
        "La ley obliga a formalizar el contrato en un plazo breve tras el fallo. Una firma tardía puede ocultar "
        "renegociaciones de condiciones después de la adjudicación."
    ),
    why_en=(
        "The law requires the contract to be signed shortly after the award decision. A late signature can hide "
        "renegotiation of terms after the award."
    ),
    required_fields=("awards.date", "contracts.date_signed", "contracts.award_id"),
    defaults=DEFAULTS,
    exclusions_es=(
        "Contratos cancelados. Sin fecha de adjudicación o de firma, o con la firma antes de la adjudicación: "
        "no calculable. Una fecha de firma posterior al fin del periodo del contrato es la fecha de captura del "
        "registro, no una firma: ese contrato no cuenta, y si el proceso no tiene otro, su resultado es dato "
        "dudoso, ni marcado ni limpio."
    ),
    exclusions_en=(
        "Cancelled contracts. Without an award or signature date, or signed before the award: not computable. A "
        "signature date after the end of the contract's period is the date the record was typed in, not a "
        "signature: that contract does not count, and when the process has no other its result is suspect data, "
        "neither flagged nor clean."
    ),
    output_es="Días completos entre la adjudicación y la firma (el contrato más lento del proceso).",
    output_en="Whole days between award and signature (the process's slowest contract).",
    ocp_code="R060",
    source="OCP R060; indicador de usabilidad U050",
    example=EXAMPLE,
)


class SignatureLag(SqlIndicator):
    """OA-D3."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        params = {**common_params(settings), "code": CODE, "threshold": float(self.params(settings)["threshold"])}
        sql = f"""
WITH {base_cte()},
ct AS (
    SELECT c.ocid, c.contract_id, c.date_signed, c.end_date, coalesce(a.date, b.award_date) AS award_date
    FROM contracts c
    JOIN base b ON b.ocid = c.ocid
    LEFT JOIN awards a ON a.ocid = c.ocid AND a.award_id = c.award_id
    WHERE lower(coalesce(c.status, '')) <> 'cancelled'
),
lag AS (
    SELECT *, trunc((epoch(date_signed) - epoch(award_date)) / 86400.0) AS days,
        -- suspect data: "signed" after the contract's works ended: the date the record was typed in
        coalesce(CAST(date_signed AS DATE) > CAST(end_date AS DATE), false) AS after_end
    FROM ct
),
agg AS (
    SELECT ocid, max(days) FILTER (WHERE days >= 0 AND NOT after_end) AS value,
        first(json_object('contract', contract_id, 'award_date', award_date, 'date_signed', date_signed, 'days', days)
              ORDER BY days DESC, contract_id) FILTER (WHERE days >= 0 AND NOT after_end) AS best,
        first(json_object('reason', 'signed_after_works_ended', 'contract', contract_id, 'award_date', award_date,
                          'date_signed', date_signed, 'end', end_date, 'days', days)
              ORDER BY days DESC, contract_id) FILTER (WHERE days >= 0 AND after_end) AS suspect,
        bool_or(award_date IS NULL) AS missing_award, bool_or(date_signed IS NULL) AS missing_signature
    FROM lag GROUP BY ocid
)
SELECT $code AS indicator, 'ocid' AS subject_type, b.ocid AS subject_id, b.ocid, a.value,
    a.value > $threshold AS flagged, a.value IS NOT NULL AS computable,
    CAST(CASE WHEN a.value IS NOT NULL THEN a.best
              WHEN a.suspect IS NOT NULL THEN a.suspect
              WHEN a.ocid IS NULL THEN json_object('reason', 'no_contracts')
              WHEN a.missing_signature THEN json_object('reason', 'no_signature_date')
              WHEN a.missing_award THEN json_object('reason', 'no_award_date')
              ELSE json_object('reason', 'end_before_start') END AS VARCHAR) AS detail
FROM base b LEFT JOIN agg a ON a.ocid = b.ocid
"""
        self.insert(con, table, sql, params)
        return RunStats(fence=params["threshold"], settings=self.used_settings(settings))


INDICATOR = SignatureLag()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
