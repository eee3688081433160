"""The one place the test databases are built.

Each named template is imported once per test run, into a folder whose name has spaces, and
every test gets its own copy of the SQLite file opened with a new engine: tests may write to
their copy, and nothing they do reaches the template or another test. Templates can start from
a copy of another one (the solved sample starts from the sample), so nothing is imported twice.

The national files that feed the generated appointment months are read once per run too.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from bcprimary.db import Database, open_database
from tests.conftest import realdata

REGISTERED_2025_10 = "registered_patients/gp-reg-pat-prac-all_2025-10.csv"
REGISTERED_BLACK_COUNTRY = "registered_patients/gp-reg-pat-prac-all_2026-04_black_country.csv"
MAP_2025_10 = "practice_pcn_map/gp-reg-pat-prac-map_2025-10.csv"
PAYMENTS = "payments/nhs-payments-to-general-practice-2024-25.csv"
IMD_2019 = "deprivation/fingertips_93553_imd2019_practice.csv"
DENTAL_BC = "dental/Black Country ICS PC dental list October 2022.xlsx"

#: The real files behind the national Black Country template (England-wide publications).
NATIONAL_FILES = (REGISTERED_2025_10, MAP_2025_10, PAYMENTS, IMD_2019)
#: The real files behind the app's area template (the April 2026 list, Black Country rows).
AREA_FILES = (REGISTERED_BLACK_COUNTRY, MAP_2025_10, PAYMENTS, IMD_2019)
#: Generated appointment months of the national template, and of the app's planning template.
NATIONAL_MONTHS = tuple(dt.date(2025, m, 1) for m in (7, 8, 9))
#: The one generated month of every practice in England (the "national" template).
ENGLAND_MONTH = dt.date(2025, 9, 1)
PLANNING_MONTHS = tuple(dt.date(2025, m, 1) for m in (8, 9, 10))
BLACK_COUNTRY_SUB_ICB = "D2P2L"
#: Demand publications added to the planning template (telephony, online consultations).
DEMAND_FILES = (
    "demand/Cloud Based Telephony Publication Summary November 2025.xlsx",
    "demand/Submissions via OC Systems in General Practice - December 2025.xlsx",
)


# --- real files read once per run ----------------------------------------------------------


@cache
def practice_profiles(registered: str = REGISTERED_2025_10) -> tuple:
    """Every practice of a registered-patients file joined to the October 2025 map and IMD."""
    from sample_data.synthetic.practices import load_practice_profiles

    return tuple(
        load_practice_profiles(realdata(registered), realdata(MAP_2025_10), realdata(IMD_2019))
    )


@cache
def black_country_profiles(registered: str = REGISTERED_2025_10) -> tuple:
    """The Black Country (sub-ICB D2P2L) practices of :func:`practice_profiles`."""
    profiles = practice_profiles(registered)
    return tuple(p for p in profiles if p.sub_icb_code == BLACK_COUNTRY_SUB_ICB)


# --- templates -------------------------------------------------------------------------------


def import_all(db: Database, paths: Sequence[Path]) -> list:
    from bcprimary.importing import import_files

    outcomes = import_files(db, list(paths))
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    return outcomes


def solve_default(db: Database, name: str = "Default", **changes) -> object:
    """Create ``name`` from the default settings with ``changes`` and solve it (in-process)."""
    from bcprimary import scenarios

    with db.session() as session:
        settings = scenarios.default_settings(session).with_options(**changes)
    scenarios.create_scenario(db, name, settings, "Made by the tests.")
    return scenarios.solve_scenario(db, name)


@dataclass(frozen=True)
class Template:
    """How one template is made: from ``base`` (a copy of another template, or empty), then
    ``build(db, folder, factory)``; what ``build`` returns is kept as the template's ``info``."""

    build: Callable[[Database, Path, DatabaseFactory], object]
    base: str | None = None


def _sample(db: Database, folder: Path, factory: DatabaseFactory) -> None:
    from bcprimary.sample import sample_files

    files = sample_files()
    if not files:
        pytest.skip("the packaged sample data is not available")
    import_all(db, files)


def _black_country_crosstabs(folder: Path, factory: DatabaseFactory) -> list[Path]:
    """Three generated months over the Black Country practices of October 2025, named
    SYNTHETIC_… so the import log flags them."""
    from sample_data.synthetic.appointments import write_crosstab_months

    written = write_crosstab_months(folder, black_country_profiles(), NATIONAL_MONTHS, seed=7)
    files = []
    for summary in written:
        renamed = summary.path.with_name(f"SYNTHETIC_{summary.path.name}")
        summary.path.rename(renamed)
        files.append(renamed)
    return files


def _national(db: Database, folder: Path, factory: DatabaseFactory) -> list[Path]:
    crosstabs = _black_country_crosstabs(folder / "appointments", factory)
    import_all(db, [realdata(name) for name in NATIONAL_FILES] + crosstabs)
    return crosstabs


def build_england(db: Database, folder: Path) -> list[Path]:
    """The real national files plus one generated appointments month of every practice in
    England (~6,200 practices, a few million rows), named SYNTHETIC_… so the log flags it."""
    from sample_data.synthetic.appointments import write_crosstab_months

    (written,) = write_crosstab_months(
        folder / "appointments", practice_profiles(), [ENGLAND_MONTH], 5
    )
    month = written.path.with_name(f"SYNTHETIC_{written.path.name}")
    written.path.rename(month)
    import_all(db, [realdata(name) for name in NATIONAL_FILES] + [month])
    month.unlink()  # a national month is several hundred MB; the database holds it now
    return [month]


def _england(db: Database, folder: Path, factory: DatabaseFactory) -> list[Path]:
    return build_england(db, folder)


def _area(db: Database, folder: Path, factory: DatabaseFactory) -> None:
    import_all(db, [realdata(name) for name in AREA_FILES])


def _planning(db: Database, folder: Path, factory: DatabaseFactory) -> None:
    from sample_data.synthetic.appointments import write_crosstab_months

    profiles = practice_profiles(REGISTERED_BLACK_COUNTRY)
    written = write_crosstab_months(folder / "appointments", profiles, PLANNING_MONTHS, seed=11)
    import_all(db, [c.path for c in written])


def _demand(db: Database, folder: Path, factory: DatabaseFactory) -> None:
    import_all(db, [realdata(name) for name in DEMAND_FILES])


def _solved(db: Database, folder: Path, factory: DatabaseFactory) -> object:
    return solve_default(db)


#: The named templates. Each is built at most once per run, the first time a test asks for it.
TEMPLATES: dict[str, Template] = {
    # an empty database at the current schema with its reference tables
    "empty": Template(lambda db, folder, factory: None),
    # the packaged sample data, as `bcprimary sample` loads it
    "sample": Template(_sample),
    # the same with the Default scenario solved
    "sample solved": Template(_solved, base="sample"),
    # the national publications plus three generated Black Country appointment months
    "black country": Template(_national),
    # the national publications plus one generated appointments month of all of England
    # (slow to build: tests that use it are marked slow)
    "national": Template(_england),
    # the April 2026 Black Country list, October 2025 map, weighted list and IMD
    "area": Template(_area),
    # the area plus three generated appointment months: enough to solve a plan
    "planning": Template(_planning, base="area"),
    # the planning template plus a telephony month and an online-consultation month
    "demand": Template(_demand, base="planning"),
}


class DatabaseFactory:
    """Builds each template once (lazily) and hands out copies of it."""

    def __init__(self, folder: Path, templates: dict[str, Template] | None = None) -> None:
        self.folder = folder
        self.templates = dict(TEMPLATES if templates is None else templates)
        self._built: dict[str, tuple[Path, object]] = {}

    def add(self, name: str, template: Template) -> None:
        """Register a template (a suite's own variation); built on first use like the rest."""
        if name in self.templates and self.templates[name] != template:
            raise ValueError(f"a different template is already called {name!r}")
        self.templates[name] = template

    def template(self, name: str) -> Path:
        """The template's SQLite file, built now if this is the first request."""
        return self._build(name)[0]

    def info(self, name: str) -> object:
        """What the template's build step returned (files written, a solved scenario, …)."""
        return self._build(name)[1]

    def copy(self, name: str, folder: Path, file_name: str = "test db.sqlite") -> Database:
        """A new database: a file copy of the template in ``folder``, opened with a new engine."""
        return open_database(self.copy_file(name, folder, file_name))

    def copy_file(self, name: str, folder: Path, file_name: str = "test db.sqlite") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / file_name
        shutil.copyfile(self.template(name), target)
        return target

    def _build(self, name: str) -> tuple[Path, object]:
        if name not in self._built:
            template = self.templates[name]
            folder = self.folder / name
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{name} template.sqlite"
            if template.base is not None:
                shutil.copyfile(self.template(template.base), path)
            db = open_database(path)
            try:
                info = template.build(db, folder, self)
                checkpoint(db)
            finally:
                db.dispose()
            self._built[name] = (path, info)
        return self._built[name]


def checkpoint(db: Database) -> None:
    """Fold the write-ahead log into the database file, so a file copy holds everything."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
