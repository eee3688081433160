"""Marginal values from the LP relaxation: what one more £1,000 or one more recruit is worth.

The integer model has no duals, so the same model is solved with the steps relaxed to
continuous values. The dual (shadow price) of the budget row says how much the objective would
fall per extra £; of a pool row, per extra WTE. They are local rates — true for small changes,
and for the relaxed model — which is how the app labels them. The relaxation's objective is
also a lower bound on any plan (`lp_bound`).
"""

from __future__ import annotations

from typing import Any

import pulp

from solver.backends import SolverOptions, solve_problem
from solver.build import ModelVariables, model_name
from solver.results import MarginalValue


def _value(
    constraint: pulp.LpConstraint,
    name: str,
    unit: str,
    per_unit: float,
    gap_scale: float,
    objective_scale: float,
) -> MarginalValue:
    # For a ≤ row in a minimisation the dual is ≤ 0: relaxing the row lowers the objective.
    dual = (constraint.pi or 0.0) / objective_scale
    improvement = max(0.0, -dual) * per_unit
    slack = constraint.slack if constraint.slack is not None else 0.0
    return MarginalValue(
        constraint=name,
        unit=unit,
        objective_per_unit=improvement,
        weighted_appointments_per_unit=improvement * gap_scale,
        binding=abs(slack) <= 1e-6 * max(1.0, abs(constraint.constant or 0.0)) or improvement > 0,
    )


def marginal_values(
    problem: pulp.LpProblem, mv: ModelVariables, options: SolverOptions
) -> dict[str, Any]:
    """Solve the LP relaxation of `problem` and read the duals; keyword arguments for PlanResult."""
    outcome = solve_problem(problem, options, mip=False)
    if not outcome.has_solution:
        return {}
    d = mv.derived
    scale = d.gap_normaliser
    k = d.objective_scale
    out: dict[str, Any] = {"lp_bound": (outcome.objective or 0.0) / k}
    budget = mv.constraints.get("budget")
    if budget is not None:
        out["marginal_value_budget"] = _value(budget, "budget", "£1,000 a year", 1000.0, scale, k)
    pools: dict[str, MarginalValue] = {}
    for j, role in enumerate(d.role_codes):
        name = model_name("pool", role)
        if name in mv.constraints:
            # The pool row counts steps; one WTE is 1/q steps.
            per_wte = 1.0 / float(d.step_wte[j])
            pools[role] = _value(mv.constraints[name], name, "WTE", per_wte, scale, k)
    out["marginal_value_pool"] = pools
    entitlement: dict[str, MarginalValue] = {}
    for pcn in d.pcn_codes:
        name = model_name("entitlement", pcn)
        if name in mv.constraints:
            entitlement[pcn] = _value(mv.constraints[name], name, "£1,000 a year", 1000.0, scale, k)
    out["marginal_value_entitlement"] = entitlement
    return out
