"""Our infrastructure and Mexican indicators (OA-*): one module per indicator or small family, found here.

Every module of this package whose name does not start with "_" is a unit, except the helper modules in
HELPERS. A unit defines its code, metadata (with its default settings), reason texts and computation
together and exposes them as `INDICATORS` (a list) and `REASONS` (a dict, maybe empty); see
CONTRIBUTING.md. A module that is neither a unit nor a helper is an error, not something skipped.

- `INDICATORS`: every unit's indicators, by category (price, competition, delay) then code.
- `REASONS`: every reason text (the shared ones of sql_indicator, then each unit's), one definition each.
Cardinal's eleven live in metrics/cardinal/; metrics.catalogue joins both lists.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from metrics.base import CATEGORIES
from metrics.indicators.sql_indicator import COMMON_REASONS, SqlIndicator

# Modules of this package that hold shared code, not indicators.
HELPERS = ("contract_changes", "sql_indicator")


def _units() -> list[ModuleType]:
    """Every unit module of this package, by name."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name in HELPERS:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for attribute in ("INDICATORS", "REASONS"):
            if not hasattr(module, attribute):
                raise ImportError(f"{module.__name__} defines no {attribute}: every module of metrics.indicators "
                                  f"is an indicator unit (see CONTRIBUTING.md) unless listed in HELPERS")
        found.append(module)
    return found


def _sort_key(code_category: tuple[str, str]) -> tuple[int, str]:
    code, category = code_category
    return CATEGORIES.index(category), code


def _collect() -> tuple[list[SqlIndicator], dict[str, tuple[str, str]]]:
    indicators: list[SqlIndicator] = []
    reasons: dict[str, tuple[str, str]] = dict(COMMON_REASONS)
    for module in _units():
        indicators.extend(module.INDICATORS)
        for code, texts in module.REASONS.items():
            if code in reasons and reasons[code] != texts:
                raise ValueError(f"reason {code!r} of {module.__name__} is defined differently elsewhere")
            reasons[code] = texts
    seen: set[str] = set()
    for indicator in indicators:
        if indicator.meta.code in seen:
            raise ValueError(f"indicator code {indicator.meta.code} is defined twice")
        seen.add(indicator.meta.code)
    indicators.sort(key=lambda i: _sort_key((i.meta.code, i.meta.category)))
    return indicators, reasons


INDICATORS, REASONS = _collect()
