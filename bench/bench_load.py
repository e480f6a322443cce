"""Benchmark: `obras load` vs `ocdskit compile` on the same demo release files, side by side in one run.

    python bench/bench_load.py --processes 100000 [--workdir /tmp/obras-bench] [--skip-ocdskit] [--base DIR]

Reports wall time, CPU time, releases per second and peak memory (the process tree's resident memory,
sampled from /proc: worker processes included) of:
  1. `obras load` (read, compile, normalise, flatten, write to DuckDB, no metrics) on the demo folder;
  2. `ocdskit compile --schema <local release schema>` reading the same release packages on stdin;
  3. with --base DIR (a checkout of another commit, e.g. `git worktree add ../base main`), that checkout's
     `obras load` on the same folder, run by this Python with DIR first on the path: old and new loader
     measured in one run, beside the same ocdskit measurement.
The machine is shared and noisy: compare the two numbers of one run, not numbers across runs.
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
sys.path.insert(0, str(ROOT / "bench"))


def run_measured(cmd: list[str] | str, *, shell: bool = False, env: dict | None = None) -> dict:
    """Wall seconds, CPU seconds (user + system, the whole process tree), peak resident memory (MiB) of
    the process tree (sum, sampled from /proc) and of its largest process, and the exit status."""
    import resource

    from bench_limits import measure

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = measure(["sh", "-c", cmd] if shell else cmd, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def count_releases(folder: Path) -> int:
    import orjson

    n = 0
    for path in folder.rglob("*.json"):
        data = orjson.loads(path.read_bytes())
        if isinstance(data, dict) and isinstance(data.get("releases"), list):
            n += len(data["releases"])
    return n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--processes", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", default="/tmp/obras-bench")
    ap.add_argument("--skip-ocdskit", action="store_true")
    ap.add_argument("--base", help="a checkout of another commit whose loader is measured too, in the same run")
    ap.add_argument("--schema", default=str(ROOT.parent / "shared/data/ocds-schema-1.1.5/release-schema.json"))
    args = ap.parse_args()

    from demo.generate import generate

    work = Path(args.workdir)
    demo = work / f"demo-{args.processes}"
    if not demo.exists():
        t = time.perf_counter()
        generate(demo, processes=args.processes, seed=args.seed)
        print(f"generated {args.processes} processes in {time.perf_counter() - t:.1f} s")
    releases_dir = demo
    n_releases = count_releases(releases_dir)
    size = sum(p.stat().st_size for p in demo.rglob("*") if p.is_file())
    print(f"input: {n_releases} releases, {size / 1e6:.0f} MB")

    print(f"load average at the start: {os.getloadavg()}")
    results = {}
    loaders = [("obras load", ROOT, work / f"bench-{args.processes}.duckdb")]
    if args.base:
        loaders.append(("obras load base", Path(args.base).resolve(), work / f"bench-{args.processes}-base.duckdb"))
    for name, root, db in loaders:
        for p in (db, Path(f"{db}.loading"), Path(f"{db}.wal")):
            if p.exists():
                p.unlink()
        # `python -c` puts the working directory first on the path, before PYTHONPATH: run from this
        # checkout, that would import this checkout's loader as the base too. The root goes first.
        code = (f"import sys; sys.path.insert(0, {str(root)!r}); import loaders; "
                f"assert loaders.__file__.startswith({str(root)!r}), loaders.__file__; "
                f"from loaders.pipeline import load; load([{str(demo)!r}], db={str(db)!r})")
        results[name] = run_measured([sys.executable, "-c", code],
                                     env=dict(os.environ, OBRAS_DB=str(db), PYTHONPATH=str(root)))
    if not args.skip_ocdskit and Path(args.schema).exists():
        ocdskit = str(Path(sys.executable).parent / "ocdskit")
        package_files = " ".join(f"'{p}'" for p in sorted(demo.rglob("*.json"))
                                 if "releases" in p.read_text(encoding="utf-8")[:2000])
        cmd = f"cat {package_files} | '{ocdskit}' compile --schema '{args.schema}' > /dev/null"
        results["ocdskit compile"] = run_measured(cmd, shell=True)
    print(f"{'command':16} {'seconds':>8} {'cpu s':>7} {'releases/s':>10} {'tree MiB':>8} {'1 proc MiB':>10} status")
    for name, r in results.items():
        print(f"{name:16} {r['seconds']:8.1f} {r['cpu']:7.1f} {n_releases / r['seconds']:10.0f} "
              f"{r['peak_tree_mib']:8} {r['peak_single_mib']:10} {r['returncode']}")
    if "ocdskit compile" in results:
        for name in (n for n in results if n.startswith("obras load")):
            ratio = results["ocdskit compile"]["seconds"] / results[name]["seconds"]
            print(f"{name} is {ratio:.2f}x the speed of ocdskit compile (same files, same run)")
    print(f"load average at the end: {os.getloadavg()}")
    (work / "bench_load.json").write_text(json.dumps(
        {k: {key: v[key] for key in ("seconds", "cpu", "peak_tree_mib", "peak_single_mib", "returncode")}
         for k, v in results.items()} | {"releases": n_releases, "processes": args.processes}, indent=1))


if __name__ == "__main__":
    main()
