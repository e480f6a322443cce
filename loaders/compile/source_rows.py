"""One input -> batches of table rows: the reading, compiling, normalising and flattening of a load.

This is the CPU-heavy part of a load, and it never touches the database. It runs in a worker process
(one input per task, several inputs at once) or, for small loads, in the loading process itself. Each
batch goes to a `sink`: in a worker, a spool file that the loading process picks up in order
(loaders.write.spool); in process, the writer directly. So the loading process only writes.

Every item read ends as a loaded row or a reject; the counts travel with the outcome.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import re
from datetime import datetime
from typing import Any

import orjson
import pyarrow as pa

from loaders.compile import flatten
from loaders.compile.rows import BuildContext, build_parsed, correction_rows, project_resolver
from loaders.read.items import Item, Reject
from loaders.compile.normalise import normalise_project, parse_date
from loaders.read.inputs import open_source
from loaders.compile.arrow import to_arrow

DEMO_MARKER = "demo.obras-abiertas.invalid"
FLUSH_RELEASES = 20_000  # releases held before they are compiled and handed on
FLUSH_PROJECTS = 2_000
REJECTS_BATCH = 10_000


@dataclass(frozen=True)
class Task:
    """One input to read, and what reading it needs to know."""

    uri: str
    ctx: BuildContext
    known: frozenset[str] = frozenset()  # sha256 of inputs already in the database


@dataclass
class Start:
    """First message of an input: its identity, so that the writer can skip what it already holds."""

    sha256: str
    bytes: int


@dataclass
class Batch:
    """Rows of some processes, projects, rejects and corrections of one input, as Arrow tables."""

    items_read: int
    tables: dict[str, pa.Table]
    ocids: list[str]  # processes compiled in this batch (their releases are in tables["releases"])
    project_ids: list[str]  # projects whose rows are in this batch: they replace stored ones


@dataclass
class Outcome:
    """What reading one input gave, once it is finished."""

    uri: str
    sha256: str
    bytes: int
    format: str
    encoding: str
    status: str  # loaded | unchanged
    items_read: int = 0
    items_loaded: int = 0
    items_rejected: int = 0
    processes: int = 0
    projects: int = 0
    reject_reasons: dict[str, int] = field(default_factory=dict)
    extensions: list[str] = field(default_factory=list)
    is_demo: bool = False


Sink = Callable[[Start | Batch], bool]  # returns False when the writer wants no more of this input


def source_id_of(sha256: str) -> str:
    return sha256[:16]


def _json(obj: Any) -> str:
    return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS).decode()


def _release_date(value: Any):
    try:
        return parse_date(value) if isinstance(value, str) else None
    except Exception:  # a date we cannot read stays in the JSON; the column is null
        return None


def _tags(obj: dict) -> list[str]:
    tag = obj.get("tag")
    if isinstance(tag, list):
        return [str(t) for t in tag if isinstance(t, (str, int))]
    if isinstance(tag, str):
        return [t.strip() for t in tag.split(",") if t.strip()]
    return []


def _is_full_release(r: Any) -> bool:
    # linked releases in records carry only url/date/tag
    return isinstance(r, dict) and bool(set(r) - {"url", "date", "tag", "id"})


PUBLISHED_TWICE = "same_release_published_twice"


def same_release(a: dict, b: dict) -> bool:
    """Two releases with one ocid and id are the same release when their content is equal, the package
    metadata a record copies into its releases (packageInfo) set aside and key order ignored."""
    if a is b:
        return True
    if a.keys() - {"packageInfo"} != b.keys() - {"packageInfo"}:
        return False
    return all(k == "packageInfo" or a[k] == b[k] for k in a)


def published_twice(source_id: str, ocid: str, release_id: str, locator: str) -> dict:
    """The correction row for a release not stored again because it is already stored."""
    return {"source_id": source_id, "ocid": ocid, "project_id": None, "field": f"releases[id={release_id}]",
            "old_value": f"published again at {locator}", "new_value": "stored once",
            "rule": PUBLISHED_TWICE}


_PREFIX_GAP = re.compile(r"^((?:ocds|oc4ids)-[A-Za-z0-9]{6})\s*-\s*", re.IGNORECASE)


def clean_id(value: str) -> str:
    """An id without stray whitespace: at its ends, and around the dash after an ocid or project prefix
    ("ocds-7wj9x5- X" and "ocds-7wj9x5-X" are one id). Whitespace elsewhere is part of the id (Cardinal's
    fixtures name processes "invited bid")."""
    value = value.strip()
    match = _PREFIX_GAP.match(value)
    # Most ids have nothing to take out: returned as they are, without re.sub's template work (a sixth
    # of reading a release, measured)
    if match is None or match.end() == match.end(1) + 1:
        return value
    return f"{match.group(1)}-{value[match.end():]}"


def version_key(updated: Any, raw_json: str | None) -> tuple:
    """Order of two versions of one project: the later `updated` wins, a version without a date loses
    to one with a date, and equal dates are settled by the text (so the result never depends on which
    was loaded first)."""
    return (updated is not None, updated or datetime.min, raw_json or "")


def is_demo_package(package: dict | None) -> bool:
    """The demo generator publishes under a reserved .invalid host; real data never does."""
    return isinstance(package, dict) and DEMO_MARKER in str(package.get("uri") or "")


class _Rows:
    """Rows of one input waiting to be handed on."""

    def __init__(self, task: Task, source_id: str, sink: Sink) -> None:
        self.task = task
        self.ctx = task.ctx
        self.source_id = source_id
        self.sink = sink
        self.releases: list[dict] = []
        self.groups: dict[str, list[tuple[dict, bool]]] = {}  # ocid -> [(release, is_compiled)]
        self.by_id: dict[str, dict[str, list[dict]]] = {}  # ocid -> release id -> releases held
        self.project_fixes: dict[str, list[dict]] = {}  # project id -> its corrections (of the version held)
        self.project_keys: dict[str, tuple] = {}  # project id -> version_key of the version held
        self.projects: dict[str, dict[str, list]] = {}  # a later version of a project replaces an earlier one
        self.rejects: list[dict] = []
        self.corrections: list[dict] = []
        self.processes = 0
        self.project_count = 0
        self.going = True

    @property
    def buffered(self) -> int:
        return len(self.releases)

    def add_release(self, ocid: str, release: dict, is_compiled: bool, locator: str, tags: list[str]) -> None:
        rid = release.get("id")
        if rid is not None:
            held = self.by_id.setdefault(ocid, {}).setdefault(str(rid), [])
            if any(same_release(other, release) for other in held):
                # published twice in this input (alone and inside a record): one release, one row
                self.corrections.append(published_twice(self.source_id, ocid, str(rid), locator))
                return
            held.append(release)
        self.releases.append({
            "ocid": ocid, "release_id": str(rid) if rid is not None else None,
            "date": _release_date(release.get("date")), "tags": tags, "source_id": self.source_id,
            "locator": locator, "json": _json(release),
        })
        self.groups.setdefault(ocid, []).append((release, is_compiled))

    def item(self, item: Item) -> str | None:
        """Take one item; return a reject reason, or None when it is loaded."""
        data = item.data
        if not isinstance(data, dict):
            return "item is not a JSON object"
        if item.kind in ("release", "compiled_release"):
            ocid = data.get("ocid")
            if not isinstance(ocid, str) or not ocid.strip():
                return "release without a string ocid"
            ocid = self.clean_id(ocid, "ocid", ocid=True)
            tags = _tags(data)
            self.add_release(ocid, data, item.kind == "compiled_release" or "compiled" in tags, item.locator, tags)
            return None
        if item.kind == "record":
            compiled = data.get("compiledRelease")
            ocid = data.get("ocid")
            if not isinstance(ocid, str) or not ocid.strip():
                ocid = compiled.get("ocid") if isinstance(compiled, dict) else None
            if not isinstance(ocid, str) or not ocid.strip():
                return "record without a string ocid"
            ocid = self.clean_id(ocid, "ocid", ocid=True)
            full = [r for r in data.get("releases") or [] if _is_full_release(r)] \
                if isinstance(data.get("releases"), list) else []
            if not full and not isinstance(compiled, dict):
                if isinstance(data.get("versionedRelease"), dict):
                    return ("record has a versionedRelease but no full releases and no compiledRelease: "
                            "versioned releases are not read")
                return "record has only linked releases and no compiledRelease: nothing to load"
            for i, r in enumerate(full):
                tags = _tags(r)
                self.add_release(ocid, r, "compiled" in tags, f"{item.locator}/releases/{i}", tags)
            if isinstance(compiled, dict):
                self.add_release(ocid, compiled, True, f"{item.locator}/compiledRelease", _tags(compiled))
            return None
        if item.kind == "project":
            return self.project(data)
        return f"unknown item kind {item.kind!r}"

    def project(self, data: dict) -> str | None:
        pid = data.get("id")
        if not isinstance(pid, (str, int)) or isinstance(pid, bool) or not str(pid).strip():
            return "project without an id"
        raw = _json(data)  # as published: normalisation changes `data` in place
        pid = data["id"] = self.clean_id(str(pid), "id", ocid=False)
        key = version_key(_release_date(data.get("updated")), raw)
        if pid in self.project_keys and self.project_keys[pid] >= key:
            return None  # an older version of a project already held from this input: the newest wins
        self.project_keys[pid] = key
        fixes = correction_rows(self.source_id, None, normalise_project(data))
        for row in fixes:
            row["project_id"] = row["project_id"] or pid
        resolver, locate = project_resolver()
        authority = data.get("publicAuthority") if isinstance(data.get("publicAuthority"), dict) else {}
        impl = resolver.implementer_for_project(pid, authority.get("name"), given=self.ctx.implementer)
        state = resolver.state_code_for(implementer_id=impl) if impl else None
        rows = flatten.project_rows(
            data, implementer_id=impl, state_code=state, source_id=self.source_id, locate=locate,
            region_state=lambda region: resolver.state_code_for(region=region),
        )
        rows["projects"][0]["raw_json"] = raw
        self.project_fixes[pid] = fixes
        self.projects.pop(pid, None)  # keep the order of the latest version
        self.projects[pid] = rows
        self.project_count += 1
        return None

    def clean_id(self, value: str, field: str, *, ocid: bool) -> str:
        """An ocid or project id without stray whitespace (`clean_id`); a change is a correction."""
        clean = clean_id(value)
        if clean != value:
            self.corrections.append({
                "source_id": self.source_id, "ocid": clean if ocid else None, "project_id": None if ocid else clean,
                "field": field, "old_value": value, "new_value": clean, "rule": "id_whitespace"})
        return clean

    def reject(self, locator: str, reason: str, excerpt: str) -> None:
        self.rejects.append({"source_id": self.source_id, "locator": locator, "reason": reason,
                             "excerpt": excerpt})

    def due(self) -> bool:
        return (len(self.releases) >= FLUSH_RELEASES or len(self.projects) >= FLUSH_PROJECTS
                or len(self.rejects) >= REJECTS_BATCH)

    def flush(self, items_read: int) -> bool:
        """Compile what is held and hand it on; False when the writer wants no more."""
        if not (self.releases or self.projects or self.rejects or self.corrections):
            return self.going
        types = self.ctx.types
        groups = [(o, members, self.source_id) for o, members in self.groups.items()]
        tables = build_parsed(groups, self.ctx) if groups else {}
        collected: dict[str, list[dict]] = {}
        for rows in self.projects.values():
            for table, table_rows in rows.items():
                collected.setdefault(table, []).extend(table_rows)
        collected.setdefault("corrections", []).extend(self.corrections)
        for fixes in self.project_fixes.values():
            collected["corrections"].extend(fixes)
        collected["rejects"] = self.rejects
        collected["releases"] = self.releases
        for table, rows in collected.items():
            if not rows:
                continue
            arrow = to_arrow(types[table], rows)
            tables[table] = pa.concat_tables([tables[table], arrow]) if table in tables else arrow
        batch = Batch(items_read, tables, list(self.groups), list(self.projects))
        self.processes += len(self.groups)
        self.releases, self.groups, self.projects, self.rejects, self.corrections = [], {}, {}, [], []
        self.by_id, self.project_fixes, self.project_keys = {}, {}, {}
        self.going = self.sink(batch)
        return self.going


def read_source(task: Task, sink: Sink) -> Outcome:
    """Read one input, handing its rows to `sink` in batches; return what happened.

    Raises loaders.read.items.UnreadableSource when the input cannot be read at all.
    """
    info, items = open_source(task.uri)
    outcome = Outcome(task.uri, info.sha256, info.bytes, info.format, info.encoding, "unchanged")
    if info.sha256 in task.known or not sink(Start(info.sha256, info.bytes)):
        items.close()
        return outcome
    outcome.status = "loaded"
    rows = _Rows(task, source_id_of(info.sha256), sink)
    extensions: dict[str, None] = {}
    is_demo = DEMO_MARKER in task.uri
    try:
        for obj in items:
            outcome.items_read += 1
            if isinstance(obj, Reject):
                reason, locator, excerpt = obj.reason, obj.locator, obj.excerpt
            else:
                is_demo = is_demo or is_demo_package(obj.package)
                package = obj.package
                if package and isinstance(package.get("extensions"), list):
                    extensions.update((str(e), None) for e in package["extensions"]
                                      if isinstance(e, (str, int, float)) and str(e) not in extensions)
                try:
                    reason = rows.item(obj)
                except Exception as exc:  # noqa: BLE001 - a malformed item must not stop the load
                    reason = f"could not be loaded: {type(exc).__name__}: {exc}"
                locator = obj.locator
                excerpt = _json(obj.data)[:200] if reason else ""
            if reason:
                outcome.items_rejected += 1
                outcome.reject_reasons[reason] = outcome.reject_reasons.get(reason, 0) + 1
                rows.reject(locator, reason, excerpt)
            else:
                outcome.items_loaded += 1
            if rows.due() and not rows.flush(outcome.items_read):
                outcome.status = "unchanged"
                return outcome
        # format, encoding and the input's own corrections are known once the stream has been read
        rows.corrections.extend(correction_rows(rows.source_id, None, info.corrections))
        rows.flush(outcome.items_read)
    finally:
        items.close()
    outcome.format, outcome.encoding = info.format, info.encoding
    outcome.processes = rows.processes
    outcome.projects = rows.project_count
    outcome.extensions = list(extensions)
    outcome.is_demo = is_demo
    return outcome

