"""Indicator names and plain-language explanations for the pages (Banderas rojas, the profile pages),
from the indicator metadata of the registry: the one reader of `metrics.catalogue` in the dashboard.
The methodology page renders `metrics.methodology` instead."""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import pandas as pd

from metrics import catalogue as registry
from metrics.base import IndicatorMeta
from ui.fmt import integer


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
        sentence += " " + translate("explain_peers", q1=_num(q1), q3=_num(q3), n=peers)
    return sentence


def number(x: Any) -> str:
    """An indicator value as text (integers without decimals, others with 4 significant digits)."""
    return _num(x)
