"""Shared fixtures: real published files from ../shared/realdata, fresh databases, Qt offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Qt must never need a display: CI has none.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
#: ../shared/realdata beside the checkout; a git worktree one level deeper finds it too.
REALDATA = next(
    (p / "shared" / "realdata" for p in REPO.parents if (p / "shared" / "realdata").is_dir()),
    REPO.parent / "shared" / "realdata",
)


def realdata(relative: str) -> Path:
    """A real published file; the test is skipped only if the shared folder is absent."""
    path = REALDATA / relative
    if not path.exists():
        pytest.skip(f"real data file not available: {path}")
    return path


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """The test-database factory (tests/factories.py): each template built once per run."""
    from tests.factories import DatabaseFactory

    return DatabaseFactory(tmp_path_factory.mktemp("database templates") / "templates with spaces")


@pytest.fixture
def copy_database(databases, tmp_path):
    """``copy_database(name)``: this test's own copy of a named template, closed afterwards."""
    opened = []

    def copy(name: str, file_name: str = "test db.sqlite"):
        database = databases.copy(name, tmp_path / "data folder with spaces", file_name)
        opened.append(database)
        return database

    yield copy
    for database in opened:
        database.dispose()


@pytest.fixture
def db(copy_database):
    """A fresh embedded SQLite database in a folder whose name has spaces."""
    return copy_database("empty")
