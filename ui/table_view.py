"""A sortable, filterable table of a DataFrame, as every metrics table in the app is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.models import DataFrameModel, sortable_proxy

if TYPE_CHECKING:
    import pandas as pd

    from ui.analysis_gateway import ColumnInfo


class FrameTable(QTableView):
    """A read-only table over a :class:`DataFrameModel` behind a sort/filter proxy."""

    def __init__(self, parent: QWidget | None = None, model: DataFrameModel | None = None) -> None:
        super().__init__(parent)
        self.frame_model = model or DataFrameModel(parent=self)
        self.proxy = sortable_proxy(self.frame_model, self)
        self.setModel(self.proxy)
        self._configure()

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
