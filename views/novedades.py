"""Novedades: what each load changed (obras.changes), since a date, by state, implementer, supplier or
indicator; each change with its before and after and a link to the profile; a CSV export and the Atom
feed address of the view (obras.feed)."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from obras.changes import KINDS
from obras.feed import feed_address
from ui import queries_changes as qc
from ui.common import require_data, t
from ui.profile_widgets import page_url

st.title(t("page_news"))
st.caption(t("news_intro"))
if require_data() is None:
    st.stop()

options = qc.filter_options() or {"state": [], "implementer": [], "indicator": []}
params = st.query_params
cols = st.columns(5)
since = cols[0].date_input(t("news_since"), value=date.today() - timedelta(days=30), key="news_since")
ALL = ""


def _pick(col, label: str, key: str, values: list[str]) -> str | None:
    choices = [ALL] + values
    wanted = params.get(key, ALL)
    value = col.selectbox(t(label), choices, index=choices.index(wanted) if wanted in choices else 0,
                          format_func=lambda v: t("news_all") if v == ALL else v, key=f"news_{key}")
    return value or None


state = _pick(cols[1], "news_state", "state", options["state"])
implementer = _pick(cols[2], "news_implementer", "implementer", options["implementer"])
indicator = _pick(cols[3], "news_indicator", "indicator", options["indicator"])
supplier = cols[4].text_input(t("news_supplier"), value=params.get("supplier", ""), max_chars=200).strip() or None
kinds = st.multiselect(t("news_kinds"), KINDS, format_func=lambda k: t(f"news_kind_{k}"), key="news_kinds")

rows = qc.changes_since(since, state, implementer, supplier, indicator, tuple(kinds))
st.info(t("news_feed", url=feed_address(state=state, implementer=implementer, supplier=supplier,
                                        indicator=indicator)))
if rows is None or rows.empty:
    st.write(t("news_none"))
    st.stop()

st.write(t("news_count", n=len(rows)))
view = rows.assign(
    kind=rows["kind"].map(lambda k: t(f"news_kind_{k}")),
    profile=[page_url("proceso", "ocid", o) if isinstance(o, str) and o else
             (page_url("proyecto", "project", s) if st_ == "project" else None)
             for o, s, st_ in zip(rows["ocid"], rows["subject_id"], rows["subject_type"])])
st.dataframe(  # text from data shown as text: plain columns, no markdown
    view[["recorded_at", "kind", "subject_id", "field", "before", "after", "implementer_id", "state_code",
          "suppliers", "profile"]],
    hide_index=True, width="stretch",
    column_config={"recorded_at": t("news_col_when"), "kind": t("news_col_kind"),
                   "subject_id": t("news_col_subject"), "field": t("news_col_field"),
                   "before": t("news_col_before"), "after": t("news_col_after"),
                   "implementer_id": t("news_implementer"), "state_code": t("news_state"),
                   "suppliers": t("news_supplier"),
                   "profile": st.column_config.LinkColumn(t("news_profile"), display_text="→")})
st.download_button(t("news_export"), rows.to_csv(index=False).encode("utf-8-sig"), "novedades.csv", "text/csv")
