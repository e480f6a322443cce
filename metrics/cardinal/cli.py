"""Command-line entry point: `python -m metrics.cardinal.cli --settings FILE.ini [--no-meta] [--map] INPUT.jsonl`.

The command itself is `metrics.cardinal.command.main_flags` (also `obras flags`).
"""
from __future__ import annotations

import sys

from metrics.cardinal.command import main_flags

if __name__ == "__main__":
    raise SystemExit(main_flags(sys.argv[1:], prog="python -m metrics.cardinal.cli"))
