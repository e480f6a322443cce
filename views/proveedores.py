"""Proveedores: one supplier — what it won, for how much, from which buyers and what share of each
buyer's awarded amount, and the flags on it and on the processes it won. `?supplier=<party id or RFC>`.

A supplier can have tens of thousands of awards and hundreds of thousands of indicator results (the busiest
of the 1,000,000-process demo: 23,918 and 255,028): the page shows their counts and one page of rows at a
time, and downloads every row on request."""
from __future__ import annotations

import re

import plotly.express as px
import streamlit as st

from ui import codelabels as cl
from ui import queries_profiles as qp
from ui import table_format as tf
from ui.charts import label_lines, style, wrapped_label
from ui.common import lang, require_data, t
from ui.fmt import amount_short, day, integer, money, pct
from ui.db import run
from ui import profile_widgets
from ui.profile_widgets import choose, download_all, flags_section_paged, md_escape, page_url, pager, readable
from ui.safe_text import md

L = lang()
st.title(t("page_suppliers"))
require_data()
st.caption(t("sup_intro"))

search = st.text_input(t("sup_search"), key="sup_search")
options = qp.supplier_options(search.strip())
wanted = st.query_params.get("supplier")
if wanted:  # a party id or an RFC in a link: show the supplier it names under its key
    key = qp.resolve_supplier(wanted)
    if key and key != wanted:
        st.query_params["supplier"] = key
supplier = choose("supplier", t("sup_choose"), options, "supplier_key",
                  lambda r: f"{(r['name'] or r['supplier_key'])[:70]} ({r['supplier_key']}) · "
                            f"{integer(r['wins'])} · {money(r['amount'], L)}")
if supplier is None:
    st.info(t("sup_none_match") if search.strip() else t("sup_none_loaded"))
    st.stop()
summary = qp.supplier_summary(supplier)
if summary is None:
    st.warning(t("sup_not_found", id=md(supplier)))
    st.stop()

st.header(md_escape(summary["name"] or supplier))
st.caption(t("sup_key", supplier=md_escape(supplier), ids=md_escape(", ".join(summary["party_ids"] or []))))
other_names = [n for n in (summary["names"] or []) if n != summary["name"]]
if other_names:
    st.caption(t("sup_other_names", names=md_escape("; ".join(other_names[:10]))))

c1, c2, c3, c4 = st.columns(4)
c1.metric(t("sup_wins"), integer(summary["wins"]))
c2.metric(t("sup_amount"), amount_short(summary["amount"], L), help=t("rd_exact", value=money(summary["amount"], L)))
c3.metric(t("sup_buyers"), integer(summary["buyers"]))
c4.metric(t("sup_other_awards"), integer(summary["other_awards"]), help=t("sup_other_awards_help"))
if summary["first_award"] is not None:
    st.caption(t("sup_period", first=day(summary["first_award"], L), last=day(summary["last_award"], L)))

st.subheader(t("sup_by_buyer"))
buyers = qp.supplier_buyers(supplier)
if buyers.empty:
    st.info(t("sup_no_wins"))
else:
    # amounts written out whole, kept as numbers (they sort as numbers); empty text cells as "—"
    st.dataframe(
        tf.points(tf.numeric(readable(buyers[["buyer_name", "wins", "buyer_processes", "amount", "buyer_amount",
                                              "share"]], lang_=L), ("amount", "buyer_amount")), ["share"]),
        hide_index=True, placeholder="—", width="stretch",
        column_config={
            "buyer_name": st.column_config.TextColumn(t("sup_col_buyer"), width="medium"),  # amounts fit at 1280 px
            "wins": tf.count_column(t("sup_col_wins")),
            "buyer_processes": tf.count_column(t("sup_col_buyer_processes")),
            "amount": tf.money_column(t("sup_col_amount")),
            "buyer_amount": tf.money_column(t("sup_col_buyer_amount")),
            "share": tf.pct_column(t("sup_col_share"), L, progress=True),
        },
    )
    st.caption(t("sup_share_note"))
    chart = buyers.dropna(subset=["share"])
    if len(chart) > 1:
        top15 = chart.head(15)
        fig = px.bar(top15.assign(share=top15["share"] * 100, amount=top15["amount"] / 1e6,
                                  buyer_amount=top15["buyer_amount"] / 1e6,
                                  buyer_name=top15["buyer_name"].map(wrapped_label)),
                     x="share", y="buyer_name", orientation="h",
                     labels={"share": t("sup_col_share"), "buyer_name": "",
                             "amount": t("sup_col_amount") + (" (mdp)" if L == "es" else " (MXN m)"),
                             "buyer_amount": t("sup_col_buyer_amount") + (" (mdp)" if L == "es" else " (MXN m)")},
                     hover_data={"amount": ":,.1f", "buyer_amount": ":,.1f"})
        style(fig, L, x="pct", x_title=t("sup_col_share"))
        fig.update_yaxes(autorange="reversed")
        lines = label_lines(top15["buyer_name"].map(wrapped_label))
        fig.update_layout(height=120 + (16 + 14 * lines) * min(len(chart), 15),
                          margin={"l": 10, "r": 10, "t": 10, "b": 10})
        st.plotly_chart(fig, width="stretch")
    top = buyers.sort_values("share", ascending=False).iloc[0]
    if top["share"] is not None and top["share"] == top["share"]:
        st.caption(t("sup_top_share", share=pct(top["share"], lang=L), buyer=md_escape(top["buyer_name"])))

def _csv(fn, *args):
    """A no-argument callable that builds the CSV of `fn(con, *args)` on click, in the download thread
    (its own cursor, uncached, no Streamlit calls)."""
    from ui import exports

    def build() -> bytes:
        return exports.to_csv_bytes(run(fn, *args))
    return build


stem = re.sub(r"[^A-Za-z0-9_-]+", "_", supplier)[:60]  # a file name from the key, whatever it holds
st.subheader(t("sup_awards"))
offset = pager(f"sup_awards_page_{supplier}", summary["awards"])
awards = qp.supplier_awards(supplier, profile_widgets.PAGE_ROWS, offset)
shown = awards.assign(link=[page_url("proceso", "ocid", o) for o in awards["ocid"]],
                      method=[cl.label("method", m, L) for m in awards["method"]],
                      status=[cl.label("award_status", x, L) for x in awards["status"]])
st.dataframe(
    tf.numeric(tf.dates(readable(shown[["link", "title", "buyer_name", "method", "status", "date", "value",
                                        "currency", "number_of_tenderers"]], lang_=L), ["date"]),
               ("value", "number_of_tenderers")),
    hide_index=True, placeholder="—", width="stretch", key="sup_awards_table",
    column_config={
        "link": st.column_config.LinkColumn(t("prof_col_ocid"), display_text=r"ocid=(.*)$"),
        "title": t("prof_col_title"), "buyer_name": t("sup_col_buyer"), "method": t("prof_col_method"),
        "status": t("prof_col_status"), "date": tf.date_column(t("prof_col_date"), L),
        "value": tf.money_column(t("prof_col_value")),
        "currency": t("prof_col_currency"), "number_of_tenderers": tf.count_column(t("prof_col_tenderers")),
    },
)
if summary["awards"] > profile_widgets.PAGE_ROWS:
    download_all("sup_awards_download", summary["awards"], _csv(qp.supplier_awards, supplier),
                 f"adjudicaciones-{stem}.csv")

flags_section_paged(qp.supplier_flag_counts(supplier),
                    lambda outcome, limit, offset: qp.supplier_flag_rows(supplier, outcome, limit, offset),
                    key=f"sup_flags_{supplier}", download=_csv(qp.supplier_flag_rows, supplier),
                    file_name=f"resultados-{stem}.csv")
