"""Cargar datos: load uploaded files or a URL into the dashboard's database, then report what was
loaded, rejected (and why) and corrected. Off unless OBRAS_ENABLE_UPLOAD is set; password protected."""
from __future__ import annotations

import logging
import math

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from core import settings
from ui import queries_profiles as qp
from ui.common import t
from ui.profile_widgets import md_escape
from ui.upload import (PASSWORD_THROTTLE, UPLOAD_TYPES, check_file, check_password_attempt, check_url,
                       configured_password, throttle_keys)
from ui.upload_run import LoadOutcome, load_files, load_url
from ui.harvest_run import STATUSES, SourceProgress, catalogue_table, run_harvest

_log = logging.getLogger("obras.upload")
st.title(t("page_upload"))

if not settings.flag("OBRAS_ENABLE_UPLOAD"):
    st.info(t("upl_disabled"))
    st.stop()


def _secrets() -> dict:
    try:
        return {"upload_password": st.secrets.get("upload_password")}
    except FileNotFoundError:  # no secrets.toml (StreamlitSecretNotFoundError): the environment decides
        return {}


expected = configured_password(_secrets(), {"OBRAS_UPLOAD_PASSWORD": settings.upload_password() or ""})
if expected is None:
    st.error(t("upl_no_password"))
    st.stop()

given = st.text_input(t("upl_password"), type="password", key="upl_password")
# a growing delay, then a lockout, per session and per client address (ui.upload.Throttle)
_ctx = get_script_run_ctx()
_keys = throttle_keys(_ctx.session_id if _ctx else None, st.context.ip_address)
_status, _wait = check_password_attempt(given, expected, _keys, PASSWORD_THROTTLE,
                                        st.session_state.setdefault("_upl_attempts", {}), _log)
if _status != "ok":
    if _status == "wait":
        st.error(t("upl_throttled", seconds=math.ceil(_wait)))
    elif _status == "wrong":
        st.error(t("upl_wrong_password") + (" " + t("upl_throttled", seconds=math.ceil(_wait)) if _wait else ""))
    else:
        st.info(t("upl_password_needed"))
    st.stop()

cap = settings.max_upload_bytes()
db = settings.db_path()
st.caption(t("upl_intro", mb=f"{cap / 1024**2:,.0f}", db=md_escape(db.name)))


def run_with_progress(start, inputs: int) -> LoadOutcome:
    """Run a load with a progress bar; `inputs` is what was handed over (an archive may hold more)."""
    bar = st.progress(0.0, text=t("upl_starting"))

    def cb(name: str, done: int, items: int) -> None:
        bar.progress(min(done / max(inputs, done + 1, 1), 0.99),
                     text=t("upl_progress", name=md_escape(name), done=done, items=items))

    outcome = start(cb)
    bar.progress(1.0, text=t("upl_done"))
    return outcome


def show_report(outcome: LoadOutcome) -> None:
    if outcome.error:
        st.error(t("upl_failed", error=md_escape(outcome.error)))
        st.caption(t("upl_failed_untouched"))
        return
    reports = outcome.reports
    rows = [{"name": outcome.names.get(r.uri, r.uri), "status": t(f"upl_status_{r.status}"), "format": r.format,
             "read": r.items_read, "loaded": r.items_loaded, "rejected": r.items_rejected,
             "corrections": r.corrections, "processes": r.processes, "projects": r.projects} for r in reports]
    totals = {k: sum(row[k] for row in rows) for k in ("read", "loaded", "rejected", "corrections")}
    st.success(t("upl_summary", sources=len(rows), **totals))
    st.subheader(t("upl_loaded"))
    st.dataframe(pd.DataFrame(rows), hide_index=True, placeholder="—", width="stretch", column_config={
        "name": t("upl_col_source"), "status": t("prof_col_status"), "format": t("upl_col_format"),
        "read": t("upl_col_read"), "loaded": t("upl_col_loaded"), "rejected": t("upl_col_rejected"),
        "corrections": t("upl_col_corrections"), "processes": t("upl_col_processes"),
        "projects": t("upl_col_projects")})
    if any(r.status == "unchanged" for r in reports):
        st.caption(t("upl_unchanged_note"))
    st.subheader(t("upl_rejected"))
    reasons = [{"name": outcome.names.get(r.uri, r.uri), "reason": reason, "n": n}
               for r in reports for reason, n in r.reject_reasons.items()]
    if not reasons:
        st.info(t("upl_no_rejects"))
    else:
        st.dataframe(pd.DataFrame(reasons), hide_index=True, placeholder="—", width="stretch", column_config={
            "name": t("upl_col_source"), "reason": t("upl_col_reason"), "n": t("upl_col_count")})
        rejects = qp.source_rejects(outcome.source_ids)
        with st.expander(t("upl_rejects_detail", n=len(rejects))):
            st.dataframe(rejects, hide_index=True, placeholder="—", width="stretch", column_config={
                "source_id": t("upl_col_source_id"), "locator": t("upl_col_locator"),
                "reason": t("upl_col_reason"), "excerpt": t("upl_col_excerpt")})
    st.subheader(t("upl_corrected"))
    by_rule = qp.source_correction_counts(outcome.source_ids)
    if by_rule.empty:
        st.info(t("upl_no_corrections"))
    else:
        st.dataframe(by_rule, hide_index=True, placeholder="—", width="stretch",
                     column_config={"rule": t("meth_col_rule"), "n": t("upl_col_count")})
        with st.expander(t("upl_corrections_detail")):
            st.dataframe(qp.source_corrections(outcome.source_ids), hide_index=True, placeholder="—",
                         width="stretch")


tab_files, tab_url, tab_harvest = st.tabs([t("upl_tab_files"), t("upl_tab_url"), t("hv_tab")])
with tab_files:
    uploads = st.file_uploader(t("upl_files"), type=list(UPLOAD_TYPES), accept_multiple_files=True,
                               max_upload_size=max(1, math.ceil(cap / 1024**2)), key="upl_files")
    good: list[tuple[str, bytes]] = []
    for f in uploads or []:
        content = f.getvalue()
        reason = check_file(f.name, content, cap)
        if reason:
            st.error(t("upl_file_refused", name=md_escape(f.name), reason=t(f"upl_reason_{reason}")))
        else:
            good.append((f.name, content))
    if st.button(t("upl_load_files"), disabled=not good, key="upl_go_files"):
        outcome = run_with_progress(lambda cb: load_files(good, db, progress=cb), len(good))
        show_report(outcome)
with tab_url:
    url = st.text_input(t("upl_url"), key="upl_url", placeholder="https://")
    url_reason = check_url(url) if url.strip() else None
    if url_reason:
        st.error(t(f"upl_reason_{url_reason}"))
    if st.button(t("upl_load_url"), disabled=not url.strip() or url_reason is not None, key="upl_go_url"):
        outcome = run_with_progress(lambda cb: load_url(url.strip(), db, progress=cb), 1)
        show_report(outcome)
with tab_harvest:
    st.caption(t("hv_intro"))
    try:
        sources, catalogue = catalogue_table()
    except ValueError as exc:  # obras.sources.CatalogueError: names the file, the entry and the field
        st.error(t("hv_bad_catalogue", error=md_escape(str(exc))))
        sources, catalogue = [], None
    if catalogue is not None:
        st.dataframe(catalogue, hide_index=True, width="stretch", column_config={
            "id": t("hv_col_source"), "implementer": t("hv_col_implementer"), "kind": t("hv_col_kind"),
            "base": st.column_config.TextColumn(t("hv_col_base")), "confirmed": t("hv_col_confirmed"),
            "enabled": t("hv_col_enabled"), "note": t("hv_col_note")})
        chosen = st.multiselect(t("hv_choose"), [s.id for s in sources],
                                default=[s.id for s in sources if s.enabled], key="hv_sources")
        if st.button(t("hv_go"), disabled=not chosen, key="hv_go"):
            bar = st.progress(0.0, text=t("upl_starting"))
            per_source = st.empty()
            tracker = SourceProgress()
            status_cols = {s: t(f"hv_status_{s}") for s in STATUSES}

            def on_progress(source: str, status: str, done: int, total: int) -> None:
                tracker(source, status, done, total)
                bar.progress(min(done / max(total, 1), 1.0),
                             text=t("hv_progress", done=done, total=total, source=md_escape(source),
                                    status=status_cols.get(status, status)))
                per_source.dataframe(tracker.table(), hide_index=True, width="stretch", column_config={
                    "source": t("hv_col_source"), "asked": t("hv_col_asked"), **status_cols})

            outcome = run_harvest(chosen, db, on_progress)
            bar.progress(1.0, text=t("hv_done"))
            if outcome.error:
                st.error(t("hv_bad_catalogue", error=md_escape(outcome.error)))
            elif outcome.report.failed:
                st.warning(t("hv_failed_some"))
            else:
                st.success(t("hv_ok", loads=len(outcome.report.loads)))
