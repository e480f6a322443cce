"""OA-D6: late or unmet milestones (met after the due date, or past due and not met at the data date)."""
from __future__ import annotations

from typing import Any

from metrics.base import Example, IndicatorMeta
from metrics.indicators.sql_indicator import RunStats, SqlIndicator, base_cte, common_params
from metrics.peers import data_date_param, publisher_dates_sql, publisher_sql

CODE = "OA-D6"

# Default settings ([OA-D6] in an INI file; metrics/defaults.ini is generated from them).
DEFAULTS: dict[str, Any] = {"grace_days": 0}

# Why a subject is not computable (detail.reason), in Spanish and English; shared reasons are in
# sql_indicator.COMMON_REASONS.
REASONS: dict[str, tuple[str, str]] = {
    "no_milestones": ("No hay hitos con fecha programada.", "No milestones with a due date."),
}

# A worked example: shown in the methodology and run by tests/test_metrics_examples.py.
EXAMPLE = Example(
    tables={"processes": [{"ocid": "p1", "last_release_date": "2021-01-01"}, {"ocid": "p2"}],
     "milestones": [{"ocid": "p1",
                     "milestone_id": "m1",
                     "due_date": "2020-06-01",
                     "date_met": "2020-07-01",
                     "status": "met"},
                    {"ocid": "p2",
                     "milestone_id": "m1",
                     "due_date": "2020-06-01",
                     "date_met": "2020-05-20",
                     "status": "met"}]},
    flags=[("p1", 1.0, True, True), ("p2", 0.0, False, True)],
)

META = IndicatorMeta(
    code=CODE,
    name_es="Hitos tardíos o incumplidos",
    name_en="Late or unmet milestones",
    category="delay",
    level="process",
    methodology_es=(
        "Para cada proceso con hitos con fecha programada (dueDate) se cuentan los hitos cumplidos después de esa "
        "fecha (dateMet posterior, por día de calendario) y los vencidos sin cumplir a la fecha de corte "
        "(sin dateMet, con estado distinto de met y con fecha programada anterior a la fecha de corte). El ajuste "
        "grace_days da días de tolerancia. La fecha de corte es el ajuste data_date o, por omisión, la fecha de "
        "publicación más reciente del publicador del proceso (nunca la fecha del sistema, para que el resultado "
        "sea reproducible, ni la de otro publicador, para que cargar otros datos no lo cambie). Se marca si hay al menos un hito tardío o incumplido."
    ),
    methodology_en=(
        "For each process with milestones that have a due date (dueDate), the milestones met after that date "
        "(a later dateMet, by calendar day) and those past due and not met at the data date (no dateMet, a status "
        "other than met and a due date before the data date) are counted. The grace_days setting adds days of "
        "tolerance. The data date is the data_date setting or, by default, the latest publication date of the "
        "process's publisher (never the system clock, so that results are reproducible, nor another "
        "publisher's, so that loading other data does not change them). It is flagged when at least one "
        "milestone is late or unmet."
    ),
    why_es=(
        "Los hitos incumplidos o tardíos muestran que la ejecución no avanza según lo pactado; en obra pública "
        "suelen anticipar ampliaciones de plazo y de monto."
    ),
    why_en=(
        "Late or unmet milestones show that implementation is not progressing as agreed; in public works they "
        "often precede term and price extensions."
    ),
    required_fields=("milestones.due_date", "milestones.date_met", "milestones.status"),
    defaults=DEFAULTS,
    exclusions_es=(
        "Hitos sin fecha programada. Un hito con estado met sin fecha de cumplimiento se considera cumplido a "
        "tiempo. Procesos sin hitos con fecha programada: no calculables. Los reportes periódicos (avance "
        "físico, aceptación de servicio, estimaciones, o un mismo título repetido tres veces o más en un "
        "contrato) no son hitos con fecha límite y no se cuentan; si solo ellos parecen vencidos, el resultado "
        "es dato dudoso, ni marcado ni limpio."
    ),
    exclusions_en=(
        "Milestones without a due date. A milestone with status met and no date met is taken as met on time. "
        "Processes without milestones with a due date: not computable. Periodic reports (physical progress, "
        "service acceptance, estimates, or one title repeated three times or more in a contract) are not "
        "milestones with a deadline and are not counted; when only they look overdue, the result is suspect "
        "data, neither flagged nor clean."
    ),
    output_es="Número de hitos tardíos o incumplidos; el detalle da cuántos hay de cada tipo y la fecha de corte.",
    output_en="Number of late or unmet milestones; the detail gives how many of each kind and the data date.",
    ocp_code="R067",
    source="OCP R067; indicador de usabilidad U071",
    example=EXAMPLE,
)


class LateMilestones(SqlIndicator):
    """OA-D6."""

    meta = META

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        params = {**common_params(settings), "code": CODE, "grace": int(self.params(settings)["grace_days"]),
                  "fixed_date": data_date_param(settings)}
        sql = f"""
WITH {base_cte()},
{publisher_dates_sql()},
bd AS (  -- each process with its own publisher's data date (metrics.peers)
    SELECT b.ocid, d.data_date FROM base b LEFT JOIN publisher_dates d ON d.publisher = {publisher_sql("b")}
),
t AS (
    SELECT m.ocid, m.contract_id, m.title,
        m.date_met IS NOT NULL AND CAST(m.date_met AS DATE) > CAST(m.due_date AS DATE) + $grace AS late,
        m.date_met IS NULL AND lower(coalesce(m.status, '')) <> 'met' AS open,
        CAST(m.due_date AS DATE) + $grace < CAST(bd.data_date AS DATE) AS past_due
    FROM milestones m JOIN bd ON bd.ocid = m.ocid
    WHERE m.due_date IS NOT NULL
),
overdue AS (SELECT DISTINCT ocid FROM t WHERE late OR (open AND past_due)),
titles AS (
    -- titles are read only in processes with an overdue milestone (the others cannot be suspect), and
    -- each distinct title once: milestones repeat a few titles
    SELECT title, regexp_replace(strip_accents(lower(coalesce(title, ''))), '[0-9%.,#]+', '', 'g') AS tkey
    FROM (SELECT DISTINCT t.title FROM t SEMI JOIN overdue o ON o.ocid = t.ocid)
),
k AS (
    SELECT t.*, ti.tkey FROM t SEMI JOIN overdue o ON o.ocid = t.ocid
    JOIN titles ti ON ti.title IS NOT DISTINCT FROM t.title
),
same AS (SELECT ocid, contract_id, tkey, count(*) AS n_same FROM k GROUP BY ALL),
m AS (
    -- a periodic report (physical progress, a service acceptance published month after month) is not a
    -- milestone with a deadline: by its title, or by its title repeated in one contract. Counted with a
    -- GROUP BY and a join over the overdue processes' milestones only: a window over all 2.7 million
    -- milestones of the 1,000,000-process demo took 17 s of the indicator's 19
    SELECT k.ocid, k.late, k.open, k.past_due,
        coalesce(regexp_matches(k.tkey, $periodic_pattern) OR (trim(k.tkey) <> '' AND s.n_same >= $periodic_repeats),
                 false) AS periodic
    FROM k JOIN same s ON s.ocid = k.ocid AND s.contract_id IS NOT DISTINCT FROM k.contract_id AND s.tkey = k.tkey
    UNION ALL
    SELECT t.ocid, t.late, t.open, t.past_due, false AS periodic FROM t ANTI JOIN overdue o ON o.ocid = t.ocid
),
agg AS (
    SELECT ocid, count(*) AS n, count(*) FILTER (WHERE late AND NOT periodic) AS n_late,
        count(*) FILTER (WHERE open AND past_due AND NOT periodic) AS n_unmet,
        count(*) FILTER (WHERE periodic AND (late OR (open AND past_due))) AS n_periodic,
        count(*) FILTER (WHERE open AND past_due IS NULL) AS n_unknown
    FROM m GROUP BY ocid
),
r AS (
    SELECT b.ocid, strftime(b.data_date, '%Y-%m-%dT%H:%M:%S') AS data_date, a.n, a.n_late, a.n_unmet,
        a.n_periodic, a.n_unknown,
        CASE WHEN a.n IS NULL THEN NULL
             WHEN a.n_late + a.n_unmet > 0 THEN a.n_late + a.n_unmet
             WHEN a.n_unknown > 0 OR a.n_periodic > 0 THEN NULL
             ELSE 0 END AS value
    FROM bd b LEFT JOIN agg a ON a.ocid = b.ocid
)
SELECT $code AS indicator, 'ocid' AS subject_type, ocid AS subject_id, ocid, value,
    value > 0 AS flagged, value IS NOT NULL AS computable,
    CAST(CASE WHEN value IS NOT NULL THEN json_object('milestones', n, 'late', n_late, 'unmet', n_unmet,
                                                      'periodic', n_periodic, 'data_date', data_date)
              WHEN n IS NULL THEN json_object('reason', 'no_milestones')
              WHEN n_unknown > 0 THEN json_object('reason', 'no_data_date')
              ELSE json_object('reason', 'periodic_milestones', 'milestones', n, 'periodic', n_periodic,
                               'data_date', data_date) END AS VARCHAR) AS detail
FROM r
"""
        self.insert(con, table, sql, params)
        return RunStats(fence=1.0, settings=self.used_settings(settings))


INDICATOR = LateMilestones()

# What metrics.indicators collects from this module, in code order.
INDICATORS = [INDICATOR]
