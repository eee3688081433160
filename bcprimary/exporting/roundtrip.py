"""Reading an edited Allocation sheet back as locked commitments of a new scenario.

A PCN manager changes WTE cells in the Allocation sheet of an exported plan and sends the file
back. `read_allocation_edits` finds the sheet's markers (see `sheets.allocation`), checks that
every row is still a known PCN and every column a known role, reads each WTE cell, and compares
it with the plan as exported (kept on a hidden sheet). Every problem is reported with the sheet,
row and column, all at once, so the sender can fix the file in one go.

`import_allocation_as_locks` then makes the new scenario: the exported scenario's settings with
each changed cell held at exactly the figure typed (a lock at that WTE and a cap at the same
WTE; a cell emptied or set to 0 becomes a cap of 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from bcprimary.db.engine import Database
from bcprimary.db.models import PCN
from bcprimary.exporting.allocation_reader import AllocationReader, WteChange
from bcprimary.exporting.sheets import allocation as layout
from bcprimary.exporting.sheets import original
from bcprimary.scenarios.settings import ScenarioSettings
from bcprimary.scenarios.store import ScenarioError, create_scenario, exists
from solver.parameters import Cap, Lock


class AllocationSheetError(ValueError):
    """The edited workbook cannot be read back; `problems` lists each with sheet/row/column."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class AllocationEdits:
    """What an edited workbook says: the exported scenario, its settings and the changes."""

    source_scenario: str
    settings: ScenarioSettings
    changes: list[WteChange]
    notes: list[str] = field(default_factory=list)

    def report_lines(self) -> list[str]:
        """The change report: one line per changed cell, PCN × role, old → new WTE."""
        if not self.changes:
            return ["No WTE figure was changed."]
        lines = [f"{len(self.changes)} WTE figure(s) changed:"]
        for c in self.changes:
            lines.append(
                f"  {c.pcn_code} {c.pcn_name} × {c.role_name} ({c.role_code}): "
                f"{c.old_wte:g} → {c.new_wte:g} WTE  [cell {c.cell}]"
            )
        return lines + [f"Note: {note}" for note in self.notes]


def read_allocation_edits(path: Path, known_pcns: set[str] | None = None) -> AllocationEdits:
    """Read and check an edited plan workbook. Raises `AllocationSheetError` listing problems.

    `known_pcns` (PCN codes in the database) is checked as well as the exported PCN list.
    """
    path = Path(path)
    workbook = _open(path)
    try:
        exported = original.read(workbook[original.TITLE])
    except (original.UnreadableExport, TypeError, ValueError) as exc:
        raise AllocationSheetError([f"{path.name}: {exc}"]) from exc
    reader = AllocationReader(path, workbook[layout.TITLE], exported, known_pcns)
    changes = reader.changes()
    if reader.problems:
        raise AllocationSheetError(reader.problems)
    notes = []
    missing = sorted(set(exported.names) - set(reader.seen))
    if missing:
        notes.append(
            f"{len(missing)} exported PCN row(s) are missing from the sheet "
            f"({', '.join(missing[:10])}); their figures are left as they were."
        )
    return AllocationEdits(exported.scenario, exported.settings, changes, notes)


def _open(path: Path) -> Workbook:
    try:
        workbook = load_workbook(path)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        message = f"{path.name} cannot be opened as an .xlsx workbook: {exc}"
        raise AllocationSheetError([message]) from exc
    if layout.TITLE not in workbook.sheetnames:
        raise AllocationSheetError([f"{path.name} has no sheet called '{layout.TITLE}'."])
    if original.TITLE not in workbook.sheetnames:
        raise AllocationSheetError(
            [
                f"{path.name} has no hidden sheet '{original.TITLE}', so it is not a plan workbook "
                "exported by BC Primary Care Planner (or the sheet was deleted): export the plan "
                "again and edit that copy."
            ]
        )
    return workbook


def import_allocation_as_locks(db: Database, path: Path, new_scenario: str) -> AllocationEdits:
    """Make `new_scenario`: the exported scenario's settings with every edit held as a lock.

    Raises `AllocationSheetError` (problems in the file) or `ScenarioError` (name taken).
    """
    if exists(db, new_scenario.strip()):
        raise ScenarioError(
            f"A scenario called '{new_scenario}' already exists: choose a new name."
        )
    with db.session() as session:
        known = set(session.execute(select(PCN.code)).scalars())
    edits = read_allocation_edits(path, known)
    edited = {(c.pcn_code, c.role_code): c.new_wte for c in edits.changes}
    kept_locks = [k for k in edits.settings.locks if (k.pcn_code, k.role_code) not in edited]
    kept_caps = [c for c in edits.settings.caps if (c.pcn_code, c.role_code) not in edited]
    settings = replace(
        edits.settings,
        locks=[*kept_locks, *(Lock(p, r, w) for (p, r), w in edited.items() if w > 0)],
        caps=[*kept_caps, *(Cap(p, r, w) for (p, r), w in edited.items())],
    )
    notes = (
        f"From edits to the Allocation sheet of '{edits.source_scenario}' in {Path(path).name}: "
        f"{len(edits.changes)} figure(s) held as locked commitments."
    )
    create_scenario(db, new_scenario, settings, notes=notes)
    return edits
