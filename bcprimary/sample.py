"""The packaged Black Country sample dataset (see sample_data/README.md)."""

from __future__ import annotations

from pathlib import Path

from bcprimary.importing.sources import DATA_SUFFIXES
from bcprimary.paths import sample_data_dir


def sample_files() -> list[Path]:
    """Every data file of the sample, in a stable order."""
    folder = sample_data_dir()
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in DATA_SUFFIXES or p.suffix == ".zip"
    )
