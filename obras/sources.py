"""The catalogue of publishers' endpoints (data/sources.toml), read and checked.

Each entry says what one implementer publishes where; `obras harvest` turns it into addresses to fetch
(obras/harvest.py). A wrong entry is refused with an error naming the file, the entry and the field.
"""
from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from core import settings

CATALOGUE = settings.DATA_DIR / "sources.toml"
KINDS = ("inai_edca", "inai_edcapi", "nl_smpu", "ckan", "url")
FORMATS = ("ocds", "oc4ids")
PER_YEAR = ("inai_edca", "nl_smpu")  # kinds that ask for each year from first_year
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_REQUIRED = ("id", "implementer", "kind", "format", "base", "origin", "confirmed")
_KNOWN = frozenset(_REQUIRED + ("first_year", "browser_ua", "enabled", "note"))


class CatalogueError(ValueError):
    """A catalogue that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Source:
    """One endpoint of the catalogue."""

    id: str
    implementer: str | None
    kind: str
    format: str
    base: str
    origin: str
    confirmed: bool
    enabled: bool
    first_year: int | None = None
    browser_ua: bool = False
    note: str = ""


def implementer_ids(path: Path | None = None) -> set[str]:
    """The implementer ids of the registry (data/implementers.csv)."""
    path = path or settings.DATA_DIR / "implementers.csv"
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return {row["implementer_id"] for row in csv.DictReader(fh)}


def load_catalogue(path: Path | None = None, implementers: set[str] | None = None) -> list[Source]:
    """The catalogue's entries, checked; raise CatalogueError naming the file, entry and field otherwise."""
    path = Path(path or CATALOGUE)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path}: {exc}") from None
    entries = data.get("source", [])
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{path}: no [[source]] entries")
    known = implementer_ids() if implementers is None else implementers
    seen: set[str] = set()
    out = [_check(path, n, entry, known) for n, entry in enumerate(entries, 1)]
    for source in out:
        if source.id in seen:
            raise CatalogueError(f"{path}: source {source.id!r}: id used twice")
        seen.add(source.id)
    return out


def _check(path: Path, n: int, entry: dict, implementers: set[str]) -> Source:
    where = f"{path}: source #{n}" + (f" ({entry['id']!r})" if isinstance(entry.get("id"), str) else "")

    def fail(field: str, why: str) -> CatalogueError:
        return CatalogueError(f"{where}: {field}: {why}")

    for name in _REQUIRED:
        if name not in entry:
            raise fail(name, "missing")
    unknown = sorted(set(entry) - _KNOWN)
    if unknown:
        raise fail(unknown[0], "unknown field")
    for name in ("id", "implementer", "kind", "format", "base", "origin", "note"):
        if name in entry and not isinstance(entry[name], str):
            raise fail(name, "must be text")
    for name in ("confirmed", "browser_ua", "enabled"):
        if name in entry and not isinstance(entry[name], bool):
            raise fail(name, "must be true or false")
    if not _ID.fullmatch(entry["id"]):
        raise fail("id", "lower-case letters, digits and dashes only")
    if entry["implementer"] and entry["implementer"] not in implementers:
        raise fail("implementer", f"{entry['implementer']!r} is not in data/implementers.csv")
    if entry["kind"] not in KINDS:
        raise fail("kind", f"{entry['kind']!r} is not one of {', '.join(KINDS)}")
    if entry["format"] not in FORMATS:
        raise fail("format", f"{entry['format']!r} is not one of {', '.join(FORMATS)}")
    parts = urlsplit(entry["base"])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail("base", "an http(s) address is needed")
    if not entry["origin"].strip():
        raise fail("origin", "say where the address comes from")
    if not entry["confirmed"] and not entry.get("note", "").strip():
        raise fail("note", "an unconfirmed address needs a note saying why")
    first_year = entry.get("first_year")
    if entry["kind"] in PER_YEAR:
        if not isinstance(first_year, int) or isinstance(first_year, bool) or not 1990 <= first_year <= 2100:
            raise fail("first_year", "a year is needed for this kind")
    elif first_year is not None:
        raise fail("first_year", f"only the per-year kinds ({', '.join(PER_YEAR)}) take it")
    return Source(id=entry["id"], implementer=entry["implementer"] or None, kind=entry["kind"],
                  format=entry["format"], base=entry["base"], origin=entry["origin"],
                  confirmed=entry["confirmed"], enabled=entry.get("enabled", entry["confirmed"]),
                  first_year=first_year, browser_ua=entry.get("browser_ua", False), note=entry.get("note", ""))


def select(catalogue: list[Source], ids: list[str] | None) -> list[Source]:
    """The entries named by `ids` (any, enabled or not), or every enabled entry; CatalogueError for an
    unknown id."""
    if not ids:
        return [s for s in catalogue if s.enabled]
    by_id = {s.id: s for s in catalogue}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise CatalogueError(f"unknown source {missing[0]!r}; the catalogue has: {', '.join(sorted(by_id))}")
    return [by_id[i] for i in dict.fromkeys(ids)]
