"""The app's own reference tables, shipped as CSV in ``resources/`` and seeded into new databases.

Each CSV carries its sources; the database copy is what the app edits. Seeding only fills
empty tables, so a user's edits are never overwritten.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Connection, func, select

from bcprimary.db.models import ArrsRole, EntitlementRate, PcnPlace
from bcprimary.paths import resource_path

#: table model → (CSV file in resources/, columns converted to float)
REFERENCE_FILES = {
    PcnPlace: ("pcn_places.csv", ()),
    ArrsRole: (
        "arrs_roles.csv",
        ("max_reimbursable_gbp", "appointments_per_wte_month"),
    ),
    EntitlementRate: ("entitlement_rates.csv", ("gbp_per_weighted_patient",)),
}


def read_reference_csv(path: Path, float_columns: tuple[str, ...] = ()) -> list[dict]:
    """Rows of a reference CSV; blank cells become ``None``, lines starting with '#' are notes."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        rows = []
        for raw in csv.DictReader(lines):
            row = {k: (v.strip() if v and v.strip() else None) for k, v in raw.items()}
            for column in float_columns:
                if row.get(column) is not None:
                    row[column] = float(row[column])
            rows.append(row)
    return rows


def seed_reference_tables(conn: Connection) -> None:
    for model, (file_name, float_columns) in REFERENCE_FILES.items():
        path = resource_path(file_name)
        if not path.is_file():
            continue
        if conn.execute(select(func.count()).select_from(model)).scalar():
            continue
        columns = set(model.__table__.columns.keys())
        rows = [
            {k: v for k, v in row.items() if k in columns}
            for row in read_reference_csv(path, float_columns)
        ]
        if rows:
            conn.execute(model.__table__.insert(), rows)
