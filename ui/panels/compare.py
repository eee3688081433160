"""Compare: the headline figures of every solved scenario side by side."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from bcprimary.db import Database
from ui.formatting import format_value
from ui.panels.base import Panel
from ui.scenario_gateway import load_comparison
from ui.table_view import FrameTable

if TYPE_CHECKING:
    import pandas as pd

#: KPI (from ``bcprimary.scenarios.report.kpis``) → (row label, format).
MEASURES: dict[str, tuple[str, str]] = {
    "status": ("Status", "text"),
    "objective": ("Objective", "text"),
    "budget_gbp": ("Budget", "gbp"),
    "cost_gbp": ("Spend", "gbp"),
    "wte_added": ("WTE added", "decimal"),
    "appointments_added": ("Appointments added per month", "count"),
    "commissioned_appointments": ("Commissioned appointments per month", "count"),
    "gap_before": ("Access gap before (appointments/month)", "count"),
    "gap_after": ("Access gap after", "count"),
    "share_weighted_gap_remaining": ("Deprivation-weighted gap remaining", "percent"),
    "sii_before": ("Slope index of inequality before", "decimal"),
    "sii_after": ("Slope index of inequality after", "decimal"),
    "quintile_gap_before": ("Quintile gap before", "decimal"),
    "quintile_gap_after": ("Quintile gap after", "decimal"),
    "extra_udas": ("Extra UDAs per year", "count"),
    "mip_gap": ("MIP gap", "decimal"),
    "seconds": ("Solve time (s)", "decimal"),
    "verified": ("Independently verified", "text"),
}


def comparison_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The KPI table with readable row names and each figure formatted for its measure."""
    table = table[table["measure"].isin(MEASURES)].copy()
    order = {key: position for position, key in enumerate(MEASURES)}
    table = table.sort_values("measure", key=lambda keys: keys.map(order))
    for column in table.columns.drop("measure"):
        table[column] = [
            format_value(value, MEASURES[key][1])
            for key, value in zip(table["measure"], table[column], strict=True)
        ]
    table["measure"] = table["measure"].map(lambda key: MEASURES[key][0])
    return table.rename(columns={"measure": "Measure"}).reset_index(drop=True)


class ComparePanel(Panel):
    key = "compare"
    title = "Compare"

    def build_content(self) -> QWidget:
        note = QLabel("Every solved scenario, on the data it was solved with.")
        note.setObjectName("chartNote")
        self.table = FrameTable()
        self.table.setSortingEnabled(False)  # the measures have a meaningful order
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        return content

    def loader(self, db: Database) -> Callable[[], pd.DataFrame]:
        return lambda: comparison_rows(load_comparison(db))

    def show_data(self, table: pd.DataFrame) -> None:
        self.table.show_frame(table)
