"""The filtered view as files: CSV (UTF-8 with BOM, so Excel shows accents), Excel and Parquet.

Files for people say what they hold: headers in the page's language (`headers`), a data dictionary
(header, code name, description from the definitions files: `dictionary`) and an "about" list (filters,
data date, methodology version). Excel carries both as sheets ("Diccionario", "Acerca de"); a CSV has
the translated header only, and the zip (`to_zip_bytes`) adds LEEME.txt beside datos.csv: comment
lines at the top of a CSV would break Excel and every CSV reader. Parquet keeps the code names (it is
for analysis tools). Dates are written as dates (no "T06:00:00"); codes such as state "09" stay text
(quoted in CSV, text cells in Excel).

Pure functions of a DataFrame, tested without Streamlit.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from collections.abc import Mapping, Sequence

import pandas as pd

from core import contract, safe_cells

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARQUET_MIME = "application/vnd.apache.parquet"
ZIP_MIME = "application/zip"
BOM = "\ufeff".encode()
EXCEL_MAX_ROWS = 1_048_575  # Excel's sheet limit, minus the header row
EXCEL_PRACTICAL_ROWS = 200_000  # above this, writing Excel takes minutes: offer CSV / Parquet instead


# download columns holding codelist values -> their codelist (ui.codelabels)
CODE_COLUMNS = {"main_category": "category", "method": "method", "tender_status": "tender_status",
                "award_status": "award_status", "contract_status": "contract_status", "status": "tender_status",
                "project_status": "project_status", "project_type": "project_type", "sector": "sector",
                "document_type": "document_type", "subject_type": "subject_type", "roles": "party_role"}
LABEL_SUFFIX = "_label"


def with_code_labels(df: pd.DataFrame, lang: str = "es") -> pd.DataFrame:
    """The download with each codelist column followed by its label in `lang` (`method` "open", then
    `method_label` "Licitación pública"; unknown codes as published, marked; empty cells stay empty). The
    codes stay for programs, the labels are for people."""
    from ui import codelabels

    out = df.copy()
    for col in [c for c in df.columns if c in CODE_COLUMNS]:
        labels = codelabels.label_series(df[col], CODE_COLUMNS[col], lang).where(
            ~df[col].map(lambda v: codelabels.is_missing(v) if not hasattr(v, "__len__") or isinstance(v, str)
                         else len(v) == 0), None)
        out.insert(out.columns.get_loc(col) + 1, col + LABEL_SUFFIX, labels)
    return out


def _naive(df: pd.DataFrame) -> pd.DataFrame:
    """Time-zone-aware columns as local naive times (Excel cannot store a time zone)."""
    out = df
    for col in df.columns:
        if isinstance(df[col].dtype, pd.DatetimeTZDtype):
            if out is df:
                out = df.copy()
            out[col] = out[col].dt.tz_localize(None)
    return out


DATE_FORMAT = "%Y-%m-%d"
# where the description of each download column comes from: (table, column) of the definitions files
DESCRIPTION_SOURCE = {
    "implementer": ("implementers", "name"), "state": ("states", "name"),
    "process_score": ("process_scores", "score"), "score_computable": ("process_scores", "n_computable"),
    "score_flagged": ("process_scores", "n_flagged"),
}
MONEY_COLUMNS = ("tender_value", "award_value", "contract_value")


def _dates_only(df: pd.DataFrame) -> pd.DataFrame:
    """Date-time columns as dates (the local date of time-zone-aware ones): a process's dates are days."""
    out = _naive(df)
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col].dtype):
            if out is df:
                out = df.copy()
            out[col] = out[col].dt.normalize()
    return out


def headed(df: pd.DataFrame, headers: Mapping[str, str] | None) -> pd.DataFrame:
    """`df` with its columns renamed by `headers` (code name -> header; others keep their code name)."""
    return df.rename(columns=dict(headers)) if headers else df


def to_csv_bytes(df: pd.DataFrame, headers: Mapping[str, str] | None = None) -> bytes:
    """CSV in UTF-8 with a byte-order mark, comma-separated, dates as YYYY-MM-DD, no index; every text
    value quoted (so a code such as "09" keeps its leading zero for readers that honour quotes), numbers
    not. `headers` renames the columns (the page's language)."""
    text = headed(safe_cells.frame(_dates_only(df)), headers).to_csv(
        index=False, date_format=DATE_FORMAT, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    return BOM + text.encode("utf-8")


def dictionary(columns: Sequence[str], headers: Mapping[str, str], extra: Mapping[str, str] | None = None,
               table: str = "processes", lang: str = "en") -> list[tuple[str, str, str]]:
    """(header, code name, description) per column: the description from the definitions files in `lang`
    (core.contract.definitions(lang=...): `table`'s column, or DESCRIPTION_SOURCE), else from `extra`."""
    defs = contract.definitions(lang=lang)
    out = []
    for col in columns:
        src_table, src_col = DESCRIPTION_SOURCE.get(col, (table, col))
        desc = (defs.get(src_table) or {}).get(src_col) or (extra or {}).get(col, "")
        out.append((headers.get(col, col), col, desc))
    return out


def dictionary_csv_bytes(rows: Sequence[tuple[str, str, str]], titles: Sequence[str]) -> bytes:
    """The data dictionary as its own CSV (UTF-8 with BOM)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(titles)
    writer.writerows([[safe_cells.cell(v) for v in row] for row in rows])
    return BOM + buf.getvalue().encode("utf-8")


def readme_text(title: str, about: Sequence[tuple[str, str]], dict_title: str,
                rows: Sequence[tuple[str, str, str]]) -> str:
    """LEEME.txt: what the file holds (about), then each column's header, code name and description."""
    lines = [title, "=" * len(title), ""]
    lines += [f"{label}: {value}" for label, value in about]
    lines += ["", dict_title, "-" * len(dict_title)]
    for header, code, desc in rows:
        lines.append(f"{header} ({code})" + (f": {desc}" if desc else ""))
    return "\r\n".join(lines) + "\r\n"


def to_zip_bytes(df: pd.DataFrame, headers: Mapping[str, str] | None, readme: str,
                 csv_name: str = "datos.csv", readme_name: str = "LEEME.txt") -> bytes:
    """A zip with the CSV (`to_csv_bytes`) and a README text (UTF-8 with BOM, Windows line ends)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(csv_name, to_csv_bytes(df, headers))
        zf.writestr(readme_name, BOM + readme.encode("utf-8"))
    return buf.getvalue()


def to_excel_bytes(df: pd.DataFrame, sheet_name: str = "datos", headers: Mapping[str, str] | None = None,
                   dictionary_rows: Sequence[tuple[str, str, str]] = (), dictionary_sheet: str = "Diccionario",
                   dictionary_titles: Sequence[str] = ("Encabezado", "Nombre de código", "Descripción"),
                   about: Sequence[tuple[str, str]] = (), about_sheet: str = "Acerca de") -> bytes:
    """An .xlsx workbook (streamed with openpyxl's write-only mode): the data sheet with `headers`
    (dates as date cells, amounts with thousands separators, text as text cells so "09" stays "09"),
    then, when given, a dictionary sheet and an "about" sheet.

    Raises ValueError above EXCEL_MAX_ROWS rows: Excel cannot open larger sheets.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if len(df) > EXCEL_MAX_ROWS:
        raise ValueError(f"{len(df):,} rows exceed Excel's limit of {EXCEL_MAX_ROWS:,}")
    df = _dates_only(df)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_name[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)

    def head(values):
        cells = []
        for v in values:
            c = WriteOnlyCell(ws, value=safe_cells.cell(str(v)))
            c.font = bold
            cells.append(c)
        return cells

    ws.append(head([(headers or {}).get(c, c) for c in df.columns]))
    dates = {i for i, c in enumerate(df.columns) if pd.api.types.is_datetime64_any_dtype(df[c].dtype)}
    money = {i for i, c in enumerate(df.columns) if c in MONEY_COLUMNS}
    for row in df.itertuples(index=False, name=None):
        out = []
        for i, v in enumerate(row):
            v = _cell(v)
            if v is not None and i in dates:  # a date value gets openpyxl's "yyyy-mm-dd" format
                v = v.date() if isinstance(v, dt.datetime) else v
            elif v is not None and i in money:
                cell = WriteOnlyCell(ws, value=v)
                cell.number_format = "#,##0.00"
                v = cell
            out.append(v)
        ws.append(out)
    if dictionary_rows:
        wd = wb.create_sheet(title=dictionary_sheet[:31])
        wd.append(head(dictionary_titles))
        for r in dictionary_rows:
            wd.append([safe_cells.cell(str(v)) for v in r])
    if about:
        wa = wb.create_sheet(title=about_sheet[:31])
        for label, value in about:
            wa.append(head([label]) + [safe_cells.cell(str(value))])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def methodology_version() -> str:
    """The version of the indicators' methodology (metrics.methodology.METHODOLOGY_VERSION)."""
    from metrics.methodology import METHODOLOGY_VERSION

    return METHODOLOGY_VERSION


def _cell(v):
    if v is None or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, (list, tuple, dict)):
        return safe_cells.cell(str(v))
    if isinstance(v, str):
        return safe_cells.cell(v)  # "=..." would be stored as a formula; "'=..." is a string cell
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """A Parquet file (pyarrow, zstd-compressed)."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow", compression="zstd")
    return buf.getvalue()
