"""The `obras` command line as a user runs it: exit codes, one-line errors, the database path."""
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.shared import shared_data

ROOT = Path(__file__).resolve().parent.parent


def obras(*args, env=None, cwd=None):
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "obras", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd or ROOT, timeout=600)


def test_missing_file_gives_one_line_error_nonzero_exit_and_leaves_database_unchanged(tmp_path):
    db = tmp_path / "x.duckdb"
    good = shared_data() / "mx-ocp-sample-data" / "cdmx"
    assert obras("load", str(good), "--db", str(db)).returncode == 0
    before = db.read_bytes()
    result = obras("load", str(good), str(tmp_path / "nope.json"), "--db", str(db))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "nope.json" in lines[0]
    assert db.read_bytes() == before


def test_load_prints_per_source_accounting_and_writes_the_database_given_by_obras_db(tmp_path):
    db = tmp_path / "env.duckdb"
    src = shared_data() / "mx-ocp-sample-data" / "inai-2017"
    result = obras("load", str(src), env={"OBRAS_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert db.exists()
    con = duckdb.connect(str(db), read_only=True)
    read, loaded, rejected = con.execute(
        "SELECT sum(items_read), sum(items_loaded), sum(items_rejected) FROM sources").fetchall()[0]
    assert read == loaded + rejected
    assert f"read {read}, loaded {loaded}, rejected {rejected}" in result.stdout


def test_db_option_overrides_environment(tmp_path):
    env_db, cli_db = tmp_path / "env.duckdb", tmp_path / "cli.duckdb"
    src = shared_data() / "mx-ocp-sample-data" / "apf-shcp"
    assert obras("load", str(src), "--db", str(cli_db), env={"OBRAS_DB": str(env_db)}).returncode == 0
    assert cli_db.exists() and not env_db.exists()


def test_not_json_file_is_rejected_not_crashed(tmp_path):
    bad = tmp_path / "error.json"
    bad.write_text("<html><body>502 Bad Gateway</body></html>", encoding="utf-8")
    db = tmp_path / "b.duckdb"
    result = obras("load", str(bad), "--db", str(db))
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT items_read, items_rejected FROM sources").fetchall() == [(1, 1)]
    (reason,) = con.execute("SELECT reason FROM rejects").fetchall()[0]
    assert "HTML" in reason or "not JSON" in reason


def test_load_without_refresh_then_refresh_fills_the_flags(tmp_path):
    db = tmp_path / "n.duckdb"
    src = shared_data() / "mx-nl-infraestructura-abierta" / "ocds-record-packages"
    assert obras("load", str(src), "--db", str(db), "--no-refresh").returncode == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM flags").fetchall()[0][0] == 0
    con.close()
    result = obras("refresh", "--db", str(db))
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(db), read_only=True)
    n_processes = con.execute("SELECT count(*) FROM processes").fetchall()[0][0]
    # every process gets a result row from each process-level indicator that considers it
    assert con.execute("SELECT count(DISTINCT ocid) FROM flags WHERE subject_type = 'ocid'").fetchall()[0][0] == n_processes
