"""The pages' fast paths (tables built by the refresh, fewer queries) show what the straightforward queries
show: the same rows, in the same order, with the same values, on the hand-made fixture, the demo data and
Nuevo León's published files."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests import ui_explore_fixture
from tests.profiles_data import demo_db, nl_db  # noqa: F401 (fixtures)
from ui import queries_explore as qe
from ui.filters import Filters


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> Path:
    """The hand-made fixture after the refresh step that writes flag_keys and flag_list_rows."""
    from obras import flag_index

    path = ui_explore_fixture.build(tmp_path_factory.mktemp("fast") / "fixture.duckdb")
    with duckdb.connect(str(path)) as w:
        flag_index.refresh(w)
    return path


@pytest.fixture(params=["fixture", "demo", "nl"])
def db(request) -> Path:
    return request.getfixturevalue({"fixture": "fixture_db", "demo": "demo_db", "nl": "nl_db"}[request.param])


def _filter_sets(con: duckdb.DuckDBPyConnection) -> list[tuple[Filters, tuple, tuple, tuple]]:
    """(filters, indicators, subject types, amount range) worth comparing on this database: none, its busiest
    state, implementer and method, a year range, subject types with parties, and amount bounds."""
    busiest = con.execute(
        "SELECT (SELECT state_code FROM processes WHERE state_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1), "
        "(SELECT implementer_id FROM processes WHERE implementer_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1), "
        "(SELECT method FROM processes WHERE method IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1), "
        "(SELECT indicator FROM flags WHERE flagged GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1)").fetchall()[0]
    state, implementer, method, indicator = busiest
    sets = [(Filters(), (), (), (None, None)),
            (Filters(), (), ("buyer", "procuring_entity", "tenderer", "project"), (None, None)),
            (Filters(), (), (), (100.0, None)),
            (Filters(years=(2019, 2022)), (), (), (None, 5e7))]
    if state:
        sets.append((Filters(states=(state,)), (), (), (None, None)))
    if implementer:
        sets.append((Filters(implementers=(implementer,)), (), (), (None, None)))
    if method:
        sets.append((Filters(methods=(method,)), (), (), (None, None)))
    if indicator:
        sets.append((Filters(), (indicator,), (), (None, None)))
    return sets


def test_banderas_list_read_from_the_refresh_table_equals_the_list_computed_from_flags(db, monkeypatch):
    with duckdb.connect(str(db), read_only=True) as con:
        assert qe._flag_list_ready(con)  # the premise: the refresh wrote flag_list_rows
        for f, indicators, subjects, amounts in _filter_sets(con):
            for limit in (3, qe.FLAG_LIST_LIMIT):
                fast_total, fast = qe.flag_list(con, f, indicators, subjects, amounts, limit)
                with monkeypatch.context() as m:
                    m.setattr(qe, "_flag_list_ready", lambda _con: False)
                    slow_total, slow = qe.flag_list(con, f, indicators, subjects, amounts, limit)
                assert fast_total == slow_total, (f, indicators, subjects, amounts)
                pd.testing.assert_frame_equal(fast.reset_index(drop=True), slow.reset_index(drop=True),
                                              check_dtype=False, obj=f"flag_list{(f, indicators, subjects, amounts)}")
