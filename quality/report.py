"""Reading the quality tables back: per implementer detail, the ranking, the history, and the full
report as plain data. Used by the command line, the export and the dashboard's queries."""
from __future__ import annotations

import json
from typing import Any

import duckdb
import pandas as pd

from quality.checks import CHECKS
from quality.fields import fields, stages
from quality.score import WEIGHTS
from quality.tables import definitions

MAX_EXAMPLES = 3
_IMPL = "implementer_id IS NOT DISTINCT FROM ?"


def available(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the quality tables exist and have been computed."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_schema = 'main' AND table_name = 'quality_scores'").fetchall()[0][0]
    if not found:
        return False
    return con.execute("SELECT count(*) FROM quality_runs").fetchall()[0][0] > 0


def _examples(value: Any) -> list[dict]:
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return value if isinstance(value, list) else []


def plain_id(value: Any) -> str | None:
    """An implementer id as stored: a string, or None for unassigned data (pandas may hand back NaN,
    which DuckDB would then try to cast to a number)."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def scores(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The ranking: one row per implementer, best first; publishers outside the pilot (in_pilot false) and
    unassigned data (implementer_id None) after, with no rank."""
    df = con.execute(
        """SELECT q.rank, q.implementer_id, coalesce(q.name, i.name) AS name, st.name AS state, q.processes,
                  q.projects, q.score, q.validity, q.completeness, q.coherence, q.timeliness, q.commitment,
                  q.components_used, c.source AS commitment_source, q.load_date, q.as_of, q.validation,
                  i.in_pilot IS NOT FALSE AS in_pilot
           FROM quality_scores q LEFT JOIN implementers i ON i.implementer_id = q.implementer_id
                LEFT JOIN states st ON st.state_code = coalesce(q.state_code, i.state_code)
                LEFT JOIN quality_commitments c ON c.implementer_id IS NOT DISTINCT FROM q.implementer_id
           ORDER BY q.implementer_id IS NULL, q.rank NULLS LAST, q.implementer_id""").df()
    df["implementer_id"] = pd.Series([plain_id(v) for v in df["implementer_id"]], index=df.index, dtype=object)
    return df


def stage_table(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    """Completeness per stage, in the order of quality/stages.csv."""
    df = con.execute(f"SELECT * FROM quality_stages WHERE {_IMPL}", [impl]).df()
    order = {s.stage: i for i, s in enumerate(stages())}
    return df.sort_values("stage", key=lambda s: s.map(order)).reset_index(drop=True)


def field_table(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    """Every field's share, in the order of quality/fields.csv, with its labels."""
    df = con.execute(f"SELECT * FROM quality_fields WHERE {_IMPL}", [impl]).df()
    meta = pd.DataFrame([{"field": f.field, "label_es": f.label_es, "label_en": f.label_en, "basis": f.basis,
                          "order": i} for i, f in enumerate(fields())])
    return df.merge(meta, on="field", how="left").sort_values("order").drop(columns="order").reset_index(drop=True)


def check_table(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    """Each coherence check with its counts, names and failing examples (a list)."""
    df = con.execute(f"SELECT * FROM quality_checks WHERE {_IMPL}", [impl]).df()
    names = {c.check_id: (c.name_es, c.name_en) for c in CHECKS}
    df["name_es"] = df["check_id"].map(lambda c: names.get(c, (c, c))[0])
    df["name_en"] = df["check_id"].map(lambda c: names.get(c, (c, c))[1])
    df["examples"] = df["examples"].map(_examples)
    order = {c.check_id: i for i, c in enumerate(CHECKS)}
    return df.sort_values("check_id", key=lambda s: s.map(order)).reset_index(drop=True)


def schema_error_table(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    """Schema errors grouped by standard, kind and path over every source, with up to 3 examples."""
    df = con.execute(
        f"""SELECT standard, item_kind, validator, path, sum(errors) AS errors, sum(items) AS items,
                   list(examples ORDER BY source_id) AS examples
            FROM quality_schema_errors WHERE {_IMPL}
            GROUP BY standard, item_kind, validator, path ORDER BY errors DESC, validator, path""", [impl]).df()
    df["examples"] = df["examples"].map(
        lambda lists: [e for raw in (lists if lists is not None else []) for e in _examples(raw)][:MAX_EXAMPLES])
    return df


def boilerplate_table(con: duckdb.DuckDBPyConnection, impl: str | None, every: bool = False) -> pd.DataFrame:
    """Values that were present but counted as not published (quality/boilerplate.py), with why."""
    cols = "implementer_id, field, path, rule, value, subjects, with_value, share"
    try:
        if every:
            return con.execute(f"SELECT {cols} FROM quality_boilerplate ORDER BY implementer_id NULLS LAST, field"
                               ).df()
        return con.execute(f"SELECT {cols} FROM quality_boilerplate WHERE {_IMPL} ORDER BY field", [impl]).df()
    except duckdb.CatalogException:  # computed by an older version
        return pd.DataFrame(columns=cols.split(", "))


def validation_table(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    """Items held, validated and valid per standard and kind, with the schema used."""
    return con.execute(
        f"""SELECT standard, item_kind, string_agg(DISTINCT status, '/') AS status,
                   any_value(schema_origin) AS schema_origin, sum(items) AS items,
                   sum(items_validated) AS items_validated, sum(items_valid) AS items_valid, sum(errors) AS errors,
                   sum(values_checked) AS values_checked, sum(values_invalid) AS values_invalid,
                   1 - sum(values_invalid) / nullif(sum(values_checked), 0) AS values_valid_share
            FROM quality_validation WHERE {_IMPL} GROUP BY standard, item_kind ORDER BY standard, item_kind""",
        [impl]).df()


def timeliness_table(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    df = con.execute(f"SELECT * FROM quality_timeliness WHERE {_IMPL}", [impl]).df()
    df["examples"] = df["examples"].map(_examples)
    return df


def freshness_row(con: duckdb.DuckDBPyConnection, impl: str | None) -> dict:
    rows = con.execute(f"SELECT * FROM quality_freshness WHERE {_IMPL}", [impl]).df().to_dict("records")
    return rows[0] if rows else {}


def commitment_row(con: duckdb.DuckDBPyConnection, impl: str | None) -> dict:
    rows = con.execute(f"SELECT * FROM quality_commitments WHERE {_IMPL}", [impl]).df().to_dict("records")
    return rows[0] if rows else {}


def indicator_table(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    return con.execute(f"SELECT * FROM quality_indicators WHERE {_IMPL} ORDER BY level, indicator", [impl]).df()


def corrections_table(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    """Automatic fixes the loader had to make to this implementer's data, by rule."""
    return con.execute(
        f"""WITH c AS (
              SELECT c.rule, c.field, coalesce(p.implementer_id, j.implementer_id) AS implementer_id,
                     c.ocid, c.project_id
              FROM corrections c LEFT JOIN processes p ON p.ocid = c.ocid
                   LEFT JOIN projects j ON j.project_id = c.project_id
              WHERE c.ocid IS NOT NULL OR c.project_id IS NOT NULL)
            SELECT rule, count(*) AS corrections, count(DISTINCT coalesce(ocid, project_id)) AS subjects
            FROM c WHERE {_IMPL} GROUP BY rule ORDER BY corrections DESC""", [impl]).df()


def history_table(con: duckdb.DuckDBPyConnection, impl: str | None = None, every: bool = True) -> pd.DataFrame:
    """Scores per load date (every implementer, or one when every=False)."""
    if every:
        return con.execute("SELECT * FROM quality_history ORDER BY load_date, implementer_id").df()
    return con.execute(f"SELECT * FROM quality_history WHERE {_IMPL} ORDER BY load_date", [impl]).df()


def runs_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * FROM quality_runs").df()


def _plain(value: Any) -> Any:
    """JSON-friendly values (dates as ISO strings, NaN as null, numpy to Python)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return _plain(value.tolist())
    if hasattr(value, "isoformat"):
        try:
            if pd.isna(value):
                return None
        except (TypeError, ValueError):
            pass
        return value.isoformat()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _records(df: pd.DataFrame) -> list[dict]:
    return [_plain(r) for r in df.to_dict("records")]


def full_report(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the quality tables hold, per implementer, as plain JSON-able data."""
    ranking = scores(con)
    out: dict[str, Any] = {
        "weights": WEIGHTS,
        "runs": _records(runs_table(con)),
        "implementers": [],
        "history": _records(history_table(con)),
        "definitions": definitions(),
    }
    for row in _records(ranking):
        impl = row["implementer_id"]
        out["implementers"].append({
            **row,
            "validation": _records(validation_table(con, impl)),
            "schema_errors": _records(schema_error_table(con, impl)),
            "stages": _records(stage_table(con, impl)),
            "fields": _records(field_table(con, impl)),
            "checks": _records(check_table(con, impl)),
            "timeliness": _records(timeliness_table(con, impl)),
            "freshness": _plain(freshness_row(con, impl)),
            "commitment": _plain(commitment_row(con, impl)),
            "indicators": _records(indicator_table(con, impl)),
            "corrections": _records(corrections_table(con, impl)),
        })
    return out
