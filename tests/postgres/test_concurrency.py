"""Two commissioners on one shared PostgreSQL database at the same time, each a separate
process under their own user name: one imports a large appointments month while the other
solves and exports a plan; then two import different months into an empty database. Every
command succeeds within its time bound, the stored rows match the files exactly, and each
import and plan is attributed to whoever ran it. A deadlock would surface as a failed command
(PostgreSQL aborts one side and says so), so "both succeed" also means "no deadlock"."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bcprimary.db import open_database
from bcprimary.db.models import AppointmentMonth, Appointments, ImportLog, Scenario
from tests.conftest import REPO
from tests.factories import import_all
from tests.importing.activity_inputs import black_country, crosstab, national_practices
from tests.postgres import server

pytestmark = pytest.mark.slow

#: Practices in the large month: ~1 million rows, an eighth of a national month.
LARGE_MONTH_PRACTICES = 1_600
#: No command may take longer than this, however the two interleave.
BOUND_SECONDS = 300


@dataclass
class Run:
    process: subprocess.Popen
    started: float
    ended: float | None = None

    def wait(self) -> tuple[int, str]:
        output, _ = self.process.communicate(timeout=BOUND_SECONDS)
        self.ended = time.perf_counter()
        return self.process.returncode, output


def _as_user(user: str, *args: str) -> Run:
    """``bcprimary ARGS`` in a new process, as OS user ``user`` (getpass reads LOGNAME)."""
    env = dict(os.environ, LOGNAME=user, USER=user, USERNAME=user, PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-m", "bcprimary", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return Run(process, time.perf_counter())


def _assert_month_exact(db, summary, user: str) -> None:
    a = Appointments
    with db.session() as session:
        rows, total = session.execute(
            select(func.count(), func.sum(a.count)).where(a.month == summary.month)
        ).one()
        stored = session.get(AppointmentMonth, summary.month)
        by = session.scalars(
            select(ImportLog.imported_by).where(ImportLog.snapshot == f"{summary.month:%Y-%m}")
        ).all()
    assert (rows, total) == (summary.rows, summary.appointments)
    assert (stored.rows, stored.appointments) == (summary.rows, summary.appointments)
    assert by == [user]


def test_one_imports_a_large_month_while_another_solves_and_exports(postgres_templates, tmp_path):
    from bcprimary.sample import sample_files

    server.require_server()
    url = postgres_templates.copy("sample", lambda db: import_all(db, sample_files()))
    large = crosstab(tmp_path / "alice", national_practices()[:LARGE_MONTH_PRACTICES], seed=3)
    plan = tmp_path / "bob" / "plan.xlsx"
    plan.parent.mkdir()
    try:
        importing = _as_user("alice", "--db", url, "import", str(large.path))
        time.sleep(1.0)  # alice's transaction is open and writing
        planning = _as_user("bob", "--db", url, "plan", "--out", str(plan))
        plan_code, plan_output = planning.wait()
        import_code, import_output = importing.wait()
        assert plan_code == 0, plan_output
        assert import_code == 0, import_output
        # bob's solve and export ran while alice's import was still going.
        assert planning.ended < importing.ended, (planning, importing)
        assert load_workbook(plan, read_only=True).sheetnames[0] == "Read me"
        db = open_database(url)
        try:
            _assert_month_exact(db, large, "alice")
            with db.session() as session:
                scenario = session.scalars(select(Scenario)).one()
                assert (scenario.solved_by, scenario.modified_by) == ("bob", "bob")
        finally:
            db.dispose()
    finally:
        server.drop_database(url)


def test_two_import_different_months_into_an_empty_database_at_once(postgres_url, tmp_path):
    open_database(postgres_url).dispose()  # created once, as the first user would
    months = {
        "alice": crosstab(tmp_path / "alice", black_country(), month=dt.date(2025, 11, 1), seed=1),
        "carol": crosstab(tmp_path / "carol", black_country(), month=dt.date(2025, 12, 1), seed=2),
    }
    runs = {
        user: _as_user(user, "--db", postgres_url, "import", str(summary.path))
        for user, summary in months.items()
    }
    for user, run in runs.items():
        code, output = run.wait()
        assert code == 0, f"{user}: {output}"
    db = open_database(postgres_url)
    try:
        for user, summary in months.items():
            _assert_month_exact(db, summary, user)
    finally:
        db.dispose()
