"""Placeholders are not facts: a project's final value that cannot be a real result (10.00 pesos on a
project of millions) is shown as "dato dudoso" with its reason, not as a saving or an overrun.

The rule is OA-P2's suspect-data check (metrics.suspect.final_value_doubt, over the amounts of core.rules),
so the project page and the indicator's result always agree; the pages ask `final_value_doubt` before
showing the difference between a project's budget and final value.
"""
from __future__ import annotations

from typing import Any

from metrics import suspect
from ui.codelabels import is_missing

# metrics.suspect's reason -> the page's label suffix (rd_doubt_<suffix>)
_PAGE_CODES = {
    "placeholder_final_value": "placeholder",
    "final_value_below_1pct": "below_1pct",
    "placeholder_budget": "placeholder_budget",
}


def final_value_doubt(budget: Any, final: Any) -> str | None:
    """Why the final value is doubtful ("placeholder", "below_1pct" or "placeholder_budget"), or None when it
    can be compared with the budget (or one of them is missing)."""
    try:
        final = None if is_missing(final) else float(final)
        budget = None if is_missing(budget) else float(budget)
    except (TypeError, ValueError):
        return None
    if final is None or budget is None:  # nothing compared: the page says so
        return None
    return _PAGE_CODES.get(suspect.final_value_doubt(budget, final) or "")
