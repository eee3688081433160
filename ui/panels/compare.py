"""Compare: two to four solved scenarios side by side — headline figures and figures by place.

Tick the scenarios in the list (at most four); the table shows their headline figures in the
order a board reads them and the chart sets them against each other place by place. Changing
the ticks redraws from what was loaded; only a change to the database reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bcprimary import glossary
from bcprimary.db import Database
from ui import plots
from ui.formatting import format_value
from ui.panels.base import Panel
from ui.plan_gateway import ComparisonData, load_comparison
from ui.table_view import FrameTable

if TYPE_CHECKING:
    import pandas as pd

MOST_SCENARIOS = 4

#: KPI (from ``bcprimary.scenarios.report.kpis``) → format; rows show the glossary's label and
#: its definition as the tooltip.
MEASURES: dict[str, str] = {
    "status": "text",
    "objective": "text",
    "budget_gbp": "gbp",
    "cost_gbp": "gbp",
    "role_cost_gbp": "gbp",
    "commissioned_cost_gbp": "gbp",
    "dental_cost_gbp": "gbp",
    "wte_added": "decimal",
    "appointments_added": "count",
    "commissioned_appointments": "count",
    "gap_before": "count",
    "gap_after": "count",
    "share_weighted_gap_remaining": "percent",
    "sii_before": "decimal",
    "sii_after": "decimal",
    "quintile_gap_before": "decimal",
    "quintile_gap_after": "decimal",
    "extra_udas": "count",
    "mip_gap": "decimal",
    "seconds": "decimal",
    "verified": "text",
}
#: Place-level figures the chart can show, in the order offered.
PLACE_MEASURES = ["appointments_added", "gap_after", "cost_gbp", "role_wte_added"]


def comparison_rows(table: pd.DataFrame, names: list[str] | None = None) -> pd.DataFrame:
    """The KPI table with readable row names and each figure formatted for its measure."""
    table = table[table["measure"].isin(MEASURES)].copy()
    if names is not None:
        table = table[["measure", *names]]
    order = {key: position for position, key in enumerate(MEASURES)}
    table = table.sort_values("measure", key=lambda keys: keys.map(order))
    for column in table.columns.drop("measure"):
        table[column] = [
            format_value(value, MEASURES[key])
            for key, value in zip(table["measure"], table[column], strict=True)
        ]
    table["measure"] = table["measure"].map(glossary.label)
    return table.rename(columns={"measure": "Measure"}).reset_index(drop=True)


def measure_definitions(table: pd.DataFrame) -> list[str]:
    """The definition of each KPI row of ``table`` (in the order :func:`comparison_rows` puts
    them), for the Measure cells' tooltips."""
    codes = [code for code in MEASURES if code in set(table["measure"])]
    return [glossary.definition(code) for code in codes]


class ComparePanel(Panel):
    key = "compare"
    title = "Compare"

    def build_content(self) -> QWidget:
        plots.configure_pyqtgraph()
        self._data: ComparisonData | None = None
        self.scenario_list = QListWidget()
        self.scenario_list.setMaximumHeight(96)
        self.note = QLabel()
        self.note.setObjectName("chartNote")
        self.note.setWordWrap(True)
        self.table = FrameTable()
        self.table.setSortingEnabled(False)  # the measures have a meaningful order
        self.measure_box = QComboBox()
        for column in PLACE_MEASURES:
            self.measure_box.addItem(glossary.label(column), column)
        self.chart = plots.new_plot("By place", glossary.label("place"), "", legend_columns=2)
        plots.plain_numbers(self.chart, "left")
        chart_controls = QHBoxLayout()
        chart_controls.addWidget(QLabel("Chart by place:"))
        chart_controls.addWidget(self.measure_box)
        chart_controls.addStretch(1)
        chart_box = QWidget()
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addLayout(chart_controls)
        chart_layout.addWidget(self.chart, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(f"Scenarios (tick 2 to {MOST_SCENARIOS}):"))
        left_layout.addWidget(self.scenario_list)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(chart_box)
        splitter.setSizes([580, 480])
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        return content

    def connect_content(self) -> None:
        self.scenario_list.itemChanged.connect(self._ticked)
        self.measure_box.currentIndexChanged.connect(self._draw)

    def loader(self, db: Database) -> Callable[[], ComparisonData]:
        return lambda: load_comparison(db)

    def show_data(self, data: ComparisonData) -> None:
        ticked = self.chosen() or data.names[:MOST_SCENARIOS]
        self._data = data
        self.scenario_list.blockSignals(True)
        self.scenario_list.clear()
        for name in data.names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in ticked else Qt.CheckState.Unchecked)
            self.scenario_list.addItem(item)
        self.scenario_list.blockSignals(False)
        self._draw()

    def chosen(self) -> list[str]:
        """The ticked scenarios, in list order."""
        items = (self.scenario_list.item(i) for i in range(self.scenario_list.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def set_chosen(self, names: list[str]) -> None:
        """Tick ``names`` (the first four of them) and nothing else."""
        wanted = names[:MOST_SCENARIOS]
        self.scenario_list.blockSignals(True)
        for row in range(self.scenario_list.count()):
            item = self.scenario_list.item(row)
            ticked = item.text() in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.scenario_list.blockSignals(False)
        self._draw()

    def _ticked(self, item: QListWidgetItem) -> None:
        if item.checkState() == Qt.CheckState.Checked and len(self.chosen()) > MOST_SCENARIOS:
            self.scenario_list.blockSignals(True)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.scenario_list.blockSignals(False)
            self.note.setText(
                f"At most {MOST_SCENARIOS} scenarios side by side: untick one to add another."
            )
            return
        self._draw()

    def _draw(self) -> None:
        data = self._data
        if data is None:
            return
        names = self.chosen()
        if len(names) < 2:
            self.note.setText(
                "Tick at least two scenarios to compare them"
                + (
                    " (only one is solved: duplicate it in the Scenario view, change the "
                    "budget or the objective, and solve the copy)."
                    if len(data.names) < 2
                    else "."
                )
            )
        else:
            self.note.setText(f"{len(names)} scenarios, each on the data it was solved with.")
        rows = comparison_rows(data.kpis, names)
        self.table.show_frame(rows)
        kpis = data.kpis[data.kpis["measure"].isin(MEASURES)]
        self.table.frame_model.set_cell_tooltips("Measure", measure_definitions(kpis))
        self._draw_places(names)

    def _draw_places(self, names: list[str]) -> None:
        plots.clear_plot(self.chart)
        self.bars = {}
        places = self._data.places if self._data is not None else None
        if places is None or places.empty or not names:
            return
        column = self.measure_box.currentData()
        choice, axis = glossary.label(column), glossary.header(column)
        chosen = places[places["scenario"].isin(names)]
        pivot = chosen.pivot_table(index="place", columns="scenario", values=column, aggfunc="sum")
        pivot = pivot.reindex(columns=[n for n in names if n in pivot.columns])
        self.chart.setTitle(f"{choice} by place", size="11pt")
        self.chart.setLabel("left", axis)
        series = {name: pivot[name].tolist() for name in pivot.columns}
        self.bars = plots.grouped_bars(self.chart, list(pivot.index), series)
        self.chart.enableAutoRange(axis="y")
