"""Opening a database: the embedded SQLite default, a file path, or any SQLAlchemy URL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bcprimary.db import migrations
from bcprimary.db.reference import seed_reference_tables
from bcprimary.paths import default_database_path


def database_url(target: str | Path | None = None) -> str:
    """Turn ``--db`` (nothing, a file path, or a SQLAlchemy URL) into a URL."""
    if target is None:
        target = default_database_path()
    text = str(target)
    if "://" in text:
        return text
    path = Path(text).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.as_posix()}"


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the desktop app keep reading while an import writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _check_sqlite_file(database: str | None) -> None:
    """Look at an existing SQLite file read-only before connecting for real (which switches it
    to WAL mode): not a database, or another application's, is refused untouched."""
    if not database or database == ":memory:":
        return
    path = Path(database)
    if path.is_dir():
        raise migrations.SchemaError(f"{path} is a folder: give a database file name for --db.")
    if not path.is_file() or path.stat().st_size == 0:
        return
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
            tables = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
    except sqlite3.DatabaseError as exc:
        raise migrations.SchemaError(
            f"{path} is not a database this app can open ({exc}). Choose the planner's "
            "database file (.sqlite) or a new file name."
        ) from exc
    migrations.refuse_foreign(tables, str(path))


class Database:
    """An opened, up-to-date database. Hand out one short session per operation."""

    def __init__(self, target: str | Path | None = None) -> None:
        self.url = database_url(target)
        if make_url(self.url).get_backend_name() == "sqlite":
            _check_sqlite_file(make_url(self.url).database)
        self.engine: Engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _configure_sqlite)
        with self.engine.begin() as conn:
            migrations.upgrade(conn)
            seed_reference_tables(conn)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        """The file behind an SQLite database (``None`` for in-memory or server databases)."""
        database = make_url(self.url).database
        return Path(database) if self.is_sqlite and database else None

    def display_name(self) -> str:
        return str(self.path) if self.path else make_url(self.url).render_as_string()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(target: str | Path | None = None) -> Database:
    return Database(target)
