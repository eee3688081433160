"""Runs imports for the window: the import dialog's controller.

File → Import files…, Load sample data and drag-and-drop all end here. The import runs on a
worker (:class:`~ui.workers.TaskRunner`) while an :class:`~ui.dialogs.import_dialog.ImportDialog`
shows its progress; when anything was loaded, :attr:`Importer.data_changed` tells the window to
rebuild what it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from bcprimary.db import Database
from ui.dialogs.import_dialog import ImportDialog
from ui.import_job import ImportReport, import_batch
from ui.workers import TaskFailure, TaskRunner


class Importer(QObject):
    """Imports files into the current database, one batch at a time.

    Signals:
        started(dialog): a batch started; its dialog is shown.
        finished(report): the batch ended (loaded, rejected and cancelled files in the report).
        data_changed: at least one file was loaded, so the database changed.
    """

    started = Signal(object)
    finished = Signal(object)
    data_changed = Signal()

    def __init__(self, db: Database, dialog_parent: QWidget | None = None) -> None:
        super().__init__(dialog_parent)
        self._db = db
        self._dialog_parent = dialog_parent
        self._runner = TaskRunner(self)
        self.dialog: ImportDialog | None = None
        self._runner.finished.connect(self._on_finished)
        self._runner.failed.connect(self._on_failed)

    @property
    def running(self) -> bool:
        return self._runner.running

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    def set_database(self, db: Database) -> None:
        self._db = db

    def start(self, paths: Sequence[str | Path], replace: bool = False) -> bool:
        """Import ``paths``; ``False`` (and nothing done) while another import is running.

        ``replace``: the user confirmed that these files may replace snapshots with less data.
        """
        if self.running or not paths:
            return False
        files = [Path(p) for p in paths]
        self.dialog = ImportDialog(files, self._dialog_parent)
        self.dialog.cancel_requested.connect(self._runner.request_cancel)
        self._runner.progress.connect(self.dialog.set_progress)
        db = self._db
        self._runner.start(
            lambda progress, cancel: import_batch(db, files, progress, cancel, replace)
        )
        self.dialog.show()
        self.started.emit(self.dialog)
        return True

    def cancel(self) -> None:
        self._runner.request_cancel()

    def _on_finished(self, report: ImportReport) -> None:
        self._disconnect_dialog()
        if self.dialog is not None:
            self.dialog.show_report(report)
        if report.changed_database:
            self.data_changed.emit()
        self.finished.emit(report)
        self._ask_to_replace(report)

    def _ask_to_replace(self, report: ImportReport) -> None:
        """Files refused only because they would shrink a snapshot: ask, then import again."""
        again = [r.path for r in report.files if any(o.needs_confirmation for o in r.outcomes)]
        if not again:
            return
        reasons = "\n\n".join(
            o.error or "" for r in report.files for o in r.outcomes if o.needs_confirmation
        )
        answer = QMessageBox.question(
            self._dialog_parent,
            "Replace with less data?",
            f"{reasons}\n\nReplace the loaded data with these files anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.start(again, replace=True)

    def _on_failed(self, failure: TaskFailure) -> None:
        self._disconnect_dialog()
        if self.dialog is not None:
            self.dialog.show_failure(str(failure), failure.traceback)
        # The core writes each file in one transaction, but an earlier file may have landed.
        self.data_changed.emit()
        self.finished.emit(None)

    def _disconnect_dialog(self) -> None:
        if self.dialog is not None:
            self._runner.progress.disconnect(self.dialog.set_progress)
