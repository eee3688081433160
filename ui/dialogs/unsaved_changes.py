"""The question asked before unsaved scenario edits would be lost: Save, Discard or Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

Answer = QMessageBox.StandardButton


def unsaved_changes_box(parent: QWidget | None, scenario: str, leaving: str) -> QMessageBox:
    """The prompt (not yet shown) for scenario ``scenario``; ``leaving`` says what happens next."""
    box = QMessageBox(parent)
    box.setObjectName("unsavedChanges")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"The scenario '{scenario}' has changes that are not saved.")
    box.setInformativeText(f"Save them before {leaving}?")
    box.setStandardButtons(Answer.Save | Answer.Discard | Answer.Cancel)
    box.setDefaultButton(Answer.Save)
    box.setEscapeButton(Answer.Cancel)
    return box


def ask_unsaved_changes(parent: QWidget | None, scenario: str, leaving: str) -> Answer:
    """Ask, and return ``Save``, ``Discard`` or ``Cancel``."""
    return Answer(unsaved_changes_box(parent, scenario, leaving).exec())
