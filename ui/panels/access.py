"""Access: appointments per 1,000 weighted patients by PCN against the target, by deprivation.

Three charts: a bar per PCN coloured by national IMD quintile with the target line; IMD score
against access with a fitted line (the inverse care law made visible); and the monthly trend of
the area, a chosen PCN or a chosen place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from bcprimary import glossary
from ui import plots
from ui.analysis_gateway import AccessData, load_access, load_trend
from ui.formatting import format_count, format_decimal
from ui.panels.base import Panel

if TYPE_CHECKING:
    import pandas as pd

    from bcprimary.db import Database

RATE = "appointments_per_1000_weighted"
RATE_LABEL = glossary.header(RATE)
LEVELS = {"area": "Whole area", "pcn": "PCN", "place": glossary.label("place")}


class AccessPanel(Panel):
    """Signals:
    practices_requested(str): a PCN's bar was clicked; the window opens its practices.
    """

    key = "access"
    title = "Access"
    practices_requested = Signal(str)

    def build_content(self) -> QWidget:
        plots.configure_pyqtgraph()
        content = QWidget()
        self.bar_plot = plots.new_plot("Access by PCN", RATE_LABEL, "", legend_columns=2)
        self.scatter_plot = plots.new_plot(
            "Deprivation and access",
            "IMD score (higher = more deprived)",
            "per 1,000 weighted",
            legend_columns=2,
        )
        self.trend_plot = plots.new_plot(
            "Monthly trend",
            "Month",
            "per 1,000 weighted",
            axis_items={"bottom": pg.DateAxisItem(orientation="bottom", utcOffset=0)},
        )
        self.level_box = QComboBox()
        for level, label in LEVELS.items():
            self.level_box.addItem(label, level)
        self.unit_box = QComboBox()
        self.unit_box.setMinimumContentsLength(24)
        self.unit_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.unit_box.setEnabled(False)
        self._summary = QLabel()
        self._summary.setObjectName("chartNote")
        self._summary.setWordWrap(True)
        self.show_box = QComboBox()
        for label, choice in plots.SHOW_CHOICES.items():
            self.show_box.addItem(label, choice)
        self.show_box.setToolTip("Show every PCN (scroll with the wheel), or the top or bottom N")
        self._bar_note = QLabel(
            "Hover over a bar for its figures; click it to open the PCN's practices."
        )
        self._bar_note.setObjectName("chartNote")
        bar_controls = QHBoxLayout()
        bar_controls.addWidget(QLabel("Show:"))
        bar_controls.addWidget(self.show_box)
        bar_controls.addWidget(self._bar_note, 1)
        bar_box = QVBoxLayout()
        bar_box.addLayout(bar_controls)
        bar_box.addWidget(self.bar_plot, 1)
        self.bar_picker: plots.BarPicker | None = None
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Trend for:"))
        controls.addWidget(self.level_box)
        controls.addWidget(self.unit_box, 1)
        trend_box = QVBoxLayout()
        trend_box.addLayout(controls)
        trend_box.addWidget(self.trend_plot, 1)
        grid = QGridLayout()
        grid.addLayout(bar_box, 0, 0, 2, 1)
        grid.addWidget(self.scatter_plot, 0, 1)
        grid.addLayout(trend_box, 1, 1)
        grid.setColumnStretch(0, 6)
        grid.setColumnStretch(1, 4)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._summary)
        layout.addLayout(grid, 1)
        self._data: AccessData | None = None
        return content

    def connect_content(self) -> None:
        self.level_box.currentIndexChanged.connect(self._level_changed)
        self.unit_box.currentIndexChanged.connect(self._request_trend)
        self.show_box.currentIndexChanged.connect(
            lambda _index: self._data is not None and self._show_bars(self._data)
        )

    def loader(self, db: Database) -> Callable[[], AccessData]:
        return lambda: load_access(db)

    def show_data(self, data: AccessData) -> None:
        self._data = data
        self._show_bars(data)
        self._show_scatter(data)
        self._summary.setText(_summary_text(data))
        self._level_changed()

    # --- charts ------------------------------------------------------------------------------

    def _show_bars(self, data: AccessData) -> None:
        plots.clear_plot(self.bar_plot)
        pcns = plots.pick_rows(_real_pcns(data.pcns), RATE, self.show_box.currentData())
        names = [plots.unit_label(c, n) for c, n in zip(pcns["code"], pcns["name"], strict=True)]
        self.bars = plots.quintile_bars(
            self.bar_plot, names, pcns[RATE].fillna(0).to_list(), pcns["imd_quintile"].to_list()
        )
        plots.scroll_window(self.bar_plot, len(names))
        if self.bar_picker is not None:
            self.bar_picker.detach()
        self.bar_picker = plots.BarPicker(
            self.bar_plot,
            [_bar_tip(row) for row in pcns.itertuples()],
            pcns["code"].astype(str).to_list(),
            self.practices_requested.emit,
        )
        self.target = None
        if np.isfinite(data.target_rate):
            self.target = plots.target_line(
                self.bar_plot,
                data.target_rate,
                (-0.6, len(names) - 0.4),
                f"Target {format_decimal(data.target_rate)} per 1,000",
            )

    def _show_scatter(self, data: AccessData) -> None:
        plots.clear_plot(self.scatter_plot)
        pcns = _real_pcns(data.pcns)
        names = zip(pcns["code"], pcns["name"], strict=True)
        self.points, self.fit = plots.scatter_with_fit(
            self.scatter_plot,
            pcns["imd_score"].to_list(),
            pcns[RATE].to_list(),
            pcns["imd_quintile"].to_list(),
            [plots.unit_label(code, name, limit=120) for code, name in names],
        )

    def _level_changed(self) -> None:
        level = self.level_box.currentData()
        self.unit_box.blockSignals(True)
        self.unit_box.clear()
        if self._data is not None and level != "area":
            units = _real_pcns(self._data.pcns) if level == "pcn" else self._data.places
            for code, name in zip(units["code"], units["name"], strict=True):
                self.unit_box.addItem(
                    plots.unit_label(code, name if level == "pcn" else None, limit=120), code
                )
        self.unit_box.setEnabled(level != "area")
        self.unit_box.blockSignals(False)
        self._request_trend()

    def _request_trend(self) -> None:
        db = self.database
        if db is None or self._data is None:
            return
        level = self.level_box.currentData()
        code = self.unit_box.currentData() if level != "area" else None
        title = self.unit_box.currentText() if level != "area" else LEVELS["area"]
        self.run_in_background(
            lambda: load_trend(db, level, code),
            lambda trend: self.show_trend(trend, title),
        )

    def show_trend(self, trend: pd.DataFrame, title: str) -> None:
        plots.clear_plot(self.trend_plot)
        self.trend_plot.setTitle(f"Monthly trend: {title}", size="11pt")
        if trend.empty:
            return
        times = [_timestamp(m) for m in trend["month"]]
        self.trend_line = pg.PlotDataItem(
            times,
            trend[RATE].astype(float).to_numpy(),
            pen=pg.mkPen(plots.LINE_COLOUR, width=2),
            symbol="o",
            symbolSize=6,
            symbolBrush=plots.LINE_COLOUR,
            name=glossary.label(RATE),
        )
        self.trend_plot.addItem(self.trend_line)
        plots.single_month_range(self.trend_plot, times)
        if self._data is not None and np.isfinite(self._data.target_rate):
            line = pg.InfiniteLine(
                pos=self._data.target_rate,
                angle=0,
                pen=pg.mkPen(plots.TARGET_COLOUR, width=1.5, style=Qt.PenStyle.DashLine),
            )
            self.trend_plot.addItem(line)
            sample = pg.PlotDataItem(pen=line.pen)
            self.trend_plot.plotItem.legend.addItem(sample, "Target")
            # An infinite line does not take part in auto-range: keep the target in view.
            values = trend[RATE].astype(float).dropna()
            if not values.empty:
                low = min(values.min(), self._data.target_rate)
                high = max(values.max(), self._data.target_rate)
                self.trend_plot.setYRange(low, high, padding=0.1)


def _bar_tip(row: object) -> str:
    """'NAME (CODE)', the rate, the practices and the IMD quintile of one PCN's bar."""
    lines = [
        plots.unit_label(row.code, row.name, limit=120),
        f"{format_decimal(getattr(row, RATE))} {RATE_LABEL.lower()}",
    ]
    practices = getattr(row, "practices", None)
    details = [f"{format_count(practices)} practices"] if practices is not None else []
    details.append(plots.quintile_name(getattr(row, "imd_quintile", None)))
    return "\n".join([*lines, " · ".join(details)])


def _real_pcns(pcns: pd.DataFrame) -> pd.DataFrame:
    """PCNs without the 'unallocated' pseudo-PCN (code U), which has no target of its own."""
    return pcns[pcns["code"] != "U"].reset_index(drop=True)


def _timestamp(month: object) -> float:
    if isinstance(month, str):
        month = dt.date.fromisoformat(month[:10])
    if isinstance(month, dt.datetime):
        month = month.date()
    return dt.datetime.combine(month, dt.time(), tzinfo=dt.UTC).timestamp()


def _summary_text(data: AccessData) -> str:
    area = data.area
    parts = [
        f"Area: {format_decimal(area.get(RATE))} appointments per 1,000 weighted patients per "
        f"month; target {format_decimal(data.target_rate)}."
    ]
    if area.get("sii") is not None:
        parts.append(
            f"Slope index of inequality {format_decimal(area.get('sii'))} per 1,000 "
            "(positive = less deprived areas get more)."
        )
    window = (area.get("snapshots") or {}).get("appointment_window")
    if window:
        parts.append(f"Appointments {window}; {area.get('imd_edition') or 'IMD not loaded'}.")
    return " ".join(parts)
