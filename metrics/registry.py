"""The list of every indicator: ours (metrics.indicators) and Cardinal's eleven (metrics.cardinal).

Cardinal's module is imported defensively: while it is missing or broken, only ours are listed and
`cardinal_status()` says why.
"""
from __future__ import annotations

import logging
from typing import Any

from metrics.indicators import INDICATORS as OUR_INDICATORS

log = logging.getLogger(__name__)

_cardinal_error: str | None = None


def _cardinal_indicators() -> list[Any]:
    global _cardinal_error
    try:
        from metrics import cardinal
    except ImportError as exc:
        _cardinal_error = f"metrics.cardinal is not available: {exc}"
        return []
    except Exception as exc:  # a half-written module must not take the other indicators down
        _cardinal_error = f"metrics.cardinal failed to import: {type(exc).__name__}: {exc}"
        log.warning(_cardinal_error)
        return []
    indicators = list(getattr(cardinal, "INDICATORS", []) or [])
    _cardinal_error = None if indicators else "metrics.cardinal exposes no INDICATORS"
    return indicators


def all_indicators() -> list[Any]:
    """Every indicator, ours first (price, competition, delay), then Cardinal's."""
    return [*OUR_INDICATORS, *_cardinal_indicators()]


def get(code: str) -> Any:
    """The indicator with this code; KeyError when there is none."""
    for indicator in all_indicators():
        if indicator.meta.code == code:
            return indicator
    raise KeyError(f"no indicator with code {code!r}")


def codes() -> list[str]:
    """Codes of every indicator, in registry order."""
    return [indicator.meta.code for indicator in all_indicators()]


def cardinal_status() -> str | None:
    """None when Cardinal's indicators are listed, else why not."""
    _cardinal_indicators()
    return _cardinal_error
