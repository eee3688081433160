"""Slope index of inequality and quintile gap on hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from solver import quintile_gap, slope_index_of_inequality


def test_two_equal_groups() -> None:
    # Ranks 0.25 and 0.75: slope = (600 - 400) / 0.5.
    assert slope_index_of_inequality([400, 600], [1_000, 1_000], [1, 10]) == pytest.approx(400)


def test_linear_gradient_across_deciles() -> None:
    deciles = np.arange(1, 11)
    rates = 500 + 10 * deciles  # +10 per decile = +100 per unit of relative rank
    assert slope_index_of_inequality(rates, np.full(10, 5_000), deciles) == pytest.approx(100)


def test_units_are_pooled_within_a_decile_by_population() -> None:
    # Decile 1 holds two units: (300 × 1,000 + 600 × 3,000) / 4,000 = 525 per 1,000.
    sii = slope_index_of_inequality([300, 600, 525], [1_000, 3_000, 4_000], [1, 1, 10])
    assert sii == pytest.approx(0.0, abs=1e-9)


def test_inverse_care_is_positive_and_fair_is_negative() -> None:
    assert slope_index_of_inequality([450, 550], [1, 1], [1, 10]) > 0
    assert slope_index_of_inequality([550, 450], [1, 1], [1, 10]) < 0


def test_degenerate_inputs_give_nan() -> None:
    assert math.isnan(slope_index_of_inequality([500], [1_000], [3]))
    assert math.isnan(slope_index_of_inequality([500, 400], [0, 0], [1, 2]))


def test_quintile_gap() -> None:
    assert quintile_gap([400, 500, 650], [10, 10, 10], [1, 3, 5]) == pytest.approx(250)
    assert math.isnan(quintile_gap([400, 500], [10, 10], [1, 3]))
