"""Timeliness: days from an event (tender start, award, contract signature) to the date of the first
release that publishes it, and the age of the latest update against the committed frequency.

Records published without their releases hold only a compiled release, whose date is that of the latest
release: events first seen there get an upper bound of the lag (counted in compiled_only).
"""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from core import rules
from quality.commitments import CommitmentBook

# event -> (process column with the event date, JSONPath extracted from each release, SQL test that the
# release publishes it, over the extracted value `{}`). The three paths are extracted with one parse of the
# release document (event_lags_sql): a path per event parsed every release document three times. The
# tender's start date is extracted itself rather than the whole tender, which was written out as JSON and
# parsed again only to read it (a third of the parsing time; wildcards cannot be in a multi-path extract, so
# awards and contracts are extracted whole)
EVENTS: dict[str, tuple[str, str, str]] = {
    "tender_start": ("tender_start", "$.tender.tenderPeriod.startDate", "json_extract_string({}, '$')"),
    "award": ("award_date", "$.awards", "json_extract_string({}, '$[*].date')"),
    "contract_signed": ("date_signed", "$.contracts", "json_extract_string({}, '$[*].dateSigned')"),
}
MAX_EXAMPLES = 3


def _has(expr: str) -> str:
    if "[*]" in expr:
        return f"coalesce(len(list_filter({expr}, lambda x: x IS NOT NULL AND trim(x) <> '')), 0) > 0"
    return f"coalesce(trim({expr}) <> '', false)"


def event_lags_sql() -> str:
    """SELECT implementer_id, ocid, event, event_date, published, compiled, lag_days (one row per event)."""
    # the paths are our constants, written as SQL strings (no data)
    paths = ", ".join(f"'{path}'" for _, path, _ in EVENTS.values())
    has = ", ".join(f"{_has(expr.format(f'parts[{i + 1}]'))} AS has_{name}"
                    for i, (name, (_, _, expr)) in enumerate(EVENTS.items()))
    first = ", ".join(
        f"min(date) FILTER (WHERE has_{n}) AS pub_{n}, arg_min(compiled, date) FILTER (WHERE has_{n}) AS comp_{n}"
        for n in EVENTS)
    union = " UNION ALL ".join(
        f"""SELECT p.implementer_id, p.ocid, '{n}' AS event, p.{col} AS event_date, f.pub_{n} AS published,
                   f.comp_{n} AS compiled
            FROM processes p JOIN first f ON f.ocid = p.ocid
            WHERE p.{col} IS NOT NULL AND f.pub_{n} IS NOT NULL AND {rules.is_current('p')}"""
        for n, (col, _, _) in EVENTS.items())
    return f"""WITH d AS (
                 SELECT ocid, date, tags, locator,
                        json_extract(json, [{paths}]) AS parts
                 FROM releases WHERE date IS NOT NULL),
               r AS (
                 SELECT ocid, date,
                        coalesce(list_contains(tags, 'compiled'), false)
                          OR coalesce(locator LIKE '%/compiledRelease', false) AS compiled, {has}
                 FROM d),
               first AS (SELECT ocid, {first} FROM r GROUP BY ocid),
               e AS ({union})
               SELECT *, date_diff('day', CAST(event_date AS DATE), CAST(published AS DATE)) AS lag_days FROM e"""


def compute(con: duckdb.DuckDBPyConnection, implementers: list[str | None], book: CommitmentBook,
            as_of: date) -> dict:
    """Rewrite quality_timeliness and quality_freshness; return {implementer: timeliness 0-1 or None}."""
    from quality.store import replace_rows

    thresholds = pd.DataFrame({  # noqa: F841 (read by DuckDB)
        "implementer_id": pd.Series(implementers, dtype="object"),
        "threshold": [book.for_implementer(i).frequency_days for i in implementers],
    })
    agg = con.execute(
        f"""WITH l AS ({event_lags_sql()})
            SELECT l.implementer_id, l.event, count(*), quantile_cont(lag_days, 0.5), quantile_cont(lag_days, 0.9),
                   any_value(t.threshold), count_if(lag_days <= t.threshold), count_if(lag_days < 0),
                   count_if(compiled),
                   -- the latest examples (published DESC, then ocid) kept as they come, never a list of every
                   -- event (which ran out of memory at a million processes)
                   to_json(arg_min({{'ocid': ocid, 'event_date': strftime(CAST(event_date AS DATE), '%Y-%m-%d'),
                                     'published': strftime(CAST(published AS DATE), '%Y-%m-%d'),
                                     'lag_days': lag_days}},
                                   {{'latest': -epoch_us(published), 'ocid': ocid}}, {MAX_EXAMPLES}))
            FROM l JOIN thresholds t ON t.implementer_id IS NOT DISTINCT FROM l.implementer_id
            GROUP BY l.implementer_id, l.event""").fetchall()
    by_key = {(r[0], r[1]): r[2:] for r in agg}
    rows, pooled = [], {}
    for impl in implementers:
        threshold = book.for_implementer(impl).frequency_days
        for event in EVENTS:
            events, median, p90, _, timely, before, compiled, examples = by_key.get(
                (impl, event), (0, None, None, threshold, 0, 0, 0, "[]"))
            rows.append({"implementer_id": impl, "event": event, "events": events, "median_lag_days": median,
                         "p90_lag_days": p90, "threshold_days": threshold, "timely": timely,
                         "timely_share": timely / events if events else None, "before_event": before,
                         "compiled_only": compiled, "examples": examples})
            n, t = pooled.get(impl, (0, 0))
            pooled[impl] = (n + events, t + timely)
    replace_rows(con, "quality_timeliness", rows)
    freshness = _freshness(con, implementers, book, as_of)
    out = {}
    for impl in implementers:
        parts = []
        n, t = pooled[impl]
        if n:
            parts.append(t / n)
        if freshness.get(impl) is not None:
            parts.append(freshness[impl])
        out[impl] = sum(parts) / len(parts) if parts else None
    return out


def freshness_score(age_days: int | None, frequency_days: int) -> float | None:
    """1 when the latest update is within the committed frequency, else frequency / age."""
    if age_days is None:
        return None
    return 1.0 if age_days <= frequency_days else frequency_days / age_days


def _freshness(con: duckdb.DuckDBPyConnection, implementers: list[str | None], book: CommitmentBook,
               as_of: date) -> dict:
    latest = {r[0]: r[1:] for r in con.execute(
        """WITH r AS (SELECT p.implementer_id, max(r.date) AS latest_release
                      FROM releases r JOIN processes p ON p.ocid = r.ocid GROUP BY p.implementer_id),
                j AS (SELECT implementer_id, max(updated) AS latest_project FROM projects GROUP BY implementer_id),
                ids AS (SELECT implementer_id FROM r UNION SELECT implementer_id FROM j)
           SELECT ids.implementer_id, r.latest_release, j.latest_project
           FROM ids LEFT JOIN r ON r.implementer_id IS NOT DISTINCT FROM ids.implementer_id
                    LEFT JOIN j ON j.implementer_id IS NOT DISTINCT FROM ids.implementer_id""").fetchall()}
    rows, out = [], {}
    for impl in implementers:
        latest_release, latest_project = latest.get(impl, (None, None))
        candidates = [d for d in (latest_release, latest_project) if d is not None]
        latest_update = max(candidates, key=_naive) if candidates else None
        freq = book.for_implementer(impl).frequency_days
        age = (as_of - _naive(latest_update).date()).days if latest_update is not None else None
        score = freshness_score(age, freq)
        out[impl] = score
        rows.append({"implementer_id": impl, "latest_release": latest_release,
                     "latest_project_update": latest_project, "latest_update": latest_update, "as_of": as_of,
                     "age_days": age, "frequency_days": freq, "on_time": None if age is None else age <= freq,
                     "freshness": score})
    from quality.store import replace_rows

    replace_rows(con, "quality_freshness", rows)
    return out


def _naive(value):
    """Timestamps may come back with a time zone: compare them in UTC without it."""
    if getattr(value, "tzinfo", None) is not None:
        from datetime import timezone

        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value
