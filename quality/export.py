"""Exports a guarantor body can attach to its report: one long CSV (UTF-8 with BOM, so Excel opens
accents correctly) and an Excel workbook with one sheet per table."""
from __future__ import annotations

import io
import json
from typing import Any

import duckdb
import pandas as pd

from quality import report
from core import safe_cells
from quality.fields import stages

# columns holding a share (0-1): Excel shows them "83.7 %" (number_format), the CSV writes "83.7 %"
SHARE_COLUMNS = frozenset({"validity", "completeness", "coherence", "timeliness", "commitment", "share", "fail_share",
                           "timely_share", "stages_share", "fields_share", "period_share", "compliance", "coverage",
                           "min_field_coverage"})
# metrics of the long report whose value is a share
SHARE_METRICS = frozenset({"validity", "completeness", "coherence", "timeliness", "commitment", "share",
                           "stages_share", "fields_share", "period_share", "compliance", "coverage"})
PERCENT_FORMAT = "0.0 %"

SHEETS = ("scores", "stages", "fields", "boilerplate", "checks", "schema_errors", "validation", "timeliness",
          "commitments", "indicators", "corrections", "history")


def _text(value: Any) -> Any:
    """Lists and dicts as JSON text, time zones dropped: what a CSV cell or Excel accepts."""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return _text(value.tolist())
    if getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)
    return value


def _list(value: Any) -> list:
    """A list from a list, a numpy array or nothing."""
    if value is None:
        return []
    if hasattr(value, "tolist"):
        value = value.tolist()
    return list(value) if isinstance(value, (list, tuple)) else []


def _cells(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(lambda v: safe_cells.cell(_text(v)))  # no formulas in CSV / Excel
        elif isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    return out


def report_frames(con: duckdb.DuckDBPyConnection, implementers: list[str | None] | None = None
                  ) -> dict[str, pd.DataFrame]:
    """{sheet: table} for the given implementers (None = every implementer scored)."""
    ranking = report.scores(con)
    if implementers is not None:
        wanted = {report.plain_id(i) for i in implementers}
        ranking = ranking[ranking["implementer_id"].map(lambda i: report.plain_id(i) in wanted)]
    ids = [report.plain_id(i) for i in ranking["implementer_id"]]
    per = {
        "stages": report.stage_table, "fields": report.field_table, "boilerplate": report.boilerplate_table,
        "checks": report.check_table,
        "schema_errors": report.schema_error_table, "validation": report.validation_table,
        "timeliness": report.timeliness_table, "indicators": report.indicator_table,
        "corrections": report.corrections_table,
    }
    frames: dict[str, pd.DataFrame] = {"scores": ranking.reset_index(drop=True)}
    for name, fn in per.items():
        parts = []
        for impl in ids:
            df = fn(con, impl)
            if "implementer_id" not in df.columns:
                df.insert(0, "implementer_id", impl)
            parts.append(df)
        frames[name] = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    frames["commitments"] = pd.DataFrame([report.commitment_row(con, i) for i in ids])
    history = report.history_table(con)
    frames["history"] = history[history["implementer_id"].map(lambda i: report.plain_id(i) in ids)
                                ].reset_index(drop=True)
    return {k: frames[k] for k in SHEETS}


def long_report(frames: dict[str, pd.DataFrame], lang: str = "es") -> pd.DataFrame:
    """One row per measurement: implementer_id, section, item, label, metric, value, detail."""
    rows: list[dict] = []
    stage_label = {s.stage: (s.label_es if lang == "es" else s.label_en) for s in stages()}

    def add(impl, section, item, label, metric, value, detail=""):
        rows.append({"implementer_id": impl, "section": section, "item": item, "label": label, "metric": metric,
                     "value": value, "detail": detail})

    for r in frames["scores"].to_dict("records"):
        for metric in ("score", "validity", "completeness", "coherence", "timeliness", "commitment",
                       "processes", "projects", "rank", "as_of", "validation"):
            detail = ""
            if metric == "validation" and r.get("validation") == "unavailable":
                detail = "unavailable (offline, no cache): validity left out for every implementer"
            add(r["implementer_id"], "score", metric, r.get("name"), metric, r.get(metric), detail)
    for r in frames.get("boilerplate", pd.DataFrame()).to_dict("records"):
        add(r["implementer_id"], "boilerplate", r["field"], r["rule"], "discounted",
            f"{r['subjects']}/{r['with_value']}", r.get("value") or "")
    for r in frames["stages"].to_dict("records"):
        add(r["implementer_id"], "stage", r["stage"], stage_label.get(r["stage"], r["stage"]), "completeness",
            r["completeness"], f"{r['with_stage']}/{r['subjects']} publish the stage; committed={r['committed']}")
    for r in frames["fields"].to_dict("records"):
        add(r["implementer_id"], "field", r["field"], r.get(f"label_{lang}"), "share", r["share"],
            f"{r['published']}/{r['with_stage']}; committed={r['committed']}")
    for r in frames["checks"].to_dict("records"):
        detail = "; ".join(f"{e.get('id')}: {e.get('detail')}" for e in _list(r["examples"]))
        add(r["implementer_id"], "check", r["check_id"], r.get(f"name_{lang}"), "failing/applicable",
            f"{r['failing']}/{r['applicable']}", detail)
    for r in frames["schema_errors"].to_dict("records"):
        detail = "; ".join(f"{e.get('id')}: {e.get('message')}" for e in _list(r["examples"]))
        add(r["implementer_id"], "schema_error", f"{r['standard']} {r['validator']} {r['path']}", r["item_kind"],
            "errors", r["errors"], detail)
    for r in frames["timeliness"].to_dict("records"):
        add(r["implementer_id"], "timeliness", r["event"], r["event"], "median_lag_days", r["median_lag_days"],
            f"{r['timely']}/{r['events']} within {r['threshold_days']} days")
    for r in frames["commitments"].to_dict("records"):
        for metric in ("stages_share", "fields_share", "frequency_met", "period_share", "compliance"):
            add(r["implementer_id"], "commitment", metric, r.get("source"), metric, r.get(metric),
                "; ".join(_list(r.get("problems"))))
    for r in frames["indicators"].to_dict("records"):
        add(r["implementer_id"], "indicator", r["indicator"], r.get(f"name_{lang}"), "coverage", r["coverage"],
            r["by_fields"])
    return pd.DataFrame(rows, columns=["implementer_id", "section", "item", "label", "metric", "value", "detail"])


def percent(value: Any) -> Any:
    """A share (0-1) as "83.7 %"; anything else (missing, text) unchanged."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return value
    return f"{value * 100:,.1f} %"


def long_report_percent(df: pd.DataFrame) -> pd.DataFrame:
    """The long report with the values of share metrics written "83.7 %"."""
    out = df.copy()
    if not out.empty:
        shares = out["metric"].isin(SHARE_METRICS)
        out["value"] = out["value"].astype(object)
        out.loc[shares, "value"] = out.loc[shares, "value"].map(percent)
    return out


def csv_bytes(df: pd.DataFrame, headers: dict[str, str] | None = None) -> bytes:
    """CSV in UTF-8 with a byte order mark (Excel then reads accents right); column names replaced by
    `headers` (the page's language) where given."""
    return _cells(df).rename(columns=headers or {}).to_csv(index=False).encode("utf-8-sig")


def excel_bytes(frames: dict[str, pd.DataFrame], headers: dict[str, str] | None = None,
                sheet_names: dict[str, str] | None = None) -> bytes:
    """An .xlsx workbook, one sheet per frame (sheet names, from `sheet_names` where given, cut to
    Excel's 31 characters); column names from `headers` where given; shares stay numbers, shown
    "83.7 %" (number format "0.0 %")."""
    from openpyxl.utils import get_column_letter

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in frames.items():
            sheet = (sheet_names or {}).get(name, name)[:31]
            _cells(df).rename(columns=headers or {}).to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            for j, col in enumerate(df.columns, start=1):
                if len(df) and col in SHARE_COLUMNS and pd.api.types.is_numeric_dtype(df[col]):
                    for (cell,) in ws[f"{get_column_letter(j)}2:{get_column_letter(j)}{len(df) + 1}"]:
                        cell.number_format = PERCENT_FORMAT
    return buf.getvalue()
