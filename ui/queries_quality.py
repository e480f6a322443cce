"""Read-only queries of the "Calidad de publicación" page: the quality tables, shaped for display.

Pure functions of a DuckDB connection (tests call them without Streamlit); the pages call them
without one (`ui.db.cached_query`: cached per database version). The implementer argument is an id,
or None for processes and projects no implementer was resolved for.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from quality import report
from quality.export import SHEETS, csv_bytes, excel_bytes, long_report, long_report_percent, report_frames
from quality.export import PERCENT_FORMAT, SHARE_METRICS
from quality.score import WEIGHTS
from ui.db import cached_query
from ui.i18n import CATALOGUE, translate


@cached_query
def available(con: duckdb.DuckDBPyConnection) -> bool:
    """The quality tables have been computed for this database."""
    return report.available(con)


@cached_query
def ranking(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per implementer with its score and components, best first."""
    return report.scores(con)


@cached_query
def weights(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """The score's component weights (constant; a query like the others, for symmetry)."""
    return dict(WEIGHTS)


@cached_query
def runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The parts of the last refresh: status, time, detail."""
    return report.runs_table(con)


@cached_query
def validation(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    return report.validation_table(con, impl)


@cached_query
def schema_errors(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    """Schema errors grouped by kind and path, with examples as readable text."""
    df = report.schema_error_table(con, impl)
    df["examples"] = df["examples"].map(
        lambda ex: "\n".join(f"{e.get('id')}: {e.get('message')}" for e in ex))
    return df


@cached_query
def stages(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    return report.stage_table(con, impl)


@cached_query
def fields(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    return report.field_table(con, impl)


@cached_query
def checks(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    """Coherence checks with their failing examples as readable text."""
    df = report.check_table(con, impl)
    df["examples"] = df["examples"].map(lambda ex: "\n".join(f"{e.get('id')}: {e.get('detail')}" for e in ex))
    return df


@cached_query
def timeliness(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    df = report.timeliness_table(con, impl)
    df["examples"] = df["examples"].map(
        lambda ex: "\n".join(f"{e.get('ocid')}: {e.get('event_date')} → {e.get('published')}" for e in ex))
    return df


@cached_query
def freshness(con: duckdb.DuckDBPyConnection, impl: str | None) -> dict:
    return report.freshness_row(con, impl)


@cached_query
def commitment(con: duckdb.DuckDBPyConnection, impl: str | None) -> dict:
    row = report.commitment_row(con, impl)
    for key in ("stages", "problems"):
        if key in row and hasattr(row[key], "tolist"):
            row[key] = row[key].tolist()
    return row


@cached_query
def indicators(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    df = report.indicator_table(con, impl)
    for col in ("required_fields", "missing_fields"):
        df[col] = df[col].map(lambda v: ", ".join(v) if v is not None else "")
    return df


@cached_query
def corrections(con: duckdb.DuckDBPyConnection, impl: str | None) -> pd.DataFrame:
    return report.corrections_table(con, impl)


@cached_query
def boilerplate(con: duckdb.DuckDBPyConnection, impl: str | None, every: bool = False) -> pd.DataFrame:
    """Values discounted as boilerplate (one implementer, or every one)."""
    return report.boilerplate_table(con, None if every else impl, every)


@cached_query
def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Scores per load date of every implementer."""
    return report.history_table(con)


@cached_query
def export_csv(con: duckdb.DuckDBPyConnection, impl: str | None, every: bool, lang: str) -> bytes:
    """The long report (one row per measurement) as CSV with BOM: one implementer, or all; headers in
    `lang`, shares written "83.7 %"."""
    frames = report_frames(con, None if every else [impl])
    return csv_bytes(_percent(long_report_percent(long_report(frames, lang)), lang), export_headers(lang))


def _percent(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Shares in the page's style (ui.fmt.pct): "83.7 %" as written in Spanish, "83.7%" in English."""
    if lang == "es" or df.empty:
        return df
    shares = df["metric"].isin(SHARE_METRICS)
    out = df.copy()
    out.loc[shares, "value"] = [v[:-2] + "%" if isinstance(v, str) and v.endswith(" %") else v
                                for v in out.loc[shares, "value"]]
    return out


@cached_query
def export_excel(con: duckdb.DuckDBPyConnection, impl: str | None, every: bool, lang: str = "es") -> bytes:
    """Every quality table as an Excel workbook: one implementer, or all; sheet names and headers in
    `lang`, shares as numbers shown "83.7 %"."""
    data = excel_bytes(report_frames(con, None if every else [impl]), export_headers(lang),
                       {s: translate(f"qx_sheet_{s}", lang) for s in SHEETS})
    return data if lang == "es" else _english_percent_format(data)


def _english_percent_format(data: bytes) -> bytes:
    """The workbook with its shares shown "83.7%" (English) instead of "83.7 %" (ui.fmt.pct's styles)."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.number_format == PERCENT_FORMAT:
                    cell.number_format = PERCENT_FORMAT.replace(" %", "%")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_headers(lang: str) -> dict[str, str]:
    """Column code -> header in `lang` for the quality exports (codes without a label keep their name)."""
    return {k[len("qx_col_"):]: translate(k, lang) for k in CATALOGUE if k.startswith("qx_col_")}


@cached_query
def report_card(con: duckdb.DuckDBPyConnection, impl: str | None, fmt: str, lang: str) -> bytes:
    """One implementer's report card, PDF (letter) or Markdown."""
    from quality.card import report_card as card

    return card(con, impl, fmt, lang)
