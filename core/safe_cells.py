"""Exported cells that a spreadsheet cannot take for formulas (CSV / formula injection, OWASP).

A text cell starting with = + - @ (or their full-width forms), a tab, a carriage return or a line feed,
possibly after spaces, is prefixed with an apostrophe: Excel and LibreOffice show it as text and never
evaluate it. Numbers, dates and booleans are not touched (they stay numbers); only text is. In Excel
files the prefixed value is written as a string cell (openpyxl would otherwise store "=..." as a formula).

Imports nothing of the project (used by ui.exports, metrics.export and quality.export).
"""
from __future__ import annotations

import re
from typing import Any

# literal characters (not escapes) so that Python's re and pyarrow's RE2 read the same pattern
FORMULA_START = re.compile("^[ \u00a0]*[=+\\-@\t\r\n\uff1d\uff0b\uff0d\uff20]")
PREFIX = "'"


def cell(value: Any) -> Any:
    """`value` with an apostrophe in front when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return PREFIX + value
    return value


def frame(df):
    """A copy of the DataFrame `df` whose text cells are neutralised (other columns as they are)."""
    out = None
    for col in df.columns:
        series = df[col]
        if series.dtype == object or str(series.dtype) in ("string", "str"):
            mapped = series.map(cell, na_action="ignore")
            if out is None:
                out = df.copy()
            out[col] = mapped
    return df if out is None else out


def arrow_batch(batch):
    """A pyarrow RecordBatch whose string columns are neutralised (for streamed CSV writers)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    changed = False
    for column in batch.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.fill_null(pc.match_substring_regex(column, FORMULA_START.pattern), False)
            if pc.any(risky).as_py():
                column = pc.if_else(risky, pc.binary_join_element_wise(pa.scalar(PREFIX, column.type), column,
                                                                       pa.scalar("", column.type)), column)
                changed = True
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema) if changed else batch
