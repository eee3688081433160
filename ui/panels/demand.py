"""Demand: how hard it is to get through, beside supply, for each PCN.

A scatter of the share of calls missed (Cloud Based Telephony) against the access gap per 1,000
weighted patients (appointments), coloured by national IMD quintile; hovering a point names the
PCN with its figures and both publications' data-quality caveats. Under it the PCN and place
demand tables. PCNs whose practices do not report telephony have no point: a missing figure is
never drawn as zero.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from bcprimary import glossary
from bcprimary.analysis.demand import DEMAND_COLUMNS, DemandPicture
from ui import plots
from ui.analysis_gateway import column_info
from ui.demand_gateway import caveats, load_demand
from ui.formatting import format_decimal, format_percent
from ui.panels.base import Panel
from ui.table_view import FrameTable

if TYPE_CHECKING:
    from bcprimary.db import Database

X = "access_gap_per_1000_weighted"
Y = "missed_share"
TABLE_COLUMNS = ["code", "name", "place", "imd_quintile", X, *DEMAND_COLUMNS]


class DemandPanel(Panel):
    key = "demand"
    title = "Demand"

    def build_content(self) -> QWidget:
        plots.configure_pyqtgraph()
        self.summary = QLabel()
        self.summary.setObjectName("chartNote")
        self.summary.setWordWrap(True)
        self.summary.setToolTip(caveats())
        self.scatter_plot = plots.new_plot(
            "Calls missed against the access gap, by PCN",
            glossary.header(X),
            f"{glossary.label(Y)} (%)",
            legend_columns=2,
        )
        self.scatter_plot.setToolTip(caveats())
        self.points: pg.ScatterPlotItem | None = None
        self.tabs = QTabWidget()
        self.tables = {"pcns": FrameTable(), "places": FrameTable()}
        self.tabs.addTab(self.tables["pcns"], "PCNs")
        self.tabs.addTab(self.tables["places"], glossary.label("places"))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.scatter_plot)
        splitter.addWidget(self.tabs)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        return content

    def loader(self, db: Database) -> Callable[[], DemandPicture]:
        return lambda: load_demand(db)

    def show_data(self, data: DemandPicture) -> None:
        self.data = data
        self.summary.setText(summary_text(data))
        self._show_scatter(data)
        for level, table in self.tables.items():
            frame = getattr(data, level)
            frame = frame[[c for c in TABLE_COLUMNS if c in frame]]
            table.show_frame(frame, column_info(frame))

    def _show_scatter(self, data: DemandPicture) -> None:
        plots.clear_plot(self.scatter_plot)
        pcns = data.pcns[data.pcns["code"] != "U"]
        xs = pcns[X].to_numpy(dtype=float)
        ys = pcns[Y].to_numpy(dtype=float) * 100
        known = np.isfinite(xs) & np.isfinite(ys)
        spots = [
            {
                "pos": (float(xs[i]), float(ys[i])),
                "brush": pg.mkBrush(plots.quintile_colour(row.imd_quintile)),
                "data": point_tip(row),
            }
            for i, row in enumerate(pcns.itertuples())
            if known[i]
        ]
        self.points = pg.ScatterPlotItem(size=10, pen=plots.OUTLINE, hoverable=True, tip=_tip)
        self.points.addPoints(spots)
        self.scatter_plot.addItem(self.points)
        quintiles = sorted({int(q) for q in pcns.loc[known, "imd_quintile"].dropna()})
        for quintile in quintiles:
            sample = pg.ScatterPlotItem(
                size=10, pen=plots.OUTLINE, brush=plots.quintile_colour(quintile)
            )
            self.scatter_plot.plotItem.legend.addItem(sample, plots.QUINTILE_NAMES[quintile])


def _tip(x: float, y: float, data: object) -> str:
    return str(data)


def point_tip(row) -> str:
    """A PCN's name and figures, then the publications' caveats."""
    lines = [
        plots.unit_label(row.code, row.name, limit=120),
        f"{glossary.label(Y)}: {format_percent(row.missed_share)}",
        f"{glossary.label(X)}: {format_decimal(getattr(row, X))}",
        f"{glossary.label('inbound_calls_per_1000_per_working_day')}: "
        f"{format_decimal(row.inbound_calls_per_1000_per_working_day)}",
        f"{glossary.label('telephony_coverage')}: {format_percent(row.telephony_coverage)}",
        f"{glossary.label('oc_submissions_per_1000')}: "
        f"{format_decimal(row.oc_submissions_per_1000)}",
        f"{glossary.label('imd_quintile')}: {format_decimal(row.imd_quintile)}",
        "",
        caveats(),
    ]
    return "\n".join(lines)


def summary_text(data: DemandPicture) -> str:
    if data.empty:
        return (
            "No demand data loaded: import a Cloud Based Telephony workbook and a Submissions "
            "via Online Consultation Systems workbook (NHS England, monthly XLSX)."
        )
    area = data.area
    parts = []
    if data.telephony_month is not None:
        parts.append(
            f"Telephony {data.telephony_month:%B %Y} ({data.working_days} "
            f"{glossary.label('working_days').lower()}): "
            f"{glossary.label('missed_share')} {format_percent(area.get('missed_share'))}, "
            f"{glossary.label('telephony_coverage')} "
            f"{format_percent(area.get('telephony_coverage'))}."
        )
    if data.oc_month is not None:
        parts.append(
            f"Online consultations {data.oc_month:%B %Y}: "
            f"{format_decimal(area.get('oc_submissions_per_1000'))} per 1,000, "
            f"{glossary.label('oc_coverage')} {format_percent(area.get('oc_coverage'))}."
        )
    parts.append("Hover for the publications' data-quality caveats.")
    return " ".join(parts)
