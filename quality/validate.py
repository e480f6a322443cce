"""Schema validation of what the database holds: every row of `releases` (releases as published, and
records' compiled releases) against the OCDS release schema with the extensions patched in, and every
EDCAPI project (`projects.json`) against the OC4IDS project schema.

Releases never change once loaded (a source is identified by its bytes), so their results are kept per
source and schema fingerprint and only new sources are validated on a refresh. Projects are kept the same
way; a later load replaces a project under its new source, so a source whose project count changed is
validated again.

jsonschema takes milliseconds per release (tens of them for releases with hundreds of parties), so a
refresh validates a deterministic sample of at most `validation_sample()` new items per implementer and
kind (0 = all); quality_validation keeps both the items held and the items validated per source.
"""
from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import orjson

from quality.errors import ErrorGroups, make_validator
from quality.schemas import UNAVAILABLE, Schema, project_schema, release_schema
from quality.locations import validation_sample
from quality.store import append_rows

BATCH = 2000


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def declared_extensions(con: duckdb.DuckDBPyConnection) -> dict[str, list[str] | None]:
    """{source_id: extension URLs its package declares}, when the loader records them in
    sources.extensions; empty otherwise (then every local extension is patched in)."""
    cols = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() "
        "AND table_schema = 'main' AND table_name = 'sources'").fetchall()}
    if "extensions" not in cols:
        return {}
    out = {}
    for source_id, ext in con.execute("SELECT source_id, extensions FROM sources").fetchall():
        if isinstance(ext, str):  # JSON text
            try:
                ext = orjson.loads(ext)
            except orjson.JSONDecodeError:
                ext = None
        out[source_id] = [str(e) for e in ext] if isinstance(ext, list) else None
    return out


class _Schemas:
    """Release schemas by declared-extension set, each with its validator, built once per refresh."""

    def __init__(self) -> None:
        self.cache: dict = {}

    def get(self, declared: list[str] | None) -> tuple[Schema, object] | None:
        key = None if declared is None else tuple(sorted(declared))
        if key not in self.cache:
            schema = release_schema(declared)
            self.cache[key] = (schema, make_validator(schema.schema)) if schema else None
        return self.cache[key]


def _rows(source_id, standard, groups: dict, schema: Schema | None, counts: dict) -> tuple[list, list]:
    """Rows of quality_validation and quality_schema_errors for one source."""
    now = _now()
    validation, errors = [], []
    for (impl, kind), n in counts.items():
        g = groups.get((impl, kind))
        validation.append({
            "source_id": source_id, "implementer_id": impl, "standard": standard, "item_kind": kind,
            "status": "run" if schema else "unavailable",
            "schema_origin": schema.description if schema else UNAVAILABLE,
            "schema_fingerprint": schema.fingerprint if schema else None, "items": n,
            "items_validated": g.items if g else 0, "items_valid": g.items_valid if g else None,
            "errors": g.errors if g else None,
            "values_checked": g.values if g else None, "values_invalid": g.values_invalid if g else None,
            "validated_at": now})
        if g:
            for row in g.rows():
                errors.append({"source_id": source_id, "implementer_id": impl, "standard": standard,
                               "item_kind": kind, **row})
    return validation, errors


_KIND = ("CASE WHEN coalesce(list_contains(r.tags, 'compiled'), false) "
         "OR coalesce(r.locator LIKE '%/compiledRelease', false) THEN 'compiled_release' ELSE 'release' END")


def _load(item: str | None):
    try:
        return orjson.loads(item) if item is not None else None
    except orjson.JSONDecodeError:
        return item


def validate_releases(con: duckdb.DuckDBPyConnection) -> int:
    """Validate the releases of every source not yet validated with the current schema; return how many.
    A few statements in all, whatever the number of sources (each statement has a fixed cost)."""
    import pandas as pd

    declared = declared_extensions(con)
    schemas = _Schemas()
    for table in ("quality_validation", "quality_schema_errors"):  # sources no longer held
        con.execute(f"""DELETE FROM {table} WHERE standard = 'ocds'
                        AND source_id NOT IN (SELECT DISTINCT source_id FROM releases)""")
    previous: dict[str, set] = {}
    for source_id, status, fingerprint in con.execute(
            "SELECT DISTINCT source_id, status, schema_fingerprint FROM quality_validation "
            "WHERE standard = 'ocds'").fetchall():
        previous.setdefault(source_id, set()).add((status, fingerprint))
    todo: dict[str, tuple] = {}  # source_id -> (schema, validator) or (None, None)
    for (source_id,) in con.execute("SELECT DISTINCT source_id FROM releases").fetchall():
        found = schemas.get(declared.get(source_id))
        schema = found[0] if found else None
        if schema and previous.get(source_id) == {("run", schema.fingerprint)}:
            continue  # already validated against this very schema
        todo[source_id] = found or (None, None)
    if not todo:
        return 0
    batch = pd.DataFrame({"source_id": list(todo)})  # noqa: F841 (read by DuckDB)
    for table in ("quality_validation", "quality_schema_errors"):
        con.execute(f"DELETE FROM {table} WHERE standard = 'ocds' AND source_id IN (SELECT source_id FROM batch)")
    counts: dict[str, dict] = {}
    for source_id, impl, kind, n in con.execute(
            f"""SELECT r.source_id, p.implementer_id, {_KIND} AS kind, count(*)
                FROM releases r LEFT JOIN processes p ON p.ocid = r.ocid
                WHERE r.source_id IN (SELECT source_id FROM batch) GROUP BY ALL""").fetchall():
        counts.setdefault(source_id, {})[(impl, kind)] = n
    groups: dict[str, dict] = {}
    done = 0
    if any(validator is not None for _, validator in todo.values()):
        done = _validate_release_sample(con, todo, groups, batch)
    validation, errors = [], []
    for source_id, (schema, _) in todo.items():
        v, e = _rows(source_id, "ocds", groups.get(source_id, {}), schema, counts.get(source_id, {}))
        validation += v
        errors += e
    append_rows(con, "quality_validation", validation)
    append_rows(con, "quality_schema_errors", errors)
    return done


def _validate_release_sample(con: duckdb.DuckDBPyConnection, todo: dict[str, tuple], groups: dict,
                             batch) -> int:
    """Validate the sample of the releases of the sources in `batch` (a frame of source_id, read by
    DuckDB) into `groups`; return how many.
    Run only when some source has a schema: reading every release document to validate none of them
    cost most of a refresh at a million processes."""
    sample = validation_sample()
    # a deterministic sample per implementer and kind over the new sources: the same items on every machine
    # (the smallest md5 of ocid|release_id|locator, the row id breaking ties). The sample is chosen on the
    # keys alone, then only its documents are read: ranking every release with its document held 15 GB
    # and most of the part's time at a million processes
    keys = (f"""SELECT r.rowid AS rid, p.implementer_id AS impl, {_KIND} AS kind,
                       md5(r.ocid || '|' || coalesce(r.release_id, '') || '|' || coalesce(r.locator, '')) AS h
                FROM releases r LEFT JOIN processes p ON p.ocid = r.ocid
                WHERE r.source_id IN (SELECT source_id FROM batch)""")
    if sample:
        chosen = ("SELECT impl, kind, unnest(arg_min({'h': h, 'rid': rid}, {'h': h, 'rid': rid}, ?), "
                  "recursive := true) FROM k GROUP BY impl, kind")
        params = [sample]
    else:
        chosen, params = "SELECT * FROM k", []
    cur = con.execute(
        f"""WITH k AS ({keys}), s AS ({chosen})
            SELECT r.source_id, s.impl, r.ocid, r.release_id, s.kind, r.locator, r.json
            FROM s JOIN releases r ON r.rowid = s.rid
            ORDER BY s.impl NULLS LAST, s.kind, s.h, s.rid""", params)
    done = 0
    while rows := cur.fetchmany(BATCH):
        for source_id, impl, ocid, release_id, kind, locator, raw in rows:
            validator = todo[source_id][1]
            if validator is None:
                continue
            ref = {"source_id": source_id, "id": f"{ocid} / {release_id}", "locator": locator or ""}
            item = _load(raw)
            groups.setdefault(source_id, {}).setdefault((impl, kind), ErrorGroups()).add(
                ref, list(validator.iter_errors(item)), item)
            done += 1
    return done


def validate_projects(con: duckdb.DuckDBPyConnection) -> int:
    """Validate the projects of every source not yet validated with the current schema (or record that
    validation did not run). A later load replaces a project under a new source, so a source whose
    project count changed since it was validated is validated again."""
    import pandas as pd

    schema = project_schema()
    validator = make_validator(schema.schema) if schema else None
    held = {source_id: n for source_id, n in con.execute(
        "SELECT source_id, count(*) FROM projects GROUP BY source_id").fetchall()}
    previous: dict[str, tuple] = {}
    for source_id, status, fingerprint, items in con.execute(
            "SELECT source_id, string_agg(DISTINCT status, '/'), string_agg(DISTINCT schema_fingerprint, '/'), "
            "sum(items) FROM quality_validation WHERE standard = 'oc4ids' GROUP BY source_id").fetchall():
        previous[source_id] = (status, fingerprint, items)
    todo = [src for src, n in held.items()
            if not (schema and previous.get(src) == ("run", schema.fingerprint, n))]
    stale = [src for src in previous if src not in held or src in todo]
    if stale:
        gone = pd.DataFrame({"source_id": stale})  # noqa: F841 (read by DuckDB)
        for table in ("quality_validation", "quality_schema_errors"):
            con.execute(f"DELETE FROM {table} WHERE standard = 'oc4ids' AND source_id IN (SELECT source_id FROM gone)")
    if not todo:
        return 0
    batch = pd.DataFrame({"source_id": todo})  # noqa: F841 (read by DuckDB)
    per_source: dict[str, tuple[dict, dict]] = {src: ({}, {}) for src in todo}
    for source_id, impl, n in con.execute(
            "SELECT source_id, implementer_id, count(*) FROM projects "
            "WHERE source_id IN (SELECT source_id FROM batch) GROUP BY ALL").fetchall():
        per_source[source_id][1][(impl, "project")] = n
    sample = validation_sample()
    if validator is None:  # nothing to validate: do not read the documents
        cur = None
    else:
        # chosen on the keys alone, then only the sample's documents are read (as for releases)
        keys = ("SELECT rowid AS rid, implementer_id AS impl, md5(project_id) AS h FROM projects "
                "WHERE source_id IN (SELECT source_id FROM batch)")
        if sample:
            chosen = ("SELECT impl, unnest(arg_min({'h': h, 'rid': rid}, {'h': h, 'rid': rid}, ?), "
                      "recursive := true) FROM k GROUP BY impl")
            params = [sample]
        else:
            chosen, params = "SELECT * FROM k", []
        cur = con.execute(
            f"""WITH k AS ({keys}), s AS ({chosen})
                SELECT j.source_id, j.implementer_id, j.project_id, j.json
                FROM s JOIN projects j ON j.rowid = s.rid ORDER BY s.impl NULLS LAST, s.h, s.rid""", params)
    done = 0
    while cur is not None and (rows := cur.fetchmany(BATCH)):
        for source_id, impl, project_id, raw in rows:
            groups = per_source[source_id][0]
            ref = {"source_id": source_id, "id": str(project_id), "locator": ""}
            item = _load(raw)
            groups.setdefault((impl, "project"), ErrorGroups()).add(ref, list(validator.iter_errors(item)), item)
            done += 1
    validation, errors = [], []
    for source_id, (groups, counts) in per_source.items():
        v, e = _rows(source_id, "oc4ids", groups, schema, counts)
        validation += v
        errors += e
    append_rows(con, "quality_validation", validation)
    append_rows(con, "quality_schema_errors", errors)
    return done


def compute(con: duckdb.DuckDBPyConnection, implementers: list[str | None]) -> tuple[dict, str]:
    """Validate; return ({implementer: validity 0-1 or None}, a one-line summary)."""
    releases = validate_releases(con)
    projects = validate_projects(con)
    # validity is the share of published values the schema accepts (see quality.errors.ErrorGroups):
    # a single defect repeated in every item (one date format) would make an all-or-nothing item measure
    # zero, and rank an implementer that publishes much, nearly all valid, below one that publishes little
    rows = con.execute(
        """SELECT implementer_id, sum(values_checked) FILTER (WHERE status = 'run'),
                  sum(values_checked - values_invalid) FILTER (WHERE status = 'run')
           FROM quality_validation GROUP BY implementer_id""").fetchall()
    by_impl = {r[0]: r[1:] for r in rows}
    unavailable = {r[0] for r in con.execute(
        "SELECT DISTINCT implementer_id FROM quality_validation WHERE status = 'unavailable'").fetchall()}
    out = {}
    for impl in implementers:
        values, valid = by_impl.get(impl, (None, None))
        # an implementer part of whose data could not be validated has no validity (not a partial one)
        out[impl] = (max(0, valid) / values) if values and impl not in unavailable else None
    statuses = dict(con.execute(
        "SELECT standard, string_agg(DISTINCT status, '/') FROM quality_validation GROUP BY standard").fetchall())
    summary = (f"validated {releases} new releases and {projects} projects; "
               f"ocds: {statuses.get('ocds', 'nothing to validate')}, "
               f"oc4ids: {statuses.get('oc4ids', 'nothing to validate')}")
    return out, summary
