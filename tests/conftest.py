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


@pytest.fixture
def db(tmp_path):
    """A fresh embedded SQLite database in a folder whose name has spaces."""
    from bcprimary.db import open_database

    folder = tmp_path / "data folder with spaces"
    database = open_database(folder / "test db.sqlite")
    yield database
    database.dispose()
