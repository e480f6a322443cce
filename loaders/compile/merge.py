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


class _Merge:
    """One compiled release being built. Arrays merged by identifier are plain lists in the output;
    their id index lives beside them (keyed by the list's identity), so no conversion pass is needed."""

    __slots__ = ("lists", "nulls")

    def __init__(self) -> None:
        self.lists: dict[int, tuple[list, dict]] = {}
        self.nulls = False  # whether any null was merged (only then is a cleaning pass needed)

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
        for item in items:
            if "id" in item:
                k = _key(item["id"])
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
    releases: list[dict], rules: dict | None = None, history: dict[str, ContractHistory] | None = None
) -> dict:
    """Merge releases of one ocid into a compiled release (OCDS 1.1 rules).

    When `history` is given, it is filled with each contract's successive values and end dates,
    which the price- and term-increase indicators need and the compiled release no longer shows.
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
    return _drop_nulls(compiled) if merger.nulls else compiled
