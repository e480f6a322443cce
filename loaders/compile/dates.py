"""Dates as Mexican publishers write them -> timezone-naive UTC datetimes and ISO 8601 strings.

Accepted: ISO 8601 (date only, with or without time, offset or "Z", any fraction), .NET JSON dates
("/Date(1577836800000)/", "/Date(1577836800000-0600)/"), dd/mm/yyyy[ hh:mm[:ss]] (also with "-" or "."
separators, a trailing dot, or the second separator missing: "30/052017"), and "yyyy-mm-dd hh:mm:ss".
Strings without an offset are taken as UTC: the publisher's local offset is unknown.
"""
from __future__ import annotations

import re
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone
from typing import Any

MIN_YEAR, MAX_YEAR = 1950, 2100  # outside: default dates such as "0001-01-01", "1899-12-31", "1900-01-01"

_DOTNET = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
_DMY = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-]?(\d{4})\.?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:([ap])\.?\s?m\.?)?)?$",
    re.IGNORECASE,
)
_YMD_LOOSE = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.(\d+))?)?$")
# What OCDS expects: left as published (no correction) when it parses.
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_EPOCH = datetime(1970, 1, 1)

# How a date string was recognised; the normalise rules use these names.
ISO, DOTNET, DMY, OTHER = "iso", "date_dotnet", "date_dmy", "date_format"


def _naive_utc(dt: datetime) -> datetime:
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt


def _checked(dt: datetime | None) -> datetime | None:
    if dt is None or not (MIN_YEAR <= dt.year <= MAX_YEAR):
        return None
    return dt


def parse_date_kind(value: Any) -> tuple[datetime | None, str | None]:
    """Parse like parse_date and also say which form it was in (ISO, DOTNET, DMY or OTHER); (None, None) for junk."""
    if value.__class__ is str:
        return _parse_str_cached(value)  # the same date strings recur across releases and processes
    dt, kind = _parse(value)
    return (dt, kind) if dt is not None else (None, None)


@lru_cache(maxsize=1 << 16)
def _parse_str_cached(value: str) -> tuple[datetime | None, str | None]:
    dt, kind = _parse(value)
    return (dt, kind) if dt is not None else (None, None)


def _parse(value: Any) -> tuple[datetime | None, str | None]:
    if isinstance(value, datetime):
        return _checked(_naive_utc(value)), ISO
    if isinstance(value, date):
        return _checked(datetime(value.year, value.month, value.day)), ISO
    if not isinstance(value, str):
        return None, None
    s = value.strip()
    if not s:
        return None, None
    if s[0].isdigit() and len(s) >= 10 and s[4] == "-":
        try:  # fast path: Python 3.11 reads ISO 8601 with "Z" and any offset
            return _checked(_naive_utc(datetime.fromisoformat(s))), (ISO if _ISO.match(s) else OTHER)
        except ValueError:
            pass
    m = _DOTNET.match(s)
    if m:
        try:  # the milliseconds are UTC; the optional offset only says where it was displayed
            return _checked(_EPOCH + timedelta(milliseconds=int(m.group(1)))), DOTNET
        except OverflowError:
            return None, None
    m = _DMY.match(s)
    if m:
        d, mo, y, hh, mi, ss, ampm = m.groups()
        hour = int(hh or 0)
        if ampm:
            hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
        try:
            return _checked(datetime(int(y), int(mo), int(d), hour, int(mi or 0), int(ss or 0))), DMY
        except ValueError:
            return None, None
    m = _YMD_LOOSE.match(s)
    if m:
        y, mo, d, hh, mi, ss, frac = m.groups()
        try:
            dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0),
                          int((frac or "0")[:6].ljust(6, "0")))
        except ValueError:
            return None, None
        return _checked(dt), OTHER
    return None, None


_EXCEL_EPOCH = datetime(1899, 12, 30)


def excel_serial_date(value: Any) -> datetime | None:
    """A spreadsheet day number (42908 = 2017-06-22) typed into a date field, when it falls in 1950-2100."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    if not (18264 <= value <= 73415):  # 1950-01-01 .. 2100-12-31
        return None
    return _EXCEL_EPOCH + timedelta(days=float(value))


def parse_date(value: Any) -> datetime | None:
    """Return a timezone-naive UTC datetime for a published date, or None for junk or placeholders."""
    return parse_date_kind(value)[0]


def iso_string(dt: datetime) -> str:
    """The ISO 8601 string written back into normalised data: UTC with "Z", milliseconds only when present."""
    if dt.microsecond:
        return dt.isoformat(timespec="milliseconds") + "Z"
    return dt.isoformat(timespec="seconds") + "Z"
