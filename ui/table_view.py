"""A sortable, filterable table of a DataFrame, as every metrics table in the app is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui import view_export
from ui.models import DataFrameModel, FrameProxy, sortable_proxy

if TYPE_CHECKING:
    import pandas as pd

    from ui.analysis_gateway import ColumnInfo


class FrameTable(QTableView):
    """A read-only table over a :class:`DataFrameModel` behind a sort/filter proxy.

    Ctrl+C copies the selection with its headers (tab-separated, as Excel pastes it); the
    right-click menu copies and exports the table as shown (CSV or Excel).
    """

    def __init__(self, parent: QWidget | None = None, model: DataFrameModel | None = None) -> None:
        super().__init__(parent)
        self.frame_model = model or DataFrameModel(parent=self)
        self.proxy = sortable_proxy(self.frame_model, self)
        self.setModel(self.proxy)
        #: The file name an export suggests (the panel sets it, e.g. "Practices").
        self.export_name = "table"
        self._configure()
        self._build_actions()

    def _build_actions(self) -> None:
        self.copy_action = QAction("Copy", self, shortcut=QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.export_action = QAction("Export table (CSV or Excel)…", self)
        self.copy_action.triggered.connect(self.copy_selection)
        self.export_action.triggered.connect(
            lambda: view_export.ask_and_export_table(self, self.proxy, self.export_name)
        )
        self.addAction(self.copy_action)
        self.addAction(self.export_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def selection_text(self) -> str:
        """The selected cells under their headers, tab-separated (what Ctrl+C copies)."""
        return view_export.selection_text(self.proxy, self.selectionModel().selectedIndexes())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The view's own Ctrl+C copies one cell without its header: copy the selection.
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def copy_selection(self) -> None:
        text = self.selection_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def _configure(self) -> None:
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the table's own order at first
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self.verticalHeader().hide()  # row numbers would jump about after sorting
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def show_frame(self, frame: pd.DataFrame, info: ColumnInfo | None = None) -> None:
        """Show ``frame`` with the labels, definitions and formats of ``info``."""
        if info is None:
            self.frame_model.set_frame(frame)
        else:
            self.frame_model.set_frame(
                frame, formats=info.formats, labels=info.labels, definitions=info.definitions
            )
        self._fit_columns()

    def set_frame_model(self, model: DataFrameModel) -> None:
        """Show ``model`` instead (e.g. one with a different set of heat columns)."""
        self.frame_model = model
        self.proxy.setSourceModel(model)

    def set_filter(self, text: str) -> None:
        if isinstance(self.proxy, FrameProxy):
            self.proxy.set_filter_text(text)
        else:
            self.proxy.setFilterFixedString(text)

    def visible_rows(self) -> int:
        return self.proxy.rowCount()

    def _fit_columns(self) -> None:
        # Size to the contents of the first rows only: measuring thousands of rows is slow.
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        # style.qss draws the headers bold, which the header's own font does not know about.
        bold = QFont(header.font())
        bold.setBold(True)
        header_metrics = QFontMetrics(bold)
        for column in range(self.frame_model.columnCount()):
            label = str(self.frame_model.headerData(column, Qt.Orientation.Horizontal) or "")
            # A label may be broken over lines (e.g. long role names): the longest line counts.
            width = max(header_metrics.horizontalAdvance(line) for line in label.split("\n")) + 30
            for row in range(min(self.frame_model.rowCount(), 60)):
                text = self.frame_model.index(row, column).data() or ""
                width = max(width, metrics.horizontalAdvance(str(text)) + 16)
            header.resizeSection(column, min(width, 320))
