"""Getting a table or a chart out of the app: the clipboard, CSV, Excel and PNG.

Tables are copied tab-separated with their headers (Excel pastes them into columns) and saved
as CSV (UTF-8 with a byte-order mark, so Excel reads names with accents) or as an Excel sheet;
charts are saved as PNG. Every file goes through the safe writer
(:mod:`bcprimary.exporting.safe_write`): a temporary file moved into place, so a file open in
Excel is never half-overwritten, and a plain message when it cannot be written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from bcprimary.exporting.safe_write import (
    ExportError,
    write_bytes_atomically,
)
from ui.models import RAW_ROLE

if TYPE_CHECKING:
    import pandas as pd
    from PySide6.QtCore import QAbstractItemModel, QModelIndex

TABLE_FILTER = "CSV (*.csv);;Excel workbook (*.xlsx)"
PNG_FILTER = "PNG image (*.png)"


def selection_text(model: QAbstractItemModel, indexes: list[QModelIndex]) -> str:
    """The selected cells as tab-separated lines under their column headers (as shown)."""
    if not indexes:
        return ""
    rows = sorted({i.row() for i in indexes})
    columns = sorted({i.column() for i in indexes})
    chosen = {(i.row(), i.column()) for i in indexes}
    header = [
        _cell(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        for c in columns
    ]
    lines = ["\t".join(header)]
    for row in rows:
        cells = [_cell(model.index(row, c).data()) if (row, c) in chosen else "" for c in columns]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    # A tab or line break inside a cell would split it in Excel.
    return " ".join(str(value if value is not None else "").split())


def shown_frame(model: QAbstractItemModel) -> pd.DataFrame:
    """The rows of ``model`` (a proxy: as filtered and sorted) with raw values, under the
    column headers a person reads."""
    import pandas as pd

    columns = [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        for c in range(model.columnCount())
    ]
    rows = [
        [model.index(r, c).data(RAW_ROLE) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame


def write_table(frame: pd.DataFrame, path: Path, sheet: str = "Table") -> Path:
    """Write ``frame`` through the core's one safe writer (CSV or XLSX by the extension)."""
    from bcprimary.exporting.simple import write_table as write_safely

    return write_safely(frame, Path(path), sheet[:31] or "Table")


def _excel_value(value: object) -> object:
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value
    return value


def widget_png(widget: QWidget) -> bytes:
    """The widget as drawn now, as PNG bytes."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    return bytes(QByteArray(buffer.data()))


def write_png(widget: QWidget, path: Path) -> Path:
    return write_bytes_atomically(Path(path), widget_png(widget))


def ask_and_export_table(parent: QWidget, model: QAbstractItemModel, name: str) -> Path | None:
    """Ask where, then write the table as shown; a plain message if that fails."""
    path, chosen = QFileDialog.getSaveFileName(parent, "Export table", f"{name}.csv", TABLE_FILTER)
    if not path:
        return None
    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(".xlsx" if "xlsx" in chosen else ".csv")
    return _report(parent, lambda: write_table(shown_frame(model), path, name))


def ask_and_export_png(parent: QWidget, widget: QWidget, name: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Export chart", f"{name}.png", PNG_FILTER)
    if not path:
        return None
    path = Path(path)
    return _report(parent, lambda: write_png(widget, path.with_suffix(".png")))


def _report(parent: QWidget, write) -> Path | None:
    try:
        return write()
    except ExportError as exc:
        QMessageBox.warning(parent, "Export", str(exc))
        return None
