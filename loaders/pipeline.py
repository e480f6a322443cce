"""The load: inputs -> items -> compiled, normalised processes and projects -> DuckDB tables.

Every item read is either loaded or recorded in `rejects`; every automatic fix is in `corrections`.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from loaders import flatten
from loaders.build import BuildContext, build_groups, correction_rows, worker_init
from loaders.items import Correction, Item, Reject
from loaders.link import link_projects
from loaders.normalise import normalise_project, parse_date
from loaders.read import expand_inputs, open_source
from loaders.registry import Resolver, write_registries
from loaders.store import Writer, staging
from obras import settings

DEMO_MARKER = "demo.obras-abiertas.invalid"
PROCESS_TABLES = ("processes", "parties", "bids", "awards", "contracts", "amendments", "milestones", "transactions")
PROJECT_TABLES = ("projects", "project_locations", "project_processes")
FLUSH_RELEASES = 20_000  # releases held in memory before they are compiled and written


@dataclass
class SourceReport:
    """What happened to one input."""

    uri: str
    source_id: str
    sha256: str
    format: str
    encoding: str
    status: str  # loaded | unchanged
    items_read: int = 0
    items_loaded: int = 0
    items_rejected: int = 0
    corrections: int = 0
    processes: int = 0
    projects: int = 0
    reject_reasons: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


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


class _Load:
    def __init__(self, con, implementer: str | None):
        self.con = con
        self.implementer = implementer
        self.writer = Writer(con)
        self.resolver = Resolver()
        self.locate = self._locator()
        self.ctx = BuildContext(implementer, self.writer.types)
        self.executor = None
        self.pending: list = []
        self.max_pending = 2
        self.buffer: dict[str, list[tuple[dict, bool]]] = {}  # ocid -> [(release, is_compiled)]
        self.buffered = 0
        self.source_of: dict[str, str] = {}
        self.projects: dict[str, dict[str, list]] = {}

    def _locator(self) -> Callable | None:
        from loaders.geo import Locator

        states, municipalities = settings.state_boundaries(), settings.municipality_boundaries()
        if not states and not municipalities:
            return None
        return Locator(states, municipalities).locate

    # ---- per item -------------------------------------------------------------------------
    def add_release(self, ocid: str, release: dict, is_compiled: bool, source_id: str, locator: str) -> None:
        raw = orjson.dumps(release, option=orjson.OPT_NON_STR_KEYS)
        self.writer.add("releases", [{
            "ocid": ocid, "release_id": str(release.get("id")) if release.get("id") is not None else None,
            "date": _release_date(release.get("date")), "tags": _tags(release), "source_id": source_id,
            "locator": locator, "json": raw.decode(),
        }])
        self.buffer.setdefault(ocid, []).append((raw, is_compiled))
        self.source_of[ocid] = source_id
        self.buffered += 1

    def item(self, item: Item, info_id: str, report: SourceReport) -> str | None:
        """Handle one item; return a reject reason or None when loaded."""
        data = item.data
        if not isinstance(data, dict):
            return "item is not a JSON object"
        if item.kind in ("release", "compiled_release"):
            ocid = data.get("ocid")
            if not isinstance(ocid, str) or not ocid.strip():
                return "release without a string ocid"
            compiled = item.kind == "compiled_release" or "compiled" in _tags(data)
            self.add_release(ocid, data, compiled, info_id, item.locator)
            return None
        if item.kind == "record":
            compiled = data.get("compiledRelease")
            ocid = data.get("ocid")
            if not isinstance(ocid, str) or not ocid.strip():
                ocid = compiled.get("ocid") if isinstance(compiled, dict) else None
            if not isinstance(ocid, str) or not ocid.strip():
                return "record without a string ocid"
            full = [r for r in data.get("releases") or [] if _is_full_release(r)] \
                if isinstance(data.get("releases"), list) else []
            if not full and not isinstance(compiled, dict):
                return "record has only linked releases and no compiledRelease: nothing to load"
            for i, r in enumerate(full):
                self.add_release(ocid, r, "compiled" in _tags(r), info_id, f"{item.locator}/releases/{i}")
            if isinstance(compiled, dict):
                self.add_release(ocid, compiled, True, info_id, f"{item.locator}/compiledRelease")
            return None
        if item.kind == "project":
            pid = data.get("id")
            if not isinstance(pid, (str, int)) or isinstance(pid, bool) or not str(pid).strip():
                return "project without an id"
            data["id"] = str(pid)
            raw = _json(data)  # as published: normalisation changes `data` in place
            self.corrections(info_id, normalise_project(data), project_id=str(pid))
            self.project(data, info_id, raw)
            report.projects += 1
            return None
        return f"unknown item kind {item.kind!r}"

    def corrections(self, source_id: str, corrections: Iterable[Correction], ocid=None, project_id=None) -> None:
        rows = correction_rows(source_id, ocid, corrections)
        for row in rows:
            row["project_id"] = row["project_id"] or project_id
        self.writer.add("corrections", rows)

    def project(self, project: dict, source_id: str, raw: str | None = None) -> None:
        pid = project["id"]
        authority = project.get("publicAuthority") if isinstance(project.get("publicAuthority"), dict) else {}
        impl = self.resolver.implementer_for_project(pid, authority.get("name"), given=self.implementer)
        state = self.resolver.state_code_for(implementer_id=impl) if impl else None
        # a later version of the same project in this load replaces the earlier one
        self.projects[pid] = flatten.project_rows(
            project, implementer_id=impl, state_code=state, source_id=source_id, locate=self.locate,
            region_state=lambda region: self.resolver.state_code_for(region=region),
        )
        self.projects[pid]["projects"][0]["raw_json"] = raw
        if len(self.projects) >= 2_000:
            self.flush_projects()

    def flush_projects(self) -> None:
        """Replace stored rows of the buffered projects with the new ones."""
        if not self.projects:
            return
        import pandas as pd

        self.writer.flush()
        ids = pd.DataFrame({"project_id": list(self.projects)})  # noqa: F841 (read by DuckDB)
        for table in PROJECT_TABLES:
            self.con.execute(f'DELETE FROM "{table}" WHERE project_id IN (SELECT project_id FROM ids)')
        for rows in self.projects.values():
            for table, table_rows in rows.items():
                self.writer.add(table, table_rows)
        self.projects = {}
        self.writer.flush()

    # ---- compile ---------------------------------------------------------------------------
    def flush(self) -> int:
        """Send buffered ocids to be compiled (in a worker when there is one); returns their number."""
        if not self.buffer:
            return 0
        self.writer.flush()  # releases of this buffer are now in the table
        ocids = list(self.buffer)
        import pandas as pd

        batch = pd.DataFrame({"ocid": ocids})  # noqa: F841 (read by DuckDB)
        stored = dict(self.con.execute(
            "SELECT ocid, count(*) FROM releases WHERE ocid IN (SELECT ocid FROM batch) GROUP BY ocid"
        ).fetchall())
        # ocids with releases from earlier sources or flushes are recompiled from all their releases
        earlier = [o for o in ocids if stored.get(o, 0) > len(self.buffer[o])]
        members = dict(self.buffer)
        if earlier:
            eb = pd.DataFrame({"ocid": earlier})  # noqa: F841
            members.update({o: [] for o in earlier})
            for ocid, js, tags in self.con.execute(
                "SELECT ocid, json, tags FROM releases WHERE ocid IN (SELECT ocid FROM eb)"
            ).fetchall():
                members[ocid].append((js.encode(), "compiled" in (tags or [])))
        groups = [(o, members[o], self.source_of.get(o, "")) for o in ocids]
        self.buffer = {}
        self.buffered = 0
        self.source_of = {}
        # only ocids seen before can have rows to replace: new ones skip the deletes (table scans)
        if self.executor is None:
            self.write_built(earlier, build_groups(groups, self.ctx))
        else:
            self.pending.append((earlier, self.executor.submit(build_groups, groups, self.ctx)))
            while len(self.pending) > self.max_pending:
                self.collect_one()
        return len(ocids)

    def collect_one(self) -> None:
        ocids, future = self.pending.pop(0)
        self.write_built(ocids, future.result())

    def finish(self) -> None:
        """Wait for every batch sent to workers and write it."""
        while self.pending:
            self.collect_one()

    def write_built(self, replaced: list[str], tables: dict) -> None:
        """Write newly built rows, first removing the rows earlier loads wrote for `replaced` ocids."""
        import pandas as pd

        self.writer.flush()
        if replaced:
            batch = pd.DataFrame({"ocid": replaced})  # noqa: F841 (read by DuckDB)
            for table in PROCESS_TABLES:
                self.con.execute(f'DELETE FROM "{table}" WHERE ocid IN (SELECT ocid FROM batch)')
            self.con.execute(
                "DELETE FROM corrections WHERE ocid IN (SELECT ocid FROM batch) AND project_id IS NULL")
        for table, arrow in tables.items():
            self.writer.append_arrow(table, arrow)


def load(
    sources: list[str | Path],
    db: str | Path | None = None,
    implementer: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    refresh_metrics: bool = True,
) -> list[SourceReport]:
    """Load files, folders, archives or URLs into the database; return one report per input.

    Raises loaders.items.UnreadableSource (and leaves the database as it was) when an input cannot be
    read at all. Inputs already loaded (same sha256) are reported as "unchanged" and not read again.
    """
    db_path = settings.db_path(db)
    uris = list(expand_inputs([str(s) for s in sources]))
    reports: list[SourceReport] = []
    workers = _workers(uris)
    executor = None
    with staging(db_path) as con:
        write_registries(con)
        run = _Load(con, implementer)
        if workers:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            executor = run.executor = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("spawn"), initializer=worker_init,
                initargs=(os.getpid(),))
            run.max_pending = workers + 1
        try:
            for n, uri in enumerate(uris):
                started = time.perf_counter()
                info, items = open_source(uri)
                source_id = info.sha256[:16]
                known = con.execute("SELECT 1 FROM sources WHERE sha256 = ?", [info.sha256]).fetchall()
                report = SourceReport(uri, source_id, info.sha256, info.format, info.encoding,
                                      "unchanged" if known else "loaded")
                reports.append(report)
                if known:
                    continue
                rejects = []
                extensions: dict[str, None] = {}
                is_demo = DEMO_MARKER in uri
                for obj in items:
                    report.items_read += 1
                    if isinstance(obj, Reject):
                        reason, locator, excerpt = obj.reason, obj.locator, obj.excerpt
                    else:
                        is_demo = is_demo or _is_demo_package(obj.package)
                        if obj.package and isinstance(obj.package.get("extensions"), list):
                            extensions.update((str(e), None) for e in obj.package["extensions"]
                                              if isinstance(e, (str, int, float)) and str(e) not in extensions)
                        try:
                            reason = run.item(obj, source_id, report)
                        except Exception as exc:  # a malformed item must not stop the load
                            reason = f"could not be loaded: {type(exc).__name__}: {exc}"
                        locator = obj.locator
                        excerpt = _json(obj.data)[:200] if reason else ""
                    if reason:
                        report.items_rejected += 1
                        report.reject_reasons[reason] = report.reject_reasons.get(reason, 0) + 1
                        rejects.append({"source_id": source_id, "locator": locator, "reason": reason,
                                        "excerpt": excerpt})
                        if len(rejects) >= 10_000:
                            run.writer.add("rejects", rejects)
                            rejects = []
                    else:
                        report.items_loaded += 1
                    if run.buffered >= FLUSH_RELEASES:
                        report.processes += run.flush()
                    if progress and report.items_read % 1000 == 0:
                        progress(uri, n, report.items_read)
                # format/encoding are known once the stream has been read
                report.format, report.encoding = info.format, info.encoding
                report.processes += run.flush()
                run.flush_projects()
                run.corrections(source_id, info.corrections)
                run.writer.add("rejects", rejects)
                run.writer.add("sources", [{
                    "source_id": source_id, "uri": uri, "sha256": info.sha256, "format": info.format,
                    "implementer_id": implementer, "loaded_at": datetime.now(timezone.utc).replace(tzinfo=None),
                    "items_read": report.items_read, "items_loaded": report.items_loaded,
                    "items_rejected": report.items_rejected, "is_demo": is_demo,
                    "encoding": info.encoding, "bytes": info.bytes, "extensions": list(extensions),
                }])
                run.writer.flush()
                report.seconds = time.perf_counter() - started
                if progress:
                    progress(uri, n + 1, report.items_read)
            run.finish()
        finally:
            if executor is not None:
                executor.shutdown(cancel_futures=True)
        counts = dict(con.execute("SELECT source_id, count(*) FROM corrections GROUP BY source_id").fetchall())
        for r in reports:
            if r.status == "loaded":
                r.corrections = counts.get(r.source_id, 0)
        link_projects(con)
        if refresh_metrics:
            _refresh_metrics(con)
    return reports


def _is_demo_package(package: dict | None) -> bool:
    """The demo generator publishes under a reserved .invalid host; real data never does."""
    return isinstance(package, dict) and DEMO_MARKER in str(package.get("uri") or "")


def _workers(uris: list[str]) -> int:
    """Worker processes for compiling: OBRAS_LOAD_WORKERS, else one per core for big loads, else none."""
    configured = os.environ.get("OBRAS_LOAD_WORKERS", "").strip()
    if configured.isdigit():
        return int(configured)
    total = 0
    for uri in uris:
        try:
            total += os.path.getsize(uri)
        except OSError:
            pass
    # starting workers costs about a second: worth it only for larger inputs
    return (os.cpu_count() or 1) if total > 48 * 1024**2 else 0


def _refresh_metrics(con) -> None:
    """Recompute flags, scores and publication quality after a load (same staging transaction).

    A failure here must not lose the load itself: the data is published and the failure reported on
    stderr; the previous derived tables are then stale until the next successful refresh.
    """
    import importlib
    import re
    import sys

    # indicators at a million processes need more than a load's buffer pool (OA-D4 ran out of 1GB)
    limit = os.environ.get("OBRAS_DUCKDB_REFRESH_MEMORY", "3GB").strip()
    if re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", limit, re.IGNORECASE):
        con.execute(f"SET memory_limit = '{limit}'")  # validated above: digits and a unit only
    for module in ("metrics.compute", "quality.compute"):
        try:
            refresh = importlib.import_module(module).refresh
        except (ImportError, AttributeError):
            continue
        try:
            refresh(con)
        except Exception as exc:  # noqa: BLE001 - reported, load kept
            if os.environ.get("OBRAS_STRICT_REFRESH"):
                raise
            print(f"obras: warning: {module}.refresh failed: {type(exc).__name__}: {exc}", file=sys.stderr)
