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

from loaders.dates import parse_date as _parse_date
from obras import settings

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


@lru_cache(maxsize=4)
def merge_rules(schema_path: str | None = None) -> dict[tuple[str, ...], str]:
    """Merge rules from a local release schema (path), else the embedded default. Never downloads."""
    path = schema_path or (str(settings.ocds_schema()) if settings.ocds_schema() else None)
    if not path:
        return DEFAULT_RULES
    from ocdsmerge.rules import get_merge_rules  # local file: no network

    rules = get_merge_rules(str(Path(path).resolve()))
    return {tuple(k): v for k, v in rules.items()}


class _IdList:
    """An array being merged by identifier: keeps first-appearance order, like ocdsmerge."""

    __slots__ = ("by_id", "order")

    def __init__(self) -> None:
        self.by_id: dict[Any, dict] = {}
        self.order: list[dict] = []


def _key(identifier: Any) -> Any:
    # ocdsmerge compares identifiers as strings (IdValue is a str subclass)
    return identifier if isinstance(identifier, str) else repr(identifier) if isinstance(identifier, (list, dict)) else str(identifier)


def _merge(target: dict, src: dict, path: tuple[str, ...], rules: dict) -> None:
    for key, value in src.items():
        rpath = (*path, key)
        rule = rules.get(rpath)
        if rule == OMIT:
            continue
        if rule == WHOLE or not isinstance(value, (dict, list)) or (
            type(value) is list and any(not isinstance(item, dict) for item in value)
        ):
            target[key] = value
        elif not value:
            continue  # empty objects and arrays are not merged (as in ocdsmerge)
        elif type(value) is dict:
            node = target.get(key)
            if type(node) is not dict:
                node = target[key] = {}
            _merge(node, value, rpath, rules)
        else:  # non-empty array of objects: identifier merge
            node = target.get(key)
            if type(node) is not _IdList:
                node = target[key] = _IdList()
            for item in value:
                if "id" in item:
                    k = _key(item["id"])
                    obj = node.by_id.get(k)
                    if obj is None:
                        obj = node.by_id[k] = {"id": item["id"]}
                        node.order.append(obj)
                    _merge(obj, item, rpath, rules)
                else:  # no id: always a new object (ocdsmerge gives it a fresh uuid)
                    obj = {}
                    _merge(obj, item, rpath, rules)
                    if obj:  # an object that records nothing vanishes, as in ocdsmerge
                        node.order.append(obj)


def _finish(node: Any) -> Any:
    """Turn _IdList into lists and drop nulls, as ocdsmerge's unflatten does."""
    if type(node) is dict:
        # an array whose objects recorded nothing vanishes too
        return {k: _finish(v) for k, v in node.items() if v is not None and not (type(v) is _IdList and not v.order)}
    if type(node) is _IdList:
        return [_finish(obj) for obj in node.order]
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
    rules = rules or merge_rules()
    ordered = sorted(releases, key=release_sort_key) if len(releases) > 1 else releases
    compiled: dict[str, Any] = {"tag": ["compiled"]}
    for release in ordered:
        ocid = release.get("ocid")
        date = release.get("date")
        compiled["id"] = f"{ocid}-{date}"
        compiled["date"] = date
        compiled["ocid"] = ocid
        _merge(compiled, release, (), rules)
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
    return _finish(compiled)
