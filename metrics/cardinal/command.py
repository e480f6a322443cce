"""`obras flags`: Cardinal's `indicators` command (the entry point for `python -m` is cli.py).

    obras flags --settings FILE.ini [--no-meta] [--map] [--count] INPUT.jsonl
    python -m metrics.cardinal.cli --settings FILE.ini [--no-meta] [--map] [--count] INPUT.jsonl

Prints Cardinal's JSON object on one line; warnings (invalid lines, skipped currencies) go to stderr.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Sequence

from metrics.cardinal.jsonout import dumps
from metrics.cardinal.run import load_settings, iter_lines, run
from metrics.cardinal.ini import SettingsError


def build_parser(prog: str = "obras flags") -> argparse.ArgumentParser:
    """The command's arguments (Cardinal's names)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=(
            "Calculate OCP Cardinal's red flags from OCDS compiled releases in a line-delimited JSON file. "
            "The result is a JSON object whose keys are OCID, Buyer, ProcuringEntity or Tenderer; their values "
            "map identifiers to the results of the indicators that flagged them."
        ),
    )
    parser.add_argument("file", metavar="FILE",
                        help='the JSON Lines file (or "-" for standard input), one compiled release per line')
    parser.add_argument("-s", "--settings", required=True, metavar="SETTINGS",
                        help="the settings file (INI); a [R###] section enables an indicator")
    parser.add_argument("--no-meta", action="store_true", help='exclude the "Meta" key from the results')
    parser.add_argument("--map", action="store_true",
                        help='include the "Maps" key, mapping contracting processes to organizations')
    parser.add_argument("-c", "--count", action="store_true",
                        help="print the number of results per group to standard error")
    return parser


def _configure_logging() -> None:
    logger = logging.getLogger("metrics.cardinal")
    if not any(getattr(h, "_cardinal_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        handler._cardinal_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def main_flags(argv: Sequence[str] | None = None, prog: str = "obras flags") -> int:
    """Run the command; returns the exit status (0, or 2 for a bad settings file or input path)."""
    args = build_parser(prog).parse_args(argv)
    _configure_logging()
    if args.file != "-":
        path = Path(args.file)
        if path.is_dir() or not path.exists():
            print(f"{prog}: error: {args.file}: {'Is a directory, not a file' if path.is_dir() else 'No such file'}",
                  file=sys.stderr)
            return 2
    try:
        settings = load_settings(args.settings)
    except SettingsError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
    outcome = run(settings, iter_lines(args.file), map=args.map)
    output = outcome.to_cardinal(no_meta=args.no_meta, maps=args.map)
    sys.stdout.write(dumps(output) + "\n")
    if args.count:
        for group, results in outcome.results().items():
            print(f"{group}: {len(results)}", file=sys.stderr)
    return 0
