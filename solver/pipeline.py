"""The solve pipeline, in this process: check, build, solve, verify — and report, never raise.

Pre-solve checks → derived arrays → baselines → model → MIP (two stages for the equity
objective) → waste trim → LP relaxation for marginal values → result tables → independent check.
A cancel token is honoured between stages and, with HiGHS, inside the MIP search through HiGHS's
interrupt callback. `solver.run.solve` is the public entry point.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

import numpy as np
import pulp

from solver.backends import SolverOptions, SolverOutcome, solve_problem
from solver.baselines import fair_shares, greedy
from solver.build import ModelVariables, build_model, hold_worst_relative_gap
from solver.check import check_result
from solver.derived import DerivedData, derive
from solver.explain import explain_infeasibility
from solver.issues import Issue
from solver.marginal import marginal_values
from solver.parameters import PlanParameters
from solver.plan import Plan, evaluate, trim_waste
from solver.presolve import presolve
from solver.results import PlanResult
from solver.status import SolveStatus
from solver.tables import build_tables

Progress = Callable[[float, str], None]
"""progress(fraction 0..1, message)."""


class SupportsCancel(Protocol):
    """Anything with a `cancelled` attribute (e.g. `bcprimary.progress.CancelToken`)."""

    @property
    def cancelled(self) -> bool: ...


class _Cancelled(Exception):
    pass


def _plan_from_model(mv: ModelVariables) -> Plan:
    d = mv.derived
    pcn_index = {code: i for i, code in enumerate(d.pcn_codes)}
    role_index = {code: j for j, code in enumerate(d.role_codes)}
    place_index = {code: g for g, code in enumerate(d.dental_places)}
    plan = Plan.locks_only(d)
    steps = plan.steps.copy()
    for (pcn, role), var in mv.wte_steps.items():
        steps[pcn_index[pcn], role_index[role]] = round(var.varValue or 0.0)
    commissioned = np.zeros(d.n_pcns)
    for pcn, var in mv.commissioned.items():
        commissioned[pcn_index[pcn]] = max(0.0, var.varValue or 0.0)
    extra = np.zeros(len(d.dental_places))
    for place, var in mv.extra_udas.items():
        extra[place_index[place]] = max(0.0, var.varValue or 0.0)
    return Plan(steps=steps, commissioned=commissioned, extra_udas=extra)


def _set_start(mv: ModelVariables, plan: Plan) -> None:
    """Load `plan` into the variables as the solver's warm start."""
    d = mv.derived
    pcn_index = {code: i for i, code in enumerate(d.pcn_codes)}
    role_index = {code: j for j, code in enumerate(d.role_codes)}
    place_index = {code: g for g, code in enumerate(d.dental_places)}
    for (pcn, role), var in mv.wte_steps.items():
        var.varValue = float(plan.steps[pcn_index[pcn], role_index[role]])
    for pcn, var in mv.commissioned.items():
        var.varValue = float(plan.commissioned[pcn_index[pcn]])
    for place, var in mv.extra_udas.items():
        var.varValue = float(plan.extra_udas[place_index[place]])
    residual = np.maximum(
        0.0, d.access_gap - (plan.steps @ d.step_appointments + plan.commissioned)
    )
    for pcn, var in mv.residual_gap.items():
        var.varValue = float(residual[pcn_index[pcn]])
    for place, var in mv.dental_shortfall.items():
        g = place_index[place]
        var.varValue = float(max(0.0, d.dental_shortfall[g] - plan.extra_udas[g]))
    if mv.worst_relative_gap is not None:
        mv.worst_relative_gap.varValue = evaluate(d, plan).worst_relative_gap


def _best_start(derived: DerivedData, plans: list[Plan], equity: bool) -> Plan | None:
    def key(plan: Plan) -> tuple[float, float]:
        score = evaluate(derived, plan)
        return (score.worst_relative_gap, score.total) if equity else (score.total, 0.0)

    return min(plans, key=key) if plans else None


def _result_for_issues(params: PlanParameters, issues: list[Issue], started: float) -> PlanResult:
    errors = [i for i in issues if i.severity == "error"]
    if all(i.infeasible for i in errors):
        status, message = SolveStatus.INFEASIBLE, explain_infeasibility(params)
    else:
        status = SolveStatus.INVALID_INPUT
        message = "The inputs need attention: " + " ".join(i.message for i in errors)
    return PlanResult(
        status=status,
        message=message,
        objective=params.options.objective,
        solver=params.options.solver,
        issues=issues,
        total_seconds=time.perf_counter() - started,
    )


def solve_in_process(
    params: PlanParameters,
    *,
    cancel: SupportsCancel | None = None,
    progress: Progress | None = None,
    baselines: bool = True,
    marginal: bool = True,
    start_plans: tuple[Plan, ...] = (),
) -> PlanResult:
    """The whole pipeline in this process (see module docstring). `start_plans` are extra warm
    starts (the frontier passes the previous point's plan)."""
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def report(fraction: float, message: str) -> None:
        if cancel is not None and cancel.cancelled:
            raise _Cancelled
        if progress is not None:
            progress(fraction, message)

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        timings[name] = now - since
        return now

    try:
        report(0.0, "Checking the inputs")
        issues = presolve(params)
        if any(i.severity == "error" for i in issues):
            return _result_for_issues(params, issues, started)
        derived = derive(params)
        clock = lap("presolve", started)

        baseline_plans: dict[str, Plan] = {}
        if baselines:
            report(0.05, "Computing the fair-shares and greedy baselines")
            weighted = np.array([p.weighted_patients for p in params.pcns], dtype=float)
            baseline_plans = {
                "fair_shares": fair_shares(derived, weighted),
                "greedy": greedy(derived),
            }
        clock = lap("baselines", clock)

        report(0.1, "Building the model")
        problem, mv = build_model(params, derived)
        clock = lap("build", clock)

        start = _best_start(
            derived, [*baseline_plans.values(), *start_plans], params.options.objective == "equity"
        )
        outcome, plan, options = _optimise(problem, mv, params, start, report, progress, cancel)
        clock = lap("solve", clock)
        if plan is None:
            return _no_plan(params, outcome, issues, timings, started)

        extras: dict[str, Any] = {}
        if marginal and outcome is not None:
            report(0.88, "Valuing one more pound and one more recruit")
            extras = marginal_values(problem, mv, options)
        clock = lap("lp_relaxation", clock)

        report(0.94, "Writing the result tables")
        result = PlanResult(
            status=SolveStatus.OPTIMAL if outcome is None else outcome.status,
            message=_status_message(outcome),
            objective=params.options.objective,
            mip_gap=0.0 if outcome is None else outcome.mip_gap,
            solver=params.options.solver,
            solver_detail="nothing to decide" if outcome is None else outcome.detail,
            build_seconds=timings["build"],
            solve_seconds=timings["solve"],
            issues=issues,
            **extras,
            **build_tables(params, derived, plan),
        )
        for name, baseline in baseline_plans.items():
            result.baselines[name] = _baseline_result(params, derived, name, baseline)
        result.check = check_result(params, result)
        lap("tables_and_check", clock)
        result.timings = timings
        result.total_seconds = time.perf_counter() - started
        report(1.0, "Done")
        return result
    except _Cancelled:
        return PlanResult(
            status=SolveStatus.CANCELLED,
            message="Cancelled; no plan was produced.",
            objective=params.options.objective,
            solver=params.options.solver,
            total_seconds=time.perf_counter() - started,
        )


def _optimise(
    problem: pulp.LpProblem,
    mv: ModelVariables,
    params: PlanParameters,
    start: Plan | None,
    report: Progress,
    progress: Progress | None,
    cancel: SupportsCancel | None,
) -> tuple[SolverOutcome | None, Plan | None, SolverOptions]:
    """Run the MIP (two stages for equity). Returns (final outcome or None when there was
    nothing to decide, the plan or None when there is none, the options of the last stage)."""
    derived = mv.derived
    options = SolverOptions(
        solver=params.options.solver,
        time_limit_s=params.options.time_limit_s,
        mip_gap=params.options.mip_gap,
        threads=params.options.threads,
    )
    if not mv.wte_steps and not mv.commissioned and not mv.extra_udas:
        # Nothing can be bought (no gap anywhere): the plan is the locked commitments, which
        # presolve has shown to be feasible.
        return None, Plan.locks_only(derived), options

    equity = params.options.objective == "equity"
    stages = 2 if equity else 1
    # HiGHS calls back from deep inside its search; only pay for that when someone listens.
    interrupted = (lambda: cancel.cancelled) if cancel is not None else None

    def run_stage(stage: int, stage_options: SolverOptions, warm: Plan | None) -> SolverOutcome:
        hook = None
        if progress is not None:

            def hook(fraction: float, message: str) -> None:
                progress(0.15 + 0.7 * (stage + fraction) / stages, message)

        if warm is not None:
            _set_start(mv, warm)
        return solve_problem(
            problem,
            stage_options,
            warm_start=warm is not None,
            progress=hook,
            interrupt=interrupted,
        )

    first: SolverOutcome | None = None
    if equity:
        report(0.15, "Minimising the worst relative gap")
        problem.setObjective(mv.objective_equity)
        # Stage one only needs the worst relative gap to within the equity tolerance: proving
        # more is what makes min-max models slow, and changes nothing a board would see.
        tolerance = max(options.mip_gap, params.options.equity_tolerance)
        first = run_stage(0, replace(options, mip_gap=tolerance), start)
        if not first.has_solution or first.status == SolveStatus.CANCELLED:
            return *_fallback(first, start), options
        level = float(mv.worst_relative_gap.varValue or 0.0)
        hold_worst_relative_gap(mv, level * (1 + 1e-7) + 1e-9)
        problem.setObjective(mv.objective_weighted)
        start = _plan_from_model(mv)
        options = replace(
            options, time_limit_s=max(1.0, params.options.time_limit_s - first.seconds)
        )

    report(0.15 + 0.7 * (stages - 1) / stages, "Minimising the weighted access gap")
    outcome = run_stage(stages - 1, options, start)
    if not outcome.has_solution or outcome.status == SolveStatus.CANCELLED:
        return *_fallback(outcome, start), options
    plan = trim_waste(derived, _plan_from_model(mv))
    if first is not None and first.status == SolveStatus.FEASIBLE_TIME_LIMIT:
        outcome = first  # the worst relative gap itself was not proven minimal
    return outcome, plan, options


def _fallback(outcome: SolverOutcome, start: Plan | None) -> tuple[SolverOutcome, Plan | None]:
    """Keep the warm start when the solver ran out of time before reporting a plan of its own.

    The start is a feasible plan (the best baseline or the previous frontier point), so a time
    limit is never reported as "no solution" while one is at hand.
    """
    if outcome.status == SolveStatus.NOT_SOLVED and start is not None:
        kept = replace(
            outcome,
            status=SolveStatus.FEASIBLE_TIME_LIMIT,
            has_solution=True,
            mip_gap=None,
            kept_start=True,
        )
        return kept, start
    return outcome, None


def _status_message(outcome: SolverOutcome | None) -> str:
    if outcome is None:
        return "Nothing to decide: no PCN has an access gap the levers can close."
    if outcome.kept_start:
        return (
            "The time limit was reached before the solver reported a plan of its own; the best "
            "starting plan (a baseline) is shown. Allow more time for a better one."
        )
    if outcome.status == SolveStatus.FEASIBLE_TIME_LIMIT:
        gap = "unknown" if outcome.mip_gap is None else f"{outcome.mip_gap:.2%}"
        return f"The time limit was reached; the best plan found is shown (MIP gap {gap})."
    return "Proven optimal within the requested MIP gap."


def _no_plan(
    params: PlanParameters,
    outcome: SolverOutcome,
    issues: list[Issue],
    timings: dict[str, float],
    started: float,
) -> PlanResult:
    status = outcome.status
    if status == SolveStatus.INFEASIBLE:
        message = explain_infeasibility(params)
    elif status == SolveStatus.UNBOUNDED:
        message = "The model is unbounded, which points to a modelling error; please report it."
    elif status == SolveStatus.CANCELLED:
        message = "Cancelled; no plan was produced."
    else:
        status = SolveStatus.NOT_SOLVED
        message = f"The solver stopped ({outcome.detail}) before finding any plan; allow more time."
    return PlanResult(
        status=status,
        message=message,
        objective=params.options.objective,
        solver=params.options.solver,
        solver_detail=outcome.detail,
        build_seconds=timings.get("build", 0.0),
        solve_seconds=timings.get("solve", 0.0),
        issues=issues,
        timings=timings,
        total_seconds=time.perf_counter() - started,
    )


def _baseline_result(
    params: PlanParameters, derived: DerivedData, name: str, plan: Plan
) -> PlanResult:
    descriptions = {
        "fair_shares": "Budget split by weighted-population share; each PCN buys its best mix.",
        "greedy": "Repeatedly the purchase with the best weighted-gap reduction per £.",
    }
    baseline = PlanResult(
        name=name,
        status=SolveStatus.HEURISTIC,
        message=descriptions[name],
        objective=params.options.objective,
        solver="rule",
        **build_tables(params, derived, plan),
    )
    baseline.check = check_result(params, baseline)
    return baseline
