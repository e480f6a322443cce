"""Indicator names and plain-language explanations for the pages (Banderas rojas, the profile pages),
from the indicator metadata of the registry: the one reader of `metrics.catalogue` in the dashboard.
The methodology page renders `metrics.methodology` instead."""
from __future__ import annotations

import math
from datetime import datetime
from functools import lru_cache
from typing import Any

import pandas as pd

from metrics import catalogue as registry
from metrics.base import IndicatorMeta
from ui.fmt import integer, plural


@lru_cache(maxsize=1)
def metas() -> dict[str, IndicatorMeta]:
    """{code: IndicatorMeta} of every registered indicator."""
    return {ind.meta.code: ind.meta for ind in registry.all_indicators()}


def meta_text(meta: IndicatorMeta, field: str, lang: str) -> str:
    """meta.<field>_<lang> (name, methodology, why, exclusions, output), falling back to Spanish."""
    return getattr(meta, f"{field}_{'en' if lang == 'en' else 'es'}") or getattr(meta, f"{field}_es")


def name(code: str, lang: str = "es") -> str:
    """The indicator's name in `lang` ("R018 · Oferta única"), or the code alone for an unknown code."""
    meta = metas().get(code)
    if meta is None:
        return code
    return f"{code} · {meta_text(meta, 'name', lang) or code}"


def text(code: str, field: str, lang: str = "es") -> str:
    """A text field of the metadata (methodology, why, exclusions, output) in `lang`, or "" for an
    unknown code."""
    meta = metas().get(code)
    if meta is None:
        return ""
    return meta_text(meta, field, lang)


def explain_flags(flags: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The flags with the indicator's name, category, what it measures and why it matters added
    (columns name, category, methodology, why); codes without metadata keep the code as name."""
    known = metas()
    out = flags.copy()
    codes = [str(c) for c in out["indicator"]] if "indicator" in out else []
    out["name"] = [meta_text(known[c], "name", lang) if c in known else c for c in codes]
    out["category"] = [known[c].category if c in known else "" for c in codes]
    out["methodology"] = [text(c, "methodology", lang) for c in codes]
    out["why"] = [text(c, "why", lang) for c in codes]
    return out


def _num(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.0f}"


def explain(value: Any, q1: Any, q3: Any, fence: Any, n_subjects: Any, translate) -> str:
    """One sentence: the value, on which side of the threshold it falls, and the peer quartiles.

    `translate(key, **kw)` is the page's translation function (ui.common.t).
    """
    missing = lambda v: v is None or (isinstance(v, float) and math.isnan(v))  # noqa: E731
    if missing(value):
        return translate("explain_no_value")
    if missing(fence):
        return translate("explain_no_fence", value=_num(value))
    side = "explain_above" if float(value) >= float(fence) else "explain_below"
    sentence = translate(side, value=_num(value), fence=_num(fence))
    if not missing(q1) and not missing(q3):
        peers = integer(n_subjects) if not missing(n_subjects) else "—"
        sentence += " " + plural(n_subjects, translate("explain_peers", q1=_num(q1), q3=_num(q3), n=peers))
    return sentence


def number(x: Any) -> str:
    """An indicator value as text (integers without decimals, others with 4 significant digits)."""
    return _num(x)


# ---- the evidence of a flag ("Datos con los que se calculó") -------------------------------------
# The indicator metadata does not state the unit of each detail key, so it is derived here from the key
# names, once: {key: (unit, es, en)}. Units: money, pct (a fraction 0-1), days, count, date, number,
# ratio (an index such as HHI), code:<codelist> (labelled by ui.codelabels), bool, id, text.
DETAIL_FIELDS: dict[str, tuple[str, str, str]] = {
    "amount": ("money", "Monto", "Amount"),
    "award": ("money", "Monto adjudicado", "Award value"),
    "award_value": ("money", "Monto adjudicado", "Award value"),
    "award_amounts": ("money", "Montos publicados para la adjudicación", "Amounts published for the award"),
    "award_id": ("id", "Adjudicación", "Award"),
    "budget": ("money", "Presupuesto", "Budget"),
    "contract_value": ("money", "Monto del contrato", "Contract value"),
    "estimate": ("money", "Monto estimado", "Estimate"),
    "copied_value": ("money", "Monto copiado", "Copied value"),
    "final_value": ("money", "Monto final", "Final value"),
    "latest": ("money", "Monto vigente", "Latest value"),
    "original": ("money", "Monto original", "Original value"),
    "lowest_amount": ("money", "Monto más bajo", "Lowest amount"),
    "share_amount": ("pct", "Proporción del monto", "Share of the amount"),
    "share_count": ("pct", "Proporción de procesos", "Share of processes"),
    "top_share": ("pct", "Proporción del principal proveedor", "Top supplier's share"),
    "fence_amount": ("pct", "Umbral (monto)", "Threshold (amount)"),
    "fence_count": ("pct", "Umbral (procesos)", "Threshold (processes)"),
    "q1_amount": ("pct", "Q1 (monto)", "Q1 (amount)"),
    "q3_amount": ("pct", "Q3 (monto)", "Q3 (amount)"),
    "q1_count": ("pct", "Q1 (procesos)", "Q1 (processes)"),
    "q3_count": ("pct", "Q3 (procesos)", "Q3 (processes)"),
    "upper_fence": ("pct", "Umbral superior", "Upper fence"),
    "days": ("days", "Días", "Days"),
    "days_late": ("days", "Días de retraso", "Days late"),
    "extension_days": ("days", "Días de ampliación", "Days of extension"),
    "original_days": ("days", "Plazo original", "Original duration"),
    "planned_days": ("days", "Plazo planeado", "Planned duration"),
    "window_days": ("days", "Ventana", "Window"),
    "minimum": ("days", "Mínimo legal", "Legal minimum"),
    "threshold": ("count", "Umbral", "Threshold"),
    "awards_in_window": ("count", "Adjudicaciones en la ventana", "Awards in the window"),
    "direct": ("count", "Adjudicaciones directas", "Direct awards"),
    "disqualified_bids": ("count", "Propuestas descalificadas", "Disqualified bids"),
    "submitted_bids": ("count", "Propuestas presentadas", "Submitted bids"),
    "late": ("count", "Hitos atrasados", "Late milestones"),
    "milestones": ("count", "Hitos", "Milestones"),
    "unmet": ("count", "Hitos no cumplidos", "Unmet milestones"),
    "periodic": ("count", "Reportes periódicos", "Periodic reports"),
    "numberOfTenderers": ("count", "Número de licitantes", "Number of tenderers"),
    "tenderers": ("count", "Licitantes", "Tenderers"),
    "peers": ("count", "Pares", "Peers"),
    "processes": ("count", "Procesos", "Processes"),
    "suppliers": ("count", "Proveedores", "Suppliers"),
    "hhi": ("ratio", "Índice Herfindahl-Hirschman", "Herfindahl-Hirschman index"),
    "award_date": ("date", "Fecha de adjudicación", "Award date"),
    "completion_end": ("date", "Fin real", "Actual end"),
    "data_date": ("date", "Fecha de los datos", "Data date"),
    "date_signed": ("date", "Fecha de firma", "Date signed"),
    "end": ("date", "Fin", "End"),
    "start": ("date", "Inicio", "Start"),
    "latest_end": ("date", "Fin vigente", "Latest end"),
    "original_end": ("date", "Fin original", "Original end"),
    "planned_end": ("date", "Fin planeado", "Planned end"),
    "planned_start": ("date", "Inicio planeado", "Planned start"),
    "tender_end": ("date", "Cierre de la licitación", "Tender end"),
    "method": ("code:method", "Procedimiento", "Method"),
    "procurementMethod": ("code:method", "Procedimiento", "Method"),
    "scope": ("code:scope", "Carácter", "Scope"),
    "source": ("code:estimate_source", "Fuente", "Source"),
    "estimate_source": ("code:estimate_source", "Fuente del estimado", "Source of the estimate"),
    "has_award": ("bool", "Tiene adjudicación", "Has an award"),
    "buyer": ("id", "Unidad compradora", "Buyer"),
    "supplier": ("id", "Proveedor", "Supplier"),
    "top_supplier": ("id", "Principal proveedor", "Top supplier"),
    "winner": ("id", "Ganador", "Winner"),
    "contract": ("id", "Contrato", "Contract"),
    "disqualified_tenderers": ("id", "Licitantes descalificados", "Disqualified tenderers"),
    "currency": ("id", "Moneda", "Currency"),
    "reason": ("reason", "Motivo", "Reason"),
}
# keys whose unit depends on the indicator (quartiles and fences are in the indicator's own unit)
INDICATOR_DETAIL_UNITS: dict[tuple[str, str], str] = {
    ("OA-D2", "q1"): "days", ("OA-D2", "q3"): "days", ("OA-D2", "fence"): "days",
    ("R038", "q1"): "pct", ("R038", "q3"): "pct", ("R038", "upper_fence"): "pct",
}
_GENERIC = {"q1": ("number", "Q1", "Q1"), "q3": ("number", "Q3", "Q3"), "fence": ("number", "Umbral", "Fence")}


def detail_unit(code: str, key: str) -> str:
    """The unit of detail key `key` of indicator `code` (see DETAIL_FIELDS)."""
    if (code, key) in INDICATOR_DETAIL_UNITS:
        return INDICATOR_DETAIL_UNITS[(code, key)]
    entry = DETAIL_FIELDS.get(key) or _GENERIC.get(key)
    return entry[0] if entry else "auto"


def detail_name(key: str, lang: str = "es") -> str:
    """A detail key in words ("days_late" -> "Días de retraso"); unknown keys as published."""
    entry = DETAIL_FIELDS.get(key) or _GENERIC.get(key)
    if entry is None:
        return key
    return entry[2] if lang == "en" else entry[1]


def _date_value_text(value: Any, lang: str) -> str:
    from ui.fmt import day

    ts = None
    if isinstance(value, str):  # ISO 8601 read directly: pd.to_datetime guesses a format first (1.5 ms a value)
        try:
            ts = pd.Timestamp(datetime.fromisoformat(value))
            ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
        except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
            ts = None
    if ts is None:
        ts = pd.to_datetime(value, errors="coerce", utc=True)
    if pd.isna(ts):
        return str(value)
    return day(ts.tz_convert("America/Mexico_City").to_pydatetime(), lang)


@lru_cache(maxsize=65536)  # the same dates recur across a profile's flags; parsing each is slow
def _date_text(value: str, lang: str) -> str:
    return _date_value_text(value, lang)


def format_detail_value(value: Any, unit: str, lang: str = "es") -> str:
    """One evidence value formatted by its unit: "$670,090,567.67", "85.3 %", "12 días", "3", "21/03/2019"."""
    from ui import codelabels
    from ui.fmt import money, pct

    if codelabels.is_missing(value):
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(format_detail_value(v, unit, lang) for v in value) or "—"
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    if unit.startswith("code:"):
        return codelabels.label(unit[5:], value, lang)
    if unit == "bool" or isinstance(value, bool):
        yes = {"es": ("Sí", "No"), "en": ("Yes", "No")}["en" if lang == "en" else "es"]
        if isinstance(value, bool):
            return yes[0] if value else yes[1]
        return str(value)
    if unit == "date":
        return _date_text(value, lang) if isinstance(value, str) else _date_value_text(value, lang)
    if unit == "reason":  # why a result is not computable, in words (metrics.indicators.REASONS)
        from metrics.indicators import REASONS

        texts = REASONS.get(str(value))
        return texts[1 if lang == "en" else 0] if texts else str(value)
    if unit in ("id", "text"):
        return str(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x):
        return "—"
    if unit == "money":
        return money(x, lang)
    if unit == "pct":
        return pct(x, lang=lang)
    if unit == "days":
        n = round(x)
        word = ("day" if abs(n) == 1 else "days") if lang == "en" else ("día" if abs(n) == 1 else "días")
        return f"{n:,} {word}"
    if unit == "count":
        return integer(x)
    if unit == "ratio":
        return f"{x:,.1f}"
    return _num(x)


def detail_rows(code: str, detail: dict[str, Any], lang: str = "es") -> pd.DataFrame:
    """The evidence of a flag as rows (field, value) in words and units, in `lang`."""
    return pd.DataFrame({
        "field": [detail_name(k, lang) for k in detail],
        "value": [format_detail_value(v, detail_unit(code, k), lang) for k, v in detail.items()],
    })


def _loads(text: str) -> Any:
    """JSON text read with orjson (a profile reads hundreds of thousands of details), else with json (what
    orjson refuses, e.g. NaN); ValueError when neither reads it."""
    import orjson

    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        import json

        return json.loads(text)


def detail_text(code: str, detail: Any, lang: str = "es") -> str:
    """A flag's detail (JSON text or dict) as one readable line: "Monto: $1,234.00 · Días: 12 días"."""
    from ui import codelabels

    if codelabels.is_missing(detail):
        return "—"
    if isinstance(detail, str):
        try:
            detail = _loads(detail)
        except ValueError:
            return detail
    if not isinstance(detail, dict):
        return str(detail)
    reason = detail.get("reason") if isinstance(detail.get("reason"), str) else None
    # the fields of detail_rows, joined without building a DataFrame per flag (a supplier's profile shows
    # tens of thousands of flags)
    line = " · ".join(f"{detail_name(k, lang)}: {format_detail_value(v, detail_unit(code, k), lang)}"
                      for k, v in detail.items())
    return line if line else (reason or "—")


# ---- the outcome of a result: flagged, not flagged, not computable, or suspect data -----------------------

def _detail_dict(detail: Any) -> dict[str, Any]:
    from ui import codelabels

    if codelabels.is_missing(detail):
        return {}
    if isinstance(detail, str):
        try:
            detail = _loads(detail)
        except ValueError:
            return {}
    return detail if isinstance(detail, dict) else {}


def is_suspect(detail: Any) -> bool:
    """True when a result's detail gives a suspect-data reason (metrics.suspect.SUSPECT_REASONS)."""
    from metrics.suspect import SUSPECT_REASONS

    return _detail_dict(detail).get("reason") in SUSPECT_REASONS


def outcome(computable: Any, flagged: Any, detail: Any) -> str:
    """A result's outcome code (flagged, not_flagged, not_computable, suspect) from its columns; the same
    rule as flags.outcome (metrics.suspect), for rows read without that column."""
    if is_suspect(detail):
        return "suspect"
    if computable is True or (computable is not None and not isinstance(computable, float) and bool(computable)):
        return "flagged" if flagged is True or (flagged is not None and flagged == 1) else "not_flagged"
    return "not_computable"


def outcome_label(code: str, lang: str = "es") -> str:
    """An outcome in words: "Dato dudoso" / "Suspect data", "No calculable" / "Not computable"..."""
    from metrics.suspect import outcome_text

    return outcome_text(code, lang)


def reason_text(detail: Any, lang: str = "es") -> str:
    """The reason of a result that is not one (not computable, suspect), in words; "" when it gives none."""
    reason = _detail_dict(detail).get("reason")
    return format_detail_value(reason, "reason", lang) if isinstance(reason, str) else ""
