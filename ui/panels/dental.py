"""Dental: NHS dental activity by place — UDAs contracted and delivered per head of population."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ui import plots
from ui.analysis_gateway import column_info, load_dental
from ui.panels.base import Panel
from ui.table_view import FrameTable

if TYPE_CHECKING:
    import pandas as pd

    from bcprimary.db import Database

CONTRACTED_COLOUR = "#0072b2"  # Okabe–Ito blue
DELIVERED_COLOUR = "#e69f00"  # Okabe–Ito orange


class DentalPanel(Panel):
    key = "dental"
    title = "Dental"

    def build_content(self) -> QWidget:
        plots.configure_pyqtgraph()
        self.chart = plots.new_plot(
            "UDAs per head of registered population by place", "UDAs per head per year", ""
        )
        self.table = FrameTable()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setSizes([380, 260])
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        return content

    def loader(self, db: Database) -> Callable[[], pd.DataFrame]:
        return lambda: load_dental(db)

    def show_data(self, table: pd.DataFrame) -> None:
        self.table.show_frame(table, column_info(table))
        self._show_chart(table)

    def _show_chart(self, table: pd.DataFrame) -> None:
        plots.clear_plot(self.chart)
        placed = table[table["population"].fillna(0) > 0]
        positions = np.arange(len(placed))[::-1].astype(float)
        population = placed["population"].to_numpy(dtype=float)
        contracted = placed["uda_contracted"].to_numpy(dtype=float) / population
        delivered = placed["uda_delivered"].to_numpy(dtype=float) / population
        self.contracted_bars = pg.BarGraphItem(
            x0=np.zeros(len(placed)),
            y=positions + 0.18,
            width=contracted,
            height=0.36,
            brush=CONTRACTED_COLOUR,
            pen=plots.OUTLINE,
            name="Contracted",
        )
        self.delivered_bars = pg.BarGraphItem(
            x0=np.zeros(len(placed)),
            y=positions - 0.18,
            width=delivered,
            height=0.36,
            brush=DELIVERED_COLOUR,
            pen=plots.OUTLINE,
            name="Delivered",
        )
        self.chart.addItem(self.contracted_bars)
        self.chart.addItem(self.delivered_bars)
        ticks = [(float(p), str(name)) for p, name in zip(positions, placed["place"], strict=True)]
        self.chart.getAxis("left").setTicks([ticks])
        self.chart.setYRange(-0.7, len(placed) - 0.3, padding=0)
