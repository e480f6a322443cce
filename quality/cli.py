"""`obras quality`: the publication quality per implementer, from the command line.

    obras quality --db FILE --format json|csv [--out PATH] [--refresh] [--write] [--table NAME]
    obras quality --report IMPLEMENTER --format pdf|md --out FILE [--lang es|en]   (the report card;
                  IMPLEMENTER "sin-asignar" for data with no implementer)

Reads the quality tables the last load computed. With --refresh, or when they are missing, they are
computed in memory over the database opened read-only (the file is not changed); with --write as well,
they are computed on a copy of the database that then replaces it atomically (as a load does).
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import duckdb

from core import settings
from quality import report
from quality.export import SHEETS, _cells, csv_bytes, report_frames
from quality.tables import definitions


UNASSIGNED_NAMES = ("sin-asignar", "unassigned", "none")


def _in_memory(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A writable in-memory database whose tables read the file (quality tables copied, so the
    history carries on)."""
    mem = duckdb.connect()
    mem.execute("ATTACH ? AS src (READ_ONLY)", [str(db_path)])
    tables = [r[0] for r in mem.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'src' AND table_schema = 'main'"
    ).fetchall()]
    quality_tables = set(definitions())
    for t in tables:
        # names come from the database catalogue; quoted
        if t in quality_tables:
            mem.execute(f'CREATE TABLE main."{t}" AS SELECT * FROM src.main."{t}"')
        else:
            mem.execute(f'CREATE VIEW main."{t}" AS SELECT * FROM src.main."{t}"')
    return mem


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="obras quality", description="Publication quality per implementer")
    p.add_argument("--db", help="DuckDB file (default: $OBRAS_DB or data/obras.duckdb)")
    p.add_argument("--format", choices=("json", "csv", "pdf", "md"), default=None,
                   help="json or csv (default json); pdf or md with --report (default pdf)")
    p.add_argument("--report", metavar="IMPLEMENTER",
                   help="the report card of one implementer (its id; 'sin-asignar' for unassigned data)")
    p.add_argument("--lang", choices=("es", "en"), default="es", help="language of the report card")
    p.add_argument("--out", help="write here instead of standard output (CSV files get a UTF-8 BOM)")
    p.add_argument("--table", choices=("scores", "long") + SHEETS[1:], default="scores",
                   help="for csv: which table (scores = the ranking; long = every measurement)")
    p.add_argument("--refresh", action="store_true", help="recompute (in memory unless --write)")
    p.add_argument("--write", action="store_true", help="with --refresh: store the results in the database")
    p.add_argument("--as-of", type=date.fromisoformat, help="date the freshness is measured at (YYYY-MM-DD)")
    return p


def main_quality(argv: list[str] | None = None) -> int:
    """Entry point of `obras quality`; returns the exit code."""
    args = build_parser().parse_args(argv)
    if args.report is None and args.format in ("pdf", "md"):
        print("obras quality: --format pdf or md needs --report IMPLEMENTER", file=sys.stderr)
        return 2
    db_path = settings.db_path(args.db)
    if not db_path.exists():
        print(f"obras quality: no database at {db_path}", file=sys.stderr)
        return 2
    from quality.compute import refresh

    if args.refresh and args.write:
        from core.database import staging

        with staging(db_path) as con:
            refresh(con, as_of=args.as_of)
        con = duckdb.connect(str(db_path), read_only=True)
    else:
        con = duckdb.connect(str(db_path), read_only=True)
        if args.refresh or not report.available(con):
            con.close()
            con = _in_memory(db_path)
            refresh(con, as_of=args.as_of)
    if args.report is not None:
        from quality.card import report_card

        fmt = args.format or "pdf"
        if fmt not in ("pdf", "md"):
            print("obras quality: --report needs --format pdf or md", file=sys.stderr)
            return 2
        if fmt == "pdf" and not args.out:
            print("obras quality: a PDF report card needs --out FILE", file=sys.stderr)
            return 2
        impl = None if args.report.lower() in UNASSIGNED_NAMES else args.report
        try:
            data = report_card(con, impl, fmt, args.lang)
        except KeyError:
            print(f"obras quality: no quality scores for implementer {args.report!r}", file=sys.stderr)
            return 2
    elif (args.format or "json") == "json":
        data = json.dumps(report.full_report(con), ensure_ascii=False, indent=1, default=str).encode("utf-8")
    else:
        if args.table == "long":
            from quality.export import long_report

            df = long_report(report_frames(con))
        elif args.table == "scores":
            df = report.scores(con)
        else:
            df = report_frames(con)[args.table]
        data = csv_bytes(df) if args.out else _cells(df).to_csv(index=False).encode("utf-8")
    if args.out:
        Path(args.out).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        if not data.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
    return 0
