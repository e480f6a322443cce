"""Benchmark: every indicator and the scores over N synthetic processes; time and peak memory.

    .venv/bin/python bench/bench_metrics.py --processes 1000000
    .venv/bin/python bench/bench_metrics.py --processes 5000 --source demo   # through the demo generator + loaders

Goal: 1,000,000 processes under 60 s and 4 GB on 2 cores.

The synthetic data are generated in DuckDB with range() and hash() (deterministic): per process one release,
one award, one contract (90%), bids for the 5% without numberOfTenderers, amendments (10%), three milestones
(20%), and one project per 20 processes with OC4IDS modifications on some. `processes.json` is left empty,
so Cardinal's indicators (which stream that column) have nothing to read: their cost is benchmarked in
metrics/cardinal's own benchmark. The measured part runs in a fresh subprocess so that its peak resident
memory (ru_maxrss) is the metrics run alone.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GENERATE = [
    # a deterministic pseudo-random number in [0, 1) from a row number and a salt
    "CREATE OR REPLACE TEMP MACRO rnd(i, salt) AS (hash(i, salt) % 1000000) / 1000000.0",
    """INSERT INTO processes (ocid, implementer_id, state_code, buyer_id, buyer_name, method, method_details,
        tender_id, tender_status, tender_value, currency, tender_start, tender_end, number_of_tenderers,
        award_date, award_value, contract_value, date_signed, contract_start, contract_end, release_count,
        last_release_date)
    SELECT 'ocds-bench-' || i, 'imp' || (i % 23), lpad(CAST(i % 9 + 1 AS VARCHAR), 2, '0'),
        'B' || (i % $buyers), 'Unidad ' || (i % $buyers),
        CASE WHEN rnd(i, 'm') < 0.6 THEN 'open' WHEN rnd(i, 'm') < 0.7 THEN 'selective' ELSE 'direct' END,
        CASE WHEN rnd(i, 'd') < 0.1 THEN 'Licitación Pública Internacional' ELSE 'Licitación Pública Nacional' END,
        'T-' || i, CASE WHEN rnd(i, 'c') < 0.01 THEN 'cancelled' ELSE 'complete' END,
        round(1e5 + rnd(i, 'v') * 5e7, 2), 'MXN', start, start + to_days(CAST(8 + rnd(i, 'p') * 30 AS INTEGER)),
        CASE WHEN rnd(i, 'n') < 0.05 THEN NULL ELSE 1 + CAST(rnd(i, 't') * 9 AS INTEGER) END,
        award, CASE WHEN rnd(i, 'a') < 0.97 THEN round((1e5 + rnd(i, 'v') * 5e7) * (0.6 + rnd(i, 'r') * 0.6), 2) END,
        NULL, award + to_days(CAST(rnd(i, 's') * 45 AS INTEGER)), award + to_days(20),
        award + to_days(120 + CAST(rnd(i, 'e') * 200 AS INTEGER)), 3, award + to_days(60)
    FROM (
        SELECT i, TIMESTAMP '2018-01-01' + to_days(CAST(rnd(i, 'start') * 2000 AS INTEGER)) AS start,
            TIMESTAMP '2018-01-01' + to_days(CAST(rnd(i, 'start') * 2000 AS INTEGER) + 40
                                               + CAST(rnd(i, 'w') * 60 AS INTEGER)) AS award
        FROM range($n) t(i)
    )""",
    """INSERT INTO releases (ocid, release_id, date, tags)
    SELECT ocid, ocid || '-1', last_release_date, ['award'] FROM processes""",
    """INSERT INTO awards (ocid, award_id, status, date, value, currency, supplier_ids)
    SELECT ocid, '1', 'active', award_date, award_value, 'MXN',
        ['S' || (hash(ocid, 'sup') % CASE WHEN method = 'direct' THEN 400 ELSE 20000 END)]
    FROM processes WHERE award_value IS NOT NULL""",
    """INSERT INTO contracts (ocid, contract_id, award_id, status, date_signed, start_date, end_date, value,
        currency, original_value, original_end_date)
    SELECT ocid, '1', '1', 'active', date_signed, contract_start,
        contract_end + to_days(CASE WHEN rnd(i, 'x') < 0.1 THEN CAST(rnd(i, 'y') * 120 AS INTEGER) ELSE 0 END),
        round(award_value * (0.95 + rnd(i, 'z') * 0.4), 2), 'MXN', award_value, contract_end
    FROM (SELECT *, hash(ocid) AS i FROM processes) WHERE award_value IS NOT NULL AND rnd(i, 'k') < 0.9""",
    """UPDATE processes p SET contract_value = c.value FROM contracts c WHERE c.ocid = p.ocid""",
    """INSERT INTO bids (ocid, bid_id, tenderer_ids, value, currency, status)
    SELECT ocid, CAST(k AS VARCHAR), ['S' || k], tender_value, 'MXN', 'valid'
    FROM processes, range(3) r(k) WHERE number_of_tenderers IS NULL""",
    """INSERT INTO amendments (ocid, contract_id, amendment_id, date, old_value, new_value, old_end_date,
        new_end_date, source)
    SELECT ocid, contract_id, '1', date_signed + to_days(60), original_value, value, original_end_date, end_date,
        'contract'
    FROM contracts WHERE hash(ocid, 'am') % 10 = 0""",
    """INSERT INTO milestones (ocid, contract_id, milestone_id, type, status, due_date, date_met)
    SELECT ocid, contract_id, CAST(k AS VARCHAR), 'delivery',
        CASE WHEN hash(ocid, k) % 7 = 0 THEN 'scheduled' ELSE 'met' END,
        start_date + to_days(30 * (k + 1)),
        CASE WHEN hash(ocid, k) % 7 = 0 THEN NULL ELSE start_date + to_days(30 * (k + 1) + CAST(hash(ocid, 'l') % 20 AS INTEGER) - 5) END
    FROM contracts, range(3) r(k) WHERE hash(ocid, 'ms') % 5 = 0""",
    """INSERT INTO projects (project_id, implementer_id, state_code, status, budget, currency, period_start,
        period_end, completion_end_date, completion_final_value)
    SELECT 'oc4ids-bench-' || j, 'imp' || (j % 23), lpad(CAST(j % 9 + 1 AS VARCHAR), 2, '0'),
        CASE WHEN rnd(j, 'ps') < 0.6 THEN 'completion' ELSE 'implementation' END,
        round(1e6 + rnd(j, 'b') * 1e8, 2), 'MXN', TIMESTAMP '2018-01-01' + to_days(CAST(rnd(j, 'q') * 1500 AS INTEGER)),
        TIMESTAMP '2018-01-01' + to_days(CAST(rnd(j, 'q') * 1500 AS INTEGER) + 200),
        CASE WHEN rnd(j, 'ps') < 0.6 THEN TIMESTAMP '2018-01-01'
             + to_days(CAST(rnd(j, 'q') * 1500 AS INTEGER) + 150 + CAST(rnd(j, 'late') * 150 AS INTEGER)) END,
        CASE WHEN rnd(j, 'ps') < 0.6 THEN round((1e6 + rnd(j, 'b') * 1e8) * (0.8 + rnd(j, 'o') * 0.6), 2) END
    FROM range($n // 20) t(j)""",
    """INSERT INTO project_processes (project_id, process_index, process_ref, ocid, cost_estimate, contract_value,
        modifications)
    SELECT 'oc4ids-bench-' || (i // 20), CAST(i % 20 AS INTEGER), 'ocds-bench-' || i, 'ocds-bench-' || i,
        round(1e5 + rnd(i, 'v') * 5e7, 2), NULL,
        CASE WHEN i % 50 = 0 THEN json_array(json_object(
            'id', '1', 'oldContractValue', json_object('amount', 1000, 'currency', 'MXN'),
            'newContractValue', json_object('amount', 1000 + i % 500, 'currency', 'MXN'))) END
    FROM range($n) t(i) WHERE i % 20 < 3""",
]


def generate_synthetic(db: Path, n: int) -> dict[str, int]:
    """Fill a new database with n synthetic processes; returns row counts per table."""
    import duckdb

    from loaders.schema import create_tables

    con = duckdb.connect(str(db))
    create_tables(con)
    params = {"n": n, "buyers": max(n // 500, 5)}
    for sql in GENERATE:
        names = {k: v for k, v in params.items() if f"${k}" in sql}
        con.execute(sql, names)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in (
        "processes", "releases", "awards", "contracts", "bids", "amendments", "milestones", "projects",
        "project_processes")}
    con.close()
    return counts


def generate_demo(db: Path, n: int) -> dict[str, int]:
    """n demo processes through loaders.demo.generate and the loaders (metrics not refreshed by the load)."""
    import duckdb

    from loaders.demo import generate
    from loaders.pipeline import load

    out = Path(tempfile.mkdtemp(prefix="bench-demo-"))
    generate(out, processes=n)
    load([str(out)], db=db, refresh_metrics=False)
    con = duckdb.connect(str(db), read_only=True)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in ("processes", "projects")}
    con.close()
    return counts


def measure(db: Path, threads: int, memory_limit: str | None, persist: bool) -> dict:
    """Run every indicator and the scores (refresh, or compute into temp tables); time and peak RSS."""
    import duckdb

    from metrics.compute import computed, refresh

    con = duckdb.connect(str(db))
    con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")  # a fixed CLI option, not data
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    if persist:
        runs = refresh(con, strict=True)
        n_flags = con.execute("SELECT count(*) FROM flags").fetchall()[0][0]
    else:
        with computed(con, strict=True) as run:
            runs = run["runs"]
            n_flags = con.execute(f"SELECT count(*) FROM {run['flags_table']}").fetchall()[0][0]
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    con.close()
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return {
        "seconds": round(seconds, 2),
        # CPU time is less sensitive than wall time to other jobs sharing the cores; / threads = idle wall time
        "cpu_seconds": round(cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "flag_rows": n_flags,
        "per_indicator_seconds": {r["indicator"]: round(r["seconds"] or 0, 2) for r in runs.to_dict("records")},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=100_000)
    parser.add_argument("--source", choices=("synthetic", "demo"), default="synthetic")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory_limit, e.g. 3GB")
    parser.add_argument("--compute-only", action="store_true", help="do not write the tables (compute into temp)")
    parser.add_argument("--db", help="keep the generated database here")
    parser.add_argument("--_measure", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._measure:
        print(json.dumps(measure(Path(args._measure), args.threads, args.memory_limit, not args.compute_only)))
        return 0
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="bench-metrics-")) / "bench.duckdb"
    if db.exists():
        db.unlink()
    started = time.perf_counter()
    counts = (generate_demo if args.source == "demo" else generate_synthetic)(db, args.processes)
    generated = time.perf_counter() - started
    cmd = [sys.executable, __file__, "--_measure", str(db), "--threads", str(args.threads)]
    if args.memory_limit:
        cmd += ["--memory-limit", args.memory_limit]
    if args.compute_only:
        cmd.append("--compute-only")
    result = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    report = {"processes": args.processes, "source": args.source, "generate_seconds": round(generated, 1),
              "rows": counts, "threads": args.threads, "memory_limit": args.memory_limit,
              "persisted": not args.compute_only, **result}
    print(json.dumps(report, indent=2))
    if not args.db:
        db.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
