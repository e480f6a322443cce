"""The registries people edit (data/states.csv, data/implementers.csv) and fast resolution against them.

`Resolver` answers, for every compiled process and project, which implementer published it and in which
state. Its order, for implementers:
  1. `given` (the --implementer option) when provided: the person loading the file knows whose it is;
  2. the ocid / project id prefix (ocds-7wj9x5 -> nl-gobierno), which the implementer registered;
  3. buyer / procuring entity / public authority name patterns; the longest matching pattern wins, so
     "municipio de guadalajara" beats a shorter generic pattern.
For states: the implementer's state, else the region name (accents, case, punctuation and the aliases in
states.csv ignored; "Monterrey, Nuevo León" tries each comma-separated part).
"""
from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from core import settings
from loaders.compile.text import key

DATA_DIR = settings.DATA_DIR
STATES_CSV = DATA_DIR / "states.csv"
IMPLEMENTERS_CSV = DATA_DIR / "implementers.csv"

if TYPE_CHECKING:
    import pandas as pd

LIST_SEP = "|"
IMPLEMENTER_KINDS = ("state_agency", "municipality", "autonomous", "federal")


def _split(value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    return [v.strip() for v in value.split(LIST_SEP) if v.strip()]


def load_states(path: Path | str = STATES_CSV) -> pd.DataFrame:
    """The 32 states: state_code ('01'..'32'), iso_code, name, centroid_lon, centroid_lat, aliases (list)."""
    import pandas as pd

    df = pd.read_csv(path, dtype={"state_code": str, "iso_code": str, "name": str, "aliases": str},
                     keep_default_na=False, na_values={"centroid_lon": [""], "centroid_lat": [""]})
    df["state_code"] = df["state_code"].str.zfill(2)
    df["aliases"] = df["aliases"].map(_split)
    return df


def load_implementers(path: Path | str = IMPLEMENTERS_CSV) -> pd.DataFrame:
    """The pilot implementers; '|'-separated columns (ocid_prefixes, project_prefixes, buyer_patterns) as lists."""
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["state_code"] = df["state_code"].str.zfill(2)
    df["municipality_code"] = df["municipality_code"].map(lambda v: v.zfill(5) if v else None)
    for col in ("ocid_prefixes", "project_prefixes", "buyer_patterns"):
        df[col] = df[col].map(_split)
    return df


def write_registries(con) -> None:
    """Replace the rows of the `implementers` and `states` tables with the registries' contents."""
    from core.contract import create_tables

    create_tables(con)
    # read as load_states / load_implementers read them, without pandas (the load's start waited for it)
    states = _registry_rows(STATES_CSV, ("aliases",))
    implementers = _registry_rows(IMPLEMENTERS_CSV, ("ocid_prefixes", "project_prefixes", "buyer_patterns"))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM states")
        con.executemany(
            "INSERT INTO states (state_code, iso_code, name, centroid_lon, centroid_lat) VALUES (?, ?, ?, ?, ?)",
            [[r.state_code, r.iso_code, r.name, float(r.centroid_lon) if r.centroid_lon else None,
              float(r.centroid_lat) if r.centroid_lat else None] for r in states],
        )
        con.execute("DELETE FROM implementers")
        con.executemany(
            "INSERT INTO implementers (implementer_id, name, kind, state_code, municipality_code, ocid_prefixes, "
            "project_prefixes, buyer_patterns, in_pilot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, true)",
            [[r.implementer_id, r.name, r.kind, r.state_code, r.municipality_code.zfill(5) if r.municipality_code else None,
              r.ocid_prefixes, r.project_prefixes, r.buyer_patterns] for r in implementers],
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _registry_rows(path: Path, lists: tuple[str, ...]) -> list[SimpleNamespace]:
    """The rows of a registry CSV as the Resolver reads them (the codes zero-padded, the '|'-separated
    columns as lists), without pandas: importing pandas cost each load worker 2.7 s of its start-up, and
    a worker needs only these few strings."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = [SimpleNamespace(**row) for row in csv.DictReader(fh) if any(row.values())]
    for r in rows:
        r.state_code = (r.state_code or "").zfill(2)
        for col in lists:
            setattr(r, col, _split(getattr(r, col)))
    return rows


def _prefix_of(identifier: str) -> str:
    """'ocds-7wj9x5-LO-1' -> 'ocds-7wj9x5' (the registered part: scheme and 6 characters), lower-case."""
    parts = identifier.strip().lower().split("-", 2)
    return "-".join(parts[:2])


class Resolver:
    """Implementer and state resolution; build once, call per process or project (dictionary lookups)."""

    def __init__(self, states: pd.DataFrame | None = None, implementers: pd.DataFrame | None = None):
        # the registries as rows (load_states / load_implementers' frames when given, else read here)
        state_rows = _registry_rows(STATES_CSV, ("aliases",)) if states is None else list(states.itertuples())
        implementer_rows = (_registry_rows(IMPLEMENTERS_CSV, ("ocid_prefixes", "project_prefixes", "buyer_patterns"))
                            if implementers is None else list(implementers.itertuples()))
        self.implementer_state: dict[str, str] = {r.implementer_id: r.state_code for r in implementer_rows}
        self._ocid_prefix: dict[str, str] = {}
        self._project_prefix: dict[str, str] = {}
        self._odd_prefixes: list[tuple[str, str]] = []  # prefixes not of the form scheme-xxxxxx
        self._patterns: list[tuple[str, str]] = []  # (" pattern key ", implementer), longest first
        for r in implementer_rows:
            for table, prefixes in ((self._ocid_prefix, r.ocid_prefixes), (self._project_prefix, r.project_prefixes)):
                for p in prefixes:
                    p = p.strip().lower()
                    table[p] = r.implementer_id
                    if _prefix_of(p) != p:
                        self._odd_prefixes.append((p, r.implementer_id))
            for pat in r.buyer_patterns:
                k = key(pat)
                if k:
                    self._patterns.append((f" {k} ", r.implementer_id))
        self._patterns.sort(key=lambda t: -len(t[0]))
        self._odd_prefixes.sort(key=lambda t: -len(t[0]))
        self._region: dict[str, str] = {}
        for r in state_rows:
            for name in [r.state_code, r.iso_code, r.name, *r.aliases]:
                k = key(str(name))
                if k:
                    self._region.setdefault(k, r.state_code)
        self._pattern_cache: dict[str, str | None] = {}

    def _by_prefix(self, identifier: Any, table: dict[str, str]) -> str | None:
        if not isinstance(identifier, str) or not identifier:
            return None
        found = table.get(_prefix_of(identifier))
        if found is None and self._odd_prefixes:
            low = identifier.lower()
            found = next((imp for p, imp in self._odd_prefixes if low.startswith(p) and p in table), None)
        return found

    def _by_name(self, *names: Any) -> str | None:
        for name in names:
            if not isinstance(name, str) or not name.strip():
                continue
            if name in self._pattern_cache:
                found = self._pattern_cache[name]
            else:
                padded = f" {key(name)} "
                found = next((imp for pat, imp in self._patterns if pat in padded), None)
                if len(self._pattern_cache) < 100_000:
                    self._pattern_cache[name] = found
            if found:
                return found
        return None

    def implementer_for_process(self, ocid: Any, buyer_name: Any = None, procuring_entity_name: Any = None,
                                given: str | None = None) -> str | None:
        """Implementer id of a contracting process: given, else ocid prefix, else buyer / procuring entity name."""
        if given:
            return given
        return self._by_prefix(ocid, self._ocid_prefix) or self._by_name(buyer_name, procuring_entity_name)

    def implementer_for_project(self, project_id: Any, public_authority_name: Any = None,
                                given: str | None = None) -> str | None:
        """Implementer id of an OC4IDS project: given, else project id prefix, else public authority name."""
        if given:
            return given
        return self._by_prefix(project_id, self._project_prefix) or self._by_name(public_authority_name)

    def state_code_for(self, implementer_id: str | None = None, region: Any = None) -> str | None:
        """INEGI state code of an implementer, else of a region name ("CDMX", "Nuevo Leon", "Edo. de México")."""
        if implementer_id and implementer_id in self.implementer_state:
            return self.implementer_state[implementer_id]
        if not isinstance(region, str) or not region.strip():
            return None
        k = key(region)
        found = self._region.get(k)
        if found is None:
            for prefix in ("estado de ", "edo de ", "edo ", "estado libre y soberano de "):
                if k.startswith(prefix) and k[len(prefix):] in self._region:
                    return self._region[k[len(prefix):]]
            if "," in region:
                for part in region.split(","):
                    found = self.state_code_for(region=part)
                    if found:
                        return found
        return found
