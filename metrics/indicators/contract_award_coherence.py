"""OA-P5: contract value incoherent with its award (ratio outside [0.5, 1.5])."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, base_cte, common_params, in_currency
from metrics.suspect import reused_release_awards_cte

CODE = "OA-P5"

# Default settings ([OA-P5] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {"lower": 0.5, "upper": 1.5}

# Why a subject is not computable (detail.reason), in Spanish and English; shared reasons are in
# sql_indicator.COMMON_REASONS.
REASONS: dict[str, tuple[str, str]] = {
    "no_contract_award_pair": (
        "Ningún contrato con monto se puede emparejar con una adjudicación con monto.",
        "No contract with a value can be matched to an award with a value.",
    ),
}

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "p1"}, {"ocid": "p2"}],
     "awards": [{"ocid": "p1", "award_id": "a1", "value": 100.0},
                {"ocid": "p2", "award_id": "a2", "value": 100.0}],
     "contracts": [{"ocid": "p1", "contract_id": "c1", "award_id": "a1", "value": 200.0},
                   {"ocid": "p2", "contract_id": "c2", "award_id": "a2", "value": 100.0}]},
    flags=[("p1", 2.0, True, True), ("p2", 1.0, False, True)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Monto del contrato incongruente con su adjudicación",
    name_en="Contract value incoherent with its award",
    category="price",
    level="process",
    methodology_es=(
        "Cada contrato se empareja con su adjudicación por awardID (o con la única adjudicación del proceso si "
        "el contrato no lo publica) y se calcula la razón monto del contrato / monto adjudicado. Se marca el "
        "proceso si algún contrato queda fuera del intervalo [0.5, 1.5] (ajustes lower y upper). El valor es la "
        "razón del contrato marcado o, si no hay, la más alejada de 1."
    ),
    methodology_en=(
        "Each contract is matched to its award by awardID (or to the process's only award when the contract "
        "does not publish one) and the ratio contract value / award value is computed. The process is flagged "
        "when any contract falls outside [0.5, 1.5] (settings lower and upper). The value is the flagged "
        "contract's ratio or, when none is flagged, the one furthest from 1."
    ),
    why_es=(
        "Un contrato que no corresponde al monto adjudicado indica cambios no transparentes entre la "
        "adjudicación y la firma, o errores de captura que impiden vigilar el gasto."
    ),
    why_en=(
        "A contract that does not match the awarded amount indicates non-transparent changes between award and "
        "signature, or data-entry errors that prevent monitoring the spending."
    ),
    required_fields=("contracts.value", "contracts.award_id", "awards.value", "awards.award_id"),
    defaults=DEFAULTS,
    exclusions_es=(
        "Contratos cancelados; adjudicaciones canceladas o sin éxito. Montos en otra moneda. Montos en cero o "
        "ausentes: no calculable (los ceros suelen ser marcadores de posición). Dato dudoso, ni marcado ni "
        "limpio: una adjudicación publicada con montos distintos bajo un mismo id de entrega (no se sabe qué "
        "monto corresponde a cada contrato)."
    ),
    exclusions_en=(
        "Cancelled contracts; cancelled or unsuccessful awards. Amounts in another currency. Zero or missing "
        "values: not computable (zeros are usually placeholders). Suspect data, neither flagged nor clean: an "
        "award published with different amounts under one release id (which amount goes with which contract "
        "cannot be known)."
    ),
    output_es="Razón monto del contrato / monto adjudicado (1.0 = iguales).",
    output_en="Ratio contract value / award value (1.0 = equal).",
    ocp_code="R059",
    source="OCP R059; verificación de consistencia de Pelican",
    example=EXAMPLE,
)


class ContractAwardCoherence(SqlIndicator):
    """OA-P5."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        own = self.params(settings)
        params = {**common_params(settings), "code": CODE, "lower": float(own["lower"]), "upper": float(own["upper"])}
        sql = f"""
WITH {base_cte()},
{reused_release_awards_cte()},
aw AS (
    SELECT a.ocid, a.award_id, a.value, {in_currency('a.currency')} AS currency_ok
    FROM awards a JOIN base b ON b.ocid = a.ocid
    WHERE lower(coalesce(a.status, '')) NOT IN ('cancelled', 'unsuccessful')
),
only_award AS (
    SELECT ocid, any_value(award_id) AS award_id FROM aw GROUP BY ocid HAVING count(*) = 1
),
ct AS (
    SELECT c.ocid, c.contract_id, c.value, coalesce(c.award_id, o.award_id) AS award_id,
        {in_currency('c.currency')} AS currency_ok
    FROM contracts c JOIN base b ON b.ocid = c.ocid
    LEFT JOIN only_award o ON o.ocid = c.ocid
    WHERE lower(coalesce(c.status, '')) <> 'cancelled'
),
pairs AS (
    SELECT ct.ocid, ct.contract_id, ct.award_id, ct.value AS contract_value, aw.value AS award_value,
        ra.amounts AS reused_amounts,
        CASE WHEN ct.currency_ok AND aw.currency_ok AND ct.value > 0 AND aw.value > 0
             THEN ct.value / aw.value END AS ratio,
        ct.currency_ok AND coalesce(aw.currency_ok, true) AS currency_ok
    FROM ct LEFT JOIN aw ON aw.ocid = ct.ocid AND aw.award_id = ct.award_id
    LEFT JOIN reused_awards ra ON ra.ocid = ct.ocid AND ra.award_id = ct.award_id
),
flagged AS (
    SELECT *, round(ratio, 9) < $lower OR round(ratio, 9) > $upper AS outside FROM pairs
),
agg AS (
    SELECT ocid,
        first(ratio ORDER BY outside DESC NULLS LAST, abs(ln(ratio)) DESC NULLS LAST, contract_id) AS value,
        bool_or(outside) AS any_outside,
        first(json_object('contract', contract_id, 'contract_value', contract_value, 'award_value', award_value)
              ORDER BY outside DESC NULLS LAST, abs(ln(ratio)) DESC NULLS LAST, contract_id) AS best,
        bool_and(NOT currency_ok) AS all_other_currency,
        -- suspect: the award's amount differs between versions of one release id (metrics.suspect)
        first(json_object('reason', 'award_value_differs_in_reused_release', 'contract', contract_id,
                          'award_id', award_id, 'award_amounts', reused_amounts) ORDER BY contract_id)
            FILTER (WHERE reused_amounts IS NOT NULL AND ratio IS NOT NULL) AS reused
    FROM flagged GROUP BY ocid
)
SELECT $code AS indicator, 'ocid' AS subject_type, b.ocid AS subject_id, b.ocid, a.value,
    CASE WHEN a.value IS NOT NULL THEN a.any_outside END AS flagged,
    a.value IS NOT NULL AS computable,
    CAST(CASE WHEN a.reused IS NOT NULL THEN a.reused
              WHEN a.value IS NOT NULL THEN a.best
              WHEN a.ocid IS NULL THEN json_object('reason', 'no_contracts')
              WHEN a.all_other_currency THEN json_object('reason', 'other_currency')
              ELSE json_object('reason', 'no_contract_award_pair') END AS VARCHAR) AS detail
FROM base b LEFT JOIN agg a ON a.ocid = b.ocid
"""
        self.insert(con, table, sql, params)
        return RunStats(settings=self.used_settings(settings))


INDICATOR = ContractAwardCoherence()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
