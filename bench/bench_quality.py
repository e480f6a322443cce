"""Benchmark: the publication quality refresh (validation included, sampled as configured) and one
implementer's report card (PDF and Markdown), on an existing database.

    .venv/bin/python bench/bench_quality.py --db /tmp/obras-1m.duckdb [--implementer nl-gobierno]

Goals (issue 12): at 1,000,000 demo processes the quality refresh under 198 s, one report card under 10 s.
The database is copied first (the original is never written); the refresh runs in a fresh subprocess,
sampled from outside for the peak memory of its process tree (bench_metrics.TreeSampler). Schema validation
needs the official schemas: the cached copies (OBRAS_CACHE_DIR) or local files (OBRAS_OCDS_SCHEMA...);
the report says whether validation ran.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_metrics import TreeSampler  # noqa: E402


def keep_quality(con, target: Path) -> list[str]:
    """Copy every quality_* table of `con` into the database file `target` (small), to compare the tables
    of two runs afterwards with bench/compare_dbs.py; return the tables copied."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND starts_with(table_name, 'quality_') ORDER BY 1").fetchall()]
    con.execute("ATTACH ? AS kept", [str(target)])
    for t in tables:  # names from the catalogue, never input
        con.execute(f'CREATE OR REPLACE TABLE kept."{t}" AS SELECT * FROM "{t}"')
    con.execute("DETACH kept")
    return tables


def _measure(db: Path, implementer: str | None, memory_limit: str | None = None,
             keep: Path | None = None) -> dict:
    """In the subprocess: the quality refresh, then one report card from the refreshed tables."""
    import duckdb

    from quality import card
    from quality.compute import refresh

    con = duckdb.connect(str(db), config={"memory_limit": memory_limit} if memory_limit else {})
    started = time.perf_counter()
    summary = refresh(con)
    refresh_s = time.perf_counter() - started
    validation = dict(con.execute("SELECT standard, string_agg(DISTINCT status, '/') FROM quality_validation "
                                  "GROUP BY standard").fetchall())
    validated = con.execute("SELECT sum(items_validated), sum(items) FROM quality_validation").fetchall()[0]
    if implementer is None:
        implementer = con.execute("SELECT implementer_id FROM quality_scores WHERE rank = 1").fetchall()[0][0]
    started = time.perf_counter()
    data = card.card_data(con, implementer)
    pdf = card.render_pdf(data, "es")
    card_s = time.perf_counter() - started
    started = time.perf_counter()
    markdown = card.render_markdown(card.card_data(con, implementer), "es")
    md_s = time.perf_counter() - started
    con_seconds = con.execute("SELECT part, seconds FROM quality_runs").fetchall()
    if keep:
        keep_quality(con, keep)
    con.close()
    return {"refresh_seconds": round(refresh_s, 2), "card_pdf_seconds": round(card_s, 2),
            "card_markdown_seconds": round(md_s, 2), "card_pdf_bytes": len(pdf), "card_markdown_chars": len(markdown),
            "implementer": implementer, "validation": validation,
            "items_validated": int(validated[0] or 0), "items": int(validated[1] or 0),
            "parts": {k: v for k, v in summary.items() if k in ("status", "parts")},
            "part_seconds": dict(con_seconds)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--implementer")
    ap.add_argument("--memory-limit", help="DuckDB memory_limit of the measured connection (e.g. 6GB); "
                                           "DuckDB's default (80%% of RAM) when not given")
    ap.add_argument("--keep-quality", type=Path, help="a database file to copy the refreshed quality_* tables "
                                                      "into (compare two runs with bench/compare_dbs.py)")
    ap.add_argument("--_measure", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._measure:
        print(json.dumps(_measure(args._measure, args.implementer, args.memory_limit, args.keep_quality), default=str))
        return 0
    if not args.db or not args.db.exists():
        ap.error("--db: an existing database")
    tmp = Path(tempfile.mkdtemp(prefix="bench-quality-", dir=args.db.parent))
    try:
        copy = tmp / "q.duckdb"
        shutil.copyfile(args.db, copy)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--_measure", str(copy)]
        if args.implementer:
            cmd += ["--implementer", args.implementer]
        if args.memory_limit:
            cmd += ["--memory-limit", args.memory_limit]
        if args.keep_quality:
            cmd += ["--keep-quality", str(args.keep_quality.resolve())]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(ROOT))
        sampler = TreeSampler(proc.pid)
        sampler.start()
        out, err = proc.communicate()
        sampler.stopped.set()
        sampler.join()
        if proc.returncode:
            print(err[-4000:], file=sys.stderr)
            return proc.returncode
        result = {**json.loads(out.strip().splitlines()[-1]), **sampler.report()}
        print(json.dumps(result, indent=2, default=str))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
