"""The quality refresh at scale keeps its results: computability's per-table aggregation gives the same
counts as the straightforward correlated-EXISTS form, validation without a schema reads no documents,
and a part that fails is said on stderr by `obras refresh`."""
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from obras.update import update
from demo.generate import generate
from quality import computability, validate
from quality.compute import refresh
from tests.quality_fixtures import no_schemas, rows

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """A small demo database (every child table has rows), loaded without a refresh."""
    base = tmp_path_factory.mktemp("scale")
    paths = generate(base / "demo", processes=300, seed=11)
    db = base / "demo.duckdb"
    update([str(p) for p in paths], db=db, refresh=False)
    return db


def _copy(demo_db: Path, tmp_path: Path, name: str) -> Path:
    """A copy of the demo database that one test may change."""
    db = tmp_path / name
    db.write_bytes(demo_db.read_bytes())
    return db


def _open_copy(demo_db: Path, tmp_path: Path, name: str) -> duckdb.DuckDBPyConnection:
    """A writable connection to a copy of the demo database, with the quality tables created."""
    from quality.tables import create_quality_tables

    con = duckdb.connect(str(_copy(demo_db, tmp_path, name)))
    create_quality_tables(con)
    return con


def _reference_counts(con, subject: str, fields: list[str], columns) -> dict:
    """{(implementer, field): subjects publishing it}, one correlated EXISTS / JSON test per field."""
    table = "processes" if subject == "process" else "projects"
    out = {}
    for f in fields:
        compiled = computability.field_sql(f, subject, columns)
        if compiled is None:
            continue
        sql, params = compiled
        for impl, n in con.execute(f"SELECT s.implementer_id, count_if({sql}) FROM {table} s GROUP BY 1",
                                   params).fetchall():
            out[(impl, f)] = n
    return out


@pytest.mark.parametrize("subject", ["process", "project"])
def test_computability_field_counts_equal_the_correlated_exists_reference(demo_db, subject):
    con = duckdb.connect(str(demo_db), read_only=True)
    columns = computability._columns(con)
    infos = [i for i in computability.indicators()
             if (i.level == "project") == (subject == "project")]
    # also a field of every child table, so each one's aggregation is exercised
    tables = computability.OCID_TABLES if subject == "process" else computability.PROJECT_TABLES
    extra = [f"{t}.{c}" for t in tables for c in columns.get(t, {}) if c not in ("ocid", "project_id")]
    fields = sorted({f for i in infos for f in i.required_fields} | set(extra))
    sql, params, readable = computability.subject_sql(subject, fields, columns)
    table = "processes" if subject == "process" else "projects"
    # one row per subject: the joins neither lose nor repeat subjects
    assert con.execute(f"SELECT count(*) FROM ({sql})", params).fetchall()[0][0] == \
        con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    got = {}
    for f, alias in readable.items():
        for impl, n in con.execute(f"SELECT implementer_id, count_if({alias}) FROM ({sql}) GROUP BY 1",
                                   params).fetchall():
            got[(impl, f)] = n
    expected = _reference_counts(con, subject, fields, columns)
    assert got == expected
    assert any(n for n in expected.values())  # the data publishes some of these fields
    con.close()


def test_computability_coverage_of_every_field_combination_equals_the_reference(demo_db, tmp_path):
    con = _open_copy(demo_db, tmp_path, "c.duckdb")
    impls = [r[0] for r in con.execute("SELECT DISTINCT implementer_id FROM processes UNION "
                                       "SELECT DISTINCT implementer_id FROM projects").fetchall()]
    computability.compute(con, impls)
    columns = computability._columns(con)
    for info in computability.indicators():
        subject = "project" if info.level == "project" else "process"
        table = "processes" if subject == "process" else "projects"
        tests = [computability.field_sql(f, subject, columns) for f in info.required_fields]
        tests = [t for t in tests if t is not None]
        if not tests:
            continue
        both = " AND ".join(t[0] for t in tests)
        params = [p for t in tests for p in t[1]]
        expected = {impl: (k / n if n else None) for impl, k, n in con.execute(
            f"SELECT s.implementer_id, count_if({both}), count(*) FROM {table} s GROUP BY 1", params).fetchall()}
        got = {r["implementer_id"]: r["coverage"] for r in rows(
            con, "SELECT implementer_id, coverage FROM quality_indicators WHERE indicator = ? AND subjects > 0",
            [info.code])}
        assert got == pytest.approx(expected, abs=1e-12), info.code
    con.close()


def test_validation_without_a_schema_does_not_read_the_release_documents(demo_db, tmp_path, monkeypatch):
    no_schemas(monkeypatch, tmp_path)
    db = _copy(demo_db, tmp_path, "v.duckdb")

    def must_not_run(*args, **kwargs):
        raise AssertionError("the release sample was read with no schema to validate against")

    monkeypatch.setattr(validate, "_validate_release_sample", must_not_run)
    con = duckdb.connect(str(db))
    summary = refresh(con)
    assert summary["parts"]["validation"] == "unavailable"  # offline, no cache
    held = con.execute("SELECT count(*) FROM releases").fetchall()[0][0]
    counted = con.execute("SELECT sum(items), sum(items_validated) FROM quality_validation "
                          "WHERE standard = 'ocds' AND status = 'unavailable'").fetchall()[0]
    assert counted == (held, 0)
    con.close()


def _refresh_with_broken_computability(db: Path, strict: bool) -> subprocess.CompletedProcess:
    code = ("import sys; from quality import computability\n"
            "def broken(*a, **k):\n    raise MemoryError('no room for the test\\nsecond line')\n"
            "computability.compute = broken\n"
            "from obras.cli import main\nsys.exit(main(['refresh', '--db', sys.argv[1]]))\n")
    env = {k: v for k, v in os.environ.items() if k != "OBRAS_STRICT_REFRESH"}
    if strict:
        env["OBRAS_STRICT_REFRESH"] = "1"
    return subprocess.run([sys.executable, "-c", code, str(db)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_obras_refresh_says_on_stderr_which_quality_part_failed(demo_db, tmp_path):
    db = _copy(demo_db, tmp_path, "r.duckdb")
    done = _refresh_with_broken_computability(db, strict=False)
    assert done.returncode == 0, done.stderr
    assert "quality computability failed: MemoryError: no room for the test" in done.stderr
    assert "second line" not in done.stderr
    con = duckdb.connect(str(db), read_only=True)
    statuses = dict(con.execute("SELECT part, status FROM quality_runs").fetchall())
    con.close()
    assert statuses["computability"] == "error" and statuses["completeness"] == "ok"


def test_a_failed_quality_part_fails_the_refresh_under_strict_refresh(demo_db, tmp_path):
    db = _copy(demo_db, tmp_path, "s.duckdb")
    done = _refresh_with_broken_computability(db, strict=True)
    assert done.returncode != 0
    assert "computability" in done.stderr


def test_checks_on_the_shared_check_facts_table_equal_each_check_run_alone(demo_db, tmp_path):
    from quality import checks

    con = _open_copy(demo_db, tmp_path, "h.duckdb")
    impls = [r[0] for r in con.execute("SELECT DISTINCT implementer_id FROM processes").fetchall()]
    checks.compute(con, impls)
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'check_facts'"
                       ).fetchall()[0][0] == 0  # the temporary table is dropped
    got = {(r["check_id"], r["implementer_id"]): (r["applicable"], r["failing"]) for r in rows(
        con, "SELECT check_id, implementer_id, applicable, failing FROM quality_checks")}
    for check in checks.CHECKS:
        alone: dict = {}
        for impl, _, failing, _ in checks.check_cases(con, check):  # the facts computed inside the query
            n, f = alone.get(impl, (0, 0))
            alone[impl] = (n + 1, f + bool(failing))
        assert {i: got[(check.check_id, i)] for i in impls if got[(check.check_id, i)][0]} == alone, check.check_id
    assert any(got[(c.check_id, i)][0] for c in checks.CHECKS if c.facts for i in impls)
    con.close()


def test_flag_counts_count_each_subject_once_like_count_distinct(demo_db, tmp_path):
    db = _copy(demo_db, tmp_path, "f.duckdb")
    con = duckdb.connect(str(db))
    ocids = [r[0] for r in con.execute("SELECT ocid FROM processes ORDER BY ocid LIMIT 4").fetchall()]
    buyer = con.execute("SELECT buyer_id FROM processes WHERE buyer_id IS NOT NULL LIMIT 1").fetchall()[0][0]
    flags = [("T1", "ocid", ocids[0], ocids[0], True, True), ("T1", "ocid", ocids[0], ocids[0], False, None),
             ("T1", "ocid", ocids[1], ocids[1], None, False), ("T1", "ocid", ocids[2], ocids[2], None, None),
             ("T2", "buyer", buyer, None, False, True), ("T2", "buyer", buyer, None, True, False),
             ("T2", "ocid", ocids[3], ocids[3], True, True)]
    con.executemany("INSERT INTO flags (indicator, subject_type, subject_id, ocid, flagged, computable) "
                    "VALUES (?, ?, ?, ?, ?, ?)", flags)
    expected = {}
    for indicator, impl, n, c, f in con.execute(
            """WITH u AS (
                 SELECT f.indicator, f.subject_type, f.subject_id, f.computable, f.flagged, p.implementer_id
                 FROM flags f JOIN processes p ON (f.subject_type = 'ocid' AND p.ocid = f.ocid)
                      OR (f.subject_type = 'buyer' AND p.buyer_id = f.subject_id))
               SELECT indicator, implementer_id, count(DISTINCT (subject_type, subject_id)),
                      count(DISTINCT (subject_type, subject_id)) FILTER (WHERE computable),
                      count(DISTINCT (subject_type, subject_id)) FILTER (WHERE flagged)
               FROM u GROUP BY ALL""").fetchall():
        expected[(indicator, impl)] = (n, c, f)
    got = computability._flag_counts(con)
    assert got.pop("_codes") == {"T1", "T2"}
    assert got == expected
    assert any(v[0] > v[1] for v in got.values())  # some subject is not computable
    con.close()


def test_timeliness_examples_are_the_latest_events_as_a_full_sorted_list_gives(demo_db, tmp_path):
    import json
    from datetime import date

    from quality import timeliness
    from quality.commitments import load_commitments

    con = _open_copy(demo_db, tmp_path, "t.duckdb")
    impls = [r[0] for r in con.execute("SELECT DISTINCT implementer_id FROM processes").fetchall()]
    timeliness.compute(con, impls, load_commitments(None), date(2026, 11, 27))
    expected = {}
    for impl, event, ocids in con.execute(
            f"""WITH l AS ({timeliness.event_lags_sql()})
                SELECT implementer_id, event, (list(ocid ORDER BY published DESC, ocid))[1:{timeliness.MAX_EXAMPLES}]
                FROM l GROUP BY ALL""").fetchall():
        expected[(impl, event)] = ocids
    got = {(r["implementer_id"], r["event"]): [e["ocid"] for e in json.loads(r["examples"])] for r in rows(
        con, "SELECT implementer_id, event, examples FROM quality_timeliness WHERE events > 0")}
    assert got == expected
    assert any(len(v) == timeliness.MAX_EXAMPLES for v in got.values())
    con.close()


def test_the_shared_pass_over_the_documents_gives_each_part_the_rows_of_its_own_pass(demo_db, tmp_path):
    import pandas as pd

    from quality import boilerplate, checks, completeness, documents

    con = _open_copy(demo_db, tmp_path, "d.duckdb")
    # a superseded draft: in computability's counts, in no other part's
    first, second = [r[0] for r in con.execute("SELECT ocid FROM processes ORDER BY ocid LIMIT 2").fetchall()]
    con.execute("UPDATE processes SET superseded_by = ? WHERE ocid = ?", [second, first])
    # boilerplate for the rules to find: a repeated rationale and a placeholder category
    con.execute("""UPDATE processes SET json = json_merge_patch(json, '{"tender": {"procurementMethodRationale":
                   "Justificación del método", "additionalProcurementCategories": ["ND"]}}')
                   WHERE ocid IN (SELECT ocid FROM processes ORDER BY ocid LIMIT 40)""")
    impls = [r[0] for r in con.execute("SELECT DISTINCT implementer_id FROM processes UNION "
                                       "SELECT DISTINCT implementer_id FROM projects").fetchall()]

    def tables(docs) -> dict:
        def key(df):
            return df.sort_values("implementer_id", na_position="last").reset_index(drop=True)
        out = {"counts": key(completeness.field_counts(con, "process", examples=completeness.EXAMPLES, docs=docs)),
               "one": completeness.field_counts(con, "process", impls[0], one=True, examples=2, docs=docs),
               "boilerplate": boilerplate.discounted(con, docs)}
        checks.compute(con, impls, docs)
        computability.compute(con, impls, docs)
        for t in ("quality_checks", "quality_indicators"):
            out[t] = con.execute(f"SELECT * FROM {t} ORDER BY ALL").df()
        return out

    alone = tables(None)
    docs = documents.build(con)
    shared = tables(docs)
    documents.drop(con)
    for name in ("counts", "one", "quality_checks", "quality_indicators"):
        pd.testing.assert_frame_equal(shared[name], alone[name], obj=name)
    assert shared["boilerplate"] == alone["boilerplate"]
    assert {r["rule"] for r in alone["boilerplate"]} == {"repeated", "placeholder"}
    counts = alone["counts"].set_index("implementer_id")
    assert counts["n"].sum() == con.execute("SELECT count(*) - 1 FROM processes").fetchall()[0][0]
    assert any(hasattr(x, "__len__") and len(x) for c in counts.columns if c.startswith("x:") for x in counts[c])
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [documents.TABLE]
                       ).fetchall()[0][0] == 0
    con.close()
