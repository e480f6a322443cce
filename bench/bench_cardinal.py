"""Benchmark: all 11 Cardinal red flags over a generated JSON Lines file of compiled releases.

    .venv/bin/python bench/bench_cardinal.py [--lines 100000] [--duckdb] [--out DIR]

Generates deterministic, realistic compiled releases (tender period, method, 1-6 bids with statuses and
amounts, one award with classified items, buyer and procuring entity; ~3% cancelled, ~2% in USD), then
times: parsing only (the floor), `run_flags` with every indicator enabled (one pass), and with --duckdb
the same through the `processes` table (`compute_all`, main currency MXN), in this process and with
worker processes (CPU time counts the workers'), checking that both give the same flags.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metrics.cardinal import CARDINAL_CODES, compute_all, run_flags  # noqa: E402

METHODS = [("open", "Licitación Pública"), ("selective", "Invitación a cuando menos tres personas"),
           ("direct", "Adjudicación Directa"), ("limited", "Adjudicación Directa por Excepción")]
SEGMENTS = ["72", "30", "81", "95", "40", "43", "46", "11", "22", "31"]


def release(rng: random.Random, i: int) -> dict:
    """One compiled release."""
    method, details = rng.choices(METHODS, weights=[5, 2, 3, 1])[0]
    start = datetime(2020, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
    end = start + timedelta(days=rng.choice([3, 7, 10, 14, 15, 20, 30]), hours=rng.randrange(24))
    currency = "USD" if rng.random() < 0.02 else "MXN"
    estimate = rng.lognormvariate(14, 1.2)
    n_bids = rng.choices([1, 2, 3, 4, 5, 6], weights=[3, 4, 4, 3, 2, 1])[0]
    bids = []
    for j in range(n_bids):
        status = rng.choices(["valid", "disqualified", "pending", "withdrawn"], weights=[80, 14, 3, 3])[0]
        date = end + timedelta(hours=rng.choice([-48, -5, -1, 2])) if rng.random() < 0.05 else \
            end - timedelta(hours=rng.randrange(1, 200))
        bids.append({
            "id": f"{i}-{j}", "status": status, "date": date.isoformat().replace("+00:00", "Z"),
            "tenderers": [{"id": f"RFC{rng.randrange(3000):05d}"}],
            "value": {"amount": round(estimate * rng.uniform(0.8, 1.3), 2), "currency": currency},
        })
    valid = [b for b in bids if b["status"] == "valid"]
    awards = []
    if valid:
        winner = min(valid, key=lambda b: b["value"]["amount"]) if rng.random() < 0.9 else rng.choice(valid)
        segment = rng.choice(SEGMENTS)
        awards.append({
            "id": f"{i}-a", "status": rng.choices(["active", "pending", "cancelled"], weights=[92, 4, 4])[0],
            "suppliers": [{"id": winner["tenderers"][0]["id"], "name": "Proveedor"}],
            "value": dict(winner["value"]),
            "items": [{"id": str(k), "classification": {"scheme": "UNSPSC", "id": f"{rng.choice([segment] * 4 + SEGMENTS)}"
                                                                                 f"{rng.randrange(10**6):06d}"}}
                      for k in range(rng.randint(1, 4))],
        })
    buyer = f"MX-BUYER-{rng.randrange(400):03d}"
    return {
        "ocid": f"ocds-bench-{i:07d}",
        "buyer": {"id": buyer, "name": "Dependencia"},
        "tender": {
            "id": str(i), "status": "cancelled" if rng.random() < 0.03 else "complete",
            "procurementMethod": method, "procurementMethodDetails": details,
            "procuringEntity": {"id": buyer if rng.random() < 0.8 else f"MX-PE-{rng.randrange(100):03d}"},
            "tenderPeriod": {"startDate": start.isoformat().replace("+00:00", "Z"),
                             "endDate": end.isoformat().replace("+00:00", "Z")},
            "numberOfTenderers": len({b["tenderers"][0]["id"] for b in bids}),
            "value": {"amount": round(estimate, 2), "currency": currency},
        },
        "bids": {"details": bids},
        "awards": awards,
    }


def _cpu() -> float:
    """CPU seconds of this process and of its children waited for (the worker processes)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def generate(path: Path, lines: int, seed: int = 20240601) -> None:
    rng = random.Random(seed)
    with path.open("wb") as fh:
        for i in range(lines):
            fh.write(orjson.dumps(release(rng, i)) + b"\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--duckdb", action="store_true", help="also time compute_all over a processes table")
    parser.add_argument("--out", type=Path, help="folder for the generated files (default: a temporary one)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        data, settings = folder / "bench.jsonl", folder / "all.ini"
        settings.write_text("".join(f"[{code}]\n" for code in CARDINAL_CODES), encoding="utf-8")
        t0 = time.perf_counter()
        generate(data, args.lines)
        size = data.stat().st_size
        print(f"generated {args.lines:,} lines, {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")

        t0, c0 = time.perf_counter(), time.process_time()
        with data.open("rb") as fh:
            for line in fh:
                orjson.loads(line)
        print(f"parse only (orjson): {time.perf_counter() - t0:.2f} s wall, {time.process_time() - c0:.2f} s CPU")

        t0, c0 = time.perf_counter(), time.process_time()
        output = run_flags(settings, data)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        counts = {group: len(ids) for group, ids in output.items() if group != "Meta"}
        print(f"run_flags, all {len(CARDINAL_CODES)} indicators, one pass: {elapsed:.2f} s wall, {cpu:.2f} s CPU "
              f"({args.lines / elapsed:,.0f} lines/s wall); results per group: {json.dumps(counts)}")

        if args.duckdb:
            import duckdb

            from core.contract import create_tables

            con = duckdb.connect(str(folder / "bench.duckdb"))
            create_tables(con)
            con.execute("INSERT INTO processes (ocid, json) SELECT json->>'ocid', json "
                        "FROM read_json_objects(?, format='newline_delimited')", [str(data)])
            previous = None
            for workers in (0, 2):
                t0, c0 = time.perf_counter(), _cpu()
                results = compute_all(con, {"currency": "MXN"}, workers=workers)
                elapsed, cpu = time.perf_counter() - t0, _cpu() - c0
                flagged = sum(len(r.flags) for r in results.values())
                print(f"compute_all over processes, {workers} workers: {elapsed:.2f} s wall, {cpu:.2f} s CPU "
                      f"(workers included); {flagged:,} flag rows")
                frames = {code: r.flags for code, r in results.items()}
                if previous is not None:
                    same = all(previous[code].equals(frame) for code, frame in frames.items())
                    print(f"same flags with and without workers: {same}")
                previous = frames
            con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
