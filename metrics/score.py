"""Composite scores from the flags: per process and project (0-100), per buyer, implementer and state (rates).

- Process: score = 100 x flagged / computable over the process-level results of the indicators that
  report every subject they consider (ours; an indicator that lists only what it flags, as Cardinal's
  output does, would inflate the score, so it is listed in `flagged_indicators` but not scored). Both
  numbers are kept beside the score.
- Project: the same over the project's own results (OA-P2, OA-D5) plus those of its processes.
- Buyer, implementer, state: rates, never raw counts: flagged processes / computable processes (a
  process is computable when at least one scored indicator was, flagged when at least one flagged it),
  with the number of processes, the mean process score, and the spending band (IMCO's bands in millions
  of pesos per year, finer below 500; see metrics.config.SPENDING_BANDS) to compare like with like.
"""
from __future__ import annotations

from typing import Any

from metrics.indicators.contract_changes import PP_SUBJECT_SQL
from metrics.indicators.sql_indicator import in_currency, run_sql
from metrics.config import SPENDING_BANDS
from core import rules


def spending_band(millions_per_year: float | None) -> str | None:
    """The band code for an annual amount in millions (lower < amount <= upper); None when unknown."""
    if millions_per_year is None:
        return None
    for band in SPENDING_BANDS:
        lower, upper = band["lower"], band["upper"]
        if (lower is None or millions_per_year > lower) and (upper is None or millions_per_year <= upper):
            return band["code"]
    return None


def band_label(code: str | None, lang: str = "es") -> str:
    """The label of a band code in Spanish or English ("Sin datos" / "No data" for None)."""
    for band in SPENDING_BANDS:
        if band["code"] == code:
            return band[lang]
    return "Sin datos" if lang == "es" else "No data"


def compute_scores(con: Any, flags_table: str, settings: dict[str, Any], scored_codes: list[str],
                   prefix: str = "_oa_") -> dict[str, str]:
    """Create temp tables `<prefix><name>` for every score table from `flags_table`; returns {name: temp table}."""
    params = {"currency": settings.get("currency")}
    con.execute(f"CREATE OR REPLACE TEMP TABLE {prefix}bands (code VARCHAR, lower DOUBLE, upper DOUBLE)")
    con.executemany(f"INSERT INTO {prefix}bands VALUES (?, ?, ?)",
                    [[b["code"], b["lower"], b["upper"]] for b in SPENDING_BANDS])
    names = {name: f"{prefix}{name}" for name in
             ("process_scores", "project_scores", "buyer_scores", "implementer_scores", "state_scores")}

    # Each indicator's bit (in code order), so that "which indicators flagged it" is one bit_or per subject
    # and per project rather than a list of strings; the codes come back sorted, as list_sort gave them.
    # Whether it counts in scores: a small table joined once, rather than a list test per flag row.
    codes = [c for (c,) in con.execute(
        f"SELECT DISTINCT indicator FROM {flags_table} WHERE indicator IS NOT NULL ORDER BY indicator").fetchall()]
    if len(codes) > 127:
        raise ValueError(f"{len(codes)} indicator codes: flagged_indicators holds at most 127")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {prefix}codes (code VARCHAR, scored BOOLEAN, bit HUGEINT)")
    if codes:  # executemany refuses an empty list (a database with no process yet)
        con.executemany(f"INSERT INTO {prefix}codes VALUES (?, ?, ?)",
                        [[c, c in set(scored_codes), 1 << i] for i, c in enumerate(codes)])
    params["codes"] = codes
    flagged_list = "list_filter($codes::VARCHAR[], lambda code, i: (coalesce({mask}, 0) >> (i - 1)) & 1 = 1)"

    # Per subject of a process-level result (an ocid, or a project's process that is not loaded) and per
    # project: its counts over the scored indicators and the bits of every indicator that flagged it.
    run_sql(con, f"""
CREATE OR REPLACE TEMP TABLE {prefix}subjects AS
SELECT f.subject_type, f.subject_id,
    count(*) FILTER (WHERE c.scored) AS n_indicators,
    count(*) FILTER (WHERE c.scored AND f.computable) AS n_computable,
    count(*) FILTER (WHERE c.scored AND f.flagged) AS n_flagged,
    bit_or(c.bit) FILTER (WHERE f.flagged) AS mask
FROM {flags_table} f LEFT JOIN {prefix}codes c ON c.code = f.indicator
WHERE f.subject_type IN ('ocid', 'project') AND f.subject_id IS NOT NULL
GROUP BY f.subject_type, f.subject_id
""", params)

    run_sql(con, f"""
CREATE OR REPLACE TEMP TABLE {names['process_scores']} AS
SELECT s.subject_id AS ocid, p.implementer_id, p.buyer_id, p.state_code, s.n_indicators, s.n_computable, s.n_flagged,
    CASE WHEN s.n_computable > 0 THEN 100.0 * s.n_flagged / s.n_computable END AS score,
    {flagged_list.format(mask="s.mask")} AS flagged_indicators
FROM {prefix}subjects s LEFT JOIN processes p ON p.ocid = s.subject_id
WHERE s.subject_type = 'ocid'
""", params)

    # A project's results are its own (subject_type project) and those of its processes, each process
    # counted once: sums of the subjects' counts.
    run_sql(con, f"""
CREATE OR REPLACE TEMP TABLE {names['project_scores']} AS
WITH links AS (
    SELECT DISTINCT project_id, {PP_SUBJECT_SQL} AS ocid FROM project_processes WHERE project_id IS NOT NULL
),
own AS (
    SELECT subject_id AS project_id, n_indicators, n_computable, n_flagged, mask
    FROM {prefix}subjects WHERE subject_type = 'project'
),
results AS (
    SELECT * FROM own
    UNION ALL
    SELECT l.project_id, s.n_indicators, s.n_computable, s.n_flagged, s.mask
    FROM links l JOIN {prefix}subjects s ON s.subject_type = 'ocid' AND s.subject_id = l.ocid
),
agg AS (
    SELECT project_id, sum(n_indicators)::BIGINT AS n_indicators, sum(n_computable)::BIGINT AS n_computable,
        sum(n_flagged)::BIGINT AS n_flagged, bit_or(mask) AS mask
    FROM results GROUP BY project_id
),
n AS (SELECT project_id, count(*) AS n_processes FROM links GROUP BY project_id)
SELECT p.project_id, p.implementer_id, p.state_code, coalesce(n.n_processes, 0) AS n_processes,
    coalesce(a.n_indicators, 0) AS n_indicators, coalesce(a.n_computable, 0) AS n_computable,
    coalesce(a.n_flagged, 0) AS n_flagged,
    CASE WHEN a.n_computable > 0 THEN 100.0 * a.n_flagged / a.n_computable END AS score,
    {flagged_list.format(mask="a.mask")} AS flagged_indicators
FROM projects p LEFT JOIN agg a ON a.project_id = p.project_id LEFT JOIN n ON n.project_id = p.project_id
WHERE p.project_id IS NOT NULL
""", params)

    # One row per (non-cancelled) process with its amount, year and score, the input of every rate.
    run_sql(con, f"""
CREATE OR REPLACE TEMP TABLE {prefix}proc AS
SELECT p.ocid, p.buyer_id, p.buyer_name, p.implementer_id, p.state_code,
    CASE WHEN {in_currency('p.currency')} AND coalesce(p.contract_value, p.award_value) > 0
         THEN coalesce(p.contract_value, p.award_value) END AS amount,
    {rules.process_year("p")} AS yr,
    s.n_computable, s.n_flagged, s.score
FROM processes p LEFT JOIN {names['process_scores']} s ON s.ocid = p.ocid
WHERE p.ocid IS NOT NULL AND lower(coalesce(p.tender_status, '')) <> 'cancelled'
""", params)

    def rates(key: str) -> str:
        # `key` is one of three fixed column names, never user input.
        return f"""
SELECT {key} AS k, count(*) AS n_processes,
    count(*) FILTER (WHERE n_computable > 0) AS n_computable_processes,
    count(*) FILTER (WHERE n_flagged > 0) AS n_flagged_processes,
    count(*) FILTER (WHERE n_flagged > 0) / nullif(count(*) FILTER (WHERE n_computable > 0), 0) AS flag_rate,
    avg(score) AS mean_process_score,
    sum(amount) FILTER (WHERE yr IS NOT NULL) / nullif(count(DISTINCT yr) FILTER (WHERE amount IS NOT NULL), 0)
        / 1e6 AS annual_spending_millions
FROM {prefix}proc WHERE {key} IS NOT NULL GROUP BY {key}"""

    def project_rates(key: str) -> str:
        return f"""
SELECT {key} AS k, count(*) AS n_projects,
    count(*) FILTER (WHERE n_computable > 0) AS n_computable_projects,
    count(*) FILTER (WHERE n_flagged > 0) AS n_flagged_projects,
    count(*) FILTER (WHERE n_flagged > 0) / nullif(count(*) FILTER (WHERE n_computable > 0), 0) AS project_flag_rate,
    avg(score) AS mean_project_score
FROM {names['project_scores']} WHERE {key} IS NOT NULL GROUP BY {key}"""

    def most_common(key: str, column: str) -> str:
        return f"""
SELECT k, first(v ORDER BY n DESC, v) AS v FROM (
    SELECT {key} AS k, {column} AS v, count(*) AS n FROM {prefix}proc
    WHERE {key} IS NOT NULL AND {column} IS NOT NULL GROUP BY ALL
) GROUP BY k"""

    band_join = f"""LEFT JOIN {prefix}bands b
    ON (b.lower IS NULL OR r.annual_spending_millions > b.lower)
   AND (b.upper IS NULL OR r.annual_spending_millions <= b.upper)"""

    run_sql(con, f"""
CREATE OR REPLACE TEMP TABLE {names['buyer_scores']} AS
WITH r AS ({rates('buyer_id')}),
nm AS (SELECT buyer_id AS k, min(buyer_name) AS v FROM {prefix}proc WHERE buyer_id IS NOT NULL GROUP BY buyer_id),
im AS ({most_common('buyer_id', 'implementer_id')}),
st AS ({most_common('buyer_id', 'state_code')}),
bf AS (
    SELECT subject_id AS k, count(*) FILTER (WHERE computable) AS n_buyer_computable,
        count(*) FILTER (WHERE flagged) AS n_buyer_flagged,
        list_sort(list_distinct(list(indicator) FILTER (WHERE flagged))) AS buyer_flagged_indicators
    FROM {flags_table} WHERE subject_type = 'buyer' GROUP BY subject_id
)
SELECT r.k AS buyer_id, nm.v AS buyer_name, im.v AS implementer_id, st.v AS state_code, r.n_processes,
    r.n_computable_processes, r.n_flagged_processes, r.flag_rate, r.mean_process_score,
    r.annual_spending_millions, b.code AS spending_band,
    coalesce(bf.n_buyer_computable, 0) AS n_buyer_computable, coalesce(bf.n_buyer_flagged, 0) AS n_buyer_flagged,
    coalesce(bf.buyer_flagged_indicators, []::VARCHAR[]) AS buyer_flagged_indicators
FROM r LEFT JOIN nm ON nm.k = r.k LEFT JOIN im ON im.k = r.k LEFT JOIN st ON st.k = r.k
LEFT JOIN bf ON bf.k = r.k {band_join}
""", params)

    run_sql(con, f"""
CREATE OR REPLACE TEMP TABLE {names['implementer_scores']} AS
WITH r AS ({rates('implementer_id')}),
pr AS ({project_rates('implementer_id')}),
st AS ({most_common('implementer_id', 'state_code')}),
keys AS (SELECT k FROM r UNION SELECT k FROM pr)
SELECT keys.k AS implementer_id, i.name, i.kind, coalesce(i.state_code, st.v) AS state_code,
    coalesce(r.n_processes, 0) AS n_processes, coalesce(r.n_computable_processes, 0) AS n_computable_processes,
    coalesce(r.n_flagged_processes, 0) AS n_flagged_processes, r.flag_rate, r.mean_process_score,
    coalesce(pr.n_projects, 0) AS n_projects, coalesce(pr.n_computable_projects, 0) AS n_computable_projects,
    coalesce(pr.n_flagged_projects, 0) AS n_flagged_projects, pr.project_flag_rate, pr.mean_project_score,
    r.annual_spending_millions, b.code AS spending_band
FROM keys LEFT JOIN r ON r.k = keys.k LEFT JOIN pr ON pr.k = keys.k LEFT JOIN st ON st.k = keys.k
LEFT JOIN implementers i ON i.implementer_id = keys.k {band_join}
""", params)

    run_sql(con, f"""
CREATE OR REPLACE TEMP TABLE {names['state_scores']} AS
WITH r AS ({rates('state_code')}),
pr AS ({project_rates('state_code')}),
keys AS (SELECT k FROM r UNION SELECT k FROM pr)
SELECT keys.k AS state_code, s.name,
    coalesce(r.n_processes, 0) AS n_processes, coalesce(r.n_computable_processes, 0) AS n_computable_processes,
    coalesce(r.n_flagged_processes, 0) AS n_flagged_processes, r.flag_rate, r.mean_process_score,
    coalesce(pr.n_projects, 0) AS n_projects, coalesce(pr.n_computable_projects, 0) AS n_computable_projects,
    coalesce(pr.n_flagged_projects, 0) AS n_flagged_projects, pr.project_flag_rate, pr.mean_project_score,
    r.annual_spending_millions, b.code AS spending_band
FROM keys LEFT JOIN r ON r.k = keys.k LEFT JOIN pr ON pr.k = keys.k
LEFT JOIN states s ON s.state_code = keys.k {band_join}
""", params)
    for helper in ("proc", "bands", "codes", "subjects"):
        con.execute(f"DROP TABLE IF EXISTS {prefix}{helper}")
    return names
