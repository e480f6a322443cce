"""The upload page's harvest: the sources catalogue as a table, and a harvest run with its progress per
source (obras.harvest.harvest does the work; this module only adapts it to the page)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from obras.harvest import STATUSES, HarvestReport, harvest
from obras.sources import CatalogueError, Source, load_catalogue


def catalogue_table(catalogue: Path | None = None) -> tuple[list[Source], pd.DataFrame]:
    """The catalogue's entries and a table of them (id, implementer, kind, base, confirmed, enabled, note)."""
    sources = load_catalogue(catalogue)
    table = pd.DataFrame([{"id": s.id, "implementer": s.implementer or "", "kind": s.kind, "base": s.base,
                           "confirmed": s.confirmed, "enabled": s.enabled, "note": s.note} for s in sources])
    return sources, table


@dataclass
class SourceProgress:
    """Counts of addresses asked per source and status, updated by harvest()'s progress callback."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    done: int = 0
    total: int = 0

    def __call__(self, source: str, status: str, done: int, total: int) -> None:
        row = self.counts.setdefault(source, {})
        row[status] = row.get(status, 0) + 1
        self.done, self.total = done, total

    def table(self) -> pd.DataFrame:
        """One row per source: addresses asked, then one column per status (0 when none)."""
        rows = [{"source": src, "asked": sum(c.values()), **{s: c.get(s, 0) for s in STATUSES}}
                for src, c in self.counts.items()]
        return pd.DataFrame(rows, columns=["source", "asked", *STATUSES])


@dataclass
class HarvestOutcome:
    report: HarvestReport | None
    error: str | None = None


def run_harvest(ids: list[str], db: Path, on_progress: Callable[[str, str, int, int], None],
                catalogue: Path | None = None) -> HarvestOutcome:
    """Harvest the entries `ids` into `db`; a wrong catalogue is an error to show, not an exception."""
    try:
        return HarvestOutcome(harvest(ids, db=db, catalogue=catalogue, progress=on_progress))
    except CatalogueError as exc:
        return HarvestOutcome(None, str(exc))
