"""metrics.export: the flags as JSON, CSV and Parquet, and the `obras flags` entry point."""
from __future__ import annotations

import csv
import io
import json

import duckdb
import pyarrow.parquet as pq
import pytest

from metrics.compute import refresh
from metrics.export import EXPORT_COLUMNS, export_flags, main_export
from tests.metrics_helpers import insert


def _db(path):
    con = duckdb.connect(str(path))
    from core.contract import create_tables

    create_tables(con)
    insert(con, "processes", ocid="short", method="open", tender_start="2020-01-01", tender_end="2020-01-05",
           number_of_tenderers=4)
    insert(con, "processes", ocid="long", method="open", tender_start="2020-01-01", tender_end="2020-02-05",
           number_of_tenderers=1)
    refresh(con, strict=True)
    return con


def _expected_rows(con, flagged_only=False):
    sql = "SELECT count(*) FROM flags" + (" WHERE flagged" if flagged_only else "")
    return con.execute(sql).fetchall()[0][0]


def test_json_export_has_every_row_with_names_and_detail_as_object(tmp_path):
    con = _db(tmp_path / "db.duckdb")
    out = export_flags(con, "json", tmp_path / "flags.json")
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == _expected_rows(con)
    assert list(rows[0]) == EXPORT_COLUMNS
    short = next(r for r in rows if r["indicator"] == "OA-D1" and r["subject_id"] == "short")
    assert short["indicator_name_es"] == "Periodo de licitación menor al mínimo legal"
    assert short["flagged"] is True and short["detail"]["days"] == 4


def test_csv_export_to_a_stream_and_filters(tmp_path):
    con = _db(tmp_path / "db.duckdb")
    buffer = io.BytesIO()
    export_flags(con, "csv", stream=buffer, flagged_only=True, indicators=["OA-C1"])
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8"))))
    assert [(r["indicator"], r["subject_id"]) for r in rows] == [("OA-C1", "long")]


def test_parquet_export_needs_a_file_and_keeps_every_row(tmp_path):
    con = _db(tmp_path / "db.duckdb")
    with pytest.raises(ValueError, match="output file"):
        export_flags(con, "parquet")
    table = pq.read_table(export_flags(con, "parquet", tmp_path / "flags.parquet"))
    assert table.num_rows == _expected_rows(con) and table.column_names == EXPORT_COLUMNS


def test_export_with_settings_recomputes_without_touching_the_database(tmp_path):
    con = _db(tmp_path / "db.duckdb")
    buffer = io.BytesIO()
    export_flags(con, "json", stream=buffer, indicators=["OA-D1"], settings={"OA-D1": {"national_days": 3}})
    assert not any(r["flagged"] for r in json.loads(buffer.getvalue()))
    assert con.execute("SELECT count(*) FROM flags WHERE indicator = 'OA-D1' AND flagged").fetchall() == [(1,)]


def test_main_export_writes_the_file_and_fails_cleanly(tmp_path, capsys):
    db = tmp_path / "db.duckdb"
    _db(db).close()
    assert main_export(["--db", str(db), "--format", "csv", "--out", str(tmp_path / "f.csv")]) == 0
    assert (tmp_path / "f.csv").read_text(encoding="utf-8").startswith('"indicator"')
    assert main_export(["--db", str(tmp_path / "missing.duckdb")]) == 2
    assert "no such database" in capsys.readouterr().err
    assert main_export(["--db", str(db), "--format", "parquet"]) == 2
    bad = tmp_path / "bad.ini"
    bad.write_text("[OA-P1]\nlimit = 3\n", encoding="utf-8")
    assert main_export(["--db", str(db), "--settings", str(bad)]) == 2
    assert "has no setting 'limit'" in capsys.readouterr().err
