"""Indicators computed on a load's staging database (attached, chosen with USE) are the ones computed on a
plain connection to the same data: every part of the refresh reads the staging database, including
Cardinal's pass, which runs on a second connection."""
from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from demo.generate import generate
from loaders.pipeline import load
from obras.update import update
from core.database import staging
from metrics.compute import refresh

FLAGS = "SELECT indicator, subject_type, subject_id, ocid, value, flagged, computable, detail FROM flags"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("staging-metrics")
    generate(folder / "demo", processes=400, seed=11)
    db = folder / "obras.duckdb"
    load([str(folder / "demo")], db=db)
    return db


def _errors(runs) -> dict:
    return {row["indicator"]: row["error"] for _, row in runs.iterrows() if row.get("error")}


def _rounded(value):
    # DuckDB's parallel sums may differ in the last digits from one run to the next
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _flags(db) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(FLAGS).fetchall()
    finally:
        con.close()
    return sorted(((*(_rounded(v) for v in row[:-1]), _detail(row[-1])) for row in rows), key=repr)


def _detail(text):
    try:
        return json.dumps(_rounded(json.loads(text)), sort_keys=True)
    except (TypeError, ValueError):  # no detail, or not JSON: compared as it is
        return text


def test_every_indicator_runs_inside_a_loads_staging_database(loaded, tmp_path):
    db = tmp_path / "staged.duckdb"
    shutil.copyfile(loaded, db)
    with staging(db) as con:
        runs = refresh(con)
    assert _errors(runs) == {}

    plain = tmp_path / "plain.duckdb"
    shutil.copyfile(loaded, plain)
    con = duckdb.connect(str(plain))
    try:
        assert _errors(refresh(con)) == {}
    finally:
        con.close()

    staged_flags, plain_flags = _flags(db), _flags(plain)
    # Cardinal's indicators (R...) are among them: the pass on the second connection found its tables
    assert any(row[0].startswith("R") for row in plain_flags)
    assert staged_flags == plain_flags


def test_a_load_with_its_refresh_writes_cardinals_flags(loaded, tmp_path, capfd):
    db = tmp_path / "with-refresh.duckdb"
    update([str(loaded.parent / "demo")], db=db)
    assert "failed" not in capfd.readouterr().err
    assert [row for row in _flags(db) if row[0].startswith("R")]
