"""Load sample data: import the packaged Black Country sample, then solve a first scenario.

The first-run banner's button and File → Load sample data end here, so that a newcomer sees a
working app at once: the files are imported with the usual import dialog, and when the database
had no scenario yet a Default scenario is created and solved in the background (a second or
two), so Results has a plan to show. The sample appointments are synthetic; the window's banner
says so as soon as they are loaded.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from bcprimary.db import Database
from ui.importer import Importer
from ui.scenario_gateway import solve_first_scenario
from ui.workers import TaskFailure, TaskRunner


class SampleLoader(QObject):
    """Imports the sample files through ``importer``, then solves the Default scenario.

    Signals:
        message(text): what happened, for the status bar.
        data_changed: a scenario was created and solved.
    """

    message = Signal(str)
    data_changed = Signal()

    def __init__(self, db: Database, importer: Importer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._importer = importer
        self._waiting = False
        self._runner = TaskRunner(self)
        self._importer.finished.connect(self._imported)
        self._runner.finished.connect(self._solved)
        self._runner.failed.connect(self._failed)

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    def set_database(self, db: Database) -> None:
        self._runner.cancel()
        self._waiting = False
        self._db = db

    def cancel(self) -> None:
        self._runner.cancel()

    def start(self) -> bool:
        """Import the sample files; ``False`` if there are none or an import is running."""
        from bcprimary.sample import sample_files

        files = sample_files()
        if not files or not self._importer.start(files):
            return False
        self._waiting = True
        return True

    def _imported(self, report: object) -> None:
        if not self._waiting:
            return
        self._waiting = False
        if report is None or not getattr(report, "changed_database", False):
            return
        db = self._db
        self.message.emit("Solving a first scenario (Default) on the sample data…")
        self._runner.start(lambda progress, cancel: solve_first_scenario(db, progress, cancel))

    def _solved(self, name: str) -> None:
        if name:
            self.message.emit(f"Scenario '{name}' is solved: its plan is in Results.")
            self.data_changed.emit()

    def _failed(self, failure: TaskFailure) -> None:
        self.message.emit(f"The first scenario could not be solved: {failure}")
