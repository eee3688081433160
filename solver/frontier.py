"""Budget frontier: residual weighted gap against budget, with both baselines at each budget.

Budgets are solved in increasing order and each solve is warm-started with the previous plan
(still affordable at a larger budget), so the frontier never rises even when a point stops at
its MIP gap or time limit. A frontier is a picture: by default each point is solved to a 0.1%
MIP gap (well below what a plot shows) with at most 2 seconds each, which keeps a 20-point
Black Country frontier to a few seconds; pass `mip_gap` / `time_limit_s` to change that.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from solver.derived import derive
from solver.parameters import PlanParameters
from solver.pipeline import Progress, SupportsCancel, solve_in_process
from solver.plan import Plan, plan_from_tables

FRONTIER_COLUMNS = [
    "budget_gbp",
    "status",
    "objective_value",
    "share_weighted_gap_remaining",
    "weighted_gap_after",
    "gap_after",
    "appointments_added",
    "cost_gbp",
    "fair_shares_objective",
    "greedy_objective",
    "fair_shares_share_weighted_gap_remaining",
    "greedy_share_weighted_gap_remaining",
    "mip_gap",
    "seconds",
]


def budget_frontier(
    params: PlanParameters,
    budgets: Iterable[float],
    *,
    progress: Progress | None = None,
    cancel: SupportsCancel | None = None,
    mip_gap: float | None = None,
    time_limit_s: float | None = None,
) -> pd.DataFrame:
    """One row per budget (ascending); see `FRONTIER_COLUMNS`. Stops early if cancelled.

    ``mip_gap`` defaults to max(params.options.mip_gap, 1e-3); ``time_limit_s`` (per point) to
    min(params.options.time_limit_s, 2).
    """
    ordered = sorted({float(b) for b in budgets})
    params = params.with_options(
        mip_gap=max(params.options.mip_gap, 1e-3) if mip_gap is None else mip_gap,
        time_limit_s=min(params.options.time_limit_s, 2.0)
        if time_limit_s is None
        else time_limit_s,
    )
    rows = []
    previous: Plan | None = None
    for index, budget in enumerate(ordered):
        if cancel is not None and cancel.cancelled:
            break
        if progress is not None:
            progress(index / max(1, len(ordered)), f"Budget £{budget:,.0f}")
        point = params.with_options(budget_gbp=budget)
        result = solve_in_process(
            point,
            cancel=cancel,
            marginal=False,
            start_plans=(previous,) if previous is not None else (),
        )
        if result.has_plan:
            previous = plan_from_tables(
                derive(point), result.allocation, result.pcn_table, result.dental_table
            )
        totals = result.totals
        rows.append(
            {
                "budget_gbp": budget,
                "status": result.status.value,
                "objective_value": result.objective_value,
                "share_weighted_gap_remaining": totals.get("share_weighted_gap_remaining"),
                "weighted_gap_after": totals.get("weighted_gap_after"),
                "gap_after": totals.get("gap_after"),
                "appointments_added": totals.get("appointments_added"),
                "cost_gbp": totals.get("cost_gbp"),
                "fair_shares_objective": _baseline(result, "fair_shares"),
                "greedy_objective": _baseline(result, "greedy"),
                "fair_shares_share_weighted_gap_remaining": _baseline_share(result, "fair_shares"),
                "greedy_share_weighted_gap_remaining": _baseline_share(result, "greedy"),
                "mip_gap": result.mip_gap,
                "seconds": result.total_seconds,
            }
        )
    if progress is not None:
        progress(1.0, "Frontier done")
    return pd.DataFrame(rows, columns=FRONTIER_COLUMNS)


def _baseline(result, name: str) -> float | None:
    baseline = result.baselines.get(name)
    return baseline.objective_value if baseline is not None else None


def _baseline_share(result, name: str) -> float | None:
    baseline = result.baselines.get(name)
    return baseline.totals.get("share_weighted_gap_remaining") if baseline is not None else None
