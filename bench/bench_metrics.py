"""Benchmark: every indicator and the scores (metrics.compute.refresh); time, CPU, peak memory, breakdown.

    .venv/bin/python bench/bench_metrics.py --db /tmp/obras-1m.duckdb --memory-limit 3GB   # an existing database
    .venv/bin/python bench/bench_metrics.py --db DB --code /tmp/old-checkout --code . \
        --export /tmp/exports --compare                       # before/after in one run, results compared
    .venv/bin/python bench/bench_metrics.py --processes 1000000                               # synthetic data
    .venv/bin/python bench/bench_metrics.py --processes 5000 --source demo   # through the demo generator + loaders

Goal: every indicator (ours, Cardinal's, the scores) over 1,000,000 demo processes under 60 s and 4 GB on 2 cores.

With --db the database is copied first (the copy is measured and deleted; the original is never opened for
writing), once per --code variant, so that each run starts from the same file. The measured part runs in a
fresh subprocess; the report gives its wall and CPU time (its own and its worker processes'), its peak
memory (the resident and the proportional memory of its whole process tree sampled from /proc every 50 ms,
and the sum of each process's own peak, an upper bound), the load average seen during the run, and a breakdown: each
indicator, Cardinal's pass, the scores and the writing of the tables.

The synthetic data are generated in DuckDB with range() and hash() (deterministic): per process one release,
one award, one contract (90%), bids for the 5% without numberOfTenderers, amendments (10%), three milestones
(20%), and one project per 20 processes with OC4IDS modifications on some. `processes.json` is left empty,
so Cardinal's indicators (which stream that column) have nothing to read there: use --db with a database
loaded from the demo generator (`obras demo`, `obras load`) to measure them too.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
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

    from core.contract import create_tables

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
    """n demo processes through demo.generate.generate and the loaders (metrics not refreshed by the load)."""
    import duckdb

    from demo.generate import generate
    from loaders.pipeline import load

    out = Path(tempfile.mkdtemp(prefix="bench-demo-"))
    generate(out, processes=n)
    load([str(out)], db=db)
    con = duckdb.connect(str(db), read_only=True)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in ("processes", "projects")}
    con.close()
    return counts


# Functions timed in the measured run when the code has them (old and new code alike): name -> part.
# `metrics.compute._run` is everything but the writing; the writing is refresh minus _run.
TIMED = (
    ("metrics.compute", "_run", "compute_seconds"),
    ("metrics.compute", "_run_others", "cardinal_seconds"),  # Cardinal's pass and appending its rows
    ("metrics.compute", "_run_cardinal", "cardinal_seconds"),
    ("metrics.score", "compute_scores", "scores_seconds"),
)


def _install_timers(parts: dict[str, float]) -> None:
    """Wrap the functions of TIMED that exist so that their time adds up in `parts`."""
    import importlib

    for module_name, attr, part in TIMED:
        module = importlib.import_module(module_name)
        original = getattr(module, attr, None)
        if original is None:
            continue

        def timed(*args, _original=original, _part=part, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                parts[_part] = parts.get(_part, 0.0) + time.perf_counter() - started

        setattr(module, attr, timed)


def measure(db: Path, threads: int | None, memory_limit: str | None, persist: bool,
            export: Path | None = None) -> dict:
    """Run every indicator and the scores (refresh, or compute into temp tables); time, CPU and breakdown."""
    import duckdb

    from metrics.compute import computed, refresh

    parts: dict[str, float] = {}
    _install_timers(parts)
    con = duckdb.connect(str(db))
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")  # a fixed CLI option, not data
    usage = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    cpu_before = [resource.getrusage(who) for who in usage]
    started = time.perf_counter()
    if persist:
        runs = refresh(con, strict=True)
        n_flags = con.execute("SELECT count(*) FROM flags").fetchall()[0][0]
    else:
        with computed(con, strict=True) as run:
            runs = run["runs"]
            n_flags = con.execute(f"SELECT count(*) FROM {run['flags_table']}").fetchall()[0][0]
    seconds = time.perf_counter() - started
    cpu_after = [resource.getrusage(who) for who in usage]
    cpu = sum((a.ru_utime - b.ru_utime) + (a.ru_stime - b.ru_stime) for a, b in zip(cpu_after, cpu_before))
    if export and persist:
        export.mkdir(parents=True, exist_ok=True)
        for table in ("flags", "indicator_stats", "indicator_peer_stats", "process_scores", "project_scores",
                      "buyer_scores", "implementer_scores", "state_scores"):
            # table names are our own constants; the path is a parameter
            con.execute(f"COPY (SELECT * FROM {table}) TO '{export / (table + '.parquet')}' (FORMAT parquet)")
    con.close()
    per_indicator = {r["indicator"]: round(r["seconds"] or 0, 2) for r in runs.to_dict("records")}
    ours = sum(v for k, v in per_indicator.items() if not k.startswith("R"))
    breakdown = {
        "our_indicators_seconds": round(ours, 2),
        "cardinal_seconds": round(parts.get("cardinal_seconds", 0.0), 2),
        "scores_seconds": round(parts.get("scores_seconds", 0.0), 2),
        "write_seconds": round(seconds - parts["compute_seconds"], 2) if persist and "compute_seconds" in parts
        else None,
    }
    return {
        "seconds": round(seconds, 2),
        # CPU time (this process and its worker processes) is less sensitive than wall time to other jobs
        "cpu_seconds": round(cpu, 1),
        "peak_rss_self_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_largest_child_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "flag_rows": n_flags,
        "breakdown": breakdown,
        "per_indicator_seconds": per_indicator,
    }


class TreeSampler(threading.Thread):
    """Samples, every `interval` s, the resident memory of a process and its descendants (/proc) and the
    load average; keeps the peak of the sum of resident memory (shared pages counted in every process),
    of proportional memory (Pss: shared pages split between the processes sharing them) and each
    process's own peak (VmHWM; their sum bounds the tree's peak from above)."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.peak_pss_kb = 0  # proportional: a page shared by two processes counts half in each
        self.hwm_kb: dict[int, int] = {}
        self.loads: list[float] = []
        self.stopped = threading.Event()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, ()))
        return tree

    def _status_kb(self, pid: int) -> tuple[int, int, int]:
        rss = hwm = pss = 0
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm = int(line.split()[1])
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        pss = int(line.split()[1])
                        break
        except OSError:
            pass
        return rss, hwm, pss

    def run(self) -> None:
        last_load = 0.0
        while not self.stopped.is_set():
            total = total_pss = 0
            for pid in self._tree():
                rss, hwm, pss = self._status_kb(pid)
                total += rss
                total_pss += pss
                if hwm:
                    self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), hwm)
            self.peak_kb = max(self.peak_kb, total)
            self.peak_pss_kb = max(self.peak_pss_kb, total_pss)
            if time.monotonic() - last_load >= 1.0:
                self.loads.append(os.getloadavg()[0])
                last_load = time.monotonic()
            self.stopped.wait(self.interval)

    def report(self) -> dict:
        return {
            "peak_rss_tree_mb": round(self.peak_kb / 1024, 1),
            "peak_pss_tree_mb": round(self.peak_pss_kb / 1024, 1),
            "peak_rss_sum_of_process_peaks_mb": round(sum(self.hwm_kb.values()) / 1024, 1),
            "processes_seen": len(self.hwm_kb),
            "load_average_1min": {"first": round(self.loads[0], 2) if self.loads else None,
                                  "max": round(max(self.loads), 2) if self.loads else None,
                                  "mean": round(sum(self.loads) / len(self.loads), 2) if self.loads else None},
        }


def run_measured(db: Path, code_root: Path, args: argparse.Namespace, export: Path | None) -> dict:
    """The measurement in a fresh subprocess importing the metrics code of `code_root`, sampled from outside."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_measure", str(db), "--_root", str(code_root)]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    if args.memory_limit:
        cmd += ["--memory-limit", args.memory_limit]
    if args.compute_only:
        cmd.append("--compute-only")
    if export:
        cmd += ["--_export", str(export)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(code_root))
    sampler = TreeSampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    sampler.stopped.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"measured run failed ({proc.returncode}):\n{err[-4000:]}")
    return {**json.loads(out.strip().splitlines()[-1]), **sampler.report()}


RESULT_TABLES = {  # table -> number of leading columns that identify a row
    "flags": 3, "indicator_stats": 1, "indicator_peer_stats": 2, "process_scores": 1, "project_scores": 1,
    "buyer_scores": 1, "implementer_scores": 1, "state_scores": 1,
}
# DuckDB's parallel floating-point sums differ in their last bits from one run of the same code to the next
# (buyer, implementer and state averages and spending; OA-C2 and OA-C3 shares, amounts, HHI and fences).
RELATIVE_TOLERANCE = 1e-12


def _close(x: object, y: object) -> bool:
    if isinstance(x, float) or isinstance(y, float):
        if x is None or y is None:
            return x is y
        return x == y or abs(x - y) <= RELATIVE_TOLERANCE * max(abs(x), abs(y)) or (x != x and y != y)
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(_close(x[k], y[k]) for k in x)
    if isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)):
        return len(x) == len(y) and all(_close(p, q) for p, q in zip(x, y))
    return x == y


def compare_exports(first: Path, second: Path) -> dict[str, dict]:
    """Compare two --export folders table by table: the same rows as multisets (row order is not
    deterministic, even between two runs of the same code), floating-point values within
    RELATIVE_TOLERANCE (JSON texts compared parsed). Returns {table: {rows, rows_other, not_identical,
    different}} where `different` counts rows without a counterpart even within the tolerance."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    out = {}
    for table, key_columns in RESULT_TABLES.items():
        a, b = str(first / f"{table}.parquet"), str(second / f"{table}.parquet")
        columns = [c for c, *_ in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [a]).fetchall()
                   if c != "computed_at"]  # when each run wrote it
        select = ", ".join(f'"{c}"' for c in columns)  # column names from the file we wrote
        counts = [con.execute("SELECT count(*) FROM read_parquet(?)", [f]).fetchall()[0][0] for f in (a, b)]
        only = [con.execute(f"SELECT {select} FROM read_parquet(?) EXCEPT ALL SELECT {select} FROM read_parquet(?)",
                            [x, y]).fetchall() for x, y in ((a, b), (b, a))]

        def parsed(row: tuple) -> tuple:
            return tuple(json.loads(v) if c in ("detail", "settings") and isinstance(v, str) else v
                         for c, v in zip(columns, row))

        candidates: dict[tuple, list] = {}
        for row in only[1]:
            candidates.setdefault(row[:key_columns], []).append(parsed(row))
        different = 0
        for row in only[0]:
            pool = candidates.get(row[:key_columns], [])
            match = next((i for i, other in enumerate(pool) if _close(parsed(row), other)), None)
            if match is None:
                different += 1
            else:
                pool.pop(match)
        different += sum(len(pool) for pool in candidates.values())
        out[table] = {"rows": counts[0], "rows_other": counts[1], "not_identical": len(only[0]),
                      "different": different}
    return out


def measure_existing(args: argparse.Namespace) -> list[dict]:
    """Each --code variant over a fresh copy of --db."""
    source = Path(args.db)
    if not source.exists():
        raise SystemExit(f"no database at {source}")
    roots = [Path(r).resolve() for r in (args.code or [ROOT])]
    folder = Path(tempfile.mkdtemp(prefix="bench-metrics-", dir=args.copy_dir))
    reports = []
    try:
        for number, root in enumerate(roots):
            copy = folder / f"copy-{number}.duckdb"
            started = time.perf_counter()
            shutil.copyfile(source, copy)
            copied = time.perf_counter() - started
            export = Path(args.export) / f"variant-{number}" if args.export else None
            result = run_measured(copy, root, args, export)
            reports.append({"code": str(root), "database": str(source), "copy_seconds": round(copied, 1),
                            "threads": args.threads, "memory_limit": args.memory_limit,
                            "persisted": not args.compute_only, **result})
            print(json.dumps(reports[-1], indent=2), flush=True)
            copy.unlink(missing_ok=True)
            Path(str(copy) + ".wal").unlink(missing_ok=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.compare and args.export and len(roots) > 1:
        for number in range(1, len(roots)):
            tables = compare_exports(Path(args.export) / "variant-0", Path(args.export) / f"variant-{number}")
            same = all(t["rows"] == t["rows_other"] and t["different"] == 0 for t in tables.values())
            print(json.dumps({"compare": [str(roots[0]), str(roots[number])], "same_results": same,
                              "tables": tables}, indent=2), flush=True)
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="measure an existing database (on a copy; the original is not changed)")
    parser.add_argument("--code", action="append",
                        help="measure with the metrics code of this checkout (repeatable: one run each, in order)")
    parser.add_argument("--copy-dir", help="folder for the copy of --db (default: the system temporary folder)")
    parser.add_argument("--export", help="with --db: write each variant's result tables here as Parquet")
    parser.add_argument("--compare", action="store_true",
                        help="with --export and several --code: compare each variant's tables with the first's")
    parser.add_argument("--processes", type=int, default=100_000)
    parser.add_argument("--source", choices=("synthetic", "demo"), default="synthetic")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: DuckDB's, one per core)")
    parser.add_argument("--memory-limit", default=None, help="DuckDB memory_limit, e.g. 3GB (the loader's refresh)")
    parser.add_argument("--compute-only", action="store_true", help="do not write the tables (compute into temp)")
    parser.add_argument("--keep-db", help="keep the generated database here")
    parser.add_argument("--_measure", help=argparse.SUPPRESS)
    parser.add_argument("--_root", help=argparse.SUPPRESS)
    parser.add_argument("--_export", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._measure:
        export = Path(args._export) if args._export else None
        print(json.dumps(measure(Path(args._measure), args.threads, args.memory_limit, not args.compute_only,
                                 export)))
        return 0
    if args.db:
        measure_existing(args)
        return 0
    db = Path(args.keep_db) if args.keep_db else Path(tempfile.mkdtemp(prefix="bench-metrics-")) / "bench.duckdb"
    if db.exists():
        db.unlink()
    started = time.perf_counter()
    counts = (generate_demo if args.source == "demo" else generate_synthetic)(db, args.processes)
    generated = time.perf_counter() - started
    result = run_measured(db, ROOT, args, None)
    report = {"processes": args.processes, "source": args.source, "generate_seconds": round(generated, 1),
              "rows": counts, "threads": args.threads, "memory_limit": args.memory_limit,
              "persisted": not args.compute_only, **result}
    print(json.dumps(report, indent=2))
    if not args.keep_db:
        db.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    if "--_root" in sys.argv:  # the measured subprocess imports the metrics code of the variant measured
        sys.path.insert(0, sys.argv[sys.argv.index("--_root") + 1])
    raise SystemExit(main())
