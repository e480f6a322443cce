"""Benchmark: the demo data generator (demo.generate.generate).

    .venv/bin/python bench/bench_demo.py [--processes 100000] [--per-file 1000] [--workers 1] [--out DIR]

Writes N processes into a temporary folder (or --out, kept), then reports wall and CPU time, files/s,
processes/s, output size (MB per 1,000 processes, release packages and project lines apart), the
number of releases and projects (counted by scanning the files), and the peak RSS of this process.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo import generate as demo  # noqa: E402


def _count(paths: list[Path]) -> tuple[int, int]:
    """Releases and projects in the written files, counted from the bytes (cheap, no parsing)."""
    releases = projects = 0
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        if p.name.startswith("releases-"):
            releases += data.count(b'"initiationType":')
        else:
            projects += data.count(b"\n")
    return releases, projects


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--processes", type=int, default=100_000)
    ap.add_argument("--per-file", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path, help="keep the files here (default: a temporary folder, deleted)")
    args = ap.parse_args(argv)

    out = args.out or Path(tempfile.mkdtemp(prefix="bench-demo-"))
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        paths = demo.generate(out, processes=args.processes, seed=args.seed, per_file=args.per_file,
                              workers=args.workers)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        rel_bytes = sum(p.stat().st_size for p in paths if p.name.startswith("releases-"))
        proj_bytes = sum(p.stat().st_size for p in paths if p.name.startswith("projects-"))
        releases, projects = _count(paths)
        k = args.processes / 1000
        print(f"processes {args.processes:,}  files {len(paths):,}  releases {releases:,}  projects {projects:,}")
        print(f"wall {wall:.1f} s  cpu (main process) {cpu:.1f} s  workers {args.workers}")
        print(f"{len(paths) / wall:,.1f} files/s  {args.processes / wall:,.0f} processes/s")
        print(f"size {(rel_bytes + proj_bytes) / 1e6:,.1f} MB: releases {rel_bytes / 1e6 / k:.2f} MB and "
              f"projects {proj_bytes / 1e6 / k:.2f} MB per 1,000 processes")
        print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
