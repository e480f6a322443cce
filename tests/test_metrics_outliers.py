"""metrics.outliers: type 8 quartiles and Cardinal's fence conventions."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.outliers import high_fence, low_fence, quartiles


def _type8(values, p):
    """Hyndman and Fan type 8 written out: h = (n + 1/3) p + 1/3, linear between order statistics."""
    x = sorted(values)
    n = len(x)
    h = (n + 1 / 3) * p + 1 / 3
    if h <= 1:
        return x[0]
    if h >= n:
        return x[-1]
    lo = int(np.floor(h))
    return x[lo - 1] + (h - lo) * (x[lo] - x[lo - 1])


def test_quartiles_of_one_to_four_are_type_8():
    # h = 13/12 + 1/3 ... worked by hand: Q1 = 1 + 5/12, Q3 = 3 + 7/12
    q1, q3 = quartiles([4, 1, 3, 2])
    assert q1 == pytest.approx(1 + 5 / 12)
    assert q3 == pytest.approx(3 + 7 / 12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=40))
def test_quartiles_match_the_type_8_definition(values):
    q1, q3 = quartiles(values)
    assert q1 == pytest.approx(_type8(values, 0.25), rel=1e-9, abs=1e-6)
    assert q3 == pytest.approx(_type8(values, 0.75), rel=1e-9, abs=1e-6)


def test_quartiles_ignore_missing_and_non_finite_values():
    assert quartiles([None, float("nan"), 5.0]) == (5.0, 5.0)
    assert quartiles([]) == (None, None)


def test_high_fence_is_q3_plus_one_and_a_half_iqr():
    values = [1, 2, 3, 4, 5, 6, 7, 8]
    fence = high_fence(values)
    q1, q3 = _type8(values, 0.25), _type8(values, 0.75)
    assert fence.fence == pytest.approx(q3 + 1.5 * (q3 - q1))
    assert (fence.q1, fence.q3, fence.n, fence.skipped) == (pytest.approx(q1), pytest.approx(q3), 8, False)


def test_high_fence_is_skipped_when_q1_and_q3_are_zero():
    fence = high_fence([0, 0, 0, 0, 0, 0, 5])
    assert fence.skipped and fence.fence is None and fence.reason == "degenerate_peer_set"


def test_low_fence_is_only_applied_when_q1_is_positive():
    assert low_fence([0, 0, 0, 1, 2, 3]).reason == "degenerate_peer_set"
    values = [5, 6, 7, 8, 9, 10]
    q1, q3 = _type8(values, 0.25), _type8(values, 0.75)
    assert low_fence(values).fence == pytest.approx(q1 - 1.5 * (q3 - q1))


def test_threshold_replaces_the_fence_even_for_a_degenerate_set():
    fence = high_fence([0, 0, 0], threshold=0.5)
    assert fence.fence == 0.5 and not fence.skipped


def test_too_few_peers_skips_the_fence():
    fence = high_fence([1, 2, 3], minimum_peers=4)
    assert fence.skipped and fence.reason == "too_few_peers" and fence.n == 3
