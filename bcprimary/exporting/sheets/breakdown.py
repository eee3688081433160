"""The Summary's breakdowns: the plan by place and by IMD quintile, and the charts over them.

The two small tables are the charts' data (charts reference cells, not copies), so each
table and its chart are written together here; the Equity sheet reuses `quintile_summary`.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from bcprimary import glossary
from bcprimary.exporting import charts
from bcprimary.exporting.context import PlanExport
from bcprimary.exporting.sheets import frontier
from bcprimary.exporting.tables import Column, write_table
from solver.results import PlanResult

#: Places listed (and charted) on the Summary; all of them are on the Places sheet.
MAX_PLACES = 15


def places_heading(result: PlanResult) -> str:
    count = len(result.place_table)
    if count > MAX_PLACES:
        return f"The {MAX_PLACES} places with the largest access gap (all {count} on Places)"
    return "By place"


def place_summary(result: PlanResult) -> pd.DataFrame:
    table = result.place_table.sort_values("gap_before", ascending=False).head(MAX_PLACES)
    return table.sort_values("place").reset_index(drop=True)


_PLACE_COLUMNS = [
    Column("place"),
    Column("gap_before", "count"),
    Column("gap_after", "count"),
    Column("appointments_added", "count"),
    Column("cost_gbp", "gbp"),
]


def write_places(sheet: Worksheet, row: int, result: PlanResult) -> int:
    area = write_table(sheet, row, place_summary(result), _PLACE_COLUMNS, widths=False)
    return area.last_row + 1


def quintile_summary(result: PlanResult) -> pd.DataFrame:
    table = result.quintile_table.copy()
    cost = table["cost_gbp"].sum()
    table["quintile"] = table["imd_quintile"].map(_quintile_label)
    table["cost_share"] = table["cost_gbp"] / cost if cost else 0.0
    table["weighted_share"] = table["weighted_patients"] / table["weighted_patients"].sum()
    return table


def _quintile_label(quintile: object) -> str:
    q = int(quintile)
    suffix = {1: " (most deprived)", 5: " (least deprived)"}.get(q, "")
    return f"Q{q}{suffix}"


_QUINTILE_COLUMNS = [
    Column("quintile", label=glossary.label("imd_quintile")),
    Column("rate_per_1000_weighted_before", "rate"),
    Column("rate_per_1000_weighted_after", "rate"),
    Column("cost_share", "percent"),
    Column("weighted_share", "percent", label="Share of weighted patients"),
]


def write_quintiles(sheet: Worksheet, row: int, result: PlanResult) -> int:
    area = write_table(sheet, row, quintile_summary(result), _QUINTILE_COLUMNS, widths=False)
    return area.last_row + 1


def write_charts(
    sheet: Worksheet,
    row: int,
    result: PlanResult,
    places_at: int,
    quintiles_at: int,
    frontier_sheet: Worksheet | None,
    plan: PlanExport,
) -> int:
    places = min(len(result.place_table), MAX_PLACES)
    gap = charts.before_after_bars(
        sheet,
        categories=(1, places_at + 1, places_at + places),
        series=[(2, charts.NOW_GREY), (3, charts.AFTER_NAVY)],
        header_row=places_at,
        title="Access gap by place (appointments a month)",
        y_title="Appointments a month",
        width_cm=15.5,
    )
    sheet.add_chart(gap, f"A{row}")
    quintiles = len(result.quintile_table)
    equity = charts.before_after_bars(
        sheet,
        categories=(1, quintiles_at + 1, quintiles_at + quintiles),
        series=[(2, charts.NOW_GREY), (3, charts.AFTER_NAVY)],
        header_row=quintiles_at,
        title="Appointments per 1,000 weighted patients by IMD quintile",
        y_title="Per 1,000 weighted a month",
        width_cm=17.0,
    )
    sheet.add_chart(equity, f"D{row}")
    row += 17
    if frontier_sheet is not None and plan.frontier is not None and len(plan.frontier):
        sheet.add_chart(frontier.chart(frontier_sheet, plan), f"A{row}")
        row += 18
    return row
