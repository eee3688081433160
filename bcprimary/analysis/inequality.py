"""Deprivation groups and inequality of access.

* National IMD deciles/quintiles rank every practice in the loaded deprivation file (one
  edition) by score, most deprived first, in equal-count groups — the way Fingertips groups
  practices. Group 1 is the most deprived.
* The slope index of inequality (SII) follows the OHID method: order the groups from most to
  least deprived, give each the mid-point of its cumulative share of the population (its
  relative rank, 0 → 1), and fit the group rates on relative rank by least squares weighted by
  population. The slope is the modelled gap between the least and the most deprived end, so a
  positive SII means less deprived areas get more (the "inverse care law").
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def national_groups(scores: pd.Series, groups: int) -> pd.Series:
    """Equal-count groups of ``scores`` with 1 = highest score (most deprived); NaN stays NaN."""
    valid = scores.dropna()
    if valid.empty:
        return pd.Series(np.nan, index=scores.index)
    # Rank descending so the most deprived come first; ties share the lower (more deprived) rank.
    rank = valid.rank(method="min", ascending=False)
    group = np.ceil(rank * groups / len(valid)).clip(1, groups)
    return group.reindex(scores.index)


def cut_points(scores: pd.Series, groups: int) -> np.ndarray:
    """Score thresholds between national groups (descending), to place PCNs and places."""
    valid = np.sort(scores.dropna().to_numpy())[::-1]
    if len(valid) == 0:
        return np.array([])
    # The last (least deprived) member of group k has rank floor(n·k/groups).
    positions = [max(int(np.floor(len(valid) * k / groups)) - 1, 0) for k in range(1, groups)]
    return valid[positions]


def group_of(score: float, points: np.ndarray) -> float:
    """The national group (1 = most deprived) a score falls in, given :func:`cut_points`."""
    if score is None or np.isnan(score) or len(points) == 0:
        return np.nan
    # A score below the last member of group k is in a later (less deprived) group.
    return float(1 + np.sum(score < points))


def slope_index_of_inequality(
    events: pd.Series, population: pd.Series, group: pd.Series, per: float = 1000.0
) -> float:
    """SII of the rate ``events / population × per`` across deprivation groups (1 = most deprived).

    Units are first summed within each group. Returns NaN with fewer than two groups.
    """
    frame = pd.DataFrame({"events": events, "population": population, "group": group}).dropna()
    frame = frame[frame["population"] > 0]
    by_group = frame.groupby("group")[["events", "population"]].sum().sort_index()
    if len(by_group) < 2:
        return float("nan")
    rate = by_group["events"] / by_group["population"] * per
    weights = by_group["population"] / by_group["population"].sum()
    upper = weights.cumsum()
    rank = upper - weights / 2
    x = rank.to_numpy()
    y = rate.to_numpy()
    w = weights.to_numpy()
    x_mean = np.sum(w * x)
    y_mean = np.sum(w * y)
    slope = np.sum(w * (x - x_mean) * (y - y_mean)) / np.sum(w * (x - x_mean) ** 2)
    return float(slope)


def quintile_gap(
    events: pd.Series, population: pd.Series, quintile: pd.Series, per: float = 1000.0
) -> float:
    """Rate in the least deprived quintile (5) minus the most deprived (1); NaN if either empty."""
    frame = pd.DataFrame({"events": events, "population": population, "q": quintile}).dropna()
    sums = frame.groupby("q")[["events", "population"]].sum()
    if 1 not in sums.index or 5 not in sums.index:
        return float("nan")
    rate = sums["events"] / sums["population"] * per
    return float(rate[5] - rate[1])
