"""The packaged sample data, from the test-database factory; each test gets a copy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.fixture
def sample_db_path(databases, tmp_path):
    return databases.copy_file("sample", tmp_path / "my data", "sample copy.sqlite")


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
