"""The plan workbook (DESIGN §7): one Excel file per scenario, for boards, places and PCNs.

`export_plan` is the one entry point for the command line and the desktop app (which calls it
on a worker thread, so it reports progress and never touches Qt). It reads like the workbook's
table of contents: gather what the sheets need, build each sheet in order, save atomically.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from bcprimary.db.engine import Database
from bcprimary.exporting import styles
from bcprimary.exporting.context import PlanExport, gather
from bcprimary.exporting.safe_write import ExportError, write_workbook_atomically
from bcprimary.exporting.sheets import (
    access,
    allocation,
    assumptions,
    dental,
    equity,
    frontier,
    original,
    quality,
    readme,
    summary,
)
from bcprimary.progress import ProgressCallback, no_progress
from bcprimary.scenarios.service import SolvedScenario

#: Sheet names in workbook order (the Frontier sheet only when a frontier is given).
SHEET_NAMES = [
    readme.TITLE,
    summary.TITLE,
    allocation.TITLE,
    access.PCN_TITLE,
    access.PRACTICES_TITLE,
    access.PLACES_TITLE,
    equity.TITLE,
    dental.TITLE,
    assumptions.TITLE,
    quality.TITLE,
]

__all__ = ["SHEET_NAMES", "ExportError", "build_workbook", "export_plan", "export_stored_plan"]


def export_plan(
    db: Database,
    solved: SolvedScenario,
    out: Path,
    progress: ProgressCallback | None = None,
) -> Path:
    """Write the plan workbook of `solved` to `out` (.xlsx); returns the path written. The
    Frontier sheet is there when `solved` carries a stored frontier.

    Raises `ExportError` with a plain message when the file cannot be written (open in
    Excel, folder not writable); the target is then left as it was.
    """
    report = progress or no_progress
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"A plan workbook must be an .xlsx file (found '{out.name}').")
    report(0.05, "Reading the data behind the plan")
    plan = gather(db, solved)
    workbook = build_workbook(plan, report)
    report(0.9, f"Saving {out.name}")
    write_workbook_atomically(workbook, out)
    report(1.0, f"Wrote {out.name}")
    return out


def export_stored_plan(
    db: Database,
    name: str,
    out: Path,
    progress: ProgressCallback | None = None,
) -> Path:
    """Export the results last saved with scenario `name` (and its stored budget frontier),
    without solving it again.

    The practice and place metrics are rebuilt from the database, so this is refused (with a
    plain message) when the imported files have changed since the scenario was solved.
    """
    from bcprimary.scenarios import ScenarioDataError, ScenarioError, stored_plan
    from bcprimary.scenarios.service import data_snapshots, prepare

    try:
        stored = stored_plan(db, name)
        inputs = prepare(db, name)
    except (ScenarioError, ScenarioDataError) as exc:
        raise ExportError(str(exc)) from exc
    if stored is None:
        raise ExportError(f"Scenario '{name}' has not been solved yet: solve it, then export.")
    now = data_snapshots(db, inputs)
    if _file_hashes(now) != _file_hashes(stored.snapshots):
        raise ExportError(
            f"The data have changed since scenario '{name}' was solved: solve it again so the "
            "workbook's figures all come from the same data."
        )
    solved = SolvedScenario(name, inputs, stored.result, stored.snapshots, stored.frontier)
    return export_plan(db, solved, out, progress)


def _file_hashes(snapshots: dict) -> set[str]:
    return {f["sha256"] for f in snapshots.get("files", [])}


def build_workbook(plan: PlanExport, progress: ProgressCallback = no_progress) -> Workbook:
    """Every sheet of the plan workbook, in order, as an openpyxl `Workbook` (not saved)."""
    workbook = Workbook()
    styles.register_styles(workbook)
    sheets = {name: workbook.create_sheet(name) for name in SHEET_NAMES}
    workbook.remove(workbook.worksheets[0])  # the default empty "Sheet"
    frontier_sheet = None
    if plan.frontier is not None and len(plan.frontier):
        frontier_sheet = workbook.create_sheet(frontier.TITLE, index=2)
        frontier.build(frontier_sheet, plan)

    steps = [
        ("Read me", lambda: readme.build(sheets[readme.TITLE], plan)),
        ("Summary", lambda: summary.build(sheets[summary.TITLE], plan, frontier_sheet)),
        ("Allocation", lambda: _allocation(workbook, sheets[allocation.TITLE], plan)),
        ("PCN access", lambda: access.build_pcn_access(sheets[access.PCN_TITLE], plan)),
        ("Practices", lambda: access.build_practices(sheets[access.PRACTICES_TITLE], plan)),
        ("Places", lambda: access.build_places(sheets[access.PLACES_TITLE], plan)),
        ("Equity", lambda: equity.build(sheets[equity.TITLE], plan)),
        ("Dental", lambda: dental.build(sheets[dental.TITLE], plan)),
        ("Assumptions", lambda: assumptions.build(sheets[assumptions.TITLE], plan)),
        ("Data quality", lambda: quality.build(sheets[quality.TITLE], plan)),
    ]
    for index, (name, build) in enumerate(steps):
        progress(0.1 + 0.8 * index / len(steps), f"Writing the {name} sheet")
        build()
    workbook.active = 0
    return workbook


def _allocation(workbook: Workbook, sheet, plan: PlanExport) -> None:
    allocation.build(sheet, plan)
    names = dict(
        zip(plan.result.pcn_table["pcn_code"], plan.result.pcn_table["pcn_name"], strict=True)
    )
    hidden = workbook.create_sheet(original.TITLE)
    original.build(hidden, plan, allocation.wte_matrix(plan), names)
