"""Amounts as published -> floats; which amounts stand for "unknown".

Mexican publications write thousands with commas and decimals with a dot ("1,234.50"), sometimes with a
currency sign or code ("$1 234", "1234.5 MXN"); a few use the European form ("1.234,50").
"""
from __future__ import annotations

import math
import re
from typing import Any

from core.rules import UNKNOWN_NINES
from loaders.compile.text import is_placeholder

# currency words and signs that may surround a number
_CURRENCY_WORDS = re.compile(r"(?i)\b(?:mxn|mxp|mnx|usd|eur|pesos?|m\.?\s?n\.?|dlls?|dolares|dólares)(?=[\s\d.,$]|$)|[$€]")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")

# 99,999,999 and longer runs of 9s are typed where the amount is unknown (defined once in core.rules)
ALL_NINES = UNKNOWN_NINES


def parse_amount(value: Any) -> float | None:
    """Return the number in a published amount, or None for junk, placeholders ("N/A") and non-finite values."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        f = float(value)
        return f if math.isfinite(f) else None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or is_placeholder(s):
        return None
    try:  # the common case: a plain number in a string
        f = float(s)
        return f if math.isfinite(f) else None
    except ValueError:
        pass
    s = _CURRENCY_WORDS.sub(" ", s)
    negative = False
    s = s.strip()
    if s.startswith("(") and s.endswith(")"):  # accounting negative
        negative, s = True, s[1:-1].strip()
    if s.startswith("-"):
        negative, s = True, s[1:].strip()
    s = re.sub(r"(?<=\d)[\s\u00a0'](?=\d{3}\b)", "", s)  # "1 234 567" / "1'234"
    if _THOUSANDS_COMMA.match(s):
        s = s.replace(",", "")
    elif _THOUSANDS_DOT.match(s) and ("," in s or s.count(".") > 1):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d{1,2}", s):  # decimal comma: "1234,5"
        s = s.replace(",", ".")
    if not _PLAIN.match(s):
        return None
    f = float(s)
    return -f if negative else f


def is_unknown_amount(amount: float, zero_is_unknown: bool) -> bool:
    """True for amounts that stand for "unknown": runs of 9s (99999999...) and, where it cannot be real, 0."""
    if amount == 0:
        return zero_is_unknown
    return amount in ALL_NINES
