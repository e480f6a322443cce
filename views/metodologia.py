"""Metodología: how every indicator is computed (generated from the indicator metadata), the settings
in use, the corrections the loaders apply, and what each table and column means."""
from __future__ import annotations

import orjson
import pandas as pd
import streamlit as st

from core import contract
from loaders.compile.normalise import RULES
from metrics.methodology import METHODOLOGY_VERSION, methodology_index, methodology_sections
from metrics.config import defaults as metric_defaults
from ui import queries_profiles as qp
from ui.common import lang, t
from ui.db import db_version

# the page's other parts, linked from the index: (label key, anchor)
OTHER_SECTIONS = (("meth_settings", "ajustes"), ("meth_corrections", "correcciones"), ("meth_tables", "tablas"))
ANCHOR = dict(OTHER_SECTIONS)

L = lang()
st.title(t("page_methodology"))
has_db = db_version() is not None


st.caption(t("meth_version", version=METHODOLOGY_VERSION))

# ---- index: every indicator's section, then the rest of the page -------------------------------------
with st.container(border=True):
    st.markdown(f"**{t('meth_idx_title')}**")
    st.markdown("\n".join(methodology_index(L)))  # our own codes and names, links to anchors on this page
    st.markdown(f"**{t('meth_idx_other')}:** " + " · ".join(
        f"[{t(key)}](#{anchor})" for key, anchor in OTHER_SECTIONS))

# ---- indicators -------------------------------------------------------------------------------------
in_use = qp.settings_overrides() if has_db else {}
for section in methodology_sections(L, in_use or None):
    # headings one level down, under this page's title; an indicator's heading carries its stable anchor
    # (metodologia#oa-p1), the others none (no ids made from translated text)
    heading = st.header if section.level == 2 else st.subheader
    heading(section.title, anchor=section.anchor or False)
    if section.body:
        st.markdown(section.body)

# ---- settings in use --------------------------------------------------------------------------------
st.header(t("meth_settings"), anchor=ANCHOR["meth_settings"])
used = qp.settings_in_use() if has_db else None
if used is None or used.empty:
    st.info(t("meth_settings_none"))
    with st.expander(t("meth_settings_defaults")):
        st.json(orjson.loads(orjson.dumps(metric_defaults(), default=str)), expanded=1)
else:
    st.caption(t("meth_settings_caption"))
    st.dataframe(
        used, hide_index=True, placeholder="—", width="stretch",
        column_config={
            "indicator": t("prof_col_indicator"), "settings": t("meth_col_settings"),
            "computed_at": st.column_config.DatetimeColumn(t("meth_col_computed"), format="DD/MM/YYYY HH:mm"),
            "n_subjects": t("meth_col_subjects"), "n_computable": t("meth_col_computable"),
            "n_flagged": t("meth_col_flagged"), "fence": t("prof_col_fence"),
        },
    )

# ---- corrections ------------------------------------------------------------------------------------
st.header(t("meth_corrections"), anchor=ANCHOR["meth_corrections"])
st.caption(t("meth_corrections_caption"))
counts = qp.correction_counts() if has_db else None
count_of = dict(zip(counts["rule"], counts["n"])) if counts is not None and not counts.empty else {}
rows = [{"rule": rule, "description": text_by_lang.get(L) or text_by_lang["es"], "n": int(count_of.get(rule, 0))}
        for rule, text_by_lang in RULES.items()]
st.dataframe(pd.DataFrame(rows), hide_index=True, placeholder="—", width="stretch",
             column_config={"rule": t("meth_col_rule"), "description": t("prof_col_description"),
                            "n": t("meth_col_applied")})

# ---- table definitions ------------------------------------------------------------------------------
st.header(t("meth_tables"), anchor=ANCHOR["meth_tables"])
st.caption(t("meth_tables_caption"))
for owner in ("loaders", "metrics"):
    defs = pd.DataFrame([{"table": table, "column": column, "description": text}
                         for table, columns in contract.definitions(owner, lang()).items() for column, text in columns.items()])
    for table, cols in defs.groupby("table", sort=False):
        with st.expander(table):
            st.dataframe(cols[["column", "description"]], hide_index=True, placeholder="—", width="stretch",
                         column_config={"column": t("meth_col_column"), "description": t("prof_col_description")})
