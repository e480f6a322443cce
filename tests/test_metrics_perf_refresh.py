"""refresh writes flag rows straight into `flags` inside its own transaction and runs Cardinal's pass
beside our SQL through a second connection; inside a transaction of the caller's it computes apart first.
Both ways give the same tables, and a failure changes nothing."""
from __future__ import annotations

import pytest

from metrics import compute as compute_mod
from metrics import catalogue
from metrics.base import FLAG_COLUMNS
from metrics.compute import refresh
from tests.test_cardinal_parallel import database, generated

COLUMNS = ", ".join(FLAG_COLUMNS)


def _flags(con, table: str = "flags") -> list[tuple]:
    return sorted(con.execute(f"SELECT {COLUMNS} FROM {table}").fetchall(), key=repr)


def _computed(con) -> list[tuple]:
    with compute_mod.computed(con, strict=True) as run:
        return _flags(con, run["flags_table"])


def _db():
    con = database(generated(120), odd=False)
    # a few of our columns, so that our indicators flag something too
    con.execute("UPDATE processes SET method = 'open', number_of_tenderers = 2, currency = 'MXN', "
                "buyer_id = 'B' || (hash(ocid) % 3)")
    return con


def test_refresh_in_its_own_transaction_writes_what_compute_gives():
    con = _db()
    expected = _computed(con)
    refresh(con, strict=True)
    got = _flags(con)
    assert got == expected
    assert {row[0] for row in got} >= {"OA-C1", "R003"}  # ours and Cardinal's both there


def test_refresh_inside_the_callers_transaction_gives_the_same_tables():
    own, inside = _db(), _db()
    refresh(own, strict=True)
    inside.begin()
    refresh(inside, strict=True)
    inside.commit()
    assert _flags(inside) == _flags(own)
    for table in ("process_scores", "buyer_scores", "indicator_stats"):
        columns = "*" if table != "indicator_stats" else "indicator, n_subjects, n_computable, n_flagged"
        assert sorted(inside.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr) == \
            sorted(own.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)


def test_cardinal_beside_our_sql_gives_what_it_gives_before_it():
    con = _db()
    beside = _computed(con)
    con.begin()  # a transaction of the caller's: no second connection, Cardinal's pass runs first
    before = _computed(con)
    con.rollback()
    assert beside == before


@pytest.mark.parametrize("callers_transaction", [False, True])
def test_failed_strict_refresh_leaves_flags_as_they_were(monkeypatch, callers_transaction):
    con = _db()
    refresh(con, strict=True)
    previous = _flags(con)

    def broken(*args, **kwargs):
        raise RuntimeError("indicator broke")

    monkeypatch.setattr(catalogue.get("OA-D1"), "run", broken)
    if callers_transaction:
        con.begin()
    with pytest.raises(RuntimeError, match="indicator broke"):
        refresh(con, strict=True)
    if callers_transaction:
        con.commit()  # the caller's transaction holds nothing of the failed refresh
    assert _flags(con) == previous
    assert con.execute(f"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{compute_mod.FLAGS_TMP}'"
                       ).fetchall() == [(0,)]


def test_failed_indicator_without_strict_keeps_the_others(monkeypatch):
    con = _db()

    def broken(*args, **kwargs):
        raise RuntimeError("indicator broke")

    monkeypatch.setattr(catalogue.get("OA-D1"), "run", broken)
    runs = refresh(con)
    indicators = {row[0] for row in _flags(con)}
    assert "OA-D1" not in indicators and {"OA-C1", "R003"} <= indicators
    assert runs.set_index("indicator").loc["OA-D1", "error"].startswith("RuntimeError")


def test_failed_strict_compute_leaves_no_temporary_table(monkeypatch):
    con = _db()

    def broken(*args, **kwargs):
        raise RuntimeError("indicator broke")

    monkeypatch.setattr(catalogue.get("OA-D1"), "run", broken)
    with pytest.raises(RuntimeError, match="indicator broke"):
        with compute_mod.computed(con, strict=True):
            pass
    assert con.execute(f"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{compute_mod.FLAGS_TMP}'"
                       ).fetchall() == [(0,)]


def test_compute_inside_the_callers_transaction_keeps_it_usable():
    con = _db()
    con.begin()
    con.execute("CREATE TABLE mine (x INTEGER)")
    _computed(con)
    con.execute("INSERT INTO mine VALUES (1)")  # the caller's transaction was not aborted by a probe
    con.commit()
    assert con.execute("SELECT x FROM mine").fetchall() == [(1,)]
