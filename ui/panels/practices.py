"""Practices & PCNs: the practice, PCN and place metrics tables, searchable and sortable."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from ui.analysis_gateway import MetricsTables, column_info, load_metrics_tables
from ui.panels.base import Panel
from ui.table_view import FrameTable

if TYPE_CHECKING:
    from bcprimary.db import Database

LEVEL_TITLES = {"practices": "Practices", "pcns": "PCNs", "places": "Places"}


class PracticesPanel(Panel):
    key = "practices"
    title = "Practices & PCNs"

    def build_content(self) -> QWidget:
        content = QWidget()
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by code, name, PCN or place…")
        self.filter_box.setClearButtonEnabled(True)
        self._count = QLabel()
        self._count.setObjectName("tableCount")
        self.tabs = QTabWidget()
        self.tables: dict[str, FrameTable] = {}
        for level, title in LEVEL_TITLES.items():
            table = FrameTable()
            table.export_name = title
            self.tables[level] = table
            self.tabs.addTab(table, title)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Filter:"))
        bar.addWidget(self.filter_box, 1)
        bar.addWidget(self._count)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        return content

    def connect_content(self) -> None:
        # Filtering reads texts the table model prepared once: fast enough for every keystroke
        # on a national table (see benchmarks/bench_app_scale.py).
        self.filter_box.textChanged.connect(self._apply_filter)
        self.tabs.currentChanged.connect(self._update_count)

    def show_pcn(self, code: str) -> None:
        """Show the practices of PCN ``code`` (what clicking a PCN on a chart opens)."""
        self.tabs.setCurrentWidget(self.tables["practices"])
        self.filter_box.setText(code)

    def loader(self, db: Database) -> Callable[[], MetricsTables]:
        return lambda: load_metrics_tables(db)

    def show_data(self, data: MetricsTables) -> None:
        for level in LEVEL_TITLES:
            frame = getattr(data, level)
            self.tables[level].show_frame(frame, column_info(frame))
        self._apply_filter(self.filter_box.text())

    def _apply_filter(self, text: str) -> None:
        for table in self.tables.values():
            table.set_filter(text)
        self._update_count()

    def _update_count(self) -> None:
        table = self.tabs.currentWidget()
        if isinstance(table, FrameTable):
            shown, total = table.visible_rows(), table.frame_model.rowCount()
            self._count.setText(f"{shown:,} of {total:,} shown")
