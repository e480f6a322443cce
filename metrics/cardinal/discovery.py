"""The Cardinal indicators: every module `r###.py` in this package that exposes `CALCULATOR` and `META`.

Adding an indicator is adding its module; nothing else changes.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache
from types import ModuleType

from metrics.base import IndicatorMeta
from metrics.cardinal.core import Calculator
from metrics.cardinal.ini import Options, Settings

_MODULE = re.compile(r"^r\d{3}$")


@lru_cache(maxsize=1)
def modules() -> tuple[ModuleType, ...]:
    """The indicator modules, by code."""
    import metrics.cardinal as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if _MODULE.match(info.name):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            if hasattr(module, "CALCULATOR") and hasattr(module, "META"):
                found.append(module)
    return tuple(sorted(found, key=lambda m: m.META.code))


def calculators() -> dict[str, type[Calculator]]:
    """Code -> calculator class."""
    return {m.META.code: m.CALCULATOR for m in modules()}


def metas() -> dict[str, IndicatorMeta]:
    """Code -> documentation."""
    return {m.META.code: m.META for m in modules()}


def options() -> dict[str, Options]:
    """Code -> the properties its settings section accepts."""
    return {code: cls.OPTIONS for code, cls in calculators().items()}


def plan(settings: Settings, map: bool = False) -> list[type[Calculator]]:
    """The calculator classes to run, in Cardinal's order: required helpers first, then enabled indicators."""
    enabled = [cls for code, cls in calculators().items() if settings.enabled(code)]
    helpers: list[type[Calculator]] = []
    for cls in enabled:
        for helper in (*cls.requires, *(cls.requires_with_map if map else ())):
            if helper not in helpers:
                helpers.append(helper)
    return [*helpers, *enabled]
