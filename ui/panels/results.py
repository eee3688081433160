"""Results: the solved plan of a scenario — headline, access before and after, equity, the
allocation heat table, and the baselines it is compared with."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bcprimary.db import Database
from ui import plots
from ui.analysis_gateway import ColumnInfo
from ui.formatting import NumberFormat, format_decimal
from ui.models import DataFrameModel
from ui.panels.base import Panel
from ui.scenario_gateway import ResultsData, load_results
from ui.table_view import FrameTable

if TYPE_CHECKING:
    import pandas as pd

BEFORE_COLOUR = "#bababa"
PCN_LABELS = {
    "pcn_code": "PCN",
    "pcn_name": "Name",
    "place": "Place",
    "imd_quintile": "IMD quintile",
    "rate_per_1000_weighted_before": "Per 1,000 weighted before",
    "rate_per_1000_weighted_after": "Per 1,000 weighted after",
    "appointments_added": "Appointments added / month",
    "role_wte_added": "WTE added",
    "gap_before": "Gap before",
    "gap_after": "Gap after",
    "cost_gbp": "Cost (£/year)",
    "entitlement_headroom_gbp": "Entitlement headroom",
}


def _money_or_number(column: str) -> NumberFormat:
    if column.endswith("_gbp"):
        return NumberFormat.GBP
    if column in {"imd_quintile", "imd_decile", "pcn_code", "pcn_name", "place"}:
        return NumberFormat.TEXT
    return NumberFormat.DECIMAL


class ResultsPanel(Panel):
    key = "results"
    title = "Results"

    def build_content(self) -> QWidget:
        plots.configure_pyqtgraph()
        self._wanted: str | None = None
        self.chooser = QComboBox()
        self.chooser.setMinimumContentsLength(24)
        self.status = QLabel()
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Scenario:"))
        top.addWidget(self.chooser)
        top.addWidget(self.status, 1)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        # The summary is the command line's report: aligned columns need a fixed-width font.
        self.summary.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.summary.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.access_plot = plots.new_plot(
            "Access before and after the plan",
            "Appointments per 1,000 weighted per month",
            "",
            legend_columns=2,
        )
        self.equity_plot = plots.new_plot(
            "Access by IMD quintile", "IMD quintile (1 = most deprived)", "per 1,000 weighted"
        )
        charts = QTabWidget()
        charts.addTab(self.access_plot, "Before / after by PCN")
        charts.addTab(self.equity_plot, "Equity by quintile")
        self.allocation_table = FrameTable(model=DataFrameModel(heat_columns=frozenset()))
        self.pcn_table = FrameTable()
        tables = QTabWidget()
        tables.addTab(self.summary, "Summary")
        tables.addTab(self.allocation_table, "Allocation (WTE by PCN × role)")
        tables.addTab(self.pcn_table, "PCNs before / after")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(tables)
        splitter.addWidget(charts)
        splitter.setSizes([520, 560])
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        return content

    def connect_content(self) -> None:
        self.chooser.activated.connect(self._choose)

    def loader(self, db: Database) -> Callable[[], ResultsData]:
        wanted = self._wanted or self.chooser.currentText() or None
        return lambda: load_results(db, wanted)

    def show_data(self, data: ResultsData) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems(data.solved_names)
        self.chooser.setCurrentText(data.name)
        self.chooser.blockSignals(False)
        result = data.result
        self.status.setText(f"Status: {result.status.value}. {result.message}".strip())
        self.summary.setPlainText("\n".join(data.summary_lines))
        self.data = data
        if not result.has_plan:
            return
        self._show_access(result.pcn_table, data.snapshots.get("target_rate"))
        self._show_equity(result.quintile_table)
        self._show_allocation(result.allocation)
        columns = [c for c in PCN_LABELS if c in result.pcn_table]
        pcns = result.pcn_table[columns]
        self.pcn_table.show_frame(
            pcns, ColumnInfo(PCN_LABELS, {}, {c: _money_or_number(c) for c in columns})
        )

    def _choose(self) -> None:
        self._wanted = self.chooser.currentText()
        self.refresh()

    def _show_access(self, pcns: pd.DataFrame, target: float | None) -> None:
        plots.clear_plot(self.access_plot)
        table = pcns.sort_values("rate_per_1000_weighted_after", ascending=False)
        positions = np.arange(len(table))[::-1].astype(float)
        self.before_bars = pg.BarGraphItem(
            x0=np.zeros(len(table)),
            y=positions + 0.18,
            height=0.36,
            width=table["rate_per_1000_weighted_before"].fillna(0).to_numpy(),
            brush=BEFORE_COLOUR,
            pen=plots.OUTLINE,
            name="Before",
        )
        self.access_plot.addItem(self.before_bars)
        self.after_bars = []
        for quintile in sorted(table["imd_quintile"].dropna().unique()):
            mask = (table["imd_quintile"] == quintile).to_numpy()
            bars = pg.BarGraphItem(
                x0=np.zeros(mask.sum()),
                y=positions[mask] - 0.18,
                height=0.36,
                width=table.loc[mask, "rate_per_1000_weighted_after"].fillna(0).to_numpy(),
                brush=plots.quintile_colour(quintile),
                pen=plots.OUTLINE,
                name=f"After: Q{int(quintile)}" + (" most deprived" if quintile == 1 else ""),
            )
            self.access_plot.addItem(bars)
            self.after_bars.append(bars)
        names = [
            plots.unit_label(c, n)
            for c, n in zip(table["pcn_code"], table["pcn_name"], strict=True)
        ]
        ticks = [(float(p), plots.shorten_label(n)) for p, n in zip(positions, names, strict=True)]
        self.access_plot.getAxis("left").setTicks([ticks])
        self.access_plot.setYRange(-0.7, len(table) - 0.3, padding=0)
        if target is not None and np.isfinite(target):
            plots.target_line(
                self.access_plot,
                target,
                (-0.6, len(table) - 0.4),
                f"Target {format_decimal(target)}",
            )

    def _show_equity(self, quintiles: pd.DataFrame) -> None:
        plots.clear_plot(self.equity_plot)
        x = quintiles["imd_quintile"].astype(float).to_numpy()
        before = quintiles["rate_per_1000_weighted_before"].to_numpy(dtype=float)
        after = quintiles["rate_per_1000_weighted_after"].to_numpy(dtype=float)
        self.equity_before = pg.BarGraphItem(
            x=x - 0.18,
            height=before,
            width=0.36,
            brush=BEFORE_COLOUR,
            pen=plots.OUTLINE,
            name="Before",
        )
        self.equity_after = pg.BarGraphItem(
            x=x + 0.18,
            height=after,
            width=0.36,
            brushes=[plots.quintile_colour(q) for q in x],
            pen=plots.OUTLINE,
            name="After",
        )
        self.equity_plot.addItem(self.equity_before)
        self.equity_plot.addItem(self.equity_after)
        self.equity_plot.getAxis("bottom").setTicks([[(q, f"Q{q:.0f}") for q in x]])

    def _show_allocation(self, allocation: pd.DataFrame) -> None:
        if allocation.empty:
            self.allocation_table.show_frame(allocation)
            return
        heat = allocation.pivot_table(
            index="pcn_code", columns="role_code", values="wte", aggfunc="sum", fill_value=0.0
        )
        heat["Total WTE"] = heat.sum(axis=1)
        frame = heat.reset_index().rename(columns={"pcn_code": "PCN"})
        roles = frozenset(c for c in frame.columns if c != "PCN")
        model = DataFrameModel(heat_columns=roles - {"Total WTE"}, parent=self.allocation_table)
        self.allocation_table.set_frame_model(model)
        formats: dict[str, Any] = {c: NumberFormat.DECIMAL for c in roles}
        self.allocation_table.show_frame(frame, ColumnInfo({}, {}, formats))
