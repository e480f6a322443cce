"""Boilerplate is not publication: a value that says nothing about the process it is in counts as not
published in the completeness (quality_fields.published excludes it, quality_fields.discounted counts it,
and quality_boilerplate says which value was discounted and why).

Two rules, each applied only where it makes sense (FIELDS):
  repeated     a free text that is the same for at least REPEATED_SHARE of an implementer's processes that
               publish it (and at least REPEATED_MIN of them): a template sentence, not a justification
               (all 26 of Nuevo León's procurementMethodRationale are "Justificación para el método de
               compra elegido"). Criteria and submission details are left alone: one publisher's standard
               criteria are legitimately the same for every process.
  placeholder  a value made only of "no data" markers ("ND", "N/A", "Sin dato"...; the capture platform
               asks publishers to leave such fields blank instead): additionalProcurementCategories ["ND"].
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from core import rules

REPEATED_SHARE = 0.9
REPEATED_MIN = 10
PLACEHOLDERS = ("nd", "n/d", "n.d.", "na", "n/a", "n.a.", "s/d", "sd", "sin dato", "sin datos", "no disponible",
                "no aplica", "null", "none", "-", "--", ".", "0", "x", "xx", "xxx", "pendiente")


@dataclass(frozen=True)
class Rule:
    field: str  # quality/fields.csv id
    path: str  # JSON path of one value per process (no wildcard)
    repeated: bool  # the repetition rule applies (free text meant to be specific to the process)


FIELDS: tuple[Rule, ...] = (
    Rule("planning.rationale", "$.planning.rationale", True),
    Rule("tender.title", "$.tender.title", True),
    Rule("tender.description", "$.tender.description", True),
    Rule("tender.procurementMethodRationale", "$.tender.procurementMethodRationale", True),
    Rule("tender.additionalProcurementCategories", "$.tender.additionalProcurementCategories", False),
)


def discounted(con: duckdb.DuckDBPyConnection, docs=None) -> list[dict]:
    """One row per (implementer, field) with boilerplate: implementer_id, field, path, rule, value,
    subjects (processes whose value is discounted), with_value (processes publishing a value), share.
    One parse of each process document for every field (a multi-path json_extract), or none when `docs`
    (quality.documents.ProcessDocs) holds the values already."""
    paths = [r.path for r in FIELDS]
    if docs is None:
        cols = ", ".join(f"parts[{i + 1}]::VARCHAR AS v{i}" for i in range(len(FIELDS)))
        source = (f"p AS (SELECT implementer_id, json_extract(json, ?::VARCHAR[]) AS parts FROM processes pr "
                  f"WHERE {rules.is_current('pr')}), x AS (SELECT implementer_id, {cols} FROM p)")
        params: list = [paths]
    else:  # the same text, extracted in the shared pass (column names are ours)
        cols = ", ".join(f"{docs.values[path]} AS v{i}" for i, path in enumerate(paths))
        source = f"x AS (SELECT implementer_id, {cols} FROM {docs.table} WHERE is_current)"
        params = []
    unpivot = " UNION ALL ".join(f"SELECT implementer_id, {i} AS k, v{i} AS v FROM x" for i in range(len(FIELDS)))
    # the text of a value, with JSON quotes and brackets removed, lower case, whitespace collapsed
    norm = ("lower(trim(regexp_replace(regexp_replace(v, '^\\[|\\]$|\"', '', 'g'), '\\s+', ' ', 'g')))")
    rows = con.execute(
        f"""WITH {source},
                 u AS (SELECT implementer_id, k, v, {norm} AS t FROM ({unpivot})),
                 f AS (SELECT * FROM u WHERE t IS NOT NULL AND t NOT IN ('', '{{}}')),
                 m AS (SELECT implementer_id, k, count(*) AS n, mode(t) AS top FROM f GROUP BY ALL)
            SELECT f.implementer_id, f.k, any_value(m.n), any_value(m.top), count_if(f.t = m.top),
                   count_if(list_bool_and(list_transform(string_split(f.t, ','), lambda e: trim(e) IN ?))),
                   arg_max(f.v, f.t = m.top)
            FROM f JOIN m ON m.implementer_id IS NOT DISTINCT FROM f.implementer_id AND m.k = f.k
            GROUP BY ALL""", params + [list(PLACEHOLDERS)]).fetchall()
    out = []
    for impl, k, n, top, top_n, placeholder_n, raw in rows:
        rule = FIELDS[k]
        if placeholder_n:
            out.append({"implementer_id": impl, "field": rule.field, "path": rule.path[2:], "rule": "placeholder",
                        "value": _text(raw) if _placeholder(top) else None, "subjects": placeholder_n, "with_value": n, "share": placeholder_n / n})
        if rule.repeated and not _placeholder(top) and n >= REPEATED_MIN and top_n / n >= REPEATED_SHARE:
            out.append({"implementer_id": impl, "field": rule.field, "path": rule.path[2:], "rule": "repeated",
                        "value": _text(raw), "subjects": top_n, "with_value": n, "share": top_n / n})
    return sorted(out, key=lambda r: (r["implementer_id"] is None, r["implementer_id"] or "", r["field"]))


def _placeholder(text: str | None) -> bool:
    return all(e.strip() in PLACEHOLDERS for e in (text or "").split(","))


def _text(raw: str | None) -> str | None:
    import json

    try:
        value = json.loads(raw) if raw is not None else None
    except ValueError:
        return raw
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
