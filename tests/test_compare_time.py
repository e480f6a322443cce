"""Comparar over time: the measures by year per state or implementer (ui.queries_explore.compare_by_year
on the hand-made database of tests/ui_explore_fixture.py), the chart's axes from zero, and the page."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests import ui_explore_fixture
from ui import compare_time
from ui import queries_explore as qe
from ui.filters import Filters

PAGE = Path(__file__).resolve().parent.parent / "views" / "comparar.py"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return ui_explore_fixture.build(tmp_path_factory.mktemp("cmp_time") / "fixture.duckdb")


@pytest.fixture(scope="module")
def con(db):
    c = duckdb.connect(str(db), read_only=True)
    yield c
    c.close()


def _row(df: pd.DataFrame, key: str, year: int) -> dict:
    return df[(df["key"] == key) & (df["year"] == year)].iloc[0].to_dict()


def test_states_by_year_count_sum_pesos_and_give_each_rate_with_its_base(con):
    df = qe.compare_by_year(con, Filters(), "state", ("19", "14"))
    assert sorted(zip(df["key"], df["year"])) == [("14", 2021), ("19", 2019), ("19", 2020)]  # p5 has no year
    r = _row(df, "19", 2020)  # p2 (open, 4 tenderers, 200) and p3 (direct, 330, flagged)
    assert (r["processes"], r["amount"]) == (2, 530)
    assert (r["single_bid_n"], r["competitive_n"], r["single_bid_share"]) == (0, 1, 0)
    assert (r["direct_n"], r["method_n"], r["direct_share"]) == (1, 2, 0.5)
    assert (r["noncompetitive_n"], r["noncompetitive_share"]) == (1, 0.5)
    assert r["flagged_n"] == 1 and r["flag_rate"] == r["flagged_n"] / r["flag_computable_n"]
    r = _row(df, "14", 2021)  # p4 (selective, 1 tenderer, USD: not summed) and p6 (awarded 2021, 500)
    assert (r["processes"], r["amount"]) == (2, 500)
    assert (r["single_bid_n"], r["competitive_n"], r["single_bid_share"]) == (1, 1, 1.0)
    assert r["noncompetitive_n"] == 0  # selective is a competitive method
    assert _row(df, "19", 2019)["mean_bidders"] == 1


def test_implementers_by_year_and_only_the_chosen_ones(con):
    df = qe.compare_by_year(con, Filters(), "implementer", ("impl-a",))
    assert set(df["key"]) == {"impl-a"} and df["processes"].sum() == 3
    assert qe.compare_by_year(con, Filters(), "implementer", ()).empty


def test_the_filters_apply_to_the_years(con):
    df = qe.compare_by_year(con, Filters(methods=("direct",)), "state", ("19", "14"))
    assert list(zip(df["key"], df["year"], df["processes"])) == [("19", 2020, 1)]


def test_the_chart_has_one_line_per_choice_on_an_axis_from_zero():
    by_year = pd.DataFrame({"key": ["a", "a", "b"], "year": [2020, 2021, 2021],
                            "processes": [10, 12, 5], "single_bid_share": [0.515, 0.519, 0.517],
                            "competitive_n": [33, 27, 29]})
    fig = compare_time.figure(by_year, "single_bid_share", {"a": "<b>A</b>", "b": "B"}, "Oferta única (%)",
                              lambda n: f"sobre {n}", order=["b", "a"])
    assert [tr.name for tr in fig.data] == ["B", "&lt;b&gt;A&lt;/b&gt;"]  # names from data are text
    assert fig.layout.yaxis.range[0] == 0  # 51.5-51.9 % is not stretched over the whole axis
    assert fig.layout.yaxis.range[1] >= 51.9 * 1.1 - 1e-9
    assert list(fig.data[1].y) == pytest.approx([51.5, 51.9]) and list(fig.data[1].customdata) == ["sobre 33",
                                                                                                     "sobre 27"]
    amount = compare_time.figure(by_year.assign(amount=[2e9, 3e9, 1e9]), "amount", {}, "mdp")
    assert max(max(tr.y) for tr in amount.data) == 3000 and amount.layout.yaxis.range[0] == 0


def test_default_choice_is_the_largest_by_amount():
    df = pd.DataFrame({"key": ["x", "y", "z", "w"], "amount": [1, 30, 20, 10]})
    assert compare_time.default_pick(df) == ["y", "z", "w"]


def _run(monkeypatch, db, query: dict) -> AppTest:
    monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.session_state["lang"] = "es"
    for key, value in query.items():
        at.query_params[key] = value if isinstance(value, list) else [value]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_two_states_chosen_in_the_url_are_drawn_side_by_side_by_year(monkeypatch, db):
    at = _run(monkeypatch, db, {"sel_state": ["14", "19"], "medida_anual": "direct_share"})
    charts = {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    (spec,) = [s for s in charts.values() if any(tr.get("mode") == "lines+markers" for tr in s["data"])]
    assert [tr["name"] for tr in spec["data"]] == ["Jalisco", "Nuevo León"]
    assert spec["layout"]["yaxis"]["range"][0] == 0
    assert at.multiselect(key="w_sel_state").value == ["14", "19"]


def test_implementers_side_by_side_from_the_url(monkeypatch, db):
    at = _run(monkeypatch, db, {"nivel": "implementer", "sel_implementer": ["impl-a", "impl-b"]})
    assert at.multiselect(key="w_sel_implementer").value == ["impl-a", "impl-b"]


def test_the_competition_scatter_runs_from_0_to_100_percent(monkeypatch, db):
    at = _run(monkeypatch, db, {})
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    scatter = [s for s in specs if s["layout"].get("xaxis", {}).get("ticksuffix") == " %"]
    assert scatter and scatter[0]["layout"]["xaxis"]["range"][0] <= 0 <= scatter[0]["layout"]["yaxis"]["range"][0] + 2
    assert scatter[0]["layout"]["yaxis"]["range"][1] >= 100
