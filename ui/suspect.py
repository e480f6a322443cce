"""Placeholders are not facts: a project's final value that cannot be a real result (10.00 pesos on a
project of millions) is shown as "dato dudoso" with its reason, not as a saving or an overrun.

Stands in until the loader marks suspect values itself (the trust issue's "suspect data" outcome); the
pages ask `final_value_doubt` before showing the difference between a project's budget and final value.
"""
from __future__ import annotations

from typing import Any

from ui.codelabels import is_missing

# amounts publishers type when the real figure is not known
PLACEHOLDER_AMOUNTS = frozenset({0.0, 0.01, 1.0, 10.0, 100.0, 1000.0, 999_999.0, 9_999_999.0, 99_999_999.0,
                                 999_999_999.0, 9_999_999_999.0})
MIN_SHARE_OF_BUDGET = 0.01  # a final value below 1 % of the budget is not a saving


def final_value_doubt(budget: Any, final: Any) -> str | None:
    """Why the final value is doubtful ("placeholder" or "below_1pct"), or None when it can be compared
    with the budget (or one of them is missing)."""
    if is_missing(final):
        return None
    try:
        final = float(final)
    except (TypeError, ValueError):
        return None
    budget = None if is_missing(budget) else float(budget)
    if final in PLACEHOLDER_AMOUNTS and (budget is None or budget > 10 * max(final, 1.0)):
        return "placeholder"
    if budget is not None and budget > 0 and 0 <= final < MIN_SHARE_OF_BUDGET * budget:
        return "below_1pct"
    return None
