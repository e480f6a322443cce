"""The exploration queries against a hand-made database whose answers are worked out by hand
(tests/ui_explore_fixture.py documents the rows)."""
from __future__ import annotations

import duckdb
import pytest

from metrics.schema import create_tables as create_metrics_tables
from quality.tables import create_quality_tables
from tests import ui_explore_fixture
from ui import queries_explore as qe
from ui.filters import Filters


@pytest.fixture(scope="module", params=["flags only", "with the refresh's tables"])
def con(request, tmp_path_factory):
    """The fixture as loaded (Banderas reads flags), and after the refresh step that writes flag_list_rows and
    flag_keys (Banderas reads those): every test holds for both."""
    path = ui_explore_fixture.build(tmp_path_factory.mktemp("explore") / "fixture.duckdb")
    if request.param != "flags only":
        from obras import flag_index

        with duckdb.connect(str(path)) as w:
            flag_index.refresh(w)
            assert w.execute("SELECT count(*) FROM flag_list_rows").fetchall()[0][0] > 0  # the premise
    c = duckdb.connect(str(path), read_only=True)
    assert qe._flag_list_ready(c) == (request.param != "flags only")  # which path Banderas takes
    yield c
    c.close()


def test_overview_counts_sums_pesos_only_and_gives_rates_with_their_bases(con):
    o = qe.overview(con, Filters())
    assert o["processes"] == 6 and o["projects"] == 3 and o["undated"] == 1
    assert o["amount"] == pytest.approx(130 + 200 + 330 + 400 + 500)  # p4 is in USD: left out, not converted
    assert (o["single_bid_n"], o["competitive_n"]) == (2, 3)  # p1 and p4 of p1, p2, p4 (p6 has no count)
    assert (o["direct_n"], o["method_n"]) == (2, 6)
    assert o["price_increase_median"] == pytest.approx(0.1) and o["price_increase_n"] == 3  # 0.3, 0, 0.1
    assert o["delay_median_days"] == 10 and o["delay_n"] == 3  # 10, 0, 30 days


@pytest.mark.parametrize("filters, processes, projects", [
    (Filters(states=("19",)), 3, 1),
    (Filters(implementers=("impl-b",)), 3, 1),
    (Filters(years=(2020, 2020)), 2, 1),  # p2, p3 by signature year; pr3 starts in 2020
    (Filters(project="pr1"), 2, 1),
    (Filters(methods=("direct",)), 2, 0),  # no project links a direct award
    (Filters(categories=("works",), states=("14",)), 1, 1),
])
def test_filters_narrow_processes_and_projects(con, filters, processes, projects):
    o = qe.overview(con, filters)
    assert (o["processes"], o["projects"]) == (processes, projects)


def test_year_filter_leaves_out_undated_processes_but_no_filter_keeps_them(con):
    assert qe.download_count(con, Filters(years=(1990, 2100))) == 5
    assert qe.download_count(con, Filters()) == 6


def test_trend_counts_processes_per_year_without_the_undated(con):
    trend = qe.trend_by_year(con, Filters())
    assert dict(zip(trend["year"], trend["processes"])) == {2019: 1, 2020: 2, 2021: 2}
    assert dict(zip(trend["year"], trend["amount"]))[2021] == pytest.approx(500)  # p4 is USD


def test_state_measures_list_every_state_with_position_and_rates(con):
    df = qe.state_measures(con, Filters()).set_index("state_code")
    assert set(df.index) == {"09", "14", "19", "31"}
    assert df.loc["19", "processes"] == 3 and df.loc["19", "single_bid_share"] == pytest.approx(0.5)
    assert df.loc["14", "direct_share"] == pytest.approx(1 / 3)
    assert df.loc["09", "projects"] == 1 and df.loc["09", "processes"] == 0
    assert df.loc["31", "processes"] == 0 and df.loc["19", "lon"] == pytest.approx(-99.99)


def test_flag_rates_count_processes_with_a_flag_among_computable_ones(con):
    rates = qe.state_flag_rates(con, Filters()).set_index("key")
    assert (rates.loc["19", "flagged_n"], rates.loc["19", "flag_computable_n"]) == (2, 3)
    assert rates.loc["14", "flag_rate"] == pytest.approx(1.0)


def test_project_points_carry_amount_and_flag_count_when_there_are_no_scores(con):
    pts = qe.project_points(con, Filters())
    assert pts.attrs["risk_kind"] == "flags"
    by_id = pts.set_index("project_id")
    assert set(by_id.index) == {"pr1", "pr3"}  # pr2 has no location
    assert by_id.loc["pr1", "risk"] == 2  # its own OA-P2 and OA-C1 on its process p1
    assert by_id.loc["pr1", "amount"] == 1000
    assert qe.projects_without_location(con, Filters()) == 1


def test_project_points_use_project_scores_when_metrics_wrote_them(tmp_path):
    path = ui_explore_fixture.build(tmp_path / "scored.duckdb")
    with duckdb.connect(str(path)) as c:
        create_metrics_tables(c)  # the contract: core/contract/metrics/schema.sql
        c.execute("INSERT INTO project_scores (project_id, n_computable, n_flagged, score) VALUES ('pr1', 4, 1, 25.0)")
    with duckdb.connect(str(path), read_only=True) as c:
        pts = qe.project_points(c, Filters()).set_index("project_id")
        assert pts.attrs["risk_kind"] == "score" and pts.loc["pr1", "risk"] == 25.0


def test_compare_by_state_gives_competition_delays_price_and_flag_rates(con):
    df = qe.compare(con, Filters(), "state").set_index("key")
    nl = df.loc["19"]
    assert nl["name"] == "Nuevo León" and nl["processes"] == 3 and nl["projects"] == 1
    assert (nl["single_bid_n"], nl["competitive_n"]) == (1, 2)
    assert nl["mean_bidders"] == pytest.approx(2.5)
    assert nl["price_increase"] == pytest.approx(0.1) and nl["extension_days"] == 10
    assert nl["cost_overrun"] == pytest.approx(0.3) and nl["time_overrun_days"] == 61  # 31/12/2019 -> 1/3/2020
    assert nl["flag_rate"] == pytest.approx(2 / 3)
    assert df.attrs["has_quality"] is False and "publication_score" not in df.columns
    assert set(df.index) == {"19", "14", "09"}  # 09 has a project only
    assert df["band"].notna().all()


def test_compare_by_implementer_and_publication_score_from_quality_table(tmp_path):
    path = ui_explore_fixture.build(tmp_path / "quality.duckdb")
    with duckdb.connect(str(path)) as c:
        create_quality_tables(c)  # the contract: core/contract/quality/schema.sql
        c.execute("INSERT INTO quality_scores (implementer_id, score, computed_at) VALUES "
                  "('impl-a', 40, '2024-01-01'), ('impl-a', 70, '2025-01-01'), ('impl-b', 55, '2025-01-01')")
    with duckdb.connect(str(path), read_only=True) as c:
        df = qe.compare(c, Filters(), "implementer").set_index("key")
        assert df.attrs["has_quality"] is True
        assert df.loc["impl-a", "publication_score"] == 70  # the latest run
        assert df.loc["impl-b", "state"] == "Jalisco"
        states = qe.compare(c, Filters(), "state").set_index("key")
        assert states.loc["19", "publication_score"] == 70


def test_flag_list_unfiltered_lists_every_flagged_result(con):
    total, rows = qe.flag_list(con, Filters())
    assert total == sum(1 for f in ui_explore_fixture.FLAGS if f[5])
    assert len(rows) == total


@pytest.mark.parametrize("filters, expected", [
    (Filters(states=("19",)), {("OA-C1", "p1"), ("OA-D3", "p3"), ("OA-P2", "pr1")}),
    (Filters(states=("14",)), {("OA-C1", "p4"), ("OA-C2", "b3"), ("R018", "RFC123")}),
    (Filters(methods=("direct",)), {("OA-D3", "p3"), ("OA-C2", "b3")}),  # b3 has the direct award p5
])
def test_flag_list_places_results_through_their_process_project_or_party(con, filters, expected):
    total, rows = qe.flag_list(con, filters)
    assert set(zip(rows["indicator"], rows["subject_id"])) == expected and total == len(expected)


def test_flag_list_filters_by_indicator_subject_and_amount(con):
    total, _ = qe.flag_list(con, Filters(), indicators=("OA-C1",))
    assert total == 3  # p1, p4 and the unloaded ocid
    total, rows = qe.flag_list(con, Filters(), subject_types=("buyer", "tenderer"))
    assert set(rows["subject_id"]) == {"b3", "RFC123"}
    # amounts: p3 330, buyer b3 900 (p5 + p6; p4 is USD), pr1 1300 (final cost); the rest below or unknown
    total, rows = qe.flag_list(con, Filters(), amount_range=(250, None))
    assert set(rows["subject_id"]) == {"p3", "b3", "pr1"}
    total, rows = qe.flag_list(con, Filters(), amount_range=(None, 400))
    assert set(rows["subject_id"]) == {"p1", "p3"}


def test_flag_rows_prefer_peer_statistics_of_the_detail_over_the_indicator_wide_ones(con):
    _, rows = qe.flag_list(con, Filters(), indicators=("OA-D3", "OA-C1"))
    d3 = rows[rows["indicator"] == "OA-D3"].iloc[0]
    assert (d3["q1"], d3["q3"], d3["fence"], d3["n_subjects"]) == (5, 15, 30, 7)
    c1 = rows[rows["subject_id"] == "p1"].iloc[0]
    assert (c1["q1"], c1["q3"], c1["fence"]) == (2, 5, 3)


def test_flag_list_limit_keeps_the_total(con):
    total, rows = qe.flag_list(con, Filters(), limit=2)
    assert total == 7 and len(rows) == 2


def test_evidence_and_subject_results(con):
    ev = qe.process_evidence(con, "p1")
    assert ev["state"] == "Nuevo León" and ev["implementer"] == "Secretaría A" and ev["projects"] == "pr1"
    assert qe.process_evidence(con, "nope") is None
    assert qe.project_evidence(con, "pr1")["processes"] == 2
    results = qe.subject_flags(con, "ocid", "p2")
    assert list(results["flagged"]) == [False]
    n, procs = qe.party_processes(con, "buyer", "b3", Filters())
    assert n == 3 and set(procs["ocid"]) == {"p4", "p5", "p6"}
    n, _ = qe.party_processes(con, "tenderer", "RFC123", Filters())
    assert n == 1


def test_download_rows_hold_the_filtered_processes_with_their_flags(con):
    df = qe.download_rows(con, Filters(states=("19",)))
    assert list(df["ocid"]) == ["p1", "p2", "p3"]
    by = df.set_index("ocid")
    assert by.loc["p1", "flags"] == 1 and by.loc["p1", "flagged_indicators"] == "OA-C1"
    assert by.loc["p2", "flags"] == 0 and by.loc["p2", "indicators_computable"] == 1
    assert len(qe.download_rows(con, Filters(), limit=4)) == 4


def test_filter_options_offer_states_and_implementers_with_data(con):
    opts = qe.filter_options(con)
    assert set(opts["state_names"]) == {"09", "14", "19"}
    assert opts["implementer_names"] == {"impl-a": "Secretaría A", "impl-b": "Municipio B"}
    assert opts["years"] == (2019, 2021)
    assert opts["methods"] == ["open", "selective", "direct"]
