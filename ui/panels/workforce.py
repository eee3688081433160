"""Workforce: ARRS entitlement against the cost of ARRS staff in post, ARRS staff by role, and
practice staff per 10,000 weighted patients by staff group — each a chart over its table."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from bcprimary import glossary
from ui import plots
from ui.analysis_gateway import WorkforceData, column_info, load_workforce
from ui.formatting import format_decimal, format_gbp
from ui.panels.base import MessageView, Panel
from ui.table_view import FrameTable

if TYPE_CHECKING:
    import pandas as pd

    from bcprimary.db import Database

ENTITLEMENT_COLOUR = "#56b4e9"  # Okabe–Ito sky blue
IN_POST_COLOUR = "#0072b2"  # Okabe–Ito blue
STAFF_COLOUR = "#009e73"  # Okabe–Ito green
#: Practice workforce columns (per 10,000 weighted patients) → staff group shown.
STAFF_GROUPS = {
    "gp_fte_per_10k_weighted": "GPs",
    "nurse_fte_per_10k_weighted": "Nurses",
    "dpc_fte_per_10k_weighted": "Direct patient care",
    "admin_fte_per_10k_weighted": "Admin / non-clinical",
}
NO_PRACTICE_WORKFORCE = (
    "Practice staff per 10,000 weighted patients needs the 'General Practice Workforce' "
    "detailed practice-level CSV: import it (File → Import files…) to see GPs, nurses, "
    "direct patient care and admin staff by place."
)


def _chart_over_table(chart: QWidget, table: QWidget) -> QSplitter:
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(chart)
    splitter.addWidget(table)
    splitter.setSizes([470, 200])
    return splitter


class WorkforcePanel(Panel):
    practices_requested = Signal(str)
    key = "workforce"
    title = "Workforce"

    def build_content(self) -> QWidget:
        plots.configure_pyqtgraph()
        self.chart = plots.new_plot(
            "ARRS entitlement and the cost of ARRS staff in post, by PCN", "£ thousand per year", ""
        )
        self.role_chart = plots.new_plot(
            "ARRS staff in post by role (whole area)", "FTE (full-time equivalent)", ""
        )
        self.group_chart = plots.new_plot(
            "Practice staff per 10,000 weighted patients",
            glossary.label("place"),
            "FTE per 10,000 weighted",
        )
        self.group_message = MessageView()
        self.group_stack = QStackedWidget()
        self.group_stack.addWidget(self.group_chart)
        self.group_stack.addWidget(self.group_message)
        self.bar_picker: plots.BarPicker | None = None
        self.entitlement_table = FrameTable()
        self.staff_table = FrameTable()
        self.practice_staff_table = FrameTable()
        self.tabs = QTabWidget()
        self.tabs.addTab(
            _chart_over_table(self.chart, self.entitlement_table), "Entitlement and staff in post"
        )
        self.tabs.addTab(_chart_over_table(self.role_chart, self.staff_table), "ARRS staff by role")
        self.tabs.addTab(
            _chart_over_table(self.group_stack, self.practice_staff_table),
            "Practice staff per 10,000 weighted",
        )
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
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
        self._show_entitlement(data.entitlement)
        self._show_roles(data.staff)
        self._show_groups(data.places)

    def _show_entitlement(self, entitlement: pd.DataFrame) -> None:
        plots.clear_plot(self.chart)
        table = entitlement.sort_values("arrs_entitlement_gbp", ascending=False)
        positions = np.arange(len(table))[::-1].astype(float)
        self.entitlement_bars = pg.BarGraphItem(
            x0=np.zeros(len(table)),
            y=positions + 0.18,
            width=table["arrs_entitlement_gbp"].fillna(0).to_numpy() / 1000,
            height=0.36,
            brush=ENTITLEMENT_COLOUR,
            pen=plots.OUTLINE,
            name="ARRS entitlement (rate × weighted list)",
        )
        self.in_post_bars = pg.BarGraphItem(
            x0=np.zeros(len(table)),
            y=positions - 0.18,
            width=table["arrs_in_post_cost_gbp"].fillna(0).to_numpy() / 1000,
            height=0.36,
            brush=IN_POST_COLOUR,
            pen=plots.OUTLINE,
            name="Cost of ARRS staff in post",
        )
        self.chart.addItem(self.entitlement_bars)
        self.chart.addItem(self.in_post_bars)
        names = [plots.unit_label(c, n) for c, n in zip(table["code"], table["name"], strict=True)]
        ticks = [(float(p), plots.shorten_label(n)) for p, n in zip(positions, names, strict=True)]
        self.chart.getAxis("left").setTicks([ticks])
        self.chart.setYRange(-0.7, len(table) - 0.3, padding=0)
        plots.scroll_window(self.chart, len(table))
        if self.bar_picker is not None:
            self.bar_picker.detach()
        self.bar_picker = plots.BarPicker(
            self.chart,
            [
                f"{name}\nEntitlement {format_gbp(e)} · staff in post {format_gbp(p)}"
                for name, e, p in zip(
                    [
                        plots.unit_label(c, n, limit=120)
                        for c, n in zip(table["code"], table["name"], strict=True)
                    ],
                    table["arrs_entitlement_gbp"],
                    table["arrs_in_post_cost_gbp"],
                    strict=True,
                )
            ],
            table["code"].astype(str).to_list(),
            self.practices_requested.emit,
        )

    def _show_roles(self, staff: pd.DataFrame) -> None:
        """FTE in post by published ARRS role, largest first (roles outside ARRS left out)."""
        plots.clear_plot(self.role_chart)
        arrs = staff[staff["role_code"].notna()] if "role_code" in staff else staff
        by_role = arrs.groupby("staff_role")["fte"].sum().sort_values(ascending=False)
        self.role_bars = plots.category_bars(
            self.role_chart,
            list(by_role.index),
            by_role.tolist(),
            [STAFF_COLOUR] * len(by_role),
            [format_decimal(v) for v in by_role],
            legend=False,
        )
        if self.role_bars:  # one colour: one legend entry says what the bars are
            self.role_chart.plotItem.legend.addItem(self.role_bars[0], "FTE in post, PCN-employed")

    def _show_groups(self, places: pd.DataFrame | None) -> None:
        plots.clear_plot(self.group_chart)
        self.group_bars = {}
        columns = [c for c in STAFF_GROUPS if places is not None and c in places]
        if places is None or not columns or places[columns].isna().all().all():
            self.group_message.setText(NO_PRACTICE_WORKFORCE)
            self.group_stack.setCurrentWidget(self.group_message)
            return
        self.group_stack.setCurrentWidget(self.group_chart)
        placed = places[places[columns].notna().any(axis=1)]
        series = {STAFF_GROUPS[c]: placed[c].tolist() for c in columns}
        self.group_bars = plots.grouped_bars(self.group_chart, list(placed["name"]), series)
