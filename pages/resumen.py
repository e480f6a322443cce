"""Resumen: headline figures, and processes, projects and amounts per state and implementer."""
from __future__ import annotations

import streamlit as st

from ui.common import require_data, t
from ui.db import q
from ui.fmt import integer, mdp, money

st.title(t("app_title"))
st.caption(t("app_subtitle"))
head = require_data()

c1, c2, c3, c4 = st.columns(4)
c1.metric(t("processes"), integer(head["processes"]))
c2.metric(t("projects"), integer(head["projects"]))
c3.metric(t("amount_contracted"), mdp(head["amount"], st.session_state.get("lang", "es")),
          help=money(head["amount"]))
c4.metric(t("sources_loaded"), integer(head["sources"]))

lang = st.session_state.get("lang", "es")
states = q("by_state").copy()
states["name"] = states["name"].fillna(t("unassigned"))
st.subheader(t("by_state"))
st.dataframe(
    states[["name", "processes", "projects", "amount"]].rename(columns={
        "name": t("col_state"), "processes": t("col_processes"), "projects": t("col_projects"),
        "amount": t("col_amount")}),
    hide_index=True, use_container_width=True,
    column_config={t("col_amount"): st.column_config.NumberColumn(format="$%,.2f")},
)
impl = q("by_implementer").copy()
impl["name"] = impl["name"].fillna(impl["implementer_id"]).fillna(t("unassigned"))
st.subheader(t("by_implementer"))
st.dataframe(
    impl[["name", "state", "processes", "projects", "amount"]].rename(columns={
        "name": t("col_implementer"), "state": t("col_state"), "processes": t("col_processes"),
        "projects": t("col_projects"), "amount": t("col_amount")}),
    hide_index=True, use_container_width=True,
    column_config={t("col_amount"): st.column_config.NumberColumn(format="$%,.2f")},
)
