"""File → Export plan…: which solved scenario, and which workbook file to write it to.

Only collects the answers (habit 4); the window starts the export with them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

EXCEL_FILTER = "Excel workbook (*.xlsx)"


def ask_scenario(parent: QWidget, names: list[str], current: str | None) -> str | None:
    """One of ``names`` (``current`` preselected), or ``None`` if the user cancelled."""
    index = names.index(current) if current in names else 0
    name, ok = QInputDialog.getItem(parent, "Export plan", "Scenario:", names, index, False)
    return name if ok else None


def ask_workbook_path(parent: QWidget, scenario: str, folder: str) -> Path | None:
    """Where to write ``scenario``'s workbook (always ending in .xlsx), or ``None``."""
    suggested = Path(folder) / f"{file_name(scenario)}.xlsx"
    path, _ = QFileDialog.getSaveFileName(parent, "Export plan", str(suggested), EXCEL_FILTER)
    if not path:
        return None
    return Path(path if path.lower().endswith(".xlsx") else f"{path}.xlsx")


def file_name(scenario: str) -> str:
    """A scenario name made safe as a file name on Windows (no \\ / : * ? " < > |)."""
    return "".join("_" if c in '\\/:*?"<>|' else c for c in scenario).strip() or "plan"
