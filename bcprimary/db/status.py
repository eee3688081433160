"""What is in a database: datasets and snapshots loaded, row counts, organisations, warnings."""

from __future__ import annotations

from sqlalchemy import func, select

from bcprimary.db.engine import Database
from bcprimary.db.models import (
    PCN,
    Appointments,
    ArrsRole,
    DentalContract,
    Deprivation,
    ImportLog,
    ImportWarning,
    PcnMembership,
    PcnPlace,
    PcnWorkforce,
    Practice,
    PracticeWorkforce,
    RegisteredPatients,
    Scenario,
    WeightedList,
)

COUNTED_TABLES = (
    RegisteredPatients,
    PcnMembership,
    WeightedList,
    Deprivation,
    Appointments,
    PracticeWorkforce,
    PcnWorkforce,
    DentalContract,
    PcnPlace,
    ArrsRole,
    Scenario,
)


def database_status(db: Database) -> dict:
    """A JSON-ready description of the database (what ``bcprimary status --json`` prints)."""
    with db.session() as session:
        imports = (
            session.execute(select(ImportLog).order_by(ImportLog.dataset, ImportLog.snapshot))
            .scalars()
            .all()
        )
        warning_counts = dict(
            session.execute(
                select(ImportWarning.import_id, func.count()).group_by(ImportWarning.import_id)
            ).all()
        )
        snapshots = [
            {
                "dataset": log.dataset,
                "snapshot": log.snapshot,
                "file": log.file_name,
                "sha256": log.sha256,
                "rows_read": log.rows_read,
                "rows_kept": log.rows_kept,
                "rows_rejected": log.rows_rejected,
                "warnings": warning_counts.get(log.id, 0),
                "synthetic": log.synthetic,
                "imported_at": log.imported_at.isoformat(timespec="seconds"),
                "imported_by": log.imported_by,
                "seconds": round(log.seconds, 2),
            }
            for log in imports
        ]
        rows = {
            model.__tablename__: session.execute(
                select(func.count()).select_from(model)
            ).scalar_one()
            for model in COUNTED_TABLES
        }
        organisations = {
            "practices": session.execute(select(func.count()).select_from(Practice)).scalar_one(),
            "pcns": session.execute(
                select(func.count()).select_from(PCN).where(PCN.code != "U")
            ).scalar_one(),
            "places": session.execute(
                select(func.count(func.distinct(PcnPlace.place)))
            ).scalar_one(),
        }
    return {
        "database": db.display_name(),
        "snapshots": snapshots,
        "rows": rows,
        "organisations": organisations,
        "warnings": sum(s["warnings"] for s in snapshots),
        "synthetic_inputs": any(s["synthetic"] for s in snapshots),
    }
