"""metrics.peers: fences per peer group in SQL, publishers, and each publisher's own data date."""
from __future__ import annotations

import random

import duckdb
import pytest

from metrics import catalogue, peers
from metrics.outliers import high_fence, low_fence
from tests.metrics_helpers import empty_db, insert, results


def _fences(values_by_group, side, threshold=None, minimum=1):
    con = duckdb.connect()
    con.execute("CREATE TABLE v (peer_group VARCHAR, value DOUBLE)")
    for group, values in values_by_group.items():
        con.executemany("INSERT INTO v VALUES (?, ?)", [[group, value] for value in values])
    rows = peers.create_fences(con, "X", "v", "f", side, threshold, minimum)
    return {row["peer_group"]: row for row in rows}


@pytest.mark.parametrize("side, reference", [("high", high_fence), ("low", low_fence)])
def test_sql_fences_per_group_equal_the_python_fences(side, reference):
    rng = random.Random(11)
    groups = {f"g{n}": [rng.choice([0.0, round(rng.uniform(0, 90), 2)]) for _ in range(n)] for n in range(1, 40)}
    groups["zeros"] = [0.0] * 8
    groups["some null"] = [1.0, None, 5.0, 9.0, None, 2.0]
    got = _fences(groups, side, minimum=4)
    for group, values in groups.items():
        want = reference([v for v in values if v is not None], minimum_peers=4)
        row = got[group]
        assert (row["n_peers"], row["skipped"], row["reason"]) == (want.n, want.skipped, want.reason), group
        for key in ("q1", "q3", "fence"):
            assert row[key] == pytest.approx(getattr(want, key), abs=1e-9), (group, key)


def test_a_group_without_values_is_recorded_as_skipped():
    got = _fences({"empty": [None, None], "full": [1.0, 2.0, 3.0]}, "high")
    assert got["empty"]["n_peers"] == 0 and got["empty"]["skipped"] and got["empty"]["reason"] == "no_values"
    assert not got["full"]["skipped"]


def test_a_threshold_replaces_every_groups_fence():
    got = _fences({"a": [1.0], "b": [5.0, 6.0]}, "high", threshold=30.0, minimum=10)
    assert {row["fence"] for row in got.values()} == {30.0}
    assert not any(row["skipped"] for row in got.values())


def test_the_publisher_is_the_implementer_and_the_ocid_prefix():
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT {peers.publisher_sql('p')} FROM (VALUES ('nl-gobierno', 'ocds-7wj9x5-LO-1'), "
        "('cdmx-inai', 'PC-0001'), (NULL, 'OCDS-07SMQS-1035'), (NULL, 'x-1')) p(implementer_id, ocid)"
    ).fetchall()
    assert [r[0] for r in rows] == ["nl-gobierno ocds-7wj9x5", "cdmx-inai", "ocds-07smqs", peers.UNKNOWN_PUBLISHER]


def _decision_periods(con, publisher, ocid_prefix, days_list):
    for n, days in enumerate(days_list):
        insert(con, "processes", ocid=f"{ocid_prefix}-{n}", implementer_id=publisher, method="open",
               tender_end="2020-01-01", award_date=f"2020-01-{1 + days:02d}" if days < 31 else "2020-03-01")


def test_decision_period_fences_do_not_mix_publishers():
    con = empty_db()
    _decision_periods(con, "a", "ocds-aaaaaa", [1, 1, 2, 2, 3, 3, 4, 4, 5, 30])
    alone = results(con, "OA-D2")
    _decision_periods(con, "b", "ocds-bbbbbb", [20, 21, 22, 23, 24, 25, 26, 27, 28, 29])
    joint = results(con, "OA-D2")
    assert alone["ocds-aaaaaa-9"]["flagged"] is True  # 30 days among publisher a's 1 to 5
    assert {k: v for k, v in joint.items() if k.startswith("ocds-aaaaaa")} == alone
    assert joint["ocds-aaaaaa-9"]["detail"]["peers"] == 10
    groups = {row["peer_group"]: row["n_peers"] for row in catalogue.get("OA-D2").compute(con).peer_stats}
    assert groups == {"a ocds-aaaaaa · open": 10, "b ocds-bbbbbb · open": 10}


def test_too_few_peers_in_a_publisher_is_not_computable_even_with_many_elsewhere():
    con = empty_db()
    _decision_periods(con, "a", "ocds-aaaaaa", [1, 2, 3])
    _decision_periods(con, "b", "ocds-bbbbbb", list(range(1, 21)))
    got = results(con, "OA-D2")
    assert got["ocds-aaaaaa-0"]["computable"] is False
    assert got["ocds-aaaaaa-0"]["detail"]["reason"] == "too_few_peers"
    assert got["ocds-bbbbbb-0"]["computable"] is True


def test_stalled_tender_counts_to_its_own_publishers_data_date():
    con = empty_db()
    insert(con, "processes", ocid="ocds-aaaaaa-1", implementer_id="a", tender_end="2020-01-01",
           last_release_date="2020-01-21")
    insert(con, "processes", ocid="ocds-bbbbbb-1", implementer_id="b", tender_end="2020-01-01",
           last_release_date="2021-01-01")
    got = results(con, "OA-D7")
    assert got["ocds-aaaaaa-1"]["value"] == 20 and got["ocds-aaaaaa-1"]["flagged"] is False
    assert got["ocds-aaaaaa-1"]["detail"]["data_date"] == "2020-01-21T00:00:00"
    assert got["ocds-bbbbbb-1"]["value"] == 366 and got["ocds-bbbbbb-1"]["flagged"] is True
    fixed = results(con, "OA-D7", {"data_date": "2020-03-01"})  # the setting still wins for everyone
    assert fixed["ocds-aaaaaa-1"]["value"] == 60 and fixed["ocds-bbbbbb-1"]["value"] == 60


def test_every_fenced_indicator_documents_its_peer_group_in_both_languages():
    codes = {i.meta.code for i in catalogue.all_indicators()}
    for code, group in peers.PEER_GROUPS.items():
        assert code in codes, code
        assert group.es and group.en
    assert peers.ACROSS_PUBLISHERS <= set(peers.PEER_GROUPS)


def test_the_flag_page_names_the_peer_group_and_its_size_beside_the_quartiles():
    from ui.peer_text import peer_line

    detail = '{"days": 61, "peer_group": "cdmx-inai ocds-g4facg · open", "peers": 12, "q1": 5, "q3": 20}'
    line = peer_line("OA-D2", detail, None, "es")
    assert "cdmx\\-inai ocds\\-g4facg · open" in line and "(12 sujetos con valor)" in line
    assert "same publisher" in peer_line("OA-D2", detail, None, "en")
    assert peer_line("OA-P1", detail, None, "es") is None  # no peers: judged on its own data
    assert "todos los sujetos" in peer_line("R024", None, None, "es").lower()  # documented, no group named
