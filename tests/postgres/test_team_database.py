"""One shared PostgreSQL database behaves as the embedded SQLite file does: the same schema,
every released schema migrates, every importer loads the same rows (appointments through
COPY), broken files are refused and change nothing, and plans are solved, saved and exported
with each user's work attributed to them."""

from __future__ import annotations

import getpass
import shutil
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text

from bcprimary.cli.main import main
from bcprimary.db import database_url, open_database
from bcprimary.db.engine import DriverMissing
from bcprimary.db.migrations import SCHEMA_VERSION
from bcprimary.db.models import Appointments, ImportLog, Scenario
from bcprimary.importing.readers.appointments import AppointmentsReader
from tests.conftest import realdata
from tests.db.test_schema import RELEASED
from tests.factories import DENTAL_BC, import_all
from tests.importing.activity_inputs import crosstab
from tests.importing.realslices import dump_database, import_one
from tests.postgres import server

#: What differs between two imports of the same files (when, how long, where from).
VOLATILE = {"imported_at", "seconds", "file_path", "created_at", "modified_at"}


def _sample_files():
    from bcprimary.sample import sample_files

    return sample_files()


def _comparable(db) -> dict[str, list[tuple]]:
    """Every table's rows without the columns that record when and where an import ran; the
    appointments (a million rows) as exact totals per month and practice."""
    comparable = {}
    for name, rows in dump_database(db, skip=("appointments",)).items():
        columns = list(rows[0]._fields) if rows else []
        keep = [i for i, c in enumerate(columns) if c not in VOLATILE]
        comparable[name] = sorted(tuple(row[i] for i in keep) for row in rows)
    a = Appointments
    with db.engine.connect() as conn:
        comparable["appointments"] = sorted(
            conn.execute(
                select(
                    a.month,
                    a.practice_code,
                    func.count(),
                    func.sum(a.count),
                    func.sum(a.count * (a.hcp_type + 7 * a.appt_mode + 31 * a.appt_status)),
                    func.sum(a.national_category * 37 + a.time_between_book_and_appt),
                ).group_by(a.month, a.practice_code)
            ).all()
        )
    return comparable


def _one_month(db) -> None:
    """A small database to break files against: one generated month and dental contracts."""
    folder = Path(tempfile.mkdtemp(prefix="bcp month "))
    try:
        import_all(db, [crosstab(folder, seed=5).path, realdata(DENTAL_BC)])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_new_database_has_the_current_schema_and_the_reference_tables(database_target):
    db = open_database(database_target)
    with db.engine.connect() as conn:
        version = conn.execute(text("select value from meta where key='schema_version'"))
        assert int(version.scalar()) == SCHEMA_VERSION
        assert conn.execute(text("select count(*) from arrs_role")).scalar() >= 15
        places = conn.execute(text("select count(distinct place) from pcn_place")).scalar()
    assert places == 4
    db.dispose()
    open_database(database_target).dispose()  # opening again changes nothing


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_every_released_schema_loaded_into_postgres_migrates(fixture: Path, postgres_url):
    from bcprimary.scenarios import get_scenario, list_scenarios, stored_plan
    from tests.db.make_fixtures import V1_SCENARIO

    server.copy_sqlite_into(fixture, postgres_url)
    db = open_database(postgres_url)
    with db.engine.connect() as conn:
        assert int(conn.execute(text("select value from meta")).scalar()) == SCHEMA_VERSION
        patients = conn.execute(text("select count(*) from registered_patients")).scalar()
        logs = conn.execute(text("select count(*) from import_log")).scalar()
        columns = {c for (c,) in conn.execute(text(
            "select column_name from information_schema.columns where table_name='import_log'"
        ))}  # fmt: skip
    assert patients > 0 and logs > 0 and "imported_by" in columns
    records = list_scenarios(db)
    assert records
    for record in records:
        assert record.settings.options.budget_gbp > 0
        stored_plan(db, record.name)
    old = get_scenario(db, V1_SCENARIO).settings
    assert old.options.budget_gbp == 1_500_000 and old.options.need_uplift == "quintile"
    # The sequences moved past the copied rows: new rows can be added.
    import_one(db, next(p for p in _sample_files() if "dental" in p.name.lower()))
    db.dispose()


def test_every_importer_stores_the_same_rows_on_postgres_as_on_sqlite(
    copy_database, postgres_templates
):
    sqlite = copy_database("sample")
    server.require_server()
    url = postgres_templates.copy("sample", lambda db: import_all(db, _sample_files()))
    postgres = open_database(url)
    try:
        expected, found = _comparable(sqlite), _comparable(postgres)
        assert set(found) == set(expected)
        for table in expected:
            assert found[table] == expected[table], f"{table} differs"
        with postgres.session() as session:
            imports = session.scalar(select(func.count()).select_from(ImportLog))
        assert imports == len(_sample_files())
        assert sum(row[2] for row in found["appointments"]) > 1_000_000
    finally:
        postgres.dispose()
        server.drop_database(url)


BROKEN_CROSSTABS = (
    "duplicate key row in a later chunk",
    "mixed months in a later chunk",
    "duplicate key row",
    "negative count",
)


@pytest.mark.parametrize("name", BROKEN_CROSSTABS)
def test_a_broken_crosstab_is_refused_on_postgres_and_changes_nothing(
    name, postgres_templates, tmp_path, monkeypatch
):
    from tests.importing.test_bad_input_activity import CASES

    case = next(c for c in CASES if c.name == name)
    server.require_server()
    url = postgres_templates.copy("one month", _one_month)
    db = open_database(url)
    try:
        if case.chunk_rows:
            monkeypatch.setattr(AppointmentsReader, "chunk_rows", case.chunk_rows)
        path = case.build(tmp_path)
        before = dump_database(db)
        outcome = import_one(db, path)
        assert not outcome.ok, f"{case.name} was accepted"
        for fragment in case.fragments:
            assert fragment in outcome.error, f"{fragment!r} not in: {outcome.error}"
        assert dump_database(db) == before
    finally:
        db.dispose()
        server.drop_database(url)


@pytest.mark.slow
def test_demo_solves_saves_and_exports_with_each_step_attributed(database_target, tmp_path):
    out = tmp_path / "plan folder" / "plan.xlsx"
    out.parent.mkdir()
    assert main(["--db", database_target, "demo", "--out", str(out)]) == 0
    assert load_workbook(out, read_only=True).sheetnames[0] == "Read me"
    db = open_database(database_target)
    user = getpass.getuser()
    with db.session() as session:
        importers = set(session.scalars(select(ImportLog.imported_by)))
        scenario = session.scalars(select(Scenario)).one()
        assert importers == {user}
        assert (scenario.solved_by, scenario.modified_by) == (user, user)
        assert scenario.results
    db.dispose()
    assert main(["--db", database_target, "scenarios", "list"]) == 0


def test_a_postgres_url_means_the_shipped_driver_and_a_missing_driver_is_a_sentence():
    assert database_url("postgresql://team@db.example/plans").startswith("postgresql+psycopg://")
    assert database_url("postgres://a:b@h/d") == "postgresql+psycopg://a:b@h/d"
    assert database_url("postgresql+psycopg://a@h/d") == "postgresql+psycopg://a@h/d"
    with pytest.raises(DriverMissing, match=r"driver is not installed \(pyodbc\)"):
        open_database("mssql+pyodbc://user:secret@server/plans")
