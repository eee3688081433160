"""What the planning views read and write: scenarios, their solves and stored results.

Qt-free, run on workers like :mod:`ui.analysis_gateway`. Every function opens its own short
session through the core (``bcprimary.scenarios``); the solve runs in a child process that a
cancel token really stops (``solver.run.solve``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bcprimary.db import Database
from bcprimary.progress import CancelToken, ProgressCallback
from ui.analysis_gateway import DataNotReady

if TYPE_CHECKING:
    import pandas as pd

#: Role table columns the user edits, and how (see ``EditableDataFrameModel``).
ROLE_NUMBER_COLUMNS = frozenset(
    {"annual_cost_gbp", "appointments_per_wte_month", "step_wte", "recruitment_pool_wte"}
)
ROLE_TEXT_COLUMNS = frozenset({"cap_rule"})
ROLE_CHECK_COLUMNS = frozenset({"in_play"})
ROLE_LABELS = {
    "in_play": "In play",
    "code": "Role code",
    "name": "Role",
    "annual_cost_gbp": "Cost per WTE (£/year)",
    "appointments_per_wte_month": "Appointments per WTE per month",
    "step_wte": "Step (WTE)",
    "recruitment_pool_wte": "Recruitment pool (WTE)",
    "cap_rule": "Cap per PCN",
    "cost_source": "Cost source",
    "yield_source": "Appointments source",
}
ROLE_DEFINITIONS = {
    "in_play": "Tick the roles the plan may recruit.",
    "annual_cost_gbp": "Maximum reimbursable amount per WTE per year (salary + on-costs).",
    "appointments_per_wte_month": "Appointments one WTE adds per month (an assumption unless "
    "the source says otherwise).",
    "step_wte": "Posts are planned in steps of this many WTE.",
    "recruitment_pool_wte": "Most WTE the whole area can recruit in the role (empty = no limit).",
    "cap_rule": "e.g. '2 WTE per PCN' or '1 WTE per 50000 patients' (empty = no cap).",
}


def _scenarios() -> Any:
    try:
        import bcprimary.scenarios as scenarios
    except ImportError as exc:
        raise DataNotReady(f"Scenarios are not available in this build yet ({exc}).") from exc
    return scenarios


@dataclass(frozen=True)
class ScenarioListing:
    """The saved scenarios, and the settings a new one starts from."""

    records: list[Any]
    defaults: Any


def load_scenarios(db: Database) -> ScenarioListing:
    scenarios = _scenarios()
    records = scenarios.list_scenarios(db)
    with db.session() as session:
        defaults = scenarios.default_settings(session)
    return ScenarioListing(records, defaults)


def create_scenario(db: Database, name: str, settings: Any = None, notes: str = "") -> str:
    """A new scenario from the catalogue defaults (or ``settings``); its name."""
    scenarios = _scenarios()
    if settings is None:
        with db.session() as session:
            settings = scenarios.default_settings(session)
    return scenarios.create_scenario(db, name, settings, notes).name


def duplicate_scenario(db: Database, name: str, new_name: str) -> str:
    return _scenarios().duplicate_scenario(db, name, new_name).name


def rename_scenario(db: Database, name: str, new_name: str) -> str:
    _scenarios().rename_scenario(db, name, new_name)
    return new_name.strip()


def delete_scenario(db: Database, name: str) -> None:
    _scenarios().delete_scenario(db, name)


def save_scenario(db: Database, name: str, settings: Any, notes: str) -> str:
    _scenarios().save_settings(db, name, settings, notes)
    return name


@dataclass(frozen=True)
class SolveOutcome:
    """A finished solve as the Scenario view reports it."""

    name: str
    status: str
    has_plan: bool
    summary_lines: list[str]


def save_and_solve(
    db: Database,
    name: str,
    settings: Any,
    notes: str,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> SolveOutcome:
    """Store the edited settings, then solve the scenario on the current data."""
    scenarios = _scenarios()
    from bcprimary.scenarios.report import plan_summary_lines

    scenarios.save_settings(db, name, settings, notes)
    try:
        solved = scenarios.solve_scenario(db, name, progress, cancel)
    except scenarios.ScenarioDataError as exc:
        return SolveOutcome(name, "no data", False, [str(exc)])
    result = solved.result
    return SolveOutcome(name, result.status.value, result.has_plan, plan_summary_lines(result))


# --- the role table ----------------------------------------------------------------------------


def role_frame(settings: Any) -> pd.DataFrame:
    """The scenario's role table as a DataFrame (one row per role, ``in_play`` first)."""
    import pandas as pd

    from bcprimary.scenarios import RoleSetting

    names = [f.name for f in fields(RoleSetting)]
    rows = [{name: getattr(role, name) for name in names} for role in settings.roles]
    frame = pd.DataFrame(rows, columns=names)
    frame["recruitment_pool_wte"] = pd.to_numeric(frame["recruitment_pool_wte"], errors="coerce")
    return frame[["in_play", *[n for n in names if n != "in_play"]]]


def roles_from_frame(frame: pd.DataFrame) -> list[Any]:
    """The edited role table back as ``RoleSetting`` rows (missing numbers become ``None``)."""
    from bcprimary.scenarios import RoleSetting
    from ui.formatting import is_missing

    roles = []
    for record in frame.to_dict(orient="records"):
        values = {k: (None if is_missing(v) else v) for k, v in record.items()}
        for key in ("annual_cost_gbp", "appointments_per_wte_month", "step_wte"):
            values[key] = float(values[key] or 0.0)
        values["in_play"] = bool(values["in_play"])
        roles.append(RoleSetting(**values))
    return roles


# --- results and comparison -------------------------------------------------------------------


@dataclass(frozen=True)
class ResultsData:
    name: str
    result: Any
    snapshots: dict
    summary_lines: list[str]
    solved_names: list[str]


def load_results(db: Database, name: str | None) -> ResultsData:
    """The stored result of ``name`` (or of the first solved scenario)."""
    scenarios = _scenarios()
    from bcprimary.scenarios.report import plan_summary_lines

    solved = [r.name for r in scenarios.list_scenarios(db) if r.solved]
    if not solved:
        raise DataNotReady(
            "No scenario has been solved yet. Open Scenario, check the settings and press "
            "Solve; the plan, its baselines and the before/after charts appear here."
        )
    name = name if name in solved else solved[0]
    _parameters, result, snapshots = scenarios.stored_result(db, name)
    return ResultsData(name, result, snapshots, plan_summary_lines(result), solved)


def load_comparison(db: Database) -> pd.DataFrame:
    """Headline figures of every solved scenario side by side (one column per scenario)."""
    import pandas as pd

    from bcprimary.scenarios.report import kpis
    from solver.results import PlanResult

    records = [r for r in _scenarios().list_scenarios(db) if r.solved]
    if not records:
        raise DataNotReady(
            "Compare shows two to four solved scenarios side by side. Solve at least one "
            "scenario in the Scenario view first."
        )
    columns = {r.name: kpis(PlanResult.from_dict(r.results["result"])) for r in records}
    table = pd.DataFrame(columns)
    return table.rename_axis("measure").reset_index()


# --- the plan workbook ------------------------------------------------------------------------


def solved_scenario_names(db: Database) -> list[str]:
    return [r.name for r in _scenarios().list_scenarios(db) if r.solved]


def export_plan_workbook(
    db: Database, name: str, out: Path, progress: ProgressCallback, cancel: CancelToken
) -> Path:
    """Solve ``name`` again on the current data and write its Excel plan workbook to ``out``.

    Re-solving (a second or two; the same data gives the same plan) guarantees the workbook's
    tables, data dates and plan belong together even if files were imported since the last
    solve — which the stored result alone cannot.
    """
    from bcprimary.exporting.workbook import export_plan

    def solve_progress(fraction: float, message: str) -> None:
        progress(0.6 * fraction, message)

    def export_progress(fraction: float, message: str) -> None:
        progress(0.6 + 0.4 * fraction, message)

    solved = _scenarios().solve_scenario(db, name, solve_progress, cancel)
    cancel.raise_if_cancelled()
    if not solved.result.has_plan:
        raise DataNotReady(f"'{name}' has no plan to export: {solved.result.message}")
    return export_plan(db, solved, out, progress=export_progress)
