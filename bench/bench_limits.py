"""Limits: the largest single file and the largest database `obras load` was measured on.

    python bench/bench_limits.py --processes 30000 --per-file 30000 [--workdir /tmp/obras-limits]
    python bench/bench_limits.py --folder /tmp/obras-1m-demo --db /tmp/obras-1m.duckdb --no-generate

Generates demo data (demo.generate.generate; with --per-file equal to --processes the releases land in one
release package, the "largest file"), then runs `obras load` on it as a user would (a subprocess) and
samples, every 0.2 s, the resident memory of the load's whole process tree (main process and compile
workers, from /proc). Prints, as JSON: the largest input file (bytes), input total, processes and releases
in the database, wall seconds, peak memory (MiB, tree total and largest single process), database size.

    python bench/bench_limits.py --whitespace-mb 512 [--in-string]

The hostile case instead: one release package zipped, whose single release holds N MB of whitespace
between two keys (or, with --in-string, inside a string value), with enough incompressible padding that
the zip stays under the compression-ratio guard (write_whitespace_zip). The load must reject or load
it in linear time with bounded memory (loaders.read.split skips whitespace runs; MAX_ELEMENT_BYTES caps the
rest).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def tree(pid: int) -> set[int]:
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parent[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    found, frontier = {pid}, {pid}
    while frontier:
        frontier = {p for p, pp in parent.items() if pp in frontier} - found
        found |= frontier
    return found


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(cmd: list[str], env: dict[str, str] | None = None, interval: float = 0.2) -> dict:
    """Run `cmd`; wall seconds, exit code, peak RSS of its process tree (sum) and of its largest process."""
    peak = {"tree": 0, "single": 0}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            sizes = [rss_kib(p) for p in tree(proc.pid)]
            peak["tree"] = max(peak["tree"], sum(sizes))
            peak["single"] = max(peak["single"], max(sizes, default=0))
            time.sleep(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    return {"seconds": round(time.perf_counter() - started, 1), "returncode": proc.returncode,
            "peak_tree_mib": round(peak["tree"] / 1024), "peak_single_mib": round(peak["single"] / 1024),
            "stdout_tail": out[-600:], "stderr_tail": err[-600:]}


def write_whitespace_zip(path: Path, megabytes: int, in_string: bool = False) -> Path:
    """A zip with one member, a release package whose one release carries `megabytes` MB of spaces and
    newlines (written in 1 MB pieces, never held whole), padded with random base64 so that the member's
    compression ratio stays under read_limits.MAX_COMPRESSION_RATIO."""
    import base64
    import zipfile

    from loaders.read.limits import MAX_COMPRESSION_RATIO

    total = megabytes * 1024**2
    pad = base64.b64encode(os.urandom(int(total / (MAX_COMPRESSION_RATIO * 0.8) * 3 / 4))).decode()
    head = '{"uri":"x","releases":[{"ocid":"ocds-ws-1","id":"1","date":"2020-01-01T00:00:00Z","tag":["tender"],'
    head += f'"pad":"{pad}",'
    piece = (b" " * 1023 + b"\n") * 1024
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("whitespace.json", "w", force_zip64=True) as fh:
            fh.write(head.encode() + (b'"note":"' if in_string else b""))
            for _ in range(megabytes):
                fh.write(piece.replace(b"\n", b" ") if in_string else piece)
            fh.write(b'",' if in_string else b"")
            fh.write(b'"tender":{"id":"t1","title":"ws"}}]}')
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--processes", type=int, default=30000)
    ap.add_argument("--per-file", type=int, default=None, help="processes per release file (default: all in one)")
    ap.add_argument("--workdir", default="/tmp/obras-limits")
    ap.add_argument("--folder", help="input folder (default <workdir>/files)")
    ap.add_argument("--db", help="database (default <workdir>/limits.duckdb, removed first)")
    ap.add_argument("--no-generate", action="store_true", help="load --folder as it is")
    ap.add_argument("--no-refresh", action="store_true",
                    help="measure the load alone (indicators and quality are measured by `obras refresh`)")
    ap.add_argument("--whitespace-mb", type=int, help="the hostile case: a zip with this many MB of whitespace "
                                                         "inside one array element (see write_whitespace_zip)")
    ap.add_argument("--in-string", action="store_true", help="with --whitespace-mb: the spaces inside a string")
    args = ap.parse_args(argv)
    if args.whitespace_mb:
        return whitespace_case(args)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    folder = Path(args.folder) if args.folder else work / "files"
    db = Path(args.db) if args.db else work / "limits.duckdb"
    if not args.no_generate:
        import shutil

        from demo.generate import generate

        if folder.exists():
            shutil.rmtree(folder)
        t0 = time.perf_counter()
        generate(folder, processes=args.processes, seed=7, per_file=args.per_file or args.processes)
        print(f"generated {folder} in {time.perf_counter() - t0:.0f} s", flush=True)
        for p in (db, Path(f"{db}.wal")):
            p.unlink(missing_ok=True)
    files = [p for p in folder.rglob("*") if p.is_file()]
    largest = max(files, key=lambda p: p.stat().st_size)
    result = measure([sys.executable, "-m", "obras", "load", str(folder), "--db", str(db),
                      *(["--no-refresh"] if args.no_refresh else [])])
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0]
              for t in ("processes", "releases", "projects", "sources", "rejects", "flags")}
    con.close()
    report = {"largest_file": largest.name, "largest_file_bytes": largest.stat().st_size,
              "input_files": len(files), "input_bytes": sum(p.stat().st_size for p in files), **counts,
              "db_bytes": db.stat().st_size, **result}
    print(json.dumps(report, indent=1))
    return 0 if result["returncode"] == 0 else 1


def whitespace_case(args: argparse.Namespace) -> int:
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    src = write_whitespace_zip(work / f"whitespace-{args.whitespace_mb}mb.zip", args.whitespace_mb, args.in_string)
    db = work / "whitespace.duckdb"
    for p in (db, Path(f"{db}.wal")):
        p.unlink(missing_ok=True)
    result = measure([sys.executable, "-m", "obras", "load", str(src), "--db", str(db), "--no-refresh"])
    report = {"input": src.name, "zip_bytes": src.stat().st_size, "whitespace_mb": args.whitespace_mb,
              "in_string": args.in_string, **result}
    print(json.dumps(report, indent=1))
    return 0 if result["returncode"] in (0, 1) else 1


if __name__ == "__main__":
    raise SystemExit(main())
