"""Scenario: choose, create and edit a planning scenario, then solve it with progress and Cancel.

The settings form and the editable ARRS role table show the selected scenario; Solve stores the
edits and runs the optimiser in a child process on a worker (Cancel stops it for real). After a
solve, or any change to the list of scenarios, :attr:`Panel.database_changed` asks the window
to rebuild what it shows (Results and Compare read the stored plans).

Work is never lost silently: edits are tracked by :class:`~ui.panels.scenario_edits.EditHistory`
(undo/redo, a ``*`` on the scenario and in the window title) and :meth:`ScenarioPanel.confirm_leave`
asks Save / Discard / Cancel before anything would replace them. A cancelled or failed solve
leaves the stored plan as it was (:func:`ui.scenario_gateway.save_and_solve`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bcprimary.db import Database
from ui import scenario_gateway as gateway
from ui.dialogs.unsaved_changes import Answer, ask_unsaved_changes
from ui.formatting import NumberFormat
from ui.models import EditableDataFrameModel
from ui.panels.base import Panel
from ui.panels.commitments import CommitmentsEditor
from ui.panels.scenario_edits import EditHistory, EditState
from ui.panels.scenario_form import ScenarioForm
from ui.table_view import FrameTable
from ui.workers import TaskFailure, TaskRunner

ROLE_FORMATS = {
    "annual_cost_gbp": NumberFormat.GBP,
    "appointments_per_wte_month": NumberFormat.DECIMAL,
    "step_wte": NumberFormat.DECIMAL,
    "recruitment_pool_wte": NumberFormat.DECIMAL,
}


class ScenarioPanel(Panel):
    """Signals:
    modified_changed(bool): the shown scenario has (or no longer has) unsaved edits.
    solved(name): a solve finished with a plan stored for scenario ``name``.
    """

    key = "scenario"
    title = "Scenario"
    modified_changed = Signal(bool)
    solved = Signal(str)

    def build_content(self) -> QWidget:
        self._listing: gateway.ScenarioListing | None = None
        self._last_solve: gateway.SolveOutcome | None = None
        self._wanted: str | None = None
        self._shown: str | None = None  # the scenario whose settings the widgets hold
        self._stored: EditState | None = None  # that scenario as last read from the database
        self._solver = TaskRunner(self)
        self.history = EditHistory(self._read_state, self._show_state, self)
        self.chooser = QComboBox()
        self.chooser.setMinimumContentsLength(24)
        self.new_button = QPushButton("New…")
        self.duplicate_button = QPushButton("Duplicate…")
        self.rename_button = QPushButton("Rename…")
        self.delete_button = QPushButton("Delete")
        self.hint = QLabel("No scenarios yet: press New… to start one from the role catalogue.")
        self.hint.setObjectName("chartNote")
        top = QHBoxLayout()
        top.addWidget(QLabel("Scenario:"))
        top.addWidget(self.chooser, 1)
        for button in (self.new_button, self.duplicate_button, self.rename_button):
            top.addWidget(button)
        top.addWidget(self.delete_button)
        self.form = ScenarioForm()
        self.roles = EditableDataFrameModel(
            editable_columns=gateway.ROLE_NUMBER_COLUMNS,
            text_columns=gateway.ROLE_TEXT_COLUMNS,
            checkable_columns=gateway.ROLE_CHECK_COLUMNS,
            formats=ROLE_FORMATS,
            labels=gateway.ROLE_LABELS,
            definitions=gateway.ROLE_DEFINITIONS,
        )
        self.role_table = FrameTable(model=self.roles)
        self.role_table.setSortingEnabled(False)  # rows keep the catalogue's order while edited
        self.commitments = CommitmentsEditor()
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setPlaceholderText("The plan's headline figures appear here after Solve.")
        # The report of the command line: aligned columns need a fixed-width font.
        self.summary.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.role_table, "Roles: costs, appointments, pools and caps")
        self.tabs.addTab(self.commitments, "Locked commitments and PCN caps")
        self.tabs.addTab(self.form.notes, "Notes")
        self.tabs.addTab(self.summary, "Last solve")
        self.save_button = QPushButton("Save")
        self.solve_button = QPushButton("Solve")
        self.solve_button.setDefault(True)
        self.solve_button.setToolTip(
            "Save the settings and find the plan. Pressing it again while a solve runs stops "
            "that solve and starts a new one with the settings as they are now."
        )
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        actions = QHBoxLayout()
        for widget in (self.save_button, self.solve_button, self.cancel_button):
            actions.addWidget(widget)
        actions.addWidget(self.progress, 1)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        # On a small screen the settings scroll sideways rather than widen the window.
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        form_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_scroll.setWidget(self.form)
        form_scroll.setFixedHeight(
            self.form.sizeHint().height() + form_scroll.horizontalScrollBar().sizeHint().height()
        )
        layout.addWidget(form_scroll)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        return content

    def connect_content(self) -> None:
        self.chooser.currentIndexChanged.connect(self._chooser_changed)
        self.form.edited.connect(self.history.edited)
        self.roles.frame_edited.connect(lambda row, column: self.history.edited(f"role {column}"))
        self.commitments.edited.connect(lambda: self.history.edited("commitments"))
        self.history.modified_changed.connect(self._show_modified)
        self.new_button.clicked.connect(self._ask_new)
        self.duplicate_button.clicked.connect(self._ask_duplicate)
        self.rename_button.clicked.connect(self._ask_rename)
        self.delete_button.clicked.connect(self._ask_delete)
        self.save_button.clicked.connect(self.save)
        self.solve_button.clicked.connect(self.solve)
        self.cancel_button.clicked.connect(self._solver.cancel)
        self._solver.progress.connect(self._show_progress)
        self._solver.finished.connect(self._solved)
        self._solver.failed.connect(self._solve_failed)
        self._solver.cancelled.connect(self._solve_cancelled)

    def loader(self, db: Database) -> Callable[[], gateway.ScenarioListing]:
        return lambda: gateway.load_scenarios(db)

    def show_data(self, listing: gateway.ScenarioListing) -> None:
        self._listing = listing
        wanted = self._wanted or self.current_name()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for record in listing.records:
            self.chooser.addItem(_item_text(record, False))
            self.chooser.setItemData(self.chooser.count() - 1, record.name)
        names = [r.name for r in listing.records]
        self.chooser.setCurrentIndex(names.index(wanted) if wanted in names else 0)
        self.chooser.blockSignals(False)
        self._wanted = None
        self._show_selected()

    # --- the selected scenario ---------------------------------------------------------------

    def current_name(self) -> str | None:
        return self.chooser.currentData()

    def _current_record(self) -> Any:
        if self._listing is None:
            return None
        return next((r for r in self._listing.records if r.name == self.current_name()), None)

    def _show_selected(self) -> None:
        record = self._current_record()
        has_one = record is not None
        self.hint.setVisible(not has_one)
        for widget in (
            self.duplicate_button,
            self.rename_button,
            self.delete_button,
            self.save_button,
            self.solve_button,
            self.form,
            self.tabs,
        ):
            widget.setEnabled(has_one)
        if record is None:
            self._show_nothing()
            return
        roles = gateway.role_frame(record.settings)
        self.commitments.set_choices(
            self._listing.pcns if self._listing else [],
            list(zip(roles["code"], roles["name"], strict=True)),
        )
        stored = EditState(record.settings, record.notes)
        if record.name == self._shown and self.history.current is not None:
            if stored.same_as(self._stored):
                pass  # the stored scenario did not change: keep the edits and their steps
            elif stored.same_as(self.history.current):
                self._stored = stored  # the edits were stored (Save, or Solve saved them)
                self.history.mark_saved()
            else:
                self._load(record.name, stored)
        else:
            self._load(record.name, stored)
        self._show_modified(self.history.is_modified())
        last = self._last_solve
        if last is not None and last.name == record.name:
            return  # keep the report of the solve that just finished
        self.summary.clear()
        self.status.setText("Solved: the plan is in Results." if record.solved else "")

    def _load(self, name: str, stored: EditState) -> None:
        """Show scenario ``name`` as stored; nothing to undo, nothing unsaved."""
        self._shown, self._stored = name, stored
        with self.history.applying():
            self._show_state(stored)
        # What the widgets give back (rounded as they show it) is the saved state.
        self.history.reset(self._read_state())

    def _show_nothing(self) -> None:
        """No scenario (none yet, or another database): no settings of any scenario stay."""
        self._shown = self._stored = None
        self.history.reset(None)
        with self.history.applying():
            if self._listing is not None:
                self.form.show_settings(self._listing.defaults, "")
            self.role_table.show_frame(gateway.role_frame(gateway.EMPTY_SETTINGS))
            self.commitments.set_choices([], [])
            self.commitments.show_commitments(gateway.commitment_frame(gateway.EMPTY_SETTINGS))
        self.summary.clear()
        self.status.clear()
        self.progress.setValue(0)

    def _show_state(self, state: EditState) -> None:
        self.form.show_settings(state.settings, state.notes)
        self.role_table.show_frame(gateway.role_frame(state.settings))
        # The role's name says what the code says; the code stays in the data.
        self.role_table.setColumnHidden(self.roles.columns().index("code"), True)
        self.commitments.show_commitments(gateway.commitment_frame(state.settings))

    def _read_state(self) -> EditState:
        return EditState(self.edited_settings(), self.form.notes_text())

    # --- unsaved edits -----------------------------------------------------------------------

    def is_modified(self) -> bool:
        return self.history.is_modified()

    def confirm_leave(self, leaving: str = "going on") -> bool:
        """Before the edits would be lost: ask Save / Discard / Cancel; False on Cancel."""
        if not self.history.is_modified() or self._shown is None:
            return True
        answer = ask_unsaved_changes(self, self._shown, leaving)
        if answer == Answer.Save:
            return self.save_now()
        if answer == Answer.Discard:
            self.history.revert()
            return True
        return False

    def save_now(self) -> bool:
        """Store the shown edits at once (on this thread: a small write, and quitting waits)."""
        db, name = self.database, self._shown
        if db is None or name is None:
            return True
        state = self._read_state()
        try:
            gateway.save_scenario(db, name, state.settings, state.notes)
        except Exception as exc:  # a locked or vanished database: say so and keep the edits
            QMessageBox.warning(self, self.title, f"Could not save '{name}': {exc}")
            return False
        self._stored = state
        self.history.mark_saved()
        self._wanted = self.current_name()
        self.database_changed.emit()
        return True

    def _chooser_changed(self) -> None:
        name = self.current_name()
        leaving = self._shown is not None and name != self._shown
        if leaving and not self.confirm_leave(f"showing '{name}'"):
            self._select(self._shown)
            return
        self._show_selected()

    def _select(self, name: str) -> None:
        self.chooser.blockSignals(True)
        self.chooser.setCurrentIndex(max(self.chooser.findData(name), 0))
        self.chooser.blockSignals(False)

    def _show_modified(self, modified: bool) -> None:
        record = self._current_record()
        index = self.chooser.currentIndex()
        if record is not None and index >= 0:
            self.chooser.setItemText(index, _item_text(record, modified))
        self.modified_changed.emit(modified)

    def set_database(self, db: Database | None) -> None:
        """Another database: stop its solve and forget everything shown from the old one."""
        if hasattr(self, "history"):
            self._solver.cancel()
            self._listing = self._last_solve = self._wanted = None
            self.chooser.blockSignals(True)
            self.chooser.clear()
            self.chooser.blockSignals(False)
            self._show_selected()
        super().set_database(db)

    def edited_settings(self) -> Any:
        locks, caps = gateway.commitments_from_frame(self.commitments.commitments())
        return self.form.edited_settings(gateway.roles_from_frame(self.roles.frame()), locks, caps)

    # --- scenario list operations ------------------------------------------------------------

    def create_named(self, name: str) -> None:
        self._change(lambda db: gateway.create_scenario(db, name))

    def duplicate_as(self, name: str) -> None:
        source = self.current_name()
        self._change(lambda db: gateway.duplicate_scenario(db, source, name))

    def rename_to(self, name: str) -> None:
        source = self.current_name()
        self._change(lambda db: gateway.rename_scenario(db, source, name))

    def delete_current(self) -> None:
        source = self.current_name()
        self._change(lambda db: gateway.delete_scenario(db, source))

    def save(self) -> None:
        name, settings, notes = self.current_name(), self.edited_settings(), self.form.notes_text()
        self._change(lambda db: gateway.save_scenario(db, name, settings, notes))

    def _change(self, operation: Callable[[Database], str | None]) -> None:
        db = self.database
        if db is None:
            return
        self.run_in_background(lambda: operation(db), self._changed)

    def _changed(self, name: str | None) -> None:
        self._wanted = name
        self.database_changed.emit()

    def _on_failed(self, failure: TaskFailure) -> None:
        # A name already taken or an unknown scenario: say so and keep the view as it is.
        if type(failure.error).__name__ == "ScenarioError":
            QMessageBox.warning(self, self.title, str(failure))
            return
        super()._on_failed(failure)

    def _ask_name(self, title: str, label: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self, title, label, text=text)
        return name.strip() if ok and name.strip() else None

    def _ask_new(self) -> None:
        if not self.confirm_leave("starting a new scenario"):
            return
        if name := self._ask_name("New scenario", "Name of the new scenario:"):
            self.create_named(name)

    def _ask_duplicate(self) -> None:
        current = self.current_name()
        if not self.confirm_leave("making a copy (the copy is made from the saved settings)"):
            return
        if name := self._ask_name("Duplicate scenario", "Name of the copy:", f"{current} (copy)"):
            self.duplicate_as(name)

    def _ask_rename(self) -> None:
        current = self.current_name()
        if not self.confirm_leave("renaming"):
            return
        if name := self._ask_name("Rename scenario", "New name:", current or ""):
            self.rename_to(name)

    def _ask_delete(self) -> None:
        answer = QMessageBox.question(
            self, "Delete scenario", f"Delete the scenario '{self.current_name()}' and its plan?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_current()

    # --- solving -----------------------------------------------------------------------------

    def solve(self) -> None:
        db, name = self.database, self.current_name()
        if db is None or name is None:
            return
        settings, notes = self.edited_settings(), self.form.notes_text()
        restarted = self._solver.running
        self._last_solve = None
        # One solve at a time: starting this one stops (and discards) a solve still running.
        self._solver.start(
            lambda progress, cancel: gateway.save_and_solve(
                db, name, settings, notes, progress, cancel
            )
        )
        self._set_solving(True)
        self.status.setText(
            "Stopped the previous solve; solving with the current settings…"
            if restarted
            else "Solving…"
        )

    @property
    def solver_runner(self) -> TaskRunner:
        return self._solver

    def _set_solving(self, solving: bool) -> None:
        # Solve stays enabled: pressing it again restarts the solve with the edited settings.
        self.cancel_button.setEnabled(solving)
        for widget in (self.save_button, self.chooser, self.new_button, self.delete_button):
            widget.setEnabled(not solving)
        self.progress.setValue(0)

    def _show_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.status.setText(message)

    def _solved(self, outcome: gateway.SolveOutcome) -> None:
        self._set_solving(False)
        self.progress.setValue(1000 if outcome.has_plan else 0)
        self.status.setText(
            f"Solved ({outcome.status}): the plan is in Results."
            if outcome.has_plan
            else f"No plan ({outcome.status})."
        )
        self.summary.setPlainText("\n".join(outcome.summary_lines))
        self._last_solve = outcome
        self._wanted = outcome.name
        if outcome.has_plan:
            self.solved.emit(outcome.name)
        self.database_changed.emit()

    def _solve_failed(self, failure: TaskFailure) -> None:
        self._set_solving(False)
        self.status.setText(
            f"The solve stopped with an unexpected error: {failure}. The stored plan is as it was."
        )
        self.summary.setPlainText(failure.traceback)

    def _solve_cancelled(self) -> None:
        self._set_solving(False)
        self.status.setText("Cancelled: the solve was stopped; the stored plan is as it was.")


def _item_text(record: Any, modified: bool) -> str:
    """'Name *  (not solved)': a star while edits are unsaved."""
    return record.name + (" *" if modified else "") + ("" if record.solved else "  (not solved)")
