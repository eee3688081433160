"""A Black Country database built from the real published files plus generated appointments.

Built once per test session; tests must not write to it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bcprimary.db import open_database
from bcprimary.importing import import_files
from sample_data.synthetic.appointments import crosstab_file_name, write_crosstab
from sample_data.synthetic.practices import load_practice_profiles
from tests.conftest import realdata

MONTHS = [dt.date(2025, 7, 1), dt.date(2025, 8, 1), dt.date(2025, 9, 1)]
REAL_FILES = [
    "registered_patients/gp-reg-pat-prac-all_2025-10.csv",
    "practice_pcn_map/gp-reg-pat-prac-map_2025-10.csv",
    "payments/nhs-payments-to-general-practice-2024-25.csv",
    "deprivation/fingertips_93553_imd2019_practice.csv",
]


@pytest.fixture(scope="session")
def crosstabs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("crosstabs")
    profiles = load_practice_profiles(
        realdata(REAL_FILES[0]), realdata(REAL_FILES[1]), realdata(REAL_FILES[3]), ["D2P2L"]
    )
    paths = []
    for month in MONTHS:
        path = folder / ("SYNTHETIC_" + crosstab_file_name(month))
        write_crosstab(path, profiles, month, seed=7)
        paths.append(path)
    return paths


@pytest.fixture(scope="session")
def bc_db(tmp_path_factory, crosstabs):
    folder = tmp_path_factory.mktemp("bc db")
    db = open_database(folder / "black country.sqlite")
    outcomes = import_files(db, [realdata(f) for f in REAL_FILES] + crosstabs)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    yield db
    db.dispose()
