"""Opening a database: the embedded SQLite default, a file path, or any SQLAlchemy URL.

A team shares one PostgreSQL database (``postgresql://user@host/db``; the driver comes with
``pip install bcprimary[postgres]``). A SQLite file on a network share is no substitute: its
locking is unreliable over SMB and NFS.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from bcprimary.db import migrations
from bcprimary.db.reference import seed_reference_tables
from bcprimary.paths import default_database_path


def database_url(target: str | Path | None = None) -> str:
    """Turn ``--db`` (nothing, a file path, or a SQLAlchemy URL) into a URL."""
    if target is None:
        target = default_database_path()
    given = str(target)
    if "://" in given:
        return _with_driver(given)
    path = Path(given).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.as_posix()}"


#: The driver the app ships for PostgreSQL (the ``postgres`` extra): psycopg 3.
POSTGRES_DRIVER = "psycopg"
#: Key of the PostgreSQL advisory lock held while a database is created or migrated.
SCHEMA_LOCK_KEY = 0x42435052  # "BCPR"


class DriverMissing(RuntimeError):
    """The database's driver is not installed with this copy of the app."""


def _with_driver(url: str) -> str:
    """``postgresql://`` (and ``postgres://``) mean psycopg 3, the driver the app ships;
    SQLAlchemy would otherwise look for psycopg2. Other URLs are kept as given."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername=f"postgresql+{POSTGRES_DRIVER}").render_as_string(
            hide_password=False
        )
    return url


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    options: dict = {}
    if parsed.get_backend_name() == "postgresql":
        # A server connection can drop (laptop asleep, VPN); test it before handing it out.
        options["pool_pre_ping"] = True
    try:
        return create_engine(url, **options)
    except ModuleNotFoundError as error:
        raise DriverMissing(_driver_message(parsed, error)) from error


def _driver_message(url: URL, error: ModuleNotFoundError) -> str:
    backend = url.get_backend_name()
    if backend == "postgresql":
        how = "install the app with its PostgreSQL support: pip install bcprimary[postgres]"
    else:
        how = f"install the Python driver for {backend} ({error.name})"
    return (
        f"This copy of the app cannot reach {url.render_as_string()}: its database "
        f"driver is not installed ({error.name}). To use this database, {how}."
    )


def _lock_schema(conn: Connection) -> None:
    """Let one user at a time create or migrate a shared database (until the transaction ends);
    the others wait, then find it up to date. SQLite's own write lock does this for files."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})


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
        self.engine: Engine = _create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _configure_sqlite)
        with self.engine.begin() as conn:
            _lock_schema(conn)
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
