"""Fixtures for the desktop app's tests: Qt warnings fail, settings live in tmp_path.

Every test runs offscreen (tests/conftest.py sets QT_QPA_PLATFORM). A Qt warning or critical
message during a test fails it, as in pyqtgraph's own suite: a warning is almost always a real
bug (a bad connection, a layout set twice, painting outside paintEvent).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QThreadPool, QtMsgType, qInstallMessageHandler

from tests.conftest import realdata
from tests.factories import REGISTERED_BLACK_COUNTRY, solve_default

#: Messages the offscreen platform plugin prints for things it cannot do; not our bugs.
PLATFORM_NOISE = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
)


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
        # Closing would otherwise ask about unsaved scenario edits a test left behind.
        qtbot.addWidget(window, before_close_func=lambda w: w.discard_unsaved())
        with qtbot.waitSignal(window.status_shown, timeout=20000):
            window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.discard_unsaved()
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


@pytest.fixture
def area_db(copy_database):
    """The real Black Country list, PCN map, weighted list and IMD (the factory's "area")."""
    return copy_database("area")


@pytest.fixture
def planning_db(copy_database):
    """The area plus three generated appointment months: enough to solve a plan."""
    return copy_database("planning")


def solve_scenario_now(db, name: str, **changes) -> None:
    """Create ``name`` from the default settings with ``changes`` and solve it (in-process)."""
    solve_default(db, name, **changes)


@pytest.fixture
def sample_db(copy_database):
    """The packaged Black Country sample data (as `bcprimary sample` loads it), Default solved."""
    return copy_database("sample solved")
