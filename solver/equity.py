"""Inequality of access across deprivation: slope index of inequality and the quintile gap.

Pure numpy/pandas helpers, so `bcprimary.analysis` can adopt them unchanged.

SII: group the units (PCNs or practices) by deprivation group (IMD decile, 1 = most deprived);
each group's rate is Σ appointments / Σ population × 1,000 (the population-weighted mean of the
units' rates); each group sits at the midpoint of its cumulative population share, most deprived
first, on a 0→1 relative rank; the SII is the population-weighted least-squares slope of rate on
rank. It is the modelled difference in rate between the least and the most deprived ends, so a
positive SII means less-deprived areas get more appointments per 1,000 (the inverse care law).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

ArrayLike = Sequence[float] | np.ndarray | pd.Series


def _group_rates(
    rate: ArrayLike, population: ArrayLike, group: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(groups ascending, population per group, population-weighted rate per group)."""
    rate = np.asarray(rate, dtype=float)
    population = np.asarray(population, dtype=float)
    group = np.asarray(group)
    keep = np.isfinite(rate) & (population > 0)
    groups, inverse = np.unique(group[keep], return_inverse=True)
    people = np.bincount(inverse, weights=population[keep], minlength=len(groups))
    events = np.bincount(inverse, weights=(rate * population)[keep], minlength=len(groups))
    return groups, people, events / people


def slope_index_of_inequality(
    rate: ArrayLike, population: ArrayLike, rank_group: ArrayLike
) -> float:
    """SII of `rate` across `rank_group` (ascending = more deprived first), weighted by population.

    `rate` is per unit (e.g. appointments per 1,000 weighted patients per month), `population`
    the unit's denominator, `rank_group` its deprivation group (e.g. IMD decile 1..10). Returns
    NaN when fewer than two groups have population.
    """
    _, weights, y = _group_rates(rate, population, rank_group)
    if len(weights) < 2:
        return float("nan")
    share = weights / weights.sum()
    rank = np.cumsum(share) - share / 2.0
    mean_rank = np.dot(share, rank)
    mean_rate = np.dot(share, y)
    variance = np.dot(share, (rank - mean_rank) ** 2)
    return float(np.dot(share, (rank - mean_rank) * (y - mean_rate)) / variance)


def quintile_gap(rate: ArrayLike, population: ArrayLike, imd_quintile: ArrayLike) -> float:
    """Rate of the least deprived quintile (5) minus the most deprived (1); NaN if one is empty."""
    groups, _, rates = _group_rates(rate, population, imd_quintile)
    by_group = dict(zip(groups.tolist(), rates.tolist(), strict=True))
    if 1 not in by_group or 5 not in by_group:
        return float("nan")
    return by_group[5] - by_group[1]
