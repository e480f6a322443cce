"""The CPU-heavy part of a load, runnable in worker processes: releases -> compiled, normalised rows.

Input and output are plain bytes and Arrow tables, cheap to send between processes. Workers
(loaders.compile.source_rows) read their inputs and call it; the loading process (loaders.pipeline)
writes, in input order, and decides what to recompile. This module only computes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import pyarrow as pa

from core.rules import REUSED_RELEASE_ID_RULE
from loaders.compile import flatten, place
from loaders.compile.merge import ContractHistory, DuplicateId, compile_releases, merge_rules, release_sort_key
from loaders.compile.normalise import normalise_release
from loaders.compile.normalise import parse_date
from loaders.compile.registries import Resolver
from loaders.compile.arrow import to_arrow

# ocid -> [(release JSON bytes, is_compiled)], and the source of its latest release
Group = tuple[str, list[tuple[bytes, bool]], str]


@dataclass(frozen=True)
class BuildContext:
    implementer: str | None
    types: dict[str, list[tuple[str, str]]]  # table -> [(column, DuckDB type)]


_STATE: dict[str, Any] = {}
_EPOCH = datetime(1, 1, 1)


def worker_init(parent_pid: int) -> None:
    """Run in each compile worker: die with the load that started it, even when it is SIGKILLed."""
    import ctypes
    import os
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: workers still end when their queue closes
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    fewer_collections()
    without_pandas()


def without_pandas() -> None:
    """Keep pandas out of a worker process that has not imported it.

    A worker builds Arrow tables from Python lists and never touches pandas, but pyarrow imports pandas on
    its first `pa.array` call only to ask whether the input is a pandas object: 2.7 s of each worker's
    start-up where bytecode is not cached (as on the machines we measure on), 0.5-1 s where it is. With
    its import refused, pyarrow takes its no-pandas path (an import of pandas by anything else in a
    worker fails loudly, and the load with it; the tests would see it)."""
    import sys

    if "pandas" not in sys.modules and not any(isinstance(f, _NoPandas) for f in sys.meta_path):
        sys.meta_path.insert(0, _NoPandas())


class _NoPandas:
    """An import finder that refuses pandas (see without_pandas)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("pandas is kept out of load workers (loaders.compile.rows.without_pandas)",
                                      name=name)
        return None


def fewer_collections() -> None:
    """Collect garbage less often in a process that builds many objects and keeps them a while.

    A worker holds about 20,000 parsed releases (millions of dicts) before it compiles them, and each of
    Python's full collections walks all of them to find nothing (our rows hold no cycles): a sixth of a
    worker's time went there. What exists now is frozen out of collections; the rest is collected
    after 100,000 allocations instead of 700."""
    import gc

    gc.freeze()
    gc.set_threshold(100_000, 50, 1000)


def _resolver() -> Resolver:
    if "resolver" not in _STATE:
        _STATE["resolver"] = Resolver()
        _STATE["rules"] = merge_rules()
    return _STATE["resolver"]


def project_resolver() -> tuple[Resolver, Any]:
    """The implementer resolver and the point locator (None without configured boundaries), made once
    per process: boundaries take a while to index."""
    from core import settings

    paths = (settings.state_boundaries(), settings.municipality_boundaries())
    if _STATE.get("locate_paths") != paths:  # settings can change between loads in one process
        from loaders.compile.geo import Locator

        _STATE["locate"] = Locator(*paths).locate if any(paths) else None
        _STATE["locate_paths"] = paths
    return _resolver(), _STATE["locate"]


def correction_rows(source_id: str, ocid: str, corrections) -> list[dict]:
    out = []
    for c in corrections:
        out.append({
            "source_id": source_id, "ocid": c.ocid or ocid, "project_id": c.project_id, "field": c.field,
            "old_value": _text(c.old_value), "new_value": _text(c.new_value), "rule": c.rule,
        })
    return out


def _text(value: Any) -> str | None:
    """Correction values as text: JSON for objects and arrays (geometries), str otherwise."""
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    return str(value)


def build_group(ocid: str, group: list[tuple[dict, bool]], source_id: str, implementer: str | None,
                resolver: Resolver, rules: dict) -> dict[str, list[dict]]:
    """Compile, normalise and flatten one process; rows per table, corrections included."""
    plain = [r for r, compiled in group if not compiled]
    history: dict[str, ContractHistory] = {}
    duplicates: list[DuplicateId] = []
    published = [r for r, compiled in group if compiled]
    if plain:
        compiled = compile_releases(plain, rules, history, duplicates)
        if published:
            # A record's compiled release beside releases: what no release carries at all is taken from
            # it (Jalisco's SFIN-03-0011: the record's compiled release has the award and contract of
            # 34,138.80, the only release beside it is a later planning release with "awards": [], and
            # an empty array merges nothing, as in ocdsmerge). Sections the releases carry are theirs:
            # merging both would repeat objects without id (Paraguay's 1.0 suppliers).
            base = max(published, key=release_sort_key)
            for key, value in base.items():
                if key not in compiled and key not in ("id", "date", "tag") and value not in (None, [], {}):
                    compiled[key] = value
    else:  # only compiled releases (records): the latest one
        compiled = dict(max((r for r, _ in group), key=lambda r: str(r.get("date") or "")))
        if _repeats_an_id(compiled):
            compiled = compile_releases([compiled], rules, None, duplicates)
    dates = [r.get("date") for r, _ in group if isinstance(r.get("date"), str)]
    last_date = max(dates, key=lambda d: (parse_date(d) or _EPOCH, d)) if dates else None
    corrections = normalise_release(compiled) + _duplicates(ocid, group) + _duplicate_ids(ocid, duplicates)
    tender = compiled.get("tender") if isinstance(compiled.get("tender"), dict) else {}
    pe = tender.get("procuringEntity") if isinstance(tender.get("procuringEntity"), dict) else {}
    names = place.buyer_names(compiled)  # buyer.name, else the buyer parties' (federal releases have no buyer)
    impl = resolver.implementer_for_process(ocid, names[0] if names else None, pe.get("name"), given=implementer)
    _, locate = project_resolver()
    state, state_rule = place.place_process(
        compiled, registry_state=resolver.state_code_for(implementer_id=impl) if impl else None,
        buyer_region=flatten.buyer_region(compiled), region_state=lambda r: resolver.state_code_for(region=r),
        locate=locate)
    rows = flatten.process_rows(
        compiled, ocid, implementer_id=impl, state_code=state, release_count=len(group),
        last_release_date=last_date, source_id=source_id, history=history, corrections=corrections,
    )
    rows["processes"][0]["state_rule"] = state_rule
    rows["corrections"] = correction_rows(source_id, ocid, corrections)
    return rows


def _fallback_rows(ocid: str, group: list[tuple[dict, bool]], source_id: str, exc: Exception) -> dict:
    """A process whose compiled release cannot be flattened still gets its row (ids and the raw
    count), and a correction says why its fields are empty."""
    from loaders.read.items import Correction

    row = {"ocid": ocid, "release_count": len(group), "source_id": source_id}
    note = Correction(field="(process)", old_value=f"{type(exc).__name__}: {exc}"[:500],
                      new_value="fields left empty", rule="unreadable_structure", ocid=ocid)
    return {"processes": [row], "corrections": correction_rows(source_id, ocid, [note])}


def _duplicates(ocid: str, group: list[tuple[dict, bool]]) -> list:
    """A release id published twice with different content: both are kept (raw, in `releases`) and
    merged in date order; this records it so that nobody mistakes it for one release."""
    from loaders.read.items import Correction

    ids = [str(r.get("id")) for r, _ in group if r.get("id") is not None]
    if len(set(ids)) == len(ids):
        return []  # the common case: no id repeats, nothing to compare
    seen: dict[str, bytes] = {}
    out = []
    for release, _ in group:
        rid = release.get("id")
        if rid is None:
            continue
        body = orjson.dumps(release, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
        key = str(rid)
        if key in seen and seen[key] != body:
            out.append(Correction(field=f"releases[id={key}]", old_value="published twice with different content",
                                  new_value="both kept; merged in date order", rule=REUSED_RELEASE_ID_RULE,
                                  ocid=ocid))
        seen.setdefault(key, body)
    return out


def _repeats_an_id(release: dict) -> bool:
    """Whether a top-level array of a (compiled) release has two objects with one id: cheap, so that only
    those releases go through the merge that tells them apart."""
    for value in release.values():
        if value.__class__ is list and len(value) > 1:
            ids = [str(o["id"]) for o in value if o.__class__ is dict and "id" in o]
            if len(set(ids)) < len(ids):
                return True
    return False


def _duplicate_ids(ocid: str, duplicates: list[DuplicateId]) -> list:
    """One correction per object that got a derived id (loaders.compile.merge.compile_releases)."""
    from loaders.read.items import Correction

    return [Correction(field=f"{d.array}[id={d.old_id}]", old_value=d.old_id, new_value=d.new_id,
                       rule="duplicate_id_in_release", ocid=ocid)
            for d in dict.fromkeys(duplicates)]


def build_groups(groups: list[Group], ctx: BuildContext) -> dict[str, pa.Table]:
    """Rows of many processes, from their releases as JSON bytes, as one Arrow table per table name."""
    parsed_groups = []
    for ocid, members, source_id in groups:
        parsed = []
        for raw, is_compiled in members:
            try:
                parsed.append((orjson.loads(raw), is_compiled))
            except orjson.JSONDecodeError:
                continue  # cannot happen for JSON we wrote ourselves; never stop a load for it
        parsed_groups.append((ocid, parsed, source_id))
    return build_parsed(parsed_groups, ctx)


def build_parsed(groups: list[tuple[str, list[tuple[dict, bool]], str]], ctx: BuildContext) -> dict[str, pa.Table]:
    """Rows of many processes, from their parsed releases, as one Arrow table per table name."""
    resolver = _resolver()
    rules = _STATE["rules"]
    collected: dict[str, list[dict]] = {}
    for ocid, parsed, source_id in groups:
        try:
            rows = build_group(ocid, parsed, source_id, ctx.implementer, resolver, rules)
        except Exception as exc:  # noqa: BLE001 - one malformed process must not stop a load
            rows = _fallback_rows(ocid, parsed, source_id, exc)
        for table, table_rows in rows.items():
            collected.setdefault(table, []).extend(table_rows)
    return {table: to_arrow(ctx.types[table], rows) for table, rows in collected.items()}
