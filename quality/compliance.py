"""Publication Commitment compliance: committed stages and fields published, update frequency met,
committed period covered (calendar quarters with at least one dated process or project)."""
from __future__ import annotations

from datetime import date

import duckdb

from core import rules
from quality.commitments import CommitmentBook
from quality.store import replace_rows

MAX_QUARTERS = 400  # a project dated over a century is bad data, not 400 covered quarters


def quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def quarters_between(start: date, end: date) -> list[date]:
    """First days of the calendar quarters from start's to end's, inclusive."""
    out, q = [], quarter_start(start)
    while q <= end and len(out) < MAX_QUARTERS:
        out.append(q)
        q = date(q.year + (q.month == 10), (q.month + 2) % 12 + 1, 1)
    return out


def covered_quarters(con: duckdb.DuckDBPyConnection) -> dict[str | None, set[date]]:
    """{implementer: quarters with a process (first dated event) or a project (its planned period)}."""
    rows = con.execute(
        f"""SELECT implementer_id, CAST(date_trunc('quarter', coalesce(tender_start, award_date, date_signed,
                                                                   contract_start)) AS DATE) AS q
            FROM processes p WHERE coalesce(tender_start, award_date, date_signed, contract_start) IS NOT NULL
              AND {rules.is_current('p')}
            UNION
            SELECT implementer_id, CAST(unnest(generate_series(
                     date_trunc('quarter', period_start),
                     least(date_trunc('quarter', coalesce(completion_end_date, period_end, period_start)),
                           date_trunc('quarter', period_start) + INTERVAL {3 * MAX_QUARTERS} MONTH),
                     INTERVAL 3 MONTH)) AS DATE) AS q
            FROM projects WHERE period_start IS NOT NULL""").fetchall()
    out: dict[str | None, set[date]] = {}
    for impl, q in rows:
        out.setdefault(impl, set()).add(q)
    return out


def compute(con: duckdb.DuckDBPyConnection, implementers: list[str | None], book: CommitmentBook,
            as_of: date) -> dict:
    """Rewrite quality_commitments (after quality_stages, quality_fields, quality_freshness are written);
    return {implementer: compliance 0-1}."""
    stages = {(r[0], r[1]): r[2] for r in con.execute(
        "SELECT implementer_id, stage, with_stage FROM quality_stages").fetchall()}
    published = {(r[0], r[1]): r[2] for r in con.execute(
        "SELECT implementer_id, field, published FROM quality_fields").fetchall()}
    on_time = {r[0]: r[1] for r in con.execute("SELECT implementer_id, on_time FROM quality_freshness").fetchall()}
    quarters = covered_quarters(con)
    rows, out = [], {}
    for impl in implementers:
        c = book.for_implementer(impl)
        stages_published = sum(1 for s in c.stages if (stages.get((impl, s)) or 0) > 0)
        fields_published = sum(1 for f in c.fields if (published.get((impl, f)) or 0) > 0)
        stages_share = stages_published / len(c.stages) if c.stages else None
        fields_share = fields_published / len(c.fields) if c.fields else None
        frequency_met = bool(on_time.get(impl)) if impl in on_time else False
        period_q = covered = None
        period_share = None
        if c.period_start:
            wanted = quarters_between(c.period_start, c.period_end or as_of)
            period_q = len(wanted)
            covered = len(set(wanted) & quarters.get(impl, set()))
            period_share = covered / period_q if period_q else None
        parts = [p for p in (stages_share, fields_share, 1.0 if frequency_met else 0.0, period_share)
                 if p is not None]
        compliance = sum(parts) / len(parts)
        out[impl] = compliance
        rows.append({"implementer_id": impl, "source": c.source, "stages": list(c.stages),
                     "fields_committed": len(c.fields), "frequency_days": c.frequency_days,
                     "period_start": c.period_start, "period_end": c.period_end,
                     "stages_published": stages_published, "stages_share": stages_share,
                     "fields_published": fields_published, "fields_share": fields_share,
                     "frequency_met": frequency_met, "period_quarters": period_q,
                     "period_quarters_covered": covered, "period_share": period_share, "compliance": compliance,
                     "problems": list(c.problems), "note": c.note})
    replace_rows(con, "quality_commitments", rows)
    return out
