"""OA-D4: contract term extended beyond the legal limit (25% of the original term, LOPSRM art. 59)."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.contract_changes import AMENDMENTS_CTE, PROJECT_PROCESSES_CTE
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, base_cte, common_params

CODE = "OA-D4"

# Default settings ([OA-D4] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {"threshold": 0.25}

# Why a subject is not computable (detail.reason), in Spanish and English; shared reasons are in
# sql_indicator.COMMON_REASONS.
REASONS: dict[str, tuple[str, str]] = {
    "no_contract_period": (
        "Falta el periodo original del contrato o su duración no es positiva.",
        "The contract's original period is missing or not positive.",
    ),
    "no_latest_end": ("Falta la fecha de término vigente.", "The current end date is missing."),
}

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "p1"}, {"ocid": "p2"}],
     "contracts": [{"ocid": "p1",
                    "contract_id": "c",
                    "start_date": "2020-01-01",
                    "original_end_date": "2020-04-10",
                    "end_date": "2020-06-01"},
                   {"ocid": "p2",
                    "contract_id": "c",
                    "start_date": "2020-01-01",
                    "original_end_date": "2020-04-10",
                    "end_date": "2020-04-20"}]},
    flags=[("p1", 0.52, True, True), ("p2", 0.1, False, True)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Ampliación del plazo del contrato por encima del límite legal",
    name_en="Contract term extended beyond the legal limit",
    category="delay",
    level="process",
    methodology_es=(
        "Para cada contrato se calcula la ampliación relativa del plazo (término vigente − término original) / "
        "(término original − inicio), en días completos. El término original es la fecha de término anterior de "
        "la primera modificación publicada o, si no hay, la primera fecha de término que tuvo el contrato en las "
        "entregas; el término vigente es la última publicada o, si falta, la nueva de la última modificación. En "
        "proyectos EDCAPI (OC4IDS) se usan además los periodos de las modificaciones del resumen del proceso "
        "(oldContractPeriod → newContractPeriod). El valor del proceso es la mayor ampliación entre sus "
        "contratos; se marca si es mayor que el umbral (25 % del plazo por omisión)."
    ),
    methodology_en=(
        "For each contract the relative term extension is (current end − original end) / (original end − start), "
        "in whole days. The original end is the old end date of the first published amendment or, failing that, "
        "the first end date the contract had across the releases; the current end is the latest published one or,"
        " if missing, the new end of the last amendment. For EDCAPI (OC4IDS) projects the periods of the process "
        "summary's modifications (oldContractPeriod → newContractPeriod) are used too. The process's value is the"
        " largest extension among its contracts; it is flagged when greater than the threshold (25% of the term "
        "by default)."
    ),
    why_es=(
        "La Ley de Obras Públicas (art. 59) permite ampliar el plazo mediante convenios que no rebasen el 25 % "
        "del plazo pactado. Ampliaciones mayores retrasan el beneficio de la obra y pueden encubrir "
        "incumplimientos del contratista."
    ),
    why_en=(
        "Mexico's public works law (LOPSRM, art. 59) allows extending the term through agreements that do not "
        "exceed 25% of the agreed term. Larger extensions delay the benefit of the works and can hide the "
        "contractor's failures."
    ),
    required_fields=(
        "contracts.start_date",
        "contracts.end_date",
        "contracts.original_end_date",
        "amendments.old_end_date",
        "amendments.new_end_date",
        "project_processes.modifications",
    ),
    defaults=DEFAULTS,
    exclusions_es=(
        "Contratos cancelados. Sin inicio o término original, con un plazo original no positivo o sin término "
        "vigente: no calculable."
    ),
    exclusions_en=(
        "Cancelled contracts. Without a start or original end, with a non-positive original term or without a "
        "current end: not computable."
    ),
    output_es="Ampliación relativa del plazo (0.30 = 30 % más); el detalle da el contrato, las fechas y la fuente.",
    output_en="Relative term extension (0.30 = 30% longer); the detail gives the contract, the dates and the source.",
    ocp_code=None,
    source="LOPSRM art. 59 (25 % del plazo pactado)",
    example=EXAMPLE,
)


class TermExtension(SqlIndicator):
    """OA-D4 over contracts, amendments and OC4IDS modifications."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        params = {**common_params(settings), "code": CODE, "threshold": float(self.params(settings)["threshold"])}
        sql = f"""
WITH {base_cte()},
{AMENDMENTS_CTE},
{PROJECT_PROCESSES_CTE},
evidence AS (
    SELECT c.ocid AS subject_id, c.contract_id AS ref, 'contracts' AS source,
        epoch(c.start_date) AS start_s,
        epoch(coalesce(a.first_old_end, c.original_end_date)) AS original_end_s,
        epoch(coalesce(c.end_date, a.last_new_end)) AS latest_end_s
    FROM base b
    JOIN contracts c ON c.ocid = b.ocid
    LEFT JOIN amend a ON a.ocid = c.ocid AND a.contract_id = c.contract_id
    WHERE lower(coalesce(c.status, '')) <> 'cancelled'
    UNION ALL
    SELECT subject_id, project_id || '#' || CAST(process_index AS VARCHAR) AS ref, 'modifications' AS source,
        coalesce(epoch(TRY_CAST(list_filter(m, lambda x: x.oldContractPeriod.endDate IS NOT NULL)[1]
                                     .oldContractPeriod.startDate AS TIMESTAMPTZ)),
                 epoch(contract_start)) AS start_s,
        epoch(TRY_CAST(list_filter(m, lambda x: x.oldContractPeriod.endDate IS NOT NULL)[1]
                           .oldContractPeriod.endDate AS TIMESTAMPTZ)) AS original_end_s,
        coalesce(epoch(TRY_CAST(list_filter(m, lambda x: x.newContractPeriod.endDate IS NOT NULL)[-1]
                                     .newContractPeriod.endDate AS TIMESTAMPTZ)),
                 epoch(contract_end)) AS latest_end_s
    FROM mods
    WHERE len(list_filter(m, lambda x: x.oldContractPeriod.endDate IS NOT NULL)) > 0
),
scored AS (
    SELECT *,
        CASE WHEN original_days > 0 AND extension_days IS NOT NULL THEN extension_days / original_days END AS ratio,
        CASE WHEN original_days IS NULL OR original_days <= 0 THEN 'no_contract_period'
             WHEN extension_days IS NULL THEN 'no_latest_end' END AS reason
    FROM (
        SELECT *, trunc((original_end_s - start_s) / 86400.0) AS original_days,
            trunc((latest_end_s - original_end_s) / 86400.0) AS extension_days
        FROM evidence
    )
),
agg AS (
    SELECT subject_id, max(ratio) AS value,
        first(json_object('contract', ref, 'start', to_timestamp(start_s), 'original_end', to_timestamp(original_end_s),
                          'latest_end', to_timestamp(latest_end_s), 'original_days', original_days,
                          'extension_days', extension_days, 'source', source)
              ORDER BY ratio DESC NULLS LAST, ref) AS best,
        min(reason) AS reason
    FROM scored GROUP BY subject_id
)
SELECT $code AS indicator, 'ocid' AS subject_type, s.subject_id, s.subject_id AS ocid, a.value,
    round(a.value, 9) > $threshold AS flagged, a.value IS NOT NULL AS computable,
    CAST(CASE WHEN a.value IS NOT NULL THEN a.best
              ELSE json_object('reason', coalesce(a.reason, 'no_contracts')) END AS VARCHAR) AS detail
FROM subjects s LEFT JOIN agg a ON a.subject_id = s.subject_id
"""
        self.insert(con, table, sql, params)
        return RunStats(fence=params["threshold"], settings=self.used_settings(settings))


INDICATOR = TermExtension()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
