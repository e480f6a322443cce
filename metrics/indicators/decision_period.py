"""OA-D2: long decision period (tender end to first award), a high outlier within the same publisher and procurement method."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.sql_indicator import (
    RunStats,
    SqlIndicator,
    base_cte,
    common_params,
    run_sql,
)
from metrics.peers import create_fences, publisher_sql

CODE = "OA-D2"

# Default settings ([OA-D2] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {"threshold": None, "minimum_peers": 10}

REASONS: dict[str, tuple[str, str]] = {}  # only shared ones (sql_indicator.COMMON_REASONS)

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "p1", "method": "open", "tender_end": "2020-01-01", "award_date": "2020-01-21"},
                   {"ocid": "p2", "method": "open", "tender_end": "2020-01-01", "award_date": "2020-03-01"},
                   {"ocid": "p3", "method": "open", "tender_end": "2020-01-01"}]},
    settings={"threshold": 30, "minimum_peers": 1},
    flags=[("p1", 20.0, False, True), ("p2", 60.0, True, True), ("p3", None, None, False)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Periodo de decisión largo",
    name_en="Long decision period",
    category="delay",
    level="process",
    methodology_es=(
        "Para cada proceso se calcula el periodo de decisión, de la fecha de fin del periodo de licitación a la "
        "primera fecha de adjudicación, en días completos. Se compara con los procesos del mismo publicador y "
        "el mismo método de contratación: se marca si es mayor o igual que Q3 + 1.5 × RIC de su grupo (cuartiles tipo 8). Un ajuste "
        "threshold (en días) sustituye a la cerca calculada. No se calcula la cerca en grupos con menos de 10 "
        "procesos (minimum_peers) ni cuando Q1 = Q3 = 0; sus procesos quedan como no calculables."
    ),
    methodology_en=(
        "For each process the decision period, from the end of the tender period to the first award date, is "
        "computed in whole days. It is compared with the processes of the same publisher and procurement "
        "method: it is flagged when greater than or equal to its group's Q3 + 1.5 × IQR (type 8 quartiles). A threshold setting "
        "(in days) replaces the computed fence. No fence is computed for groups of fewer than 10 processes "
        "(minimum_peers) or when Q1 = Q3 = 0; their processes are left not computable."
    ),
    why_es=(
        "Una evaluación de propuestas que tarda mucho más que en procesos comparables puede indicar negociaciones "
        "fuera del procedimiento, presiones sobre el comité evaluador o una gestión deficiente."
    ),
    why_en=(
        "An evaluation that takes much longer than in comparable processes can indicate negotiations outside the "
        "procedure, pressure on the evaluation committee or poor management."
    ),
    required_fields=("processes.tender_end", "processes.award_date", "processes.method"),
    defaults=DEFAULTS,
    exclusions_es=(
        "Sin fin del periodo de licitación o sin fecha de adjudicación, o con la adjudicación antes del fin del "
        "periodo: no calculable. Los procesos sin método forman su propio grupo dentro de su publicador."
    ),
    exclusions_en=(
        "Without the tender period's end or an award date, or with the award before the end of the period: not "
        "computable. Processes without a method form a group of their own within their publisher."
    ),
    output_es="Días completos entre el fin del periodo de licitación y la primera adjudicación; el detalle da Q1, Q3 y la cerca del grupo.",
    output_en="Whole days between the end of the tender period and the first award; the detail gives the group's Q1, Q3 and fence.",
    ocp_code="R062",
    source="OCP R062; Opentender (periodo de decisión)",
    example=EXAMPLE,
)


class DecisionPeriod(SqlIndicator):
    """OA-D2: values, quartiles per publisher and method (metrics.peers) and flags, all in SQL."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        own = self.params(settings)
        params = {**common_params(settings), "code": CODE}
        run_sql(con, f"""
CREATE OR REPLACE TEMP TABLE _oa_d2 AS
WITH {base_cte()}
SELECT ocid, coalesce(method, '(none)') AS method, {publisher_sql()} || ' · ' || coalesce(method, '(none)')
        AS peer_group, tender_end, award_date,
    trunc((epoch(award_date) - epoch(tender_end)) / 86400.0) AS days
FROM base
""", params)
        try:
            run_sql(con, "CREATE OR REPLACE TEMP VIEW _oa_d2_values AS "
                         "SELECT peer_group, CASE WHEN days >= 0 THEN days END AS value FROM _oa_d2")
            peers = create_fences(con, CODE, "_oa_d2_values", "_oa_d2_fences", "high", own["threshold"],
                                  int(own["minimum_peers"]))
            self.insert(con, table, """
WITH r AS (
    SELECT d.*, f.q1, f.q3, f.fence, f.n_peers, f.reason AS peer_reason,
        d.days IS NOT NULL AND d.days >= 0 AS has_value
    FROM _oa_d2 d LEFT JOIN _oa_d2_fences f ON f.peer_group = d.peer_group
)
SELECT $code AS indicator, 'ocid' AS subject_type, ocid AS subject_id, ocid,
    CASE WHEN has_value THEN days END AS value,
    CASE WHEN has_value AND fence IS NOT NULL THEN days >= fence END AS flagged,
    has_value AND fence IS NOT NULL AS computable,
    CAST(CASE WHEN has_value AND fence IS NOT NULL THEN json_object(
                  'tender_end', tender_end, 'award_date', award_date, 'days', days, 'method', method,
                  'peer_group', peer_group, 'q1', q1, 'q3', q3, 'fence', fence, 'peers', n_peers)
              WHEN tender_end IS NULL THEN json_object('reason', 'no_tender_end')
              WHEN award_date IS NULL THEN json_object('reason', 'no_award_date')
              WHEN NOT has_value THEN json_object('reason', 'end_before_start')
              ELSE json_object('reason', peer_reason, 'method', method, 'peer_group', peer_group,
                               'peers', n_peers, 'days', days)
         END AS VARCHAR) AS detail
FROM r
""", params)
        finally:
            con.execute("DROP VIEW IF EXISTS _oa_d2_values")
            con.execute("DROP TABLE IF EXISTS _oa_d2")
            con.execute("DROP TABLE IF EXISTS _oa_d2_fences")
        single = peers[0] if len(peers) == 1 else {}
        return RunStats(q1=single.get("q1"), q3=single.get("q3"), fence=single.get("fence"),
                        settings=self.used_settings(settings), peer_stats=peers)


INDICATOR = DecisionPeriod()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
