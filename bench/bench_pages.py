"""Server-side time of the exploration pages: each page's first run (AppTest, query caches cleared).

    .venv/bin/python bench/bench_pages.py --db /tmp/demo100k.duckdb
    .venv/bin/python bench/bench_pages.py --processes 100000            # builds a demo database first
    .venv/bin/python bench/bench_pages.py --processes 1000000 --synthetic  # table-level synthetic data

Python imports happen once per server process, so every page is run once to warm them up; then, for
each page and each filter set, the Streamlit caches are cleared and the page's first run is timed.
`--queries` also times every query function alone on a plain DuckDB connection.
Results are printed and written to bench/out/pages-<N>.json.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["resumen", "buscar", "mapa", "comparar", "banderas", "proyecto", "proceso", "proveedores", "calidad",
         "metodologia", "descargas"]
# what a page is opened with besides the filter set: Buscar with a common word of titles (many matches,
# the slowest kind of query: every match is ranked); the profiles with their busiest subject (subject_params)
PAGE_PARAMS = {"buscar": {"q": ["construcción"]}}
GOAL_S = 2.0


def build_demo(processes: int, out: Path, synthetic: bool) -> Path:
    """A database of `processes` processes: demo files through the loader, or synthetic rows."""
    db = out / (f"synthetic-{processes}.duckdb" if synthetic else f"demo-{processes}.duckdb")
    if db.exists():
        return db
    started = time.perf_counter()
    if synthetic:
        from bench.synth_db import build

        build(db, processes)
    else:
        from obras.update import update
        from demo.generate import generate

        files = out / f"demo-{processes}-files"
        generate(files, processes=processes, seed=2026, workers=os.cpu_count() or 1)
        update([files], db=db)
    print(f"built {db} in {time.perf_counter() - started:.0f} s", flush=True)
    return db


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def run_page(page: str, query: dict[str, list[str]] | None = None) -> tuple[float, float, list[str]]:
    """(wall seconds, CPU seconds of this process, errors) of one AppTest run of views/<page>.py.

    CPU time counts DuckDB's threads too; it says how much work a run is when other jobs share the
    machine and stretch the wall time."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "views" / f"{page}.py"), default_timeout=600)
    at.session_state["lang"] = "es"
    for key, value in (query or {}).items():
        at.query_params[key] = value
    started, cpu = time.perf_counter(), time.process_time()
    at.run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    errors = [str(e.value)[:200] for e in at.exception] + [str(e.value)[:200] for e in at.error]
    return seconds, cpu, errors


def filter_sets(db: Path) -> dict[str, dict[str, list[str]]]:
    """No filter, and the busiest state (a typical narrowed view)."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT state_code FROM processes WHERE state_code IS NOT NULL GROUP BY 1 "
                          "ORDER BY count(*) DESC LIMIT 1").fetchall()
    sets: dict[str, dict[str, list[str]]] = {"all": {}}
    if row:
        sets[f"estado={row[0][0]}"] = {"estado": [row[0][0]]}
    return sets


def subject_params(db: Path) -> dict[str, dict[str, list[str]]]:
    """Profile pages opened on their busiest subject: the project with the most processes, the process with
    the most releases (Proveedores opens on its first supplier, the one with the largest amount)."""
    import duckdb

    picks = {
        "proyecto": ("project", "SELECT project_id FROM project_processes GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"),
        "proceso": ("ocid", "SELECT ocid FROM processes ORDER BY release_count DESC, ocid LIMIT 1"),
    }
    out: dict[str, dict[str, list[str]]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for page, (param, sql) in picks.items():
            row = con.execute(sql).fetchall()
            if row and row[0][0] is not None:
                out[page] = {param: [str(row[0][0])]}
    return out


def time_queries(db: Path) -> dict[str, float]:  # noqa: C901 - a flat list of calls
    """Seconds of each query function alone (no Streamlit), with no filter."""
    import duckdb

    from ui import queries_explore as qe
    from ui.filters import Filters

    f = Filters()
    calls = {
        "filter_options": lambda c: qe.filter_options(c), "overview": lambda c: qe.overview(c, f),
        "trend_by_year": lambda c: qe.trend_by_year(c, f), "state_measures": lambda c: qe.state_measures(c, f),
        "state_flag_rates": lambda c: qe.state_flag_rates(c, f), "project_points": lambda c: qe.project_points(c, f),
        "compare(state)": lambda c: qe.compare(c, f, "state"),
        "compare(implementer)": lambda c: qe.compare(c, f, "implementer"),
        "flag_indicators": lambda c: qe.flag_indicators(c), "flag_summary": lambda c: qe.flag_summary(c, f),
        "flag_list": lambda c: qe.flag_list(c, f), "download_count": lambda c: qe.download_count(c, f),
        "download_rows(500)": lambda c: qe.download_rows(c, f, 500),
        "download_rows(all)": lambda c: qe.download_rows(c, f),
    }
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for name, fn in calls.items():
            started = time.perf_counter()
            fn(con)
            out[name] = time.perf_counter() - started
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing database")
    parser.add_argument("--processes", type=int, default=100_000, help="size of the database to build")
    parser.add_argument("--synthetic", action="store_true", help="build with bench/synth_db.py, not the demo")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--queries", action="store_true", help="also time each query function alone")
    parser.add_argument("--pages", nargs="*", default=PAGES)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    db = Path(args.db) if args.db else build_demo(args.processes, out, args.synthetic)
    os.environ["OBRAS_DB"] = str(db)

    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        sizes = dict(zip(["processes", "projects", "flags"], con.execute(
            "SELECT (SELECT count(*) FROM processes), (SELECT count(*) FROM projects), "
            "(SELECT count(*) FROM flags)").fetchall()[0]))
    print(f"{db}: {sizes}", flush=True)

    started = time.perf_counter()
    for page in args.pages:  # imports, once per process (as in a running server)
        run_page(page)
    warmup = time.perf_counter() - started
    print(f"warm-up (imports + first runs of {len(args.pages)} pages): {warmup:.1f} s", flush=True)

    results: dict[str, dict[str, float]] = {}
    failures = []
    params = {**PAGE_PARAMS, **subject_params(db)}
    for label, query in filter_sets(db).items():
        for page in args.pages:
            _clear_caches()
            seconds, cpu, errors = run_page(page, {**query, **params.get(page, {})})
            results.setdefault(page, {})[label] = {"wall_s": round(seconds, 3), "cpu_s": round(cpu, 3)}
            if errors:
                failures.append((page, label, errors))
            flag = "" if seconds <= GOAL_S else f"  > {GOAL_S:.0f} s goal"
            print(f"  {page:10} [{label}] first run {seconds:6.2f} s (CPU {cpu:5.2f} s){flag}", flush=True)
    report = {"db": str(db), "sizes": sizes, "warmup_s": warmup, "first_run": results, "goal_s": GOAL_S,
              "load_average": os.getloadavg(), "cpus": os.cpu_count(), "failures": failures}
    if args.queries:
        report["queries_s"] = time_queries(db)
        for name, seconds in report["queries_s"].items():
            print(f"  query {name:22} {seconds:6.2f} s", flush=True)
    path = out / f"pages-{sizes['processes']}.json"
    path.write_text(json.dumps(report, indent=1))
    print(f"written {path}")
    for page, label, errors in failures:
        print(f"ERROR {page} [{label}]: {errors}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
