"""Writing appointment crosstab rows fast, inside the import's single transaction.

Labels become small integer ids (:class:`AppointmentDimension`), created on first sight.
Rows go to the WITHOUT ROWID ``appointments`` table through the driver's ``executemany`` (the
bulk fast path), sorted by the primary key within each chunk so SQLite mostly appends to its
B-tree. A larger page cache is set for the duration of the import (measured: it avoids
re-reading interior B-tree pages once a national month outgrows the default 2 MB cache) and
restored afterwards.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import numpy as np
from sqlalchemy import Connection, exc, select

from bcprimary.db.bulk import insert_rows
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
            found = self.conn.execute(
                AppointmentDimension.__table__.insert().values(kind=kind, label=canonical)
            ).inserted_primary_key[0]
            self._ids[key] = found
        return found

    # --- rows --------------------------------------------------------------------------------

    def write(self, rows: Iterable[tuple] | np.ndarray) -> None:
        """Insert rows (in :data:`ROW_COLUMNS` order). A key already in the table raises
        :class:`DuplicateRow` with how many rows went in before the failing statement."""
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

    def exists(self, row: tuple) -> bool:
        """Whether a row with this key (``row`` in :data:`ROW_COLUMNS` order) is stored."""
        table = Appointments.__table__
        key = [table.c[name] == value for name, value in zip(ROW_COLUMNS[:-1], row, strict=False)]
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
