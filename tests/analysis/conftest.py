"""The national Black Country template (tests/factories.py): the real published files plus
three generated appointment months. Each test gets its own copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import NATIONAL_FILES, NATIONAL_MONTHS

MONTHS = list(NATIONAL_MONTHS)
REAL_FILES = list(NATIONAL_FILES)


@pytest.fixture(scope="session")
def crosstabs(databases) -> list[Path]:
    """The generated appointment files imported into the template."""
    return databases.info("black country")


@pytest.fixture
def bc_db(copy_database):
    return copy_database("black country")
