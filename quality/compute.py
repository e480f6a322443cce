"""Recompute every quality_* table and append the scores to the history (one row per implementer and
load date). The loader calls `refresh(con)` after each load; `obras quality` calls it too."""
from __future__ import annotations

import logging
import time
import traceback
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from core import rules, settings
from quality import checks, completeness, compliance, computability, documents, timeliness, validate
from quality.commitments import load_commitments
from quality.schemas import UNAVAILABLE
from quality.score import combine
from quality.store import append_rows, replace_rows

log = logging.getLogger(__name__)
_CURRENT = rules.is_current("p")  # superseded drafts are in no count nor score


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def implementers_in_scope(con: duckdb.DuckDBPyConnection, committed: list[str]) -> list[str | None]:
    """Implementers with processes or projects, plus those with their own commitment (publishing
    nothing is what a guarantor needs to see); null (unresolved) last. Superseded drafts do not count."""
    ids = {r[0] for r in con.execute(
        f"SELECT implementer_id FROM processes p WHERE {_CURRENT} UNION SELECT implementer_id FROM projects"
    ).fetchall()}
    ids |= set(committed)
    return sorted((i for i in ids if i is not None)) + ([None] if None in ids else [])


def refresh(con: duckdb.DuckDBPyConnection, as_of: date | None = None,
            commitments_path: Path | None = None) -> dict[str, Any]:
    """Recompute the quality tables on `con` (a writable connection with the contract tables) and append
    this load date's scores to quality_history. Returns a summary: computed_at, load_date, implementers,
    and the status of each part. A part that fails is recorded in quality_runs; the others still run."""
    from core.contract import create_tables

    create_tables(con)  # every owner's tables, the quality ones included
    computed_at = _now()
    loaded = con.execute("SELECT max(loaded_at) FROM sources").fetchall()[0][0]
    load_date = _as_date(loaded) or as_of or computed_at.date()
    # timeliness is measured at a stated date, the load's unless one is given: the same data gives the
    # same score tomorrow (quality_scores.as_of says which date)
    as_of = as_of or load_date
    known = {r[0] for r in con.execute("SELECT implementer_id FROM implementers").fetchall()}
    book = load_commitments(commitments_path, known_implementers=known or None)
    implementers = implementers_in_scope(con, list(book.entries))
    components: dict[str, dict] = {}
    runs: list[dict] = []

    def part(name: str, fn, *args):
        started = time.perf_counter()
        status, detail, result = "ok", "", None
        try:
            result = fn(*args)
            if isinstance(result, tuple):
                result, detail = result
        except Exception as exc:  # noqa: BLE001 - one broken part must not stop the others or the load
            status = "error"
            detail = f"{type(exc).__name__}: {exc}"[:500] + "\n" + traceback.format_exc(limit=3)[-1500:]
        runs.append({"computed_at": computed_at, "load_date": load_date, "part": name, "status": status,
                     "seconds": round(time.perf_counter() - started, 3), "detail": detail})
        return result

    components["validity"] = part("validation", validate.compute, con, implementers) or {}
    unavailable = con.execute("SELECT count(*) FROM quality_validation WHERE status = 'unavailable'"
                              ).fetchall()[0][0]
    validation = "run"
    if runs[-1]["status"] != "ok":
        validation = "error"
    elif unavailable:
        validation = "unavailable"
        runs[-1]["status"] = "unavailable"
        runs[-1]["detail"] = f"{UNAVAILABLE}: " + runs[-1]["detail"]
    elif not con.execute("SELECT count(*) FROM quality_validation").fetchall()[0][0]:
        validation = "not_run"
    components["validity"] = fair_validity(components["validity"], con, implementers)
    # one pass over the process documents for the parts that read them (quality/documents.py); when it
    # fails, each part makes its own pass
    docs = part("documents", documents.build, con)
    try:
        components["completeness"] = part("completeness", completeness.compute, con, implementers, book, docs) or {}
        components["coherence"] = part("coherence", checks.compute, con, implementers, docs) or {}
        components["timeliness"] = part("timeliness", timeliness.compute, con, implementers, book, as_of) or {}
        components["commitment"] = part("commitments", compliance.compute, con, implementers, book, as_of) or {}
        part("computability", computability.compute, con, implementers, docs)
    finally:
        documents.drop(con)
    part("score", _scores, con, implementers, components, computed_at, load_date, as_of, validation)
    if book.problems:
        runs.append({"computed_at": computed_at, "load_date": load_date, "part": "commitments_file",
                     "status": "error", "seconds": 0.0, "detail": "; ".join(book.problems)})
    replace_rows(con, "quality_runs", runs)
    report_failures(runs)
    return {"computed_at": computed_at, "load_date": load_date, "as_of": as_of, "implementers": len(implementers),
            "parts": {r["part"]: r["status"] for r in runs}}


def fair_validity(validity: dict, con: duckdb.DuckDBPyConnection, implementers: list[str | None]) -> dict:
    """Validity for every implementer that publishes, or for none: a score that includes validity is never
    ranked beside one that does not (offline with no cache, or one implementer's items not validated)."""
    publishing = {r[0] for r in con.execute(
        f"SELECT implementer_id FROM processes p WHERE {_CURRENT} UNION SELECT implementer_id FROM projects"
    ).fetchall()}
    ranked = [i for i in implementers if i is not None and i in publishing]
    if any(validity.get(i) is None for i in ranked):
        return {i: None for i in implementers}
    return validity


class QualityRefreshError(RuntimeError):
    """Some quality parts failed and OBRAS_STRICT_REFRESH is set."""


def report_failures(runs: list[dict]) -> list[str]:
    """Say on stderr (a logging warning, like the indicators' failures) which parts failed, with the first
    line of each error; return those lines. With OBRAS_STRICT_REFRESH set, raise QualityRefreshError
    after quality_runs is written (the caller then fails the load or refresh)."""
    lines = [f"quality {r['part']} failed: {(r['detail'] or '').splitlines()[0] if r['detail'] else 'error'}"
             for r in runs if r["status"] == "error" and r["part"] != "commitments_file"]
    for line in lines:
        log.warning("%s", line)
    if lines and settings.strict_refresh():
        raise QualityRefreshError("; ".join(lines))
    return lines


def _scores(con: duckdb.DuckDBPyConnection, implementers: list[str | None], components: dict[str, dict],
            computed_at: datetime, load_date: date, as_of: date | None = None,
            validation: str | None = None) -> str:
    counts = {r[0]: r[1:] for r in con.execute(
        f"""WITH ids AS (SELECT implementer_id FROM processes p WHERE {_CURRENT}
                        UNION SELECT implementer_id FROM projects)
           SELECT ids.implementer_id,
                  (SELECT count(*) FROM processes p WHERE p.implementer_id IS NOT DISTINCT FROM ids.implementer_id
                     AND {_CURRENT}),
                  (SELECT count(*) FROM projects j WHERE j.implementer_id IS NOT DISTINCT FROM ids.implementer_id)
           FROM ids""").fetchall()}
    names = {r[0]: r[1:] for r in con.execute("SELECT implementer_id, name, state_code FROM implementers").fetchall()}
    # publishers outside the pilot (implementers.in_pilot false, loaders.compile.place) are scored, never ranked
    outside = {r[0] for r in con.execute("SELECT implementer_id FROM implementers WHERE in_pilot IS FALSE"
                                         ).fetchall()}
    rows = []
    for impl in implementers:
        processes, projects = counts.get(impl, (0, 0))
        values = {k: components.get(k, {}).get(impl) for k in ("validity", "completeness", "coherence",
                                                                  "timeliness", "commitment")}
        score, used = combine(values, publishes=bool(processes or projects))
        name, state = names.get(impl, (None, None))
        rows.append({"implementer_id": impl, "name": name, "state_code": state, "processes": processes,
                     "projects": projects, "score": score, **values, "components_used": used,
                     "computed_at": computed_at, "load_date": load_date, "as_of": as_of or load_date,
                     "validation": validation})
    # only the pilot's implementers are ranked: unassigned data and publishers outside the pilot are reported
    # on their own lines, with no rank
    ranked = {i for i in implementers if i is not None and i not in outside}
    ordered = sorted((r["score"] for r in rows if r["implementer_id"] in ranked), reverse=True)
    for r in rows:
        r["rank"] = ordered.index(r["score"]) + 1 if r["implementer_id"] in ranked else None
    replace_rows(con, "quality_scores", rows)
    con.execute("DELETE FROM quality_history WHERE load_date = ?", [load_date])
    append_rows(con, "quality_history", [{**r} for r in rows])
    return f"{len(rows)} implementers scored"
