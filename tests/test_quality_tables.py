"""The quality_* tables and core/contract/quality/definitions.csv agree; outdated tables are brought up to date and
the history survives."""
import duckdb

from quality.tables import create_quality_tables, definitions


def _columns(con):
    out = {}
    for t, c in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_name LIKE 'quality_%' "
            "ORDER BY table_name, ordinal_position").fetchall():
        out.setdefault(t, []).append(c)
    return out


def test_every_quality_table_column_is_documented_and_every_definition_exists():
    con = duckdb.connect()
    create_quality_tables(con)
    actual = _columns(con)
    documented = {t: list(cols) for t, cols in definitions().items()}
    assert set(actual) == set(documented)
    for table, cols in actual.items():
        assert cols == documented[table], table
    assert all(desc.strip() for cols in definitions().values() for desc in cols.values())


def test_creating_the_tables_twice_changes_nothing():
    con = duckdb.connect()
    create_quality_tables(con)
    con.execute("INSERT INTO quality_history (implementer_id, score) VALUES ('x', 50)")
    create_quality_tables(con)
    assert con.execute("SELECT implementer_id, score FROM quality_history").fetchall() == [("x", 50.0)]


def test_an_outdated_table_is_recreated_and_the_history_keeps_its_rows():
    con = duckdb.connect()
    con.execute("CREATE TABLE quality_scores (implementer_id VARCHAR, score DOUBLE)")  # an older layout
    con.execute("INSERT INTO quality_scores VALUES ('x', 1)")
    con.execute("CREATE TABLE quality_history (load_date DATE, implementer_id VARCHAR, score DOUBLE)")
    con.execute("INSERT INTO quality_history VALUES ('2024-01-31', 'x', 42)")
    create_quality_tables(con)
    assert _columns(con)["quality_scores"] == list(definitions()["quality_scores"])
    assert _columns(con)["quality_history"] == list(definitions()["quality_history"])
    assert con.execute("SELECT count(*) FROM quality_scores").fetchall() == [(0,)]
    assert con.execute("SELECT CAST(load_date AS VARCHAR), implementer_id, score, processes FROM quality_history"
                       ).fetchall() == [("2024-01-31", "x", 42.0, None)]
