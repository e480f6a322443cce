"""Metodología: how every indicator is computed (generated from the indicator metadata), the settings
in use, the corrections the loaders apply, and what each table and column means."""
from __future__ import annotations

import re

import orjson
import pandas as pd
import streamlit as st

from core import contract
from loaders.compile.normalise import RULES
from metrics.methodology import methodology_markdown
from metrics.config import defaults as metric_defaults
from ui import queries_profiles as qp
from ui.common import lang, t
from ui.db import db_version

L = lang()
st.title(t("page_methodology"))
has_db = db_version() is not None


# ---- indicators -------------------------------------------------------------------------------------
in_use = qp.settings_overrides() if has_db else {}
text = methodology_markdown(L, in_use or None)
# its headings one level down, under this page's title
st.markdown(re.sub(r"^(#{1,5}) ", r"#\1 ", text, flags=re.MULTILINE))

# ---- settings in use --------------------------------------------------------------------------------
st.header(t("meth_settings"))
used = qp.settings_in_use() if has_db else None
if used is None or used.empty:
    st.info(t("meth_settings_none"))
    with st.expander(t("meth_settings_defaults")):
        st.json(orjson.loads(orjson.dumps(metric_defaults(), default=str)), expanded=1)
else:
    st.caption(t("meth_settings_caption"))
    st.dataframe(
        used, hide_index=True, width="stretch",
        column_config={
            "indicator": t("prof_col_indicator"), "settings": t("meth_col_settings"),
            "computed_at": st.column_config.DatetimeColumn(t("meth_col_computed"), format="DD/MM/YYYY HH:mm"),
            "n_subjects": t("meth_col_subjects"), "n_computable": t("meth_col_computable"),
            "n_flagged": t("meth_col_flagged"), "fence": t("prof_col_fence"),
        },
    )

# ---- corrections ------------------------------------------------------------------------------------
st.header(t("meth_corrections"))
st.caption(t("meth_corrections_caption"))
counts = qp.correction_counts() if has_db else None
count_of = dict(zip(counts["rule"], counts["n"])) if counts is not None and not counts.empty else {}
rows = [{"rule": rule, "description": text_by_lang.get(L) or text_by_lang["es"], "n": int(count_of.get(rule, 0))}
        for rule, text_by_lang in RULES.items()]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
             column_config={"rule": t("meth_col_rule"), "description": t("prof_col_description"),
                            "n": t("meth_col_applied")})

# ---- table definitions ------------------------------------------------------------------------------
st.header(t("meth_tables"))
st.caption(t("meth_tables_caption"))
for owner in ("loaders", "metrics"):
    defs = pd.DataFrame([{"table": table, "column": column, "description": text}
                         for table, columns in contract.definitions(owner).items() for column, text in columns.items()])
    for table, cols in defs.groupby("table", sort=False):
        with st.expander(table):
            st.dataframe(cols[["column", "description"]], hide_index=True, width="stretch",
                         column_config={"column": t("meth_col_column"), "description": t("prof_col_description")})
