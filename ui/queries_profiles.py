"""Read-only queries behind the profile pages: one project, one contracting process, one supplier.

Plain functions of a DuckDB connection (first argument), so tests call them without Streamlit; pages
call them without one (`ui.db.cached_query`: cached per database version). Values always travel as
parameters.
"""
from __future__ import annotations

import math
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

import duckdb
import orjson
import pandas as pd

from ui.db import cached_query
from core import rules

# Tables of a process's implementation record that an implementer may or may not publish at all.
PROCESS_DETAIL_TABLES = ("bids", "awards", "contracts", "amendments", "milestones", "transactions")

# An award "counts" (a win, an amount awarded) when it is active, or carries no status at all: the same
# rule as processes.award_value in loaders/compile/flatten.py.
AWARD_COUNTS = rules.award_counts("a")

# Amounts are summed only in pesos (or with no currency stated, which Mexican publishers mean as pesos).
IN_PESOS = rules.in_main_currency("a.currency")

# A supplier is known by its RFC where one can be read, otherwise by its party id: the rule is applied once
# per refresh into the tables `supplier_awards` (one row per award and supplier id, with its supplier_key)
# and `suppliers` (one row per supplier key), obras/supplier_index.py.


_URL_SAFE = ":/?#[]@!$&()*+,;=%~"  # kept as they are; everything else outside A-Z a-z 0-9 _.- is encoded


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return df.to_dict("records")


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> dict[str, Any] | None:
    rel = con.execute(sql, params)
    names = [d[0] for d in rel.description]
    rows = rel.fetchall()
    return dict(zip(names, rows[0])) if rows else None


def _num(x: Any) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return float(x)


def http_url(value: Any) -> str | None:
    """`value` as a safe absolute http(s) link (spaces, accents, quotes and angle brackets
    percent-encoded, as publishers often leave them raw), else None (never a javascript: or data: link)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return quote(url, safe=_URL_SAFE)


# ---- projects -------------------------------------------------------------------------------------


@cached_query
def project_options(con: duckdb.DuckDBPyConnection, search: str = "", limit: int = 500) -> pd.DataFrame:
    """Projects to choose from (id, title, implementer), those matching `search` in id or title."""
    return con.execute(
        """SELECT p.project_id, p.title, coalesce(i.name, p.public_authority_name) AS implementer
           FROM projects p LEFT JOIN implementers i USING (implementer_id)
           WHERE ? = '' OR contains(strip_accents(lower(p.project_id)), strip_accents(lower(?)))
              OR contains(strip_accents(lower(coalesce(p.title, ''))), strip_accents(lower(?)))
           ORDER BY p.project_id LIMIT ?""",
        [search, search, search, limit],
    ).df()


@cached_query
def project_detail(con: duckdb.DuckDBPyConnection, project_id: str) -> dict[str, Any] | None:
    """One project's facts, with cost and time overrun against its budget and planned end."""
    row = _one(
        con,
        """SELECT p.project_id, p.title, p.description, p.status, p.sector, p.type, p.budget, p.currency,
                  p.period_start, p.period_end, p.completion_end_date, p.completion_final_value,
                  p.completion_final_scope, p.public_authority_name, p.implementer_id,
                  i.name AS implementer_name, s.name AS state_name, p.updated, p.source_id
           FROM projects p LEFT JOIN implementers i USING (implementer_id)
                LEFT JOIN states s ON s.state_code = p.state_code
           WHERE p.project_id = ? LIMIT 1""",
        [project_id],
    )
    if row is None:
        return None
    budget, final = _num(row["budget"]), _num(row["completion_final_value"])
    row["cost_difference"] = final - budget if budget is not None and final is not None else None
    row["cost_overrun"] = (final - budget) / budget if budget and final is not None else None
    planned, actual = row["period_end"], row["completion_end_date"]
    row["days_late"] = (actual - planned).days if isinstance(planned, datetime) and isinstance(actual, datetime) \
        else None
    return row


@cached_query
def project_locations(con: duckdb.DuckDBPyConnection, project_id: str) -> pd.DataFrame:
    """Points of a project that have coordinates (lon, lat), with locality and region."""
    return con.execute(
        """SELECT location_index, lon, lat, locality, region, state_code, municipality_code
           FROM project_locations
           WHERE project_id = ? AND lon IS NOT NULL AND lat IS NOT NULL
             AND lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90
           ORDER BY location_index""",
        [project_id],
    ).df()


@cached_query
def project_processes(con: duckdb.DuckDBPyConnection, project_id: str) -> pd.DataFrame:
    """The contracting processes a project lists, joined to the loaded process where one matches.

    Project-level summary values (OC4IDS) win where published; the loaded process fills the gaps.
    """
    return con.execute(
        """SELECT pp.process_index, pp.process_ref, pp.ocid, pr.title, pr.method, pr.method_details,
                  coalesce(pp.status, pr.tender_status) AS status, pr.buyer_name,
                  coalesce(pp.number_of_tenderers, pr.number_of_tenderers) AS number_of_tenderers,
                  coalesce(pp.cost_estimate, pr.tender_value) AS cost_estimate,
                  coalesce(pp.contract_value, pr.contract_value) AS contract_value, pp.final_value,
                  pr.tender_start, pr.tender_end, pr.award_date, pr.date_signed,
                  coalesce(pp.contract_start, pr.contract_start) AS contract_start,
                  coalesce(pp.contract_end, pr.contract_end) AS contract_end,
                  pr.ocid IS NOT NULL AS loaded
           FROM project_processes pp LEFT JOIN processes pr ON pr.ocid = pp.ocid
           WHERE pp.project_id = ? ORDER BY pp.process_index""",
        [project_id],
    ).df()


@cached_query
def project_timeline(con: duckdb.DuckDBPyConnection, project_id: str) -> pd.DataFrame:
    """Bars for a timeline: the project's planned and actual periods and each process's tender and
    contract periods (columns: row, phase, start, end, ocid). Bars without both dates are left out."""
    return timeline_frame(project_id, project_detail(con, project_id), project_processes(con, project_id))


def timeline_frame(project_id: str, project: dict[str, Any] | None, processes: pd.DataFrame) -> pd.DataFrame:
    """project_timeline from a project's project_detail and project_processes already read (Proyecto has
    them: reading them again took 0.5-1 s at a million processes)."""
    rows: list[dict[str, Any]] = []
    if project is None:
        return pd.DataFrame(columns=["row", "phase", "start", "end", "ocid"])
    if project["period_start"] is not None:
        rows.append({"row": project_id, "phase": "planned", "start": project["period_start"],
                     "end": project["period_end"], "ocid": None})
        rows.append({"row": project_id, "phase": "actual", "start": project["period_start"],
                     "end": project["completion_end_date"], "ocid": None})
    for p in _records(processes):
        label = p["ocid"] or p["process_ref"]
        rows.append({"row": label, "phase": "tender", "start": p["tender_start"], "end": p["tender_end"],
                     "ocid": p["ocid"]})
        rows.append({"row": label, "phase": "contract", "start": p["contract_start"], "end": p["contract_end"],
                     "ocid": p["ocid"]})
    df = pd.DataFrame(rows, columns=["row", "phase", "start", "end", "ocid"])
    df = df[df["start"].notna() & df["end"].notna()]
    # a bar that ends before it starts is a data error; it is shown in the tables, not drawn
    df = df[pd.to_datetime(df["end"]) >= pd.to_datetime(df["start"])]
    return df.reset_index(drop=True)


def _modification_rows(process_ref: str, ocid: str | None, raw: Any) -> list[dict[str, Any]]:
    """OC4IDS summary.modifications[] as rows (values and end dates before/after where published)."""
    try:
        mods = orjson.loads(raw) if isinstance(raw, (str, bytes)) else raw
    except orjson.JSONDecodeError:
        return []
    out = []
    for m in mods if isinstance(mods, list) else []:
        if not isinstance(m, dict):
            continue

        def amount(key: str) -> float | None:
            v = m.get(key)
            v = v.get("amount") if isinstance(v, dict) else None
            return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None

        def end(key: str) -> Any:
            v = m.get(key)
            return pd.to_datetime(v.get("endDate"), errors="coerce", utc=True) if isinstance(v, dict) else None

        text = m.get("description") or m.get("rationale") or m.get("type")
        out.append({"ocid": ocid or process_ref, "origin": "project", "date": None,
                    "description": str(text) if text is not None else None,
                    "old_value": amount("oldContractValue"), "new_value": amount("newContractValue"),
                    "old_end_date": end("oldContractPeriod"), "new_end_date": end("newContractPeriod")})
    return out


@cached_query
def project_modifications(con: duckdb.DuckDBPyConnection, project_id: str) -> pd.DataFrame:
    """Modifications of a project's contracts: those the project summary publishes and the amendments
    (explicit, or changes seen between releases) of its loaded processes. origin: project | contract |
    tender | release_history."""
    rows: list[dict[str, Any]] = []
    for ref, ocid, raw in con.execute(
        "SELECT process_ref, ocid, modifications FROM project_processes WHERE project_id = ? "
        "AND modifications IS NOT NULL ORDER BY process_index", [project_id]
    ).fetchall():
        rows += _modification_rows(ref, ocid, raw)
    amendments = con.execute(
        """SELECT a.ocid, a.source AS origin, a.date, a.rationale AS description, a.old_value, a.new_value,
                  a.old_end_date, a.new_end_date
           FROM amendments a
           WHERE a.ocid IN (SELECT ocid FROM project_processes WHERE project_id = ? AND ocid IS NOT NULL)
           ORDER BY a.ocid, a.date NULLS LAST""",
        [project_id],
    ).df()
    cols = ["ocid", "origin", "date", "description", "old_value", "new_value", "old_end_date", "new_end_date"]
    frames = [f for f in (pd.DataFrame(rows, columns=cols), amendments[cols]) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=cols)
    for f in frames:  # one time zone convention before concatenating
        for c in ("date", "old_end_date", "new_end_date"):
            f[c] = pd.to_datetime(f[c], errors="coerce", utc=True).dt.tz_localize(None)
    return pd.concat(frames, ignore_index=True)


@cached_query
def project_documents(con: duckdb.DuckDBPyConnection, project_id: str) -> pd.DataFrame:
    """documents[] of a project (title, type, format, url); url is null unless it is an http(s) link."""
    rows = con.execute("SELECT json FROM projects WHERE project_id = ? LIMIT 1", [project_id]).fetchall()
    cols = ["title", "document_type", "format", "url", "published_url"]
    if not rows or rows[0][0] is None:
        return pd.DataFrame(columns=cols)
    try:
        project = orjson.loads(rows[0][0])
    except orjson.JSONDecodeError:
        return pd.DataFrame(columns=cols)
    docs = project.get("documents") if isinstance(project, dict) else None
    out = []
    for d in docs if isinstance(docs, list) else []:
        if not isinstance(d, dict):
            continue
        raw = d.get("url")
        out.append({"title": str(d.get("title") or d.get("id") or ""), "document_type": d.get("documentType"),
                    "format": d.get("format"), "url": http_url(raw),
                    "published_url": raw if isinstance(raw, str) else None})
    return pd.DataFrame(out, columns=cols)


# ---- flags -----------------------------------------------------------------------------------------

_FLAG_COLUMNS = """f.indicator, f.subject_type, f.subject_id, f.ocid, f.value, f.flagged, f.computable, f.detail,
                   s.q1, s.q3, s.fence"""
_LATEST_STATS = """(SELECT * FROM indicator_stats
                    QUALIFY row_number() OVER (PARTITION BY indicator ORDER BY computed_at DESC NULLS LAST) = 1)"""


def _flags_of(con: duckdb.DuckDBPyConnection, ids: list[str]) -> tuple[str, list[Any]]:
    """(SQL, params) of a relation holding at least every `flags` row whose ocid or subject id is one of `ids`:
    those rows found through `flag_keys` (built at refresh) while it belongs to this flags table, else the
    whole table. Callers still apply their own condition on it, so extra rows never show."""
    try:
        ready = con.execute("SELECT (SELECT count(*) FROM flags) = (SELECT max(flags_rows) FROM flag_keys_state)"
                            ).fetchall()[0][0]
    except duckdb.CatalogException:  # a database refreshed before the keys existed
        ready = False
    if not ready:
        return "flags", []
    # the row ids first, then those rows: as one query the planner scanned flags whole
    rows = [r[0] for r in con.execute(
        "SELECT r FROM flag_keys WHERE k IN (SELECT md5_number_upper(unnest(?::VARCHAR[])))", [ids]).fetchall()]
    return "(SELECT * FROM flags WHERE rowid IN (SELECT unnest(?::BIGINT[])))", [rows]


@cached_query
def project_flags(con: duckdb.DuckDBPyConnection, project_id: str) -> pd.DataFrame:
    """Indicator results for a project and for the processes it lists (flagged or not), with the
    quartiles and fence of the indicator's latest run."""
    linked = [r[0] for r in con.execute(
        "SELECT DISTINCT ocid FROM project_processes WHERE project_id = ? AND ocid IS NOT NULL", [project_id]).fetchall()]
    source, params = _flags_of(con, [project_id] + linked)
    return con.execute(
        f"""SELECT {_FLAG_COLUMNS}
            FROM {source} f LEFT JOIN {_LATEST_STATS} s USING (indicator)
            WHERE (f.subject_type = 'project' AND f.subject_id = ?)
               OR list_contains(?::VARCHAR[], f.ocid)
               OR (f.subject_type = 'ocid' AND list_contains(?::VARCHAR[], f.subject_id))
            ORDER BY f.flagged DESC NULLS LAST, f.indicator, f.ocid""",
        params + [project_id, linked, linked],
    ).df()


@cached_query
def process_flags(con: duckdb.DuckDBPyConnection, ocid: str) -> pd.DataFrame:
    """Indicator results that belong to one process (flagged or not), with quartiles and fence."""
    source, params = _flags_of(con, [ocid])
    return con.execute(
        f"""SELECT {_FLAG_COLUMNS}
            FROM {source} f LEFT JOIN {_LATEST_STATS} s USING (indicator)
            WHERE f.ocid = ? OR (f.subject_type = 'ocid' AND f.subject_id = ?)
            ORDER BY f.flagged DESC NULLS LAST, f.indicator""",
        params + [ocid, ocid],
    ).df()


# ---- processes -------------------------------------------------------------------------------------


def _rows_of(con: duckdb.DuckDBPyConnection, table: str, ocid: str) -> tuple[str, list[Any]]:
    """(SQL, params) of a relation holding at least every row of `table` (one of obras.process_keys.TABLES,
    never input) whose ocid is `ocid`: those rows found through `process_keys` (built at refresh) while they
    index this table as it is (as many rows, no load since), else the whole table. Callers still apply
    `ocid = ?`, so extra rows never show."""
    try:
        ready = con.execute(
            f"""SELECT coalesce(bool_and(s.table_rows = (SELECT count(*) FROM "{table}")
                                         AND s.loaded_at IS NOT DISTINCT FROM (SELECT max(loaded_at) FROM sources)),
                                false)
                FROM process_keys_state s WHERE s.t = ?""", [table]).fetchall()[0][0]
    except duckdb.CatalogException:  # a database refreshed before the keys existed
        ready = False
    if not ready:
        return f'"{table}"', []
    # the row ids first, then those rows: as one query the planner read the table whole
    rows = [r[0] for r in con.execute("SELECT r FROM process_keys WHERE k = md5_number_upper(?) AND t = ?",
                                      [ocid, table]).fetchall()]
    if not rows:
        return f'(SELECT * FROM "{table}" WHERE FALSE)', []
    # a process's rows were loaded together: the range lets the scan skip every other row group
    return (f'(SELECT * FROM "{table}" WHERE rowid BETWEEN ? AND ? AND rowid IN (SELECT unnest(?::BIGINT[])))',
            [min(rows), max(rows), rows])




@cached_query
def process_options(con: duckdb.DuckDBPyConnection, search: str = "", limit: int = 200) -> pd.DataFrame:
    """Processes to choose from (ocid, title, buyer), those matching `search` in ocid, title or buyer
    (accents and case ignored, as in Buscar: "construccion" finds "CONSTRUCCIÓN"); the largest contracts
    first. Superseded drafts are not offered (their pages open by link)."""
    return con.execute(
        f"""SELECT ocid, title, buyer_name FROM processes p
           WHERE {rules.is_current('p')} AND (? = '' OR contains(strip_accents(lower(ocid)), strip_accents(lower(?)))
              OR contains(strip_accents(lower(coalesce(title, ''))), strip_accents(lower(?)))
              OR contains(strip_accents(lower(coalesce(buyer_name, ''))), strip_accents(lower(?))))
           ORDER BY contract_value DESC NULLS LAST, ocid LIMIT ?""",
        [search, search, search, search, limit],
    ).df()


@cached_query
def process_detail(con: duckdb.DuckDBPyConnection, ocid: str) -> dict[str, Any] | None:
    """One process's summary row (without its JSON), with implementer and state names."""
    source, params = _rows_of(con, "processes", ocid)
    return _one(
        con,
        f"""SELECT p.* EXCLUDE (json), i.name AS implementer_name, s.name AS state_name
           FROM {source} p LEFT JOIN implementers i USING (implementer_id)
                LEFT JOIN states s ON s.state_code = p.state_code
           WHERE p.ocid = ? LIMIT 1""",
        params + [ocid],
    )


@cached_query
def process_table(con: duckdb.DuckDBPyConnection, table: str, ocid: str) -> pd.DataFrame:
    """Rows of one of PROCESS_DETAIL_TABLES (or parties) for a process, in a readable order."""
    order = {
        "parties": "name", "bids": "date NULLS LAST, bid_id", "awards": "date NULLS LAST, award_id",
        "contracts": "date_signed NULLS LAST, contract_id", "amendments": "date NULLS LAST, contract_id",
        "milestones": "due_date NULLS LAST, milestone_id", "transactions": "date NULLS LAST, transaction_id",
    }
    if table not in order:  # table names come from this whitelist only
        raise ValueError(f"not a process table: {table!r}")
    source, params = _rows_of(con, table, ocid)
    return con.execute(f"SELECT * EXCLUDE (ocid) FROM {source} WHERE ocid = ? ORDER BY {order[table]}",
                       params + [ocid]).df()


@cached_query
def implementer_publishes(con: duckdb.DuckDBPyConnection, implementer_id: str | None, table: str) -> bool:
    """Whether any process of this implementer (or, with no implementer, any process) has rows in `table`:
    tells "this process has none" apart from "this publisher never publishes them"."""
    if table not in PROCESS_DETAIL_TABLES:
        raise ValueError(f"not a process table: {table!r}")
    return bool(con.execute(
        f"""SELECT EXISTS (SELECT 1 FROM "{table}" t JOIN processes p USING (ocid)
                           WHERE ? IS NULL OR p.implementer_id = ?)""",
        [implementer_id, implementer_id],
    ).fetchall()[0][0])


@cached_query
def process_json(con: duckdb.DuckDBPyConnection, ocid: str) -> str | None:
    """The compiled, normalised release of a process as JSON text."""
    source, params = _rows_of(con, "processes", ocid)
    rows = con.execute(f"SELECT json FROM {source} WHERE ocid = ? LIMIT 1", params + [ocid]).fetchall()
    return rows[0][0] if rows else None


@cached_query
def process_releases(con: duckdb.DuckDBPyConnection, ocid: str) -> pd.DataFrame:
    """The releases of a process as published (release_id, date, tags, source, locator, json)."""
    source, params = _rows_of(con, "releases", ocid)
    return con.execute(
        f"""SELECT release_id, date, tags, source_id, locator, json FROM {source} WHERE ocid = ?
           ORDER BY date NULLS FIRST, release_id""",
        params + [ocid],
    ).df()


@cached_query
def process_projects(con: duckdb.DuckDBPyConnection, ocid: str) -> pd.DataFrame:
    """Projects that list this process."""
    source, params = _rows_of(con, "project_processes", ocid)
    return con.execute(
        f"""SELECT DISTINCT p.project_id, p.title FROM {source} pp JOIN projects p USING (project_id)
           WHERE pp.ocid = ? ORDER BY p.project_id""",
        params + [ocid],
    ).df()


# ---- suppliers -------------------------------------------------------------------------------------


@cached_query
def supplier_options(con: duckdb.DuckDBPyConnection, search: str = "", limit: int = 200) -> pd.DataFrame:
    """Suppliers (key, name, wins, amount in pesos), those matching `search` in name, RFC or party id;
    largest amount first."""
    return con.execute(
        """WITH q AS (SELECT ?::VARCHAR AS search)
           SELECT s.supplier_key, s.name, s.wins, s.amount
           FROM suppliers s, q
           WHERE q.search = '' OR contains(lower(s.supplier_key), lower(q.search))
              OR len(list_filter(s.search_names, lambda n: contains(n, strip_accents(lower(q.search))))) > 0
              OR len(list_filter(s.search_ids, lambda i: contains(i, lower(q.search)))) > 0
           ORDER BY s.amount DESC, s.supplier_key LIMIT ?""",
        [search, limit],
    ).df()


@cached_query
def resolve_supplier(con: duckdb.DuckDBPyConnection, ref: str) -> str | None:
    """The supplier key for a party id or an RFC (any case), or None when no award names it."""
    rows = con.execute(
        """SELECT supplier_key FROM supplier_awards
           WHERE supplier_key = ? OR supplier_key = upper(trim(?)) OR party_id = ?
              OR upper(trim(identifier)) = upper(trim(?))
           ORDER BY supplier_key = ? DESC, supplier_key LIMIT 1""",
        [ref, ref, ref, ref, ref],
    ).fetchall()
    return rows[0][0] if rows else None


@cached_query
def supplier_summary(con: duckdb.DuckDBPyConnection, supplier_key: str) -> dict[str, Any] | None:
    """Names, party ids, wins (processes with an active award to it), awards in all and those that do not
    count, amount won in pesos, buyers, first and last award date (table `suppliers`, built at refresh)."""
    return _one(
        con,
        """SELECT supplier_key, top_name AS name, names, party_ids, wins, awards, other_awards, amount, buyers,
                  first_award, last_award
           FROM suppliers WHERE supplier_key = ? LIMIT 1""",
        [supplier_key],
    )


_AWARD_ORDER = "a.date DESC NULLS LAST, a.ocid, a.award_id, a.party_id"


@cached_query
def supplier_awards(con: duckdb.DuckDBPyConnection, supplier_key: str, limit: int | None = None,
                    offset: int = 0) -> pd.DataFrame:
    """The awards naming the supplier, latest first, with the process, its buyer and method; `counts` says
    whether it is a win (active or without status). `limit` rows from `offset` (a page of the table), or
    every award when `limit` is None (the download). The process's columns are copied into supplier_awards
    at refresh: joining `processes` for a page took 0.3-0.5 s at a million processes."""
    page = "" if limit is None else f"LIMIT {int(limit)} OFFSET {int(offset)}"
    return con.execute(
        f"""SELECT a.ocid, a.award_id, a.status, a.date, a.value, a.currency, a.title, a.buyer_name,
                   a.method, a.method_details, a.number_of_tenderers, {AWARD_COUNTS} AS counts
            FROM supplier_awards a WHERE a.supplier_key = ?
            ORDER BY {_AWARD_ORDER} {page}""",
        [supplier_key],
    ).df()


@cached_query
def supplier_buyers(con: duckdb.DuckDBPyConnection, supplier_key: str) -> pd.DataFrame:
    """Per buyer the supplier won from: its wins and amount, the buyer's total awarded amount (pesos,
    active awards, all suppliers) and the supplier's share of it (table `supplier_buyers`, built at refresh)."""
    return con.execute(
        """SELECT buyer_id, buyer_name, wins, buyer_processes, amount, buyer_amount, share
           FROM supplier_buyers WHERE supplier_key = ?
           ORDER BY amount DESC, buyer_name""",
        [supplier_key],
    ).df()


@cached_query
def supplier_flag_counts(con: duckdb.DuckDBPyConnection, supplier_key: str) -> pd.DataFrame:
    """The supplier's indicator results counted per indicator and outcome (indicator, outcome, results):
    the table `supplier_flag_counts`, built at refresh with the same rule as supplier_flag_rows."""
    return con.execute(
        "SELECT indicator, outcome, results FROM supplier_flag_counts WHERE supplier_key = ? ORDER BY indicator, outcome",
        [supplier_key],
    ).df()


# the order of a supplier's results: by outcome (flagged, suspect, not computable, not flagged), indicator, process
_OUTCOME_ORDER = "CASE outcome WHEN 'flagged' THEN 0 WHEN 'suspect' THEN 1 WHEN 'not_computable' THEN 2 ELSE 3 END"
_RESULT_ORDER = "indicator, ocid, subject_type, subject_id"


@cached_query
def supplier_flag_rows(con: duckdb.DuckDBPyConnection, supplier_key: str, outcome: str | None = None,
                       limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """Indicator results about a supplier as tenderer and those of the processes it won
    (obras.supplier_index.supplier_flag_hits_sql), with quartiles and fence: those of one `outcome` (every
    one when None), `limit` rows from `offset` (one page of a table) or all of them when `limit` is None
    (the download). Ordered by outcome, indicator, ocid, subject."""
    from obras.supplier_index import ids_sql, supplier_flag_hits_sql, won_sql

    where = "TRUE" if outcome is None else "f.outcome = $2"
    params: list[Any] = [supplier_key] + ([outcome] if outcome is not None else [])
    page = "" if limit is None else f"LIMIT {int(limit)} OFFSET {int(offset)}"
    if outcome is not None and limit is not None:
        # rows come ordered by indicator first, and the refresh counted them per indicator: the page's rows
        # are those of the few indicators it spans, read from their part of `flags` only (it is written in
        # indicator order, so the other indicators' row groups are skipped): 0.3 s instead of 1-4 s
        counts = con.execute("SELECT indicator, results FROM supplier_flag_counts WHERE supplier_key = ? "
                             "AND outcome = ? ORDER BY indicator", [supplier_key, outcome]).fetchall()
        span, before, start = [], 0, None
        for indicator, n in counts:
            if before + n > offset and before < offset + limit:
                span.append(indicator)
                start = before if start is None else start
            before += n
        if span:
            # a range (its bounds prune row groups); the indicators between them have none of these rows
            where += f" AND f.indicator BETWEEN ${len(params) + 1} AND ${len(params) + 2}"
            params += [span[0], span[-1]]
            page = f"LIMIT {int(limit)} OFFSET {int(offset) - start}"
    # the narrow columns of the part of `flags` that can hold the page, read once for the three paths
    keys = con.execute(
        f"""WITH won AS {won_sql("a.supplier_key = $1")}, ids AS {ids_sql("a.supplier_key = $1")},
            part AS MATERIALIZED (SELECT rowid AS r, indicator, subject_type, subject_id, ocid, outcome
                                  FROM flags f WHERE {where})
            SELECT r FROM ({supplier_flag_hits_sql(
                "won", "ids", "f.r, f.indicator, f.subject_type, f.subject_id, f.ocid, f.outcome", flags="part")})
            ORDER BY {_OUTCOME_ORDER + ", " if outcome is None else ""}{_RESULT_ORDER}, r {page}""",
        params,
    ).fetchall()
    # the same read-only snapshot on this cursor: the rowids name the same rows
    return con.execute(
        f"""WITH f AS (SELECT * FROM flags WHERE rowid IN (SELECT unnest(?::BIGINT[])))
            SELECT {_FLAG_COLUMNS}, f.outcome
            FROM f LEFT JOIN {_LATEST_STATS} s USING (indicator)
            ORDER BY {_OUTCOME_ORDER.replace('outcome', 'f.outcome')}, f.indicator, f.ocid, f.subject_type, f.subject_id""",
        [[k[0] for k in keys]],
    ).df()


def supplier_flags(con: duckdb.DuckDBPyConnection, supplier_key: str) -> pd.DataFrame:
    """Every indicator result about a supplier as tenderer and of the processes it won (the download)."""
    return supplier_flag_rows(con, supplier_key)


# ---- methodology and loading reports ---------------------------------------------------------------


@cached_query
def settings_in_use(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The settings each indicator was last computed with (indicator, settings JSON, computed_at), with
    its counts (subjects, computable, flagged)."""
    return con.execute(
        f"""SELECT indicator, settings, computed_at, n_subjects, n_computable, n_flagged, q1, q3, fence
            FROM {_LATEST_STATS} s ORDER BY indicator"""
    ).df()


@cached_query
def settings_overrides(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The settings the indicators were last computed with, as one overrides dict (global keys from the
    most recent run, then each indicator's own section), for metrics.methodology; {} when none ran."""
    out: dict[str, Any] = {}
    rows = con.execute(
        f"SELECT indicator, settings FROM {_LATEST_STATS} s ORDER BY computed_at DESC NULLS LAST, indicator"
    ).fetchall()
    for indicator, raw in rows:
        try:
            saved = orjson.loads(raw) if raw else {}
        except orjson.JSONDecodeError:
            continue
        if not isinstance(saved, dict):
            continue
        for key, value in saved.items():
            if key == indicator:
                out[key] = value  # the indicator's own section, from its own run
            else:
                out.setdefault(key, value)  # global keys from the most recent run
    return out


@cached_query
def correction_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """How many automatic corrections each rule made in the loaded data."""
    return con.execute("SELECT rule, count(*) AS n FROM corrections GROUP BY rule ORDER BY n DESC, rule").df()


@cached_query
def source_rejects(con: duckdb.DuckDBPyConnection, source_ids: tuple[str, ...], limit: int = 1000) -> pd.DataFrame:
    """Rejected items of the given sources (locator, reason, excerpt)."""
    return con.execute(
        """SELECT source_id, locator, reason, excerpt FROM rejects
           WHERE list_contains(?::VARCHAR[], source_id) ORDER BY source_id, locator LIMIT ?""",
        [list(source_ids), limit],
    ).df()


@cached_query
def source_corrections(con: duckdb.DuckDBPyConnection, source_ids: tuple[str, ...], limit: int = 1000) -> pd.DataFrame:
    """Automatic corrections made while loading the given sources, and their count per rule."""
    return con.execute(
        """SELECT source_id, rule, coalesce(ocid, project_id) AS subject, field, old_value, new_value
           FROM corrections WHERE list_contains(?::VARCHAR[], source_id)
           ORDER BY rule, subject, field LIMIT ?""",
        [list(source_ids), limit],
    ).df()


@cached_query
def source_correction_counts(con: duckdb.DuckDBPyConnection, source_ids: tuple[str, ...]) -> pd.DataFrame:
    """Corrections per rule for the given sources."""
    return con.execute(
        """SELECT rule, count(*) AS n FROM corrections WHERE list_contains(?::VARCHAR[], source_id)
           GROUP BY rule ORDER BY n DESC, rule""",
        [list(source_ids)],
    ).df()
