"""The load: inputs -> items -> compiled, normalised processes and projects -> DuckDB tables.

Every item read is either loaded or recorded in `rejects`; every automatic fix is in `corrections`.
"""
from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from loaders.read import fetch
from loaders.write import spool
from loaders.compile.rows import BuildContext, build_groups, worker_init
from loaders.compile.link import link_projects, mark_superseded
from loaders.compile.place import add_outside_implementers, place_by_projects
from loaders.read.inputs import expand_inputs
from loaders.compile.registries import write_registries
from loaders.compile.source_rows import (DEMO_MARKER, PUBLISHED_TWICE, Batch, Outcome, Start, Task, published_twice,
                                         read_source, same_release, source_id_of, version_key)
from loaders.compile.arrow import to_arrow
from loaders.write.spool import run_task
from core.database import staging
from loaders.write.batches import BatchWriter
from core import settings

__all__ = ["DEMO_MARKER", "SourceReport", "load"]
PROCESS_TABLES = ("processes", "parties", "bids", "awards", "contracts", "amendments", "milestones", "transactions")
PROJECT_TABLES = ("projects", "project_locations", "project_processes")
WRITE_BYTES = 100 * 1024**2  # Arrow bytes held before they are inserted (about 30,000 releases)


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
    unplaced: int = 0  # of this input's processes (current versions), how many no rule placed in a state
    reject_reasons: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# what an input's report takes over from the reader's outcome: every field both have but the identity
_FROM_OUTCOME = tuple(f.name for f in fields(SourceReport)
                      if f.name in {g.name for g in fields(Outcome)} and f.name not in ("uri", "sha256", "status"))


class _InputOrderWriter:
    """The loading process's side: writes batches in input order and decides what to recompile."""

    def __init__(self, con, implementer: str | None):
        self.con = con
        self.writer = BatchWriter(con)
        self.ctx = BuildContext(implementer, self.writer.types)
        self.held: list[dict] = []  # batches' tables waiting to be inserted
        self.held_ocids: set[str] = set()
        self.held_projects: set[str] = set()
        self.held_bytes = 0
        # Ids written by this load, and whether the database held any before it: a batch's ids are looked
        # up in the tables only when they could be there. Asking the tables for every batch made the
        # load quadratic (at 30,000 projects, 60 % of the writer's time went to reading `projects`).
        self.written_ocids: set[str] = set()
        self.written_projects: set[str] = set()
        self.had_processes = bool(con.execute("SELECT count(*) FROM processes").fetchall()[0][0])
        self.had_projects = bool(con.execute("SELECT count(*) FROM projects").fetchall()[0][0])

    def stored_ocids(self, ocids: list[str]) -> list[str]:
        """Those of `ocids` that have rows in `processes` (written earlier in this load or before it)."""
        return self._stored(ocids, self.written_ocids, self.had_processes, "processes", "ocid")

    def stored_projects(self, project_ids: list[str]) -> list[str]:
        """Those of `project_ids` that have a row in `projects`."""
        return self._stored(project_ids, self.written_projects, self.had_projects, "projects", "project_id")

    def _stored(self, ids: list[str], written: set[str], had_rows: bool, table: str, column: str) -> list[str]:
        found = [i for i in ids if i in written]
        rest = [i for i in ids if i not in written]
        if had_rows and rest:
            wanted = _ids("id", rest)  # noqa: F841 (read by DuckDB)
            # table and column are this module's constants, never input
            found += [r[0] for r in self.con.execute(
                f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" IN (SELECT id FROM wanted)').fetchall()]
        return found

    def known(self) -> frozenset[str]:
        return frozenset(r[0] for r in self.con.execute("SELECT sha256 FROM sources").fetchall())

    def holds(self, sha256: str) -> bool:
        return bool(self.con.execute("SELECT 1 FROM sources WHERE sha256 = ?", [sha256]).fetchall())

    def write(self, batch: Batch, source_id: str) -> None:
        """Write one batch; processes that already had releases stored (from earlier inputs or batches)
        are compiled again from all their releases.

        Batches are held until WRITE_BYTES are waiting, then inserted together: DuckDB
        checkpoints after each big insert and rewrites a partly filled row group every time, so few
        large inserts cost a third less than many small ones."""
        if not self.held_ocids.isdisjoint(batch.ocids) or not self.held_projects.isdisjoint(batch.project_ids):
            self.flush()  # what follows must see those rows in the table
        # every ocid with stored releases has its processes row: a sixth of the rows to look through
        earlier = self.stored_ocids(batch.ocids) if batch.ocids else []
        stored_projects = self.stored_projects(batch.project_ids) if batch.project_ids else []
        if stored_projects:
            self.keep_newest_projects(batch, stored_projects)
            replaced = [p for p in batch.project_ids if p in set(stored_projects)]  # the stored older versions
            if replaced:
                pids = _ids("project_id", replaced)  # noqa: F841 (read by DuckDB)
                for table in PROJECT_TABLES:
                    self.con.execute(f'DELETE FROM "{table}" WHERE project_id IN (SELECT project_id FROM pids)')
        self.written_ocids.update(batch.ocids)
        self.written_projects.update(batch.project_ids)
        if earlier and "releases" in batch.tables:
            batch.tables["releases"] = self.drop_stored(batch.tables["releases"], earlier, source_id)
        self.held.append(batch.tables)
        self.held_ocids.update(batch.ocids)
        self.held_projects.update(batch.project_ids)
        self.held_bytes += sum(t.nbytes for t in batch.tables.values())
        if earlier:
            self.flush()
            self.recompile(earlier, source_id)
        elif self.held_bytes >= WRITE_BYTES:
            self.flush()

    def keep_newest_projects(self, batch: Batch, stored_ids: list[str]) -> None:
        """Of a project stored earlier (`stored_ids`) and published again in this batch, the newest version
        by its own `updated` date wins (loaders.compile.source_rows.version_key), whatever the loading
        order: where the stored version is newer, the batch's rows of that project are left out."""
        import pyarrow as pa
        import pyarrow.compute as pc

        pids = _ids("project_id", stored_ids)  # noqa: F841 (read by DuckDB)
        stored = {pid: version_key(updated, raw) for pid, updated, raw in self.con.execute(
            "SELECT project_id, updated, raw_json FROM projects WHERE project_id IN (SELECT project_id FROM pids)"
        ).fetchall()}
        if not stored or "projects" not in batch.tables:
            return
        incoming = {r["project_id"]: version_key(r["updated"], r["raw_json"]) for r in
                    batch.tables["projects"].select(["project_id", "updated", "raw_json"]).to_pylist()}
        older = [pid for pid, key in incoming.items() if pid in stored and stored[pid] >= key]
        if not older:
            return
        drop = pa.array(older, pa.string())
        for name in (*PROJECT_TABLES, "corrections"):
            table = batch.tables.get(name)
            if table is not None and "project_id" in table.column_names:
                batch.tables[name] = table.filter(pc.invert(pc.fill_null(pc.is_in(table["project_id"], drop), False)))
        batch.project_ids = [pid for pid in batch.project_ids if pid not in set(older)]

    def drop_stored(self, releases, ocids: list[str], source_id: str):
        """The batch's releases without those already stored (same ocid, id and content: a release
        published in one input and again in another, e.g. alone and inside a record package); each one
        left out is a correction. Only processes with stored releases are looked at."""
        import pyarrow as pa

        batch = _ids("ocid", ocids)  # noqa: F841 (read by DuckDB)
        stored: dict[tuple[str, str], list[dict]] = {}
        for ocid, rid, js in self.con.execute(
            "SELECT ocid, release_id, json FROM releases WHERE ocid IN (SELECT ocid FROM batch) "
            "AND release_id IS NOT NULL"
        ).fetchall():
            stored.setdefault((ocid, rid), []).append(orjson.loads(js))
        if not stored:
            return releases
        keep, notes = [], []
        cols = releases.select(["ocid", "release_id", "json", "locator"]).to_pylist()
        for row in cols:
            others = stored.get((row["ocid"], row["release_id"]))
            if others and any(same_release(o, orjson.loads(row["json"])) for o in others):
                keep.append(False)
                notes.append(published_twice(source_id, row["ocid"], row["release_id"], row["locator"]))
            else:
                keep.append(True)
        if notes:
            self.writer.append_arrow("corrections", to_arrow(self.ctx.types["corrections"], notes))
            releases = releases.filter(pa.array(keep))
        return releases

    def flush(self) -> None:
        """Insert the held batches, one insert per table."""
        import pyarrow as pa

        names = {name for tables in self.held for name in tables}
        for name in ("releases", *sorted(names - {"releases"})):
            parts = [tables[name] for tables in self.held if name in tables]
            if parts:
                self.writer.append_arrow(name, parts[0] if len(parts) == 1 else pa.concat_tables(parts))
        self.held, self.held_ocids, self.held_projects, self.held_bytes = [], set(), set(), 0

    def recompile(self, ocids: list[str], source_id: str) -> None:
        """Replace the rows of `ocids` with rows compiled from every release stored for them."""
        batch = _ids("ocid", ocids)  # noqa: F841 (read by DuckDB)
        members: dict[str, list] = {o: [] for o in ocids}
        for ocid, js, tags in self.con.execute(
            "SELECT ocid, json, tags FROM releases WHERE ocid IN (SELECT ocid FROM batch) ORDER BY rowid"
        ).fetchall():
            members[ocid].append((js.encode(), "compiled" in (tags or [])))
        for table in PROCESS_TABLES:
            self.con.execute(f'DELETE FROM "{table}" WHERE ocid IN (SELECT ocid FROM batch)')
        self.con.execute("DELETE FROM corrections WHERE ocid IN (SELECT ocid FROM batch) AND project_id IS NULL "
                         "AND rule NOT IN (?, ?)", [PUBLISHED_TWICE, "id_whitespace"])  # facts of reading, not of compiling
        built = build_groups([(o, members[o], source_id) for o in ocids], self.ctx)
        for table, arrow in built.items():
            self.writer.append_arrow(table, arrow)

    def finish(self, report: SourceReport, outcome: Outcome, implementer: str | None) -> None:
        """Record the input itself once all its batches are written (or held)."""
        for name in _FROM_OUTCOME:
            setattr(report, name, getattr(outcome, name))
        self.writer.add("sources", [{
            "source_id": report.source_id, "uri": report.uri, "sha256": outcome.sha256,
            "format": outcome.format, "implementer_id": implementer,
            "loaded_at": datetime.now(timezone.utc).replace(tzinfo=None),
            "items_read": outcome.items_read, "items_loaded": outcome.items_loaded,
            "items_rejected": outcome.items_rejected, "is_demo": outcome.is_demo,
            "encoding": outcome.encoding, "bytes": outcome.bytes, "extensions": outcome.extensions,
        }])
        self.writer.flush()


def _ids(column: str, values: list[str]):
    """A one-column Arrow table of ids for DuckDB to read (IN (SELECT ...)): typed VARCHAR even when
    empty, and without pandas, whose import cost the load 2.7 s before its workers could start."""
    import pyarrow as pa

    return pa.table({column: pa.array(values, pa.string())})


def load(
    sources: list[str | Path],
    db: str | Path | None = None,
    implementer: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    after: Callable[[Any], None] | None = None,
) -> list[SourceReport]:
    """Load files, folders, archives or URLs into the database; return one report per input.

    `after(con)` runs on the staging connection once everything is loaded and linked, before the
    database is published (obras.update recomputes the indicators and quality there); the loader itself
    knows nothing of what runs after it.

    Raises loaders.read.items.UnreadableSource (and leaves the database as it was) when an input cannot be
    read at all. Inputs already loaded (same sha256) are reported as "unchanged" and not read again.

    Big loads read, compile and flatten their inputs in worker processes, several inputs at once; this
    process only writes, in input order, so the result is the same as a load without workers.
    """
    db_path = settings.db_path(db)
    uris = list(expand_inputs([str(s) for s in sources]))
    workers = _workers(uris)
    with staging(db_path) as con:
        # Each batch commits on its own. One transaction for the whole load halved the write time but
        # held what it wrote in memory (2.4 GB instead of 0.76 GB for 30,000 processes).
        write_registries(con)
        # workers use the cores; DuckDB's own threads only compete with them (a tenth faster with one)
        con.execute("SET threads = 1")
        # DuckDB checkpoints once 16 MB of WAL are written: after every insert of a load, each time
        # re-compressing the tables' partly filled last row groups; a larger threshold writes them
        # less often (a third less CPU for the writer, measured in bench/bench_load.py)
        con.execute("SET checkpoint_threshold = '256MB'")
        run = _InputOrderWriter(con, implementer)
        if workers:
            reports = _load_with_workers(run, uris, implementer, workers, Path(f"{db_path}.spool"), progress)
        else:
            reports = [_load_here(run, uri, n, implementer, progress) for n, uri in enumerate(uris)]
        run.flush()
        counts = dict(con.execute("SELECT source_id, count(*) FROM corrections GROUP BY source_id").fetchall())
        for r in reports:
            if r.status == "loaded":
                r.corrections = counts.get(r.source_id, 0)
        mark_superseded(con)
        link_projects(con)
        place_by_projects(con)
        add_outside_implementers(con)
        unplaced = dict(con.execute("SELECT source_id, count(*) FROM processes WHERE state_code IS NULL "
                                    "AND superseded_by IS NULL GROUP BY source_id").fetchall())
        for r in reports:
            if r.status == "loaded":
                r.unplaced = unplaced.get(r.source_id, 0)
        con.execute("RESET threads")
        con.execute("RESET checkpoint_threshold")
        if after is not None:
            after(con)
    return reports


def _report(uri: str, sha256: str, status: str) -> SourceReport:
    return SourceReport(fetch.redact_url(uri), source_id_of(sha256), sha256, "unknown", "utf-8", status)


def _load_here(run: _InputOrderWriter, uri: str, n: int, implementer: str | None, progress) -> SourceReport:
    """One input read and written in this process (small loads: no worker start-up cost)."""
    started = time.perf_counter()
    state: dict[str, Any] = {}

    def sink(message) -> bool:
        if isinstance(message, Start):
            state["report"] = _report(uri, message.sha256, "unchanged" if run.holds(message.sha256) else "loaded")
            return state["report"].status == "loaded"
        run.write(message, state["report"].source_id)
        if progress:
            progress(uri, n, message.items_read)
        return True

    outcome = read_source(Task(uri, run.ctx), sink)
    report = state.get("report") or _report(uri, outcome.sha256, "unchanged")
    report.format, report.encoding = outcome.format, outcome.encoding
    if report.status == "loaded":
        run.finish(report, outcome, implementer)
    report.seconds = time.perf_counter() - started
    if progress:
        progress(uri, n + 1, outcome.items_read)
    return report


def _load_with_workers(run: _InputOrderWriter, uris: list[str], implementer: str | None, workers: int, spool_dir: Path,
                       progress) -> list[SourceReport]:
    """Inputs read by `workers` processes, up to workers + 1 at a time; written here in input order."""
    import multiprocessing
    import shutil
    from concurrent.futures import ProcessPoolExecutor

    shutil.rmtree(spool_dir, ignore_errors=True)  # left by a killed load
    spool_dir.mkdir(parents=True)
    known = run.known()
    executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=worker_init, initargs=(os.getpid(),))
    in_flight: list[tuple[Path, Any, float]] = []
    reports: list[SourceReport] = []
    submitted = 0
    try:
        for n, uri in enumerate(uris):
            while submitted < len(uris) and len(in_flight) < workers + 1:
                folder = spool_dir / f"{submitted:06d}"
                task = Task(uris[submitted], run.ctx, known)
                with _main_not_rerun():
                    future = executor.submit(run_task, task, str(folder))
                in_flight.append((folder, future, time.perf_counter()))
                submitted += 1
            folder, future, started = in_flight.pop(0)
            report = None
            for message in spool.messages(folder, future):
                if isinstance(message, Start):
                    held = run.holds(message.sha256)  # an identical input earlier in this load
                    report = _report(uri, message.sha256, "unchanged" if held else "loaded")
                    if held:
                        spool.stop(folder)
                elif report is not None and report.status == "loaded":
                    run.write(message, report.source_id)
                    if progress:
                        progress(uri, n, message.items_read)
            outcome = future.result()  # raises what the worker raised (UnreadableSource...)
            report = report or _report(uri, outcome.sha256, "unchanged")
            report.format, report.encoding = outcome.format, outcome.encoding
            if report.status == "loaded":
                run.finish(report, outcome, implementer)
            report.seconds = time.perf_counter() - started
            reports.append(report)
            shutil.rmtree(folder, ignore_errors=True)
            if progress:
                progress(uri, n + 1, outcome.items_read)
    finally:
        for folder, _, _ in in_flight:
            spool.stop(folder)  # a worker waiting for its batches to be read gives up
        executor.shutdown(cancel_futures=True)
        shutil.rmtree(spool_dir, ignore_errors=True)
    return reports


@contextlib.contextmanager
def _main_not_rerun() -> Iterator[None]:
    """Spawned workers re-run the __main__ script by its path before they start. Ours need nothing from
    it, and when __main__ is a page run by Streamlit (AppTest, the upload page) re-running it kills the
    worker: hide its path while workers are started (they start inside submit)."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    spec = getattr(main, "__spec__", None)
    if main is None or path is None or spec is not None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def _workers(uris: list[str]) -> int:
    """Worker processes for compiling: OBRAS_LOAD_WORKERS, else one per core for big loads, else none."""
    configured = settings.load_workers()
    if configured is not None:
        return configured
    total = 0
    for uri in uris:
        try:
            total += os.path.getsize(uri)
        except OSError:
            pass
    # starting workers costs about a second: worth it only for larger inputs
    return (os.cpu_count() or 1) if total > 48 * 1024**2 else 0
