"""OA-P1: contract price raised beyond the legal limit (25% by default, LOPSRM art. 59)."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.contract_changes import AMENDMENTS_CTE, PROJECT_PROCESSES_CTE
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, base_cte, common_params, in_currency

CODE = "OA-P1"

# Default settings ([OA-P1] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {"threshold": 0.25}

# Why a subject is not computable (detail.reason), in Spanish and English; shared reasons are in
# sql_indicator.COMMON_REASONS.
REASONS: dict[str, tuple[str, str]] = {
    "no_original_value": (
        "Falta el monto original del contrato o es cero.",
        "The contract's original value is missing or zero.",
    ),
    "no_latest_value": ("Falta el monto vigente del contrato.", "The contract's current value is missing."),
}

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "p1"}, {"ocid": "p2"}],
     "contracts": [{"ocid": "p1", "contract_id": "c1", "original_value": 100.0, "value": 130.0},
                   {"ocid": "p2", "contract_id": "c2", "original_value": 100.0, "value": 110.0}]},
    flags=[("p1", 0.3, True, True), ("p2", 0.1, False, True)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Aumento del monto del contrato por encima del límite legal",
    name_en="Contract price raised beyond the legal limit",
    category="price",
    level="process",
    methodology_es=(
        "Para cada contrato se calcula el aumento relativo (monto vigente − monto original) / monto original. "
        "El monto original es el de la primera modificación publicada (su monto anterior) o, si no hay, el "
        "primer monto que tuvo el contrato en las entregas publicadas; el monto vigente es el último publicado "
        "o, si falta, el monto nuevo de la última modificación. En proyectos EDCAPI (OC4IDS) se usan además las "
        "modificaciones del resumen del proceso (oldContractValue → newContractValue). El valor del proceso es "
        "el mayor aumento entre sus contratos; se marca si es mayor que el umbral (25 % por omisión)."
    ),
    methodology_en=(
        "For each contract the relative increase is (current value − original value) / original value. The "
        "original value is the old value of the first published amendment or, failing that, the first value the "
        "contract had across the published releases; the current value is the latest published one or, if "
        "missing, the new value of the last amendment. For EDCAPI (OC4IDS) projects the process summary's "
        "modifications (oldContractValue → newContractValue) are used too. The process's value is the largest "
        "increase among its contracts; it is flagged when greater than the threshold (25% by default)."
    ),
    why_es=(
        "La Ley de Obras Públicas y Servicios Relacionados con las Mismas (art. 59) permite convenios "
        "modificatorios que, en conjunto, no rebasen el 25 % del monto pactado. Un aumento mayor puede indicar "
        "una propuesta artificialmente baja para ganar el contrato y recuperar después el precio, o una "
        "planeación deficiente."
    ),
    why_en=(
        "Mexico's public works law (LOPSRM, art. 59) allows amending agreements that together do not exceed "
        "25% of the agreed amount. A larger increase can signal an artificially low bid that wins the contract "
        "and recovers the price later, or poor planning."
    ),
    required_fields=(
        "contracts.value",
        "contracts.original_value",
        "amendments.old_value",
        "amendments.new_value",
        "project_processes.modifications",
    ),
    defaults=DEFAULTS,
    exclusions_es=(
        "Contratos cancelados. Montos en otra moneda. Un monto original en cero o ausente hace al contrato no "
        "calculable (los ceros suelen ser marcadores de posición)."
    ),
    exclusions_en=(
        "Cancelled contracts. Amounts in another currency. A zero or missing original value makes the contract "
        "not computable (zeros are usually placeholders)."
    ),
    output_es="Aumento relativo del contrato con mayor aumento (0.30 = 30 %); el detalle da el contrato, ambos montos y la fuente.",
    output_en="Relative increase of the contract with the largest increase (0.30 = 30%); the detail gives the contract, both values and the source.",
    ocp_code="R069",
    source="LOPSRM art. 59 (25 % del monto pactado)",
    example=EXAMPLE,
)


class PriceIncrease(SqlIndicator):
    """OA-P1 over contracts, amendments and OC4IDS modifications."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        params = {**common_params(settings), "code": CODE, "threshold": float(self.params(settings)["threshold"])}
        sql = f"""
WITH {base_cte()},
{AMENDMENTS_CTE},
{PROJECT_PROCESSES_CTE},
evidence AS (
    SELECT c.ocid AS subject_id, c.contract_id AS ref, 'contracts' AS source,
        coalesce(a.first_old_value, c.original_value) AS original,
        coalesce(c.value, a.last_new_value) AS latest,
        {in_currency('c.currency')} AS currency_ok
    FROM base b
    JOIN contracts c ON c.ocid = b.ocid
    LEFT JOIN amend a ON a.ocid = c.ocid AND a.contract_id = c.contract_id
    WHERE lower(coalesce(c.status, '')) <> 'cancelled'
    UNION ALL
    SELECT subject_id, project_id || '#' || CAST(process_index AS VARCHAR) AS ref, 'modifications' AS source,
        list_filter(m, lambda x: x.oldContractValue.amount IS NOT NULL)[1].oldContractValue.amount AS original,
        coalesce(list_filter(m, lambda x: x.newContractValue.amount IS NOT NULL)[-1].newContractValue.amount,
                 contract_value) AS latest,
        {in_currency("list_filter(m, lambda x: x.oldContractValue.amount IS NOT NULL)[1].oldContractValue.currency")}
            AND {in_currency("list_filter(m, lambda x: x.newContractValue.amount IS NOT NULL)[-1].newContractValue.currency")}
            AS currency_ok
    FROM mods
    WHERE len(list_filter(m, lambda x: x.oldContractValue.amount IS NOT NULL)) > 0
),
scored AS (
    SELECT *,
        CASE WHEN currency_ok AND original > 0 AND latest IS NOT NULL THEN (latest - original) / original END AS ratio,
        CASE WHEN NOT currency_ok THEN 'other_currency'
             WHEN original IS NULL OR original <= 0 THEN 'no_original_value'
             WHEN latest IS NULL THEN 'no_latest_value' END AS reason
    FROM evidence
),
agg AS (
    SELECT subject_id, max(ratio) AS value,
        first(json_object('contract', ref, 'original', original, 'latest', latest, 'source', source)
              ORDER BY ratio DESC NULLS LAST, ref) AS best,
        min(reason) AS reason
    FROM scored
    GROUP BY subject_id
)
SELECT $code AS indicator, 'ocid' AS subject_type, s.subject_id, s.subject_id AS ocid, a.value,
    round(a.value, 9) > $threshold AS flagged,
    a.value IS NOT NULL AS computable,
    CAST(CASE WHEN a.value IS NOT NULL THEN a.best
              ELSE json_object('reason', coalesce(a.reason, 'no_contracts')) END AS VARCHAR) AS detail
FROM subjects s
LEFT JOIN agg a ON a.subject_id = s.subject_id
"""
        self.insert(con, table, sql, params)
        return RunStats(fence=params["threshold"], settings=self.used_settings(settings))


INDICATOR = PriceIncrease()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
