"""The packaged sample data loaded once into a template database; each test gets a copy."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from bcprimary.db import open_database
from bcprimary.importing import import_files
from bcprimary.sample import sample_files
from tests.conftest import REPO


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "sample.sqlite"
    db = open_database(path)
    outcomes = import_files(db, sample_files())
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    with db.engine.connect() as conn:  # fold the WAL into the file before copying it
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def sample_db_path(sample_template, tmp_path):
    target = tmp_path / "my data" / "sample copy.sqlite"
    target.parent.mkdir()
    shutil.copy(sample_template, target)
    return target


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m bcprimary ARGS`` in a child process, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "bcprimary", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        encoding="utf-8",
    )
