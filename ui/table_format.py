"""Number columns of the pages' tables: kept numeric (so they sort as numbers) and shown formatted by
Streamlit's column_config, in the same styles as ui/fmt.py writes them: amounts whole "$642,232,840.00",
counts "1,234", shares "83.7 %" (es) / "83.7%" (en), dates "31/12/2024" (es) / "2024-12-31" (en).
An empty numeric cell shows blank (never "None" or "nan")."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from ui.fmt import PERCENT_PRINTF, missing

MONEY_FORMAT = "$%,.2f"  # as ui.fmt.money
COUNT_FORMAT = "%,d"  # as ui.fmt.integer
DAYS_FORMAT = "%,.0f"
DATE_FORMAT = {"es": "DD/MM/YYYY", "en": "YYYY-MM-DD"}  # as ui.fmt.day


def money_column(label: str, **kwargs) -> st.column_config.NumberColumn:
    """An amount written out whole, sorted as a number."""
    return st.column_config.NumberColumn(label, format=MONEY_FORMAT, **kwargs)


def count_column(label: str, **kwargs) -> st.column_config.NumberColumn:
    """A count with thousands separators, sorted as a number."""
    return st.column_config.NumberColumn(label, format=COUNT_FORMAT, **kwargs)


def days_column(label: str, **kwargs) -> st.column_config.NumberColumn:
    """A number of days, whole."""
    return st.column_config.NumberColumn(label, format=DAYS_FORMAT, **kwargs)


def pct_column(label: str, lang: str, progress: bool = False, **kwargs):
    """A share in percentage points (0-100: see `points`) shown "83.7 %" / "83.7%"; as a bar when `progress`."""
    if progress:
        return st.column_config.ProgressColumn(label, min_value=0.0, max_value=100.0, format=PERCENT_PRINTF[lang],
                                               **kwargs)
    return st.column_config.NumberColumn(label, format=PERCENT_PRINTF[lang], **kwargs)


def date_column(label: str, lang: str, **kwargs) -> st.column_config.DateColumn:
    """A day, sorted as a date."""
    return st.column_config.DateColumn(label, format=DATE_FORMAT.get(lang, DATE_FORMAT["es"]), **kwargs)


def share(part, whole) -> float | None:
    """part / whole, or None when there is no whole (a blank cell, not 0 %)."""
    if missing(whole) or not whole:
        return None
    return (0 if missing(part) else part) / whole


def numeric(df: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """`df` with `columns` as float (DuckDB's DECIMAL arrives as Python Decimal objects, which Streamlit
    would send as text-like values); missing values become NaN (a blank cell)."""
    out = df.copy()
    for col in columns:
        if col in out:
            out[col] = pd.to_numeric(pd.Series([None if missing(v) else v for v in out[col]], index=out.index,
                                               dtype=object), errors="coerce").astype("float64")
    return out


def points(df: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """`df` with the shares (0-1) in `columns` as percentage points (0-100), numeric, for `pct_column`."""
    out = numeric(df, columns)
    for col in columns:
        if col in out:
            out[col] = out[col] * 100
    return out


def dates(df: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """`df` with `columns` as dates (a time of day or a time zone dropped: a process's dates are days)."""
    out = df.copy()
    for col in columns:
        if col in out:
            values = pd.to_datetime(out[col], errors="coerce", utc=False)
            if isinstance(values.dtype, pd.DatetimeTZDtype):
                values = values.dt.tz_localize(None)
            out[col] = pd.Series([None if pd.isna(v) else v.date() for v in values], index=out.index, dtype=object)
    return out
