"""Proceso: one contracting process from tender to bids, award, contract, amendments, milestones and
payments, with its flags explained and the data as published. `?ocid=<ocid>`."""
from __future__ import annotations

import orjson
import pandas as pd
import streamlit as st

from ui import codelabels as cl
from ui import queries_profiles as qp
from ui import table_format as tf
from ui.common import lang, require_data, t
from ui.fmt import amount_short, day, integer, money, plural, text
from ui.profile_widgets import choose, flags_section, link_to, md_escape
from ui.safe_text import md
from core import rules

L = lang()
st.title(t("page_process"))
require_data()



def _str(value) -> str:
    """Text of a value that may be missing (None, or NaN from pandas)."""
    return value if isinstance(value, str) else ""


search = st.text_input(t("proc_search"), key="proc_search")
options = qp.process_options(search.strip())
if search.strip():  # a search replaces the process shown: no match says so, never the previous process
    if options.empty:
        st.info(t("proc_none_match"))
        st.stop()
    if "ocid" in st.query_params and st.query_params["ocid"] not in set(options["ocid"]):
        del st.query_params["ocid"]
ocid = choose("ocid", t("proc_choose"), options, "ocid",
              lambda r: f"{r['ocid']} — {_str(r['title'])[:70]} ({(_str(r['buyer_name']) or '—')[:40]})")
if ocid is None:
    st.info(t("proc_none_match") if search.strip() else t("proc_none_loaded"))
    st.stop()
p = qp.process_detail(ocid)
if p is None:
    st.warning(t("proc_not_found", id=md(ocid)))
    st.stop()

st.header(md_escape(p["title"] or ocid))
if p.get("superseded_by"):  # a draft kept as published: say so, and lead to the current version
    st.warning(t("proc_superseded"), icon=":material/history:")
    link_to("proceso", "ocid", p["superseded_by"], t("proc_superseded_link", ocid=p["superseded_by"]), icon=":material/arrow_forward:")
st.caption(" · ".join(md_escape(x) for x in (ocid, p["implementer_name"], p["state_name"]) if x))
for proj in qp.process_projects(ocid).to_dict("records"):
    link_to("proyecto", "project", proj["project_id"],
            t("proc_in_project", title=(proj["title"] or proj["project_id"])[:90]), icon=":material/construction:")

c1, c2, c3, c4 = st.columns(4)
# whole amounts at 1280 px: a stated unit ("642.2 mdp") with the exact figure on hover
c1.metric(t("proc_tender_value"), amount_short(p["tender_value"], L), help=t("rd_exact", value=money(p["tender_value"], L)))
c2.metric(t("proc_award_value"), amount_short(p["award_value"], L), help=t("rd_exact", value=money(p["award_value"], L)))
c3.metric(t("prof_col_contract_value"), amount_short(p["contract_value"], L),
          help=t("rd_exact", value=money(p["contract_value"], L)))
c4.metric(t("prof_col_tenderers"), integer(p["number_of_tenderers"]))
if p["currency"] and not rules.is_main_currency(p["currency"]):
    st.caption(t("proc_currency", currency=md(p["currency"])))


def publishes_note(table: str) -> None:
    """Why a table is empty: this process has none, or its publisher never publishes them."""
    if qp.implementer_publishes(p["implementer_id"], table):
        st.info(t(f"proc_none_{table}"))
    else:
        st.info(t(f"proc_unpublished_{table}"))




def table(name: str, columns: dict[str, tuple[str, str | None]]) -> None:
    """Show a process table with translated headers; explain when it is empty."""
    df = qp.process_table(name, ocid)
    if df.empty:
        publishes_note(name)
        return
    config = {}
    codes = {col: kind[5:] for col, (_, kind) in columns.items() if kind and kind.startswith("code:")}
    df = cl.label_frame(df, codes, L)  # codelist values in words, unknown ones marked
    df = df.assign(**{c: df[c].map(text) for c in columns if c in df and df[c].dtype == object and c not in codes
                      and columns[c][1] not in ("money", "date")})
    # amounts and dates kept as numbers and dates (they sort as such), shown whole and as days; an empty
    # one is a blank cell (Streamlit would print "None" in a text column)
    for col, (label, kind) in columns.items():
        if col in df and kind == "money":
            df = tf.numeric(df, [col])
            config[col] = tf.money_column(t(label))
        elif col in df and kind == "date":
            df = tf.dates(df, [col])
            config[col] = tf.date_column(t(label), L)
        else:
            config[col] = t(label)
    st.dataframe(df[[c for c in columns if c in df]], hide_index=True, placeholder="—", width="stretch",
                 column_config=config)


tabs = st.tabs([t(k) for k in ("proc_tab_tender", "proc_tab_bids", "proc_tab_awards", "proc_tab_contracts",
                               "proc_tab_amendments", "proc_tab_milestones", "proc_tab_payments",
                               "proc_tab_parties", "proc_tab_flags", "proc_tab_data")])
with tabs[0]:
    facts = [
        ("proc_buyer", p["buyer_name"]), ("proc_procuring_entity", p["procuring_entity_name"]),
        ("prof_col_method", cl.label("method", p["method"], L)), ("proc_method_details", p["method_details"]),
        ("proc_category", cl.label("category", p["main_category"], L)),
        ("prof_col_status", cl.label("tender_status", p["tender_status"], L)),
        ("proc_tender_id", p["tender_id"]),
        ("proc_tender_period", f"{day(p['tender_start'], L)} – {day(p['tender_end'], L)}"),
        ("proc_award_date", day(p["award_date"], L)), ("proc_date_signed", day(p["date_signed"], L)),
        ("proc_contract_period", f"{day(p['contract_start'], L)} – {day(p['contract_end'], L)}"),
        ("proc_releases", integer(p["release_count"])), ("proc_last_release", day(p["last_release_date"], L)),
    ]
    st.dataframe({t("proc_fact"): [t(k) for k, _ in facts], t("prof_col_value"): [v or "—" for _, v in facts]},
                 hide_index=True, placeholder="—", width="stretch")
    if p["buyer_id"] or p["buyer_name"]:
        st.caption(t("proc_buyer_id", id=md_escape(p["buyer_id"] or "—")))
with tabs[1]:
    table("bids", {"bid_id": ("proc_col_id", None), "tenderer_ids": ("proc_col_tenderers_ids", None),
                   "value": ("prof_col_value", "money"), "currency": ("prof_col_currency", None),
                   "status": ("prof_col_status", "code:bid_status"), "date": ("prof_col_date", "date")})
with tabs[2]:
    awards = qp.process_table("awards", ocid)
    if awards.empty:
        publishes_note("awards")
    else:
        for a in awards.to_dict("records"):
            ids, names = list(a["supplier_ids"] if a["supplier_ids"] is not None else []), \
                list(a["supplier_names"] if a["supplier_names"] is not None else [])
            st.markdown(f"**{md_escape(a['award_id'] or '—')}** · {md_escape(cl.label('award_status', a['status'], L))} · "
                        f"{md_escape(money(a['value'], L))} {md_escape(a['currency'] or '')} · {day(a['date'], L)}")
            for i, sid in enumerate(ids):
                link_to("proveedores", "supplier", sid, (names[i] if i < len(names) else sid)[:90] or sid,
                        icon=":material/business:")
with tabs[3]:
    table("contracts", {"contract_id": ("proc_col_id", None), "award_id": ("proc_col_award", None),
                        "status": ("prof_col_status", "code:contract_status"),
                        "date_signed": ("proc_date_signed", "date"),
                        "start_date": ("prof_col_start", "date"), "end_date": ("prof_col_end", "date"),
                        "original_end_date": ("proc_col_original_end", "date"),
                        "value": ("prof_col_value", "money"), "original_value": ("proc_col_original_value", "money"),
                        "currency": ("prof_col_currency", None)})
with tabs[4]:
    table("amendments", {"contract_id": ("proc_col_contract", None),
                         "source": ("prof_col_origin", "code:modification_origin"),
                         "date": ("prof_col_date", "date"), "rationale": ("prof_col_description", None),
                         "old_value": ("prof_col_old_value", "money"), "new_value": ("prof_col_new_value", "money"),
                         "old_end_date": ("prof_col_old_end", "date"), "new_end_date": ("prof_col_new_end", "date")})
with tabs[5]:
    table("milestones", {"contract_id": ("proc_col_contract", None), "title": ("prof_col_title", None),
                         "type": ("proc_col_type", "code:milestone_type"),
                         "status": ("prof_col_status", "code:milestone_status"),
                         "due_date": ("proc_col_due", "date"), "date_met": ("proc_col_met", "date")})
with tabs[6]:
    pays = qp.process_table("transactions", ocid)
    if not pays.empty:
        paid = pays.loc[pays["currency"].isna() | pays["currency"].map(rules.is_main_currency), "value"].sum()
        st.metric(t("proc_paid"), money(paid, L),
                  help=t("proc_paid_help", contract=money(p["contract_value"], L)))
    table("transactions", {"contract_id": ("proc_col_contract", None), "transaction_id": ("proc_col_id", None),
                           "date": ("prof_col_date", "date"), "value": ("prof_col_value", "money"),
                           "currency": ("prof_col_currency", None), "payer_id": ("proc_col_payer", None),
                           "payee_id": ("proc_col_payee", None)})
with tabs[7]:
    parties = qp.process_table("parties", ocid)
    if parties.empty:
        st.info(t("proc_no_parties"))
    else:
        parties = parties[["party_id", "name", "roles", "identifier", "scheme", "region", "locality"]]
        st.dataframe(cl.label_frame(parties.assign(**{c: parties[c].map(text) for c in parties if c != "roles"}),
                                    {"roles": "party_role"}, L),
                     hide_index=True, placeholder="—", width="stretch", column_config={
                         "party_id": t("proc_col_id"), "name": t("proc_col_name"), "roles": t("proc_col_roles"),
                         "identifier": t("proc_col_identifier"), "scheme": t("proc_col_scheme"),
                         "region": t("proc_col_region"), "locality": t("proc_col_locality")})
with tabs[8]:
    flags_section(qp.process_flags(ocid), subject_col=None)
with tabs[9]:
    st.caption(t("proc_data_note"))
    raw = qp.process_json(ocid)
    with st.expander(t("proc_compiled_json")):
        st.json(orjson.loads(raw) if raw else {}, expanded=2)
    releases = qp.process_releases(ocid)
    st.caption(plural(len(releases), t("rd_releases_count", n=integer(len(releases)))))
    if not releases.empty:
        labels = [f"{i + 1}. {r['release_id'] or '—'} · {day(r['date'], L)} · {cl.label_list('release_tag', r['tags'], L)}"
                  for i, r in enumerate(releases.to_dict("records"))]
        pick = st.selectbox(t("proc_release_pick"), range(len(labels)), format_func=lambda i: labels[i],
                            key="proc_release")
        chosen = releases.iloc[pick]
        st.caption(t("proc_release_where", source=md_escape(chosen["source_id"]), locator=md_escape(chosen["locator"])))
        with st.expander(t("proc_release_json"), expanded=False):
            st.json(orjson.loads(chosen["json"]) if chosen["json"] else {}, expanded=2)
