"""Run every enabled indicator over the DuckDB tables, then the composite scores.

    from metrics.compute import compute, refresh
    tables = compute(con)              # DataFrames, nothing written
    refresh(con)                       # replaces flags, indicator_stats, indicator_peer_stats, *_scores
    refresh(con, load_ini("my.ini"))   # with thresholds overridden (metrics.config)

Our indicators insert their rows straight into the flags table (`refresh`, inside its transaction) or a
temporary one (`compute`), with no round trip through pandas, so a million processes fit in memory.
Cardinal's (metrics.cardinal) run in one pass over `processes.json`, in worker processes for large tables;
when no transaction of the caller's is open, that pass reads through a second connection and runs while
our SQL runs, and its rows are appended after ours all the same. One failing indicator does not stop the
others unless `strict=True`: its indicator_stats row has null counts and the error in `settings`.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from typing import Any

import pandas as pd

from core.contract import create_tables as create_contract_tables
from metrics import catalogue, score, suspect
from metrics import config
from metrics.base import RESULT_COLUMNS, Indicator, SharedPass, insert_result
from metrics.indicators.sql_indicator import FLAG_DDL
from metrics.schema import SCORE_TABLES

log = logging.getLogger(__name__)

FLAGS_TMP = "_oa_flags"
STATS_COLUMNS = ["indicator", "q1", "q3", "fence", "n_subjects", "n_computable", "n_flagged", "settings", "computed_at",
                 "n_suspect"]
PEER_COLUMNS = ["indicator", "peer_group", "q1", "q3", "fence", "n_peers", "skipped", "reason"]


def enabled_indicators(settings: dict[str, Any]) -> list[Indicator]:
    """The catalogue's indicators that the settings leave enabled."""
    return [i for i in catalogue.all_indicators() if config.is_enabled(settings, i.meta.code)]


def reports_all_subjects(indicator: Indicator) -> bool:
    """True for indicators whose rows cover every subject considered (these count in composite scores)."""
    return indicator.reports_all_subjects


def _run(con: Any, settings: dict[str, Any] | None, strict: bool, table: str = FLAGS_TMP,
         reader: Any = None) -> dict[str, Any]:
    """Fill `table` (FLAGS_TMP, created here, or the caller's empty flags table) and the score temp tables;
    return the stats, peer stats and run log.

    `reader`: another connection that sees the same data (none of the caller's writes pending), for the
    shared passes (Cardinal's) to run in a thread beside the other indicators; None runs them first here.
    """
    resolved = config.resolve(con, settings)
    if table == FLAGS_TMP:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {FLAGS_TMP} ({FLAG_DDL})")
    indicators = enabled_indicators(resolved)
    stats: dict[str, dict[str, Any]] = {}
    peers: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []

    def failed(codes: list[str], exc: Exception, seconds: float) -> None:
        if strict:
            raise exc
        message = f"{type(exc).__name__}: {exc}"
        log.warning("indicators %s failed: %s", ", ".join(codes), message)
        for code in codes:
            stats[code] = {"error": message}
            runs.append({"indicator": code, "seconds": seconds, "error": message})

    passes: dict[int, tuple[SharedPass, list[str]]] = {}  # by identity: one run per shared pass
    for indicator in indicators:
        if indicator.shared_pass is not None:
            passes.setdefault(id(indicator.shared_pass), (indicator.shared_pass, []))[1].append(indicator.meta.code)
    computed_passes: list[tuple[list[str], Any, float]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="cardinal") as pool:
        # Shared passes (Cardinal's) start first: beside our SQL when there is a reader, else before it,
        # while this process is small (DuckDB's buffers grow with our indicators). Their rows come after ours.
        pending = pool.submit(_run_passes, reader, resolved, list(passes.values())) \
            if passes and reader is not None else None
        if passes and reader is None:
            computed_passes = _run_passes(con, resolved, list(passes.values()))

        for indicator in [i for i in indicators if i.shared_pass is None]:
            code, started = indicator.meta.code, time.perf_counter()
            try:
                result = indicator.run(con, resolved, table)
            except Exception as exc:
                con.execute(f"DELETE FROM {table} WHERE indicator = ?", [code])
                failed([code], exc, time.perf_counter() - started)
                continue
            stats[code] = {"q1": result.q1, "q3": result.q3, "fence": result.fence, "settings": result.settings}
            peers.extend(result.peer_stats)
            runs.append({"indicator": code, "seconds": time.perf_counter() - started, "error": None})

        if pending is not None:
            computed_passes = pending.result()
    for codes, outcome, seconds in computed_passes:
        if isinstance(outcome, Exception):
            failed(codes, outcome, seconds)
            continue
        insert_result(con, table, outcome)
        stats[codes[0]] = {"q1": outcome.q1, "q3": outcome.q3, "fence": outcome.fence, "settings": outcome.settings}
        runs.append({"indicator": codes[0], "seconds": seconds, "error": None})

    # Every row's outcome, and no value nor flag on a suspect or not-computable row, whoever wrote it: the
    # inserts above settle their rows already, so this normally changes nothing (metrics.suspect).
    suspect.settle_table(con, table)
    counts = {row[0]: row[1:] for row in con.execute(
        f"SELECT indicator, count(*), count(*) FILTER (WHERE computable), count(*) FILTER (WHERE flagged), "
        f"count(*) FILTER (WHERE outcome = 'suspect') FROM {table} GROUP BY indicator").fetchall()}
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    stat_rows = []
    for indicator in indicators:
        code = indicator.meta.code
        info = stats.get(code, {})
        if "error" in info:
            stat_rows.append([code, None, None, None, None, None, None,
                              config.settings_json({"error": info["error"]}), now, None])
            continue
        n = counts.get(code, (0, 0, 0, 0))
        stat_rows.append([code, info.get("q1"), info.get("q3"), info.get("fence"), n[0], n[1], n[2],
                          config.settings_json(info.get("settings") or {}), now, n[3]])
    scored = [i.meta.code for i in indicators if reports_all_subjects(i) and "error" not in stats.get(i.meta.code, {})]
    score_tables = score.compute_scores(con, table, resolved, scored)
    return {
        "settings": resolved,
        "indicator_stats": pd.DataFrame(stat_rows, columns=STATS_COLUMNS),
        "indicator_peer_stats": pd.DataFrame(peers, columns=PEER_COLUMNS),
        "runs": pd.DataFrame(runs, columns=["indicator", "seconds", "error"]),
        "score_tables": score_tables,
    }


def _run_passes(con: Any, resolved: dict[str, Any], passes: list[tuple[SharedPass, list[str]]]
                ) -> list[tuple[list[str], Any, float]]:
    """Each shared pass once for its codes: ([code], IndicatorResult, seconds) per code, in order; a failed
    pass is one entry ([codes], the exception, seconds) for all its codes."""
    out: list[tuple[list[str], Any, float]] = []
    for shared_pass, codes in passes:
        out.extend(_run_cardinal(con, resolved, shared_pass, codes))
    return out


def _run_cardinal(con: Any, resolved: dict[str, Any], shared_pass: SharedPass, codes: list[str]
                  ) -> list[tuple[list[str], Any, float]]:
    """One shared pass (Cardinal's) over `processes`; each code is charged an equal share of its time.
    (The name is kept: bench/bench_metrics.py times this function.)"""
    started = time.perf_counter()
    try:
        results = shared_pass.compute(con, resolved, codes)
    except Exception as exc:
        return [(codes, exc, time.perf_counter() - started)]
    share = (time.perf_counter() - started) / len(codes)
    return [([code], results[code], share) for code in codes]


def _drop_temps(con: Any, run: dict[str, Any]) -> None:
    con.execute(f"DROP TABLE IF EXISTS {FLAGS_TMP}")  # IF EXISTS: not made when rows went straight to flags
    for table in run["score_tables"].values():
        con.execute(f"DROP TABLE IF EXISTS {table}")


@contextmanager
def computed(con: Any, settings: dict[str, Any] | None = None, strict: bool = False) -> Iterator[dict[str, Any]]:
    """Run everything into temporary tables for the duration of a `with` block (nothing persisted).

    Yields {"flags_table": name, "score_tables": {name: temp table}, "indicator_stats": DataFrame,
    "indicator_peer_stats": DataFrame, "runs": DataFrame, "settings": resolved settings}.
    """
    with _reader(con, _no_transaction_open(con)) as reader:
        try:
            run = _run(con, settings, strict, reader=reader)
        except Exception:
            with suppress(Exception):  # a transaction of the caller's may be aborted: it rolls back anyway
                con.execute(f"DROP TABLE IF EXISTS {FLAGS_TMP}")
            raise
    try:
        yield {**run, "flags_table": FLAGS_TMP}
    finally:
        _drop_temps(con, run)


def compute(con: Any, settings: dict[str, Any] | None = None, strict: bool = False) -> dict[str, pd.DataFrame]:
    """Every enabled indicator and the scores, as DataFrames; the database is not changed.

    Keys: flags, indicator_stats, indicator_peer_stats, process_scores, project_scores, buyer_scores,
    implementer_scores, state_scores, runs (seconds and error per indicator).
    """
    with computed(con, settings, strict) as run:
        out = {
            "flags": con.execute(
                f"SELECT {', '.join(RESULT_COLUMNS)} FROM {FLAGS_TMP} ORDER BY indicator, subject_type, subject_id"
            ).df(),
            "indicator_stats": run["indicator_stats"],
            "indicator_peer_stats": run["indicator_peer_stats"],
            "runs": run["runs"],
        }
        for name, table in run["score_tables"].items():
            out[name] = con.execute(f"SELECT * FROM {table} ORDER BY 1").df()
    return out


def refresh(con: Any, settings: dict[str, Any] | None = None, strict: bool = False) -> pd.DataFrame:
    """Recompute and replace the content of flags, indicator_stats, indicator_peer_stats and the score tables.

    Returns the run log (indicator, seconds, error). The replacement is one transaction when the caller
    has none open, so readers never see half of it; the flag rows then go straight into `flags` (no
    temporary copy). Inside a transaction of the caller's, they are computed apart first, so that a
    failure leaves that transaction as it was.
    """
    create_contract_tables(con)  # every owner's tables, the metrics ones included
    own_transaction = _begin(con)
    run: dict[str, Any] | None = None
    try:
        if own_transaction:
            con.execute("DELETE FROM flags")
            with _reader(con, True) as reader:
                run = _run(con, settings, strict, table="flags", reader=reader)
        else:
            run = _run(con, settings, strict)
            con.execute("DELETE FROM flags")
            con.execute(f"INSERT INTO flags BY NAME SELECT {', '.join(RESULT_COLUMNS)} FROM {FLAGS_TMP}")
        con.execute("DELETE FROM indicator_stats")
        _insert_frame(con, "indicator_stats", run["indicator_stats"])
        con.execute("DELETE FROM indicator_peer_stats")
        _insert_frame(con, "indicator_peer_stats", run["indicator_peer_stats"])
        for name in SCORE_TABLES:
            con.execute(f"DELETE FROM {name}")
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {run['score_tables'][name]}")
        if own_transaction:
            con.commit()
    except Exception:
        if own_transaction:
            con.rollback()
        elif run is None:  # failed while computing apart: take away what it left in the caller's transaction
            with suppress(Exception):  # the caller's transaction may be aborted: it rolls back anyway
                con.execute(f"DROP TABLE IF EXISTS {FLAGS_TMP}")
        raise
    finally:
        if run is not None:
            _drop_temps(con, run)
    return run["runs"]


def _in_transaction(con: Any) -> bool:
    """True when a transaction is open on `con`. Asked without BEGIN: a BEGIN refused inside a transaction
    aborts that transaction. In autocommit every statement has a transaction id of its own."""
    first = con.execute("SELECT txid_current()").fetchall()[0][0]
    return con.execute("SELECT txid_current()").fetchall()[0][0] == first


def _begin(con: Any) -> bool:
    """Open a transaction unless the caller has one open (the caller then commits); True if opened."""
    if _in_transaction(con):
        return False
    con.begin()
    return True


def _no_transaction_open(con: Any) -> bool:
    """True when the caller has no transaction open on `con` (so another connection sees the same data)."""
    return not _in_transaction(con)


@contextmanager
def _reader(con: Any, allowed: bool) -> Iterator[Any]:
    """A second connection to the same database (None when not `allowed` or not possible), closed after."""
    reader = None
    if allowed:
        try:
            reader = con.cursor()
            # a cursor starts in the instance's first database; a load's staging database is attached
            # and chosen with USE, which holds for `con` only: choose the same one
            database = con.execute("SELECT current_database()").fetchall()[0][0]
            reader.execute('USE "{}"'.format(database.replace('"', '""')))  # a catalogue name, not input
        except Exception:  # noqa: BLE001 - then everything runs on `con`
            if reader is not None:
                reader.close()
            reader = None
    try:
        yield reader
    finally:
        if reader is not None:
            reader.close()


def _insert_frame(con: Any, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("_oa_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _oa_frame")
    finally:
        con.unregister("_oa_frame")
