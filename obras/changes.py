"""What each load changed, recorded in one place (the `changes` table of core/contract/harvest).

Called by obras.update inside the load's staging copy, so the record is published atomically with the
data it describes (or not at all):

    before_refresh(con)   copies the flags and quality stages of the previous refresh (temp tables)
    ... refresh ...
    record(con, ...)      diffs processes and projects against the baseline kept from the last recorded
                          run, flags and stages against the copies, and writes `changes`

Everything is set-based SQL over whole tables (no Python loop over subjects), so it stays cheap at a
million processes. The first run in a database only sets the baseline (change_runs.baseline): what was
there before is not reported as added.
"""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timezone

import duckdb

# The fields compared, per subject: (column in the baseline, SQL of its current value)
PROCESS_FIELDS = ("method", "tender_status", "tender_value", "award_value", "contract_value", "tender_end",
                  "award_date", "date_signed", "contract_end", "suppliers")
PROJECT_FIELDS = ("status", "budget", "completion_final_value", "period_end", "completion_end_date")
KINDS = ("added", "changed", "unpublished", "flag_raised", "flag_cleared", "stage_started", "stage_stopped")

# current key fields of every process (suppliers: the distinct names of its awards, sorted)
_PROCESSES_NOW = """
    SELECT p.ocid, p.implementer_id, p.state_code, p.source_id, p.superseded_by, p.method, p.tender_status,
           p.tender_value, p.award_value, p.contract_value, p.tender_end, p.award_date, p.date_signed,
           p.contract_end, s.suppliers
    FROM processes p LEFT JOIN (
        SELECT ocid, string_agg(DISTINCT name, '; ' ORDER BY name) AS suppliers
        FROM (SELECT ocid, unnest(supplier_names) AS name FROM awards) WHERE name IS NOT NULL GROUP BY ocid
    ) s USING (ocid)
"""
_PROJECTS_NOW = """
    SELECT project_id, implementer_id, state_code, source_id, status, budget, completion_final_value,
           period_end, completion_end_date FROM projects
"""


def now() -> datetime:
    """UTC without a time zone, as sources.loaded_at is stored."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


DATE_FIELDS = frozenset({"tender_end", "award_date", "date_signed", "contract_end", "period_end",
                         "completion_end_date"})


def _text(alias: str, field: str) -> str:
    """A field as comparable, readable text: dates ISO 8601, amounts as DuckDB prints a DOUBLE."""
    column = f"{alias}.{field}"
    return f"strftime({column}, '%Y-%m-%dT%H:%M:%S')" if field in DATE_FIELDS else f"CAST({column} AS VARCHAR)"


def before_refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Keep the previous refresh's raised flags and published stages, to diff after the refresh."""
    con.execute("CREATE OR REPLACE TEMP TABLE _flags_before AS SELECT DISTINCT indicator, subject_type, "
                "subject_id, ocid FROM flags WHERE flagged")
    con.execute("CREATE OR REPLACE TEMP TABLE _stages_before AS SELECT implementer_id, subject, stage, "
                "with_stage FROM quality_stages")


def record(con: duckdb.DuckDBPyConnection, since: datetime, kind: str = "load",
           origins: Mapping[str, str] | None = None, derived: bool = False) -> int:
    """Write the changes of the run that started at `since` (UTC) and move the baseline on; return the
    number of `changes` rows written. `origins` maps an input's uri to the catalogue entry it was
    harvested for (changes.origin). `derived`: before_refresh ran and the refresh after it, so flags and
    stages are compared too."""
    run_id = uuid.uuid4().hex[:16]
    at = now()
    inputs = [r[0] for r in con.execute("SELECT source_id FROM sources WHERE loaded_at >= ? ORDER BY loaded_at",
                                        [since]).fetchall()]
    baseline = not con.execute("SELECT 1 FROM change_runs LIMIT 1").fetchall()
    con.execute(f"CREATE OR REPLACE TEMP TABLE _proc_now AS {_PROCESSES_NOW}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _proj_now AS {_PROJECTS_NOW}")
    con.execute("CREATE OR REPLACE TEMP TABLE _new_changes AS SELECT * FROM changes LIMIT 0")
    if not baseline:
        _diff_subjects(con, "process", "ocid", "_proc_now", "change_baseline_processes", PROCESS_FIELDS)
        _diff_subjects(con, "project", "project_id", "_proj_now", "change_baseline_projects", PROJECT_FIELDS)
        _unpublished(con, since)
        if derived:
            _diff_flags(con)
            _diff_stages(con)
    origin_rows = [(uri, origin) for uri, origin in (origins or {}).items()]
    con.execute("CREATE OR REPLACE TEMP TABLE _origins (uri VARCHAR, origin VARCHAR)")
    if origin_rows:
        con.executemany("INSERT INTO _origins VALUES (?, ?)", origin_rows)
    n = con.execute(
        "INSERT INTO changes SELECT ?, ?, o.origin, c.source_id, c.kind, c.subject_type, c.subject_id, c.ocid, "
        "c.implementer_id, c.state_code, c.suppliers, c.field, c.before, c.after FROM _new_changes c "
        "LEFT JOIN sources s ON s.source_id = c.source_id LEFT JOIN _origins o ON o.uri = s.uri",
        [run_id, at]).fetchone()[0]
    con.execute("INSERT INTO change_runs VALUES (?, ?, ?, ?, ?, ?)", [run_id, at, kind, baseline, inputs, n])
    # the baseline moves on: the next run compares with what this one published
    con.execute("DELETE FROM change_baseline_processes")
    con.execute("INSERT INTO change_baseline_processes SELECT * FROM _proc_now")
    con.execute("DELETE FROM change_baseline_projects")
    con.execute("INSERT INTO change_baseline_projects SELECT * FROM _proj_now")
    for temp in ("_proc_now", "_proj_now", "_new_changes", "_origins", "_flags_before", "_stages_before"):
        con.execute(f"DROP TABLE IF EXISTS temp.{temp}")
    return n


def _diff_subjects(con: duckdb.DuckDBPyConnection, subject: str, key: str, now_table: str, base_table: str,
                   fields: tuple[str, ...]) -> None:
    """added (in now, not in the baseline) and changed (one row per field whose text differs)."""
    is_process = subject == "process"
    ocid = "n.ocid" if is_process else "NULL"
    suppliers = "n.suppliers" if is_process else "NULL"
    con.execute(
        f"INSERT INTO _new_changes SELECT NULL, NULL, NULL, n.source_id, 'added', ?, n.{key}, {ocid}, "
        f"n.implementer_id, n.state_code, {suppliers}, NULL, NULL, NULL "
        f"FROM {now_table} n ANTI JOIN {base_table} b ON b.{key} = n.{key}", [subject])
    # one row per (subject, field) that differs; names come from the constants above, never from data
    pairs = ", ".join(f"{{'field': '{f}', 'before': {_text('b', f)}, 'after': {_text('n', f)}}}" for f in fields)
    con.execute(
        f"INSERT INTO _new_changes SELECT NULL, NULL, NULL, source_id, 'changed', ?, subject_id, ocid, "
        f"implementer_id, state_code, suppliers, field, before, after FROM ("
        f"  SELECT n.source_id, n.{key} AS subject_id, {ocid} AS ocid, n.implementer_id, n.state_code, "
        f"         {suppliers} AS suppliers, unnest([{pairs}], recursive := true) "
        f"  FROM {now_table} n JOIN {base_table} b ON b.{key} = n.{key}"
        f") WHERE before IS DISTINCT FROM after", [subject])


def _unpublished(con: duckdb.DuckDBPyConnection, since: datetime) -> None:
    """The rule (core/contract/harvest/definitions.csv, changes.kind): an input loaded in this run from an
    address (sources.uri) loaded before; what the previous version there published and the new one does
    not is no longer published there. For a process the new version's ocids are its releases plus the
    releases it published again unchanged (stored once, recorded in corrections as
    same_release_published_twice)."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE _versions AS
        WITH new AS (SELECT source_id, uri, loaded_at FROM sources WHERE loaded_at >= ?)
        SELECT new.source_id AS new_id, prev.source_id AS prev_id
        FROM new JOIN sources prev ON prev.uri = new.uri AND prev.loaded_at < new.loaded_at
        QUALIFY row_number() OVER (PARTITION BY new.source_id ORDER BY prev.loaded_at DESC) = 1
    """, [since])
    con.execute("""
        INSERT INTO _new_changes
        SELECT NULL, NULL, NULL, gone.prev_id, 'unpublished', 'process', gone.ocid, gone.ocid, p.implementer_id,
               p.state_code, p.suppliers, NULL, NULL, NULL
        FROM (
            SELECT DISTINCT v.new_id, v.prev_id, r.ocid FROM _versions v JOIN releases r ON r.source_id = v.prev_id
            ANTI JOIN (SELECT source_id, ocid FROM releases UNION
                       SELECT source_id, ocid FROM corrections WHERE rule = 'same_release_published_twice') k
                 ON k.source_id = v.new_id AND k.ocid = r.ocid
        ) gone LEFT JOIN _proc_now p ON p.ocid = gone.ocid
    """)
    # a project's rows are replaced by a newer version: rows still coming from the previous version of a
    # reloaded address are projects the new version no longer has
    con.execute("""
        INSERT INTO _new_changes
        SELECT NULL, NULL, NULL, v.prev_id, 'unpublished', 'project', p.project_id, NULL, p.implementer_id,
               p.state_code, NULL, NULL, NULL, NULL
        FROM _versions v JOIN _proj_now p ON p.source_id = v.prev_id
    """)
    con.execute("DROP TABLE temp._versions")


def _diff_flags(con: duckdb.DuckDBPyConnection) -> None:
    """flag_raised / flag_cleared: (indicator, subject) flagged now and not before, or the reverse."""
    con.execute("CREATE OR REPLACE TEMP TABLE _flags_after AS SELECT DISTINCT indicator, subject_type, "
                "subject_id, ocid FROM flags WHERE flagged")
    for kind, now_side, then_side, before, after in (("flag_raised", "_flags_after", "_flags_before", "false", "true"),
                                                     ("flag_cleared", "_flags_before", "_flags_after", "true", "false")):
        con.execute(f"""
            INSERT INTO _new_changes
            SELECT NULL, NULL, NULL, p.source_id, ?, f.subject_type, f.subject_id, f.ocid, p.implementer_id,
                   p.state_code, p.suppliers, f.indicator, ?, ?
            FROM (SELECT * FROM {now_side} EXCEPT SELECT * FROM {then_side}) f
            LEFT JOIN _proc_now p ON p.ocid = f.ocid
        """, [kind, before, after])
    con.execute("DROP TABLE temp._flags_after")


def _diff_stages(con: duckdb.DuckDBPyConnection) -> None:
    """stage_started / stage_stopped: an implementer's stage with no subject before and some now, or the
    reverse (quality_stages.with_stage)."""
    con.execute("""
        INSERT INTO _new_changes
        SELECT NULL, NULL, NULL, NULL, CASE WHEN coalesce(a.with_stage, 0) > 0 THEN 'stage_started' ELSE 'stage_stopped' END,
               'implementer', coalesce(a.implementer_id, b.implementer_id), NULL,
               coalesce(a.implementer_id, b.implementer_id), i.state_code, NULL,
               coalesce(a.subject, b.subject) || ':' || coalesce(a.stage, b.stage),
               CAST(coalesce(b.with_stage, 0) AS VARCHAR), CAST(coalesce(a.with_stage, 0) AS VARCHAR)
        FROM quality_stages a FULL JOIN _stages_before b
             ON a.implementer_id = b.implementer_id AND a.subject = b.subject AND a.stage = b.stage
        LEFT JOIN implementers i ON i.implementer_id = coalesce(a.implementer_id, b.implementer_id)
        WHERE (coalesce(a.with_stage, 0) > 0) <> (coalesce(b.with_stage, 0) > 0)
    """)


# ---- reading the record (the command's output, the Novedades page, the feed) ------------------------

def read(con: duckdb.DuckDBPyConnection, since: datetime | None = None, state: str | None = None,
         implementer: str | None = None, supplier: str | None = None, indicator: str | None = None,
         kinds: tuple[str, ...] | None = None, limit: int | None = None) -> list[dict]:
    """Changes recorded at or after `since` (UTC), newest first, filtered by state code, implementer id,
    supplier (a part of a supplier's name, accents and case ignored) and indicator code; each a dict of
    the `changes` columns. [] for a database without the table."""
    if not con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'changes'").fetchall():
        return []
    where, params = ["TRUE"], []
    for column, value in (("recorded_at >= ?", since), ("state_code = ?", state), ("implementer_id = ?", implementer)):
        if value:
            where.append(column)
            params.append(value)
    if supplier:
        where.append("strip_accents(lower(coalesce(suppliers, ''))) LIKE '%' || strip_accents(lower(?)) || '%'")
        params.append(supplier)
    if indicator:
        where.append("kind IN ('flag_raised', 'flag_cleared') AND field = ?")
        params.append(indicator)
    if kinds:
        where.append(f"kind IN ({', '.join('?' for _ in kinds)})")
        params.extend(kinds)
    sql = (f"SELECT * FROM changes WHERE {' AND '.join(where)} "
           "ORDER BY recorded_at DESC, kind, subject_type, subject_id, field")
    if limit:
        sql += f" LIMIT {int(limit)}"
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def describe(change: dict) -> str:
    """One line of text for a change (the command's output, a feed entry's title)."""
    subject = f"{change['subject_type']} {change['subject_id']}"
    kind = change["kind"]
    if kind == "changed":
        return f"{subject}: {change['field']} {change['before'] or '—'} → {change['after'] or '—'}"
    if kind in ("flag_raised", "flag_cleared"):
        return f"{subject}: {change['field']} {'raised' if kind == 'flag_raised' else 'cleared'}"
    if kind in ("stage_started", "stage_stopped"):
        return f"{subject}: {'started' if kind == 'stage_started' else 'stopped'} publishing {change['field']}"
    return f"{subject}: {kind}"


def summary(rows: list[dict]) -> dict[str, int]:
    """{kind: count} of `rows`, in KINDS order."""
    counts = {k: 0 for k in KINDS}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    return {k: n for k, n in counts.items() if n}
