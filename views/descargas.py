"""Descargas: the filtered processes with their flags and scores, as CSV (Excel-friendly UTF-8), a zip of
the CSV with LEEME.txt, Excel (data, Diccionario and Acerca de sheets) and Parquet (code names, for
analysis). Headers are in the page's language. The files are written when a button is pressed, from
the same query as the preview."""
from __future__ import annotations

from datetime import date

import streamlit as st

from ui import downloads, exports
from ui import table_format as tf
from ui import queries_explore as qe
from ui.common import lang, require_data, t
from ui.db import run
from ui.explore_view import show_filters
from ui.filters import Filters, sidebar_filters
from ui.fmt import integer

PREVIEW_ROWS = 500


def _rows(f: Filters):
    # runs in the download thread: its own cursor on the current database, uncached, no Streamlit calls
    return run(qe.download_rows, f)


def _file(f: Filters, kind: str, notes: dict):
    """A no-argument callable building the file on click (st.download_button's deferred data)."""
    language = lang()  # read here: the build runs in the download thread, without Streamlit calls

    def build() -> bytes:
        df = exports.with_code_labels(_rows(f), language)  # codes with their labels in the page's language
        if kind == "csv":
            return exports.to_csv_bytes(df, notes["headers"])
        if kind == "zip":
            return exports.to_zip_bytes(df, notes["headers"], notes["readme"], *notes["zip_names"])
        if kind == "xlsx":
            return exports.to_excel_bytes(df, sheet_name=notes["sheets"][0], headers=notes["headers"],
                                          dictionary_rows=notes["dictionary"], dictionary_sheet=notes["sheets"][1],
                                          dictionary_titles=notes["titles"], about=notes["about"],
                                          about_sheet=notes["sheets"][2])
        return exports.to_parquet_bytes(df)
    return build


st.title(t("page_downloads"))
require_data()
f = sidebar_filters()
show_filters(f)
st.caption(t("dl_intro"))

n = qe.download_count(f)
st.metric(t("dl_rows"), integer(n))
if not n:
    st.info(t("no_rows"))
    st.stop()

preview = qe.download_rows(f, PREVIEW_ROWS)
notes = downloads.notes(f, list(preview.columns), n)
stem = f"obras-abiertas-procesos-{date.today():%Y%m%d}"
c = st.columns(4)
c[0].download_button(t("dl_csv"), _file(f, "csv", notes), file_name=f"{stem}.csv", mime=exports.CSV_MIME,
                     key="dl_csv", on_click="ignore", icon=":material/download:", help=t("dl_csv_help_headers"))
c[1].download_button(t("dl_zip"), _file(f, "zip", notes), file_name=f"{stem}.zip", mime=exports.ZIP_MIME,
                     key="dl_zip", on_click="ignore", icon=":material/download:", help=t("dl_zip_help"))
too_big = n > exports.EXCEL_PRACTICAL_ROWS
c[2].download_button(t("dl_xlsx"), _file(f, "xlsx", notes), file_name=f"{stem}.xlsx", mime=exports.XLSX_MIME,
                     key="dl_xlsx", on_click="ignore", icon=":material/download:", disabled=too_big,
                     help=t("dl_xlsx_too_big", limit=integer(exports.EXCEL_PRACTICAL_ROWS)) if too_big
                     else t("dl_xlsx_help"))
c[3].download_button(t("dl_parquet"), _file(f, "parquet", notes), file_name=f"{stem}.parquet",
                     mime=exports.PARQUET_MIME, key="dl_parquet", on_click="ignore", icon=":material/download:",
                     help=t("dl_parquet_help"))

st.subheader(t("dl_preview"))
if n > len(preview):
    st.caption(t("dl_preview_caption", shown=integer(len(preview)), total=integer(n)))
money_headers = [notes["headers"].get(c, c) for c in exports.MONEY_COLUMNS if c in preview]
st.dataframe(exports.headed(preview, notes["headers"]), hide_index=True, placeholder="—", width="stretch",
             key="dl_preview", column_config={h: tf.money_column(h) for h in money_headers})
with st.expander(t("dl_columns")):
    st.dataframe([dict(zip(notes["titles"], r)) for r in notes["dictionary"]], hide_index=True, placeholder="—",
                 width="stretch",
                 key="dl_dictionary_table")
    st.download_button(t("dl_dictionary"), exports.dictionary_csv_bytes(notes["dictionary"], notes["titles"]),
                       file_name="obras-abiertas-diccionario.csv", mime=exports.CSV_MIME, key="dl_dictionary",
                       on_click="ignore", icon=":material/download:", help=t("dl_dictionary_help"))
