"""Suspect data: the third outcome of an indicator, beside flagged and not computable.

A flag says "this process is risky". When the value behind it is a publisher's defect (an estimate copied
from the award, a final value of 10 pesos on a project of millions, a signature date typed years after the
works ended), the honest result is neither a flag nor a clean "not flagged": it is *suspect data*, with the
reason and the suspect values, shown and exported, and counted in neither n_flagged nor n_computable.

One registry here, used by the indicators' SQL (they write `detail = {"reason": <one of SUSPECT_REASONS>,
...the suspect values}`) and by the outcome pass (`settle_sql`, `settle_table`), which sets every row's
`flags.outcome` (OUTCOMES) and makes the row consistent: a suspect or not-computable row never carries a
value nor a flag (an export reader would take a value as a result).
"""
from __future__ import annotations

from typing import Any

from core.rules import PLACEHOLDER_AMOUNTS, PLACEHOLDER_MIN_FACTOR, REUSED_RELEASE_ID_RULE

# flags.outcome codes, with the words the pages and exports show.
OUTCOMES: dict[str, tuple[str, str]] = {
    "flagged": ("Bandera roja", "Red flag"),
    "not_flagged": ("Sin bandera", "Not flagged"),
    "not_computable": ("No calculable", "Not computable"),
    "suspect": ("Dato dudoso", "Suspect data"),
}

# Why a result is suspect (detail.reason), in Spanish and English. metrics.indicators.REASONS includes them
# (through sql_indicator.COMMON_REASONS), so every page and export explains them like any other reason.
SUSPECT_REASONS: dict[str, tuple[str, str]] = {
    "estimate_copies_award": (
        "Dato dudoso: el monto estimado es idéntico al adjudicado (al peso); es una copia del monto adjudicado, "
        "no un estimado con el que comparar.",
        "Suspect data: the estimate equals the awarded value to the peso; it is a copy of the award, not an "
        "estimate to compare it with.",
    ),
    "estimate_copies_part": (
        "Dato dudoso: el monto estimado es idéntico al de una sola adjudicación o un solo contrato del proceso; "
        "es una copia de ese monto, no un estimado del total.",
        "Suspect data: the estimate equals the value of a single award or contract of the process; it is a copy "
        "of that value, not an estimate of the total.",
    ),
    "estimate_shared_by_processes": (
        "Dato dudoso: el mismo monto estimado, al peso, aparece en varios procesos de la entidad compradora y "
        "cubre en conjunto sus adjudicaciones; es el presupuesto que comparten, no el estimado de este proceso.",
        "Suspect data: the same estimate, to the peso, appears on several processes of the buyer and covers their "
        "awards together; it is the budget they share, not this process's estimate.",
    ),
    "placeholder_final_value": (
        "Dato dudoso: el monto final es un valor de relleno (por ejemplo 10.00 pesos en un proyecto de millones), "
        "no un costo real.",
        "Suspect data: the final value is a placeholder (for instance 10.00 pesos on a project of millions), not "
        "a real cost.",
    ),
    "final_value_below_1pct": (
        "Dato dudoso: el monto final es menor que el 1 % del presupuesto; no es un ahorro creíble sino un dato "
        "incompleto.",
        "Suspect data: the final value is below 1% of the budget; it is not a credible saving but incomplete data.",
    ),
    "placeholder_budget": (
        "Dato dudoso: el presupuesto es un valor de relleno (por ejemplo 0 o 1 peso) frente a un monto final "
        "mucho mayor.",
        "Suspect data: the budget is a placeholder (for instance 0 or 1 peso) beside a much larger final value.",
    ),
    "signed_after_works_ended": (
        "Dato dudoso: la fecha de firma es posterior al fin de los trabajos del contrato; es la fecha en que se "
        "capturó el registro, no la de la firma.",
        "Suspect data: the signature date is after the contract's works ended; it is the date the record was "
        "typed in, not a signature.",
    ),
    "periodic_milestones": (
        "Dato dudoso: los hitos vencidos son reportes periódicos (avances o aceptaciones publicados mes a mes), "
        "no entregas con fecha límite.",
        "Suspect data: the overdue milestones are periodic reports (progress or acceptances published month after "
        "month), not deliveries with a deadline.",
    ),
    "tender_period_single_date": (
        "Dato dudoso: el periodo de licitación empieza y termina en el mismo instante; el publicador registró un "
        "solo acto (por lo general la apertura de proposiciones), no el plazo para presentar ofertas.",
        "Suspect data: the tender period starts and ends at the same instant; the publisher recorded one event "
        "(usually the opening of bids), not the time given to submit them.",
    ),
    "award_value_differs_in_reused_release": (
        "Dato dudoso: el publicador usó un mismo id de entrega para versiones con montos distintos de esta "
        "adjudicación; no se puede saber qué monto corresponde a cada contrato.",
        "Suspect data: the publisher used one release id for versions with different amounts for this award; "
        "which amount goes with which contract cannot be known.",
    ),
    "completion_after_data_date": (
        "Dato dudoso: la fecha de conclusión es posterior a la fecha de los propios datos; es una fecha prevista, "
        "no una conclusión.",
        "Suspect data: the completion date is after the data's own date; it is a planned date, not a completion.",
    ),
}

# A final value below this share of the budget is not a saving (ui.suspect asks the same).
MIN_SHARE_OF_BUDGET = 0.01

# Milestones whose titles say they are periodic reports (physical progress, service acceptance, monthly
# estimates), after lower() and without accents; or that repeat in one contract (PERIODIC_MIN_REPEATS
# milestones with the same title once digits are dropped: "Avance 10 %", "Avance 20 %").
PERIODIC_TITLE_PATTERN = (r"avance|progreso|aceptacion de(l)? servicio|estimacion|reporte (mensual|periodico)"
                          r"|informe (mensual|periodico)")
PERIODIC_MIN_REPEATS = 3


def params() -> dict[str, Any]:
    """The SQL parameters of the suspect-data checks and of the outcome pass."""
    return {
        "suspect_reasons": sorted(SUSPECT_REASONS),
        "placeholder_amounts": sorted(PLACEHOLDER_AMOUNTS),
        "placeholder_factor": PLACEHOLDER_MIN_FACTOR,
        "min_share_of_budget": MIN_SHARE_OF_BUDGET,
        "periodic_pattern": PERIODIC_TITLE_PATTERN,
        "periodic_repeats": PERIODIC_MIN_REPEATS,
        "reused_release_rule": REUSED_RELEASE_ID_RULE,
    }


def reused_release_awards_cte() -> str:
    """SQL CTE `reused_awards` (ocid, award_id, amounts): awards whose amount differs between the versions of
    one release id published more than once with different content (the loader's correction
    REUSED_RELEASE_ID_RULE, parameter $reused_release_rule). The loader merges such versions in date order,
    so the compiled award holds the last amount while each contract may belong to another version. Reads the
    raw releases of those processes only."""
    return """reused_awards AS (
    SELECT ocid, award_id, list(DISTINCT amount ORDER BY amount) AS amounts FROM (
        SELECT *, count(DISTINCT amount) OVER (PARTITION BY ocid, release_id, award_id) AS versions FROM (
            SELECT r.ocid, r.release_id, json_extract_string(e.a, '$.id') AS award_id,
                TRY_CAST(json_extract_string(e.a, '$.value.amount') AS DOUBLE) AS amount
            FROM releases r
            SEMI JOIN (SELECT ocid FROM corrections WHERE rule = $reused_release_rule) d ON d.ocid = r.ocid,
            unnest(CAST(json_extract(r.json, '$.awards[*]') AS JSON[])) AS e(a)
        ) WHERE award_id IS NOT NULL AND amount IS NOT NULL
    ) WHERE versions > 1
    GROUP BY ocid, award_id
)"""


def placeholder_against(amount: str, other: str) -> str:
    """SQL: `amount` is a placeholder beside `other` (a round "unknown" amount, `other` more than
    PLACEHOLDER_MIN_FACTOR times larger). Parameters $placeholder_amounts, $placeholder_factor (params())."""
    return (f"(list_contains($placeholder_amounts::DOUBLE[], CAST({amount} AS DOUBLE)) "
            f"AND {other} > $placeholder_factor * greatest({amount}, 1.0))")


def final_value_doubt(budget: float | None, final: float | None) -> str | None:
    """Python twin of OA-P2's checks: "placeholder_final_value", "final_value_below_1pct",
    "placeholder_budget", or None when a budget and a final value can be compared (or one is missing)."""
    if final is None or budget is None:
        return None
    budget, final = float(budget), float(final)
    if final in PLACEHOLDER_AMOUNTS and budget > PLACEHOLDER_MIN_FACTOR * max(final, 1.0):
        return "placeholder_final_value"
    if budget in PLACEHOLDER_AMOUNTS and final > PLACEHOLDER_MIN_FACTOR * max(budget, 1.0):
        return "placeholder_budget"
    if budget > 0 and 0 <= final < MIN_SHARE_OF_BUDGET * budget:
        return "final_value_below_1pct"
    return None


# The outcome of a row from the columns an indicator wrote. A row is suspect when its detail starts with a
# suspect reason (the indicators write the reason first); the prefix test keeps JSON parsing off other rows.
# The code is read with string functions (cheaper than parsing the JSON), and only where the detail starts
# with a reason (a CASE evaluates its branch on those rows alone).
_REASON = "split_part(substr(detail, 12), '\"', 1)"  # what follows {"reason":" up to the next quote
_IS_SUSPECT = (f"CASE WHEN starts_with(detail, '{{\"reason\":\"') "
               f"THEN list_contains($suspect_reasons::VARCHAR[], {_REASON}) ELSE false END")
_COUNTS = f"(coalesce(computable, false) AND NOT coalesce({_IS_SUSPECT}, false))"
OUTCOME_SQL = (f"CASE WHEN {_COUNTS} THEN CASE WHEN flagged THEN 'flagged' ELSE 'not_flagged' END "
               f"WHEN coalesce({_IS_SUSPECT}, false) THEN 'suspect' ELSE 'not_computable' END")


def settle_sql(select_sql: str) -> str:
    """The rows of `select_sql` (FLAG_COLUMNS) as stored: with `outcome`, and with value and flagged NULL
    and computable FALSE wherever the outcome is suspect or not computable. Parameter $suspect_reasons."""
    # the suspect test once per row (inner), then whether the row is a result (middle), then the columns
    return f"""SELECT * EXCLUDE (_oa_suspect, _oa_counts) REPLACE (
    CASE WHEN _oa_counts THEN value END AS value,
    CASE WHEN _oa_counts THEN coalesce(flagged, false) END AS flagged,
    _oa_counts AS computable),
    CASE WHEN _oa_counts THEN CASE WHEN flagged THEN 'flagged' ELSE 'not_flagged' END
         WHEN _oa_suspect THEN 'suspect' ELSE 'not_computable' END AS outcome
FROM (SELECT *, coalesce(computable, false) AND NOT _oa_suspect AS _oa_counts
      FROM (SELECT *, coalesce({_IS_SUSPECT}, false) AS _oa_suspect FROM ({select_sql}) _oa_rows) _oa_s) _oa_c"""


def settle_table(con: Any, table: str) -> None:
    """Settle the rows of flags table `table` that were inserted without an outcome (every path of
    metrics.compute settles its rows as it inserts them: this is the guarantee, and normally changes
    nothing). `table` is "flags" or a temporary table of metrics.compute: a fixed identifier."""
    con.execute(f"""UPDATE {table} SET
    value = CASE WHEN {_COUNTS} THEN value END,
    flagged = CASE WHEN {_COUNTS} THEN coalesce(flagged, false) END,
    computable = {_COUNTS},
    outcome = {OUTCOME_SQL}
WHERE outcome IS NULL OR (NOT coalesce(computable, false) AND (value IS NOT NULL OR flagged IS NOT NULL))""",
                {"suspect_reasons": sorted(SUSPECT_REASONS)})


def outcome_text(outcome: str | None, lang: str = "es") -> str:
    """An outcome code in words ("Dato dudoso" / "Suspect data"); an unknown code as given."""
    texts = OUTCOMES.get(str(outcome))
    return texts[1 if lang == "en" else 0] if texts else str(outcome or "")
