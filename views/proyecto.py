"""Proyecto: one EDCAPI project — where it is, budget against final value, planned against actual end,
its contracting processes on a timeline, modifications, flags and documents. `?project=<id>`."""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from ui import table_format as tf
from ui import codelabels as cl
from ui import queries_profiles as qp
from ui.charts import LEGEND_ABOVE, style
from ui.common import lang, require_data, t
from ui.fmt import amount_short, day, integer, money, pct, plural
from ui.suspect import final_value_doubt
from ui.explore_view import basemap, boundaries
from ui.profile_widgets import choose, flags_section, location_deck, md_escape, page_url
from ui.safe_text import md, plotly_column, safe_url

L = lang()
st.title(t("page_project"))
require_data()

search = st.text_input(t("prj_search"), key="prj_search")
options = qp.project_options(search.strip())
pid = choose("project", t("prj_choose"), options, "project_id",
             lambda r: f"{r['project_id']} — {(r['title'] or '')[:90]}")
if pid is None:
    st.info(t("prj_none_match") if search.strip() else t("prj_none_loaded"))
    st.stop()
project = qp.project_detail(pid)
if project is None:
    st.warning(t("prj_not_found", id=md(pid)))
    st.stop()

st.header(md_escape(project["title"] or pid))
st.caption(" · ".join(md_escape(x) for x in (
    pid, project["implementer_name"] or project["public_authority_name"], project["state_name"],
    cl.label("project_status", project["status"], L) if project["status"] else None,
    cl.label("project_type", project["type"], L) if project["type"] else None,
    cl.label_list("sector", list(project["sector"]), L) if project["sector"] is not None and len(project["sector"])
    else None) if x))
if project["description"]:
    with st.expander(t("prj_description")):
        st.text(project["description"])

# ---- money and time ---------------------------------------------------------------------------------
c1, c2, c3 = st.columns(3)
c1.metric(t("prj_budget"), amount_short(project["budget"], L), help=t("rd_exact", value=money(project["budget"], L)))
doubt = final_value_doubt(project["budget"], project["completion_final_value"])
if doubt:  # a placeholder is not a saving: no difference shown, the reason instead
    c2.metric(t("prj_final_value"), amount_short(project["completion_final_value"], L), delta=t("rd_doubtful"),
              delta_color="off", delta_arrow="off", help=t("rd_exact", value=money(project["completion_final_value"], L)))
else:
    c2.metric(t("prj_final_value"), amount_short(project["completion_final_value"], L),
              delta=(f"{amount_short(project['cost_difference'], L)} ({pct(project['cost_overrun'], lang=L)})"
                     if project["cost_overrun"] is not None else None), delta_color="inverse",
              help=t("rd_exact", value=money(project["completion_final_value"], L)))
c3.metric(t("prj_currency"), md(project["currency"]) or "—")
if doubt:
    st.warning(t(f"rd_doubt_{doubt}", value=money(project["completion_final_value"], L),
                 budget=money(project["budget"], L)), icon=":material/warning:")
elif project["budget"] is None or project["completion_final_value"] is None:
    st.caption(t("prj_cost_not_comparable"))
d1, d2, d3 = st.columns(3)
d1.metric(t("prj_start"), day(project["period_start"], L))
d2.metric(t("prj_planned_end"), day(project["period_end"], L))
d3.metric(t("prj_actual_end"), day(project["completion_end_date"], L),
          delta=plural(project["days_late"], t("prj_days_late", days=integer(project["days_late"]))) if project["days_late"] else None,
          delta_color="inverse")
if project["period_end"] is None or project["completion_end_date"] is None:
    st.caption(t("prj_time_not_comparable"))

# ---- map --------------------------------------------------------------------------------------------
st.subheader(t("prj_location"))
points = qp.project_locations(pid)
if points.empty:
    st.info(t("prj_no_location"))
else:
    st.pydeck_chart(location_deck(points, boundaries(), basemap()), height=380)
    st.caption(", ".join(md_escape(x) for x in points["locality"].dropna().unique()))

# ---- processes --------------------------------------------------------------------------------------
st.subheader(t("prj_processes"))
procs = qp.project_processes(pid)
if procs.empty:
    st.info(t("prj_no_processes"))
else:
    linked = int(procs["loaded"].sum())
    st.caption(plural(len(procs), t("rd_processes_listed", n=integer(len(procs)))) + "; "
               + plural(linked, t("rd_processes_found", linked=integer(linked))))
    shown = procs.copy()
    # a link only to a process that is loaded (an ocid that is missing or not loaded would open "not found")
    shown["link"] = [page_url("proceso", "ocid", o) if ok and isinstance(o, str) and o else None
                     for o, ok in zip(shown["ocid"], shown["loaded"].fillna(False))]
    shown["process_ref"] = [r if isinstance(r, str) and r else "—" for r in shown["process_ref"]]
    shown["method"] = [cl.label("method", m, L) for m in shown["method"]]
    shown["status"] = [cl.label("contracting_process_status", s_, L) if cl.known("contracting_process_status", s_)
                       else cl.label("tender_status", s_, L) for s_ in shown["status"]]
    shown["title"] = [x if isinstance(x, str) and x else t("rd_not_loaded") for x in shown["title"]]
    # amounts, dates and counts kept as such (they sort right), shown whole; an empty one is a blank cell
    shown = tf.dates(tf.numeric(shown, ("cost_estimate", "contract_value", "final_value", "number_of_tenderers")),
                     ("contract_start", "contract_end"))
    st.dataframe(
        shown[["link", "process_ref", "title", "method", "status", "number_of_tenderers", "cost_estimate",
               "contract_value", "final_value", "contract_start", "contract_end"]],
        hide_index=True, placeholder="—", width="stretch",
        column_config={
            "link": st.column_config.LinkColumn(t("prof_col_ocid"), display_text=r"ocid=(.*)$"),
            "process_ref": t("prj_col_ref"), "title": t("prof_col_title"), "method": t("prof_col_method"),
            "status": t("prof_col_status"), "number_of_tenderers": tf.count_column(t("prof_col_tenderers")),
            "cost_estimate": tf.money_column(t("prj_col_estimate")),
            "contract_value": tf.money_column(t("prof_col_contract_value")),
            "final_value": tf.money_column(t("prj_col_final")),
            "contract_start": tf.date_column(t("prof_col_start"), L),
            "contract_end": tf.date_column(t("prof_col_end"), L),
        },
    )
    unlinked = procs[~procs["loaded"]]
    if not unlinked.empty:
        st.caption(plural(len(unlinked), t("rd_unlinked", n=integer(len(unlinked)))))

timeline = qp.timeline_frame(pid, project, procs)  # from what the page has read
if not timeline.empty:
    phases = {p: t(f"prj_phase_{p}") for p in ("planned", "actual", "tender", "contract")}
    # the project's planned and actual periods on rows of their own, so neither hides the other
    own = timeline["phase"].isin(["planned", "actual"])
    tl = timeline.assign(row=timeline["row"].where(~own, timeline["phase"].map(phases)),
                         phase=timeline["phase"].map(phases), start=pd.to_datetime(timeline["start"]),
                         end=pd.to_datetime(timeline["end"]))
    tl = plotly_column(tl, "row")  # ocids and ids from data: Plotly would render their HTML
    fig = px.timeline(tl, x_start="start", x_end="end", y="row", color="phase",
                      labels={"row": "", "phase": t("prj_phase")})
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=160 + 40 * tl["row"].nunique(), margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend=LEGEND_ABOVE)
    style(fig, L, x="date", x_range=(tl["start"].min(), tl["end"].max()))  # months in the page's language
    st.plotly_chart(fig, width="stretch")
elif not procs.empty:
    st.caption(t("prj_no_timeline"))

# ---- modifications ----------------------------------------------------------------------------------
st.subheader(t("prj_modifications"))
mods = qp.project_modifications(pid)
if mods.empty:
    st.info(t("prj_no_modifications"))
else:
    mods = mods.assign(origin=mods["origin"].map(lambda o: t(f"prof_origin_{o}")))
    st.dataframe(mods, hide_index=True, placeholder="—", width="stretch", column_config={
        "ocid": t("prof_col_ocid"), "origin": t("prof_col_origin"),
        "date": tf.date_column(t("prof_col_date"), L),
        "description": t("prof_col_description"),
        "old_value": tf.money_column(t("prof_col_old_value")),
        "new_value": tf.money_column(t("prof_col_new_value")),
        "old_end_date": tf.date_column(t("prof_col_old_end"), L),
        "new_end_date": tf.date_column(t("prof_col_new_end"), L),
    })

# ---- flags ------------------------------------------------------------------------------------------
flags_section(qp.project_flags(pid))

# ---- documents --------------------------------------------------------------------------------------
st.subheader(t("prj_documents"))
docs = qp.project_documents(pid)
if docs.empty:
    st.info(t("prj_no_documents"))
else:
    linked = docs[docs["url"].notna()]
    st.caption(plural(len(docs), t("rd_documents_count", n=integer(len(docs)))) + "; "
               + t("rd_documents_links", links=integer(len(linked))))
    st.dataframe(
        cl.label_frame(docs[["title", "document_type", "format", "url"]], {"document_type": "document_type"}, L),
        hide_index=True, placeholder="—", width="stretch",
        column_config={"title": t("prof_col_title"), "document_type": t("prj_col_doc_type"),
                       "format": t("prj_col_format"), "url": st.column_config.LinkColumn(t("prj_col_link"))},
    )
    for i, d in enumerate(linked.head(12).to_dict("records")):
        if safe_url(d["url"]):  # http(s) only; the label is text, not markdown
            st.link_button(md((d["title"] or "")[:80] or d["url"][:80]), safe_url(d["url"]), key=f"doc_{i}")
