"""A real Black Country plan, built once per test session, and its exported workbook.

The database is imported from the real published files in ../shared/realdata plus three
generated appointment months (named SYNTHETIC_… so the import log flags them), scoped to NHS
Black Country ICB (QUA) and solved with the default settings. A few names are replaced before
the solve with text a spreadsheet would evaluate, to prove the export keeps them as text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import realdata

#: Names that would be formulas (or phone numbers read as sums) if written carelessly.
RISKY_PCN_NAMES = ['=HYPERLINK("http://x","y")', "+44 121 555 0000"]
RISKY_PRACTICE_NAMES = ["-1", "@SUM(A1)"]
#: A long practice name with characters that need care (and a control character XML forbids).
LONG_NAME = "Ærøskøbing & Sons' “Surgery” <Branch> — " + "Long Name " * 25 + "\x07end"
SCENARIO = "Black Country — 2025/26 “what if” £2m"


@dataclass
class ExportedPlan:
    db: object
    db_path: Path
    solved: object
    workbook: Path
    folder: Path
    patched_pcns: dict[str, str]
    patched_practices: dict[str, str]


def _appointment_files(folder: Path) -> list[Path]:
    from sample_data.synthetic.appointments import write_crosstab_months
    from sample_data.synthetic.practices import load_practice_profiles

    profiles = load_practice_profiles(
        realdata("registered_patients/gp-reg-pat-prac-all_2025-10.csv"),
        realdata("practice_pcn_map/gp-reg-pat-prac-map_2025-10.csv"),
        realdata("deprivation/fingertips_93553_imd2019_practice.csv"),
        sub_icb_codes=["D2P2L"],
    )
    months = [dt.date(2025, m, 1) for m in (7, 8, 9)]
    written = write_crosstab_months(folder, profiles, months, seed=2025, zipped=True)
    files = []
    for summary in written:
        # The import log flags a file as synthetic from its name.
        renamed = summary.path.with_name(f"SYNTHETIC_{summary.path.name}")
        summary.path.rename(renamed)
        files.append(renamed)
    return files


def _patch_names(db, names: list[str], model) -> dict[str, str]:
    """Give the first PCNs / practices of the Black Country the risky names."""
    patched = {}
    with db.session() as session:
        rows = session.execute(
            select(model).where(model.icb_code == "QUA").order_by(model.code)
        ).scalars()
        for row, name in zip(rows, names, strict=False):
            row.name = name
            patched[row.code] = name
    return patched


@pytest.fixture(scope="session")
def exported_plan(tmp_path_factory) -> ExportedPlan:
    from bcprimary.db import open_database
    from bcprimary.db.models import PCN, Practice
    from bcprimary.exporting.workbook import export_plan
    from bcprimary.importing import import_files
    from bcprimary.scenarios import create_scenario, default_settings, solve_scenario

    folder = tmp_path_factory.mktemp("export") / "plan folder with spaces"
    folder.mkdir()
    paths = [
        realdata("registered_patients/gp-reg-pat-prac-all_2025-10.csv"),
        realdata("practice_pcn_map/gp-reg-pat-prac-map_2025-10.csv"),
        realdata("payments/nhs-payments-to-general-practice-2024-25.csv"),
        realdata("deprivation/fingertips_93553_imd2019_practice.csv"),
        realdata("dental/Black Country ICS PC dental list October 2022.xlsx"),
        *_appointment_files(folder),
    ]
    db_path = folder / "planner db.sqlite"
    db = open_database(db_path)
    outcomes = import_files(db, paths)
    rejected = [o.error for o in outcomes if not o.ok]
    assert not rejected, rejected
    patched_pcns = _patch_names(db, RISKY_PCN_NAMES, PCN)
    patched_practices = _patch_names(db, [*RISKY_PRACTICE_NAMES, LONG_NAME], Practice)
    with db.session() as session:
        settings = dataclasses.replace(default_settings(session), icb_codes=("QUA",))
    create_scenario(db, SCENARIO, settings, notes="Export tests: default settings, ICB QUA.")
    solved = solve_scenario(db, SCENARIO)
    assert solved.result.has_plan, solved.result.message
    workbook = export_plan(db, solved, folder / "Black Country plan.xlsx")
    return ExportedPlan(db, db_path, solved, workbook, folder, patched_pcns, patched_practices)


@pytest.fixture(scope="session")
def workbook(exported_plan):
    from openpyxl import load_workbook

    return load_workbook(exported_plan.workbook)


def libreoffice_or_skip() -> None:
    """Skip without LibreOffice, except under CI where it is installed and must run."""
    from docs.render import find_soffice

    if find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required under CI: run .ci/install.py --test")
        pytest.skip("LibreOffice (soffice) is not installed; `python .ci/install.py --test`")


@pytest.fixture(scope="session")
def recalculated(exported_plan, tmp_path_factory):
    """The workbook after LibreOffice opened it, recalculated every formula and saved it."""
    from openpyxl import load_workbook

    from docs.render import recalculate

    libreoffice_or_skip()
    out = tmp_path_factory.mktemp("recalculated")
    copy = out / "input" / exported_plan.workbook.name
    copy.parent.mkdir()
    shutil.copyfile(exported_plan.workbook, copy)
    return load_workbook(recalculate(copy, out / "output"), data_only=True)
