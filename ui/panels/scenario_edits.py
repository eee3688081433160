"""Edits of the shown scenario: what is unsaved, and undo/redo of every change.

The Scenario view reads its whole state (settings and notes) back from its widgets after each
edit; :class:`EditHistory` compares it with the state last saved and keeps the steps between
them on a :class:`QUndoStack` (the window's Edit menu and Ctrl+Z / Ctrl+Shift+Z drive it). A
step is a snapshot before and after, so undoing never needs to know which widget changed;
consecutive edits of one field (typing a budget) merge into one step.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from bcprimary.scenarios import ScenarioSettings


@dataclass(frozen=True, eq=False)
class EditState:
    """A scenario as the form shows it: its settings and its notes."""

    settings: ScenarioSettings
    notes: str

    def same_as(self, other: EditState | None) -> bool:
        return (
            other is not None
            and self.notes == other.notes
            and self.settings.to_dict() == other.settings.to_dict()
        )


class _Step(QUndoCommand):
    """One edit: the state before and after (merged with the next edit of the same field)."""

    def __init__(self, history: EditHistory, before: EditState, after: EditState, field: str):
        super().__init__(f"edit {field}")
        self._history = history
        self.before = before
        self.after = after
        self.field = field
        self._done = True  # pushed after the widget already changed

    def id(self) -> int:
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Step) or other.field != self.field:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._history.apply(self.after)

    def undo(self) -> None:
        self._history.apply(self.before)


class EditHistory(QObject):
    """Saved state, current state and the undo steps of the shown scenario.

    Signals:
        modified_changed(bool): the shown scenario became modified or unmodified.
    """

    modified_changed = Signal(bool)

    def __init__(
        self,
        read_state: Callable[[], EditState],
        show_state: Callable[[EditState], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._read = read_state
        self._show = show_state
        self._saved: EditState | None = None
        self._current: EditState | None = None
        self._applying = False
        self._modified = False
        self.stack = QUndoStack(self)

    @property
    def current(self) -> EditState | None:
        return self._current

    def is_modified(self) -> bool:
        return self._modified

    @contextlib.contextmanager
    def applying(self) -> Iterator[None]:
        """Widgets change while this is open without counting as the user's edits."""
        self._applying = True
        try:
            yield
        finally:
            self._applying = False

    def reset(self, state: EditState | None) -> None:
        """A scenario was (re)loaded: ``state`` is saved and there is nothing to undo."""
        self._saved = self._current = state
        self.stack.clear()
        self._update()

    def edited(self, field: str) -> None:
        """The user changed ``field``: record a step if the state really changed."""
        if self._applying or self._current is None:
            return
        new = self._read()
        if new.same_as(self._current):
            return
        before, self._current = self._current, new
        self.stack.push(_Step(self, before, new, field))
        self._update()

    def mark_saved(self) -> None:
        """What is shown was stored (Save, or a solve that saved it); the steps stay."""
        self._saved = self._current
        self.stack.setClean()
        self._update()

    def revert(self) -> None:
        """Discard the edits: show the saved state again."""
        if self._saved is not None:
            self.apply(self._saved)
        self.reset(self._saved)

    def apply(self, state: EditState) -> None:
        with self.applying():
            self._show(state)
        self._current = state
        self._update()

    def _update(self) -> None:
        modified = self._current is not None and not self._current.same_as(self._saved)
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)
