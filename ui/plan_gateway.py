"""What the Results and Compare views read, and the long plan routines they start.

Qt-free, run on workers like :mod:`ui.analysis_gateway`: the stored plan of a scenario with its
baselines, the comparison of two to four solved scenarios, the budget frontier
(``solver.frontier.budget_frontier``) and the Excel plan workbook
(``bcprimary.exporting.workbook``). Each function opens its own short sessions through the
core and honours the cancel token it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bcprimary import glossary, scenarios
from bcprimary.db import Database
from bcprimary.progress import CancelToken, ProgressCallback
from bcprimary.scenarios import Frontier, FrontierError
from bcprimary.scenarios.report import kpis, plan_summary_lines
from bcprimary.scenarios.service import FRONTIER_POINTS, frontier_budgets
from solver.parameters import PlanParameters
from solver.results import PlanResult
from ui.analysis_gateway import DataNotReady

if TYPE_CHECKING:
    import pandas as pd

#: The plan and its two baselines (DESIGN §5), in the order they are shown.
PLAN_NAMES = {
    "optimum": glossary.label("plan.optimised"),
    "fair_shares": glossary.label("plan.fair_shares"),
    "greedy": glossary.label("plan.greedy"),
}


def _no_solve_yet(what: str) -> DataNotReady:
    return DataNotReady(
        f"No scenario has been solved yet. Open Scenario, check the settings and press "
        f"Solve; {what} appear here."
    )


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultsData:
    """The stored plan of one scenario, as the Results view shows it."""

    name: str
    result: PlanResult
    parameters: PlanParameters
    snapshots: dict
    summary_lines: list[str]
    solved_names: list[str]
    frontier: Frontier | None = None
    """The budget frontier stored with this plan, if one was computed."""

    @property
    def budget_gbp(self) -> float | None:
        return self.parameters.options.budget_gbp


def load_results(db: Database, name: str | None) -> ResultsData:
    """The stored result of ``name`` (or of the scenario solved most recently)."""
    records = [r for r in scenarios.list_scenarios(db) if r.solved]
    if not records:
        raise _no_solve_yet("the plan, its baselines and the before/after charts")
    solved = [r.name for r in records]
    if name not in solved:
        name = max(records, key=lambda r: str(r.snapshots.get("solved_at") or "")).name
    plan = scenarios.stored_plan(db, name)
    if plan is None:  # solved by another window and cleared since
        raise _no_solve_yet("the plan, its baselines and the before/after charts")
    return ResultsData(
        name,
        plan.result,
        plan.parameters,
        plan.snapshots,
        plan_summary_lines(plan.result),
        solved,
        plan.frontier,
    )


def baseline_table(result: PlanResult) -> pd.DataFrame:
    """The plan beside its fair-shares and greedy baselines: one row each (DESIGN §5)."""
    import pandas as pd

    plans = {"optimum": result, **result.baselines}
    rows = []
    for key, label in PLAN_NAMES.items():
        plan = plans.get(key)
        if plan is None or not plan.totals:
            continue
        totals = plan.totals
        rows.append(
            {
                "plan": label,
                "share_weighted_gap_remaining": totals.get("share_weighted_gap_remaining"),
                "appointments_added": totals.get("appointments_added"),
                "gap_after": totals.get("gap_after"),
                "wte_added": totals.get("wte_added"),
                "cost_gbp": totals.get("cost_gbp"),
            }
        )
    return pd.DataFrame(rows)


# --- budget frontier -------------------------------------------------------------------------


@dataclass(frozen=True)
class FrontierData:
    """A scenario's stored budget frontier and where its own plan sits on it."""

    name: str
    solved_at: str | None
    budget_gbp: float
    plan_share: float | None
    table: pd.DataFrame


def frontier_data(
    name: str, frontier: Frontier, budget: float | None, plan_share: float | None
) -> FrontierData:
    """What the frontier view draws: the stored frontier with the plan's point."""
    centre = frontier_budgets(budget)[FRONTIER_POINTS // 2]
    return FrontierData(name, frontier.solved_at, centre, plan_share, frontier.table)


def compute_frontier(
    db: Database, name: str, progress: ProgressCallback, cancel: CancelToken
) -> FrontierData:
    """Compute and store ``name``'s budget frontier (`bcprimary.scenarios.compute_frontier`)."""
    try:
        frontier = scenarios.compute_frontier(db, name, None, progress, cancel)
    except FrontierError as exc:
        raise DataNotReady(str(exc)) from exc
    plan = scenarios.stored_plan(db, name)
    if plan is None:
        raise DataNotReady(f"Solve '{name}' first: the frontier starts from its plan.")
    share = plan.result.totals.get("share_weighted_gap_remaining")
    return frontier_data(name, frontier, plan.parameters.options.budget_gbp, share)


# --- comparison ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonData:
    """Every solved scenario: headline figures (one column each) and figures by place."""

    names: list[str]
    kpis: pd.DataFrame
    places: pd.DataFrame


def load_comparison(db: Database) -> ComparisonData:
    import pandas as pd

    records = [r for r in scenarios.list_scenarios(db) if r.solved]
    if not records:
        raise DataNotReady(
            "Compare shows two to four solved scenarios side by side. Solve at least two "
            "scenarios in the Scenario view first (New…, or Duplicate… and change the budget)."
        )
    columns, places = {}, []
    for record in records:
        result = PlanResult.from_dict(record.results["result"])
        columns[record.name] = kpis(result)
        if not result.place_table.empty:
            place = result.place_table.assign(scenario=record.name)
            places.append(place)
    table = pd.DataFrame(columns).rename_axis("measure").reset_index()
    by_place = pd.concat(places, ignore_index=True) if places else pd.DataFrame()
    return ComparisonData([r.name for r in records], table, by_place)


# --- the plan workbook -----------------------------------------------------------------------


def solved_scenario_names(db: Database) -> list[str]:
    return [r.name for r in scenarios.list_scenarios(db) if r.solved]


def export_plan_workbook(
    db: Database,
    name: str,
    out: Path,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> Path:
    """Write ``name``'s Excel plan workbook to ``out``: the stored plan, as Results shows it,
    with its stored budget frontier.

    A scenario that was never solved is solved first. Cancel stops the work at the next step
    and before anything is written; a file that cannot be written (open in Excel, a folder
    that does not exist) raises ``ExportError`` with a plain message.
    """
    from bcprimary.exporting.workbook import export_plan, export_stored_plan

    def report(fraction: float, message: str) -> None:
        cancel.raise_if_cancelled()  # between sheets; the target is only replaced at the end
        progress(fraction, message)

    if scenarios.stored_plan(db, name) is not None:
        return export_stored_plan(db, name, out, progress=report)

    def solve_progress(fraction: float, message: str) -> None:
        progress(0.6 * fraction, message)

    solved = scenarios.solve_scenario(db, name, solve_progress, cancel)
    cancel.raise_if_cancelled()
    if not solved.result.has_plan:
        raise DataNotReady(f"'{name}' has no plan to export: {solved.result.message}")
    return export_plan(db, solved, out, progress=lambda f, m: report(0.6 + 0.4 * f, m))
