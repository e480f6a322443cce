"""Pieces the profile pages (proyecto, proceso, proveedores) share: choosing the subject with its id in
the URL, links between the pages, the flags section, the location map, safe text for markdown."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pandas as pd
import pydeck as pdk
import streamlit as st

from ui import codelabels
from ui import table_format as tf
from ui.safe_text import md
from ui import methodology_links
from ui.common import lang, t
from ui.flag_text import detail_text, explain_flags, is_suspect, metas, number, outcome_label, reason_text
from ui.fmt import day, integer, money, plural

md_escape = md  # one escaper for data shown as markdown (ui.safe_text)


def readable(df: pd.DataFrame, money_cols: tuple[str, ...] = (), date_cols: tuple[str, ...] = (),
             count_cols: tuple[str, ...] = (), lang_: str | None = None) -> pd.DataFrame:
    """`df` as a reader sees it: amounts written out whole ("$642,232,840.00"), dates as days, counts
    with separators, and every empty cell as "—" (Streamlit would print "None"). Columns not named keep
    their values, with missing text as "—"."""
    L = lang_ or lang()
    out = df.copy()
    for col in out.columns:
        if col in money_cols:
            out[col] = [money(v, L) for v in out[col]]
        elif col in date_cols:
            out[col] = [day(v, L) for v in out[col]]
        elif col in count_cols:
            out[col] = [integer(v) for v in out[col]]
        elif not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = pd.Series([v if not _empty(v) else "—" for v in out[col]], index=out.index, dtype=object)
    return out


def _empty(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and v != v:
        return True
    return isinstance(v, str) and not v.strip()


def page_url(page: str, param: str, value: str) -> str:
    """Relative link to another page of the dashboard with its subject in the query string."""
    return f"{page}?{param}={quote(str(value), safe='')}"


def link_to(page: str, param: str, value: str, label: str, icon: str | None = None) -> None:
    """A link to another page of the dashboard opened on `value`: an in-app page link when the page is
    in the navigation, else a plain relative link (a page run on its own, as in tests)."""
    from streamlit.errors import StreamlitAPIException

    try:
        st.page_link(f"views/{page}.py", label=md_escape(label), icon=icon, query_params={param: value})
    except StreamlitAPIException:
        st.markdown(f"[{md_escape(label)}]({page_url(page, param, value)})")


def choose(param: str, label: str, options: pd.DataFrame, id_col: str,
           describe: Callable[[dict[str, Any]], str]) -> str | None:
    """A selectbox over `options[id_col]` kept in step with `?param=` in the URL: a link opens the page
    on its subject, and choosing another one updates the URL (so it can be shared)."""
    ids = [str(x) for x in options[id_col].tolist()] if not options.empty else []
    text = {str(r[id_col]): describe(r) for r in options.to_dict("records")}
    key, seen = f"choose_{param}", f"choose_{param}_url"
    wanted = st.query_params.get(param)
    if wanted and wanted not in ids:
        ids.insert(0, wanted)  # a linked subject outside the current search still opens
    if wanted and st.session_state.get(seen) != wanted:
        st.session_state[key] = wanted  # the URL changed from outside (a link, a reload)
    elif st.session_state.get(key) not in ids:
        st.session_state.pop(key, None)
    if not ids:
        return None
    value = st.selectbox(label, ids, key=key, format_func=lambda i: text.get(i, i))
    if value:
        st.query_params[param] = value
        st.session_state[seen] = value
    return value


def indicator_label(code: str, name: str) -> str:
    return f"{code} · {name}" if name and name != code else code


PAGE_ROWS = 100  # rows of a long table shown at a time


def pager(key: str, total: int, size: int | None = None) -> int:
    """A page selector for a table of `total` rows shown `size` (PAGE_ROWS) at a time (none when one page
    holds them all); returns the offset of the chosen page and says which rows are shown."""
    size = size or PAGE_ROWS
    pages = max(1, -(-int(total) // size))
    if pages == 1:
        return 0
    page = st.number_input(t("prof_page", pages=integer(pages)), min_value=1, max_value=pages, value=1, step=1,
                           key=key)
    offset = (int(page) - 1) * size
    st.caption(t("prof_rows_shown", first=integer(offset + 1), last=integer(min(total, offset + size)),
                 total=integer(total)))
    return offset


def download_all(key: str, rows: int, build: Callable[[], bytes], file_name: str) -> None:
    """A button that downloads every row of a table shown page by page: `build` runs on click, in the
    download thread (no Streamlit calls there)."""
    from ui import exports

    st.download_button(t("prof_download_all", n=integer(rows)), build, file_name=file_name, mime=exports.CSV_MIME,
                       key=key, on_click="ignore")


def _flags_caption(flagged: int, results: int, indicators: int, not_computable: int) -> None:
    st.caption(plural(flagged, t("rd_flags_counts", flagged=integer(flagged))) + " "
               + t("rd_flags_counts_rest", results=plural(results, t("n_results", n=integer(results))),
                   indicators=plural(indicators, t("n_indicators", n=integer(indicators))),
                   not_computable=integer(not_computable)))


def _flagged_table(flagged: pd.DataFrame, subject_col: str | None, L: str, key: str | None = None) -> None:
    """The flagged results with value, quartiles, fence and the evidence, readable."""
    shown = explain_flags(flagged, L)
    shown["label"] = [indicator_label(c, n) for c, n in zip(shown["indicator"], shown["name"])]
    # codes in words, numbers by their unit, the evidence readable (not raw JSON and floats)
    shown["subject_type"] = [codelabels.label("subject_type", x, L) for x in shown["subject_type"]]
    for col in ("value", "q1", "q3", "fence"):
        shown[col] = [number(v) for v in shown[col]]
    shown["detail"] = [detail_text(c, d, L) for c, d in zip(shown["indicator"], shown["detail"])]
    cols = ["label", "subject_type", "subject_id"] + ([subject_col] if subject_col else []) + \
        ["value", "q1", "q3", "fence", "detail"]
    st.dataframe(
        readable(shown[cols], lang_=L).rename(columns={
            "label": t("prof_col_indicator"), "subject_type": t("prof_col_subject_type"),
            "subject_id": t("prof_col_subject"), "ocid": t("prof_col_ocid"), "value": t("prof_col_value"),
            "q1": "Q1", "q3": "Q3", "fence": t("prof_col_fence"), "detail": t("prof_col_detail")}),
        hide_index=True, placeholder="—", width="stretch", key=key,
    )


def _indicator_explanations(codes, L: str) -> None:
    """For each indicator code: what it measures, why it matters, and its section of Metodología."""
    known = metas()
    names = explain_flags(pd.DataFrame({"indicator": list(codes)}), L)
    for code, name, methodology, why in zip(names["indicator"], names["name"], names["methodology"], names["why"]):
        meta = known.get(code)
        with st.expander(indicator_label(code, name)):
            if meta is None:
                st.text(t("prof_flag_no_meta"))
                continue
            # our own metadata: markdown is fine, but "$" must not start LaTeX
            st.markdown(f"**{t('prof_flag_what')}** " + methodology.replace("$", r"\$"))
            st.markdown(f"**{t('prof_flag_why')}** " + why.replace("$", r"\$"))
            st.markdown(methodology_links.link(code, L))  # the indicator's section of Metodología


def _suspect_table(rows: pd.DataFrame, L: str, key: str | None = None) -> None:
    names = explain_flags(rows, L)
    st.dataframe(
        pd.DataFrame({t("prof_col_indicator"): [indicator_label(c, n) for c, n in
                                                zip(names["indicator"], names["name"])],
                      t("sd_col_outcome"): [outcome_label("suspect", L)] * len(names),
                      t("sd_col_reason"): [reason_text(d, L) for d in names["detail"]],
                      t("prof_col_detail"): [detail_text(c, d, L) for c, d in
                                             zip(names["indicator"], names["detail"])]}),
        hide_index=True, width="stretch", key=key,
    )


def _not_computable_table(rows: pd.DataFrame, L: str, key: str | None = None) -> None:
    names = explain_flags(rows, L)
    st.dataframe(
        pd.DataFrame({t("prof_col_indicator"): [indicator_label(c, n) for c, n in
                                                zip(names["indicator"], names["name"])],
                      t("prof_col_detail"): [detail_text(c, d, L) for c, d in
                                             zip(names["indicator"], names["detail"])]}),
        hide_index=True, placeholder="—", width="stretch", key=key,
    )


def flags_section(flags: pd.DataFrame, subject_col: str | None = "ocid") -> None:
    """The indicator results of a subject: flagged ones with value, quartiles and fence, each
    indicator explained from its metadata; then which ones could not be computed and why."""
    st.subheader(t("prof_flags"))
    if flags is None or flags.empty:
        st.info(t("prof_flags_none_computed"))
        return
    L = lang()
    flagged = flags[flags["flagged"].fillna(False).astype(bool)]
    # suspect data (a publisher's defect behind the result) is shown apart from what could not be computed
    suspect_rows = flags[[is_suspect(d) for d in flags["detail"]]] if "detail" in flags else flags.iloc[0:0]
    not_computable = flags[flags["computable"].notna() & ~flags["computable"].fillna(True).astype(bool)]
    not_computable = not_computable.drop(index=suspect_rows.index, errors="ignore")
    _flags_caption(len(flagged), len(flags), flags["indicator"].nunique(), len(not_computable))
    if flagged.empty:
        st.success(t("prof_flags_none_raised"))
    else:
        _flagged_table(flagged, subject_col, L)
        _indicator_explanations(dict.fromkeys(flagged["indicator"]), L)
    if not suspect_rows.empty:
        with st.expander(t("sd_section", n=len(suspect_rows)), expanded=True):
            st.caption(t("sd_intro"))
            _suspect_table(suspect_rows, L)
    if not not_computable.empty:
        with st.expander(t("prof_flags_not_computable", n=len(not_computable))):
            _not_computable_table(not_computable, L)


def flags_section_paged(counts: pd.DataFrame, rows: Callable[[str, int, int], pd.DataFrame],
                        key: str, download: Callable[[], bytes] | None = None, subject_col: str | None = "ocid",
                        file_name: str = "resultados.csv") -> None:
    """flags_section for a subject with too many results to read whole (a supplier with 255,000): the counts
    per indicator and outcome (`counts`: indicator, outcome, results) give the totals and a table per
    indicator; the flagged, suspect and not computable results are shown one page at a time, read by
    `rows(outcome, limit, offset)`; `download` builds the file of every result. `key` names the widgets."""
    st.subheader(t("prof_flags"))
    if counts is None or counts.empty:
        st.info(t("prof_flags_none_computed"))
        return
    L, page_rows = lang(), PAGE_ROWS
    by = counts.pivot_table(index="indicator", columns="outcome", values="results", aggfunc="sum", fill_value=0)
    for outcome in ("flagged", "not_flagged", "suspect", "not_computable"):
        if outcome not in by:
            by[outcome] = 0
    by["results"] = by[["flagged", "not_flagged", "suspect", "not_computable"]].sum(axis=1)
    total = {c: int(by[c].sum()) for c in by.columns}
    _flags_caption(total["flagged"], total["results"], len(by), total["not_computable"])
    names = explain_flags(by.reset_index()[["indicator"]], L)
    table = pd.DataFrame({"indicator": [indicator_label(c, n) for c, n in zip(names["indicator"], names["name"])]})
    for col in ("flagged", "not_flagged", "suspect", "not_computable", "results"):
        table[col] = by[col].astype("int64").to_numpy()
    st.caption(t("prof_flags_by_indicator"))
    st.dataframe(table.sort_values(["flagged", "indicator"], ascending=[False, True]), hide_index=True,
                 placeholder="—", width="stretch", key=f"{key}_by_indicator",
                 column_config={"indicator": t("prof_col_indicator"),
                                **{c: tf.count_column(outcome_label(c, L))
                                   for c in ("flagged", "not_flagged", "suspect", "not_computable")},
                                "results": tf.count_column(t("prof_col_results"))})
    if download is not None:
        download_all(f"{key}_download", total["results"], download, file_name)
    if total["flagged"] == 0:
        st.success(t("prof_flags_none_raised"))
    else:
        offset = pager(f"{key}_flagged_page", total["flagged"])
        _flagged_table(rows("flagged", page_rows, offset), subject_col, L, key=f"{key}_flagged")
        _indicator_explanations([c for c in by.index if by.loc[c, "flagged"] > 0], L)
    if total["suspect"]:
        with st.expander(t("sd_section", n=integer(total["suspect"])), expanded=True):
            st.caption(t("sd_intro"))
            offset = pager(f"{key}_suspect_page", total["suspect"])
            _suspect_table(rows("suspect", page_rows, offset), L, key=f"{key}_suspect")
    if total["not_computable"]:
        with st.expander(t("prof_flags_not_computable", n=integer(total["not_computable"]))):
            offset = pager(f"{key}_not_computable_page", total["not_computable"])
            _not_computable_table(rows("not_computable", page_rows, offset), L, key=f"{key}_not_computable")


def location_deck(points: pd.DataFrame, outlines: dict | None = None, basemap: str | None = None) -> pdk.Deck:
    """A pydeck map of a project's points over the state outlines when configured; offline unless a
    basemap is configured (ui.maps.make_deck: map_provider=None); the tooltip is plain text."""
    from ui import maps

    data = points[["lon", "lat", "locality"]].copy()
    data["locality"] = data["locality"].fillna("")
    layers = []
    if outlines:
        layers.append(pdk.Layer("GeoJsonLayer", outlines, stroked=True, filled=False,
                                get_line_color=[120, 120, 120], line_width_min_pixels=1))
    layers.append(pdk.Layer("ScatterplotLayer", data, get_position=["lon", "lat"], get_radius=150,
                            radius_min_pixels=6, get_fill_color=[200, 30, 30, 200], pickable=True))
    return maps.make_deck(layers, maps.view_for(data["lon"], data["lat"]), tooltip_text="{locality}",
                          basemap=basemap)
