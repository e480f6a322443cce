"""Comparar: states or implementers side by side (spending, competition, delays, price, flag rates,
publication quality), within spending bands so that like is compared with like."""
from __future__ import annotations

import plotly.express as px
import streamlit as st

from metrics.score import band_label
from ui import compare_time
from ui import table_format as tf
from ui import queries_explore as qe
from ui import url_state
from ui.charts import LEGEND_ABOVE, style
from ui.common import lang, require_data, t
from ui.fmt import integer
from ui.explore_view import show_filters
from ui.filters import sidebar_filters
from ui.safe_text import plotly_column

# measure -> (column, label key, kind); kind "pct" columns are rates shown next to their counts
MEASURES = {
    "amount": ("amount", "cmp_amount", "money"),
    "amount_per_year": ("amount_per_year", "cmp_amount_per_year", "money"),
    "processes": ("processes", "col_processes", "int"),
    "mean_bidders": ("mean_bidders", "cmp_mean_bidders", "num"),
    "single_bid_share": ("single_bid_share", "kpi_single_bid", "pct"),
    "direct_share": ("direct_share", "kpi_direct", "pct"),
    "tender_days": ("tender_days", "cmp_tender_days", "num"),
    "decision_days": ("decision_days", "cmp_decision_days", "num"),
    "extension_days": ("extension_days", "cmp_extension_days", "num"),
    "time_overrun_days": ("time_overrun_days", "cmp_time_overrun_days", "num"),
    "price_increase": ("price_increase", "cmp_price_increase", "pct"),
    "cost_overrun": ("cost_overrun", "cmp_cost_overrun", "pct"),
    "flag_rate": ("flag_rate", "cmp_flag_rate", "pct"),
    "publication_score": ("publication_score", "cmp_publication_score", "num"),
}

st.title(t("page_compare"))
require_data()
f = sidebar_filters()
show_filters(f)

levels = ["state", "implementer"]
level = st.segmented_control(t("cmp_level"), levels, format_func=lambda v: t(f"cmp_level_{v}"),
                             **url_state.bind("nivel", "state", url_state.one_of(levels))) or "state"
df = qe.compare(f, level).copy()
has_quality = bool(df.attrs.get("has_quality", False))
if df.empty:
    st.info(t("no_rows"))
    st.stop()
df["band_label"] = [band_label(b, lang()) for b in df["band"]]
df.loc[df["key"] == "", "name"] = t("rd_no_state" if level == "state" else "rd_no_implementer")
if "in_pilot" in df:  # a publisher outside the pilot has its own row, marked
    df.loc[df["in_pilot"].eq(False), "name"] = df["name"] + f" ({t('outside_pilot')})"
bands = [b for b in dict.fromkeys(df.sort_values("amount_per_year", ascending=False)["band"]) if isinstance(b, str)]
chosen = st.multiselect(t("cmp_bands"), bands, format_func=lambda b: band_label(b, lang()),
                        placeholder=t("cmp_bands_all"), help=t("cmp_bands_help"),
                        **url_state.bind("banda", [], url_state.codes(bands), multi=True))
if chosen:
    df = df[df["band"].isin(chosen)]
if not has_quality:
    st.info(t("cmp_no_quality"))
if not df["flag_computable_n"].fillna(0).sum():
    st.info(t("cmp_no_flags"))

# percentages as 0-100 for the table's number formats; counts beside every rate
table = tf.points(df, ("single_bid_share", "direct_share", "flag_rate", "price_increase", "cost_overrun"))
cols = ["name"] + (["state"] if level == "implementer" else []) + [
    "band_label", "processes", "projects", "amount", "amount_per_year", "mean_bidders", "single_bid_share",
    "competitive_n", "direct_share", "method_n", "tender_days", "decision_days", "extension_days",
    "time_overrun_days", "time_overrun_n", "price_increase", "price_increase_n", "cost_overrun",
    "cost_overrun_n", "flag_rate", "flag_computable_n"] + (["publication_score"] if has_quality else [])
num = st.column_config.NumberColumn
st.dataframe(
    table[cols], hide_index=True, placeholder="—", width="stretch", key="cmp_table",
    column_config={
        "name": st.column_config.TextColumn(t("cmp_level_" + level), pinned=True),
        "state": t("col_state"), "band_label": t("cmp_band"),
        "processes": tf.count_column(t("col_processes")),
        "projects": tf.count_column(t("col_projects")),
        "amount": tf.money_column(t("cmp_amount")),
        "amount_per_year": tf.money_column(t("cmp_amount_per_year")),
        "mean_bidders": num(t("cmp_mean_bidders"), format="%.1f"),
        "single_bid_share": tf.pct_column(t("kpi_single_bid"), lang()),
        "competitive_n": tf.count_column(t("cmp_competitive_n"), help=t("cmp_competitive_n_help")),
        "direct_share": tf.pct_column(t("kpi_direct"), lang()),
        "method_n": tf.count_column(t("cmp_method_n")),
        "tender_days": num(t("cmp_tender_days"), format="%.0f"),
        "decision_days": num(t("cmp_decision_days"), format="%.0f"),
        "extension_days": num(t("cmp_extension_days"), format="%.0f"),
        "time_overrun_days": num(t("cmp_time_overrun_days"), format="%.0f"),
        "time_overrun_n": tf.count_column(t("cmp_projects_n")),
        "price_increase": tf.pct_column(t("cmp_price_increase"), lang()),
        "price_increase_n": tf.count_column(t("cmp_contracts_n")),
        "cost_overrun": tf.pct_column(t("cmp_cost_overrun"), lang()),
        "cost_overrun_n": tf.count_column(t("cmp_projects_n")),
        "flag_rate": tf.pct_column(t("cmp_flag_rate"), lang(), help=t("cmp_flag_rate_help")),
        "flag_computable_n": tf.count_column(t("cmp_flag_computable_n")),
        "publication_score": num(t("cmp_publication_score"), format="%.1f"),
    })
st.caption(t("cmp_table_caption"))

st.subheader(t("cmp_chart"))
options = [m for m in MEASURES if m != "publication_score" or has_quality]
measure = st.selectbox(t("cmp_measure"), options, format_func=lambda m: t(MEASURES[m][1]),
                       **url_state.bind("medida_comp", "amount", url_state.one_of(options)))
col, label_key, kind = MEASURES[measure]
chart = df.dropna(subset=[col]).sort_values(col, ascending=False).head(40)
if chart.empty:
    st.info(t("cmp_measure_empty"))
else:
    # amounts in millions of pesos ("mdp"), shares as "83.7 %": never Plotly's "7B" or "700M"
    scale, axis_kind = {"money": (1e-6, "mdp"), "pct": (100, "pct"), "int": (1, "int")}.get(kind, (1, "num"))
    fig = px.bar(plotly_column(chart.assign(value=chart[col] * scale), "name"), x="name", y="value",
                 color="band_label", labels={"name": "", "value": t(label_key), "band_label": t("cmp_band")})
    fig.update_layout(height=420, margin={"l": 10, "r": 10, "t": 30, "b": 10}, xaxis={"tickangle": -40},
                      legend=LEGEND_ABOVE)
    style(fig, lang(), x="category", y=axis_kind, y_title=t(label_key))
    st.plotly_chart(fig, key="cmp_bar")

st.subheader(t("cmp_time"))
# two or more states or implementers side by side, by year (the choice lives in the URL)
names = dict(zip(df["key"], df["name"]))
keys = [k for k in df["key"] if k is not None]
first = compare_time.default_pick(df)
picked = st.multiselect(t("cmp_time_pick"), keys, format_func=lambda k: names.get(k, k),
                        help=t("cmp_time_pick_help", n=compare_time.DEFAULT_PICK),
                        **url_state.bind("sel_" + level, first, url_state.codes(keys), multi=True))
time_options = [m for m in compare_time.TIME_MEASURES]
time_measure = st.selectbox(t("cmp_time_measure"), time_options,
                            format_func=lambda m: t(compare_time.TIME_MEASURES[m][1]),
                            **url_state.bind("medida_anual", "processes", url_state.one_of(time_options)))
by_year = qe.compare_by_year(f, level, tuple(picked)) if picked else None
if by_year is None or by_year.empty or by_year[compare_time.TIME_MEASURES[time_measure][0]].isna().all():
    st.info(t("cmp_time_empty"))
else:
    label_key, kind = compare_time.TIME_MEASURES[time_measure][1:3]
    axis = t(label_key) + (f" ({t('unit_mdp')})" if kind == "mdp" else " (%)" if kind == "pct" else "")
    time_fig = compare_time.figure(by_year, time_measure, names, axis,
                                   lambda n: t("cmp_time_hover_n", n=integer(n)), order=picked)
    st.plotly_chart(style(time_fig, lang()), key="cmp_time_chart", config={"displayModeBar": False})
    st.caption(t("cmp_time_caption"))

st.subheader(t("cmp_scatter"))
scatter = df[(df["competitive_n"].fillna(0) > 0) & (df["method_n"].fillna(0) > 0)]
if scatter.empty:
    st.info(t("cmp_scatter_empty"))
else:
    fig = px.scatter(
        plotly_column(scatter.assign(single=scatter["single_bid_share"] * 100, direct=scatter["direct_share"] * 100),
                      "name"),
        x="direct", y="single", size="processes", color="band_label", hover_name="name",
        labels={"direct": t("kpi_direct") + " (%)", "single": t("kpi_single_bid") + " (%)",
                "band_label": t("cmp_band"), "processes": t("col_processes")})
    # both axes 0-100 %: an auto-scaled axis makes tiny differences look large
    fig.update_xaxes(range=[-2, 102])
    fig.update_yaxes(range=[-2, 102])
    fig.update_traces(cliponaxis=False)
    fig.update_layout(height=420, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend=LEGEND_ABOVE)
    style(fig, lang(), x="pct", y="pct", x_title=t("kpi_direct"), y_title=t("kpi_single_bid"))  # "83.7 %"
    st.plotly_chart(fig, key="cmp_scatter")
    st.caption(t("cmp_scatter_axes"))
