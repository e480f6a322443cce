"""Buscar: one search over processes, projects, buyers and suppliers (ui/queries_search.py), each result a
link to its page. `?q=<text>` (the sidebar's box leads here), `?tipo=process|project|buyer|supplier`,
`?comprador=<buyer id>` (a buyer's processes: there is no buyer page)."""
from __future__ import annotations

import streamlit as st

from ui import queries_search as qs
from ui import url_state
from ui.common import lang, require_data, t
from ui.fmt import day, integer, money, plural
from ui.profile_widgets import link_to
from ui.safe_text import md

L = lang()
st.title(t("page_search"))
require_data()

# where each kind of result leads: (page, query parameter, icon)
# (Material icons: emoji render as empty boxes where the system has no emoji font, e.g. headless Chromium)
TARGET = {"process": ("proceso", "ocid", ":material/description:"),
          "project": ("proyecto", "project", ":material/construction:"),
          "buyer": ("buscar", "comprador", ":material/account_balance:"),
          "supplier": ("proveedores", "supplier", ":material/business:")}
SHOWN = {"all": 10, "one": 200}  # results per kind: all kinds, or one kind chosen


def n_processes(n: int) -> str:
    return plural(n, t("search_buyer_processes", n=integer(n)))


def _leave_buyer(key: str, to_value) -> None:
    """A new query leaves a buyer's process list."""
    url_state._commit(key, to_value)  # noqa: SLF001 - the url_state callback, then ours
    if "comprador" in st.query_params:
        del st.query_params["comprador"]


box = url_state.bind("q", "", url_state.text)
box["on_change"] = _leave_buyer
query = st.text_input(t("search_box"), placeholder=t("search_placeholder"), help=t("search_help"),
                      max_chars=qs.MAX_QUERY_CHARS, **box) or ""
kind_options = ["all", *qs.KINDS]
chosen = st.segmented_control(
    t("search_kind_filter"), kind_options, format_func=lambda k: t("search_kind_all" if k == "all" else f"search_kind_{k}"),
    **url_state.bind("tipo", "all", url_state.one_of(kind_options))) or "all"

if not qs.index_ready():
    st.warning(t("search_no_index"))
    st.stop()

# ---- a buyer's processes (a buyer result leads here) ----------------------------------------------------
buyer = st.query_params.get("comprador")
if buyer:
    n, procs = qs.buyer_processes(buyer)
    st.subheader(t("search_buyer_title"))
    if procs.empty:
        st.info(t("search_buyer_none"))
    else:
        st.markdown(f"**{md(procs['buyer_name'].dropna().iloc[0] if procs['buyer_name'].notna().any() else buyer)}**")
        st.caption(plural(n, t("search_buyer_count", n=integer(n), shown=integer(len(procs)))) if n > len(procs)
                   else n_processes(n))
        for r in procs.to_dict("records"):
            link_to("proceso", "ocid", r["ocid"], (r["title"] or r["ocid"])[:120], icon=":material/description:")
            st.caption(md(f"{r['ocid']} · {money(r['amount'], L)} · {day(r['date'], L)}"))
    st.divider()

# ---- results ----------------------------------------------------------------------------------------------
if not qs.words(query):
    st.caption(t("search_intro"))
    if not buyer:
        st.info(t("search_empty"))
    st.stop()

kinds = qs.KINDS if chosen == "all" else (chosen,)
limit = SHOWN["all" if chosen == "all" else "one"]
results = {k: qs.search(query, k, limit) for k in kinds}
found = {k: df for k, df in results.items() if not df.empty}
total = sum(int(df["total"].iloc[0]) for df in found.values())
if not found:
    others = 0 if chosen == "all" else sum(
        int(df["total"].iloc[0]) for df in (qs.search(query, k, 1) for k in qs.KINDS if k != chosen) if not df.empty)
    if others:  # the kind chosen has none, the others have some: say so, offer them
        st.info(plural(others, t("search_none_kind", kind=t(f"search_kind_{chosen}"), q=md(query), n=integer(others))))
        st.button(t("search_show_all"), key="search_show_all", on_click=url_state.set_value, args=("tipo", "all"))
    else:
        st.info(t("search_none", q=md(query)))
    st.stop()
st.caption(plural(total, t("search_total", n=integer(total))))
# kinds holding the best match first (an exact ocid puts processes first), then the usual order
for kind in sorted(found, key=lambda k: (int(found[k]["rank"].min()), qs.KINDS.index(k))):
    df = found[kind]
    n = int(df["total"].iloc[0])
    page, param, icon = TARGET[kind]
    st.subheader(f"{t('search_kind_' + kind)} · {integer(n)}")
    for r in df.to_dict("records"):
        link_to(page, param, r["id"], (r["label"] or r["id"])[:120], icon=icon)
        detail = n_processes(int(r["detail"])) if kind == "buyer" else (r["detail"] or "")
        parts = [r["id"], detail, money(r["amount"], L) if r["amount"] == r["amount"] and r["amount"] is not None
                 else "", t(f"search_rank_{int(r['rank'])}")]
        st.caption(md(" · ".join(p for p in parts if p)))
    if n > len(df):
        st.caption(plural(n, t("search_shown", n=integer(n), shown=integer(len(df)))))
        if chosen == "all":
            st.button(t("search_more"), key=f"search_more_{kind}", icon=":material/add:", on_click=url_state.set_value,
                      args=("tipo", kind))
