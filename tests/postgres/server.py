"""The PostgreSQL server the team-database tests run against, and databases made on it.

``BCPRIMARY_TEST_POSTGRES_URL`` names a role that may create databases (``.ci/run`` starts a
server on loopback and sets it). Each test gets a database of its own, created on the server
and dropped afterwards; a filled one is copied from a template database in one statement.
Without a reachable server the tests are skipped with the reason, except under ``CI=true``,
where a missing server fails them: CI must never pass by testing nothing.
"""

from __future__ import annotations

import os
import time
import uuid
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import Integer, MetaData, create_engine, select, text
from sqlalchemy.engine import make_url

from bcprimary.db import database_url

URL_ENV = "BCPRIMARY_TEST_POSTGRES_URL"


@cache
def unavailable() -> str | None:
    """Why the PostgreSQL tests cannot run here, or ``None`` when the server answers."""
    url = os.environ.get(URL_ENV)
    if not url:
        return f"no PostgreSQL server for the tests: {URL_ENV} is not set (.ci/run starts one)"
    try:
        import psycopg
    except ImportError:
        return "the PostgreSQL driver is missing: pip install -e .[postgres]"
    try:
        psycopg.connect(_libpq(url), connect_timeout=5).close()
    except psycopg.Error as error:
        shown = make_url(database_url(url)).render_as_string()
        return f"the PostgreSQL server at {shown} cannot be reached: {error}".strip()
    return None


def require_server() -> None:
    """Skip (fail under CI) unless the server answers."""
    reason = unavailable()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the PostgreSQL tests, but {reason}", pytrace=False)
    pytest.skip(reason)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_libpq(os.environ[URL_ENV]), autocommit=True) as conn:
        conn.execute(sql)


def create_database(template: str | None = None) -> str:
    """A new, empty (or ``template``-copied) database; its SQLAlchemy URL."""
    import psycopg

    name = f"bcp_test_{uuid.uuid4().hex[:12]}"
    for attempt in range(20):
        try:
            _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
            break
        except psycopg.errors.ObjectInUse:
            # Autovacuum may be visiting the template for a moment ("being accessed by
            # other users"); it leaves within a second.
            if attempt == 19:
                raise
            time.sleep(0.25)
    server = make_url(database_url(os.environ[URL_ENV]))
    return server.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def database_name(url: str) -> str:
    return str(make_url(url).database)


def copy_sqlite_into(sqlite_file: Path, url: str) -> None:
    """Every table and row of an SQLite database (say, a released schema's fixture), as it is,
    into an empty PostgreSQL database: what a team moving its file to a server would do."""
    source = create_engine(f"sqlite:///{sqlite_file.as_posix()}")
    target = create_engine(url)
    meta = MetaData()
    meta.reflect(source)
    for table in meta.tables.values():
        for column in table.columns:
            column.type = column.type.as_generic()
    try:
        meta.create_all(target)
        with source.connect() as reading, target.begin() as writing:
            for table in meta.sorted_tables:
                rows = [dict(row._mapping) for row in reading.execute(select(table))]
                if rows:
                    writing.execute(table.insert(), rows)
                keys = list(table.primary_key.columns)
                if len(keys) == 1 and isinstance(keys[0].type, Integer):
                    # Rows came with their ids: move the id sequence past them.
                    writing.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', "
                            f"'{keys[0].name}'), COALESCE(MAX(\"{keys[0].name}\"), 0) + 1, "
                            f'false) FROM "{table.name}"'
                        )
                    )
    finally:
        source.dispose()
        target.dispose()
