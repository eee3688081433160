"""Start-up of the desktop app: ``bcprimary gui`` and plain ``bcprimary`` call :func:`run`.

Cold start matters (target: an interactive window in ≤ 3 s), so only Qt and the database layer
are imported here; pandas, pyqtgraph and the importers load when a view or an import needs them.

Environment variables:
    BCPRIMARY_SMOKE_TEST=1: quit as soon as the window is shown and the event loop has run
        (start-up smoke test and benchmark); prints the seconds it took, then whether the
        solver check passed.
    BCPRIMARY_SETTINGS_FILE=PATH: keep settings in this INI file instead of the user's store.
    BCPRIMARY_LAUNCHED_AT=EPOCH_SECONDS: when the process was launched (the benchmark sets it),
        so the smoke test can also report the time from launch to the shown window.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from bcprimary import __version__
from ui.settings import APPLICATION_NAME, ORGANISATION_NAME, AppSettings, settings_store

SMOKE_TEST_ENV = "BCPRIMARY_SMOKE_TEST"
LAUNCHED_AT_ENV = "BCPRIMARY_LAUNCHED_AT"
DISPLAY_NAME = "BC Primary Care Planner"
SOLVER_CHECK_DELAY_MS = 300


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication, configured once (names for QSettings, high-DPI, style sheet)."""
    app = QApplication.instance()
    if app is None:
        # Fractional scaling (125%, 150%) as Windows laptops use it, without rounding blur.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(list(argv if argv is not None else sys.argv))
    configure_application(app)
    return app  # type: ignore[return-value]


def configure_application(app: QCoreApplication) -> None:
    QCoreApplication.setOrganizationName(ORGANISATION_NAME)
    QCoreApplication.setApplicationName(APPLICATION_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    if isinstance(app, QGuiApplication):
        QGuiApplication.setApplicationDisplayName(DISPLAY_NAME)
    if isinstance(app, QApplication):
        app.setStyleSheet(style_sheet())


def style_sheet() -> str:
    from bcprimary.paths import resource_path

    path = resource_path("style.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


def open_initial_database(db_target: str | None, settings: AppSettings):
    """The database to show: the one asked for, else the last one used, else the default.

    Returns ``None`` (after telling the user) only when an explicitly requested database
    cannot be opened; a remembered one that fails falls back to the default file.
    """
    from bcprimary.db import open_database

    if db_target:
        try:
            return open_database(db_target)
        except Exception as exc:  # shown to the user, then exit code 1
            QMessageBox.critical(None, DISPLAY_NAME, f"Could not open {db_target}:\n\n{exc}")
            return None
    last = settings.last_database()
    if last:
        try:
            return open_database(last)
        except Exception:  # a moved or deleted file: use the default instead
            settings.remove_recent_database(last)
    return open_database(None)


def run(db_target: str | None = None) -> int:
    """Open the main window on ``db_target`` and run until it is closed; the exit code."""
    started = time.perf_counter()
    app = create_application()
    settings = AppSettings(settings_store())
    db = open_initial_database(db_target, settings)
    if db is None:
        return 1
    from ui.main_window import MainWindow

    window = MainWindow(db, settings)
    install_error_hook(window)
    window.show()
    if os.environ.get(SMOKE_TEST_ENV):
        QTimer.singleShot(0, lambda: _smoke_test_done(window, started))
    else:
        # After the window has painted: the check takes a few tenths of a second.
        QTimer.singleShot(SOLVER_CHECK_DELAY_MS, lambda: check_solver(window))
    code = app.exec()
    _shut_down(db)
    return code


def check_solver(parent) -> str | None:
    """Solve a tiny model as the app starts; if that fails, say so plainly (plans would fail
    later anyway, with a less helpful message). Returns the problem, if any."""
    from solver.selfcheck import solver_problem

    problem = solver_problem()
    if problem and parent is not None:
        QMessageBox.warning(parent, DISPLAY_NAME, problem)
    return problem


def install_error_hook(parent) -> None:
    """Show an unexpected exception in a GUI slot as a message, instead of losing the window.

    Background work already reports its failures as messages (``ui.workers``); this is the net
    under the GUI thread's own code. The traceback goes to the log and the details box.
    """
    import logging
    import traceback

    def hook(kind, error, trace) -> None:
        details = "".join(traceback.format_exception(kind, error, trace))
        logging.getLogger("ui").error("unexpected error\n%s", details)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            DISPLAY_NAME,
            f"Something went wrong: {error or kind.__name__}\n\nYour data is safe; the "
            "action that failed was not finished. Please report this with the details.",
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = hook


def _smoke_test_done(window, started: float) -> None:
    seconds = time.perf_counter() - started
    message = f"{SMOKE_TEST_ENV}: window shown after {seconds:.3f} s"
    launched = os.environ.get(LAUNCHED_AT_ENV)
    if launched:
        message += f", {time.time() - float(launched):.3f} s after launch"
    print(f"{message} (view {window.current_view()!r})", flush=True)
    problem = check_solver(None)
    print(f"{SMOKE_TEST_ENV}: solver check {'failed: ' + problem if problem else 'passed'}")
    window.close()
    QApplication.quit()


def _shut_down(db) -> None:
    from PySide6.QtCore import QThreadPool

    # Let cancelled background work finish so it never writes to a disposed engine.
    QThreadPool.globalInstance().waitForDone(5000)
    db.dispose()
