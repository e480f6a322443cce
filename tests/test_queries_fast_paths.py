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
    """The hand-made fixture after the refresh steps that write flag_keys, flag_list_rows and process_facts."""
    from obras import flag_index, process_facts

    path = ui_explore_fixture.build(tmp_path_factory.mktemp("fast") / "fixture.duckdb")
    with duckdb.connect(str(path)) as w:
        flag_index.refresh(w)
        process_facts.refresh(w)
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
                fast_summary = qe.flag_summary(con, f, subjects, amounts)
                with monkeypatch.context() as m:
                    m.setattr(qe, "_flag_list_ready", lambda _con: False)
                    slow_summary = qe.flag_summary(con, f, subjects, amounts)
                pd.testing.assert_frame_equal(fast_summary, slow_summary, check_dtype=False)
                pd.testing.assert_frame_equal(fast.reset_index(drop=True), slow.reset_index(drop=True),
                                              check_dtype=False, obj=f"flag_list{(f, indicators, subjects, amounts)}")


@pytest.mark.parametrize("loaded", ["demo", "nl"])  # the hand-made fixture has no scores: it never has the tables
@pytest.mark.parametrize("level", ["state", "implementer"])
def test_comparar_figures_from_the_refresh_tables_equal_those_computed_from_processes(request, loaded, level,
                                                                                       monkeypatch):
    db = request.getfixturevalue(f"{loaded}_db")
    with duckdb.connect(str(db), read_only=True) as con:
        assert qe._facts_ready(con)  # the premise: the refresh wrote process_facts for these data
        for f, *_ in _filter_sets(con):
            fast = qe.compare(con, f, level)
            keys = tuple(k for k in fast["key"] if k)[:4]
            fast_years = qe.compare_by_year(con, f, level, keys)
            fast_rates = qe._flag_rates(con, f, "state_code" if level == "state" else "implementer_id")
            with monkeypatch.context() as m:
                m.setattr(qe, "_facts_ready", lambda _con: False)
                slow = qe.compare(con, f, level)
                slow_years = qe.compare_by_year(con, f, level, keys)
                slow_rates = qe._flag_rates(con, f, "state_code" if level == "state" else "implementer_id")
            pd.testing.assert_frame_equal(fast, slow, check_dtype=False, obj=f"compare{(f, level)}")
            pd.testing.assert_frame_equal(fast_years, slow_years, check_dtype=False, obj=f"compare_by_year{(f, level)}")
            pd.testing.assert_frame_equal(fast_rates.sort_values("key").reset_index(drop=True),
                                          slow_rates.sort_values("key").reset_index(drop=True), check_dtype=False)
            assert fast.attrs == slow.attrs


def test_comparar_reads_processes_again_once_a_load_comes_after_the_refresh(demo_db, tmp_path):  # noqa: F811
    import shutil

    path = tmp_path / "later.duckdb"
    shutil.copy(demo_db, path)
    with duckdb.connect(str(path)) as w:
        assert qe._facts_ready(w)
        w.execute("UPDATE process_facts_state SET loaded_at = loaded_at - INTERVAL 1 DAY")  # a load after it
        assert not qe._facts_ready(w)


def _queries(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Searches worth comparing: common words of titles and names, an exact id and an id prefix, several words,
    and nothing found."""
    ids = [r[0] for r in con.execute("SELECT id FROM search_index WHERE kind IN ('process', 'supplier') "
                                     "ORDER BY kind, id LIMIT 2").fetchall()]
    return ["construcción", "obra", "de", "la", "mantenimiento de", "puente", "ocds", "rfc", "xyzzy-nada"] + ids \
        + [i[:6] for i in ids]


@pytest.mark.parametrize("candidates", [(4, 20), (1, 0)])  # as shipped; as few as can be (small data, many matches)
@pytest.mark.parametrize("loaded", ["demo", "nl"])
def test_search_from_its_candidates_equals_ranking_every_match(request, loaded, candidates, monkeypatch):
    from ui import queries_search as qs

    monkeypatch.setattr(qs, "CANDIDATES_PER_ROW", candidates[0])
    monkeypatch.setattr(qs, "CANDIDATES_EXTRA", candidates[1])
    db = request.getfixturevalue(f"{loaded}_db")
    with duckdb.connect(str(db), read_only=True) as con:
        for query in _queries(con):
            for kind in qs.KINDS:
                for limit in (1, 2, 3, 10, 200):
                    fast, slow = qs.search(con, query, kind, limit), qs._ranked(con, query, kind, limit)
                    pd.testing.assert_frame_equal(fast.reset_index(drop=True), slow.reset_index(drop=True),
                                                  check_dtype=False, obj=f"search{(query, kind, limit)}")


@pytest.mark.parametrize("ranks, total, limit, enough", [
    ([0, 1, 1], 3, 3, True),  # every match is a candidate
    ([0, 0, 0], 9, 2, False),  # only exact ones: a larger exact match may be left out
    ([0, 1, 2], 9, 2, True),  # every exact one and two at least strong
    ([1, 2, 2], 9, 2, False),  # one strong: the next strong match may have a smaller amount
])
def test_search_ranks_candidates_alone_only_when_no_other_match_can_come_first(ranks, total, limit, enough):
    from ui import queries_search as qs

    assert qs._candidates_suffice(pd.Series(ranks), total, limit) is enough


@pytest.mark.parametrize("loaded", ["demo", "nl"])
def test_process_rows_found_through_the_keys_are_those_a_full_read_finds(request, loaded, monkeypatch):
    from ui import queries_profiles as qp

    db = request.getfixturevalue(f"{loaded}_db")
    with duckdb.connect(str(db), read_only=True) as con:
        ocids = [r[0] for r in con.execute("SELECT ocid FROM processes ORDER BY ocid").fetchall()] + ["no-such-ocid"]
        assert con.execute("SELECT count(*) FROM process_keys").fetchall()[0][0]  # the premise: the refresh built them

        def read(fn, *args):
            out = fn(con, *args)
            return out.reset_index(drop=True) if isinstance(out, pd.DataFrame) else out

        calls = [(qp.process_detail,), (qp.process_json,), (qp.process_releases,), (qp.process_projects,)] + [
            (qp.process_table, t) for t in (*qp.PROCESS_DETAIL_TABLES, "parties")]
        for ocid in ocids:
            for fn, *args in calls:
                fast = read(fn, *args, ocid)
                with monkeypatch.context() as m:
                    m.setattr(qp, "_rows_of", lambda _con, table, _ocid: (f'"{table}"', []))
                    slow = read(fn, *args, ocid)
                if isinstance(fast, pd.DataFrame):
                    pd.testing.assert_frame_equal(fast, slow, obj=f"{fn.__name__}{(*args, ocid)}")
                else:
                    assert fast == slow, (fn.__name__, ocid)


def test_process_keys_are_not_used_once_a_load_comes_after_the_refresh(demo_db, tmp_path):  # noqa: F811
    import shutil

    from ui import queries_profiles as qp

    path = tmp_path / "later.duckdb"
    shutil.copy(demo_db, path)
    with duckdb.connect(str(path)) as w:
        ocid = w.execute("SELECT min(ocid) FROM processes").fetchall()[0][0]
        assert qp._rows_of(w, "releases", ocid)[1]  # read through the keys
        w.execute("UPDATE process_keys_state SET loaded_at = loaded_at - INTERVAL 1 DAY")  # a load after it
        assert qp._rows_of(w, "releases", ocid) == ('"releases"', [])


def test_banderas_reads_flags_when_the_list_table_was_built_by_an_older_version(fixture_db, tmp_path):
    import shutil

    path = tmp_path / "older.duckdb"
    shutil.copy(fixture_db, path)
    with duckdb.connect(str(path)) as w:
        expected = qe.flag_list(w, Filters())
        assert qe._flag_list_ready(w)
        w.execute("DROP TABLE party_processes")  # as an older refresh left it: no parties' processes
        assert not qe._flag_list_ready(w)
        total, rows = qe.flag_list(w, Filters())  # from flags, the same list
        assert total == expected[0]
        pd.testing.assert_frame_equal(rows, expected[1], check_dtype=False)
