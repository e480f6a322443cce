"""Quartiles, fences and rounding as Cardinal computes them (statrs type 8, Rust mul_add and round)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from metrics.cardinal.quartiles import (lower_fence, lower_quartile, mul_add, percentile, quantile, round_meta,
                                        rust_round, upper_fence, upper_quartile)

# statrs' own test (src/statistics/slice_statistics.rs, test_quantile_short) with its expected values.
STATRS_DATA = [-1.0, 5.0, 0.0, -3.0, 10.0, -0.5, 4.0, 0.2, 1.0, 6.0]


@pytest.mark.parametrize("tau, expected", [
    (0.0, -3.0), (1.0, 10.0), (0.5, 3.0 / 5.0), (0.2, -4.0 / 5.0), (0.7, 137.0 / 30.0), (0.01, -3.0),
    (0.99, 10.0), (0.52, 287.0 / 375.0), (0.325, -37.0 / 240.0),
])
def test_quantile_matches_statrs_test_values(tau, expected):
    assert quantile(STATRS_DATA, tau) == pytest.approx(expected, abs=1e-15)


def test_quartiles_of_the_documented_r024_example():
    # Nine differences: two 0s and seven 100s. h = (9 + 1/3) / 4 + 1/3 = 8/3, so Q1 = x2 + 2/3 (x3 - x2)
    # = 66.67; h = (9 + 1/3) * 3/4 + 1/3 = 22/3, so Q3 = x7 + 1/3 (x8 - x7) = 100. Cardinal's docs show
    # q1 66.6667, q3 100.0, lower_fence 16.6667 for this sample.
    sample = [0.0, 0.0] + [100.0] * 7
    q1, q3 = lower_quartile(sample), upper_quartile(sample)
    assert round_meta(q1) == 66.6667
    assert q3 == 100.0
    assert round_meta(lower_fence(q1, q3)) == 16.6667


@settings(deadline=None)  # a timing limit fails on a busy machine; the property is what is tested
@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=60),
       st.sampled_from([0.25, 0.5, 0.75, 0.9]))
def test_quantile_is_hyndman_fan_type_8(values, tau):
    # numpy's "median_unbiased" method is Hyndman and Fan's type 8.
    expected = float(np.quantile(values, tau, method="median_unbiased"))
    assert quantile(values, tau) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_quantile_ignores_input_order():
    assert upper_quartile([5.0, 1.0, 3.0, 2.0, 4.0]) == upper_quartile([1.0, 2.0, 3.0, 4.0, 5.0])


def test_empty_sample_gives_nan():
    assert math.isnan(lower_quartile([]))
    assert math.isnan(upper_quartile([]))


def test_percentile_bounds():
    values = [1.0, 2.0, 3.0, 10.0]
    assert percentile(values, 100) == 10.0
    assert percentile(values, 0) == 1.0
    assert math.isnan(percentile(values, 101))  # statrs: tau outside [0, 1]


def test_percentile_75_equals_upper_quartile():
    values = [1.0, 1.0, 2.0, 7.0, 9.0, 12.0]
    assert percentile(values, 75) == upper_quartile(values)


def test_single_value_sample():
    assert lower_quartile([4.0]) == upper_quartile([4.0]) == 4.0


def test_fences():
    assert lower_fence(0.5, 0.75) == 0.5 - 1.5 * 0.25
    assert upper_fence(0.5, 0.75) == 0.75 + 1.5 * 0.25


def test_mul_add_rounds_once():
    # (1 + 2^-30)(1 - 2^-30) - 1 = -2^-60 exactly; computing the product first rounds it to 1.0, giving 0.
    a, b = 1 + 2**-30, 1 - 2**-30
    assert a * b - 1.0 == 0.0
    assert mul_add(a, b, -1.0) == -(2**-60)


def test_rust_round_halves_away_from_zero():
    assert rust_round(0.5) == 1.0
    assert rust_round(2.5) == 3.0  # Python's round() would give 2
    assert rust_round(-2.5) == -3.0
    assert rust_round(0.49999999999999994) == 0.0


def test_round_meta_four_decimals_and_null_for_undefined():
    assert round_meta(16.666666666666664) == 16.6667
    assert round_meta(0.83333333) == 0.8333
    assert round_meta(1.0) == 1.0
    assert round_meta(float("nan")) is None
    assert round_meta(float("inf")) is None
