"""The charts of the Results view: access before and after by PCN, equity by IMD quintile, and
the plan beside its fair-shares and greedy baselines.

Each chart is drawn from the stored plan's tables by one function (or, for the baselines, one
small widget) and keeps its pyqtgraph items so that tests read the plotted data back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from bcprimary import glossary
from ui import plots
from ui.analysis_gateway import ColumnInfo
from ui.formatting import NumberFormat, format_count, format_decimal, format_percent
from ui.table_view import FrameTable

if TYPE_CHECKING:
    import pandas as pd

BEFORE_COLOUR = "#bababa"

_BASELINE_CODES = [
    "plan",
    "share_weighted_gap_remaining",
    "appointments_added",
    "gap_after",
    "wte_added",
    "cost_gbp",
]
BASELINE_COLUMNS = ColumnInfo(
    labels=glossary.labels(_BASELINE_CODES),
    definitions=glossary.definitions(_BASELINE_CODES),
    formats={
        "plan": NumberFormat.TEXT,
        "share_weighted_gap_remaining": NumberFormat.PERCENT,
        "appointments_added": NumberFormat.COUNT,
        "gap_after": NumberFormat.COUNT,
        "wte_added": NumberFormat.DECIMAL,
        "cost_gbp": NumberFormat.GBP,
    },
)


def new_access_plot() -> pg.PlotWidget:
    return plots.new_plot(
        "Access before and after the plan",
        glossary.header("appointments_per_1000_weighted"),
        "",
        legend_columns=2,
    )


def new_equity_plot() -> pg.PlotWidget:
    return plots.new_plot(
        "Access by IMD quintile before and after",
        "IMD quintile (1 = most deprived)",
        glossary.header("appointments_per_1000_weighted"),
    )


def draw_access(
    plot: pg.PlotWidget, pcns: pd.DataFrame, target: float | None
) -> tuple[pg.BarGraphItem, list[pg.BarGraphItem]]:
    """A grey 'before' bar and a quintile-coloured 'after' bar per PCN, with the target line."""
    plots.clear_plot(plot)
    table = pcns.sort_values("rate_per_1000_weighted_after", ascending=False)
    positions = np.arange(len(table))[::-1].astype(float)
    before = pg.BarGraphItem(
        x0=np.zeros(len(table)),
        y=positions + 0.18,
        height=0.36,
        width=table["rate_per_1000_weighted_before"].fillna(0).to_numpy(),
        brush=BEFORE_COLOUR,
        pen=plots.OUTLINE,
        name="Before",
    )
    plot.addItem(before)
    after = []
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
        plot.addItem(bars)
        after.append(bars)
    names = [
        # Short labels: this chart shares the view with the tables.
        plots.unit_label(c, n, limit=26)
        for c, n in zip(table["pcn_code"], table["pcn_name"], strict=True)
    ]
    ticks = [(float(p), plots.shorten_label(n)) for p, n in zip(positions, names, strict=True)]
    plot.getAxis("left").setTicks([ticks])
    plot.setYRange(-0.7, len(table) - 0.3, padding=0)
    plots.scroll_window(plot, len(table))
    if target is not None and np.isfinite(target):
        span = (-0.6, len(table) - 0.4)
        plots.target_line(plot, target, span, f"Target {format_decimal(target)}")
    return before, after


def draw_equity(
    plot: pg.PlotWidget, quintiles: pd.DataFrame
) -> tuple[pg.BarGraphItem, list[pg.BarGraphItem]]:
    """Access per IMD quintile before (grey) and after (one bar per quintile, in its colour)."""
    plots.clear_plot(plot)
    x = quintiles["imd_quintile"].astype(float).to_numpy()
    before = pg.BarGraphItem(
        x=x - 0.18,
        height=quintiles["rate_per_1000_weighted_before"].to_numpy(dtype=float),
        width=0.36,
        brush=BEFORE_COLOUR,
        pen=plots.OUTLINE,
        name="Before",
    )
    plot.addItem(before)
    after = []
    rates = quintiles["rate_per_1000_weighted_after"].to_numpy(dtype=float)
    for quintile, rate in zip(x, rates, strict=True):
        bar = pg.BarGraphItem(
            x=[quintile + 0.18],
            height=[rate],
            width=0.36,
            brush=plots.quintile_colour(quintile),
            pen=plots.OUTLINE,
            name=f"After: {plots.QUINTILE_NAMES.get(int(quintile), f'Q{quintile:.0f}')}",
        )
        plot.addItem(bar)
        after.append(bar)
    plot.getAxis("bottom").setTicks([[(q, f"Q{q:.0f}") for q in x]])
    return before, after


class BaselinesView(QWidget):
    """The optimised plan beside fair shares and greedy: two bar charts and a table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gap_plot = plots.new_plot(
            "Deprivation-weighted access gap left by each plan",
            "% of the weighted gap before the plan (lower is better)",
            "",
        )
        self.added_plot = plots.new_plot(
            "Appointments added by each plan", glossary.header("appointments_added"), ""
        )
        for plot in (self.gap_plot, self.added_plot):
            plots.plain_numbers(plot, "bottom")
        self.table = FrameTable()
        self.table.setSortingEnabled(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for widget in (self.gap_plot, self.added_plot, self.table):
            splitter.addWidget(widget)
        splitter.setSizes([230, 190, 120])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.gap_bars: list[pg.BarGraphItem] = []
        self.added_bars: list[pg.BarGraphItem] = []

    def show_table(self, table: pd.DataFrame) -> None:
        self.table.show_frame(table, BASELINE_COLUMNS)
        labels = table["plan"].tolist()
        colours = [plots.PLAN_COLOURS.get(label, plots.SERIES_COLOURS[-1]) for label in labels]
        shares = (table["share_weighted_gap_remaining"].astype(float) * 100).tolist()
        added = table["appointments_added"].astype(float).tolist()
        plots.clear_plot(self.gap_plot)
        self.gap_bars = plots.category_bars(
            self.gap_plot, labels, shares, colours, [format_percent(s / 100) for s in shares]
        )
        plots.clear_plot(self.added_plot)
        self.added_bars = plots.category_bars(
            self.added_plot, labels, added, colours, [format_count(a) for a in added], legend=False
        )
