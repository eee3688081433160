"""Everything the plan workbook shows, gathered from the solved scenario and the database once.

The sheet modules only read a :class:`PlanExport`; none of them touches the database. That
keeps each sheet a pure function of its inputs (easy to test) and the database work in one
short session, as the desktop app's worker needs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import func, select

from bcprimary.analysis import dental_by_place, metrics_table
from bcprimary.db.engine import Database
from bcprimary.db.models import ImportLog, ImportWarning
from bcprimary.scenarios.service import SolvedScenario
from bcprimary.scenarios.settings import ScenarioSettings
from bcprimary.scenarios.store import get_scenario
from solver.parameters import PlanParameters
from solver.results import PlanResult

#: Import warnings listed one by one on the Data quality sheet; the rest are counted.
MAX_LISTED_WARNINGS = 5_000


@dataclass
class PlanExport:
    """What one plan workbook is made from."""

    scenario: str
    notes: str
    result: PlanResult
    parameters: PlanParameters
    settings: ScenarioSettings
    snapshots: dict
    role_names: dict[str, str]
    practices: pd.DataFrame
    places: pd.DataFrame
    dental_places: pd.DataFrame
    import_files: pd.DataFrame
    import_warnings: pd.DataFrame
    warnings_total: int
    frontier: pd.DataFrame | None = None
    exported_at: dt.datetime = field(
        default_factory=lambda: dt.datetime.now().replace(microsecond=0)
    )
    target_rate: float | None = None

    @property
    def synthetic_files(self) -> list[str]:
        return [f["file"] for f in self.snapshots.get("files", []) if f.get("synthetic")]

    @property
    def synthetic(self) -> bool:
        return bool(self.snapshots.get("synthetic_inputs")) or bool(self.synthetic_files)


def gather(db: Database, solved: SolvedScenario) -> PlanExport:
    """Read what the workbook needs beyond the solved scenario: metrics, dental, import log."""
    picture = solved.inputs.picture
    try:
        notes = solved.notes if solved.notes is not None else get_scenario(db, solved.name).notes
    except ValueError:  # an unsaved scenario (e.g. solved with save=False under another name)
        notes = ""
    with db.session() as session:
        dental = dental_by_place(session, picture) if _has_dental(session) else pd.DataFrame()
        files, warnings, total = _import_log(session)
    settings = solved.inputs.settings
    return PlanExport(
        scenario=solved.name,
        notes=notes,
        result=_shaped(solved.result),
        parameters=solved.inputs.parameters,
        settings=settings,
        snapshots=solved.snapshots,
        role_names={r.code: r.name for r in settings.roles},
        practices=metrics_table(picture, "practice"),
        places=metrics_table(picture, "place"),
        dental_places=dental,
        import_files=files,
        import_warnings=warnings,
        warnings_total=total,
        frontier=solved.frontier.table if solved.frontier is not None else None,
        target_rate=picture.target_rate,
    )


def _shaped(result: PlanResult) -> PlanResult:
    """The result with every table carrying its columns, even when there is no plan.

    A scenario that is infeasible still gets a workbook (it says why); the sheets can then
    treat an empty table like any other.
    """
    from solver.tables import ALLOCATION_COLUMNS, DENTAL_COLUMNS, GROUP_COLUMNS, PCN_COLUMNS

    shapes = {
        "allocation": ALLOCATION_COLUMNS,
        "pcn_table": PCN_COLUMNS,
        "place_table": ["place", *GROUP_COLUMNS],
        "quintile_table": ["imd_quintile", *GROUP_COLUMNS],
        "dental_table": DENTAL_COLUMNS,
    }
    empty = {
        name: pd.DataFrame(columns=columns)
        for name, columns in shapes.items()
        if getattr(result, name).columns.empty
    }
    return dataclasses.replace(result, **empty) if empty else result


def _has_dental(session) -> bool:
    from bcprimary.db.models import DentalContract

    return session.execute(select(func.count()).select_from(DentalContract)).scalar() > 0


def _import_log(session) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    logs = session.execute(select(ImportLog).order_by(ImportLog.dataset, ImportLog.snapshot))
    counts = dict(
        session.execute(
            select(ImportWarning.import_id, func.count()).group_by(ImportWarning.import_id)
        ).all()
    )
    files = pd.DataFrame(
        [
            {
                "file": log.file_name,
                "dataset": log.dataset,
                "snapshot": log.snapshot,
                "rows_read": log.rows_read,
                "rows_kept": log.rows_kept,
                "rows_rejected": log.rows_rejected,
                "warnings": counts.get(log.id, 0),
                "synthetic": log.synthetic,
                "sha256": log.sha256,
                "imported_at": log.imported_at.replace(microsecond=0),
            }
            for log in logs.scalars()
        ]
    )
    query = (
        select(
            ImportLog.file_name,
            ImportLog.dataset,
            ImportWarning.row,
            ImportWarning.column,
            ImportWarning.message,
        )
        .join(ImportLog, ImportWarning.import_id == ImportLog.id)
        .order_by(ImportLog.dataset, ImportLog.file_name, ImportWarning.id)
        .limit(MAX_LISTED_WARNINGS)
    )
    warnings = pd.DataFrame(
        session.execute(query).all(), columns=["file", "dataset", "row", "column", "message"]
    )
    return files, warnings, int(sum(counts.values()))
