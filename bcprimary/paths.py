"""Where things live: the user's database, the packaged reference tables and sample data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "BCPrimaryCarePlanner"
APP_AUTHOR = "BCPrimaryCare"


def user_data_dir() -> Path:
    """The per-user folder for the default database (created on demand)."""
    path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return user_data_dir() / "bcprimary.sqlite"


def resource_path(name: str) -> Path:
    """A file shipped in the ``resources`` package (reference tables, style sheet, icons)."""
    return Path(str(resources.files("resources").joinpath(name)))


def sample_data_dir() -> Path:
    """The folder holding the packaged Black Country sample dataset."""
    return Path(str(resources.files("sample_data")))
