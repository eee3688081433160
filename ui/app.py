"""Start-up of the desktop app: ``bcprimary gui`` and plain ``bcprimary`` call :func:`run`.

Cold start matters (target: an interactive window in ≤ 3 s), so only Qt and the database layer
are imported here; pandas, pyqtgraph and the importers load when a view or an import needs them.

If the window cannot open (no display on Linux, or Qt's platform plugin fails to load) the app
prints one plain message, suggests ``bcprimary demo`` and exits with code 1 instead of aborting.

Environment variables:
    BCPRIMARY_SMOKE_TEST=1: quit as soon as the window is shown and the event loop has run
        (start-up smoke test and benchmark); prints the seconds it took, then whether the
        solver check passed.
    BCPRIMARY_SETTINGS_FILE=PATH: keep settings in this INI file instead of the user's store.
    BCPRIMARY_LAUNCHED_AT=EPOCH_SECONDS: when the process was launched (the benchmark sets it),
        so the smoke test can also report the time from launch to the shown window.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from bcprimary import __version__
from ui.settings import APPLICATION_NAME, ORGANISATION_NAME, AppSettings, settings_store

SMOKE_TEST_ENV = "BCPRIMARY_SMOKE_TEST"
LAUNCHED_AT_ENV = "BCPRIMARY_LAUNCHED_AT"
DISPLAY_NAME = "BC Primary Care Planner"
SOLVER_CHECK_DELAY_MS = 300
EXIT_NO_WINDOW = 1
#: Platform plugins that draw without a screen (tests, screenshots, remote sessions).
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb"})
NO_DISPLAY_MESSAGE = (
    "The desktop app needs a screen, and this session has none ({reason}). "
    "Run `bcprimary demo` to solve the sample plan and print it here; every other command "
    "works without a screen too (`bcprimary --help`)."
)
PLUGIN_FAILED_MESSAGE = (
    "The desktop app could not open its window: Qt's display plugin did not start ({reason}). "
    "On Debian or Ubuntu install the xcb libraries Qt needs (`python .ci/install.py` as root, "
    "or `apt-get install libxcb-cursor0 libxkbcommon-x11-0`). Meanwhile `bcprimary demo` "
    "works without a window."
)
_reporter = None  # the ErrorReporter of the running app (kept alive with it)


def display_problem(environ=None, platform: str | None = None) -> str | None:
    """Why no window can open here (Linux without a display), or ``None`` if one can."""
    environ = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return None
    wanted = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if wanted in HEADLESS_PLATFORMS:
        return None
    x11, wayland = bool(environ.get("DISPLAY")), bool(environ.get("WAYLAND_DISPLAY"))
    if wanted == "xcb" and not x11:
        return "QT_QPA_PLATFORM is xcb but DISPLAY is not set"
    if wanted.startswith("wayland") and not wayland:
        return "QT_QPA_PLATFORM is wayland but WAYLAND_DISPLAY is not set"
    if not wanted and not (x11 or wayland):
        return "neither DISPLAY nor WAYLAND_DISPLAY is set"
    return None


def _exit_on_platform_failure():
    """Turn Qt's fatal "no platform plugin" abort (a core dump) into a message and exit 1.

    Installed only while the QApplication is being created; returns the handler it replaced.
    """
    reasons: list[str] = []

    def handler(kind: QtMsgType, context, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            first_sentence = message.splitlines()[0].split(". ")[0].rstrip(".")
            reason = "; ".join([*(r.rstrip(".") for r in reasons[-1:]), first_sentence])
            print(PLUGIN_FAILED_MESSAGE.format(reason=reason), file=sys.stderr, flush=True)
            os._exit(EXIT_NO_WINDOW)  # Qt aborts after a fatal message: leave before it does
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg):
            reasons.append(message.splitlines()[0] if message else "")
            print(message, file=sys.stderr)

    return qInstallMessageHandler(handler)


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication, configured once (names for QSettings, high-DPI, style sheet)."""
    app = QApplication.instance()
    if app is None:
        # Fractional scaling (125%, 150%) as Windows laptops use it, without rounding blur.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        previous = _exit_on_platform_failure()
        try:
            app = QApplication(list(argv if argv is not None else sys.argv))
        finally:
            qInstallMessageHandler(previous)
    configure_application(app)
    return app  # type: ignore[return-value]


def configure_application(app: QCoreApplication) -> None:
    QCoreApplication.setOrganizationName(ORGANISATION_NAME)
    QCoreApplication.setApplicationName(APPLICATION_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    if isinstance(app, QGuiApplication):
        QGuiApplication.setApplicationDisplayName(DISPLAY_NAME)
    if isinstance(app, QApplication):
        from ui.tooltips import install_wrapping_tooltips

        app.setStyleSheet(style_sheet())
        install_wrapping_tooltips(app)


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
    multiprocessing.freeze_support()  # a frozen Windows build: solver children are not windows
    if (problem := display_problem()) is not None:
        print(NO_DISPLAY_MESSAGE.format(reason=problem), file=sys.stderr)
        return EXIT_NO_WINDOW
    from ui.safety_net import enable_fault_trace, log_folder, start_logging

    folder = log_folder()
    start_logging(folder)
    enable_fault_trace(folder)
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
    """Show an unexpected exception in a GUI slot or a thread as a message, and log it.

    Background work already reports its failures as messages (``ui.workers``); this is the net
    under everything else (:mod:`ui.safety_net`). The traceback goes to the log and the details.
    """
    global _reporter
    from ui.safety_net import ErrorReporter, install_hooks

    _reporter = ErrorReporter(lambda: parent, DISPLAY_NAME)
    install_hooks(_reporter)


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
