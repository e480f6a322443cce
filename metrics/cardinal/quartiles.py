"""Quantiles, fences and rounding exactly as Cardinal computes them.

Cardinal calls statrs' `Data::lower_quartile`, `upper_quartile` and `percentile`, which all go through
`quantile(tau)`: Hyndman and Fan's type 8 (h = (n + 1/3) tau + 1/3, linear interpolation between the
order statistics around h; the minimum below the first, the maximum from the last). Fences use Rust's
fused `mul_add`, and Meta values are rounded with Rust's `f64::round` (half away from zero).
"""
from __future__ import annotations

import math
import sys
from fractions import Fraction
from typing import Iterable

_THIRD = 1.0 / 3.0
_EPSILON = sys.float_info.epsilon


def quantile(values: Iterable[float], tau: float) -> float:
    """statrs' `OrderStatistics::quantile` (type 8); NaN for an empty sample or tau outside [0, 1].

    NaN values are left out of the sample: statrs' selection is undefined on them (Cardinal would panic).
    """
    data = sorted(v for v in values if v == v)
    n = len(data)
    if not 0.0 <= tau <= 1.0 or n == 0:
        return math.nan
    h = (n + _THIRD) * tau + _THIRD
    hf = int(h)  # Rust `as i64` truncates; h is positive
    if hf <= 0 or tau == 0.0:
        return data[0]
    if hf >= n or abs(tau - 1.0) <= _EPSILON:
        return data[-1]
    a = data[hf - 1]
    b = data[hf]
    return a + (h - hf) * (b - a)


def lower_quartile(values: Iterable[float]) -> float:
    """statrs' `lower_quartile`: quantile(0.25)."""
    return quantile(values, 0.25)


def upper_quartile(values: Iterable[float]) -> float:
    """statrs' `upper_quartile`: quantile(0.75)."""
    return quantile(values, 0.75)


def percentile(values: Iterable[float], p: int) -> float:
    """statrs' `percentile(p)`: quantile(p / 100)."""
    return quantile(values, p / 100.0)


def mul_add(a: float, b: float, c: float) -> float:
    """Rust's `a.mul_add(b, c)`: a * b + c with a single rounding (exact via fractions)."""
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def lower_fence(q1: float, q3: float) -> float:
    """Q1 - 1.5 IQR, as `(q3 - q1).mul_add(-1.5, q1)`."""
    return mul_add(q3 - q1, -1.5, q1)


def upper_fence(q1: float, q3: float) -> float:
    """Q3 + 1.5 IQR, as `(q3 - q1).mul_add(1.5, q3)`."""
    return mul_add(q3 - q1, 1.5, q3)


def rust_round(x: float) -> float:
    """Rust's `f64::round`: to the nearest integer, halves away from zero."""
    if not math.isfinite(x):
        return x
    floor = math.floor(abs(x))
    rounded = floor + 1.0 if abs(x) - floor >= 0.5 else float(floor)
    return math.copysign(rounded, x)


def round_meta(x: float) -> float | None:
    """A Meta value as Cardinal prints it: 4 decimals; NaN and infinities become null."""
    if not math.isfinite(x):
        return None
    return rust_round(x * 10_000.0) / 10_000.0
