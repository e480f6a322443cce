"""The shared filters: the SQL they produce, reading them back from URL values, hashing for the cache."""
from __future__ import annotations

import duckdb
import pytest

from ui.filters import QUERY_KEYS, Filters, from_values

ALIASES = {"state": "p.state_code", "implementer": "p.implementer_id", "year": "p.yr", "method": "p.method",
           "category": "p.cat", "ocid": "p.ocid"}


def test_no_filter_is_a_true_condition_without_parameters():
    assert Filters().where(ALIASES) == ("TRUE", [])
    assert Filters().is_empty()


def test_where_takes_values_as_parameters_never_in_the_sql():
    f = Filters(states=("19", "14"), methods=("open",), years=(2019, 2021), project="x'; DROP TABLE t; --")
    sql, params = f.where(ALIASES)
    assert "DROP" not in sql and "19" not in sql
    assert params == ["19", "14", "open", 2019, 2021, "x'; DROP TABLE t; --"]
    assert sql.count("?") == len(params)


def test_where_filters_rows_in_duckdb():
    con = duckdb.connect()
    con.execute("CREATE TABLE processes AS SELECT * FROM (VALUES ('a', '19', 'i1', 2019, 'open', 'works'), "
                "('b', '19', 'i2', 2021, 'direct', 'works'), ('c', '14', 'i1', 2020, 'open', 'goods')) "
                "t(ocid, state_code, implementer_id, yr, method, cat)")
    con.execute("CREATE TABLE project_processes AS SELECT 'pr' AS project_id, 'c' AS ocid")
    cases = [(Filters(states=("19",)), {"a", "b"}), (Filters(implementers=("i1",), methods=("open",)), {"a", "c"}),
             (Filters(years=(2020, 2021)), {"b", "c"}), (Filters(categories=("goods",)), {"c"}),
             (Filters(project="pr"), {"c"}), (Filters(states=("19",), years=(2020, 2020)), set())]
    for f, expected in cases:
        sql, params = f.where(ALIASES)
        got = {r[0] for r in con.execute(f"SELECT ocid FROM processes p WHERE {sql}", params).fetchall()}
        assert got == expected, f


def test_fields_a_relation_lacks_are_reported_not_silently_dropped():
    f = Filters(methods=("open",), project="pr1", states=("19",))
    assert f.unapplied({"state": "s"}) == ["methods", "project"]
    assert f.unapplied({"state": "s", "method": "m", "project": "pid"}) == []


def test_from_values_reads_url_values_and_treats_the_full_year_range_as_no_filter():
    values = {QUERY_KEYS["states"]: ["19", "14"], QUERY_KEYS["years"]: ["2021", "2019"],
              QUERY_KEYS["methods"]: "open", QUERY_KEYS["project"]: " pr1 "}
    f = from_values(values, year_bounds=(2015, 2024))
    assert f == Filters(states=("19", "14"), years=(2019, 2021), methods=("open",), project="pr1")
    assert from_values({QUERY_KEYS["years"]: [2015, 2024]}, (2015, 2024)).years is None
    assert from_values({QUERY_KEYS["years"]: ["x", "y"]}).years is None
    assert from_values({}).is_empty()


def test_filters_are_hashable_and_equal_by_value_for_the_query_cache():
    a = Filters(states=("19",), years=(2019, 2020))
    assert hash(a) == hash(Filters(states=("19",), years=(2019, 2020)))
    assert len({a, Filters(states=("19",), years=(2019, 2020)), Filters()}) == 2
    assert a.replace(states=()) == Filters(years=(2019, 2020))
    with pytest.raises(AttributeError):
        a.states = ("14",)  # frozen
