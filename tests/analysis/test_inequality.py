"""Deprivation groups and the slope index of inequality, checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bcprimary.analysis.inequality import (
    cut_points,
    group_of,
    national_groups,
    quintile_gap,
    slope_index_of_inequality,
)


def test_groups_rank_most_deprived_first_in_equal_counts():
    scores = pd.Series([50, 40, 30, 20, 10, np.nan, 5, 45, 35, 25])
    groups = national_groups(scores, 5)
    assert groups.tolist()[:5] == [1, 2, 3, 4, 5]
    assert math.isnan(groups[5])
    assert groups.value_counts().sort_index().tolist() == [1, 2, 2, 2, 2]


def test_cut_points_place_any_score_in_the_same_group_as_the_ranking():
    rng = np.random.default_rng(3)
    scores = pd.Series(rng.gamma(4, 6, size=997))
    for n in (5, 10):
        groups = national_groups(scores, n)
        points = cut_points(scores, n)
        assert [group_of(s, points) for s in scores] == groups.tolist()


def test_sii_of_a_straight_line_is_its_slope():
    # Ten equal deciles, rate rising by 10 per decile from 500 (most deprived) to 590:
    # relative ranks 0.05..0.95, so the slope over the whole rank range is 100.
    decile = pd.Series(range(1, 11))
    population = pd.Series([1000.0] * 10)
    events = pd.Series([(500 + 10 * i) for i in range(10)], dtype=float)
    assert slope_index_of_inequality(events, population, decile) == pytest.approx(100.0)


def test_sii_weights_by_population_and_sums_units_within_a_group():
    # Two groups: most deprived 300 people at rate 400, least deprived 100 at rate 600.
    # Ranks: 0.375 and 0.875 → slope (600 - 400) / 0.5 = 400.
    units = pd.DataFrame(
        {
            "group": [1, 1, 10],
            "population": [100.0, 200.0, 100.0],
            "events": [40.0, 80.0, 60.0],
        }
    )
    value = slope_index_of_inequality(units["events"], units["population"], units["group"])
    assert value == pytest.approx(400.0)


def test_sii_needs_two_groups_and_quintile_gap_needs_both_ends():
    one = pd.Series([1.0])
    assert math.isnan(slope_index_of_inequality(one, one * 10, one))
    q = pd.Series([1, 5, 3])
    gap = quintile_gap(pd.Series([50.0, 70.0, 10.0]), pd.Series([100.0, 100.0, 100.0]), q)
    assert gap == pytest.approx(200.0)
    assert math.isnan(quintile_gap(one, one, pd.Series([2])))
