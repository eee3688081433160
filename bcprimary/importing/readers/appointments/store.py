"""Writing appointment crosstab rows fast, inside the import's single transaction.

Labels become small integer ids (:class:`AppointmentDimension`), created on first sight.

SQLite: rows go to the WITHOUT ROWID ``appointments`` table through the driver's
``executemany`` (the bulk fast path), sorted by the primary key within each chunk so SQLite
mostly appends to its B-tree. A larger page cache is set for the duration of the import
(measured: it avoids re-reading interior B-tree pages once a national month outgrows the
default 2 MB cache) and restored afterwards.

PostgreSQL (a team's shared database): each chunk goes through ``COPY … FROM STDIN`` inside a
savepoint, so a repeated key undoes only that chunk and the rows can still be searched for it.
New labels are committed at once on a connection of their own: another user importing at the
same time then never waits for this whole import to learn a label's id.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterable

import numpy as np
from sqlalchemy import Connection, exc, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from bcprimary.db.bulk import copy_rows, insert_rows
from bcprimary.db.models import AppointmentDimension, Appointments
from bcprimary.importing.readers.appointments.labels import DIMENSIONS, label_key

#: Rows per INSERT statement (see :func:`bcprimary.db.bulk.insert_rows`).
ROWS_PER_STATEMENT = 100
#: Page cache while importing, in KiB (negative = KiB for SQLite): 256 MB.
IMPORT_CACHE_KIB = 256 * 1024

ROW_COLUMNS = (
    "month",
    "practice_code",
    "hcp_type",
    "appt_mode",
    "national_category",
    "time_between_book_and_appt",
    "appt_status",
    "count",
)


class DuplicateRow(Exception):
    """A row's key is already in the table. ``index``: rows of the batch written before the
    failing statement (the duplicate is among the next :data:`ROWS_PER_STATEMENT`)."""

    def __init__(self, index: int | None) -> None:
        super().__init__(index)
        self.index = index


class AppointmentStore:
    """Dimension ids and the fast row writer for one import."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._ids: dict[tuple[str, str], int] = {}
        dimensions = select(
            AppointmentDimension.id, AppointmentDimension.kind, AppointmentDimension.label
        )
        for row in conn.execute(dimensions):
            self._ids[(row.kind, label_key(row.label))] = row.id
        self._known = {
            (kind, label_key(label)): label
            for kind, (_, labels) in DIMENSIONS.items()
            for label in labels
        }
        self._saved_cache: int | None = None

    # --- dimensions --------------------------------------------------------------------------

    def ensure_published_labels(self) -> None:
        """Give the published labels the first ids, in published order (stable sorting)."""
        for kind, (_, labels) in DIMENSIONS.items():
            for label in labels:
                self.dimension_id(kind, label)

    def is_published(self, kind: str, label: str) -> bool:
        return (kind, label_key(label)) in self._known

    def dimension_id(self, kind: str, label: str) -> int:
        """The id of ``label`` (matched without case or extra spaces), created if new."""
        key = (kind, label_key(label))
        found = self._ids.get(key)
        if found is None:
            canonical = self._known.get(key, " ".join(label.split()))
            if self._is_postgres:
                found = self._shared_label_id(kind, canonical)
            else:
                found = self.conn.execute(
                    AppointmentDimension.__table__.insert().values(kind=kind, label=canonical)
                ).inserted_primary_key[0]
            self._ids[key] = found
        return found

    def _shared_label_id(self, kind: str, label: str) -> int:
        """PostgreSQL: add the label in its own committed transaction (a label is only a
        dictionary entry, harmless if this import is later rolled back); another user may have
        just added it, which the conflict clause allows for."""
        table = AppointmentDimension.__table__
        with self.conn.engine.begin() as own:
            own.execute(pg_insert(table).values(kind=kind, label=label).on_conflict_do_nothing())
            return own.execute(
                select(table.c.id).where(table.c.kind == kind, table.c.label == label)
            ).scalar_one()

    # --- rows --------------------------------------------------------------------------------

    def write(self, rows: Iterable[tuple] | np.ndarray) -> None:
        """Insert rows (in :data:`ROW_COLUMNS` order). A key already in the table raises
        :class:`DuplicateRow` with how many rows went in before the failing statement."""
        if self._is_postgres:
            self._copy(rows)
            return
        raw = self._sqlite()
        before = raw.total_changes if raw is not None else 0
        try:
            insert_rows(
                self.conn,
                Appointments.__table__,
                ROW_COLUMNS,
                rows,
                rows_per_statement=ROWS_PER_STATEMENT,
            )
        except sqlite3.IntegrityError as error:
            raise DuplicateRow(raw.total_changes - before if raw is not None else None) from error
        except exc.IntegrityError as error:
            raise DuplicateRow(None) from error

    def _copy(self, rows: Iterable[tuple] | np.ndarray) -> None:
        from psycopg.errors import UniqueViolation  # the postgres extra's driver

        rows = np.asarray(list(rows), dtype=object) if not isinstance(rows, np.ndarray) else rows
        try:
            with self.conn.begin_nested():
                copy_rows(self.conn, Appointments.__table__, ROW_COLUMNS, rows)
        except UniqueViolation as error:
            raise DuplicateRow(_row_of_key(rows, error.diag.message_detail)) from error

    @property
    def _is_postgres(self) -> bool:
        return self.conn.dialect.name == "postgresql"

    def exists(self, row: tuple) -> bool:
        """Whether a row with this key (``row`` in :data:`ROW_COLUMNS` order) is stored."""
        table = Appointments.__table__
        month, *rest = row
        if isinstance(month, str):  # rows carry the month as ISO text; PostgreSQL wants a date
            month = dt.date.fromisoformat(month)
        values = (month, *rest)
        key = [
            table.c[name] == value for name, value in zip(ROW_COLUMNS[:-1], values, strict=False)
        ]
        return self.conn.execute(select(table.c.count).where(*key)).first() is not None

    # --- SQLite tuning -----------------------------------------------------------------------

    def _sqlite(self) -> sqlite3.Connection | None:
        if self.conn.dialect.name != "sqlite":
            return None
        return self.conn.connection.driver_connection

    def tune(self) -> None:
        raw = self._sqlite()
        if raw is None:
            return
        self._saved_cache = raw.execute("PRAGMA cache_size").fetchone()[0]
        raw.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")

    def restore(self) -> None:
        raw = self._sqlite()
        if raw is None or self._saved_cache is None:
            return
        raw.execute(f"PRAGMA cache_size={int(self._saved_cache)}")
        # Give the memory back now rather than when the pooled connection is next used.
        raw.execute("PRAGMA shrink_memory")
        self._saved_cache = None


def _row_of_key(rows: np.ndarray, detail: str | None) -> int | None:
    """The position in ``rows`` of the key PostgreSQL names in a unique-violation detail,
    ``Key (month, practice_code, …)=(2025-10-01, M85001, …) already exists.``"""
    found = re.search(r"\)=\((.*)\) already exists", detail or "")
    if found is None:
        return None
    key = found.group(1).split(", ")
    for index, row in enumerate(rows[:, : len(ROW_COLUMNS) - 1].tolist()):
        if [str(value) for value in row] == key:
            return index
    return None
