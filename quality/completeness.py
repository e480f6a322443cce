"""Completeness: per implementer and stage, the share of processes (compiled releases) or projects
that publish each field of quality/fields.csv, computed in one DuckDB scan per subject kind."""
from __future__ import annotations

import duckdb
import pandas as pd

from core import rules
from quality import boilerplate
from quality.commitments import CommitmentBook
from quality.fieldpaths import presence_plan, top_keys
from quality.fields import Field, fields, stages
from quality.store import replace_rows

TABLE = {"process": "processes", "project": "projects"}


ID = {"process": "ocid", "project": "project_id"}


EXAMPLES = 3  # ids kept per field of subjects that publish the stage but not the field (the report card)


def subject_paths(subject: str) -> list[str]:
    """The paths field_counts tests for `subject`: each stage's anchor, then each field's path."""
    return [s.anchor for s in stages() if s.subject == subject] + [f.path for f in fields() if f.subject == subject]


def _counts(subject: str, stage_col: list[str], field_col: list[str], examples: int) -> list[str]:
    """The aggregates of field_counts over per-subject booleans (columns stage_col, field_col, in the order of
    subject_paths) and the subject id (column id)."""
    subject_stages = [s for s in stages() if s.subject == subject]
    subject_fields = [f for f in fields() if f.subject == subject]
    stage_index = {s.stage: i for i, s in enumerate(subject_stages)}
    counts = ["count(*) AS n"]
    counts += [f'count_if({stage_col[i]}) AS "s:{name}"' for name, i in stage_index.items()]
    counts += [f'count_if({stage_col[stage_index[f.stage]]} AND {field_col[j]}) AS "f:{f.field}"'
               for j, f in enumerate(subject_fields)]
    if examples:
        counts += [f'arg_min(id, id, {int(examples)}) FILTER (WHERE {stage_col[stage_index[f.stage]]} '
                   f'AND NOT {field_col[j]}) AS "x:{f.field}"' for j, f in enumerate(subject_fields)]
    return counts


def field_counts(con: duckdb.DuckDBPyConnection, subject: str, impl: str | None = None, one: bool = False,
                 examples: int = 0, docs=None) -> pd.DataFrame:
    """Per implementer: n (subjects), s:<stage> (subjects publishing the stage) and f:<field>
    (subjects publishing the stage and the field).

    The top-level keys the fields read are extracted once per row with one multi-path json_extract
    (one parse of the document); then each array or object the paths go through is listed once and
    each of its elements parsed once for every key read below it (quality.fieldpaths.presence_plan),
    rather than once per field. With `docs` (quality.documents.ProcessDocs, processes only) the tests
    were made in the refresh's shared pass over the documents and are only counted here.

    With one=True, only the implementer `impl` is read; with examples=N, each field also gets "x:<field>":
    up to N ids (ocid or project_id, smallest first) of subjects that publish the stage but not the field."""
    n_stages = len([s for s in stages() if s.subject == subject])
    paths = subject_paths(subject)
    if docs is not None and subject == "process":
        cols = [docs.presence[p] for p in paths]
        counts = _counts(subject, cols[:n_stages], cols[n_stages:], examples)
        where = " AND implementer_id IS NOT DISTINCT FROM ?" if one else ""
        # the table and column names are ours; the implementer is a parameter
        return con.execute(f"SELECT implementer_id, {', '.join(counts)} FROM "
                           f"(SELECT *, ocid AS id FROM {docs.table} WHERE is_current{where}) GROUP BY implementer_id",
                           [impl] if one else []).df()
    keys = sorted(set().union(*(top_keys(p) for p in paths)))
    roots = {k: f"r{i}" for i, k in enumerate(keys)}
    plan = presence_plan(paths, roots=roots)
    tests = [sql for sql, _ in plan.tests]  # tests take no parameters: those are in lists and values
    select = [f"{sql} AS a{i}" for i, sql in enumerate(tests[:n_stages])]
    select += [f"{sql} AS f{j}" for j, sql in enumerate(tests[n_stages:])]
    counts = _counts(subject, [f"a{i}" for i in range(n_stages)], [f"f{j}" for j in range(len(paths) - n_stages)],
                     examples)
    extracted = "".join(f", parts[{i + 1}] AS {alias}" for i, alias in enumerate(roots.values()))
    # table name from our own constant; every value is a parameter (in the order the ? appear);
    # each step keeps the columns before it (values and tests may read roots or lists)
    where = " WHERE implementer_id IS NOT DISTINCT FROM ?" if one else " WHERE TRUE"
    if subject == "process":  # superseded drafts are no part of what an implementer publishes now
        where += f" AND {rules.is_current(TABLE[subject])}"
    sql = (f"WITH x AS (SELECT implementer_id, {ID[subject]} AS id, json, json_extract(json, ?::VARCHAR[]) AS parts "
           f"FROM {TABLE[subject]}{where}), "
           f"r AS (SELECT implementer_id, id, json{extracted} FROM x), "
           f"{plan.list_ctes('r')}, "
           f"v AS (SELECT *{''.join(f', {q} AS {a}' for a, q, _ in plan.values)} FROM l), "
           f"b AS (SELECT implementer_id, id, {', '.join(select)} FROM v) "
           f"SELECT implementer_id, {', '.join(counts)} FROM b GROUP BY implementer_id")
    params = [[f'$."{k}"' for k in keys]] + ([impl] if one else []) + [p for *_, ps in plan.lists for p in ps] \
        + [p for *_, ps in plan.values for p in ps]
    return con.execute(sql, params).df()


def _ids(value) -> list[str]:
    """The example ids of an aggregate cell (a list, a numpy array, or null when none is missing)."""
    if value is None or not hasattr(value, "__len__"):  # null: pandas gives None, NaN or NA
        return []
    return [str(x) for x in (value.tolist() if hasattr(value, "tolist") else value)]


def _measured(stage_fields: list[Field], committed: set[str]) -> list[Field]:
    chosen = [f for f in stage_fields if f.field in committed]
    return chosen or stage_fields


# stages a subject reaches late in its life: publishing none of them is "not yet", not "never published",
# as long as the implementer publishes subjects of that kind at all
LATE_STAGES = frozenset({"implementation", "completion"})


def stage_score(completeness: float | None, committed: bool, stage: str, subjects: int) -> float | None:
    """What a stage adds to the completeness component: its completeness when published; 0 when committed
    and not published at all (what was promised and never published counts); None (left out) when not
    committed, or a late stage no subject has reached yet while the implementer publishes such subjects."""
    if not committed:
        return None
    if completeness is not None:
        return completeness
    if stage in LATE_STAGES and subjects:
        return None
    return 0.0


def compute(con: duckdb.DuckDBPyConnection, implementers: list[str | None], book: CommitmentBook,
            docs=None) -> dict:
    """Rewrite quality_stages, quality_fields and quality_boilerplate for `implementers`; return
    {implementer: completeness}: the mean of stage_score over the committed stages (boilerplate values
    count as not published, quality/boilerplate.py). quality_fields.examples keeps EXAMPLES ids of subjects
    missing each field, so the report card reads them instead of parsing the documents again.
    `docs` (quality.documents.ProcessDocs): the processes' tests are read from the refresh's shared pass."""
    counts = {subject: {r["implementer_id"]: r for r in field_counts(con, subject, examples=EXAMPLES, docs=docs)
                        .to_dict("records")}
              for subject in TABLE}
    found = boilerplate.discounted(con, docs)
    cut: dict[tuple, int] = {}
    for b in found:
        key = (b["implementer_id"], b["field"])
        cut[key] = max(cut.get(key, 0), b["subjects"])  # the rules' subjects overlap at most
    replace_rows(con, "quality_boilerplate", found)
    stage_rows, field_rows, result = [], [], {}
    for impl in implementers:
        commitment = book.for_implementer(impl)
        committed_fields = set(commitment.fields)
        committed_scores = []
        for s in stages():
            row = counts[s.subject].get(impl) or {}
            n = int(row.get("n") or 0)
            with_stage = int(row.get(f"s:{s.stage}") or 0)
            stage_fields = [f for f in fields() if f.stage == s.stage]
            shares = {}
            for f in stage_fields:
                held = int(row.get(f"f:{f.field}") or 0)
                discount = min(held, cut.get((impl, f.field), 0))
                published = held - discount
                share = published / with_stage if with_stage else None
                shares[f.field] = share
                field_rows.append({"implementer_id": impl, "subject": s.subject, "stage": s.stage, "field": f.field,
                                   "path": f.path, "with_stage": with_stage, "published": published,
                                   "discounted": discount, "share": share,
                                   "committed": f.field in committed_fields,
                                   "examples": _ids(row.get(f"x:{f.field}"))})
            measured = _measured(stage_fields, committed_fields)
            completeness = (sum(shares[f.field] for f in measured) / len(measured)) if with_stage else None
            committed = s.stage in commitment.stages
            scored = stage_score(completeness, committed, s.stage, n)
            stage_rows.append({"implementer_id": impl, "subject": s.subject, "stage": s.stage, "subjects": n,
                               "with_stage": with_stage, "completeness": completeness, "fields": len(measured),
                               "committed": committed, "scored": scored})
            if scored is not None:
                committed_scores.append(scored)
        result[impl] = sum(committed_scores) / len(committed_scores) if committed_scores else None
    replace_rows(con, "quality_stages", stage_rows)
    replace_rows(con, "quality_fields", field_rows)
    return result

