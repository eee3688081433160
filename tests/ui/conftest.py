"""Fixtures for the desktop app's tests: Qt warnings fail, settings live in tmp_path.

Every test runs offscreen (tests/conftest.py sets QT_QPA_PLATFORM). A Qt warning or critical
message during a test fails it, as in pyqtgraph's own suite: a warning is almost always a real
bug (a bad connection, a layout set twice, painting outside paintEvent).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QThreadPool, QtMsgType, qInstallMessageHandler

from tests.conftest import realdata

#: Messages the offscreen platform plugin prints for things it cannot do; not our bugs.
PLATFORM_NOISE = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
)

REGISTERED_BLACK_COUNTRY = "registered_patients/gp-reg-pat-prac-all_2026-04_black_country.csv"


@pytest.fixture(autouse=True)
def fail_on_qt_warnings():
    """Collect Qt warnings and critical messages during the test and fail if there were any."""
    problems: list[str] = []

    def handler(kind: QtMsgType, context, message: str) -> None:
        serious = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        if kind in serious and not message.startswith(PLATFORM_NOISE):
            problems.append(f"{kind.name}: {message}")

    previous = qInstallMessageHandler(handler)
    yield problems
    # Let background tasks end before judging: a late warning belongs to this test.
    QThreadPool.globalInstance().waitForDone(10000)
    qInstallMessageHandler(previous)
    if problems:
        pytest.fail("Qt printed warnings:\n" + "\n".join(problems))


@pytest.fixture(scope="session", autouse=True)
def configured_app(qapp):
    """The QApplication set up as the app sets it up (names, style sheet)."""
    from ui.app import configure_application

    configure_application(qapp)
    return qapp


@pytest.fixture
def settings_file(tmp_path):
    """An INI file in tmp_path; the per-user store is redirected there too, just in case."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    return tmp_path / "settings.ini"


@pytest.fixture
def settings(settings_file):
    from ui.settings import AppSettings

    return AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))


@pytest.fixture
def make_window(qtbot, settings):
    """Build a shown main window over a database and wait for its first status."""
    from ui.main_window import MainWindow

    windows = []

    def make(db, app_settings=None):
        window = MainWindow(db, app_settings or settings)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.status_shown, timeout=20000):
            window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
    QThreadPool.globalInstance().waitForDone(20000)


@pytest.fixture
def window(make_window, db):
    return make_window(db)


@pytest.fixture
def registered_file():
    """The real April 2026 registered-patients file, Black Country rows (169 practices)."""
    return realdata(REGISTERED_BLACK_COUNTRY)


def wait_for_panel(qtbot, panel, timeout: int = 30000) -> None:
    """Wait until ``panel`` has finished loading what it shows."""
    if panel.is_loading():
        with qtbot.waitSignal(panel.loaded, timeout=timeout):
            pass


REAL_AREA_FILES = (
    REGISTERED_BLACK_COUNTRY,
    "practice_pcn_map/gp-reg-pat-prac-map_2025-10.csv",
    "payments/nhs-payments-to-general-practice-2024-25.csv",
    "deprivation/fingertips_93553_imd2019_practice.csv",
)


@pytest.fixture(scope="module")
def area_db(tmp_path_factory):
    """A database with the real Black Country list, PCN map, weighted list and IMD (read-only)."""
    from bcprimary.db import open_database
    from bcprimary.importing import import_files

    database = open_database(tmp_path_factory.mktemp("area") / "area.sqlite")
    outcomes = import_files(database, [realdata(name) for name in REAL_AREA_FILES])
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def planning_db(tmp_path_factory):
    """The real area files plus three generated appointment months: enough to solve a plan."""
    import datetime as dt

    from bcprimary.db import open_database
    from bcprimary.importing import import_files
    from sample_data.synthetic.appointments import write_crosstab_months
    from sample_data.synthetic.practices import load_practice_profiles

    folder = tmp_path_factory.mktemp("planning")
    profiles = load_practice_profiles(
        realdata(REGISTERED_BLACK_COUNTRY),
        realdata(REAL_AREA_FILES[1]),
        realdata(REAL_AREA_FILES[3]),
    )
    months = [dt.date(2025, month, 1) for month in (8, 9, 10)]
    crosstabs = write_crosstab_months(folder / "appointments", profiles, months, seed=11)
    database = open_database(folder / "planning.sqlite")
    files = [realdata(name) for name in REAL_AREA_FILES] + [c.path for c in crosstabs]
    outcomes = import_files(database, files)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    yield database
    database.dispose()


def solve_scenario_now(db, name: str, **changes) -> None:
    """Create ``name`` from the default settings with ``changes`` and solve it (in-process)."""
    from bcprimary import scenarios

    with db.session() as session:
        settings = scenarios.default_settings(session).with_options(**changes)
    scenarios.create_scenario(db, name, settings, "Made by the tests.")
    scenarios.solve_scenario(db, name)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """The packaged Black Country sample data (as `bcprimary sample` loads it), Default solved."""
    from bcprimary.db import open_database
    from bcprimary.importing import import_files
    from bcprimary.sample import sample_files

    files = sample_files()
    if not files:
        pytest.skip("the packaged sample data is not available")
    database = open_database(tmp_path_factory.mktemp("sample") / "sample.sqlite")
    outcomes = import_files(database, files)
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    solve_scenario_now(database, "Default")
    yield database
    database.dispose()
