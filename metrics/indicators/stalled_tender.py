"""OA-D7: stalled tender (tender period ended more than 30 days before the data date and no award)."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, base_cte, common_params
from metrics.peers import data_date_param, publisher_dates_sql, publisher_sql

CODE = "OA-D7"

# Default settings ([OA-D7] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {"threshold": 30, "closed_statuses": ["unsuccessful", "withdrawn"]}

REASONS: dict[str, tuple[str, str]] = {}  # only shared ones (sql_indicator.COMMON_REASONS)

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "p1",
                    "method": "open",
                    "tender_status": "active",
                    "tender_end": "2020-10-01",
                    "last_release_date": "2021-01-01"},
                   {"ocid": "p2", "method": "open", "tender_status": "active", "tender_end": "2020-12-20"}]},
    flags=[("p1", 92.0, True, True), ("p2", 12.0, False, True)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Licitación estancada",
    name_en="Stalled tender",
    category="delay",
    level="process",
    methodology_es=(
        "Para cada proceso con fin del periodo de licitación se calculan los días completos entre ese fin y la "
        "fecha de corte. Se marca si pasaron más días que el umbral (30 por omisión) y el proceso no publica "
        "ninguna adjudicación. La fecha de corte es el ajuste data_date o, por omisión, la fecha de publicación "
        "más reciente de su publicador (nunca la fecha del sistema, para que el resultado sea reproducible, "
        "ni la de otro publicador cargado en la misma base)."
    ),
    methodology_en=(
        "For each process with a tender period end, the whole days between that end and the data date are "
        "computed. It is flagged when more days than the threshold (30 by default) have passed and the process "
        "publishes no award. The data date is the data_date setting or, by default, the latest publication date "
        "of its publisher (never the system clock, so that results are reproducible, nor another publisher's "
        "loaded in the same database)."
    ),
    why_es=(
        "Una licitación que cerró hace tiempo sin fallo publicado puede estar detenida, haberse resuelto sin "
        "transparencia o haberse adjudicado fuera del procedimiento."
    ),
    why_en=(
        "A tender that closed long ago without a published award may be stalled, resolved without transparency "
        "or awarded outside the procedure."
    ),
    required_fields=("processes.tender_end", "awards.award_id", "processes.tender_status"),
    defaults=DEFAULTS,
    exclusions_es=(
        "Licitaciones declaradas desiertas o retiradas (estados unsuccessful y withdrawn, ajuste "
        "closed_statuses). Sin fin del periodo de licitación: no calculable. Sin fecha de corte, solo son "
        "calculables los procesos con adjudicación."
    ),
    exclusions_en=(
        "Tenders declared unsuccessful or withdrawn (setting closed_statuses). Without a tender period end: not "
        "computable. Without a data date, only processes with an award are computable."
    ),
    output_es="Días completos entre el fin del periodo de licitación y la fecha de corte; el detalle dice si hay adjudicación.",
    output_en="Whole days between the end of the tender period and the data date; the detail says whether there is an award.",
    ocp_code=None,
    source="OCP, indicador de usabilidad U049",
    example=EXAMPLE,
)


class StalledTender(SqlIndicator):
    """OA-D7."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        own = self.params(settings)
        params = {**common_params(settings), "code": CODE, "threshold": float(own["threshold"]),
                  "closed": [s.lower() for s in own["closed_statuses"]], "fixed_date": data_date_param(settings)}
        sql = f"""
WITH {base_cte()},
{publisher_dates_sql()},
considered AS (
    SELECT b.ocid, b.tender_end, b.award_date, d.data_date
    FROM base b LEFT JOIN publisher_dates d ON d.publisher = {publisher_sql("b")}
    WHERE NOT list_contains($closed::VARCHAR[], lower(coalesce(b.tender_status, '')))
),
awarded AS (
    SELECT DISTINCT a.ocid FROM awards a SEMI JOIN considered c ON c.ocid = a.ocid
),
r AS (
    SELECT c.ocid, c.tender_end, c.data_date, aw.ocid IS NOT NULL OR c.award_date IS NOT NULL AS has_award,
        trunc((epoch(c.data_date) - epoch(c.tender_end)) / 86400.0) AS days
    FROM considered c LEFT JOIN awarded aw ON aw.ocid = c.ocid
)
SELECT $code AS indicator, 'ocid' AS subject_type, ocid AS subject_id, ocid, days AS value,
    CASE WHEN tender_end IS NULL THEN NULL
         WHEN has_award THEN false
         ELSE days > $threshold END AS flagged,
    tender_end IS NOT NULL AND (has_award OR days IS NOT NULL) AS computable,
    CAST(CASE WHEN tender_end IS NULL THEN json_object('reason', 'no_tender_end')
              WHEN NOT has_award AND days IS NULL THEN json_object('reason', 'no_data_date')
              ELSE json_object('tender_end', tender_end, 'data_date', strftime(data_date, '%Y-%m-%dT%H:%M:%S'), 'days', days,
                               'has_award', has_award) END AS VARCHAR) AS detail
FROM r
"""
        self.insert(con, table, sql, params)
        return RunStats(fence=params["threshold"], settings=self.used_settings(settings))


INDICATOR = StalledTender()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
