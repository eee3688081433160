"""Fixtures for the team-database tests: fresh PostgreSQL databases, templates built once per
test process (as ``tests/factories.py`` does for SQLite files), and a backend parameter that
runs a test on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from bcprimary.db import Database, open_database
from tests.postgres import server

BACKENDS = ("sqlite", "postgresql")


class PostgresTemplates:
    """Named template databases on the server, built at most once per test process, and
    copies of them (``CREATE DATABASE … TEMPLATE``, a file copy on the server)."""

    def __init__(self) -> None:
        self._built: dict[str, str] = {}
        self.made: list[str] = []

    def url(self, name: str, build: Callable[[Database], None]) -> str:
        if name not in self._built:
            url = server.create_database()
            self.made.append(url)
            db = open_database(url)
            try:
                build(db)
            finally:
                db.dispose()  # a template may have no open connections
            self._built[name] = url
        return self._built[name]

    def copy(self, name: str, build: Callable[[Database], None]) -> str:
        url = server.create_database(template=server.database_name(self.url(name, build)))
        self.made.append(url)
        return url

    def drop_all(self) -> None:
        for url in reversed(self.made):
            server.drop_database(url)


@pytest.fixture(scope="session")
def postgres_templates() -> Iterator[PostgresTemplates]:
    templates = PostgresTemplates()
    yield templates
    if server.unavailable() is None:
        templates.drop_all()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """An empty database of this test's own on the server (dropped afterwards)."""
    server.require_server()
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql":
        server.require_server()
    return request.param


@pytest.fixture
def database_target(backend, tmp_path, request) -> str:
    """Where this test's empty database lives: an SQLite file, or a server database."""
    if backend == "sqlite":
        return str(tmp_path / "team folder" / "planner.sqlite")
    return request.getfixturevalue("postgres_url")
