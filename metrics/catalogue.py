"""The catalogue of every indicator: ours (metrics.indicators) then Cardinal's eleven (metrics.cardinal).

Both packages are imported plainly: a missing or broken one is an import error, never a shorter list.
"""
from __future__ import annotations

from metrics.base import Indicator
from metrics.cardinal import INDICATORS as CARDINAL_INDICATORS
from metrics.indicators import INDICATORS as OUR_INDICATORS


def all_indicators() -> list[Indicator]:
    """Every indicator, ours first (price, competition, delay), then Cardinal's."""
    return [*OUR_INDICATORS, *CARDINAL_INDICATORS]


def get(code: str) -> Indicator:
    """The indicator with this code; KeyError when there is none."""
    for indicator in all_indicators():
        if indicator.meta.code == code:
            return indicator
    raise KeyError(f"no indicator with code {code!r}")


def codes() -> list[str]:
    """Codes of every indicator, in catalogue order."""
    return [indicator.meta.code for indicator in all_indicators()]
