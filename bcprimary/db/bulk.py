"""Fast, dialect-aware bulk writes used by the importers.

SQLAlchemy Core ``insert`` with a list of dicts is convenient but slow for millions of rows; on
SQLite we hand tuples straight to the driver's ``executemany``, on PostgreSQL to ``COPY … FROM
STDIN`` (its bulk-load path, ~4× faster than batched INSERTs for a national appointments
month), both on the same connection, so the rows still belong to the import's single
transaction.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Table

#: Bound parameters one SQLite statement may carry (999 before SQLite 3.32).
SQLITE_MAX_PARAMETERS = 32766 if sqlite3.sqlite_version_info >= (3, 32) else 999


def insert_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple] | np.ndarray,
    *,
    rows_per_statement: int = 1,
) -> None:
    """Insert tuples (in ``columns`` order) into ``table`` inside the current transaction.

    ``rows`` may also be a 2-D numpy object array (one row per record). ``rows_per_statement``
    > 1 packs that many rows into each SQLite ``INSERT … VALUES`` (measured ~2× faster per
    row for millions of narrow rows). A constraint failure then aborts only the failing
    statement; rows of earlier statements stay in the transaction.
    """
    if conn.dialect.name == "postgresql":
        copy_rows(conn, table, columns, rows)
        return
    if conn.dialect.name != "sqlite":
        records = [dict(zip(columns, row, strict=True)) for row in _tuples(rows)]
        if records:
            conn.execute(table.insert(), records)
        return
    names = ", ".join(f'"{c}"' for c in columns)
    one_row = "(" + ", ".join("?" for _ in columns) + ")"
    statement = f'INSERT INTO "{table.name}" ({names}) VALUES '
    per_statement = max(1, min(rows_per_statement, SQLITE_MAX_PARAMETERS // len(columns)))
    cursor = conn.connection.driver_connection.cursor()
    try:
        if per_statement == 1:
            cursor.executemany(statement + one_row, _tuples(rows))
            return
        if isinstance(rows, np.ndarray):
            flat = rows.ravel().tolist()
        else:
            flat = list(itertools.chain.from_iterable(rows))
        step = per_statement * len(columns)
        whole = len(flat) - len(flat) % step
        cursor.executemany(
            statement + ", ".join([one_row] * per_statement),
            (flat[start : start + step] for start in range(0, whole, step)),
        )
        if whole < len(flat):
            rest = (len(flat) - whole) // len(columns)
            cursor.execute(statement + ", ".join([one_row] * rest), flat[whole:])
    finally:
        cursor.close()


def copy_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple] | np.ndarray
) -> None:
    """PostgreSQL: stream the rows through ``COPY … FROM STDIN`` (text format; psycopg adapts
    each value as it would a query parameter). A constraint failure aborts the transaction, so
    a caller that wants to recover wraps this in a savepoint."""
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = conn.connection.driver_connection.cursor()
    with cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows.tolist() if isinstance(rows, np.ndarray) else rows:
            copy.write_row(row)


def _tuples(rows: Iterable[tuple] | np.ndarray) -> Iterable[tuple]:
    return [tuple(row) for row in rows.tolist()] if isinstance(rows, np.ndarray) else rows


def insert_frame(conn: Connection, table: Table, frame: pd.DataFrame) -> None:
    """Insert a DataFrame whose columns are named after ``table``'s columns."""
    if frame.empty:
        return
    columns = list(frame.columns)
    clean = frame.astype(object).where(frame.notna(), None)
    rows = (tuple(_plain(v) for v in row) for row in clean.itertuples(index=False, name=None))
    insert_rows(conn, table, columns, rows)


def _plain(value):
    """numpy scalars → Python scalars the DB drivers accept."""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value
