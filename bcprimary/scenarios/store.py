"""Scenarios in the database: create, duplicate, rename, delete, list, show, save results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from bcprimary.db.engine import Database
from bcprimary.db.models import Scenario, current_user
from bcprimary.scenarios.settings import ScenarioSettings


class ScenarioError(ValueError):
    """A scenario operation that cannot be done (unknown name, name taken)."""


@dataclass
class ScenarioRecord:
    id: int
    name: str
    notes: str
    settings: ScenarioSettings
    snapshots: dict
    results: dict | None
    created_at: dt.datetime
    modified_at: dt.datetime
    #: OS user names: who last changed it and who last solved it (empty before schema v2)
    modified_by: str | None = None
    solved_by: str | None = None

    @property
    def solved(self) -> bool:
        return bool(self.results)


def _record(row: Scenario) -> ScenarioRecord:
    return ScenarioRecord(
        id=row.id,
        name=row.name,
        notes=row.notes or "",
        settings=ScenarioSettings.from_dict(row.settings or {}),
        snapshots=row.snapshots or {},
        results=row.results,
        created_at=row.created_at,
        modified_at=row.modified_at,
        modified_by=row.modified_by,
        solved_by=row.solved_by,
    )


def list_scenarios(db: Database) -> list[ScenarioRecord]:
    with db.session() as session:
        rows = session.execute(select(Scenario).order_by(Scenario.name)).scalars().all()
        return [_record(r) for r in rows]


def get_scenario(db: Database, name: str) -> ScenarioRecord:
    with db.session() as session:
        row = session.execute(select(Scenario).where(Scenario.name == name)).scalar()
        if row is None:
            known = ", ".join(s.name for s in list_scenarios(db)) or "none yet"
            raise ScenarioError(f"There is no scenario called '{name}' (scenarios: {known}).")
        return _record(row)


def exists(db: Database, name: str) -> bool:
    with db.session() as session:
        return session.execute(select(Scenario.id).where(Scenario.name == name)).first() is not None


def create_scenario(
    db: Database, name: str, settings: ScenarioSettings, notes: str = ""
) -> ScenarioRecord:
    name = name.strip()
    if not name:
        raise ScenarioError("A scenario needs a name.")
    if exists(db, name):
        raise ScenarioError(f"A scenario called '{name}' already exists.")
    with db.session() as session:
        row = Scenario(name=name, notes=notes, settings=settings.to_dict(), snapshots={})
        session.add(row)
        session.flush()
        return _record(row)


def save_settings(
    db: Database, name: str, settings: ScenarioSettings, notes: str | None = None
) -> None:
    """Replace a scenario's settings; its old results no longer match, so they are cleared."""
    with db.session() as session:
        row = _row(session, name)
        row.settings = settings.to_dict()
        if notes is not None:
            row.notes = notes
        row.results = None
        row.snapshots = {}


def save_results(db: Database, name: str, results: dict, snapshots: dict) -> None:
    with db.session() as session:
        row = _row(session, name)
        row.results = results
        row.snapshots = snapshots
        row.solved_by = current_user()


def duplicate_scenario(db: Database, name: str, new_name: str) -> ScenarioRecord:
    source = get_scenario(db, name)
    return create_scenario(db, new_name, source.settings, notes=source.notes)


def rename_scenario(db: Database, name: str, new_name: str) -> None:
    new_name = new_name.strip()
    if not new_name:
        raise ScenarioError("A scenario needs a name.")
    if new_name != name and exists(db, new_name):
        raise ScenarioError(f"A scenario called '{new_name}' already exists.")
    with db.session() as session:
        _row(session, name).name = new_name


def delete_scenario(db: Database, name: str) -> None:
    with db.session() as session:
        session.delete(_row(session, name))


def _row(session, name: str) -> Scenario:
    row = session.execute(select(Scenario).where(Scenario.name == name)).scalar()
    if row is None:
        raise ScenarioError(f"There is no scenario called '{name}'.")
    return row
