"""Run a built PuLP model with HiGHS (highspy, in-process) or CBC (PuLP's bundled binary).

Both paths: always a time limit, an optional warm start taken from the variables' current
values, and an explicit mapping of every solver status to `SolveStatus`. HiGHS additionally
reports MIP progress and can be interrupted through its callback; CBC runs as a separate
executable, so it can only be stopped by ending its process group (see `solver.process`).
"""

from __future__ import annotations

import math
import re
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import highspy
import pulp

from solver.status import SolveStatus

ProgressHook = Callable[[float, str], None]
"""Receives (fraction of the time limit used, message) during a MIP solve."""
InterruptHook = Callable[[], bool]
"""Returns True when the solve should stop now."""


@dataclass(frozen=True)
class SolverOptions:
    """Solver settings taken from `PlanParameters`."""

    solver: str = "highs"
    time_limit_s: float = 30.0
    mip_gap: float = 1e-4
    threads: int | None = None


@dataclass(frozen=True)
class SolverOutcome:
    """What one solver call produced."""

    status: SolveStatus
    has_solution: bool
    objective: float | None
    mip_gap: float | None
    dual_bound: float | None
    seconds: float
    detail: str
    """The solver's own status text, for the log and the Assumptions sheet."""
    kept_start: bool = False
    """True when the solver reported no plan in time and the warm start was kept instead."""


def solve_problem(
    problem: pulp.LpProblem,
    options: SolverOptions,
    *,
    mip: bool = True,
    warm_start: bool = False,
    progress: ProgressHook | None = None,
    interrupt: InterruptHook | None = None,
) -> SolverOutcome:
    """Solve `problem` in place (variable values and, for LPs, duals are set on it)."""
    started = time.perf_counter()
    if options.solver == "cbc":
        outcome = _solve_cbc(problem, options, mip=mip, warm_start=warm_start)
    else:
        outcome = _solve_highs(
            problem, options, mip=mip, warm_start=warm_start, progress=progress, interrupt=interrupt
        )
    return SolverOutcome(**{**outcome.__dict__, "seconds": time.perf_counter() - started})


# --------------------------------------------------------------------------------------- HiGHS


class _HiGHSWithStart(pulp.HiGHS):
    """PuLP's highspy interface plus a warm start (PuLP 3.3 offers none for HiGHS)."""

    def __init__(self, *, warm_start: bool, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.warm_start = warm_start

    def callSolver(self, lp: pulp.LpProblem) -> None:
        if self.warm_start and self.mip:
            variables = lp.variables()
            values = [0.0] * len(variables)
            for var in variables:
                values[var.index] = float(var.varValue or 0.0)
            solution = highspy.HighsSolution()
            solution.col_value = values
            solution.value_valid = True
            lp.solverModel.setSolution(solution)
        lp.solverModel.run()


_HIGHS_LIMITS = {
    highspy.HighsModelStatus.kTimeLimit,
    highspy.HighsModelStatus.kIterationLimit,
    highspy.HighsModelStatus.kSolutionLimit,
    highspy.HighsModelStatus.kObjectiveBound,
    highspy.HighsModelStatus.kObjectiveTarget,
    highspy.HighsModelStatus.kMemoryLimit,
}


def _highs_callback(
    options: SolverOptions, progress: ProgressHook | None, interrupt: InterruptHook | None
) -> Callable:
    last_report = [0.0]
    mip_interrupt = int(highspy.cb.HighsCallbackType.kCallbackMipInterrupt)

    def callback(callback_type, message, data_out, data_in, user_data) -> None:
        if int(callback_type) != mip_interrupt:
            return
        if interrupt is not None and interrupt():
            data_in.user_interrupt = True
        now = data_out.running_time
        if progress is not None and now - last_report[0] >= 0.25:
            last_report[0] = now
            gap = data_out.mip_gap
            text = f"searching: gap {gap:.2%}" if math.isfinite(gap) else "searching for a plan"
            progress(min(1.0, now / max(options.time_limit_s, 1e-9)), text)

    return callback


def _solve_highs(
    problem: pulp.LpProblem,
    options: SolverOptions,
    *,
    mip: bool,
    warm_start: bool,
    progress: ProgressHook | None,
    interrupt: InterruptHook | None,
) -> SolverOutcome:
    kwargs: dict[str, object] = {
        "mip": mip,
        "msg": False,
        "timeLimit": options.time_limit_s,
        "gapRel": options.mip_gap,
        # Absolute gap off, so the relative gap alone decides: HiGHS's default of 1e-6 would
        # stop early whenever the whole objective is small (e.g. every gap closed and only the
        # cost tie-break left).
        "gapAbs": 1e-12,
        "threads": options.threads,
    }
    if mip and (progress is not None or interrupt is not None):
        kwargs["callbackTuple"] = (_highs_callback(options, progress, interrupt), None)
        kwargs["callbacksToActivate"] = [highspy.cb.HighsCallbackType.kCallbackMipInterrupt]
    solver = _HiGHSWithStart(warm_start=warm_start, **kwargs)
    problem.solverModel = None  # never read a previous stage's model by mistake
    try:
        problem.solve(solver)
    except (pulp.PulpSolverError, KeyError) as error:
        # PuLP's status table lacks a few HiGHS statuses (solution or memory limit, ...): when
        # HiGHS got as far as running, read its status ourselves below.
        if problem.solverModel is None:
            return SolverOutcome(SolveStatus.NOT_SOLVED, False, None, None, None, 0.0, str(error))
    highs = problem.solverModel
    model_status = highs.getModelStatus()
    info = highs.getInfo()
    detail = highs.modelStatusToString(model_status)
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if has_solution:
        _assign_highs_values(problem, highs)
    objective = info.objective_function_value if has_solution else None
    mip_gap = info.mip_gap if (mip and has_solution) else (0.0 if has_solution else None)
    dual_bound = info.mip_dual_bound if mip else objective
    status = _map_highs_status(model_status, has_solution)
    if mip_gap is not None and not math.isfinite(mip_gap):
        # HiGHS reports an infinite gap when it stopped before any dual bound.
        mip_gap = 0.0 if status == SolveStatus.OPTIMAL else None
    return SolverOutcome(status, has_solution, objective, mip_gap, dual_bound, 0.0, detail)


def _assign_highs_values(problem: pulp.LpProblem, highs: highspy.Highs) -> None:
    # PuLP already assigned these unless it raised on an unmapped status; doing it again is cheap
    # and makes both paths identical.
    values = highs.getSolution().col_value
    for var in problem.variables():
        var.varValue = values[var.index]


def _map_highs_status(model_status: object, has_solution: bool) -> SolveStatus:
    status = highspy.HighsModelStatus
    if model_status == status.kOptimal:
        return SolveStatus.OPTIMAL
    if model_status in (status.kInfeasible, status.kUnboundedOrInfeasible):
        return SolveStatus.INFEASIBLE
    if model_status == status.kUnbounded:
        return SolveStatus.UNBOUNDED
    if model_status in (status.kInterrupt, status.kHighsInterrupt):
        return SolveStatus.CANCELLED
    if model_status in _HIGHS_LIMITS:
        return SolveStatus.FEASIBLE_TIME_LIMIT if has_solution else SolveStatus.NOT_SOLVED
    return SolveStatus.NOT_SOLVED


# ----------------------------------------------------------------------------------------- CBC

_CBC_NUMBER = r"([-+0-9.eE]+|inf|-inf|nan)"


def _solve_cbc(
    problem: pulp.LpProblem, options: SolverOptions, *, mip: bool, warm_start: bool
) -> SolverOutcome:
    with tempfile.TemporaryDirectory(prefix="bcplan_cbc_") as folder:
        log_path = Path(folder) / "cbc.log"
        with warnings.catch_warnings():
            # PULP_CBC_CMD is deprecated in favour of an installed CBC; the bundled binary is the
            # only CBC a commissioner's laptop has, so keep using it quietly.
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", FutureWarning)
            solver = pulp.PULP_CBC_CMD(
                mip=mip,
                msg=False,
                timeLimit=options.time_limit_s,
                gapRel=options.mip_gap,
                threads=options.threads,
                warmStart=warm_start and mip,
                logPath=str(log_path),
            )
            try:
                problem.solve(solver)
            except pulp.PulpSolverError as error:
                return SolverOutcome(
                    SolveStatus.NOT_SOLVED, False, None, None, None, 0.0, str(error)
                )
        log = log_path.read_text(errors="replace") if log_path.exists() else ""
    result_line = re.search(r"Result - (.*)", log)
    detail = result_line.group(1).strip() if result_line else pulp.LpStatus[problem.status]
    has_solution = problem.status == pulp.LpStatusOptimal and problem.sol_status in (
        pulp.LpSolutionOptimal,
        pulp.LpSolutionIntegerFeasible,
    )
    objective = pulp.value(problem.objective) if has_solution else None
    bound = _cbc_number(log, "Lower bound") if mip else objective
    gap = None
    if has_solution:
        if problem.sol_status == pulp.LpSolutionOptimal:
            status = SolveStatus.OPTIMAL
            gap = _relative_gap(objective, bound) if bound is not None else 0.0
        else:
            status = SolveStatus.FEASIBLE_TIME_LIMIT
            gap = _relative_gap(objective, bound) if bound is not None else None
    elif problem.status == pulp.LpStatusInfeasible:
        status = SolveStatus.INFEASIBLE
    elif problem.status == pulp.LpStatusUnbounded:
        status = SolveStatus.UNBOUNDED
    else:
        status = SolveStatus.NOT_SOLVED
    return SolverOutcome(status, has_solution, objective, gap, bound, 0.0, detail)


def _cbc_number(log: str, label: str) -> float | None:
    match = re.search(rf"^{label}:\s+{_CBC_NUMBER}", log, flags=re.MULTILINE)
    if not match:
        return None
    try:
        return float(match.group(1))
    except ValueError:
        return None


def _relative_gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None or not math.isfinite(bound):
        return None
    return max(0.0, objective - bound) / max(abs(objective), 1e-10)
