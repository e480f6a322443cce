"""Numbers, money and dates the way readers in Mexico write them."""
from __future__ import annotations

from datetime import date, datetime


def money(amount: float | None, lang: str = "es") -> str:
    """$1,234,567.89 (es-MX and en use the same separators for pesos)."""
    if missing(amount):  # None, NaN, pandas NA
        return "—"
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def mdp(amount: float | None, lang: str = "es") -> str:
    """Millions of pesos: "12.3 mdp" (es) / "MXN 12.3 m" (en)."""
    if missing(amount):  # None, NaN, pandas NA
        return "—"
    millions = amount / 1_000_000
    return f"{millions:,.1f} mdp" if lang == "es" else f"MXN {millions:,.1f} m"


def integer(n: int | float | None) -> str:
    if missing(n):
        return "—"
    return f"{int(n):,}"


# one style for shares: "83.7 %" in Spanish, "83.7%" in English (tables use the printf form, ui.table_format)
PERCENT_SUFFIX = {"es": " %", "en": "%"}
PERCENT_PRINTF = {lang: f"%.1f{suffix.replace('%', '%%')}" for lang, suffix in PERCENT_SUFFIX.items()}


def pct(x: float | None, digits: int = 1, lang: str = "es") -> str:
    """A share (0-1) as "83.7 %" (es) / "83.7%" (en)."""
    if missing(x):
        return "—"
    return f"{x * 100:.{digits}f}{PERCENT_SUFFIX.get(lang, PERCENT_SUFFIX['es'])}"


def day(value: date | datetime | None, lang: str = "es") -> str:
    """dd/mm/yyyy in Spanish, yyyy-mm-dd in English."""
    if value is None:
        return "—"
    try:
        return value.strftime("%d/%m/%Y" if lang == "es" else "%Y-%m-%d")
    except (AttributeError, ValueError):
        return "—"


def missing(x) -> bool:
    """None, NaN, pandas NA / NaT: no value."""
    if x is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(x)) if not isinstance(x, (list, tuple, dict, str)) else False
    except (TypeError, ValueError):
        return False


def text(value) -> str:
    """A cell for the reader: "—" for None / NaN / "None" / "nan", else the value as text."""
    if missing(value) or (isinstance(value, str) and value.strip() in ("", "None", "nan", "NaN", "NaT")):
        return "—"
    return str(value)


def amount_short(amount: float | None, lang: str = "es") -> str:
    """An amount in a stated unit that fits a metric at 1280 px: "642.2 mdp" / "MXN 642.2 m" from a
    million up, "$12,345.67" below (the exact figure goes in the metric's help, `money`)."""
    if missing(amount):
        return "—"
    if abs(amount) >= 1_000_000:
        return mdp(amount, lang)
    return money(amount, lang)


def plural(n: int | float | None, forms: str) -> str:
    """The form of "one|many" for `n`: plural("1 proceso|1 procesos") -> "1 proceso"; 0 and 2+ take the
    second form. A text without "|" is returned unchanged."""
    one, sep, many = forms.partition("|")
    if not sep:
        return forms
    try:
        return one if n is not None and float(n) == 1 else many
    except (TypeError, ValueError):
        return many


SPANISH_MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month(value: date | datetime, lang: str = "es") -> str:
    """"mar 2021" (es) / "Mar 2021" (en)."""
    names = ENGLISH_MONTHS if lang == "en" else SPANISH_MONTHS
    return f"{names[value.month - 1]} {value.year}"
