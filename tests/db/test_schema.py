"""The database: created at the current schema version, every released version still opens,
a newer database is refused with a plain message, and ``--db`` accepts paths and URLs."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from bcprimary.db import database_url, open_database
from bcprimary.db.migrations import SCHEMA_VERSION, SchemaError

FIXTURES = Path(__file__).parent / "fixtures"
#: One small database per released schema version (see make_fixture below).
RELEASED = sorted(FIXTURES.glob("schema_v*.sqlite"))


def test_a_new_database_has_the_current_version_and_the_reference_tables(db):
    with db.engine.connect() as conn:
        version = conn.execute(text("select value from meta where key='schema_version'"))
        assert int(version.scalar()) == SCHEMA_VERSION
        roles = conn.execute(text("select count(*) from arrs_role")).scalar()
        places = conn.execute(text("select count(distinct place) from pcn_place")).scalar()
    assert roles >= 15 and places == 4
    assert db.path is not None and " " in str(db.path)


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_every_released_schema_still_opens_and_keeps_its_data(fixture, tmp_path):
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    before = sqlite3.connect(copy).execute("select count(*) from registered_patients").fetchone()
    db = open_database(copy)
    with db.engine.connect() as conn:
        assert int(conn.execute(text("select value from meta")).scalar()) == SCHEMA_VERSION
        after = conn.execute(text("select count(*) from registered_patients")).scalar()
        logs = conn.execute(text("select count(*) from import_log")).scalar()
    assert after == before[0] > 0 and logs > 0
    db.dispose()


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_every_released_schema_keeps_its_scenarios_loadable(fixture, tmp_path):
    from bcprimary.scenarios import get_scenario, list_scenarios, stored_plan
    from solver.parameters import Cap, Lock
    from tests.db.make_fixtures import V1_SCENARIO

    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    db = open_database(copy)
    records = list_scenarios(db)
    assert records
    for record in records:
        assert record.settings.options.budget_gbp > 0
        stored_plan(db, record.name)  # a saved plan, if any, loads too
    # Version 1 stored the knobs flat and locks and caps as dicts: they come back typed.
    old = get_scenario(db, V1_SCENARIO).settings
    assert old.options.budget_gbp == 1_500_000 and old.options.need_uplift == "quintile"
    assert old.options.dental_budget_gbp == 250_000
    assert old.locks == (Lock("U00001", "clinical_pharmacist", 1.0),)
    assert old.caps == (Cap("U00001", "clinical_pharmacist", 3.0),)
    assert old.icb_codes == ("QUA",) and old.roles[0].cap_rule == "2 WTE per PCN"
    plan = stored_plan(db, V1_SCENARIO)
    assert plan is not None and plan.parameters.options.target_rate == 480.0
    assert plan.parameters.options.budget_gbp == 1_500_000 and plan.frontier is None
    db.dispose()


def test_there_is_a_fixture_for_every_version():
    assert [int(p.stem.removeprefix("schema_v")) for p in RELEASED] == list(
        range(1, SCHEMA_VERSION + 1)
    )


def test_a_database_from_a_newer_app_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    open_database(path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("update meta set value='99' where key='schema_version'")
    with pytest.raises(SchemaError, match="newer version of the app"):
        open_database(path)


def test_db_argument_takes_paths_and_urls(tmp_path):
    assert database_url("sqlite://") == "sqlite://"
    url = database_url(tmp_path / "a b" / "c.sqlite")
    assert url.startswith("sqlite:///") and url.endswith("a b/c.sqlite")
    assert (tmp_path / "a b").is_dir()
    memory = open_database("sqlite://")
    assert memory.path is None
    memory.dispose()


def make_fixture(path: Path, realdata_file: Path) -> None:  # pragma: no cover - a tool
    """How each released fixture was made: a fresh database with one small real import."""
    from bcprimary.importing import import_files

    db = open_database(path)
    import_files(db, [realdata_file])
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
    db.dispose()
