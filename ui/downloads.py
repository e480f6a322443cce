"""What a download of the Descargas page says about itself, in the page's language: the column headers,
the data dictionary (from the definitions files), and the "about" list (filters, data date, methodology
version). Built in the page's script run (the files are written in a download thread that makes no
Streamlit calls); the writers are in ui/exports.py."""
from __future__ import annotations

from datetime import datetime

from ui import exports
from ui import queries_explore as qe
from ui.common import lang, t
from ui.filters import Filters, describe
from ui.fmt import day, integer
from ui.i18n import CATALOGUE


def headers(columns) -> dict[str, str]:
    """Each column's header in the page's language (the code name when no label is written)."""
    return {c: t(f"dlh_{c}") for c in columns if f"dlh_{c}" in CATALOGUE}


def notes(f: Filters, columns, rows: int) -> dict:
    """What every file says about itself, built in the page (the download thread makes no Streamlit calls)."""
    header = headers(columns)
    extra = {c: t(f"dld_{c}") for c in columns if f"dld_{c}" in CATALOGUE}
    rows_dict = exports.dictionary(list(columns), header, extra, lang=lang())
    info = qe.download_about()
    when = info["latest_release"] or info["loaded_at"]
    data_date = day(when, lang()) if when else t("dl_about_data_date_unknown")
    if info["loaded_at"] and when is not info["loaded_at"]:
        data_date += f" ({t('dl_about_loaded', day=day(info['loaded_at'], lang()))})"
    filters = " · ".join(describe(f)) or t("dl_about_no_filters")
    about = [(t("dl_about_what"), t("dl_about_what_value")), (t("dl_about_filters"), filters),
             (t("dl_about_rows"), integer(rows)), (t("dl_about_data_date"), data_date),
             (t("dl_about_methodology"), exports.methodology_version()),
             (t("dl_about_written"), datetime.now().strftime("%Y-%m-%d %H:%M")),
             (t("dl_about_source"), t("dl_about_source_value"))]
    titles = (t("dl_dict_header"), t("dl_dict_code"), t("dl_dict_description"))
    return {"headers": header, "dictionary": rows_dict, "about": about, "titles": titles,
            "readme": exports.readme_text(t("page_downloads") + " · Obras Abiertas", about, t("dl_about_dictionary"),
                                          rows_dict),
            "sheets": (t("dl_sheet_data"), t("dl_sheet_dictionary"), t("dl_sheet_about")),
            "zip_names": (t("dl_zip_csv_name"), t("dl_zip_readme_name"))}
