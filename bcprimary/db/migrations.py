"""Schema versions and the ordered migrations between them.

Version 1 is the first released schema. Version 2 renames ``scenario.parameters`` to
``scenario.settings`` (it always held a scenario's settings) and stores the settings and the
saved plan's parameters with the knobs nested under ``"options"``.

A migration is a function that takes a connection on a database at version ``n`` and leaves it
at ``n + 1``; they run in order inside one transaction. Tests keep a small database of every
released version and prove it still opens.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import Connection, delete, inspect, select, text

from bcprimary.db.models import ArrsRole, Base, EntitlementRate, Meta
from bcprimary.db.reference import seed_reference_tables
from solver.options import nest_options

SCHEMA_VERSION = 2


def _scenario_settings_v2(conn: Connection) -> None:
    """``scenario.parameters`` → ``scenario.settings``, knobs nested under ``"options"``."""
    if not inspect(conn).has_table("scenario"):
        return
    conn.execute(text("ALTER TABLE scenario RENAME COLUMN parameters TO settings"))
    rows = conn.execute(text("SELECT id, settings, results FROM scenario")).all()
    for row_id, settings, results in rows:
        # SQLite hands JSON back as text; PostgreSQL's json type as Python objects.
        settings, results = _decoded(settings), _decoded(results)
        new_settings = nest_options(settings) if settings else {}
        new_settings["format"] = 2
        new_results = results or None
        if new_results and "parameters" in new_results:
            new_results["parameters"] = nest_options(new_results["parameters"])
        conn.execute(
            text("UPDATE scenario SET settings = :s, results = :r WHERE id = :i"),
            {
                "s": json.dumps(new_settings),
                "r": None if new_results is None else json.dumps(new_results),
                "i": row_id,
            },
        )


def _add_missing_columns(conn: Connection) -> None:
    """Columns a model gained in version 2 (the catalogue's new figures, who imported a file,
    who changed and solved a scenario) are added to every table that lacks them, empty."""
    present_tables = set(inspect(conn).get_table_names())
    for table in Base.metadata.sorted_tables:
        if table.name not in present_tables:
            continue  # created whole by create_all after the migrations
        present = {c["name"] for c in inspect(conn).get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}'))


def _decoded(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


def _catalogue_v2(conn: Connection) -> None:
    """The ARRS catalogue gains yield ranges, appointment types, cap sources, eligibility and
    provisional flags; entitlement rates gain the part-year GP add-on and a provisional flag.

    The v1 catalogue rows carried figures now known to be wrong (out-of-date caps, missing
    roles and years) and nothing in v1 edits them, so both tables are refilled from the
    shipped CSVs rather than patched row by row.
    """
    for model in (ArrsRole, EntitlementRate):
        conn.execute(delete(model.__table__))
    seed_reference_tables(conn, (ArrsRole, EntitlementRate))


def _v1_to_v2(conn: Connection) -> None:
    """Version 2: scenario settings under their own name; new columns (catalogue figures,
    attribution of imports and scenarios)."""
    _scenario_settings_v2(conn)
    _add_missing_columns(conn)
    _catalogue_v2(conn)


#: ``MIGRATIONS[n]`` upgrades a database at version ``n`` to ``n + 1``.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2}


class SchemaError(RuntimeError):
    """The database cannot be used by this version of the app."""


class ForeignDatabase(SchemaError):
    """A database that is neither empty nor this app's: it is left untouched."""


def refuse_foreign(tables: list[str], where: str) -> None:
    """Refuse a non-empty database without our meta table (another application's)."""
    if tables and Meta.__tablename__ not in tables:
        shown = ", ".join(sorted(tables)[:5]) + (" …" if len(tables) > 5 else "")
        raise ForeignDatabase(
            f"{where} holds another application's data (tables {shown}), not this app's, so "
            "it was left untouched. Choose a new file name or your planner database."
        )


def current_version(conn: Connection) -> int | None:
    """The database's schema version, or ``None`` for an empty database."""
    if not inspect(conn).has_table(Meta.__tablename__):
        return None
    value = conn.execute(select(Meta.value).where(Meta.key == "schema_version")).scalar()
    return int(value) if value is not None else None


def upgrade(conn: Connection) -> int:
    """Create or migrate the schema to :data:`SCHEMA_VERSION`; return the version found."""
    found = current_version(conn)
    if found is None:
        refuse_foreign(inspect(conn).get_table_names(), str(conn.engine.url))
        Base.metadata.create_all(conn)
        _set_version(conn, SCHEMA_VERSION)
        return SCHEMA_VERSION
    if found > SCHEMA_VERSION:
        raise SchemaError(
            f"This database uses schema version {found}, made by a newer version of the app "
            f"(this one understands up to version {SCHEMA_VERSION}). Update the app to open it."
        )
    for version in range(found, SCHEMA_VERSION):
        MIGRATIONS[version](conn)
        _set_version(conn, version + 1)
    # Tables added without a schema change (none yet) are created idempotently, and databases
    # made while version 2 was still unreleased gain the columns it added since.
    Base.metadata.create_all(conn)
    if found == SCHEMA_VERSION:
        _add_missing_columns(conn)
    return found


def _set_version(conn: Connection, version: int) -> None:
    row = conn.execute(select(Meta).where(Meta.key == "schema_version")).first()
    if row is None:
        conn.execute(Meta.__table__.insert().values(key="schema_version", value=str(version)))
    else:
        conn.execute(
            Meta.__table__.update().where(Meta.key == "schema_version").values(value=str(version))
        )
