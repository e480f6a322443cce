"""Indicator computability: which red flags each implementer's data allows, from the coverage of the
fields every indicator needs (its metadata), and how many subjects the flags table marks computable.

Required fields come in two notations, both read here: a contract table column (`processes.tender_end`,
`bids.tenderer_ids`) or an OCDS/OC4IDS JSON path (`tender.numberOfTenderers`, `bids.details.status`).
Metadata comes from metrics.catalogue, the one list of indicators.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from metrics import catalogue
from quality.fieldpaths import PathError, from_dotted, presence_plan, present_sql, top_keys

OCID_TABLES = ("parties", "bids", "awards", "contracts", "amendments", "milestones", "transactions")
PROJECT_TABLES = ("project_locations", "project_processes")


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    name_es: str
    name_en: str
    level: str
    required_fields: tuple[str, ...]
    source: str  # "registry": read from metrics.catalogue (the value quality_indicators.meta_source keeps)


def indicators() -> list[IndicatorInfo]:
    """Every indicator's metadata, from metrics.catalogue."""
    return [IndicatorInfo(ind.meta.code, ind.meta.name_es, ind.meta.name_en, ind.meta.level,
                          tuple(ind.meta.required_fields), "registry")
            for ind in catalogue.all_indicators()]


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for t, c, ty in con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND table_schema = 'main'").fetchall():
        out.setdefault(t, {})[c] = ty
    return out


def _nonempty(col: str, type_: str) -> str:
    if type_.endswith("[]"):
        return f"coalesce(len({col}), 0) > 0"
    if type_ == "VARCHAR":
        return f"coalesce(trim({col}) <> '', false)"
    return f"{col} IS NOT NULL"


def field_sql(required: str, subject: str, columns: dict[str, dict[str, str]]) -> tuple[str, list] | None:
    """(SQL boolean over alias s of processes/projects, params) for one required field; None if unreadable.

    The straightforward form (a correlated EXISTS per child-table field): `subject_sql` computes the same
    booleans with one aggregation per child table, which is what `compute` runs."""
    found = _field(required, subject, columns)
    if found is None:
        return None
    kind, a, b = found
    if kind == "own":
        return a, []
    if kind == "child":
        key = _KEY[subject]
        return f'EXISTS (SELECT 1 FROM "{a}" t WHERE t.{key} = s.{key} AND {b})', []
    return present_sql(a, col="s.json")


_KEY = {"process": "ocid", "project": "project_id"}
_BASE = {"process": "processes", "project": "projects"}


def _field(required: str, subject: str, columns: dict[str, dict[str, str]]) -> tuple[str, str, str] | None:
    """How one required field is read: ("own", test over s, ""), ("child", table, test over t) or
    ("json", path in quality/fieldpaths.py's language, ""); None if unreadable."""
    parts = required.split(".")
    if len(parts) == 2 and parts[0] in columns and parts[1] in columns[parts[0]]:
        table, col = parts
        if table == _BASE[subject]:
            return "own", _nonempty(f's."{col}"', columns[table][col]), ""
        if (subject == "process" and table in OCID_TABLES) or (subject == "project" and table in PROJECT_TABLES):
            # table and column names come from information_schema, never from input
            return "child", table, _nonempty(f't."{col}"', columns[table][col])
        return None
    try:
        path = from_dotted(required)
        present_sql(path)  # checks the grammar
    except PathError:
        return None
    return "json", path, ""


def json_paths(subject: str, columns: dict[str, dict[str, str]]) -> list[str]:
    """The JSON paths (quality/fieldpaths.py) that `compute` tests in the documents of `subject`."""
    chosen = [i for i in indicators() if (i.level == "project") == (subject == "project")]
    out = []
    for f in sorted({f for i in chosen for f in i.required_fields}):
        found = _field(f, subject, columns)
        if found is not None and found[0] == "json" and found[1] not in out:
            out.append(found[1])
    return out


def subject_sql(subject: str, fields: list[str], columns: dict[str, dict[str, str]], docs=None
                ) -> tuple[str, list, dict[str, str]]:
    """(SQL, params, {field: alias}): one row per process or project with implementer_id and one boolean
    column per readable field (alias), true when the subject publishes it.

    Each child table is read once, aggregated to one row of booleans per key (bool_or of the field tests,
    the same as an EXISTS per field), and joined; the JSON tests read top-level keys extracted once per
    row and share the lists they go through (quality.fieldpaths.presence_plan). Only booleans reach
    the joins, so memory stays small whatever the number of subjects. With `docs`
    (quality.documents.ProcessDocs, processes only) the JSON tests are read from the refresh's shared pass
    over the documents, joined by ocid."""
    key, base = _KEY[subject], _BASE[subject]
    own, params, readable = [], [], {}
    by_table: dict[str, list[tuple[str, str]]] = {}
    json_fields: list[tuple[str, str]] = []
    for n, f in enumerate(fields):
        found = _field(f, subject, columns)
        if found is None:
            continue
        alias = f"x{n}"
        readable[f] = alias
        kind, a, b = found
        if kind == "own":
            own.append(f"{a} AS {alias}")
        elif kind == "child":
            by_table.setdefault(a, []).append((alias, b))
        else:
            json_fields.append((alias, a))
    keys = sorted(set().union(*(top_keys(path) for _, path in json_fields))) if json_fields else []
    roots = {k: f"r{i}" for i, k in enumerate(keys)}
    plan = presence_plan([path for _, path in json_fields], col="json", roots=roots)
    own_aliases = [o.rsplit(" AS ", 1)[1] for o in own]
    carried = "".join(f", {a}" for a in [key] + own_aliases)
    ctes, joins, outer = [], [], []
    if json_fields and docs is not None and subject == "process":
        # the table and column names are ours; every process is in docs (current or not), under its ocid, the
        # key of processes (a view when `obras quality` computes in memory: no rowid)
        tests = "".join(f", d.{docs.presence[path]} AS {a}" for a, path in json_fields)
        ctes.append(f"j AS (SELECT s.implementer_id{''.join(', ' + o for o in [f's.{key}'] + own)}{tests} "
                    f"FROM {base} s JOIN {docs.table} d ON d.ocid = s.{key})")
    elif keys:  # one parse of the document per row; the paths then share their lists (presence_plan)
        ctes.append(f"x AS (SELECT s.implementer_id, s.json{''.join(', ' + o for o in [f's.{key}'] + own)}, "
                    f"json_extract(s.json, ?::VARCHAR[]) AS parts FROM {base} s)")
        extracted = "".join(f", parts[{i + 1}] AS {alias}" for i, alias in enumerate(roots.values()))
        ctes.append(f"r AS (SELECT implementer_id, json{carried}{extracted} FROM x)")
        ctes.append(plan.list_ctes("r"))
        ctes.append(f"v AS (SELECT *{''.join(f', {q} AS {a}' for a, q, _ in plan.values)} FROM l)")
        tests = "".join(f", {q} AS {a}" for (a, _), (q, _) in zip(json_fields, plan.tests))
        ctes.append(f"j AS (SELECT implementer_id{carried}{tests} FROM v)")
        params += [[f'$."{k}"' for k in keys]] + [p for *_, ps in plan.lists for p in ps] \
            + [p for *_, ps in plan.values for p in ps]
    else:
        ctes.append(f"j AS (SELECT s.implementer_id, s.{key}{''.join(', ' + o for o in own)} FROM {base} s)")
    for i, (table, tests) in enumerate(sorted(by_table.items())):
        # table names come from information_schema (via _field), never from input; no parameters here
        ctes.append(f'c{i} AS (SELECT t.{key} AS k, {", ".join(f"bool_or({t}) AS {a}" for a, t in tests)} '
                    f'FROM "{table}" t WHERE t.{key} IS NOT NULL GROUP BY t.{key})')
        joins.append(f"LEFT JOIN c{i} ON c{i}.k = j.{key}")
        outer += [f"coalesce(c{i}.{a}, false) AS {a}" for a, _ in tests]
    select = ["j.implementer_id"] + [f"j.{a}" for a in own_aliases + [a for a, _ in json_fields]] + outer
    return f"WITH {', '.join(ctes)} SELECT {', '.join(select)} FROM j {' '.join(joins)}", params, readable


def compute(con: duckdb.DuckDBPyConnection, implementers: list[str | None], docs=None) -> None:
    """Rewrite quality_indicators for `implementers`. `docs` (quality.documents.ProcessDocs): the processes'
    JSON tests are read from the refresh's shared pass over the documents."""
    from quality.store import replace_rows

    columns = _columns(con)
    infos = indicators()
    rows = []
    flags = _flag_counts(con)
    for subject in ("process", "project"):
        chosen = [i for i in infos if (i.level == "project") == (subject == "project")]
        if not chosen:
            continue
        fields = sorted({f for i in chosen for f in i.required_fields})
        per_subject, params, readable = subject_sql(subject, fields, columns, docs)
        counts = ["count(*) AS n"] + [f"count_if({alias}) AS {alias}" for alias in readable.values()]
        for k, info in enumerate(chosen):
            # fields of the other level (a project table for a process indicator) cannot be read here
            needed = [readable[f] for f in info.required_fields if f in readable]
            if needed:
                counts.append(f"count_if({' AND '.join(needed)}) AS all{k}")
        sql = f"WITH b AS ({per_subject}) SELECT implementer_id, {', '.join(counts)} FROM b GROUP BY implementer_id"
        by_impl = {r["implementer_id"]: r for r in con.execute(sql, params).df().to_dict("records")}
        for impl in implementers:
            r = by_impl.get(impl, {})
            n = int(r.get("n") or 0)
            for k, info in enumerate(chosen):
                per_field = {f: (int(r.get(readable[f]) or 0) / n if n else 0.0) if f in readable else None
                             for f in info.required_fields}
                known = [v for v in per_field.values() if v is not None]
                coverage = (int(r.get(f"all{k}") or 0) / n) if n and f"all{k}" in r else None
                missing = [f for f, v in per_field.items() if v == 0.0]
                if coverage:
                    by_fields = "computable"
                elif known and not missing:
                    by_fields = "partial"
                elif known:
                    by_fields = "not_computable"
                else:
                    by_fields = "unknown"
                subjects, computable, flagged = flags.get((info.code, impl), (0, 0, 0)) \
                    if info.code in flags["_codes"] else (None, None, None)
                rows.append({"implementer_id": impl, "indicator": info.code, "name_es": info.name_es,
                             "name_en": info.name_en, "level": info.level,
                             "required_fields": list(info.required_fields), "subjects": n,
                             "coverage": coverage, "min_field_coverage": min(known) if known else None,
                             "missing_fields": missing, "by_fields": by_fields, "flag_subjects": subjects,
                             "flag_computable": computable, "flag_flagged": flagged, "meta_source": info.source})
    replace_rows(con, "quality_indicators", rows)


def _flag_counts(con: duckdb.DuckDBPyConnection) -> dict:
    """{(indicator, implementer): (subjects, computable, flagged)} and "_codes": indicators in flags."""
    rows = con.execute(
        """WITH f AS (
             SELECT f.indicator, f.subject_type, f.subject_id, f.computable, f.flagged,
                    CASE WHEN f.ocid IS NOT NULL THEN [(SELECT p.implementer_id FROM processes p WHERE p.ocid = f.ocid)]
                         WHEN f.subject_type = 'ocid' THEN [(SELECT p.implementer_id FROM processes p
                                                               WHERE p.ocid = f.subject_id)]
                         WHEN f.subject_type = 'project' THEN [(SELECT j.implementer_id FROM projects j
                                                                  WHERE j.project_id = f.subject_id)]
                         WHEN f.subject_type = 'buyer' THEN (SELECT list(DISTINCT p.implementer_id) FROM processes p
                                                              WHERE p.buyer_id = f.subject_id)
                         WHEN f.subject_type = 'procuring_entity' THEN (
                              SELECT list(DISTINCT p.implementer_id) FROM processes p
                              WHERE p.procuring_entity_id = f.subject_id)
                    END AS impls
             FROM flags f),
           u AS (SELECT indicator, subject_type, subject_id, computable, flagged, unnest(impls) AS implementer_id
                 FROM f WHERE impls IS NOT NULL AND len(impls) > 0),
           -- one row per distinct subject, then plain counts: the same numbers as three count(DISTINCT ...)
           -- (a subject counts as computable or flagged when any of its rows is), with one hash table
           s AS (SELECT indicator, implementer_id, subject_type, subject_id,
                        bool_or(computable) AS computable, bool_or(flagged) AS flagged
                 FROM u GROUP BY indicator, implementer_id, subject_type, subject_id)
           SELECT indicator, implementer_id, count(*), count_if(computable), count_if(flagged)
           FROM s GROUP BY indicator, implementer_id""").fetchall()
    out: dict = {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}
    out["_codes"] = {r[0] for r in con.execute("SELECT DISTINCT indicator FROM flags").fetchall()}
    return out
