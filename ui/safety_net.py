"""The net under the window: nothing that goes wrong makes the app vanish without a word.

* An exception escaping a slot on the GUI thread (``sys.excepthook``) or a plain Python thread
  (``threading.excepthook``) is written to the log in the user data folder and shown as one
  sentence with the traceback behind "Show Details…". Background tasks of
  :class:`~ui.workers.TaskRunner` already report their failures; this catches everything else.
* ``faulthandler`` writes the Python stack of a hard crash (a segfault in a native library) to a
  file beside that log, so a crash that no hook can catch still leaves a trace to report.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

LOG_FILE = "bcprimary.log"
FAULT_FILE = "crash-trace.log"

log = logging.getLogger("ui")
_fault_stream: IO[str] | None = None


def log_folder() -> Path:
    """The user data folder's ``logs`` folder (created on demand)."""
    from bcprimary.paths import user_data_dir

    folder = user_data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def start_logging(folder: Path) -> Path:
    """Write warnings and errors (with tracebacks) to ``folder/bcprimary.log``; its path."""
    path = folder / LOG_FILE
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    return path


def enable_fault_trace(folder: Path) -> Path:
    """Turn on ``faulthandler``, writing to ``folder/crash-trace.log``; its path."""
    global _fault_stream
    path = folder / FAULT_FILE
    if _fault_stream is None or _fault_stream.closed:
        _fault_stream = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for crashes
    faulthandler.enable(file=_fault_stream, all_threads=True)
    return path


class _ErrorRelay(QObject):
    """Carries an error from any thread to the GUI thread (queued signal)."""

    raised = Signal(str, str)


class ErrorReporter:
    """Shows unexpected errors one at a time; later ones while a box is open are only logged."""

    def __init__(self, parent: Callable[[], QWidget | None], title: str) -> None:
        self._parent = parent
        self._title = title
        self._showing = False
        self.relay = _ErrorRelay()
        self.relay.raised.connect(self.show)

    def report(self, kind: type[BaseException], error: BaseException | None, trace) -> None:
        details = "".join(traceback.format_exception(kind, error, trace))
        log.error("unexpected error\n%s", details)
        summary = str(error) if error is not None and str(error) else kind.__name__
        if threading.current_thread() is threading.main_thread():
            self.show(summary, details)
        else:
            self.relay.raised.emit(summary, details)

    def show(self, summary: str, details: str) -> None:
        if self._showing:
            return
        self._showing = True
        try:
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                self._title,
                f"Something went wrong: {summary}\n\nYour data is safe; the action that failed "
                "was not finished. Please report this with the details (they are also in the "
                "log file in your user data folder).",
                QMessageBox.StandardButton.Ok,
                self._parent(),
            )
            box.setDetailedText(details)
            box.exec()
        finally:
            self._showing = False


def install_hooks(reporter: ErrorReporter) -> None:
    """Route uncaught exceptions of the GUI thread and of Python threads to ``reporter``."""
    sys.excepthook = reporter.report

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        reporter.report(args.exc_type, args.exc_value, args.exc_traceback)

    threading.excepthook = thread_hook
