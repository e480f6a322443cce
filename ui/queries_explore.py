"""Read-only queries of the exploration pages (Resumen, Mapa, Comparar, Banderas rojas, Descargas).

Plain functions of a DuckDB connection and a `Filters`, so tests call them without Streamlit; pages
call them without one (`ui.db.cached_query`: cached per database version). Every figure is
aggregated in SQL: no function loads a whole table into pandas (lists are limited, downloads stream the filtered rows).
"""
from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from ui.db import cached_query
from ui.filters import Filters


from metrics.score import spending_band  # the spending bands (peer groups) are defined once, in metrics
from core import rules
from obras import flag_index

# --- Definitions used by every query (one place) ------------------------------------------------
# Contracted amount in pesos: contracts in another currency are left out of sums, never converted.
AMOUNT = f"CASE WHEN {rules.in_main_currency('p.currency')} THEN p.contract_value END"
# The year of a process: when its contract was signed, else awarded, else tendered (as metrics.score).
YEAR = rules.process_year("p")
PROJECT_YEAR = "year(coalesce(pr.period_start, pr.updated))"
COMPETITIVE = ("open", "selective")
METHOD_ORDER = ("open", "selective", "limited", "direct")
PROCUREMENT_CATEGORY_ORDER = ("works", "services", "goods")  # OCDS mainProcurementCategory codes
PROCESS_MAP = {"state": "p.state_code", "implementer": "p.implementer_id", "year": YEAR, "method": "p.method",
               "category": "p.main_category", "ocid": "p.ocid"}
PROJECT_MAP = {"state": "pr.state_code", "implementer": "pr.implementer_id", "year": PROJECT_YEAR,
               "project": "pr.project_id"}
FLAG_LIST_LIMIT = 2000


def process_where(f: Filters) -> tuple[str, list[Any]]:
    """Condition on `processes p` for the filters; superseded drafts never pass (core.rules.is_current), so
    every figure, list and download built on it counts current processes only."""
    sql, params = f.where(PROCESS_MAP)
    return f"{rules.is_current('p')} AND {sql}", params


def project_where(f: Filters) -> tuple[str, list[Any]]:
    """Condition on `projects pr`: state, implementer, year and project on the project itself; method
    and category through its linked processes (a project passes when one of them does)."""
    sql, params = f.where(PROJECT_MAP)
    if f.methods or f.categories:
        sub, sub_params = Filters(methods=f.methods, categories=f.categories).where(
            {"method": "p.method", "category": "p.main_category"})
        sql += (" AND EXISTS (SELECT 1 FROM project_processes pp JOIN processes p ON p.ocid = pp.ocid "
                f"WHERE pp.project_id = pr.project_id AND {rules.is_current('p')} AND {sub})")
        params = params + sub_params
    return sql, params


# the columns the pages use; never `p.*`: a CTE read twice is materialised, and `json` is large
FP_COLUMNS = ("ocid", "implementer_id", "state_code", "buyer_id", "buyer_name", "procuring_entity_id",
              "procuring_entity_name", "title", "main_category", "method", "method_details", "tender_status",
              "number_of_tenderers", "tender_value", "award_value", "contract_value", "currency", "tender_start",
              "tender_end", "award_date", "date_signed", "contract_start", "contract_end")


def _filtered_processes(f: Filters, cols: tuple[str, ...] = FP_COLUMNS) -> tuple[str, list[Any]]:
    """A CTE `fp` of the filtered processes (the columns `cols`) with their amount and year."""
    sql, params = process_where(f)
    cols = ", ".join(f"p.{c}" for c in cols)
    return (f"fp AS (SELECT {cols}, {AMOUNT} AS amt, {YEAR} AS yr FROM processes p WHERE {sql})", params)


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """True when the main schema has this table: the metrics tables (core/contract/metrics/schema.sql) exist once
    the indicators have been computed, the quality_* tables (core/contract/quality/schema.sql) once quality has."""
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' "
                            "AND table_name = ?", [name]).fetchall()[0][0])


# --- Sidebar options ------------------------------------------------------------------------------
@cached_query
def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What the sidebar filters offer: states and implementers with data, year range, codes present."""
    states = con.execute(
        f"""WITH d AS (SELECT DISTINCT state_code FROM processes p WHERE {rules.is_current('p')}
                      UNION SELECT DISTINCT state_code FROM projects)
           SELECT s.state_code, s.name FROM states s JOIN d USING (state_code) ORDER BY s.name""").fetchall()
    impl = con.execute(
        f"""WITH d AS (SELECT DISTINCT implementer_id FROM processes p WHERE {rules.is_current('p')} UNION
                      SELECT DISTINCT implementer_id FROM projects)
           SELECT d.implementer_id, coalesce(i.name, d.implementer_id), i.state_code
           FROM d LEFT JOIN implementers i USING (implementer_id)
           WHERE d.implementer_id IS NOT NULL ORDER BY 2""").fetchall()
    years = con.execute(
        f"""SELECT min(y), max(y) FROM (SELECT {YEAR} AS y FROM processes p WHERE {rules.is_current('p')} UNION ALL
                                       SELECT {PROJECT_YEAR} FROM projects pr)""").fetchall()[0]
    current = rules.is_current("p")
    methods = {r[0] for r in con.execute(
        f"SELECT DISTINCT method FROM processes p WHERE method IS NOT NULL AND {current}").fetchall()}
    cats = {r[0] for r in con.execute(
        f"SELECT DISTINCT main_category FROM processes p WHERE main_category IS NOT NULL AND {current}").fetchall()}
    return {
        "state_names": {code: name for code, name in states},
        "implementer_names": {i: name for i, name, _ in impl},
        "implementer_states": {i: state for i, _, state in impl},
        "years": (int(years[0]), int(years[1])) if years[0] is not None else None,
        "methods": [m for m in METHOD_ORDER if m in methods] + sorted(methods - set(METHOD_ORDER)),
        "categories": [c for c in PROCUREMENT_CATEGORY_ORDER if c in cats]
                      + sorted(cats - set(PROCUREMENT_CATEGORY_ORDER)),
    }


# --- Resumen --------------------------------------------------------------------------------------
@cached_query
def overview(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, Any]:
    """Headline figures for the filtered view, each with the count it is computed over."""
    cte, params = _filtered_processes(f)
    comp = ", ".join(f"'{m}'" for m in COMPETITIVE)
    row = con.execute(
        f"""WITH {cte}
            SELECT count(*), sum(amt), count(*) FILTER (WHERE yr IS NULL),
                   count(*) FILTER (WHERE method IN ({comp}) AND number_of_tenderers IS NOT NULL),
                   count(*) FILTER (WHERE method IN ({comp}) AND number_of_tenderers = 1),
                   count(*) FILTER (WHERE method IS NOT NULL), count(*) FILTER (WHERE method = 'direct'),
                   sum(amt) FILTER (WHERE method = 'direct'), sum(amt) FILTER (WHERE method IS NOT NULL)
            FROM fp""", params).fetchall()[0]
    out = dict(zip(["processes", "amount", "undated", "competitive_n", "single_bid_n", "method_n", "direct_n",
                    "direct_amount", "method_amount"], row))
    row = con.execute(
        f"""WITH {cte},
            c AS (SELECT CASE WHEN c.original_value > 0 AND c.value IS NOT NULL
                              THEN (c.value - c.original_value) / c.original_value END AS inc,
                         CASE WHEN c.original_end_date IS NOT NULL AND c.end_date IS NOT NULL
                              THEN date_diff('day', c.original_end_date, c.end_date) END AS ext
                  FROM contracts c SEMI JOIN fp ON fp.ocid = c.ocid)
            SELECT median(inc), count(inc), median(ext), count(ext) FROM c""", params).fetchall()[0]
    out.update(zip(["price_increase_median", "price_increase_n", "delay_median_days", "delay_n"], row))
    psql, pparams = project_where(f)
    out["projects"] = con.execute(f"SELECT count(*) FROM projects pr WHERE {psql}", pparams).fetchall()[0][0]
    out["single_bid_share"] = _share(out["single_bid_n"], out["competitive_n"])
    out["direct_share"] = _share(out["direct_n"], out["method_n"])
    out["direct_amount_share"] = _share(out["direct_amount"], out["method_amount"])
    out["amount"] = out["amount"] or 0.0
    return out


def _share(part: float | None, whole: float | None) -> float | None:
    return (part or 0) / whole if whole else None


@cached_query
def trend_by_year(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Processes and contracted amount per year (processes without a date are left out)."""
    cte, params = _filtered_processes(f)
    return con.execute(
        f"""WITH {cte}
            SELECT yr AS year, count(*) AS processes, coalesce(sum(amt), 0) AS amount,
                   count(*) FILTER (WHERE method = 'direct') AS direct
            FROM fp WHERE yr IS NOT NULL GROUP BY yr ORDER BY yr""", params).df()


# --- Mapa -----------------------------------------------------------------------------------------
@cached_query
def state_measures(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Every state with its position and the measures a map can colour by (zero where no data).

    The position is the state's centroid from the registry, else the mean of its project locations.
    """
    cte, params = _filtered_processes(f)
    psql, pparams = project_where(f)
    comp = ", ".join(f"'{m}'" for m in COMPETITIVE)
    return con.execute(
        f"""WITH {cte},
            g AS (SELECT state_code, count(*) AS processes, coalesce(sum(amt), 0) AS amount,
                         count(*) FILTER (WHERE method IN ({comp}) AND number_of_tenderers IS NOT NULL) AS competitive_n,
                         count(*) FILTER (WHERE method IN ({comp}) AND number_of_tenderers = 1) AS single_bid_n,
                         count(*) FILTER (WHERE method IS NOT NULL) AS method_n,
                         count(*) FILTER (WHERE method = 'direct') AS direct_n
                  FROM fp GROUP BY state_code),
            j AS (SELECT state_code, count(*) AS projects FROM projects pr WHERE {psql} GROUP BY state_code),
            loc AS (SELECT state_code, avg(lon) AS lon, avg(lat) AS lat FROM project_locations
                    WHERE lon IS NOT NULL AND lat IS NOT NULL GROUP BY state_code)
            SELECT s.state_code, s.iso_code, s.name,
                   coalesce(s.centroid_lon, loc.lon) AS lon, coalesce(s.centroid_lat, loc.lat) AS lat,
                   coalesce(g.processes, 0) AS processes, coalesce(g.amount, 0) AS amount,
                   coalesce(j.projects, 0) AS projects,
                   coalesce(g.competitive_n, 0) AS competitive_n, coalesce(g.single_bid_n, 0) AS single_bid_n,
                   coalesce(g.method_n, 0) AS method_n, coalesce(g.direct_n, 0) AS direct_n,
                   g.single_bid_n / nullif(g.competitive_n, 0) AS single_bid_share,
                   g.direct_n / nullif(g.method_n, 0) AS direct_share
            FROM states s LEFT JOIN g USING (state_code) LEFT JOIN j USING (state_code)
                 LEFT JOIN loc USING (state_code)
            ORDER BY s.state_code""", params + pparams).df()


@cached_query
def state_rows(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The states with data (state_measures) plus one row for processes and projects without a state
    (state_code and name null: the page labels it "Sin estado / federal"), so the rows add up to the
    headline figures."""
    states = state_measures(con, f)
    states = states[(states["processes"] > 0) | (states["projects"] > 0)]
    cte, params = _filtered_processes(f)
    psql, pparams = project_where(f)
    comp = ", ".join(f"'{m}'" for m in COMPETITIVE)
    row = con.execute(
        f"""WITH {cte}
            SELECT count(*) AS processes, coalesce(sum(amt), 0) AS amount,
                   (SELECT count(*) FROM projects pr WHERE ({psql}) AND pr.state_code IS NULL) AS projects,
                   count(*) FILTER (WHERE method IN ({comp}) AND number_of_tenderers IS NOT NULL) AS competitive_n,
                   count(*) FILTER (WHERE method IN ({comp}) AND number_of_tenderers = 1) AS single_bid_n,
                   count(*) FILTER (WHERE method IS NOT NULL) AS method_n,
                   count(*) FILTER (WHERE method = 'direct') AS direct_n
            FROM fp WHERE state_code IS NULL""", params + pparams).df()
    if not (row["processes"].iloc[0] or row["projects"].iloc[0]):
        return states.reset_index(drop=True)
    row = row.assign(state_code=None, iso_code=None, name=None, lon=None, lat=None,
                     single_bid_share=row["single_bid_n"] / row["competitive_n"].where(row["competitive_n"] > 0),
                     direct_share=row["direct_n"] / row["method_n"].where(row["method_n"] > 0))
    return pd.concat([states, row[states.columns]], ignore_index=True)


@cached_query
def state_flag_rates(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Per state: processes with at least one computable indicator, how many were flagged, the rate."""
    return _flag_rates(con, f, "state_code")


def _process_flags_sql(con: duckdb.DuckDBPyConnection) -> str:
    """SQL of (ocid, flagged, computable) per process of `fp`: from process_scores (the composite
    scores of metrics.score: scored indicators only) when present, else from every result in flags."""
    if has_table(con, "process_scores"):  # one row per process: every use joins it to fp (no semi join: 2x faster)
        return """SELECT s.ocid, s.n_flagged > 0 AS flagged, s.n_computable > 0 AS computable
                  FROM process_scores s"""
    return """SELECT fl.subject_id AS ocid, bool_or(fl.flagged) AS flagged, bool_or(fl.computable) AS computable
              FROM flags fl SEMI JOIN fp ON fp.ocid = fl.subject_id
              WHERE fl.subject_type = 'ocid' GROUP BY fl.subject_id"""


def _flag_rates(con: duckdb.DuckDBPyConnection, f: Filters, key: str) -> pd.DataFrame:
    if _facts_ready(con):  # the same figures from the refresh's per-process table: one scan, no join
        sql, params = f.where(FACTS_MAP)
        return con.execute(
            f"""SELECT coalesce(x.{key}, '') AS key, count(*) FILTER (WHERE x.computable) AS flag_computable_n,
                       count(*) FILTER (WHERE x.flagged) AS flagged_n,
                       count(*) FILTER (WHERE x.flagged) / nullif(count(*) FILTER (WHERE x.computable), 0) AS flag_rate
                FROM process_facts x WHERE x.scored AND {sql} GROUP BY x.{key}""", params).df()
    cte, params = _filtered_processes(f, ("ocid", key))
    return con.execute(
        f"""WITH {cte},
            pf AS ({_process_flags_sql(con)})
            SELECT coalesce(fp.{key}, '') AS key, count(*) FILTER (WHERE pf.computable) AS flag_computable_n,
                   count(*) FILTER (WHERE pf.flagged) AS flagged_n,
                   count(*) FILTER (WHERE pf.flagged) / nullif(count(*) FILTER (WHERE pf.computable), 0) AS flag_rate
            FROM fp JOIN pf USING (ocid) GROUP BY fp.{key}""", params).df()


# process_facts' and contract_facts' filter columns (obras/process_facts.py), as Filters.where takes them
FACTS_MAP = {"state": "x.state_code", "implementer": "x.implementer_id", "year": "x.yr", "method": "x.method",
             "category": "x.main_category", "ocid": "x.ocid"}


def _facts_ready(con: duckdb.DuckDBPyConnection) -> bool:
    """True when process_facts and contract_facts (built at refresh by obras/process_facts.py) belong to this
    data: processes and flags have the rows they had then, no load came after, and process_scores existed
    (else the pages read processes, as _process_flags_sql does)."""
    try:
        return bool(con.execute(
            """SELECT coalesce(bool_and(s.processes_rows = (SELECT count(*) FROM processes)
                                        AND s.loaded_at IS NOT DISTINCT FROM (SELECT max(loaded_at) FROM sources)
                                        AND s.scored AND s.flags_rows = (SELECT count(*) FROM flags)
                                        AND EXISTS (SELECT 1 FROM process_scores)), false)
               FROM process_facts_state s""").fetchall()[0][0])
    except duckdb.CatalogException:  # a database refreshed before these tables existed, or without scores
        return False


MAP_POINTS_LIMIT = 5000  # a browser draws more, but the page would send megabytes of tooltips


@cached_query
def project_points(con: duckdb.DuckDBPyConnection, f: Filters, limit: int = MAP_POINTS_LIMIT) -> pd.DataFrame:
    """Project locations with amount (budget, else the sum of linked contracts) and risk.

    risk = the project's score (project_scores.score) when metrics wrote it (risk_kind "score"),
    else the number of red flags raised on the project and its processes (risk_kind "flags").
    Largest amounts first, at most `limit` points; attrs["total"] is how many there are in all.
    """
    psql, pparams = project_where(f)
    if has_table(con, "project_scores"):
        risk_cte = "risk AS (SELECT project_id, avg(score) AS score FROM project_scores GROUP BY project_id)"
        risk_expr, kind = "risk.score", "score"
    else:
        risk_cte = """risk AS (
            SELECT project_id, sum(n) AS score FROM (
              SELECT fl.subject_id AS project_id, count(*) AS n FROM flags fl
              SEMI JOIN fpr ON fpr.project_id = fl.subject_id
              WHERE fl.subject_type = 'project' AND fl.flagged GROUP BY fl.subject_id
              UNION ALL
              SELECT pp.project_id, count(*) FROM flags fl
              JOIN (SELECT pp.* FROM project_processes pp SEMI JOIN fpr ON fpr.project_id = pp.project_id) pp
                ON pp.ocid = fl.ocid
              WHERE fl.flagged AND fl.subject_type = 'ocid' GROUP BY pp.project_id) GROUP BY project_id)"""
        risk_expr, kind = "coalesce(risk.score, 0)", "flags"
    df = con.execute(
        f"""WITH fpr AS (SELECT pr.* FROM projects pr WHERE {psql}),
            linked AS (SELECT pp.project_id, sum(pp.contract_value) AS contracts FROM project_processes pp
                       SEMI JOIN fpr ON fpr.project_id = pp.project_id GROUP BY pp.project_id),
            {risk_cte}
            SELECT pr.project_id, pr.title, coalesce(i.name, pr.implementer_id) AS implementer,
                   s.name AS state, pr.state_code, l.lon, l.lat, pr.status,
                   coalesce(nullif(pr.budget, 0), linked.contracts) AS amount, {risk_expr} AS risk,
                   count(*) OVER () AS total
            FROM fpr pr JOIN project_locations l USING (project_id)
                 LEFT JOIN linked USING (project_id) LEFT JOIN risk USING (project_id)
                 LEFT JOIN implementers i ON i.implementer_id = pr.implementer_id
                 LEFT JOIN states s ON s.state_code = pr.state_code
            WHERE l.lon BETWEEN -180 AND 180 AND l.lat BETWEEN -90 AND 90
            ORDER BY amount DESC NULLS LAST, pr.project_id LIMIT ?""", pparams + [limit]).df()
    total = int(df["total"].iloc[0]) if len(df) else 0
    df = df.drop(columns=["total"])
    df.attrs["risk_kind"] = kind
    df.attrs["total"] = total
    return df


@cached_query
def projects_without_location(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    """Filtered projects that have no usable coordinates (so the map says what it leaves out)."""
    psql, pparams = project_where(f)
    return con.execute(
        f"""SELECT count(*) FROM projects pr WHERE {psql} AND NOT EXISTS (
              SELECT 1 FROM project_locations l WHERE l.project_id = pr.project_id
              AND l.lon BETWEEN -180 AND 180 AND l.lat BETWEEN -90 AND 90)""", pparams).fetchall()[0][0]


# --- Comparar -------------------------------------------------------------------------------------
@cached_query
def compare(con: duckdb.DuckDBPyConnection, f: Filters, level: str = "state") -> pd.DataFrame:
    """One row per state (level "state") or implementer ("implementer") with spending, competition,
    delays, price changes, flag rates and (when a quality table exists) the publication score. Implementers
    carry `in_pilot` (false for a publisher outside the pilot registry, which has its own row).

    Rates come with the counts they are computed over (`*_n` columns). `band` is the spending band
    code (metrics.config.SPENDING_BANDS) of the entity's yearly spending.
    """
    if level not in ("state", "implementer"):
        raise ValueError(f"unknown level {level!r}")
    key = "state_code" if level == "state" else "implementer_id"
    comp = ", ".join(f"'{m}'" for m in COMPETITIVE)
    if _facts_ready(con):
        # the refresh's per-process and per-contract rows (obras/process_facts.py): no join of processes
        xsql, xparams = f.where(FACTS_MAP)
        fp = f"fp AS (SELECT * FROM process_facts x WHERE {xsql})"
        contracts = f"(SELECT * FROM contract_facts x WHERE {xsql})"
        tender, decision = "tender_days", "decision_days"
        params = xparams + xparams
    else:
        cte, params = _filtered_processes(f, ("ocid", key, "method", "number_of_tenderers", "tender_start",
                                              "tender_end", "award_date"))
        fp = f"""{cte},
            pc AS (SELECT fp.{key}, CASE WHEN c.original_value > 0 AND c.value IS NOT NULL
                                         THEN (c.value - c.original_value) / c.original_value END AS price_change,
                          date_diff('day', c.original_end_date, c.end_date) AS end_change_days
                   FROM contracts c JOIN fp ON fp.ocid = c.ocid)"""
        contracts = "pc"
        # a period's days where its end is not before its start (else left out)
        tender = "CASE WHEN tender_end >= tender_start THEN date_diff('day', tender_start, tender_end) END"
        decision = "CASE WHEN award_date >= tender_end THEN date_diff('day', tender_end, award_date) END"
    psql, pparams = project_where(f)
    df = con.execute(
        f"""WITH {fp},
            g AS (SELECT coalesce({key}, '') AS key, count(*) AS processes, coalesce(sum(amt), 0) AS amount,
                         count(DISTINCT yr) AS years,
                         avg(number_of_tenderers) FILTER (WHERE method IN ({comp})) AS mean_bidders,
                         count(*) FILTER (WHERE method IN ({comp}) AND number_of_tenderers IS NOT NULL) AS competitive_n,
                         count(*) FILTER (WHERE method IN ({comp}) AND number_of_tenderers = 1) AS single_bid_n,
                         count(*) FILTER (WHERE method IS NOT NULL) AS method_n,
                         count(*) FILTER (WHERE method = 'direct') AS direct_n,
                         median({tender}) AS tender_days, count({tender}) AS tender_days_n,
                         median({decision}) AS decision_days, count({decision}) AS decision_days_n
                  FROM fp GROUP BY 1),
            c AS (SELECT coalesce({key}, '') AS key,
                         median(price_change) AS price_increase, count(price_change) AS price_increase_n,
                         median(end_change_days) AS extension_days, count(end_change_days) AS extension_days_n
                  FROM {contracts} GROUP BY 1),
            j AS (SELECT coalesce(pr.{key}, '') AS key, count(*) AS projects,
                         median((pr.completion_final_value - pr.budget) / pr.budget)
                           FILTER (WHERE pr.budget > 0 AND pr.completion_final_value IS NOT NULL) AS cost_overrun,
                         count(*) FILTER (WHERE pr.budget > 0 AND pr.completion_final_value IS NOT NULL) AS cost_overrun_n,
                         median(date_diff('day', pr.period_end, pr.completion_end_date)) AS time_overrun_days,
                         count(date_diff('day', pr.period_end, pr.completion_end_date)) AS time_overrun_n
                  FROM projects pr WHERE {psql} GROUP BY 1)
            SELECT coalesce(g.key, j.key) AS key, coalesce(g.processes, 0) AS processes,
                   coalesce(g.amount, 0) AS amount, g.years, coalesce(j.projects, 0) AS projects,
                   g.mean_bidders, g.competitive_n, g.single_bid_n,
                   g.single_bid_n / nullif(g.competitive_n, 0) AS single_bid_share,
                   g.method_n, g.direct_n, g.direct_n / nullif(g.method_n, 0) AS direct_share,
                   g.tender_days, g.tender_days_n, g.decision_days, g.decision_days_n,
                   c.price_increase, c.price_increase_n, c.extension_days, c.extension_days_n,
                   j.cost_overrun, j.cost_overrun_n, j.time_overrun_days, j.time_overrun_n
            FROM g FULL JOIN j USING (key) LEFT JOIN c USING (key)""", params + pparams).df()
    # key "" is the data without a state / implementer: its own row (the page names it), so nothing is left out
    rates = _flag_rates(con, f, key)
    df = df.merge(rates, on="key", how="left")
    if level == "state":
        names = con.execute("SELECT state_code AS key, name FROM states").df()
    else:
        names = con.execute(
            """SELECT i.implementer_id AS key, i.name, s.name AS state, i.in_pilot IS NOT FALSE AS in_pilot
               FROM implementers i LEFT JOIN states s USING (state_code)""").df()
    df = df.merge(names, on="key", how="left")
    df["name"] = df["name"].fillna(df["key"])
    years = df["years"].where(df["years"] > 0, 1).fillna(1)
    df["amount_per_year"] = df["amount"] / years
    # the band is the entity's peer group over all its data (metrics' *_scores tables) when computed,
    # else from the yearly amount of the filtered view
    table = "state_scores" if level == "state" else "implementer_scores"
    if has_table(con, table):
        bands = con.execute(f"SELECT {key} AS key, any_value(spending_band) AS band FROM {table} GROUP BY 1").df()
        df = df.merge(bands, on="key", how="left")
    else:
        df["band"] = [spending_band(a / 1e6) if a else spending_band(0.0) for a in df["amount_per_year"]]
    has_quality = has_table(con, "quality_scores")
    if has_quality:  # the latest quality_scores.score of each implementer
        q = con.execute("""SELECT implementer_id, score FROM quality_scores
                           QUALIFY row_number() OVER (PARTITION BY implementer_id
                                                      ORDER BY computed_at DESC NULLS LAST) = 1""").df()
        if level == "state":
            q = q.merge(con.execute("SELECT implementer_id, state_code AS key FROM implementers").df(),
                        on="implementer_id").groupby("key", as_index=False)["score"].mean()
        else:
            q = q.rename(columns={"implementer_id": "key"})
        df = df.merge(q.rename(columns={"score": "publication_score"}), on="key", how="left")
    # largest amounts first; the key orders equal amounts (else their order changed from run to run)
    df = df.sort_values(["amount", "key"], ascending=[False, True], kind="stable").reset_index(drop=True)
    df.attrs["has_quality"] = has_quality  # set last: merges drop attrs
    return df


@cached_query
def compare_by_year(con: duckdb.DuckDBPyConnection, f: Filters, level: str = "state",
                    keys: tuple[str, ...] = ()) -> pd.DataFrame:
    """The measures of `compare` by year (core.rules.process_year) for the states or implementers `keys`:
    one row per (key, year) with processes, amount, mean bidders, single-bid, direct-award and
    non-competitive shares and the flag rate, each rate with the count it is computed over.
    Processes without a year are left out."""
    if level not in ("state", "implementer"):
        raise ValueError(f"unknown level {level!r}")
    key = "state_code" if level == "state" else "implementer_id"
    cols = ["key", "year", "processes", "amount", "mean_bidders", "competitive_n", "single_bid_n",
            "single_bid_share", "method_n", "direct_n", "direct_share", "noncompetitive_n", "noncompetitive_share",
            "flag_computable_n", "flagged_n", "flag_rate"]
    if not keys:
        return pd.DataFrame(columns=cols)
    comp = ", ".join(f"'{m}'" for m in COMPETITIVE)
    marks = ", ".join("?" for _ in keys)
    if _facts_ready(con):  # the refresh's per-process rows carry their flags: no join
        xsql, params = f.where(FACTS_MAP)
        source, joined = f"fp AS (SELECT * FROM process_facts x WHERE {xsql})", "fp"
        computable, flagged = "fp.scored AND fp.computable", "fp.scored AND fp.flagged"
    else:
        cte, params = _filtered_processes(f, ("ocid", key, "method", "number_of_tenderers"))
        source, joined = f"""{cte},
            pf AS ({_process_flags_sql(con)})""", "fp LEFT JOIN pf USING (ocid)"
        computable, flagged = "pf.computable", "pf.flagged"
    return con.execute(
        f"""WITH {source}
            SELECT fp.{key} AS key, fp.yr AS year, count(*) AS processes, coalesce(sum(fp.amt), 0) AS amount,
                   avg(fp.number_of_tenderers) FILTER (WHERE fp.method IN ({comp})) AS mean_bidders,
                   count(*) FILTER (WHERE fp.method IN ({comp})
                                    AND fp.number_of_tenderers IS NOT NULL) AS competitive_n,
                   count(*) FILTER (WHERE fp.method IN ({comp}) AND fp.number_of_tenderers = 1) AS single_bid_n,
                   single_bid_n / nullif(competitive_n, 0) AS single_bid_share,
                   count(*) FILTER (WHERE fp.method IS NOT NULL) AS method_n,
                   count(*) FILTER (WHERE fp.method = 'direct') AS direct_n,
                   direct_n / nullif(method_n, 0) AS direct_share,
                   count(*) FILTER (WHERE fp.method IS NOT NULL AND fp.method NOT IN ({comp})) AS noncompetitive_n,
                   noncompetitive_n / nullif(method_n, 0) AS noncompetitive_share,
                   count(*) FILTER (WHERE {computable}) AS flag_computable_n,
                   count(*) FILTER (WHERE {flagged}) AS flagged_n,
                   flagged_n / nullif(flag_computable_n, 0) AS flag_rate
            FROM {joined}
            WHERE fp.yr IS NOT NULL AND fp.{key} IN ({marks})
            GROUP BY 1, 2 ORDER BY 1, 2""", params + list(keys)).df()[cols]


# --- Banderas rojas -------------------------------------------------------------------------------
@cached_query
def flags_computed(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the indicators have been run on this database (the flags table has rows)."""
    return bool(con.execute("SELECT EXISTS (SELECT 1 FROM flags)").fetchall()[0][0])


@cached_query
def flag_indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Indicators that flagged something: code, subject type(s), number of flagged results."""
    source = "flag_list_rows fl" if _flag_list_ready(con) else f"flags fl WHERE flagged AND {FLAG_OF_CURRENT}"
    return con.execute(
        f"""SELECT indicator, string_agg(DISTINCT subject_type, ',') AS subject_types, count(*) AS flagged
           FROM {source} GROUP BY indicator ORDER BY indicator""").df()


def _flag_list_ready(con: duckdb.DuckDBPyConnection) -> bool:
    """True when `flag_list_rows` (every flagged current result with its process's columns, built at refresh
    by obras/flag_index.py) belongs to this flags table: built from as many rows as flags has now."""
    try:
        return bool(con.execute(
            "SELECT (SELECT count(*) FROM flags) = (SELECT max(flags_rows) FROM flag_keys_state) "
            "AND EXISTS (SELECT 1 FROM flag_list_rows) "
            # built by this version: what the list shows is stored with its rows, the parties' processes beside
            "AND (SELECT count(*) FROM information_schema.columns WHERE table_schema = 'main' "
            "     AND table_name = 'flag_list_rows' AND column_name = 'party_amt') = 1 "
            "AND (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' "
            "     AND table_name = 'party_processes') = 1").fetchall()[0][0])
    except duckdb.CatalogException:  # a database refreshed before these tables existed
        return False


# a result about a superseded draft (or one of its parts) is never listed nor counted
FLAG_OF_CURRENT = rules.ocid_is_current("coalesce(fl.ocid, CASE WHEN fl.subject_type = 'ocid' THEN fl.subject_id END)")


def _of_kinds(alias: str, indicators: tuple[str, ...], subject_types: tuple[str, ...]) -> tuple[list[str], list[Any]]:
    """Conditions (and their parameters) on `alias`.indicator and `alias`.subject_type: one of these
    (empty = any)."""
    conds: list[str] = []
    params: list[Any] = []
    for column, values in (("indicator", indicators), ("subject_type", subject_types)):
        if values:
            conds.append(f"{alias}.{column} IN ({', '.join('?' * len(values))})")
            params += list(values)
    return conds, params


def _flag_conditions(indicators: tuple[str, ...], subject_types: tuple[str, ...]) -> tuple[str, list[Any]]:
    conds, params = _of_kinds("fl", indicators, subject_types)
    return " AND ".join(["fl.flagged", FLAG_OF_CURRENT] + conds), params


def _unfiltered(f: Filters, amount_range: tuple[float | None, float | None]) -> bool:
    return f.is_empty() and amount_range[0] is None and amount_range[1] is None


def _has_party_flags(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT EXISTS (SELECT 1 FROM flags WHERE flagged AND subject_type = 'tenderer' "
                            "AND ocid IS NULL)").fetchall()[0][0])


def _flag_core_sql(con: duckdb.DuckDBPyConnection, f: Filters, indicators: tuple[str, ...],
                   subject_types: tuple[str, ...],
                   amount_range: tuple[float | None, float | None],
                   parties_only: bool = False) -> tuple[str, list[Any]]:
    """SQL of the flagged results that pass the filters: indicator, subject, ocid, project_id, value,
    amount (and flag_ocid, the ocid as the flag states it; flag_row, the flags row's rowid). Narrow on purpose: titles, names, dates
    and peer statistics are added to the rows shown only (`_decorate`).

    A result passes when the process it belongs to passes (results with an ocid), when the project
    passes (project results), or, for a buyer / procuring entity / tenderer without an ocid, when at
    least one of its processes passes; its amount is then that of its filtered processes.
    With no filter at all, every flagged result is listed, placed or not (a project's process that
    was not loaded cannot be placed by state or date).
    """
    psql, pparams = process_where(f)
    prsql, prparams = project_where(f)
    cond, fparams = _flag_conditions(indicators, subject_types)
    if parties_only:  # the results placed through their processes (PARTY_RESULT), read from their part of flags
        cond += f" AND {PARTY_RESULT}"
    tenderer_join, tenderer_key = "", "NULL"
    if _has_party_flags(con):
        tenderer_join = """
          LEFT JOIN (SELECT tp.k, sum(fp.amt) AS amount FROM (
                       SELECT tk.k, pa.ocid FROM tk JOIN parties pa ON pa.party_id = tk.k
                       UNION SELECT tk.k, pa.ocid FROM tk JOIN parties pa ON pa.identifier = tk.k) tp
                     JOIN fp USING (ocid) GROUP BY tp.k) tn
            ON fl.subject_type = 'tenderer' AND fl.ocid IS NULL AND tn.k = fl.subject_id"""
        tenderer_key = "tn.k"
    where = ["TRUE"]
    if not _unfiltered(f, amount_range):
        where.append(f"(fp.ocid IS NOT NULL OR pj.project_id IS NOT NULL OR b.k IS NOT NULL OR e.k IS NOT NULL "
                     f"OR {tenderer_key} IS NOT NULL)")
    aparams: list[Any] = []
    amount = (f"coalesce(fp.amt, pj.amount, b.amount, e.amount{', tn.amount' if tenderer_join else ''})")
    if amount_range[0] is not None:
        where.append(f"{amount} >= ?")
        aparams.append(float(amount_range[0]))
    if amount_range[1] is not None:
        where.append(f"{amount} <= ?")
        aparams.append(float(amount_range[1]))
    sql = f"""
        WITH fp AS (SELECT p.ocid, p.buyer_id, p.procuring_entity_id, {AMOUNT} AS amt FROM processes p WHERE {psql}),
        fl AS (SELECT rowid AS r, indicator, subject_type, subject_id, ocid, value FROM flags fl WHERE {cond}),
        -- tenderers flagged without a process: only their parties are looked up
        tk AS (SELECT DISTINCT subject_id AS k FROM flags
               WHERE flagged AND subject_type = 'tenderer' AND ocid IS NULL)
        SELECT fl.indicator, fl.subject_type, fl.subject_id, fp.ocid, pj.project_id, fl.value, {amount} AS amount,
               fl.ocid AS flag_ocid, fl.r AS flag_row
        FROM fl
          LEFT JOIN fp ON fp.ocid = coalesce(fl.ocid, CASE WHEN fl.subject_type = 'ocid' THEN fl.subject_id END)
          LEFT JOIN (SELECT pr.project_id, coalesce(pr.completion_final_value, pr.budget) AS amount
                     FROM projects pr WHERE {prsql}) pj
            ON fl.subject_type = 'project' AND fl.ocid IS NULL AND pj.project_id = fl.subject_id
          LEFT JOIN (SELECT buyer_id AS k, sum(amt) AS amount FROM fp WHERE buyer_id IS NOT NULL GROUP BY 1) b
            ON fl.subject_type = 'buyer' AND fl.ocid IS NULL AND b.k = fl.subject_id
          LEFT JOIN (SELECT procuring_entity_id AS k, sum(amt) AS amount FROM fp
                     WHERE procuring_entity_id IS NOT NULL GROUP BY 1) e
            ON fl.subject_type = 'procuring_entity' AND fl.ocid IS NULL AND e.k = fl.subject_id
          {tenderer_join}
        WHERE {' AND '.join(where)}"""
    # placeholders in the order they appear: fp, fl, projects, amounts
    return sql, pparams + fparams + prparams + aparams


# a buyer's, procuring entity's or tenderer's result without an ocid: placed and summed through its processes
PARTY_RESULT = "fl.ocid IS NULL AND fl.subject_type IN ('buyer', 'procuring_entity', 'tenderer')"
PARTY_ROWS = "flag_list_party_rows"  # the parties' rows of one flag_list call, registered on its cursor
# flag_list_rows' columns of what the page shows of a row (obras.flag_index.decoration_sql), as it names them
SHOWN_COLUMNS = ("x.detail, x.shown_title AS title, x.shown_party AS party, x.shown_state_code AS state_code, "
                 "x.shown_implementer_id AS implementer_id, x.method, x.main_category, x.shown_date AS date")
LIST_MAP = {"state": "x.state_code", "implementer": "x.implementer_id", "year": "x.yr", "method": "x.method",
            "category": "x.main_category", "ocid": "x.ocid"}


def _list_conds(indicators: tuple[str, ...], subject_types: tuple[str, ...]) -> tuple[list[str], list[Any]]:
    """Conditions (and their parameters) on flag_list_rows `x`: not a party's row, of these indicators and
    subject types (empty = all)."""
    conds, params = _of_kinds("x", indicators, subject_types)
    return ["NOT x.party"] + conds, params


PARTY_MAP = {"state": "y.state_code", "implementer": "y.implementer_id", "year": "y.yr", "method": "y.method",
             "category": "y.main_category", "ocid": "y.ocid"}


def _party_rows_sql(f: Filters, indicators: tuple[str, ...], subject_types: tuple[str, ...],
                    amount_range: tuple[float | None, float | None]) -> tuple[str, list[Any]]:
    """_flag_core_sql's rows of the parties' results (parties_only), read from flag_list_rows and
    party_processes (built at refresh): a party's result passes the filters when one of its processes does,
    with the sum of the amounts of those that do; with no filter at all every one is listed."""
    conds, xparams = _list_conds(indicators, subject_types)
    ysql, yparams = f.where(PARTY_MAP)
    where, aparams = ["TRUE"], []
    if not _unfiltered(f, amount_range):
        where.append("s.k IS NOT NULL")
    if amount_range[0] is not None:
        where.append("s.amount >= ?")
        aparams.append(float(amount_range[0]))
    if amount_range[1] is not None:
        where.append("s.amount <= ?")
        aparams.append(float(amount_range[1]))
    sql = f"""
        SELECT x.indicator, x.subject_type, x.subject_id, NULL::VARCHAR AS ocid, NULL::VARCHAR AS project_id, x.value,
               s.amount, x.flag_ocid, x.r AS flag_row
        FROM flag_list_rows x
          LEFT JOIN (SELECT y.subject_type, y.k, sum(y.amt) AS amount FROM party_processes y WHERE {ysql}
                     GROUP BY 1, 2) s ON s.subject_type = x.subject_type AND s.k = x.subject_id
        WHERE x.party AND {' AND '.join(conds[1:]) or 'TRUE'} AND {' AND '.join(where)}"""
    return sql, yparams + xparams + aparams


def _flag_list_sql(con: duckdb.DuckDBPyConnection, f: Filters, indicators: tuple[str, ...],
                   subject_types: tuple[str, ...],
                   amount_range: tuple[float | None, float | None]) -> tuple[str, list[Any]]:
    """_flag_core_sql's rows read from `flag_list_rows` (built at refresh): a process's result passes with
    its process (the filters on the columns copied from it), a project's with its project (project_where),
    and a party's result as in _flag_core_sql (only those rows of flags are read there)."""
    conds, xparams = _list_conds(indicators, subject_types)
    psql, pparams = f.where(LIST_MAP)
    prsql, prparams = project_where(f)
    where, aparams = ["TRUE"], []
    if not _unfiltered(f, amount_range):
        where.append("(x.passes OR pj.project_id IS NOT NULL)")
    amount = "coalesce(CASE WHEN x.passes THEN x.amt END, pj.amount)"
    if amount_range[0] is not None:
        where.append(f"{amount} >= ?")
        aparams.append(float(amount_range[0]))
    if amount_range[1] is not None:
        where.append(f"{amount} <= ?")
        aparams.append(float(amount_range[1]))
    sql = f"""
        SELECT x.indicator, x.subject_type, x.subject_id, CASE WHEN x.passes THEN x.ocid END AS ocid, pj.project_id,
               x.value, {amount} AS amount, x.flag_ocid, x.r AS flag_row
        FROM (SELECT x.*, x.ocid IS NOT NULL AND {psql} AS passes FROM flag_list_rows x WHERE {' AND '.join(conds)}) x
          LEFT JOIN (SELECT pr.project_id, coalesce(pr.completion_final_value, pr.budget) AS amount
                     FROM projects pr WHERE {prsql}) pj
            ON x.subject_type = 'project' AND x.flag_ocid IS NULL AND pj.project_id = x.subject_id
        WHERE {' AND '.join(where)}"""
    params = pparams + xparams + prparams + aparams
    wanted = [t for t in ("buyer", "procuring_entity", "tenderer") if not subject_types or t in subject_types]
    present = con.execute(
        "SELECT EXISTS (SELECT 1 FROM flag_list_rows WHERE party AND list_contains(?::VARCHAR[], subject_type) "
        "AND (len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], indicator)))",
        [wanted, list(indicators), list(indicators)]).fetchall()[0][0] if wanted else False
    if present:
        party_sql, party_params = _party_rows_sql(f, indicators, subject_types, amount_range)
        sql = f"SELECT * FROM ({sql})\n        UNION ALL BY NAME\n        SELECT * FROM ({party_sql})"
        params = params + party_params
    return sql, params


def _flagged_sql(con: duckdb.DuckDBPyConnection, f: Filters, indicators: tuple[str, ...],
                 subject_types: tuple[str, ...],
                 amount_range: tuple[float | None, float | None]) -> tuple[str, list[Any]]:
    """The flagged results that pass the filters: from flag_list_rows when it belongs to this flags table,
    else computed from flags (_flag_core_sql); the same rows either way."""
    if _flag_list_ready(con):
        return _flag_list_sql(con, f, indicators, subject_types, amount_range)
    return _flag_core_sql(con, f, indicators, subject_types, amount_range)


def _flag_list_top(con: duckdb.DuckDBPyConnection, f: Filters, indicators: tuple[str, ...],
                   subject_types: tuple[str, ...], amount_range: tuple[float | None, float | None],
                   limit: int) -> tuple[str, list[Any], int]:
    """(SQL of the first `limit` rows in ORDER, its params, the number of rows) of _flag_list_sql's results,
    from flag_list_rows, part by part: a process's results sorted by their stored amount (the table is in
    amount order, so the top rows come from its first row groups), a project's, the unplaced ones (no filter
    at all) and the parties'; each part keeps its own first `limit`, then those are merged."""
    xconds, xparams = _list_conds(indicators, subject_types)
    psql, pparams = f.where(LIST_MAP)
    prsql, prparams = project_where(f)
    lo, hi = amount_range
    cols = "x.indicator, x.subject_type, x.subject_id, {ocid} AS ocid, {project} AS project_id, x.value, {amount} AS amount, " \
           "x.flag_ocid, x.r AS flag_row"
    project_row = "x.subject_type = 'project' AND x.flag_ocid IS NULL"

    def ranged(expr: str) -> tuple[str, list[Any]]:
        conds, params = [], []
        if lo is not None:
            conds.append(f"{expr} >= ?")
            params.append(float(lo))
        if hi is not None:
            conds.append(f"{expr} <= ?")
            params.append(float(hi))
        return (" AND ".join(conds) or "TRUE"), params

    parts: list[tuple[str, list[Any]]] = []
    r_sql, r_params = ranged("x.amt")
    parts.append((f"""SELECT {cols.format(ocid='x.ocid', project='NULL::VARCHAR', amount='x.amt')}
                      FROM flag_list_rows x WHERE {' AND '.join(xconds)} AND x.ocid IS NOT NULL AND {psql} AND {r_sql}""",
                  xparams + pparams + r_params))
    r_sql, r_params = ranged("pj.amount")
    parts.append((f"""SELECT {cols.format(ocid='NULL::VARCHAR', project='pj.project_id', amount='pj.amount')}
                      FROM flag_list_rows x JOIN (SELECT pr.project_id, coalesce(pr.completion_final_value, pr.budget)
                                                  AS amount FROM projects pr WHERE {prsql}) pj
                        ON pj.project_id = x.subject_id
                      WHERE {' AND '.join(xconds)} AND {project_row} AND {r_sql}""",
                  prparams + xparams + r_params))  # in the order of their placeholders
    if _unfiltered(f, amount_range):  # every result is listed: those with no loaded process or project too
        parts.append((f"""SELECT {cols.format(ocid='NULL::VARCHAR', project='NULL::VARCHAR', amount='NULL::DOUBLE')}
                          FROM flag_list_rows x WHERE {' AND '.join(xconds)} AND x.ocid IS NULL AND NOT ({project_row}
                                AND EXISTS (SELECT 1 FROM projects pr WHERE pr.project_id = x.subject_id))""", xparams))
    wanted = [t for t in ("buyer", "procuring_entity", "tenderer") if not subject_types or t in subject_types]
    if wanted and _unfiltered(f, amount_range):
        # every party's result, with the amount of all its processes (stored at refresh: the pass over every
        # process that sums them took most of an unfiltered first run)
        pconds, pparams = _list_conds(indicators, subject_types)
        parts.append((f"""SELECT {cols.format(ocid='NULL::VARCHAR', project='NULL::VARCHAR', amount='x.party_amt')}
                          FROM flag_list_rows x WHERE x.party AND {' AND '.join(pconds[1:]) or 'TRUE'}""", pparams))
    elif wanted and con.execute(
            "SELECT EXISTS (SELECT 1 FROM flag_list_rows WHERE party AND list_contains(?::VARCHAR[], subject_type) "
            "AND (len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], indicator)))",
            [wanted, list(indicators), list(indicators)]).fetchall()[0][0]:
        # a few rows, whose amounts take a pass over the filtered processes: read once, counted and merged here
        party_sql, party_params = _party_rows_sql(f, indicators, subject_types, amount_range)
        con.register(PARTY_ROWS, con.execute(party_sql, party_params).df())
        # what the page shows of them, stored with their rows (every party result is one)
        parts.append((f"SELECT * FROM {PARTY_ROWS}", []))
    total = sum(con.execute(f"SELECT count(*) FROM ({sql})", params).fetchall()[0][0] for sql, params in parts)
    tops = [f"SELECT * FROM (SELECT * FROM ({sql}) ORDER BY {ORDER} LIMIT {int(limit)})" for sql, _ in parts]
    union = "\n        UNION ALL BY NAME\n        ".join(tops)
    top = f"SELECT *, {int(total)} AS total_rows FROM ({union}) ORDER BY {ORDER} LIMIT {int(limit)}"
    return top, [p for _, params in parts for p in params], total


def _detail_number(name: str) -> str:
    # the peer-group statistics an indicator wrote in its detail JSON (e.g. OA-D2 per method) beat the
    # indicator-wide ones in indicator_stats; `name` is a fixed identifier, never user input
    return f"CASE WHEN json_valid(d.detail) THEN TRY_CAST(json_extract_string(d.detail, '$.{name}') AS DOUBLE) END"


# subject_type breaks the tie of a buyer and a procuring entity with one id and one amount (the demo has them)
ORDER = "amount DESC NULLS LAST, indicator, subject_id, subject_type, flag_ocid"


def _with_stats(decorated_sql: str) -> str:
    """The rows of `decorated_sql` (the listed results with obras.flag_index.decoration_sql's columns) with
    their peer statistics (detail JSON first, else the indicator's latest run)."""
    return f"""
        WITH st AS (SELECT * FROM indicator_stats
                    QUALIFY row_number() OVER (PARTITION BY indicator ORDER BY computed_at DESC NULLS LAST) = 1)
        SELECT d.indicator, d.subject_type, d.subject_id, d.ocid, d.project_id, d.value, d.amount,
               d.flag_ocid, d.flag_row, d.total_rows, d.detail, d.title, d.party, d.state_code, d.implementer_id,
               d.method, d.main_category, d.date,
               coalesce({_detail_number('q1')}, st.q1) AS q1, coalesce({_detail_number('q3')}, st.q3) AS q3,
               coalesce({_detail_number('fence')}, st.fence) AS fence,
               coalesce({_detail_number('peers')}, st.n_subjects) AS n_subjects
        FROM ({decorated_sql}) d LEFT JOIN st ON st.indicator = d.indicator"""


def _decorate(top_sql: str) -> str:
    """The rows of `top_sql` (a few thousand at most) with detail, title, party, state, implementer,
    method, category, date (obras.flag_index.decoration_sql) and peer statistics."""
    return _with_stats(flag_index.decoration_sql(top_sql))


@cached_query
def flag_list(con: duckdb.DuckDBPyConnection, f: Filters, indicators: tuple[str, ...] = (),
              subject_types: tuple[str, ...] = (), amount_range: tuple[float | None, float | None] = (None, None),
              limit: int = FLAG_LIST_LIMIT) -> tuple[int, pd.DataFrame]:
    """(total, rows): the number of flagged results that pass the filters, and the first `limit`
    of them, largest amounts first, with their context and peer statistics."""
    registered = False
    if _flag_list_ready(con):
        # the rows carry what the page shows of them (built at refresh): no other table is read for them
        top, params, _ = _flag_list_top(con, f, indicators, subject_types, amount_range, limit)
        registered = PARTY_ROWS in top
        # the first rows found on narrow columns, then what is shown of them (by rowid: r)
        shown = _with_stats(f"SELECT t.*, {SHOWN_COLUMNS} FROM ({top}) t LEFT JOIN flag_list_rows x ON x.r = t.flag_row")
    else:
        sql, params = _flag_core_sql(con, f, indicators, subject_types, amount_range)
        # one pass over the results: the window counts them all before the limit keeps the first ones
        shown = _decorate(f"SELECT *, count(*) OVER () AS total_rows FROM ({sql}) ORDER BY {ORDER} LIMIT {int(limit)}")
    rows = con.execute(
        f"""SELECT r.*, s.name AS state, coalesce(i.name, r.implementer_id) AS implementer
            FROM ({shown}) r LEFT JOIN states s ON s.state_code = r.state_code
                 LEFT JOIN implementers i ON i.implementer_id = r.implementer_id
            ORDER BY {ORDER.replace('indicator', 'r.indicator')}""", params).df()
    if registered:
        con.unregister(PARTY_ROWS)
    total = int(rows["total_rows"].iloc[0]) if len(rows) else 0
    return total, rows.drop(columns=["total_rows", "flag_row"])


@cached_query
def flag_summary(con: duckdb.DuckDBPyConnection, f: Filters, subject_types: tuple[str, ...] = (),
                 amount_range: tuple[float | None, float | None] = (None, None)) -> pd.DataFrame:
    """Flagged results per indicator for the filtered view (for the chart above the list)."""
    if _unfiltered(f, amount_range):
        if _flag_list_ready(con):  # every flagged current result is a row of flag_list_rows
            types = f"WHERE subject_type IN ({', '.join('?' * len(subject_types))})" if subject_types else ""
            return con.execute(f"SELECT indicator, count(*) AS flagged FROM flag_list_rows {types} GROUP BY indicator "
                               "ORDER BY 2 DESC, 1", list(subject_types)).df()
        cond, fparams = _flag_conditions((), subject_types)
        return con.execute(f"SELECT indicator, count(*) AS flagged FROM flags fl WHERE {cond} GROUP BY indicator "
                           "ORDER BY 2 DESC, 1", fparams).df()
    sql, params = _flagged_sql(con, f, (), subject_types, amount_range)
    return con.execute(f"SELECT indicator, count(*) AS flagged FROM ({sql}) GROUP BY indicator ORDER BY 2 DESC, 1",
                       params).df()


@cached_query
def subject_flags(con: duckdb.DuckDBPyConnection, subject_type: str, subject_id: str) -> pd.DataFrame:
    """Every indicator result for one subject (flagged or not), with the peer statistics."""
    return con.execute(
        """WITH st AS (SELECT * FROM indicator_stats
                       QUALIFY row_number() OVER (PARTITION BY indicator ORDER BY computed_at DESC NULLS LAST) = 1)
           SELECT fl.indicator, fl.value, fl.flagged, fl.computable, fl.detail, fl.ocid, st.q1, st.q3, st.fence,
                  st.n_subjects
           FROM flags fl LEFT JOIN st USING (indicator)
           WHERE fl.subject_type = ? AND fl.subject_id = ?
           ORDER BY fl.flagged DESC NULLS LAST, fl.indicator""", [subject_type, subject_id]).df()


@cached_query
def process_evidence(con: duckdb.DuckDBPyConnection, ocid: str) -> dict[str, Any] | None:
    """The facts of one process a reader checks a flag against."""
    rows = con.execute(
        """SELECT p.ocid, p.title, p.buyer_name, p.procuring_entity_name, p.method, p.method_details,
                  p.main_category, p.tender_status, p.tender_value, p.currency, p.tender_start, p.tender_end,
                  p.number_of_tenderers, p.award_date, p.award_value, p.contract_value, p.date_signed,
                  p.contract_start, p.contract_end, s.name AS state, coalesce(i.name, p.implementer_id) AS implementer,
                  (SELECT string_agg(DISTINCT pp.project_id, ', ') FROM project_processes pp WHERE pp.ocid = p.ocid)
                    AS projects
           FROM processes p LEFT JOIN states s USING (state_code)
                LEFT JOIN implementers i ON i.implementer_id = p.implementer_id
           WHERE p.ocid = ?""", [ocid]).df()
    return rows.iloc[0].to_dict() if len(rows) else None


@cached_query
def project_evidence(con: duckdb.DuckDBPyConnection, project_id: str) -> dict[str, Any] | None:
    """The facts of one project a reader checks a flag against."""
    rows = con.execute(
        """SELECT pr.project_id, pr.title, pr.status, pr.budget, pr.currency, pr.period_start, pr.period_end,
                  pr.completion_end_date, pr.completion_final_value, pr.public_authority_name, s.name AS state,
                  coalesce(i.name, pr.implementer_id) AS implementer,
                  (SELECT count(*) FROM project_processes pp WHERE pp.project_id = pr.project_id) AS processes
           FROM projects pr LEFT JOIN states s USING (state_code)
                LEFT JOIN implementers i ON i.implementer_id = pr.implementer_id
           WHERE pr.project_id = ?""", [project_id]).df()
    return rows.iloc[0].to_dict() if len(rows) else None


@cached_query
def party_processes(con: duckdb.DuckDBPyConnection, subject_type: str, subject_id: str, f: Filters,
                    limit: int = 200) -> tuple[int, pd.DataFrame]:
    """(total, first rows) of the filtered processes of a buyer, procuring entity or tenderer."""
    cte, params = _filtered_processes(f)
    if subject_type == "buyer":
        cond, extra = "fp.buyer_id = ?", [subject_id]
    elif subject_type == "procuring_entity":
        cond, extra = "fp.procuring_entity_id = ?", [subject_id]
    else:
        cond = "fp.ocid IN (SELECT ocid FROM parties WHERE party_id = ? OR identifier = ?)"
        extra = [subject_id, subject_id]
    sql = f"""WITH {cte} SELECT fp.ocid, fp.title, fp.method, fp.number_of_tenderers, fp.amt AS amount,
                                fp.yr AS year
              FROM fp WHERE {cond}"""
    total = con.execute(f"SELECT count(*) FROM ({sql})", params + extra).fetchall()[0][0]
    rows = con.execute(f"{sql} ORDER BY amount DESC NULLS LAST LIMIT ?", params + extra + [limit]).df()
    return total, rows


# --- Descargas ------------------------------------------------------------------------------------
def _download_sql(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None) -> tuple[str, list[Any]]:
    cte, params = _filtered_processes(f)
    scored = has_table(con, "process_scores")
    # the rows first (ordered, limited), then their flags: a preview never aggregates every result
    limit_sql = f"LIMIT {int(limit)}" if limit is not None else ""
    score_cte = (""", sc AS (SELECT s.ocid, any_value(s.score) AS score, any_value(s.n_computable) AS n_computable,
                                   any_value(s.n_flagged) AS n_flagged
                            FROM process_scores s SEMI JOIN sel ON sel.ocid = s.ocid GROUP BY s.ocid)"""
                 if scored else "")
    score_cols = (", sc.score AS process_score, sc.n_computable AS score_computable, sc.n_flagged AS score_flagged"
                  if scored else "")
    score_join = "LEFT JOIN sc ON sc.ocid = sel.ocid" if scored else ""
    sql = f"""
        WITH {cte},
        sel AS (SELECT * FROM fp ORDER BY ocid {limit_sql}),
        pf AS (SELECT fl.subject_id AS ocid, count(*) FILTER (WHERE fl.flagged) AS flags,
                      count(*) FILTER (WHERE fl.computable) AS indicators_computable,
                      string_agg(fl.indicator, '|' ORDER BY fl.indicator) FILTER (WHERE fl.flagged) AS flagged_indicators
               FROM flags fl SEMI JOIN sel ON sel.ocid = fl.subject_id
               WHERE fl.subject_type = 'ocid' GROUP BY fl.subject_id)
        {score_cte}
        SELECT sel.ocid, sel.title, sel.implementer_id, i.name AS implementer, sel.state_code, s.name AS state,
               sel.buyer_id, sel.buyer_name, sel.main_category, sel.method, sel.method_details, sel.tender_status,
               sel.number_of_tenderers, sel.tender_value, sel.award_value, sel.contract_value, sel.currency,
               sel.tender_start, sel.tender_end, sel.award_date, sel.date_signed, sel.contract_start, sel.contract_end,
               sel.yr AS year, coalesce(pf.flags, 0) AS flags,
               coalesce(pf.indicators_computable, 0) AS indicators_computable, pf.flagged_indicators {score_cols}
        FROM sel LEFT JOIN pf ON pf.ocid = sel.ocid LEFT JOIN implementers i ON i.implementer_id = sel.implementer_id
             LEFT JOIN states s ON s.state_code = sel.state_code {score_join}
        ORDER BY sel.ocid"""
    return sql, params


@cached_query
def download_about(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What a download says about its data: when the data were loaded (latest sources.loaded_at), the
    latest release date in them and when the indicators were computed (None when unknown)."""
    loaded, latest = con.execute(
        "SELECT (SELECT max(loaded_at) FROM sources), (SELECT max(last_release_date) FROM processes)").fetchall()[0]
    computed = (con.execute("SELECT max(computed_at) FROM indicator_stats").fetchall()[0][0]
                if has_table(con, "indicator_stats") else None)
    return {"loaded_at": loaded, "latest_release": latest, "indicators_computed_at": computed}


@cached_query
def download_count(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    """Number of processes in the filtered view (the rows a download holds)."""
    sql, params = process_where(f)
    return con.execute(f"SELECT count(*) FROM processes p WHERE {sql}", params).fetchall()[0][0]


@cached_query
def download_rows(con: duckdb.DuckDBPyConnection, f: Filters, limit: int | None = None) -> pd.DataFrame:
    """The filtered processes with their flags (count, codes) and score, ordered by ocid (the first
    `limit` when given)."""
    sql, params = _download_sql(con, f, limit)
    return con.execute(sql, params).df()
