"""Dental: NHS dental activity by place — UDAs contracted and delivered per head of population,
delivery against contract, and the contracts behind them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from bcprimary import glossary
from ui import plots
from ui.analysis_gateway import DentalData, column_info, load_dental
from ui.formatting import format_percent
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
            "UDAs per head of registered population", "UDAs per head per year", ""
        )
        self.delivery_chart = plots.new_plot(
            "Delivery against contract", "UDAs delivered as % of contracted", ""
        )
        self.table = FrameTable()
        self.contracts_table = FrameTable()
        tables = QTabWidget()
        tables.addTab(self.table, "By place")
        tables.addTab(self.contracts_table, glossary.label("contracts"))
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.chart)
        charts.addWidget(self.delivery_chart)
        charts.setSizes([560, 500])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(charts)
        splitter.addWidget(tables)
        splitter.setSizes([400, 260])
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        return content

    def loader(self, db: Database) -> Callable[[], DentalData]:
        return lambda: load_dental(db)

    def show_data(self, data: DentalData) -> None:
        self.table.show_frame(data.places, column_info(data.places))
        self.contracts_table.show_frame(data.contracts, column_info(data.contracts))
        placed = data.places[data.places["population"].fillna(0) > 0]
        self._show_per_head(placed)
        self._show_delivery(placed)

    def _show_per_head(self, placed: pd.DataFrame) -> None:
        plots.clear_plot(self.chart)
        positions = np.arange(len(placed))[::-1].astype(float)
        population = placed["population"].to_numpy(dtype=float)
        self.contracted_bars = pg.BarGraphItem(
            x0=np.zeros(len(placed)),
            y=positions + 0.18,
            width=placed["uda_contracted"].to_numpy(dtype=float) / population,
            height=0.36,
            brush=CONTRACTED_COLOUR,
            pen=plots.OUTLINE,
            name="Contracted",
        )
        self.delivered_bars = pg.BarGraphItem(
            x0=np.zeros(len(placed)),
            y=positions - 0.18,
            width=placed["uda_delivered"].to_numpy(dtype=float) / population,
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

    def _show_delivery(self, placed: pd.DataFrame) -> None:
        plots.clear_plot(self.delivery_chart)
        shares = placed["uda_delivery_share"].astype(float)
        self.delivery_bars = plots.category_bars(
            self.delivery_chart,
            [str(p) for p in placed["place"]],
            (shares * 100).tolist(),
            [DELIVERED_COLOUR] * len(placed),
            [format_percent(s) for s in shares],
            legend=False,
        )
        if self.delivery_bars:
            self.delivery_chart.plotItem.legend.addItem(self.delivery_bars[0], "Delivered")
        self.delivery_chart.setXRange(0, 115, padding=0)
        full = pg.PlotDataItem(
            [100.0, 100.0],
            [-0.6, len(placed) - 0.4],
            pen=pg.mkPen(plots.TARGET_COLOUR, width=2, style=Qt.PenStyle.DashLine),
            name="Full delivery (100%)",
        )
        self.delivery_chart.addItem(full)
