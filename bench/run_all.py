"""`make bench`: every benchmark once, at a size that runs in minutes on a 2-core machine.

    python bench/run_all.py [--processes N]

Each benchmark prints its own figures (time, CPU, peak memory of the process tree); the figures quoted
in the README and in closing notes come from the individual scripts run at full size (see each one's
--help). Stops at the first benchmark that fails, with its exit status.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def plan(processes: int) -> list[list[str]]:
    """The benchmark commands, in order: load (beside ocdskit compile), indicators, limits, pages."""
    n = str(processes)
    return [
        ["bench_load.py", "--processes", n],
        ["bench_metrics.py", "--processes", n],
        ["bench_limits.py", "--processes", n],
        ["bench_limits.py", "--whitespace-mb", "512"],
        ["bench_pages.py", "--processes", n],
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--processes", type=int, default=10_000)
    args = ap.parse_args(argv)
    for script, *rest in plan(args.processes):
        print(f"== {script} {' '.join(rest)}", flush=True)
        status = subprocess.run([sys.executable, str(HERE / script), *rest]).returncode
        if status:
            print(f"{script} failed with exit status {status}", file=sys.stderr)
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
