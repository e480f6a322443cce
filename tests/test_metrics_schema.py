"""The tables metrics creates agree with core/contract/metrics/definitions.csv, like tests/test_schema.py for the loaders."""
from __future__ import annotations

import duckdb

from core.contract import table_columns
from metrics.schema import TABLES, create_tables, definitions


def test_every_metrics_table_column_is_documented_and_every_definition_exists():
    con = duckdb.connect()
    create_tables(con)
    actual = table_columns(con)
    documented = definitions()
    assert set(actual) == set(documented) == set(TABLES)
    for table, cols in actual.items():
        assert cols == list(documented[table]), table


def test_metrics_create_tables_is_idempotent():
    con = duckdb.connect()
    create_tables(con)
    create_tables(con)
    assert "process_scores" in table_columns(con)
