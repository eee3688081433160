"""Can this installation solve at all? A two-variable integer model through the same path a
plan takes (PuLP → HiGHS), run once when the app starts.

A packaged build that lost HiGHS's library, or a PuLP and highspy that do not fit together,
then says so in one sentence at start-up, instead of failing at the first plan.
"""

from __future__ import annotations

import pulp

from solver.backends import SolverOptions, solve_problem
from solver.status import SolveStatus

PROBLEM_MESSAGE = (
    "The planning solver (HiGHS) does not work in this installation, so plans cannot be "
    "made: {reason}. Everything else works. Reinstall the app, or ask IT to check that "
    "nothing blocks its files."
)


def solver_problem() -> str | None:
    """``None`` when a tiny model solves to its known optimum; otherwise a plain sentence."""
    try:
        problem = pulp.LpProblem("selfcheck", pulp.LpMaximize)
        x = pulp.LpVariable("x", 0, 4, cat="Integer")
        y = pulp.LpVariable("y", 0, 4, cat="Integer")
        problem += 3 * x + 2 * y
        problem += x + y <= 5
        outcome = solve_problem(problem, SolverOptions(time_limit_s=10.0))
    except Exception as error:  # any failure is the answer, reported in words
        return PROBLEM_MESSAGE.format(reason=f"{type(error).__name__}: {error}")
    if outcome.status is not SolveStatus.OPTIMAL or round(pulp.value(problem.objective)) != 14:
        return PROBLEM_MESSAGE.format(reason=f"a test model came back {outcome.detail!r}")
    return None
