"""Cardinal's JSON text: `serde_json::to_string` (compact, UTF-8, floats as the ryu crate writes them)."""
from __future__ import annotations

import json
import math
from typing import Any


def format_float(x: float) -> str:
    """A float as serde_json writes it: shortest round-trip digits in ryu's layout (1.0, 1e-7, 1e16)."""
    if not math.isfinite(x):
        return "null"  # serde_json writes non-finite floats as null
    if x == 0.0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    sign = "-" if x < 0 else ""
    mantissa, _, exponent = repr(abs(x)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    # repr(...) is d.ddd[e±x] or ddd.ddd; compute kk with 10^(kk-1) <= x < 10^kk
    point = len(whole) + int(exponent or 0)
    leading_zeros = len(whole + fraction) - len((whole + fraction).lstrip("0"))
    kk = point - leading_zeros
    digits = digits.rstrip("0") or "0"
    length = len(digits)
    k = kk - length
    if 0 <= k and kk <= 16:
        body = digits + "0" * k + ".0"
    elif 0 < kk <= 16:
        body = digits[:kk] + "." + digits[kk:]
    elif -5 < kk <= 0:
        body = "0." + "0" * (-kk) + digits
    elif length == 1:
        body = f"{digits}e{kk - 1}"
    else:
        body = f"{digits[0]}.{digits[1:]}e{kk - 1}"
    return sign + body


def dumps(value: Any) -> str:
    """Serialize dicts, lists, strings, numbers, booleans and None the way serde_json::to_string does."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ",".join(f"{dumps(str(k))}:{dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    raise TypeError(f"cannot serialize {type(value).__name__}")
