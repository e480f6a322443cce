"""One pass over the process documents for every quality part that reads them.

Completeness (the fields of quality/fields.csv), boilerplate (quality/boilerplate.py), the coherence checks'
facts (quality/checks.py) and computability (the indicators' JSON fields) each read every process document
in a scan of its own. processes.json is zstd-compressed text of about 8.5 KB per process, so at a million
processes each scan spent most of its time decompressing and parsing the same bytes again. `build` reads
each document once, with one multi-path json_extract, and keeps only what the parts aggregate: one boolean
per path tested (a path two parts test is tested once), the text of the boilerplate values and the checks'
facts, in a temporary table of small columns. The parts read that table when the refresh gives it to them,
and make their own pass otherwise, with the same SQL pieces (tests/test_quality_scale.py compares both).
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from core import rules
from quality.fieldpaths import presence_plan, top_keys

TABLE = "quality_process_docs"  # a temporary table: gone with the connection, dropped after the refresh


@dataclass(frozen=True)
class ProcessDocs:
    """The temporary table `build` wrote: one row per process (superseded drafts included, is_current says
    which), with implementer_id, ocid, method, is_current, and the columns below."""

    table: str
    presence: dict[str, str]  # field path (quality/fieldpaths.py) -> boolean column: the field is published
    values: dict[str, str]  # JSONPath of a value -> VARCHAR column: its JSON text (json_extract(...)::VARCHAR)


def build(con: duckdb.DuckDBPyConnection) -> ProcessDocs:
    """Write the temporary table of what completeness, boilerplate, the checks and computability read from
    the process documents, with one parse of each document; return where each thing is."""
    from quality import boilerplate, checks, completeness, computability

    presence = list(dict.fromkeys(completeness.subject_paths("process")
                                  + computability.json_paths("process", computability._columns(con))))
    values = [r.path for r in boilerplate.FIELDS]
    keys = sorted(set().union(*(top_keys(p) for p in presence)) | set(checks.FACT_KEYS))
    roots = {k: f"r{i}" for i, k in enumerate(keys)}
    plan = presence_plan(presence, roots=roots)
    tests = [sql for sql, _ in plan.tests]  # tests take no parameters: those are in lists and values
    extracted = "".join(f", parts[{i + 1}] AS {alias}" for i, alias in enumerate(roots.values()))
    extracted += "".join(f", parts[{len(keys) + i + 1}]::VARCHAR AS b{i}" for i in range(len(values)))
    facts = checks.facts_refs(*(roots[k] for k in checks.FACT_KEYS))
    carried = "implementer_id, ocid, method, is_current"
    # every name here is ours; the paths are parameters, in the order the ? appear
    sql = (f"CREATE OR REPLACE TEMPORARY TABLE {TABLE} AS "
           f"WITH x AS (SELECT implementer_id, ocid, method, {rules.is_current('pr')} AS is_current, "
           f"json, json_extract(json, ?::VARCHAR[]) AS parts FROM processes pr), "
           f"r AS (SELECT {carried}, json{extracted} FROM x), "
           f"{plan.list_ctes('r')}, "
           f"v AS (SELECT *{''.join(f', {q} AS {a}' for a, q, _ in plan.values)} FROM l), "
           f"f AS (SELECT {carried}{''.join(f', {t} AS p{i}' for i, t in enumerate(tests))}"
           f"{''.join(f', b{i}' for i in range(len(values)))}, {facts} FROM v) "
           f"SELECT {carried}{''.join(f', p{i}' for i in range(len(tests)))}"
           f"{''.join(f', b{i}' for i in range(len(values)))}, {checks.FACTS} FROM f")
    params = [[f'$."{k}"' for k in keys] + values] + [p for *_, ps in plan.lists for p in ps] \
        + [p for *_, ps in plan.values for p in ps]
    con.execute(sql, params)
    return ProcessDocs(TABLE, {p: f"p{i}" for i, p in enumerate(presence)},
                       {p: f"b{i}" for i, p in enumerate(values)})


def drop(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the temporary table (its rows are only needed during the refresh)."""
    con.execute(f"DROP TABLE IF EXISTS temp.{TABLE}")
