"""Numbers, money and dates the way readers in Mexico write them."""
from __future__ import annotations

import math
from datetime import date, datetime


def money(amount: float | None, lang: str = "es") -> str:
    """$1,234,567.89 (es-MX and en use the same separators for pesos)."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "—"
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def mdp(amount: float | None, lang: str = "es") -> str:
    """Millions of pesos: "12.3 mdp" (es) / "MXN 12.3 m" (en)."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "—"
    millions = amount / 1_000_000
    return f"{millions:,.1f} mdp" if lang == "es" else f"MXN {millions:,.1f} m"


def integer(n: int | float | None) -> str:
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "—"
    return f"{int(n):,}"


def pct(x: float | None, digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x * 100:.{digits}f} %"


def day(value: date | datetime | None, lang: str = "es") -> str:
    """dd/mm/yyyy in Spanish, yyyy-mm-dd in English."""
    if value is None:
        return "—"
    try:
        return value.strftime("%d/%m/%Y" if lang == "es" else "%Y-%m-%d")
    except (AttributeError, ValueError):
        return "—"
