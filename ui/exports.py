"""The filtered view as files: CSV (UTF-8 with BOM, so Excel shows accents), Excel and Parquet.

Pure functions of a DataFrame, tested without Streamlit.
"""
from __future__ import annotations

import io
import math

import pandas as pd

from core import safe_cells

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARQUET_MIME = "application/vnd.apache.parquet"
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


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark, comma-separated, ISO dates, no index."""
    text = safe_cells.frame(df).to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%S", lineterminator="\r\n")
    return BOM + text.encode("utf-8")


def to_excel_bytes(df: pd.DataFrame, sheet_name: str = "datos") -> bytes:
    """An .xlsx workbook with one sheet (streamed with openpyxl's write-only mode).

    Raises ValueError above EXCEL_MAX_ROWS rows: Excel cannot open larger sheets.
    """
    from openpyxl import Workbook

    if len(df) > EXCEL_MAX_ROWS:
        raise ValueError(f"{len(df):,} rows exceed Excel's limit of {EXCEL_MAX_ROWS:,}")
    df = _naive(df)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_name[:31])
    ws.append([str(c) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


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
