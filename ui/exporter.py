"""Writes a scenario's Excel plan workbook in the background (File → Export plan…).

The workbook of the stored plan (as Results shows it, with the budget frontier when one was
computed) is written on a worker while a progress dialog with Cancel shows how far it got.
A workbook open in Excel, or a folder that cannot be written, is reported in the core's words
and the existing file is left as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from bcprimary.db import Database
from ui.plan_gateway import export_plan_workbook
from ui.workers import TaskFailure, TaskRunner

if TYPE_CHECKING:
    pass


class PlanExporter(QObject):
    """Exports one plan at a time.

    Signals:
        finished(path): the workbook was written.
        failed(message): it was not (the reason, for the user).
        cancelled: the user stopped it; nothing was written.
    """

    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, db: Database, dialog_parent: QWidget | None = None) -> None:
        super().__init__(dialog_parent)
        self._db = db
        self._dialog_parent = dialog_parent
        self._runner = TaskRunner(self)
        self.dialog: QProgressDialog | None = None
        self._runner.progress.connect(self._show_progress)
        self._runner.finished.connect(self._done)
        self._runner.failed.connect(self._failed)
        self._runner.cancelled.connect(self._cancelled)

    @property
    def running(self) -> bool:
        return self._runner.running

    def set_database(self, db: Database) -> None:
        self._db = db

    def cancel(self) -> None:
        self._runner.cancel()

    def start(self, scenario: str, out: Path) -> None:
        db = self._db
        self.dialog = QProgressDialog(
            f"Writing the plan for '{scenario}'…", "Cancel", 0, 1000, self._dialog_parent
        )
        self.dialog.setWindowTitle("Export plan")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self._runner.cancel)
        self._runner.start(
            lambda progress, cancel: export_plan_workbook(db, scenario, out, progress, cancel)
        )
        self.dialog.show()

    def _show_progress(self, fraction: float, message: str) -> None:
        if self.dialog is not None:
            self.dialog.setValue(int(fraction * 1000))
            self.dialog.setLabelText(message)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self._runner.cancel)
            self.dialog.reset()
            self.dialog.hide()

    def _done(self, path: Path) -> None:
        self._close_dialog()
        self.finished.emit(Path(path))

    def _failed(self, failure: TaskFailure) -> None:
        self._close_dialog()
        self.failed.emit(str(failure))

    def _cancelled(self) -> None:
        self._close_dialog()
        self.cancelled.emit()
