"""Fast, dialect-aware bulk writes used by the importers.

SQLAlchemy Core ``insert`` with a list of dicts is convenient but slow for millions of rows; on
SQLite we hand tuples straight to the driver's ``executemany`` on the same connection, so the
rows still belong to the import's single transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from sqlalchemy import Connection, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert tuples (in ``columns`` order) into ``table`` inside the current transaction."""
    if conn.dialect.name == "sqlite":
        placeholders = ", ".join("?" for _ in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        cursor = conn.connection.driver_connection.cursor()
        try:
            cursor.executemany(
                f'INSERT INTO "{table.name}" ({names}) VALUES ({placeholders})', rows
            )
        finally:
            cursor.close()
        return
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    if records:
        conn.execute(table.insert(), records)


def insert_frame(conn: Connection, table: Table, frame: pd.DataFrame) -> None:
    """Insert a DataFrame whose columns are named after ``table``'s columns."""
    if frame.empty:
        return
    columns = list(frame.columns)
    clean = frame.astype(object).where(frame.notna(), None)
    rows = (tuple(_plain(v) for v in row) for row in clean.itertuples(index=False, name=None))
    insert_rows(conn, table, columns, rows)


def upsert(conn: Connection, table: Table, records: list[dict], keys: Sequence[str]) -> None:
    """Insert or update by primary key; ``None`` values never overwrite known ones."""
    if not records:
        return
    insert = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
    columns = [c for c in records[0] if c not in keys]
    for start in range(0, len(records), 500):
        chunk = records[start : start + 500]
        statement = insert(table).values(chunk)
        if columns:
            statement = statement.on_conflict_do_update(
                index_elements=list(keys),
                set_={
                    c: _coalesce(statement.excluded[c], table.c[c]) for c in columns
                },
            )
        else:
            statement = statement.on_conflict_do_nothing(index_elements=list(keys))
        conn.execute(statement)


def _coalesce(new, old):
    from sqlalchemy import func

    return func.coalesce(new, old)


def _plain(value):
    """numpy scalars → Python scalars the DB drivers accept."""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value
