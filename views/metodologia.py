"""Metodología: how every indicator is computed (generated from the indicator metadata), the settings
in use, the corrections the loaders apply, and what each table and column means."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import orjson
import pandas as pd
import streamlit as st

from core import settings
from ui import queries_profiles as qp
from ui.common import lang, t
from ui.db import db_version
from ui.indicator_info import CATEGORY_ORDER, indicator_metas, indicators_markdown

L = lang()
st.title(t("page_methodology"))
has_db = db_version() is not None


def _defaults() -> dict:
    try:
        from metrics.settings import defaults
    except ImportError:
        return {}
    return defaults()


# ---- indicators -------------------------------------------------------------------------------------
text = None
try:
    from metrics.methodology import methodology_markdown
except ImportError:
    methodology_markdown = None
if methodology_markdown is not None:
    in_use = qp.settings_overrides() if has_db else {}
    for settings_given in ([in_use, None] if in_use else [None]):
        try:
            text = methodology_markdown(L, settings_given)
            break
        except Exception as exc:  # noqa: BLE001 (show the rest of the page and say what failed)
            error = type(exc).__name__
    if text is None:
        st.warning(t("meth_generator_failed", error=error))
if text:
    # its headings one level down, under this page's title
    st.markdown(re.sub(r"^(#{1,5}) ", r"#\1 ", text, flags=re.MULTILINE))
else:
    st.markdown(t("meth_intro"))
    st.header(t("meth_indicators"))
    metas = indicator_metas()
    if metas:
        labels = {k: t(f"meth_{k}") for k in ("what", "why", "exclusions", "output", "defaults", "fields", "source")}
        labels.update({c: t(f"meth_category_{c}") for c in CATEGORY_ORDER})
        st.markdown(indicators_markdown(metas, L, labels))
    else:
        st.info(t("meth_no_registry"))

# ---- settings in use --------------------------------------------------------------------------------
st.header(t("meth_settings"))
used = qp.settings_in_use() if has_db else None
if used is None or used.empty:
    st.info(t("meth_settings_none"))
    defaults = _defaults()
    if defaults:
        with st.expander(t("meth_settings_defaults")):
            st.json(orjson.loads(orjson.dumps(defaults, default=str)), expanded=1)
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
try:
    from loaders.normalise import RULES
except ImportError:
    RULES = {}
counts = qp.correction_counts() if has_db else None
count_of = dict(zip(counts["rule"], counts["n"])) if counts is not None and not counts.empty else {}
if RULES:
    rows = []
    for rule, text_by_lang in RULES.items():
        desc = text_by_lang.get(L) or text_by_lang.get("es", "") if isinstance(text_by_lang, dict) else str(text_by_lang)
        rows.append({"rule": rule, "description": desc, "n": int(count_of.get(rule, 0))})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={"rule": t("meth_col_rule"), "description": t("prof_col_description"),
                                "n": t("meth_col_applied")})
else:
    st.info(t("meth_no_rules"))

# ---- table definitions ------------------------------------------------------------------------------
st.header(t("meth_tables"))
st.caption(t("meth_tables_caption"))
for path in (settings.PROJECT_ROOT / "loaders" / "definitions.csv", settings.PROJECT_ROOT / "metrics" / "definitions.csv"):
    if not Path(path).is_file():
        continue
    with open(path, encoding="utf-8", newline="") as fh:
        defs = pd.DataFrame(list(csv.DictReader(fh)))
    for table, cols in defs.groupby("table", sort=False):
        with st.expander(table):
            st.dataframe(cols[["column", "description"]], hide_index=True, width="stretch",
                         column_config={"column": t("meth_col_column"), "description": t("prof_col_description")})
