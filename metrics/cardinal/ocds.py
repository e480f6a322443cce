"""Reading a compiled release the way Cardinal does (its `Indicators::*` helpers in src/lib.rs).

JSON types are checked as strictly as Rust's `serde_json::Value` patterns: a number is an int or float but
never a bool, a string is a str, an object a dict, an array a list; anything else is "not set".
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Iterator

# Bid statuses that count as submitted (Cardinal's glossary: pending, valid, disqualified).
NOT_SUBMITTED = ("invited", "withdrawn")


def obj(value: Any, key: str) -> dict | None:
    """`value[key]` if `value` is an object and that member is an object."""
    if type(value) is dict:  # parsed JSON has exact types; `type() is` is the fast check
        member = value.get(key)
        if type(member) is dict:
            return member
    return None


def arr(value: Any, key: str) -> list | None:
    """`value[key]` if `value` is an object and that member is an array."""
    if type(value) is dict:
        member = value.get(key)
        if type(member) is list:
            return member
    return None


def string(value: Any, key: str) -> str | None:
    """`value[key]` if `value` is an object and that member is a string."""
    if type(value) is dict:
        member = value.get(key)
        if type(member) is str:
            return member
    return None


def as_f64(value: Any) -> float | None:
    """serde_json's `Number::as_f64` (arbitrary precision): finite floats only; None if not a number."""
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is not int:  # bool is not int here: type(True) is bool
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def is_cancelled_contracting_process(release: dict) -> bool:
    """`/tender/status` is 'cancelled'."""
    return string(obj(release, "tender"), "status") == "cancelled"


def matches_procurement_method(tender: dict, methods: frozenset[str]) -> bool:
    """An empty set matches all; otherwise `/tender/procurementMethod` must be set and in the set."""
    if not methods:
        return True
    method = string(tender, "procurementMethod")
    return method is not None and method in methods


def matches_procurement_method_details(release: dict, include: frozenset[str], exclude: frozenset[str]) -> bool:
    """Cardinal's allow list (`include`, if non-empty) or deny list (`exclude`) on procurementMethodDetails.

    If the field isn't set, the process matches only when no allow list is used.
    """
    details = string(obj(release, "tender"), "procurementMethodDetails")
    if details is None:
        return not include
    if not include:
        return details not in exclude
    return details in include


def complete_awards_and_bids(release: dict) -> tuple[list[dict], list] | None:
    """Active awards and `/bids/details`, if every award with a status is final.

    None if `/awards` or `/bids/details` is missing, or an award is pending, invalid or any other status
    than active, cancelled or unsuccessful (results must be stable). Awards without a status are ignored.
    """
    awards = arr(release, "awards")
    details = arr(obj(release, "bids"), "details")
    if awards is None or details is None:
        return None
    complete = []
    for award in awards:
        status = string(award, "status")
        if status is None:
            continue
        if status == "active":
            complete.append(award)
        elif status not in ("cancelled", "unsuccessful"):
            return None
    return complete, details


class Bid:
    """One bid of `/bids/details` as the calculators read it, each member checked as the accessors above
    check it: `status`, `date`, `currency` (of `value`) strings or None; `tenderers` the array or None;
    `tenderer_ids` its string ids; `tenderer_id` the id of its only tenderer, else None; `amount`
    `as_f64(value.amount)` or None. Read once per release (core.Context.bids), not once per calculator."""

    __slots__ = ("status", "date", "tenderers", "tenderer_ids", "tenderer_id", "currency", "amount")

    @property
    def submitted(self) -> bool:
        """A status other than invited or withdrawn (pending, valid, disqualified, ...)."""
        return self.status is not None and self.status not in NOT_SUBMITTED


def read_bids(release: dict) -> tuple[Bid, ...]:
    """Every bid of `/bids/details` (none if it is not an array), in order."""
    out = []
    for raw in arr(obj(release, "bids"), "details") or ():
        bid = Bid()
        out.append(bid)
        if type(raw) is not dict:  # the accessors' checks, written out: this runs for every bid
            bid.status = bid.date = bid.tenderers = bid.tenderer_id = bid.currency = bid.amount = None
            bid.tenderer_ids = ()
            continue
        get = raw.get
        status, date, tenderers, value = get("status"), get("date"), get("tenderers"), get("value")
        bid.status = status if type(status) is str else None
        bid.date = date if type(date) is str else None
        if type(tenderers) is list:
            bid.tenderers = tenderers
            bid.tenderer_ids = tuple(ids(tenderers))
            bid.tenderer_id = string(tenderers[0], "id") if len(tenderers) == 1 else None
        else:
            bid.tenderers = bid.tenderer_id = None
            bid.tenderer_ids = ()
        if type(value) is dict:
            currency = value.get("currency")
            bid.currency = currency if type(currency) is str else None
            bid.amount = as_f64(value.get("amount"))
        else:
            bid.currency = bid.amount = None
    return tuple(out)


def single_supplier_id(award: dict) -> str | None:
    """The id of the award's only supplier (Cardinal supports single suppliers only, issue #17)."""
    suppliers = arr(award, "suppliers")
    if suppliers is not None and len(suppliers) == 1:
        return string(suppliers[0], "id")
    return None


def ids(parties: list | None) -> Iterator[str]:
    """The string ids of a list of organization references."""
    for party in parties or ():
        party_id = string(party, "id")
        if party_id is not None:
            yield party_id


# RFC 3339 as chrono's `DateTime::parse_from_rfc3339` accepts it.
_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$"
)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_from_civil(y: int, m: int, d: int) -> int:
    # Howard Hinnant's algorithm: days since 1970-01-01 in the proleptic Gregorian calendar.
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


@lru_cache(maxsize=1 << 16)  # dates repeat across processes; the function is pure
def parse_rfc3339_ns(value: str) -> int | None:
    """Nanoseconds since the epoch of an RFC 3339 date-time, or None if it is not one (strictly)."""
    match = _RFC3339.match(value)
    if not match:
        return None
    y, mo, d, h, mi, s = (int(match.group(i)) for i in range(1, 7))
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    if not 1 <= mo <= 12 or not 1 <= d <= _DAYS_IN_MONTH[mo - 1] + (mo == 2 and leap):
        return None
    if h > 23 or mi > 59 or s > 60:  # 60: a leap second
        return None
    offset = 0
    if match.group(9):
        oh, om = int(match.group(10)), int(match.group(11))
        if oh > 23 or om > 59:
            return None
        offset = (oh * 3600 + om * 60) * (1 if match.group(9) == "+" else -1)
    fraction = match.group(7) or ""
    nanos = int((fraction + "000000000")[:9])
    seconds = _days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset
    return seconds * 1_000_000_000 + nanos


def whole_days(start_ns: int, end_ns: int) -> int:
    """chrono's `(end - start).num_days()`: whole days, truncated toward zero."""
    delta = end_ns - start_ns
    days = abs(delta) // (86400 * 1_000_000_000)
    return days if delta >= 0 else -days
