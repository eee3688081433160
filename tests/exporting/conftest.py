"""A real Black Country plan, built once per test session, and its exported workbook.

The database starts from the factory's national Black Country template (the real published
files in ../shared/realdata plus three generated appointment months named SYNTHETIC_… so the
import log flags them), adds the Black Country dental contracts, and is scoped to NHS Black
Country ICB (QUA) and solved with the default settings; each test gets its own copy. A few
names are replaced before the solve with text a spreadsheet would evaluate, to prove the export
keeps them as text.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import realdata
from tests.factories import DENTAL_BC, Template, import_all

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
    patched_pcns: dict[str, str]
    patched_practices: dict[str, str]


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


def _build_plan(db, folder: Path, factory) -> dict:
    from bcprimary.db.models import PCN, Practice
    from bcprimary.exporting.workbook import export_plan
    from bcprimary.scenarios import create_scenario, default_settings, solve_scenario

    import_all(db, [realdata(DENTAL_BC)])
    patched_pcns = _patch_names(db, RISKY_PCN_NAMES, PCN)
    patched_practices = _patch_names(db, [*RISKY_PRACTICE_NAMES, LONG_NAME], Practice)
    with db.session() as session:
        settings = dataclasses.replace(default_settings(session), icb_codes=("QUA",))
    create_scenario(db, SCENARIO, settings, notes="Export tests: default settings, ICB QUA.")
    solved = solve_scenario(db, SCENARIO)
    assert solved.result.has_plan, solved.result.message
    plan_folder = folder / "plan folder with spaces"
    plan_folder.mkdir()
    workbook = export_plan(db, solved, plan_folder / "Black Country plan.xlsx")
    return {
        "solved": solved,
        "workbook": workbook,
        "patched_pcns": patched_pcns,
        "patched_practices": patched_practices,
    }


@pytest.fixture(scope="session")
def plan_template(databases) -> dict:
    """The national Black Country template with dental contracts, risky names and the
    scenario solved, and its workbook (built once; tests only read the workbook)."""
    databases.add("black country plan", Template(_build_plan, base="black country"))
    return databases.info("black country plan")


@pytest.fixture
def exported_plan(plan_template, copy_database) -> ExportedPlan:
    """The solved plan and its workbook, over this test's own copy of the database."""
    db = copy_database("black country plan", "planner db.sqlite")
    return ExportedPlan(db=db, db_path=db.path, **plan_template)


@pytest.fixture(scope="session")
def workbook(plan_template):
    from openpyxl import load_workbook

    return load_workbook(plan_template["workbook"])


def libreoffice_or_skip() -> None:
    """Skip without LibreOffice, except under CI where it is installed and must run."""
    from docs.render import find_soffice

    if find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required under CI: run .ci/install.py --test")
        pytest.skip("LibreOffice (soffice) is not installed; `python .ci/install.py --test`")


@pytest.fixture(scope="session")
def recalculated(plan_template, tmp_path_factory):
    """The workbook after LibreOffice opened it, recalculated every formula and saved it."""
    from openpyxl import load_workbook

    from docs.render import recalculate

    libreoffice_or_skip()
    out = tmp_path_factory.mktemp("recalculated")
    copy = out / "input" / plan_template["workbook"].name
    copy.parent.mkdir()
    shutil.copyfile(plan_template["workbook"], copy)
    return load_workbook(recalculate(copy, out / "output"), data_only=True)
