"""The `obras` command line: load, demo, flags, quality."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from core import settings


def _print_reports(reports) -> None:
    total = {"read": 0, "loaded": 0, "rejected": 0}
    for r in reports:
        line = (f"{r.status:9} {r.uri}  [{r.format}, {r.encoding}]  read {r.items_read}, "
                f"loaded {r.items_loaded}, rejected {r.items_rejected}, corrections {r.corrections}")
        print(line)
        for reason, count in sorted(r.reject_reasons.items(), key=lambda kv: -kv[1])[:5]:
            print(f"          rejected {count}: {reason}")
        total["read"] += r.items_read
        total["loaded"] += r.items_loaded
        total["rejected"] += r.items_rejected
    print(f"total: {len(reports)} sources, read {total['read']}, loaded {total['loaded']}, "
          f"rejected {total['rejected']}")
    unplaced = sum(getattr(r, "unplaced", 0) for r in reports)
    if unplaced:
        print(f"not placed in a state: {unplaced} processes (nothing they publish names one; "
              "shown as 'Sin estado / federal')")


def cmd_load(args: argparse.Namespace) -> int:
    from obras.update import update

    reports = update(args.sources, db=args.db, implementer=args.implementer, refresh=not args.no_refresh)
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=1))
    else:
        _print_reports(reports)
        print(f"database: {settings.db_path(args.db)}")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    """Recompute flags, scores and publication quality (after loads made with --no-refresh)."""
    from obras.update import refresh

    print(f"refreshed: {refresh(args.db)}")
    return 0


def cmd_harvest(args: argparse.Namespace) -> int:
    """Fetch what the catalogue's publishers changed, load it, and say what changed (exit 1 if any failed)."""
    import duckdb

    from obras import changes
    from obras.harvest import harvest, print_report

    started = changes.now()
    report = harvest(args.source, since=args.since, db=args.db, refresh=not args.no_refresh)
    print_report(report)
    path = settings.db_path(args.db)
    if path.exists():
        con = duckdb.connect(str(path), read_only=True)
        try:
            rows = changes.read(con, since=started)
        finally:
            con.close()
        print("changes: " + (", ".join(f"{n} {k}" for k, n in changes.summary(rows).items()) or "none"))
        for row in rows[:args.show]:
            print(f"  {changes.describe(row)}")
        if len(rows) > args.show:
            print(f"  ... {len(rows) - args.show} more (the Novedades page, or --show N)")
    print(f"database: {path}")
    return 1 if report.failed else 0


def cmd_feed_server(args: argparse.Namespace) -> int:
    """Serve the Atom feeds of changes, read-only, until interrupted."""
    from obras.feed import serve

    print(f"feeds: http://{args.host}:{args.port}/feed?state=&implementer=&supplier=&indicator= "
          f"(public address: OBRAS_FEED_URL={settings.feed_url()})", file=sys.stderr)
    serve(args.port, db=args.db, host=args.host, app_url=args.app_url)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    import shutil

    from demo.generate import generate
    from obras.update import update

    out = Path(args.out) if args.out else settings.DEMO_DIR
    if out.exists():
        shutil.rmtree(out)
    paths = generate(out, processes=args.processes, seed=args.seed)
    print(f"demo: wrote {len(paths)} files to {out}")
    reports = update([str(out)], db=args.db)
    _print_reports(reports)
    print(f"database: {settings.db_path(args.db)}")
    return 0


def cmd_flags(argv: list[str]) -> int:
    """Two modes: Cardinal's (`--settings FILE.ini INPUT.jsonl`, Cardinal's exact output) and the
    export of the database's flags (`--db FILE --format json|csv|parquet`)."""
    export = any(a == o or a.startswith(o + "=") for a in argv for o in ("--db", "--format", "--out"))
    cardinal = any(a == "--settings" or a.startswith("--settings=") for a in argv)
    if cardinal and not export:
        from metrics.cardinal.cli import main_flags

        return main_flags(argv) or 0
    from metrics.export import main_export

    return main_export(argv) or 0


def cmd_quality(argv: list[str]) -> int:
    from quality.cli import main_quality

    return main_quality(argv) or 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="obras", description="Obras Abiertas: EDCA-MX / EDCAPI into DuckDB")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("load", help="load files, folders, .zip/.gz or URLs")
    p.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--implementer", help="implementer id from data/implementers.csv")
    p.add_argument("--db", help="DuckDB file (default: $OBRAS_DB or data/obras.duckdb)")
    p.add_argument("--json", action="store_true", help="print the per-source report as JSON")
    p.add_argument("--no-refresh", action="store_true",
                   help="skip recomputing indicators and quality (for several big loads; then run `obras refresh`)")
    p.set_defaults(func=cmd_load)
    p = sub.add_parser("refresh", help="recompute indicators, scores and publication quality")
    p.add_argument("--db")
    p.set_defaults(func=cmd_refresh)
    p = sub.add_parser("demo", help="generate the demo data and load it")
    p.add_argument("--processes", type=int, default=5000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--db")
    p.add_argument("--out", help="folder for the demo files (default data/demo)")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("harvest", help="fetch what the publishers of data/sources.toml changed and load it")
    p.add_argument("--source", action="append", metavar="ID", help="a catalogue entry (repeatable; default: the enabled ones)")
    p.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD",
                   help="only what changed since this date (years before it are not asked)")
    p.add_argument("--db")
    p.add_argument("--no-refresh", action="store_true", help="skip recomputing indicators and quality")
    p.add_argument("--show", type=int, default=20, help="changes listed in the output (default 20)")
    p.set_defaults(func=cmd_harvest)
    p = sub.add_parser("feed-server", help="serve Atom feeds of the changes, read-only")
    p.add_argument("--port", type=int, default=8502)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--db")
    p.add_argument("--app-url", default="http://localhost:8501", help="the dashboard's address, for the entries' links")
    p.set_defaults(func=cmd_feed_server)
    sub.add_parser("flags", help="red flags: Cardinal mode (--settings) or export (--db --format)", add_help=False)
    sub.add_parser("quality", help="publication quality per implementer", add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "flags":
            return cmd_flags(argv[1:])
        if argv and argv[0] == "quality":
            return cmd_quality(argv[1:])
        args = build_parser().parse_args(argv)
        return args.func(args)
    except KeyboardInterrupt:
        print("obras: interrupted; the database was left as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # one clear line, never a traceback (OBRAS_DEBUG=1 shows it)
        if settings.debug():
            raise
        from loaders.read.items import UnreadableSource

        prefix = "" if isinstance(exc, UnreadableSource) else f"{type(exc).__name__}: "
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        from loaders.read.fetch import redact_text

        msg = redact_text(msg)  # no user:password@ or tokens of a URL echoed back
        print(f"obras: error: {prefix}{msg}", file=sys.stderr)
        return 2 if isinstance(exc, UnreadableSource) else 1


if __name__ == "__main__":
    raise SystemExit(main())
