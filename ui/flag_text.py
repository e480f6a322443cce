"""Indicator names and plain-language explanations for the pages, from `metrics.registry` metadata.

The registry is imported defensively: while it is missing (or has a different shape than expected)
the pages still work and show the indicator codes, with the numbers that justify each flag.
"""
from __future__ import annotations

import importlib
import math
from functools import lru_cache
from typing import Any

from ui.fmt import integer


@lru_cache(maxsize=1)
def metas() -> dict[str, Any]:
    """{code: IndicatorMeta} from metrics.registry; {} when the registry is not available."""
    try:
        registry = importlib.import_module("metrics.catalogue")
        return {ind.meta.code: ind.meta for ind in registry.all_indicators()}
    except Exception:  # noqa: BLE001 - any failure here only means "no metadata yet"
        return {}


def name(code: str, lang: str = "es") -> str:
    """The indicator's name in `lang` ("R018 · Oferta única"), or the code alone."""
    meta = metas().get(code)
    if meta is None:
        return code
    return f"{code} · {getattr(meta, 'name_en' if lang == 'en' else 'name_es', '') or code}"


def text(code: str, field: str, lang: str = "es") -> str:
    """A text field of the metadata (methodology, why, exclusions, output) in `lang`, or ""."""
    meta = metas().get(code)
    if meta is None:
        return ""
    return getattr(meta, f"{field}_{'en' if lang == 'en' else 'es'}", "") or ""


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
