"""`obras quality`: JSON and CSV reports, computed in memory without touching the file unless asked."""
import csv
import hashlib
import io
import json

import duckdb
import pytest

from obras.cli import main
from quality.cli import main_quality
from quality.score import WEIGHTS
from tests.quality_fixtures import load_db, no_schemas, release, write_release_package


@pytest.fixture
def db(tmp_path, monkeypatch):
    no_schemas(monkeypatch, tmp_path)
    monkeypatch.delenv("OBRAS_COMMITMENTS", raising=False)
    releases = [release(f"ocds-cli-{i}", "1", "2020-01-01T00:00:00Z", ["tender"],
                        tender={"id": str(i), "title": "Obra", "tenderPeriod": {"startDate": "2020-01-01T00:00:00Z"}})
                for i in range(3)]
    path = tmp_path / "x.duckdb"
    load_db([write_release_package(tmp_path / "r.json", releases)], path, implementer="yuc-uman").close()
    return path


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _has_quality_tables(path) -> bool:
    """True when the database holds quality results (the tables exist, empty, from the first load on)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return bool(con.execute("SELECT count(*) FROM quality_scores").fetchall()[0][0])
    finally:
        con.close()


def test_json_report_is_computed_in_memory_and_the_database_is_left_alone(db, tmp_path):
    before = _digest(db)
    out = tmp_path / "q.json"
    assert main_quality(["--db", str(db), "--format", "json", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["weights"] == WEIGHTS
    [impl] = report["implementers"]
    assert impl["implementer_id"] == "yuc-uman" and impl["processes"] == 3
    assert {s["stage"] for s in impl["stages"]} >= {"tender", "identification"}
    assert {r["part"] for r in report["runs"]} >= {"validation", "completeness", "score"}
    assert _digest(db) == before and not _has_quality_tables(db)


def test_refresh_and_write_stores_the_quality_tables(db):
    assert main_quality(["--db", str(db), "--refresh", "--write", "--format", "csv", "--out", str(db) + ".csv"]) == 0
    assert _has_quality_tables(db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM quality_history").fetchall() == [(1,)]


def test_csv_files_have_a_bom_and_one_row_per_implementer(db, tmp_path):
    out = tmp_path / "q.csv"
    assert main_quality(["--db", str(db), "--format", "csv", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["implementer_id"] for r in table] == ["yuc-uman"]
    assert set(WEIGHTS) <= set(table[0])


def test_the_long_csv_has_one_row_per_measurement(db, tmp_path):
    out = tmp_path / "long.csv"
    assert main_quality(["--db", str(db), "--format", "csv", "--table", "long", "--out", str(out)]) == 0
    table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    sections = {r["section"] for r in table}
    assert {"score", "stage", "field", "check", "timeliness", "commitment", "indicator"} <= sections
    title = [r for r in table if r["section"] == "field" and r["item"] == "tender.title"][0]
    assert title["value"] == "1.0" and title["detail"].startswith("3/3")


def test_the_obras_command_routes_to_it_and_prints_to_standard_output(db, capsys):
    assert main(["quality", "--db", str(db), "--format", "csv"]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].startswith("rank,implementer_id")
    assert not printed.startswith("\ufeff")  # no BOM on a terminal


def test_a_missing_database_is_a_clear_error(tmp_path, capsys):
    assert main_quality(["--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no database" in capsys.readouterr().err
