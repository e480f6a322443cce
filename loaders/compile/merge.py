"""Releases -> one compiled release per ocid, with the OCDS 1.1 merge rules, offline.

Same result as ocdsmerge's compiled release (tests/test_compile.py checks it on real files), but merging
nested dicts directly instead of flattening every path, which is several times faster. The merge rules
come from a local release schema when one is configured (OBRAS_OCDS_SCHEMA), else from the embedded
default below, derived once from the OCDS 1.1.5 release schema with ocdsmerge.rules.get_merge_rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from datetime import datetime

from loaders.compile.dates import parse_date as _parse_date
from core import settings

OMIT = "omitWhenMerged"
WHOLE = "wholeListMerge"

# Derived from OCDS 1.1.5 release-schema.json (ocdsmerge.rules.get_merge_rules); 24 paths.
DEFAULT_RULES: dict[tuple[str, ...], str] = {
    ("id",): OMIT,
    ("date",): OMIT,
    ("tag",): OMIT,
    ("parties", "additionalIdentifiers"): WHOLE,
    ("parties", "roles"): WHOLE,
    ("buyer", "additionalIdentifiers"): WHOLE,
    ("tender", "procuringEntity", "additionalIdentifiers"): WHOLE,
    ("tender", "items", "additionalClassifications"): WHOLE,
    ("tender", "additionalProcurementCategories"): WHOLE,
    ("tender", "submissionMethod"): WHOLE,
    ("tender", "tenderers", "additionalIdentifiers"): WHOLE,
    ("tender", "amendments", "changes"): WHOLE,
    ("tender", "amendment", "changes"): WHOLE,
    ("awards", "suppliers", "additionalIdentifiers"): WHOLE,
    ("awards", "items", "additionalClassifications"): WHOLE,
    ("awards", "amendments", "changes"): WHOLE,
    ("awards", "amendment", "changes"): WHOLE,
    ("contracts", "items", "additionalClassifications"): WHOLE,
    ("contracts", "implementation", "transactions", "payer", "additionalIdentifiers"): WHOLE,
    ("contracts", "implementation", "transactions", "payee", "additionalIdentifiers"): WHOLE,
    ("contracts", "relatedProcesses", "relationship"): WHOLE,
    ("contracts", "amendments", "changes"): WHOLE,
    ("contracts", "amendment", "changes"): WHOLE,
    ("relatedProcesses", "relationship"): WHOLE,
}


_TREES: dict[int, tuple[dict, dict]] = {}


def _tree(rules: dict) -> dict:
    """The nested form of a rules table, built once per table."""
    cached = _TREES.get(id(rules))
    if cached is None or cached[0] is not rules:
        cached = _TREES[id(rules)] = (rules, _rules_tree(rules))
    return cached[1]


@lru_cache(maxsize=4)
def merge_rules(schema_path: str | None = None) -> dict[tuple[str, ...], str]:
    """Merge rules from a local release schema (path), else the embedded default. Never downloads."""
    path = schema_path or (str(settings.ocds_schema()) if settings.ocds_schema() else None)
    if not path:
        return DEFAULT_RULES
    from ocdsmerge.rules import get_merge_rules  # local file: no network

    rules = get_merge_rules(str(Path(path).resolve()))
    return {tuple(k): v for k, v in rules.items()}


def _rules_tree(rules: dict[tuple[str, ...], str]) -> dict:
    """{("tender", "items", "x"): rule} as nested dicts, so merging never builds path tuples."""
    tree: dict = {}
    for path, rule in rules.items():
        node = tree
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[path[-1]] = rule
    return tree


def _key(identifier: Any) -> Any:
    # ocdsmerge compares identifiers as strings (IdValue is a str subclass)
    if identifier.__class__ is str:
        return identifier
    return repr(identifier) if isinstance(identifier, (list, dict)) else str(identifier)


# What makes two objects published with one id in one array of one release two different things, per
# array name: their amounts, what they are for, who they are. Arrays not named here merge as in ocdsmerge
# (a repeated document or item is the same document or item, described twice).
_IDENTITY: dict[str, tuple[str, ...]] = {
    "contracts": ("awardID", "value"),
    "awards": ("value", "suppliers"),
    "parties": ("identifier", "name"),  # see _two_things
    "transactions": ("value", "amount", "date"),
    "details": ("value", "tenderers"),  # bids.details
}


def _identity(name: str, value: Any) -> Any:
    """A comparable form of an identity field: an amount, an identifier's id, the ids (else names) of
    organisations, else the text."""
    if value.__class__ is dict:
        if "amount" in value:
            return str(value.get("amount"))
        if "id" in value:
            return str(value.get("id")).strip().upper()
        return None
    if value.__class__ is list:
        return tuple(sorted(str(o.get("id") or o.get("name")) if o.__class__ is dict else str(o) for o in value))
    return None if value is None else str(value).strip().upper()


def _folded(name: Any) -> str:
    """A name without accents, case or repeated spaces, to compare spellings of one name."""
    import unicodedata

    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def _two_things(key: str, first: dict, item: dict) -> bool:
    """Whether two objects with one id in the same array of one release are two things: an identity
    field both carry differs (PC-0087's two contracts 1360250: awards OA/A087 and OA/A088)."""
    fields = _IDENTITY.get(key)
    if fields is None:
        return False
    if key == "parties":
        # one identifier (the RFC) is one organisation, whatever its name is spelled like (INAI lists a
        # supplier twice, "Hectárea Producciones" and "Hectarea Producciones", both HPR060210B71);
        # different identifiers are two; without identifiers, the names decide
        a, b = _identity("identifier", first.get("identifier")), _identity("identifier", item.get("identifier"))
        if a is not None and b is not None:
            return a != b
        a, b = _folded(first.get("name")), _folded(item.get("name"))
        return bool(a and b and a != b)
    for name in fields:
        a, b = _identity(name, first.get(name)), _identity(name, item.get(name))
        if a is not None and b is not None and a != b:
            return True
    return False


@dataclass(frozen=True)
class DuplicateId:
    """Two different objects published with one id in one array of one release: the second (third...)
    got a derived id, so both are kept instead of the later overwriting the earlier (ocdsmerge's
    reading, which also turns two contracts into a false amendment)."""

    array: str  # the array's name: contracts, awards, parties, transactions...
    old_id: str
    new_id: str


def derived_id(identifier: Any, n: int) -> str:
    """The id given to the n-th (n >= 2) different object published under `identifier` in one array."""
    return f"{identifier}-dup{n}"


class _Merge:
    """One compiled release being built. Arrays merged by identifier are plain lists in the output;
    their id index lives beside them (keyed by the list's identity), so no conversion pass is needed."""

    __slots__ = ("lists", "nulls", "duplicates")

    def __init__(self) -> None:
        self.lists: dict[int, tuple[list, dict]] = {}
        self.nulls = False  # whether any null was merged (only then is a cleaning pass needed)
        self.duplicates: dict[DuplicateId, None] = {}

    def merge(self, target: dict, src: dict, node: dict | None) -> None:
        for key, value in src.items():
            rule = node.get(key) if node else None
            if rule.__class__ is str:
                if rule == OMIT:
                    continue
                target[key] = value  # wholeListMerge
                continue
            cls = value.__class__
            if cls is dict:
                if value:  # empty objects are not merged (as in ocdsmerge)
                    child = target.get(key)
                    if child.__class__ is not dict:
                        child = target[key] = {}
                    self.merge(child, value, rule)
            elif cls is list:
                if not value:
                    continue  # nor are empty arrays
                for item in value:
                    if item.__class__ is not dict:
                        target[key] = value  # an array of non-objects is replaced whole
                        break
                else:
                    self.merge_by_id(target, key, value, rule)
            else:
                if value is None:
                    self.nulls = True
                target[key] = value

    def merge_by_id(self, target: dict, key: str, items: list, node: dict | None) -> None:
        existing = target.get(key)
        entry = self.lists.get(id(existing)) if existing.__class__ is list else None
        if entry is None:
            out, by_id = [], {}
        else:
            out, by_id = entry
        # ids seen in this array of this release, where two objects under one id can be two things
        here: dict | None = {} if len(items) > 1 and key in _IDENTITY else None
        for item in items:
            if "id" in item:
                k = _key(item["id"])
                if here is not None:
                    first = here.get(k)
                    if first is not None and _two_things(key, first, item):
                        k = self.split(key, item, here)
                    here.setdefault(k, item)
                obj = by_id.get(k)
                if obj is None:
                    obj = by_id[k] = {"id": item["id"]}
                    out.append(obj)
                self.merge(obj, item, node)
            else:  # no id: always a new object (ocdsmerge gives it a fresh uuid)
                obj = {}
                self.merge(obj, item, node)
                if obj:  # an object that records nothing vanishes, as in ocdsmerge
                    out.append(obj)
        if entry is None and out:  # an array whose objects recorded nothing vanishes too
            target[key] = out
            self.lists[id(out)] = (out, by_id)

    def split(self, key: str, item: dict, here: dict) -> str:
        """Give `item` (a different object under an id already used in this array of this release) the
        first free derived id, in place, so the contract history and the rows see it too. Derived ids
        depend only on the order within the release: the same pair in a later release merges with it."""
        old = item["id"]
        n = 2
        while _key(derived_id(old, n)) in here:
            n += 1
        new = derived_id(old, n)
        item["id"] = new
        self.duplicates[DuplicateId(key, str(old), new)] = None
        return new


def _drop_nulls(node: Any) -> Any:
    """Remove null-valued fields, as ocdsmerge's unflatten does (only when a null was merged)."""
    if node.__class__ is dict:
        for k in [k for k, v in node.items() if v is None]:
            del node[k]
        for v in node.values():
            if v.__class__ is dict:
                _drop_nulls(v)
            elif v.__class__ is list:
                for item in v:
                    if item.__class__ is dict:
                        _drop_nulls(item)
    return node


_EPOCH = datetime(1, 1, 1)


def release_sort_key(release: dict) -> tuple[datetime, str]:
    """Date order, read as instants (offsets and dd/mm/yyyy understood), the string breaking ties."""
    date = release.get("date")
    if not isinstance(date, str):
        return (_EPOCH, "")
    parsed = _parse_date(date)
    return (parsed or _EPOCH, date)


@dataclass
class ContractHistory:
    """Values and end dates a contract had across the releases, oldest first."""

    values: list[Any] = field(default_factory=list)
    end_dates: list[Any] = field(default_factory=list)
    # (release id, release date) of the release where each value / end date first appeared
    value_releases: list[tuple[Any, Any]] = field(default_factory=list)
    end_releases: list[tuple[Any, Any]] = field(default_factory=list)


def compile_releases(
    releases: list[dict], rules: dict | None = None, history: dict[str, ContractHistory] | None = None,
    duplicates: list[DuplicateId] | None = None,
) -> dict:
    """Merge releases of one ocid into a compiled release (OCDS 1.1 rules).

    When `history` is given, it is filled with each contract's successive values and end dates,
    which the price- and term-increase indicators need and the compiled release no longer shows.

    One deliberate difference from ocdsmerge: two different objects sharing an id inside one array of
    one release (INAI's PC-0087 publishes two contracts, for two awards, both with id 1360250) are two
    things, not one thing and its later version; the second gets a derived id (`derived_id`), in place,
    and is listed in `duplicates` when a list is given.
    """
    tree = _tree(rules or merge_rules())
    ordered = sorted(releases, key=release_sort_key) if len(releases) > 1 else releases
    compiled: dict[str, Any] = {"tag": ["compiled"]}
    merger = _Merge()
    for release in ordered:
        ocid = release.get("ocid")
        date = release.get("date")
        compiled["id"] = f"{ocid}-{date}"
        compiled["date"] = date
        compiled["ocid"] = ocid
        merger.merge(compiled, release, tree)
        if history is not None and isinstance(release.get("contracts"), list):
            for contract in release["contracts"]:
                if not isinstance(contract, dict) or "id" not in contract:
                    continue
                h = history.setdefault(str(contract["id"]), ContractHistory())
                value = contract.get("value")
                if isinstance(value, dict) and value.get("amount") is not None:
                    if not h.values or h.values[-1] != value.get("amount"):
                        h.values.append(value.get("amount"))
                        h.value_releases.append((release.get("id"), date))
                period = contract.get("period")
                if isinstance(period, dict) and period.get("endDate"):
                    if not h.end_dates or h.end_dates[-1] != period["endDate"]:
                        h.end_dates.append(period["endDate"])
                        h.end_releases.append((release.get("id"), date))
    if duplicates is not None:
        duplicates.extend(merger.duplicates)
    return _drop_nulls(compiled) if merger.nulls else compiled
