"""Downloads people can open: headers in the page's language, a data dictionary from the definitions
files, what the file holds (filters, data date, methodology version), dates as dates and codes as text.
Excel files are opened with openpyxl, CSV with the csv module, as a person's program would read them."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from core import contract
from tests import ui_explore_fixture
from ui import exports
from ui import queries_explore as qe
from ui.filters import Filters
from ui.i18n import CATALOGUE, translate

PAGE = Path(__file__).resolve().parent.parent / "views" / "descargas.py"
ABOUT = [("Filtros aplicados", "Estado: Nuevo León"), ("Fecha de los datos", "01/03/2024"),
         ("Versión de la metodología", "obras-abiertas 0.1.0"), ("Fórmula", "=HYPERLINK(\"x\")")]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return ui_explore_fixture.build(tmp_path_factory.mktemp("downloads") / "fixture.duckdb")


@pytest.fixture(scope="module")
def rows(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return qe.download_rows(con, Filters())


def headers(columns, lang="es"):
    return {c: translate(f"dlh_{c}", lang) for c in columns if f"dlh_{c}" in CATALOGUE}


def test_every_download_column_has_a_header_in_both_languages(rows):
    columns = list(rows.columns) + ["process_score", "score_computable", "score_flagged"]  # when scored
    for lang in ("es", "en"):
        h = headers(columns, lang)
        assert set(h) == set(columns) and len(set(h.values())) == len(h)
    assert headers(["state_code"])["state_code"] == "Clave de estado (INEGI)"


def test_the_dictionary_takes_descriptions_from_the_definitions_files(rows):
    h = headers(rows.columns)
    d = {code: (header, desc) for header, code, desc in exports.dictionary(list(rows.columns), h, {"year": "Año"})}
    defs = contract.definitions()
    assert d["buyer_name"] == ("Unidad compradora", defs["processes"]["buyer_name"])
    scored = exports.dictionary(["process_score", "state"], {})
    assert [r[2] for r in scored] == [defs["process_scores"]["score"], defs["states"]["name"]]
    assert d["year"][1] == "Año"  # a derived column: its text from the labels
    assert list(d) == list(rows.columns)


def test_excel_has_translated_headers_dates_as_dates_codes_as_text_a_dictionary_and_about(rows):
    h = headers(rows.columns)
    dic = exports.dictionary(list(rows.columns), h)
    data = exports.to_excel_bytes(rows, "procesos", headers=h, dictionary_rows=dic, dictionary_sheet="Diccionario",
                                  about=ABOUT, about_sheet="Acerca de")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["procesos", "Diccionario", "Acerca de"]
    ws = wb["procesos"]
    head = [c.value for c in ws[1]]
    assert head[:3] == ["ocid (identificador del proceso)", "Título", "Clave del implementador"]
    col = {c: i for i, c in enumerate(rows.columns)}
    p1 = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "p1")
    state = p1[col["state_code"]]
    assert state.value == "19" and state.data_type == "s"  # text: Excel keeps it as "19", "09" as "09"
    signed = p1[col["date_signed"]]
    assert signed.is_date and signed.value == dt.datetime(2019, 5, 1) and signed.number_format == "yyyy-mm-dd"
    assert p1[col["contract_value"]].value == 130 and p1[col["contract_value"]].number_format == "#,##0.00"
    dict_rows = list(wb["Diccionario"].iter_rows(values_only=True))
    assert dict_rows[0] == ("Encabezado", "Nombre de código", "Descripción")
    assert ("Clave de estado (INEGI)", "state_code", contract.definitions()["processes"]["state_code"]) in dict_rows
    about = dict(wb["Acerca de"].iter_rows(values_only=True))
    assert about["Filtros aplicados"] == "Estado: Nuevo León" and about["Versión de la metodología"]
    assert about["Fórmula"].startswith("'")  # text from the data is never a formula


def test_csv_has_the_translated_header_only_dates_as_days_and_quoted_codes(rows):
    h = headers(rows.columns, "en")
    text = exports.to_csv_bytes(rows.assign(state_code=rows["state_code"].replace({"19": "09"})), h).decode("utf-8-sig")
    assert "T06:00:00" not in text and "00:00:00" not in text
    records = list(csv.reader(io.StringIO(text)))
    assert records[0][:2] == ["ocid (process identifier)", "Title"] and len(records) == len(rows) + 1
    p1 = next(r for r in records if r[0] == "p1")
    assert p1[list(rows.columns).index("date_signed")] == "2019-05-01"
    assert p1[list(rows.columns).index("state_code")] == "09"
    line = next(ln for ln in text.splitlines() if ln.startswith('"p1"'))
    assert '"09"' in line  # the code is quoted, its leading zero kept


def test_the_zip_holds_the_csv_and_a_readme_that_says_what_it_holds(rows):
    h = headers(rows.columns)
    readme = exports.readme_text("Descargas", ABOUT, "Columnas", exports.dictionary(list(rows.columns), h))
    with zipfile.ZipFile(io.BytesIO(exports.to_zip_bytes(rows, h, readme))) as zf:
        assert sorted(zf.namelist()) == ["LEEME.txt", "datos.csv"]
        note = zf.read("LEEME.txt").decode("utf-8-sig")
        data = zf.read("datos.csv").decode("utf-8-sig")
    assert "Filtros aplicados: Estado: Nuevo León" in note and "Versión de la metodología" in note
    assert "Clave de estado (INEGI) (state_code): " in note
    assert next(csv.reader(io.StringIO(data)))[0] == "ocid (identificador del proceso)"


def test_the_dictionary_is_its_own_csv(rows):
    dic = exports.dictionary(list(rows.columns), headers(rows.columns))
    back = list(csv.reader(io.StringIO(exports.dictionary_csv_bytes(dic, ("Encabezado", "Código", "Descripción"))
                                       .decode("utf-8-sig"))))
    assert back[0] == ["Encabezado", "Código", "Descripción"] and len(back) == len(rows.columns) + 1


def test_download_about_gives_the_data_date(db):
    with duckdb.connect(str(db), read_only=True) as con:
        info = qe.download_about(con)
    assert set(info) == {"loaded_at", "latest_release", "indicators_computed_at"}


def test_downloads_state_the_methodology_s_version():
    from metrics.methodology import METHODOLOGY_VERSION

    assert exports.methodology_version() == METHODOLOGY_VERSION


@pytest.mark.parametrize("lang,header,sheet", [("es", "Clave de estado (INEGI)", "Diccionario"),
                                               ("en", "State code (INEGI)", "Dictionary")])
def test_the_page_previews_translated_headers_and_offers_the_dictionary(monkeypatch, db, lang, header, sheet):
    monkeypatch.setenv("OBRAS_DB", str(db))
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    preview, dictionary = at.dataframe[0].value, at.dataframe[1].value
    assert header in preview.columns and "state_code" not in preview.columns
    assert header in list(dictionary.iloc[:, 0]) and "state_code" in list(dictionary.iloc[:, 1])
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"CSV", "Excel", "Parquet"} <= labels and len(labels) == 5
    # the introduction names every file offered, the zip's README and the dictionary included
    intro = next(c.value for c in at.caption if "BOM" in c.value)
    words = {"es": ("zip", "LÉEME", "diccionario", "Diccionario"), "en": ("zip", "README", "dictionary", "Dictionary")}
    assert all(w in intro for w in words[lang]), intro
