"""Indicator metadata for the profile pages and the methodology page: names and explanations of the
flags, read from metrics.registry (imported defensively: a checkout without it still shows the flags,
by code). The Banderas page has its own helpers in ui/flag_text.py."""
from __future__ import annotations

from typing import Any

import pandas as pd

CATEGORY_ORDER = ("price", "competition", "delay", "integrity", "transparency")


def indicator_metas() -> dict[str, Any]:
    """{code: IndicatorMeta} from metrics.registry, or {} when the registry is not available."""
    try:
        from metrics import catalogue as registry
    except Exception:  # noqa: BLE001 (a broken or missing registry must not break the pages)
        return {}
    getter = getattr(registry, "all_indicators", None)
    try:
        items = getter() if callable(getter) else []
    except Exception:  # noqa: BLE001
        return {}
    if isinstance(items, dict):
        items = items.values()
    out: dict[str, Any] = {}
    for item in items:
        meta = getattr(item, "meta", item)
        code = getattr(meta, "code", None)
        if code:
            out[str(code)] = meta
    return out


def meta_text(meta: Any, field: str, lang: str) -> str:
    """meta.<field>_<lang>, falling back to Spanish, then to ""."""
    if meta is None:
        return ""
    return str(getattr(meta, f"{field}_{lang}", "") or getattr(meta, f"{field}_es", "") or "")


def explain_flags(flags: pd.DataFrame, lang: str, metas: dict[str, Any] | None = None) -> pd.DataFrame:
    """The flags with the indicator's name, category, what it measures and why it matters added
    (columns name, category, methodology, why); codes without metadata keep the code as name."""
    metas = indicator_metas() if metas is None else metas
    out = flags.copy()
    codes = [str(c) for c in out["indicator"]] if "indicator" in out else []
    out["name"] = [meta_text(metas.get(c), "name", lang) or c for c in codes]
    out["category"] = [getattr(metas.get(c), "category", "") or "" for c in codes]
    out["methodology"] = [meta_text(metas.get(c), "methodology", lang) for c in codes]
    out["why"] = [meta_text(metas.get(c), "why", lang) for c in codes]
    return out


def indicators_markdown(metas: dict[str, Any], lang: str, labels: dict[str, str]) -> str:
    """Markdown documenting every indicator from its metadata, grouped by category (used while
    metrics.methodology is not available). `labels` holds the headings: what, why, exclusions, output,
    defaults, fields, source, and one per category code."""
    def esc(text: str) -> str:  # our own text, but "$" must not start LaTeX
        return text.replace("$", r"\$")

    parts: list[str] = []
    by_category: dict[str, list[Any]] = {}
    for code in sorted(metas):
        by_category.setdefault(getattr(metas[code], "category", "") or "", []).append(metas[code])
    for category in sorted(by_category, key=lambda c: (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99, c)):
        parts.append(f"### {labels.get(category, category) or '—'}")
        for meta in by_category[category]:
            parts.append(f"#### {meta.code} · {esc(meta_text(meta, 'name', lang))}")
            for field, label in (("methodology", "what"), ("why", "why"), ("exclusions", "exclusions"),
                                 ("output", "output")):
                text = meta_text(meta, field, lang)
                if text:
                    parts.append(f"**{labels.get(label, label)}** {esc(text)}")
            defaults = getattr(meta, "defaults", None)
            if defaults:
                parts.append(f"**{labels.get('defaults', 'defaults')}** "
                             + ", ".join(f"`{k} = {v}`" for k, v in defaults.items()))
            fields = getattr(meta, "required_fields", ())
            if fields:
                parts.append(f"**{labels.get('fields', 'fields')}** " + ", ".join(f"`{f}`" for f in fields))
            if getattr(meta, "source", ""):
                parts.append(f"**{labels.get('source', 'source')}** {esc(meta.source)}")
    return "\n\n".join(parts)
