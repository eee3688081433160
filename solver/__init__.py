"""BC Primary Care Planner optimiser: allocate ARRS roles, commissioned appointments and dental
activity across PCNs so the access gap closes fastest where deprivation is highest (DESIGN §5).

No Qt and no database here: fill in `PlanParameters`, call `solve`, read the `PlanResult`.
"""

from solver.baselines import fair_shares, greedy
from solver.build import ModelVariables, build_model
from solver.check import check_result
from solver.equity import quintile_gap, slope_index_of_inequality
from solver.explain import explain_infeasibility
from solver.frontier import budget_frontier
from solver.issues import Issue
from solver.options import PlanOptions
from solver.parameters import (
    Cap,
    DentalPlaceInput,
    Lock,
    PCNInput,
    PlanParameters,
    RoleInput,
)
from solver.presolve import presolve
from solver.results import MarginalValue, PlanResult
from solver.run import solve
from solver.status import SolveStatus

__all__ = [
    "Cap",
    "DentalPlaceInput",
    "Issue",
    "Lock",
    "MarginalValue",
    "ModelVariables",
    "PCNInput",
    "PlanOptions",
    "PlanParameters",
    "PlanResult",
    "RoleInput",
    "SolveStatus",
    "budget_frontier",
    "build_model",
    "check_result",
    "explain_infeasibility",
    "fair_shares",
    "greedy",
    "presolve",
    "quintile_gap",
    "slope_index_of_inequality",
    "solve",
]
