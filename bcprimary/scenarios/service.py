"""The one way to solve a scenario and to compute its budget frontier (CLI and app alike).

`solve_scenario` solves a stored scenario on the data loaded now and stores the plan with the
data snapshots it used; `compute_frontier` solves the stored plan at a range of budgets and
stores the frontier beside it, so the app, ``plan --out`` and the workbook all read the same
frontier from the database. A cancelled or failed run leaves the stored plan as it was.

Stored results: ``{"parameters": PlanParameters.to_dict(), "result": PlanResult.to_dict(),
"frontier": Frontier.to_dict() | absent}``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import select

from bcprimary import __version__
from bcprimary.db.engine import Database
from bcprimary.db.models import ImportLog
from bcprimary.progress import CancelToken, ProgressCallback, check_cancel, no_progress
from bcprimary.scenarios.demand_effect import demand_need_effect
from bcprimary.scenarios.inputs import PlanInputs, build_plan_inputs
from bcprimary.scenarios.settings import ScenarioSettings
from bcprimary.scenarios.store import ScenarioError, get_scenario, save_results
from solver.frontier import FRONTIER_COLUMNS, budget_frontier
from solver.options import DEFAULT_BUDGET_GBP
from solver.parameters import PlanParameters
from solver.results import PlanResult
from solver.run import solve
from solver.status import SolveStatus

#: Points of the default budget frontier: budgets from £0 to twice the scenario's budget.
FRONTIER_POINTS = 17
#: At most this many budgets in one frontier (each is a full solve).
FRONTIER_MAX_POINTS = 200


class FrontierError(ScenarioError):
    """The scenario has no area budget to vary (it spends each PCN's entitlement)."""


@dataclass(frozen=True)
class Frontier:
    """A budget frontier of one stored plan (`solver.frontier.FRONTIER_COLUMNS`)."""

    table: pd.DataFrame
    solved_at: str | None
    """When the plan it was computed from was solved (a new solve replaces the frontier)."""

    def to_dict(self) -> dict:
        rows = self.table.astype(object).where(pd.notna(self.table), None)
        return {"solved_at": self.solved_at, "rows": rows.to_dict(orient="records")}

    @classmethod
    def from_dict(cls, data: dict) -> Frontier:
        table = pd.DataFrame(data.get("rows", []), columns=FRONTIER_COLUMNS)
        return cls(table, data.get("solved_at"))


@dataclass(frozen=True)
class SolvedScenario:
    """A solved scenario: what it was solved from, the result, and its frontier if stored."""

    name: str
    inputs: PlanInputs
    result: PlanResult
    snapshots: dict
    frontier: Frontier | None = None
    notes: str | None = None
    """What outputs say about where the plan came from (``None``: the stored scenario's notes)."""


@dataclass(frozen=True)
class StoredPlan:
    """The plan last stored with a scenario."""

    name: str
    parameters: PlanParameters
    result: PlanResult
    snapshots: dict
    frontier: Frontier | None = None

    @property
    def solved_at(self) -> str | None:
        return self.snapshots.get("solved_at")


def data_snapshots(db: Database, inputs: PlanInputs) -> dict:
    """Which data the plan used: the analysis snapshots plus every imported file behind them."""
    with db.session() as session:
        logs = session.execute(select(ImportLog).order_by(ImportLog.dataset)).scalars().all()
        files = [
            {
                "dataset": log.dataset,
                "snapshot": log.snapshot,
                "file": log.file_name,
                "sha256": log.sha256,
                "rows": log.rows_kept,
                "synthetic": log.synthetic,
                "imported_at": log.imported_at.isoformat(timespec="seconds"),
            }
            for log in logs
        ]
    snapshots = inputs.picture.resolved.describe()
    snapshots["financial_year"] = inputs.financial_year
    snapshots["target_rate"] = inputs.picture.target_rate
    snapshots["files"] = files
    snapshots["synthetic_inputs"] = any(f["synthetic"] for f in files)
    snapshots["app_version"] = __version__
    snapshots["solved_at"] = dt.datetime.now().isoformat(timespec="seconds")
    return snapshots


def prepare(db: Database, name: str) -> PlanInputs:
    """The parameters of scenario ``name`` on the data loaded now."""
    record = get_scenario(db, name)
    with db.session() as session:
        return build_plan_inputs(session, record.settings)


def solve_scenario(
    db: Database,
    name: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    save: bool = True,
) -> SolvedScenario:
    """Solve a stored scenario on the current data and (by default) store the plan.

    A cancelled solve stores nothing: the scenario keeps the plan it had. The stored frontier
    is kept when the new plan was solved from exactly the same parameters (it would come out
    the same); otherwise it is dropped with the old plan.
    """
    progress(0.02, "Reading the data")
    inputs = prepare(db, name)
    previous = stored_plan(db, name) if save else None
    result = solve(inputs.parameters, cancel=cancel, progress=progress)
    snapshots = data_snapshots(db, inputs)
    if inputs.settings.demand_need and result.status is not SolveStatus.CANCELLED:
        snapshots["demand_need"] = demand_need_effect(inputs, result, cancel)
    frontier = None
    if save and result.status is not SolveStatus.CANCELLED:
        payload: dict = {"parameters": inputs.parameters.to_dict(), "result": result.to_dict()}
        if (
            previous is not None
            and previous.frontier is not None
            and _same(previous.parameters, inputs.parameters)
        ):
            frontier = Frontier(previous.frontier.table, snapshots["solved_at"])
            payload["frontier"] = frontier.to_dict()
        save_results(db, name, payload, snapshots)
    return SolvedScenario(name, inputs, result, snapshots, frontier)


def solve_settings(
    db: Database,
    label: str,
    settings: ScenarioSettings,
    notes: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> SolvedScenario:
    """Solve ``settings`` on the current data as a temporary copy: nothing is stored."""
    progress(0.02, "Reading the data")
    with db.session() as session:
        inputs = build_plan_inputs(session, settings)
    result = solve(inputs.parameters, cancel=cancel, progress=progress)
    return SolvedScenario(label, inputs, result, data_snapshots(db, inputs), notes=notes)


def _same(a: PlanParameters, b: PlanParameters) -> bool:
    """Equal as stored (NaN scores compare equal, as they do in JSON)."""
    return json.dumps(a.to_dict(), sort_keys=True) == json.dumps(b.to_dict(), sort_keys=True)


def stored_plan(db: Database, name: str) -> StoredPlan | None:
    """The plan last stored with scenario ``name`` (with its frontier), if any."""
    record = get_scenario(db, name)
    results = record.results
    if not results:
        return None
    frontier = results.get("frontier")
    return StoredPlan(
        name,
        PlanParameters.from_dict(results["parameters"]),
        PlanResult.from_dict(results["result"]),
        record.snapshots,
        Frontier.from_dict(frontier) if frontier else None,
    )


def frontier_budgets(budget: float | None, points: int = FRONTIER_POINTS) -> list[float]:
    """``points`` budgets evenly from £0 to twice ``budget`` (the plan's budget is the middle)."""
    centre = budget if budget and budget > 0 else DEFAULT_BUDGET_GBP
    return [float(b) for b in np.linspace(0.0, 2.0 * centre, points)]


def compute_frontier(
    db: Database,
    name: str,
    budgets: list[float] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> Frontier:
    """Solve scenario ``name``'s stored plan at each budget and store the frontier with it.

    ``budgets`` defaults to :func:`frontier_budgets` of the plan's budget. A scenario never
    solved is solved (and stored) first. Raises `FrontierError` in entitlement mode (no area
    budget to vary) and `Cancelled` when cancelled, storing nothing.
    """
    plan = stored_plan(db, name)
    if plan is None:
        solve_scenario(db, name, lambda f, m: progress(0.3 * f, m), cancel)
        check_cancel(cancel)
        plan = stored_plan(db, name)
        if plan is None:
            raise ScenarioError(f"Scenario '{name}' could not be solved.")
    options = plan.parameters.options
    if options.budget_mode != "pooled":
        raise FrontierError(
            f"'{name}' spends each PCN's ARRS entitlement, not one budget for the area, so "
            "there is no area budget to vary. Choose 'One budget for the area' to see the "
            "frontier."
        )
    if budgets is None:
        budgets = frontier_budgets(options.budget_gbp)
    table = budget_frontier(plan.parameters, budgets, progress=progress, cancel=cancel)
    check_cancel(cancel)  # a partial frontier is neither stored nor shown
    frontier = Frontier(table, plan.solved_at)
    _store_frontier(db, name, frontier)
    return frontier


def _store_frontier(db: Database, name: str, frontier: Frontier) -> None:
    """Store ``frontier`` beside the plan it was computed from (not over a newer solve)."""
    record = get_scenario(db, name)
    if not record.results or record.snapshots.get("solved_at") != frontier.solved_at:
        return
    save_results(db, name, {**record.results, "frontier": frontier.to_dict()}, record.snapshots)


def parse_budgets(text: str) -> list[float]:
    """``A:B:N`` → N budgets evenly from A to B (pounds)."""
    try:
        start, stop, count = text.split(":")
        if not (np.isfinite(float(start)) and np.isfinite(float(stop))):
            raise ValueError(f"--budgets needs finite pounds (found '{text}')")
        values = np.linspace(float(start), float(stop), int(count))
    except ValueError as exc:
        if "finite" in str(exc):
            raise
        raise ValueError(
            f"--budgets expects START:STOP:COUNT, e.g. 0:4000000:20 (found '{text}')"
        ) from exc
    if int(count) < 2 or float(start) < 0 or float(stop) <= float(start):
        raise ValueError("--budgets needs 0 ≤ START < STOP and COUNT ≥ 2")
    if int(count) > FRONTIER_MAX_POINTS:
        raise ValueError(
            f"--budgets asks for {int(count):,} budgets; a frontier has at most "
            f"{FRONTIER_MAX_POINTS} (each is a full solve). Use a smaller COUNT, e.g. "
            f"{start}:{stop}:20."
        )
    return [float(v) for v in values]
