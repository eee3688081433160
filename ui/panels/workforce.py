"""Workforce: ARRS entitlement against the cost of ARRS staff in post, staff by role, and
practice staff per 10,000 weighted patients."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from ui import plots
from ui.analysis_gateway import WorkforceData, column_info, load_workforce
from ui.panels.base import Panel
from ui.table_view import FrameTable

if TYPE_CHECKING:
    from bcprimary.db import Database

ENTITLEMENT_COLOUR = "#56b4e9"  # Okabe–Ito sky blue
IN_POST_COLOUR = "#0072b2"  # Okabe–Ito blue


class WorkforcePanel(Panel):
    key = "workforce"
    title = "Workforce"

    def build_content(self) -> QWidget:
        plots.configure_pyqtgraph()
        self.chart = plots.new_plot(
            "ARRS entitlement and staff in post by PCN", "£ thousand per year", ""
        )
        self.tabs = QTabWidget()
        self.entitlement_table = FrameTable()
        self.staff_table = FrameTable()
        self.practice_staff_table = FrameTable()
        self.tabs.addTab(self.entitlement_table, "ARRS entitlement by PCN")
        self.tabs.addTab(self.staff_table, "ARRS staff by role")
        self.tabs.addTab(self.practice_staff_table, "Practice staff per 10,000 weighted")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.tabs)
        splitter.setSizes([520, 240])
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        return content

    def loader(self, db: Database) -> Callable[[], WorkforceData]:
        return lambda: load_workforce(db)

    def show_data(self, data: WorkforceData) -> None:
        for table, frame in (
            (self.entitlement_table, data.entitlement),
            (self.staff_table, data.staff),
            (self.practice_staff_table, data.pcns),
        ):
            table.show_frame(frame, column_info(frame))
        self._show_chart(data)

    def _show_chart(self, data: WorkforceData) -> None:
        plots.clear_plot(self.chart)
        table = data.entitlement.sort_values("arrs_entitlement_gbp", ascending=False)
        positions = np.arange(len(table))[::-1].astype(float)
        entitlement = table["arrs_entitlement_gbp"].fillna(0).to_numpy() / 1000
        in_post = table["arrs_in_post_cost_gbp"].fillna(0).to_numpy() / 1000
        self.entitlement_bars = pg.BarGraphItem(
            x0=np.zeros(len(table)),
            y=positions + 0.18,
            width=entitlement,
            height=0.36,
            brush=ENTITLEMENT_COLOUR,
            pen=plots.OUTLINE,
            name="Entitlement",
        )
        self.in_post_bars = pg.BarGraphItem(
            x0=np.zeros(len(table)),
            y=positions - 0.18,
            width=in_post,
            height=0.36,
            brush=IN_POST_COLOUR,
            pen=plots.OUTLINE,
            name="ARRS staff in post (cost)",
        )
        self.chart.addItem(self.entitlement_bars)
        self.chart.addItem(self.in_post_bars)
        names = [plots.unit_label(c, n) for c, n in zip(table["code"], table["name"], strict=True)]
        ticks = [(float(p), plots.shorten_label(n)) for p, n in zip(positions, names, strict=True)]
        self.chart.getAxis("left").setTicks([ticks])
        self.chart.setYRange(-0.7, len(table) - 0.3, padding=0)
