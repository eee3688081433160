"""Properties over many generated plans: the optimum beats both baselines, breaks no limit, and
HiGHS and CBC agree; the budget frontier never rises."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from solver_instances import small_plans, synthetic_params

from solver import PlanParameters, SolveStatus, budget_frontier, solve

#: Hypothesis solves many generated plans.
pytestmark = pytest.mark.slow

# derandomize: the same examples every run; database=None: nothing written to the work tree.
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    database=None,
)


def _assert_no_worse(params: PlanParameters, result) -> None:
    for name, baseline in result.baselines.items():
        if params.options.objective == "equity":
            worst = result.totals["worst_relative_gap_after"]
            limit = baseline.totals["worst_relative_gap_after"] * (
                1 + params.options.equity_tolerance
            )
            assert worst <= limit + 1e-7, name
            if worst <= baseline.totals["worst_relative_gap_after"] - 1e-9:
                continue  # strictly fairer: the weighted objective may be worse
        tolerance = 1e-6 + params.options.mip_gap * abs(baseline.objective_value)
        assert result.objective_value <= baseline.objective_value + tolerance, name


@SETTINGS
@given(small_plans())
def test_optimum_is_never_worse_than_a_baseline_and_always_checks(params: PlanParameters) -> None:
    result = solve(params)
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE), result.message
    if result.status == SolveStatus.INFEASIBLE:
        assert result.message  # explained, not raised
        return
    assert result.check == []
    for baseline in result.baselines.values():
        assert baseline.check == []
    _assert_no_worse(params, result)
    if result.lp_bound is not None:
        assert result.lp_bound <= result.objective_value + 1e-6


@settings(SETTINGS, max_examples=20)
@given(small_plans())
def test_highs_and_cbc_agree(params: PlanParameters) -> None:
    params = params.with_options(objective="weighted")
    highs = solve(params, baselines=False, marginal=False)
    cbc = solve(params.with_options(solver="cbc"), baselines=False, marginal=False)
    assert highs.status == cbc.status
    if highs.has_plan:
        assert cbc.check == []
        assert np.isclose(highs.objective_value, cbc.objective_value, rtol=1e-5, atol=1e-6)


def test_frontier_never_rises_and_beats_the_baselines() -> None:
    params = synthetic_params(27, seed=5, time_limit_s=10)
    budgets = np.linspace(0, 2.0 * params.options.budget_gbp, 8)
    frontier = budget_frontier(params, budgets, time_limit_s=1.0)
    assert list(frontier["budget_gbp"]) == sorted(frontier["budget_gbp"])
    assert set(frontier["status"]) <= {"optimal", "feasible (time limit)"}
    objective = frontier["share_weighted_gap_remaining"].to_numpy()
    assert np.all(np.diff(objective) <= 1e-9)
    assert objective[0] == pytest.approx(1.0)  # no money, nothing closed
    assert np.all(frontier["cost_gbp"] <= frontier["budget_gbp"] + 1)
    # Each point is warm-started from the best baseline, so it can only be better.
    assert np.all(frontier["objective_value"] <= frontier["greedy_objective"] + 1e-9)
    assert np.all(frontier["objective_value"] <= frontier["fair_shares_objective"] + 1e-9)
