"""`solve()`: the one entry point the app calls — check, build, solve, verify, report.

Two ways to run:
- in-process (default without a cancel token): fastest; a Black Country plan takes a fraction
  of a second (see benchmarks/bench_solver.py).
- in a child process (default with a cancel token; ``isolate=True``): ended when the token is
  cancelled, so Cancel really stops the work whatever it is doing (`solver.process`).

Whatever happens, a `PlanResult` comes back: bad inputs, infeasible scenarios, solver failures
and cancellation are statuses with a plain message, never exceptions.
"""

from __future__ import annotations

import time
import traceback

from solver.parameters import PlanParameters
from solver.pipeline import Progress, SupportsCancel, solve_in_process
from solver.process import solve_in_child
from solver.results import PlanResult
from solver.status import SolveStatus

__all__ = ["Progress", "SupportsCancel", "solve", "solve_in_process"]


def solve(
    params: PlanParameters,
    cancel: SupportsCancel | None = None,
    progress: Progress | None = None,
    *,
    isolate: bool | None = None,
    baselines: bool = True,
    marginal: bool = True,
) -> PlanResult:
    """Optimise `params` and return a `PlanResult`.

    ``cancel``: any object with a boolean ``cancelled`` attribute (bcprimary's CancelToken).
    ``progress``: called as progress(fraction 0..1, message), on the calling thread.
    ``isolate``: None means in a child process when a cancel token is given, else in-process.
    ``baselines``: compute the fair-shares and greedy plans (also the solver's warm start).
    ``marginal``: solve the LP relaxation for the marginal values of budget, pools, entitlements.
    """
    if isolate is None:
        isolate = cancel is not None
    started = time.perf_counter()
    try:
        if isolate:
            return solve_in_child(params, cancel, progress, baselines=baselines, marginal=marginal)
        return solve_in_process(
            params, cancel=cancel, progress=progress, baselines=baselines, marginal=marginal
        )
    except Exception:  # a bug must still reach the user as a status, not a crash
        return PlanResult(
            status=SolveStatus.NOT_SOLVED,
            message="The optimiser failed unexpectedly; the details are in the log.",
            objective=params.options.objective,
            solver=params.options.solver,
            solver_detail=traceback.format_exc(),
            total_seconds=time.perf_counter() - started,
        )
