"""OCP Cardinal's red flags, with Cardinal's semantics, settings file and output.

Each indicator is a module `r###.py` (a calculator with fold / reduce / finalize, and its META);
`run.py` folds every enabled indicator in one streaming pass over compiled releases.

- `CARDINAL_CODES`: the codes implemented.
- `INDICATORS`: `metrics.base.Indicator` objects computing over the DuckDB `processes` table.
- `run_flags(settings_path, input_path, no_meta, maps)`: Cardinal's output object for a JSON Lines file.
- `main_flags(argv)`: the `obras flags` command.
"""
from __future__ import annotations

from metrics.cardinal import discovery
from metrics.cardinal.command import main_flags
from metrics.cardinal.processes import CardinalIndicator, compute_all
from metrics.cardinal.run import run_flags

CARDINAL_CODES: tuple[str, ...] = tuple(discovery.metas())
INDICATORS: list[CardinalIndicator] = [CardinalIndicator(meta) for meta in discovery.metas().values()]

__all__ = ["CARDINAL_CODES", "INDICATORS", "CardinalIndicator", "compute_all", "main_flags", "run_flags"]
