"""Banderas rojas: every flagged process, project, buyer and supplier in the filtered view, each with its
value, the peer quartiles and fence, a plain-language explanation, and the evidence behind it."""
from __future__ import annotations

import json

import pandas as pd
import plotly.express as px
import streamlit as st

from metrics.base import SUBJECT_TYPES
from ui import table_format as tf
from ui import codelabels as cl
from ui import flag_text, methodology_links, peer_text, url_state
from ui.charts import label_lines, style, wrapped_label
from ui import queries_explore as qe
from ui.common import lang, require_data, t
from ui.explore_view import fmt_value, missing, profile_link, show_filters
from ui.filters import sidebar_filters
from ui.fmt import day, integer
from ui.queries_explore import FLAG_LIST_LIMIT

TABLE_KEY = "flags_table"
DETAIL_KEY = "bandera"


def _row_key(r: dict) -> str:
    return f"{r['indicator']}|{r['subject_type']}|{r['subject_id']}|{r.get('ocid') or ''}"


def _on_row_selected() -> None:
    """Selecting a row of the table opens its detail (a callback: runs before the page)."""
    rows = st.session_state.get(TABLE_KEY, {}).get("selection", {}).get("rows", [])
    keys = st.session_state.get("_flag_row_keys", [])
    if rows and rows[0] < len(keys):
        url_state.set_value(DETAIL_KEY, keys[rows[0]])


L = lang()
st.title(t("page_flags"))
require_data()
f = sidebar_filters()
show_filters(f)
st.caption(t("flags_intro"))

if not qe.flags_computed():
    st.info(t("flags_none_computed"))
    st.stop()
inds = qe.flag_indicators()
if inds.empty:
    st.info(t("flags_none_raised"))
    st.stop()
present_types = [s for s in SUBJECT_TYPES.values() if any(s in str(x).split(",") for x in inds["subject_types"])]
c1, c2 = st.columns([3, 2])
codes = list(inds["indicator"])
indicators = c1.multiselect(t("flags_indicator"), codes, format_func=lambda c: flag_text.name(c, L),
                            placeholder=t("filter_all"), **url_state.bind("indicador", [], url_state.codes(codes), True))
subjects = c2.multiselect(t("flags_subject"), present_types, format_func=lambda s: t(f"subject_{s}"),
                          placeholder=t("filter_all"),
                          **url_state.bind("sujeto", [], url_state.codes(present_types), True))
a1, a2 = st.columns(2)
lo = a1.number_input(t("flags_amount_min"), min_value=0.0, value=None, step=100000.0,
                     placeholder=t("flags_amount_any"), **url_state.bind("monto_min", None, url_state.number))
hi = a2.number_input(t("flags_amount_max"), min_value=0.0, value=None, step=100000.0,
                     placeholder=t("flags_amount_any"), **url_state.bind("monto_max", None, url_state.number))
amount_range = (lo, hi)

summary = qe.flag_summary(f, tuple(subjects), amount_range)
total, rows = qe.flag_list(f, tuple(indicators), tuple(subjects), amount_range)
st.metric(t("flags_total"), integer(total))
if not summary.empty:
    chart = summary.assign(label=[wrapped_label(flag_text.name(c, L)) for c in summary["indicator"]])
    fig = px.bar(chart, x="flagged", y="label", orientation="h",
                 labels={"flagged": t("flags_count"), "label": ""})
    fig.update_layout(height=max(200, (12 + 14 * label_lines(chart["label"])) * len(chart) + 60),
                      margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      yaxis={"autorange": "reversed"})
    style(fig, L, x="int", x_title=t("flags_count"))
    st.plotly_chart(fig, key="flags_summary")

if rows.empty:
    st.info(t("flags_empty"))
    st.stop()
if total > len(rows):
    st.caption(t("flags_limited", shown=integer(len(rows)), total=integer(total), limit=integer(FLAG_LIST_LIMIT)))

records = rows.to_dict("records")
keys = [_row_key(r) for r in records]
st.session_state["_flag_row_keys"] = keys
table = pd.DataFrame({
    "indicator": [flag_text.name(r["indicator"], L) for r in records],
    "subject": [t(f"subject_{r['subject_type']}") for r in records],
    "title": [r["title"] or r["subject_id"] for r in records],
    "state": [t("rd_no_state") if missing(r["state"]) else r["state"] for r in records],
    "implementer": [t("rd_no_implementer") if missing(r["implementer"]) else r["implementer"] for r in records],
    "method": [cl.label("method", r["method"], L) for r in records],
    "category": [cl.label("category", r["main_category"], L) for r in records],
    "date": [None if missing(r["date"]) else r["date"] for r in records],
    "amount": rows["amount"],
    "value": [flag_text.number(r["value"]) for r in records],
    "q1": [flag_text.number(r["q1"]) for r in records],
    "q3": [flag_text.number(r["q3"]) for r in records],
    "fence": [flag_text.number(r["fence"]) for r in records],
    "why": [flag_text.explain(r["value"], r["q1"], r["q3"], r["fence"], r["n_subjects"], t) for r in records],
})
st.dataframe(
    tf.dates(table, ["date"]), hide_index=True, placeholder="—", width="stretch", key=TABLE_KEY,
    on_select=_on_row_selected,
    selection_mode="single-row",
    column_config={
        "indicator": st.column_config.TextColumn(t("flags_col_indicator"), pinned=True),
        "subject": t("flags_col_subject"), "title": t("flags_col_title"), "state": t("col_state"),
        "implementer": t("col_implementer"), "method": t("filter_method"), "category": t("filter_category"),
        "date": tf.date_column(t("flags_col_date"), L), "amount": tf.money_column(t("col_amount")),
        "value": t("flags_col_value"), "q1": "Q1", "q3": "Q3", "fence": t("flags_col_fence"),
        "why": st.column_config.TextColumn(t("flags_col_why"), width="large")})
st.caption(t("flags_table_caption"))
st.markdown(methodology_links.links((r["indicator"] for r in records), L))  # each indicator's Metodología

# ---- detail --------------------------------------------------------------------------------------
st.subheader(t("flags_detail"))
labels = {k: f"{flag_text.name(r['indicator'], L)} — {r['title'] or r['subject_id']}" for k, r in zip(keys, records)}
choice = st.selectbox(t("flags_pick"), keys, index=None, format_func=lambda k: labels.get(k, k),
                      placeholder=t("flags_pick_placeholder"),
                      **url_state.bind(DETAIL_KEY, None, url_state.one_of(keys)))
if choice is None:
    st.caption(t("flags_pick_hint"))
    st.stop()
r = records[keys.index(choice)]
code, stype, sid = r["indicator"], r["subject_type"], r["subject_id"]
st.markdown(f"**{flag_text.name(code, L).replace('$', chr(92) + '$')}**")
st.text(f"{t('subject_' + stype)}: {r['title'] or sid} ({sid})")
st.info(flag_text.explain(r["value"], r["q1"], r["q3"], r["fence"], r["n_subjects"], t))
if (peer := peer_text.peer_line(code, r["detail"], r["n_subjects"], L)):  # the fence's peers and their number
    st.caption(peer)
what, why = flag_text.text(code, "methodology", L), flag_text.text(code, "why", L)
if what:
    st.markdown(f"**{t('flags_what')}** " + what.replace("$", r"\$"))  # our own metadata, not data
if why:
    st.markdown(f"**{t('flags_why')}** " + why.replace("$", r"\$"))
if not what and not why:
    st.caption(t("flags_no_meta"))
st.markdown(methodology_links.link(code, L))

if r.get("detail"):
    try:
        detail = json.loads(r["detail"])
    except (TypeError, ValueError):
        detail = None
    st.markdown(f"**{t('flags_inputs')}**")
    if isinstance(detail, dict):  # each value by its unit (money, %, days, count, date, code)
        rows = flag_text.detail_rows(code, detail, L)
        st.dataframe(pd.DataFrame({t("flags_col_field"): rows["field"], t("flags_col_value"): rows["value"]}),
                     hide_index=True, placeholder="—", width="stretch", key="flags_detail_inputs")
    else:
        st.text(str(r["detail"]))

ocid = r.get("ocid") if not missing(r.get("ocid")) else (sid if stype == "ocid" else None)
if ocid:
    ev = qe.process_evidence(ocid)
    if ev:
        st.markdown(f"**{t('flags_evidence_process')}**")
        facts = [
            ("ocid", ev["ocid"]), (t("flags_col_title"), ev["title"]), (t("col_state"), ev["state"]),
            (t("col_implementer"), ev["implementer"]), (t("ev_buyer"), ev["buyer_name"]),
            (t("filter_method"), cl.label("method", ev["method"], L) if ev["method"] else None),
            (t("ev_method_details"), ev["method_details"]),
            (t("filter_category"), cl.label("category", ev["main_category"], L) if ev["main_category"] else None),
            (t("ev_tenderers"), integer(ev["number_of_tenderers"])),
            (t("ev_tender_value"), fmt_value(ev["tender_value"], "money")),
            (t("ev_tender_period"), f"{day(ev['tender_start'], L)} – {day(ev['tender_end'], L)}"),
            (t("ev_award"), f"{fmt_value(ev['award_value'], 'money')} · {day(ev['award_date'], L)}"),
            (t("ev_contract"), f"{fmt_value(ev['contract_value'], 'money')} · {day(ev['date_signed'], L)}"),
            (t("ev_contract_period"), f"{day(ev['contract_start'], L)} – {day(ev['contract_end'], L)}"),
            (t("ev_projects"), ev["projects"]),
        ]
        st.dataframe(pd.DataFrame({t("flags_col_field"): [k for k, _ in facts],
                                   t("flags_col_value"): ["—" if missing(v) else str(v) for _, v in facts]}),
                     hide_index=True, placeholder="—", width="stretch", key="flags_evidence")
    profile_link("proceso", "ocid", ocid, "open_process", key="flags_open_process")
elif stype == "project":
    ev = qe.project_evidence(sid)
    if ev:
        st.markdown(f"**{t('flags_evidence_project')}**")
        facts = [
            (t("flags_col_title"), ev["title"]), (t("col_state"), ev["state"]), (t("col_implementer"), ev["implementer"]),
            (t("ev_status"), cl.label("project_status", ev["status"], L) if ev["status"] else None),
            (t("ev_budget"), fmt_value(ev["budget"], "money")),
            (t("ev_final_value"), fmt_value(ev["completion_final_value"], "money")),
            (t("ev_period"), f"{day(ev['period_start'], L)} – {day(ev['period_end'], L)}"),
            (t("ev_completion"), day(ev["completion_end_date"], L)),
            (t("ev_processes"), integer(ev["processes"])),
        ]
        st.dataframe(pd.DataFrame({t("flags_col_field"): [k for k, _ in facts],
                                   t("flags_col_value"): ["—" if missing(v) else str(v) for _, v in facts]}),
                     hide_index=True, placeholder="—", width="stretch", key="flags_evidence")
    profile_link("proyecto", "project", sid, "open_project", key="flags_open_project")
else:
    n, procs = qe.party_processes(stype, sid, f)
    st.markdown(f"**{t('flags_evidence_party', n=integer(n))}**")
    if not procs.empty:
        procs = procs.assign(method=[cl.label("method", m, L) for m in procs["method"]])
        st.dataframe(procs, hide_index=True, placeholder="—", width="stretch", key="flags_party_processes",
                     column_config={"ocid": "ocid", "title": t("flags_col_title"), "method": t("filter_method"),
                                    "number_of_tenderers": t("ev_tenderers"), "year": t("col_year"),
                                    "amount": tf.money_column(t("col_amount"))})
    if stype == "tenderer":
        profile_link("proveedores", "supplier", sid, "open_supplier", key="flags_open_supplier")

others = qe.subject_flags(stype, sid)
if len(others) > 1:
    with st.expander(t("flags_other_results", n=integer(len(others)))):
        st.dataframe(pd.DataFrame({
            t("flags_col_indicator"): [flag_text.name(c, L) for c in others["indicator"]],
            t("flags_col_value"): [flag_text.number(v) for v in others["value"]],
            t("flags_col_flagged"): [t("flags_yes") if x is True else (t("flags_no") if x is False else "—")
                                     for x in others["flagged"]],
            t("flags_col_fence"): [flag_text.number(v) for v in others["fence"]],
        }), hide_index=True, placeholder="—", width="stretch", key="flags_other")
