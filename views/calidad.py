"""Calidad de publicación: for guarantor bodies, each implementer's publication against its Publication
Commitment (completeness, schema validity, coherence, timeliness), a 0-100 score, its history by load
date, and a report to download. `?implementer=<id>`."""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from quality.fields import stages as stage_defs
from ui import queries_quality as qq
from ui import table_format as tf
from ui.charts import LEGEND_ABOVE, style
from ui.common import lang, require_data, t
from ui.fmt import day, integer, pct, plural
from ui.profile_widgets import choose, md_escape
from ui.safe_text import plotly, plotly_column

L = lang()
UNASSIGNED = "__sin_asignar__"  # the implementer id of processes and projects without one
COMPONENTS = ("validity", "completeness", "coherence", "timeliness", "commitment")
STAGE_LABEL = {s.stage: (s.label_es if L == "es" else s.label_en) for s in stage_defs()}

st.title(t("page_quality"))
st.caption(t("q_intro"))
require_data()
if not qq.available():
    st.info(t("q_not_computed"))
    st.stop()

# ---- how the last computation went -----------------------------------------------------------------
runs = qq.runs()
if not runs[(runs["part"] == "validation") & (runs["status"] == "unavailable")].empty:
    st.info(t("q_validation_unavailable"))
failed = runs[runs["status"] == "error"]
if not failed.empty:
    st.warning(t("q_part_failed", parts=", ".join(failed["part"])))
with st.expander(t("q_run_details")):
    st.dataframe(runs[["part", "status", "seconds", "detail"]], hide_index=True, placeholder="—", width="stretch")

# ---- ranking ----------------------------------------------------------------------------------------
ranking = qq.ranking().copy()
ranking["label"] = ranking["name"].fillna(ranking["implementer_id"]).fillna(t("unassigned"))
if "in_pilot" in ranking:  # scored beside the pilot, never ranked
    ranking.loc[ranking["in_pilot"].eq(False), "label"] = ranking["label"] + f" ({t('outside_pilot')})"
ranking["key"] = ranking["implementer_id"].fillna(UNASSIGNED)
ranking["commitment_source"] = ranking["commitment_source"].map(
    lambda s: t("q_source_file") if s == "file" else t("q_source_default"))
weights = qq.weights()
st.header(t("q_ranking"))
st.caption(t("q_weights", **{k: pct(v, 0, L) for k, v in weights.items()}))
if not ranking.empty:
    first = ranking.iloc[0]
    st.caption(t("q_measured_at", as_of=day(first.get("as_of"), L), load_date=day(first.get("load_date"), L),
                 validation=t("q_validation_" + {"unavailable": "unavailable_short"}.get(
                     first.get("validation") or "not_run", first.get("validation") or "not_run"))))
boiler = qq.boilerplate(None, True)
if not boiler.empty:
    with st.expander(t("q_boilerplate_title", n=integer(len(boiler)))):
        st.caption(t("q_boilerplate_caption"))
        st.dataframe(tf.points(boiler.assign(rule=boiler["rule"].map(lambda r: t(f"q_rule_{r}"))), ["share"]),
                     hide_index=True, placeholder="—", width="stretch",
                     column_config={"implementer_id": t("col_implementer"), "field": t("q_col_field"),
                                    "rule": t("q_col_reason"), "value": t("q_col_value"),
                                    "subjects": t("q_col_discounted"), "with_value": t("q_col_with_value"),
                                    "share": tf.pct_column(t("q_col_share"), L),
                                    "path": None})
share = {c: tf.pct_column(t(f"q_{c}"), L, progress=True) for c in COMPONENTS}  # "83.7 %", sorted as numbers
ranked = ranking[ranking["implementer_id"].notna()]  # only implementers are ranked
st.dataframe(
    tf.points(ranked[["rank", "label", "state", "score", *COMPONENTS, "processes", "projects", "commitment_source"]],
              COMPONENTS),
    hide_index=True, placeholder="—", width="stretch",
    column_config={
        "rank": t("q_col_rank"), "label": t("col_implementer"), "state": t("col_state"),
        "score": st.column_config.ProgressColumn(t("q_col_score"), min_value=0, max_value=100, format="%.1f"),
        **share, "processes": t("col_processes"), "projects": t("col_projects"),
        "commitment_source": t("q_col_commitment_source"),
    },
)

for u in ranking[ranking["implementer_id"].isna()].to_dict("records"):  # its own line, never ranked
    st.caption(t("q_unassigned_line", processes=plural(u["processes"], t("n_processes", n=integer(u["processes"]))),
                 projects=plural(u["projects"], t("n_projects", n=integer(u["projects"]))),
                 score=f"{u['score']:.1f}"))

# ---- one implementer --------------------------------------------------------------------------------
key = choose("implementer", t("q_choose"), ranking, "key",
             lambda r: (f"{int(r['rank'])}. " if r["rank"] is not None and not pd.isna(r["rank"]) else "— ")
             + f"{r['label']} — {r['score']:.1f}")
row = ranking[ranking["key"] == key]
if row.empty:
    st.stop()
row = row.iloc[0].to_dict()
impl = None if key == UNASSIGNED else key
st.header(md_escape(row["label"]))
cols = st.columns(len(COMPONENTS) + 1)
cols[0].metric(t("q_col_score"), f"{row['score']:.1f}")
for col, comp in zip(cols[1:], COMPONENTS):
    value = row[comp]
    measured = value is not None and not pd.isna(value)
    col.metric(t(f"q_{comp}"), pct(value, lang=L) if measured else "—",
               help=None if measured else t("q_not_measured"))
if not row["processes"] and not row["projects"]:
    st.warning(t("q_publishes_nothing"))
commitment = qq.commitment(impl)
if commitment.get("source") == "default":
    st.caption(t("q_default_commitment"))

tabs = st.tabs([t("q_tab_completeness"), t("q_tab_coherence"), t("q_tab_validity"), t("q_tab_timeliness"),
                t("q_tab_commitment"), t("q_tab_indicators")])

with tabs[0]:  # completeness per stage, then the fields of each stage
    stages = qq.stages(impl)
    fields = qq.fields(impl)
    if not row["processes"]:
        st.info(t("q_no_processes"))
    if not row["projects"]:
        st.info(t("q_no_projects"))
    shown = stages.assign(stage_label=stages["stage"].map(STAGE_LABEL),
                          subject_label=stages["subject"].map(lambda s: t(f"q_subject_{s}")))
    st.dataframe(
        tf.points(shown[["subject_label", "stage_label", "subjects", "with_stage", "completeness", "fields",
                         "committed"]], ["completeness"]),
        hide_index=True, placeholder="—", width="stretch",
        column_config={
            "subject_label": t("q_col_subject"), "stage_label": t("q_col_stage"), "subjects": t("q_col_subjects"),
            "with_stage": t("q_col_with_stage"),
            "completeness": tf.pct_column(t("q_completeness"), L, progress=True),
            "fields": t("q_col_fields"), "committed": t("q_col_committed"),
        },
    )
    for s in shown.to_dict("records"):
        if not s["subjects"]:
            continue
        with st.expander(t("q_fields_of", stage=s["stage_label"])):
            if not s["with_stage"]:
                st.info(t("q_stage_not_published", subject=t(f"q_subject_{s['subject']}").lower()))
                continue
            f = fields[fields["stage"] == s["stage"]]
            st.dataframe(
                tf.points(f[[f"label_{L}", "share", "published", "with_stage", "committed", "path", "basis"]],
                          ["share"]),
                hide_index=True, placeholder="—", width="stretch",
                column_config={
                    f"label_{L}": t("q_col_field"),
                    "share": tf.pct_column(t("q_col_share"), L, progress=True),
                    "published": t("q_col_published"), "with_stage": t("q_col_with_stage"),
                    "committed": t("q_col_committed"), "path": t("q_col_path"), "basis": t("q_col_basis"),
                },
            )

with tabs[1]:  # coherence checks
    checks = qq.checks(impl)
    st.caption(t("q_checks_caption"))
    shown = checks.assign(case=checks["subject"].map(lambda s: t(f"q_case_{s}")))
    st.dataframe(
        tf.points(shown[[f"name_{L}", "applicable", "failing", "fail_share", "case", "examples"]], ["fail_share"]),
        hide_index=True, placeholder="—", width="stretch",
        column_config={
            f"name_{L}": t("q_col_check"), "case": t("q_col_case"), "applicable": t("q_col_applicable"),
            "failing": t("q_col_failing"),
            "fail_share": tf.pct_column(t("q_col_fail_share"), L),
            "examples": st.column_config.TextColumn(t("q_col_examples"), width="large"),
        },
    )

with tabs[2]:  # schema validity
    validation = qq.validation(impl)
    if validation.empty:
        st.info(t("q_no_items"))
    else:
        kinds = validation.assign(item_kind=validation["item_kind"].map(lambda k: t(f"q_kind_{k}")),
                                  status=validation["status"].map(
                                      lambda v: " / ".join(t(f"q_status_{x}") for x in str(v).split("/"))))
        kinds = tf.points(kinds, ["values_valid_share"])  # 0-1 -> percentage points, shown "99.5 %"
        st.dataframe(
            kinds[["standard", "item_kind", "items", "items_validated", "items_valid", "values_valid_share",
                   "errors", "status", "schema_origin"]], hide_index=True, placeholder="—", width="stretch",
            column_config={
                "standard": t("q_col_standard"), "item_kind": t("q_col_item_kind"), "status": t("q_col_status"),
                "schema_origin": t("q_col_schema"), "items": t("q_col_items"),
                "items_validated": t("q_col_items_validated"), "items_valid": t("q_col_items_valid"),
                "errors": t("q_col_errors"),
                "values_valid_share": tf.pct_column(t("q_col_values_valid_share"), L),
            },
        )
        st.caption(t("q_validity_basis"))
        ran = validation[validation["status"] == "run"]
        if not ran.empty and int(ran["items_validated"].sum()) < int(ran["items"].sum()):
            st.caption(t("q_sampled", validated=integer(ran["items_validated"].sum()),
                         items=integer(ran["items"].sum())))
        if (validation["standard"] == "oc4ids").any():
            st.caption(t("q_projects_normalised"))
        errors = qq.schema_errors(impl)
        if errors.empty and not ran.empty:
            st.success(t("q_no_schema_errors"))
        elif not errors.empty:
            errors = errors.assign(item_kind=errors["item_kind"].map(lambda k: t(f"q_kind_{k}")))
            st.dataframe(
                errors[["standard", "item_kind", "validator", "path", "errors", "items", "examples"]],
                hide_index=True, placeholder="—", width="stretch",
                column_config={
                    "standard": t("q_col_standard"), "item_kind": t("q_col_item_kind"),
                    "validator": t("q_col_validator"), "path": t("q_col_path"), "errors": t("q_col_errors"),
                    "items": t("q_col_items_affected"),
                    "examples": st.column_config.TextColumn(t("q_col_examples"), width="large"),
                },
            )
    st.subheader(t("q_corrections"))
    corrections = qq.corrections(impl)
    if corrections.empty:
        st.caption(t("q_no_corrections"))
    else:
        st.dataframe(corrections, hide_index=True, placeholder="—", width="stretch", column_config={
            "rule": t("q_col_rule"), "corrections": t("q_col_corrections"),
            "subjects": t("q_col_subjects_corrected")})

with tabs[3]:  # timeliness
    fresh = qq.freshness(impl)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("q_latest_update"), day(fresh.get("latest_update"), L))
    c2.metric(t("q_age"), integer(fresh.get("age_days")))
    c3.metric(t("q_frequency"), integer(fresh.get("frequency_days")))
    c4.metric(t("q_on_time"), t("q_yes") if fresh.get("on_time") else t("q_no"))
    timely = qq.timeliness(impl)
    if int(timely["events"].sum()) == 0:
        st.info(t("q_no_events"))
    else:
        st.caption(t("q_timeliness_caption"))
        shown = timely.assign(event=timely["event"].map(lambda e: t(f"q_event_{e}")))
        st.dataframe(
            tf.points(shown[["event", "events", "median_lag_days", "p90_lag_days", "timely", "timely_share",
                             "compiled_only", "examples"]], ["timely_share"]),
            hide_index=True, placeholder="—", width="stretch",
            column_config={
                "event": t("q_col_event"), "events": t("q_col_events"), "median_lag_days": t("q_col_median_lag"),
                "p90_lag_days": t("q_col_p90_lag"), "timely": t("q_col_timely"),
                "timely_share": tf.pct_column(t("q_col_timely_share"), L, progress=True),
                "compiled_only": t("q_col_compiled_only"),
                "examples": st.column_config.TextColumn(t("q_col_examples"), width="large"),
            },
        )

with tabs[4]:  # commitment compliance
    c = commitment
    st.markdown(f"**{t('q_committed_stages')}:** " + ", ".join(md_escape(STAGE_LABEL.get(s, s))
                                                               for s in c.get("stages") or []))
    if c.get("period_start") is not None and not pd.isna(c.get("period_start")):
        end = c.get("period_end")
        st.markdown(f"**{t('q_committed_period')}:** {day(c['period_start'], L)} – "
                    f"{day(end, L) if end is not None and not pd.isna(end) else t('q_to_date')}")
    else:
        st.markdown(f"**{t('q_committed_period')}:** {t('q_no_period')}")
    if c.get("note"):
        st.text(c["note"])
    m1, m2, m3, m4, m5 = st.columns(5)
    m1.metric(t("q_stages_published"), f"{c.get('stages_published', 0)}/{len(c.get('stages') or [])}")
    m2.metric(t("q_fields_published"), f"{c.get('fields_published', 0)}/{c.get('fields_committed', 0)}")
    m3.metric(t("q_frequency_met"), t("q_yes") if c.get("frequency_met") else t("q_no"))
    covered = c.get("period_quarters_covered")
    m4.metric(t("q_period_covered"), f"{int(covered)}/{int(c['period_quarters'])}"
              if covered is not None and not pd.isna(covered) else "—")
    m5.metric(t("q_compliance"), pct(c.get("compliance"), lang=L))
    if c.get("problems"):
        st.warning(t("q_commitment_problems"))
        st.text("\n".join(c["problems"]))

with tabs[5]:  # indicator computability
    ind = qq.indicators(impl)
    st.caption(t("q_indicators_caption"))
    if ind["flag_subjects"].isna().all():
        st.caption(t("q_flags_not_computed"))
    shown = ind.assign(by_fields=ind["by_fields"].map(lambda b: t(f"q_by_{b}")))
    st.dataframe(
        tf.points(shown[["indicator", f"name_{L}", "level", "coverage", "by_fields", "missing_fields",
                         "flag_subjects", "flag_computable"]], ["coverage"]),
        hide_index=True, placeholder="—", width="stretch",
        column_config={
            "indicator": t("q_col_indicator"), f"name_{L}": t("q_col_indicator"), "level": t("q_col_level"),
            "coverage": tf.pct_column(t("q_col_coverage"), L, progress=True),
            "by_fields": t("q_col_by_fields"), "missing_fields": t("q_col_missing"),
            "flag_subjects": t("q_col_flag_subjects"), "flag_computable": t("q_col_flag_computable"),
        },
    )

# ---- history ----------------------------------------------------------------------------------------
st.header(t("q_history"))
hist = qq.history().copy()
names = dict(zip(ranking["key"], ranking["label"]))
hist["label"] = hist["implementer_id"].fillna(UNASSIGNED).map(lambda k: names.get(k, k))
if hist["load_date"].nunique() < 2:
    st.caption(t("q_history_one"))
fig = px.line(plotly_column(hist.sort_values("load_date"), "label"), x="load_date", y="score", color="label", markers=True,
              labels={"load_date": t("q_col_load_date"), "score": t("q_col_score"), "label": t("col_implementer")},
              range_y=[0, 100])
fig.update_traces(opacity=0.35)
fig.update_traces(opacity=1.0, line={"width": 4}, selector={"name": plotly(row["label"])})
fig.update_xaxes(type="date", tickformat="%d/%m/%Y" if L == "es" else "%Y-%m-%d")
if hist["load_date"].nunique() == 1:  # one point: show a month around it, not fractions of a second
    only = pd.to_datetime(hist["load_date"].iloc[0])
    fig.update_xaxes(range=[only - pd.Timedelta(days=15), only + pd.Timedelta(days=15)], dtick=7 * 86_400_000)
# the legend (one entry per implementer) in rows above the plot, which keeps its height
fig.update_layout(height=380 + 14 * hist["label"].nunique(), margin={"l": 10, "r": 10, "t": 30, "b": 10},
                  legend=LEGEND_ABOVE)
style(fig, L, y="num")  # the score's own numbers, never Plotly's "k" suffixes
st.plotly_chart(fig, width="stretch")

# ---- the report card ---------------------------------------------------------------------------------
st.header(t("q_card"))
st.caption(t("q_card_caption"))
card_lang = st.radio(t("q_card_lang"), ("es", "en"), horizontal=True, key="q_card_lang",
                     index=0 if L == "es" else 1, format_func=lambda v: "Español" if v == "es" else "English")
card_stem = f"boleta-{key}-{card_lang}"
# made on request (it reads the implementer's documents for examples: seconds on a large database), then
# offered for download until another implementer or language is chosen
if st.button(t("q_card_make"), key="q_card_make"):
    st.session_state["q_card_for"] = (key, card_lang)
if st.session_state.get("q_card_for") == (key, card_lang):
    k1, k2 = st.columns(2)
    k1.download_button(t("q_card_pdf"), qq.report_card(impl, "pdf", card_lang), file_name=f"{card_stem}.pdf",
                       mime="application/pdf", width="stretch")
    k2.download_button(t("q_card_md"), qq.report_card(impl, "md", card_lang), file_name=f"{card_stem}.md",
                       mime="text/markdown", width="stretch")

# ---- export -----------------------------------------------------------------------------------------
st.header(t("q_export"))
st.caption(t("q_export_caption"))
scope = st.radio(t("q_export_scope"), ("selected", "all"), horizontal=True, key="q_export_scope",
                 format_func=lambda s: t(f"q_export_{s}"))
every = scope == "all"
stem = "calidad-todos" if every else f"calidad-{key}"
d1, d2 = st.columns(2)
d1.download_button(t("q_download_csv"), qq.export_csv(impl, every, L), file_name=f"{stem}.csv",
                   mime="text/csv", width="stretch")
d2.download_button(t("q_download_excel"), qq.export_excel(impl, every, L),
                   file_name=f"{stem}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", width="stretch")
