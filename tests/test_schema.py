import duckdb

from core.contract import create_tables, definitions, table_columns


def test_every_table_column_is_documented_and_every_definition_exists():
    con = duckdb.connect()
    create_tables(con)
    actual = table_columns(con)
    documented = {t: list(cols) for t, cols in definitions().items()}
    assert set(actual) == set(documented)
    for table, cols in actual.items():
        assert cols == documented[table], table


def test_create_tables_is_idempotent():
    con = duckdb.connect()
    create_tables(con)
    create_tables(con)
    assert "processes" in table_columns(con)


def test_create_tables_adds_columns_missing_from_an_older_database():
    con = duckdb.connect()
    con.execute("CREATE TABLE sources (source_id VARCHAR, uri VARCHAR)")
    con.execute("INSERT INTO sources VALUES ('a', 'x.json')")
    create_tables(con)
    cols = table_columns(con)["sources"]
    assert cols == list(definitions()["sources"])
    assert con.execute("SELECT source_id, uri, extensions FROM sources").fetchall() == [("a", "x.json", None)]
