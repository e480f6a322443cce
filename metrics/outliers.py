"""Outlier fences with Cardinal's conventions.

- Quartiles are the Hyndman and Fan type 8 quantiles (R `type = 8`, numpy `method="median_unbiased"`),
  which is what Cardinal's statrs `lower_quartile` / `upper_quartile` compute.
- High outlier: value >= Q3 + 1.5 * IQR. Low outlier: value <= Q1 - 1.5 * IQR. Both inclusive.
- A configured `threshold` replaces the computed fence.
- Degenerate peer sets are skipped rather than flagging a quarter of everything: a high fence is not
  applied when Q1 = Q3 = 0, and a low fence is only applied when Q1 > 0.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

IQR_FACTOR = 1.5


def quartiles(values: Iterable[float]) -> tuple[float, float] | tuple[None, None]:
    """(Q1, Q3) of the finite values, type 8; (None, None) when there are none."""
    arr = _finite(values)
    if arr.size == 0:
        return None, None
    q1, q3 = np.quantile(arr, [0.25, 0.75], method="median_unbiased")
    return float(q1), float(q3)


@dataclass(frozen=True)
class Fence:
    """The fence applied to one peer set, with the numbers that justify it."""

    q1: float | None
    q3: float | None
    fence: float | None
    n: int
    skipped: bool
    reason: str | None = None  # why the fence was not applied: too_few_peers, degenerate_peer_set, no_values


def high_fence(values: Iterable[float], threshold: float | None = None, minimum_peers: int = 1) -> Fence:
    """Upper fence Q3 + 1.5 IQR over `values` (or `threshold` when set); skipped when Q1 = Q3 = 0."""
    arr = _finite(values)
    q1, q3 = quartiles(arr)
    if threshold is not None:
        return Fence(q1, q3, float(threshold), int(arr.size), False)
    if arr.size == 0:
        return Fence(None, None, None, 0, True, "no_values")
    if arr.size < minimum_peers:
        return Fence(q1, q3, None, int(arr.size), True, "too_few_peers")
    if q1 == 0 and q3 == 0:
        return Fence(q1, q3, None, int(arr.size), True, "degenerate_peer_set")
    return Fence(q1, q3, q3 + IQR_FACTOR * (q3 - q1), int(arr.size), False)


def low_fence(values: Iterable[float], threshold: float | None = None, minimum_peers: int = 1) -> Fence:
    """Lower fence Q1 - 1.5 IQR over `values` (or `threshold` when set); only applied when Q1 > 0."""
    arr = _finite(values)
    q1, q3 = quartiles(arr)
    if threshold is not None:
        return Fence(q1, q3, float(threshold), int(arr.size), False)
    if arr.size == 0:
        return Fence(None, None, None, 0, True, "no_values")
    if arr.size < minimum_peers:
        return Fence(q1, q3, None, int(arr.size), True, "too_few_peers")
    if not q1 > 0:
        return Fence(q1, q3, None, int(arr.size), True, "degenerate_peer_set")
    return Fence(q1, q3, q1 - IQR_FACTOR * (q3 - q1), int(arr.size), False)


def _finite(values: Iterable[float]) -> np.ndarray:
    if isinstance(values, np.ndarray):
        arr = values.astype(float, copy=False)
    else:
        arr = np.asarray([v for v in values if v is not None], dtype=float)
    return arr[np.isfinite(arr)]
