"""Resumen: headline figures of the filtered view, a small map, the trend per year, states at a glance."""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ui import table_format as tf
from ui.table_format import share
from ui import queries_explore as qe
from ui.common import lang, require_data, t
from ui.explore_view import deck, fmt_value, rate, show_filters, state_layer, tile_map, unplaced_value
from ui.filters import sidebar_filters
from ui.charts import LEGEND_ABOVE, style
from ui.fmt import integer, mdp, money, plural

st.title(t("app_title"))
st.caption(t("app_subtitle"))
require_data()
f = sidebar_filters()
show_filters(f)
o = qe.overview(f)

c = st.columns(3)
c[0].metric(t("processes"), integer(o["processes"]))
c[1].metric(t("projects"), integer(o["projects"]))
c[2].metric(t("amount_contracted"), mdp(o["amount"], lang()), help=t("rd_exact", value=money(o["amount"])))
c = st.columns(4)
c[0].metric(t("kpi_single_bid"), fmt_value(o["single_bid_share"], "pct"),
            help=t("kpi_single_bid_help", detail=rate(o["single_bid_n"], o["competitive_n"])))
c[1].metric(t("kpi_direct"), fmt_value(o["direct_share"], "pct"),
            help=t("kpi_direct_help", detail=rate(o["direct_n"], o["method_n"]),
                   amount=fmt_value(o["direct_amount_share"], "pct")))
c[2].metric(t("kpi_price_increase"), fmt_value(o["price_increase_median"], "pct"),
            help=plural(o["price_increase_n"], t("kpi_price_increase_help", n=integer(o["price_increase_n"]))))
c[3].metric(t("kpi_delay"), fmt_value(o["delay_median_days"], "days"),
            help=plural(o["delay_n"], t("kpi_delay_help", n=integer(o["delay_n"]))))
if o["processes"] and not o["competitive_n"]:
    st.caption(t("kpi_no_tenderers"))

left, right = st.columns([1, 1])
with left:
    st.subheader(t("overview_map"))
    states = qe.state_measures(f)
    if state_layer(states, "processes")[0] is not None:  # boundaries configured by the operator
        points = qe.project_points(f, 1500)
        chart, _ = deck(states, "processes", points)  # the whole country, the filtered state coloured
        st.pydeck_chart(chart, height=360, key="overview_map")
        st.caption(t("map_overview_boundaries_caption"))
    else:
        st.plotly_chart(tile_map(states, "processes", f.states, height=360, unplaced=unplaced_value(f, "processes")),
                        key="overview_map",
                        config={"displayModeBar": False, "scrollZoom": False})
        st.caption(t("map_tiles_overview_caption"))
with right:
    st.subheader(t("overview_trend"))
    trend = qe.trend_by_year(f)
    if trend.empty:
        st.info(t("trend_empty"))
    else:
        fig = go.Figure()
        fig.add_bar(x=trend["year"], y=trend["processes"], name=t("col_processes"), marker_color="#4c78a8")
        fig.add_scatter(x=trend["year"], y=trend["amount"] / 1e6, name=t("col_amount_mdp"), yaxis="y2",
                        mode="lines+markers", line={"color": "#e45756"})
        fig.update_layout(
            # the legend above the plot: below it, it sat on the x axis' title and its slanted years
            height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10},
            legend=LEGEND_ABOVE,
            xaxis={"title": t("col_year"), "dtick": 1}, yaxis={"title": t("col_processes")},
            yaxis2={"title": t("col_amount_mdp"), "overlaying": "y", "side": "right", "showgrid": False})
        style(fig, lang(), x="year", y="int", y2="mdp")  # "1,200" and "642.5" mdp, never "1.2k" or "0.5B"
        st.plotly_chart(fig, key="overview_trend")
    if o["undated"]:
        st.caption(plural(o["undated"], t("rd_undated", n=integer(o["undated"]))))

st.subheader(t("by_state"))
# the states with data plus a row for data without a state, so the rows add up to the headline figures
table = qe.state_rows(f).copy()
table["name"] = table["name"].fillna(t("rd_no_state"))
if table.empty:
    st.info(t("no_rows"))
else:
    # each rate a number (it sorts as one) beside the count it is a share of
    table["single_bid"] = [share(a, b) for a, b in zip(table["single_bid_n"], table["competitive_n"])]
    table["direct"] = [share(a, b) for a, b in zip(table["direct_n"], table["method_n"])]
    table = table.sort_values("amount", ascending=False, kind="stable")
    st.dataframe(
        tf.points(table[["name", "processes", "projects", "amount", "single_bid", "competitive_n", "direct",
                         "method_n"]], ["single_bid", "direct"]),
        hide_index=True, placeholder="—", width="stretch", key="overview_states",
        column_config={
            "name": t("col_state"), "processes": tf.count_column(t("col_processes")),
            "projects": tf.count_column(t("col_projects")),
            "amount": tf.money_column(t("col_amount")),
            "single_bid": tf.pct_column(t("kpi_single_bid"), lang()),
            "competitive_n": tf.count_column(t("cmp_competitive_n"), help=t("cmp_competitive_n_help")),
            "direct": tf.pct_column(t("kpi_direct"), lang()),
            "method_n": tf.count_column(t("cmp_method_n"))})
