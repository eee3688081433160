"""The app's own reference tables, shipped as CSV in ``resources/`` and seeded into new databases.

Each CSV carries its sources; the database copy is what the app edits. Seeding only fills
empty tables, so a user's edits are never overwritten.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Boolean, Connection, Float, func, select

from bcprimary.db.models import ArrsRole, EntitlementRate, PcnPlace
from bcprimary.paths import resource_path

#: table model → CSV file in resources/
REFERENCE_FILES = {
    PcnPlace: "pcn_places.csv",
    ArrsRole: "arrs_roles.csv",
    EntitlementRate: "entitlement_rates.csv",
}
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


def read_reference_csv(
    path: Path, float_columns: tuple[str, ...] = (), bool_columns: tuple[str, ...] = ()
) -> list[dict]:
    """Rows of a reference CSV; blank cells become ``None``, lines starting with '#' are notes."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        rows = []
        for raw in csv.DictReader(lines):
            row = {k: (v.strip() if v and v.strip() else None) for k, v in raw.items()}
            for column in float_columns:
                if row.get(column) is not None:
                    row[column] = float(row[column])
            for column in bool_columns:
                if row.get(column) is not None:
                    row[column] = _flag(row[column], path, column)
            rows.append(row)
    return rows


def _flag(text: str, path: Path, column: str) -> bool:
    if text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    raise ValueError(f"{path.name}: column {column} holds {text!r}; write true or false.")


def reference_rows(model: type) -> list[dict]:
    """The shipped rows of a reference table, typed as the table's columns."""
    path = resource_path(REFERENCE_FILES[model])
    if not path.is_file():
        return []
    table = model.__table__
    floats = tuple(c.name for c in table.columns if isinstance(c.type, Float))
    flags = tuple(c.name for c in table.columns if isinstance(c.type, Boolean))
    columns = set(table.columns.keys())
    return [
        {k: v for k, v in row.items() if k in columns}
        for row in read_reference_csv(path, floats, flags)
    ]


def seed_reference_tables(conn: Connection, models: tuple[type, ...] | None = None) -> None:
    """Fill the empty reference tables (all, or the ``models`` given) from the shipped CSVs."""
    for model in models or tuple(REFERENCE_FILES):
        if conn.execute(select(func.count()).select_from(model)).scalar():
            continue
        rows = reference_rows(model)
        if rows:
            conn.execute(model.__table__.insert(), rows)
