"""Keeping the organisation tables (ICB, sub-ICB location, practice, PCN) up to date.

Several publications carry practice names, postcodes and PCN names. Each import refreshes what
its file carries, except when a *newer* organisation file (by snapshot date) is already loaded:
then loading an old ePCN or epraccur must not turn today's names and codes back into last
year's, so the older file only fills gaps (organisations, or details such as a practice's
status, the database does not have yet), and the import says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bcprimary.db.models import ICB, PCN, ImportLog, Practice, SubICBLocation
from bcprimary.importing.base import ImportContext

#: Datasets whose snapshot dates say how current the organisation details in them are.
ORGANISATION_DATASETS = ("pcn_map", "epcn", "epraccur", "registered_patients")
PRACTICE_EXPECTED = "a GP practice code (a letter and five digits, e.g. M87001)"


def display_name(value: object) -> str | None:
    """A published name on one line: line breaks and runs of spaces become one space.

    Names are shown in one table or Excel cell, where a line break would hide the rest of the
    name; commas and everything else are kept exactly as published.
    """
    text = " ".join(str(value or "").split())
    return text or None


@dataclass
class Organisations:
    """Organisation rows found in one file, as dicts keyed by the tables' column names.

    Every dict of one list must have the same keys (one multi-row statement writes them);
    ``None`` values never overwrite known ones.
    """

    icbs: list[dict] = field(default_factory=list)
    sub_icbs: list[dict] = field(default_factory=list)
    practices: list[dict] = field(default_factory=list)
    pcns: list[dict] = field(default_factory=list)


def _unique(records: list[dict]) -> list[dict]:
    """One record per code: the last one seen wins, blank codes are skipped."""
    by_code: dict[str, dict] = {}
    for record in records:
        if record.get("code"):
            by_code[record["code"]] = record
    return list(by_code.values())


def refresh_organisations(ctx: ImportContext, found: Organisations, snapshot: dt.date) -> None:
    """Write the organisations of a file whose details are as at ``snapshot``."""
    newer = ctx.conn.execute(
        select(ImportLog.file_name, ImportLog.snapshot_date)
        .where(
            ImportLog.dataset.in_(ORGANISATION_DATASETS),
            ImportLog.snapshot_date > snapshot,
            ImportLog.id != ctx.import_id,
        )
        .order_by(ImportLog.snapshot_date.desc())
    ).first()
    for model, records in (
        (ICB, found.icbs),
        (SubICBLocation, found.sub_icbs),
        (Practice, found.practices),
        (PCN, found.pcns),
    ):
        _write(ctx.conn, model.__table__, _unique(records), keep_known=newer is not None)
    if newer is not None:
        ctx.warn(
            f"a newer file, {newer.file_name} (as at {newer.snapshot_date:%d %b %Y}), is "
            "already loaded: the names, postcodes and codes it gave were kept; this file only "
            "added organisations and details the database did not have"
        )


def _write(conn: Connection, table: Table, records: list[dict], *, keep_known: bool) -> None:
    """Insert new rows and update known ones in one executemany.

    A file's non-empty values replace known ones, unless ``keep_known`` (an older file), when
    only columns that are still empty are set. Empty values never erase anything.
    """
    if not records:
        return
    if conn.dialect.name == "postgresql":
        # One order for every import: two users' imports touching the same practices on a
        # shared server then queue for the rows' locks instead of deadlocking. (SQLite has one
        # writer at a time, and keeps the file's order.)
        records = sorted(records, key=lambda record: record["code"])
    insert = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
    statement = insert(table)
    columns = [c for c in records[0] if c != "code"]
    if columns:
        statement = statement.on_conflict_do_update(
            index_elements=["code"],
            set_={
                c: func.coalesce(table.c[c], statement.excluded[c])
                if keep_known
                else func.coalesce(statement.excluded[c], table.c[c])
                for c in columns
            },
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=["code"])
    conn.execute(statement, records)
