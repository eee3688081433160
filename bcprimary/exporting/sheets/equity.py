"""The Equity sheet: access by national IMD quintile before and after, and the slope index.

Core20PLUS5 asks for the most deprived fifth first; this sheet shows whether the plan moves
access toward it: rates by quintile, where the money goes, and the slope index of inequality
(SII) across deciles before and after.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from bcprimary import glossary
from bcprimary.exporting import charts, styles
from bcprimary.exporting.context import PlanExport
from bcprimary.exporting.sheets.breakdown import quintile_summary
from bcprimary.exporting.tables import Column, key_value_rows, write_table

TITLE = "Equity"

_COLUMNS = [
    Column("quintile", label=glossary.label("imd_quintile"), width=20),
    Column("pcns", "integer"),
    Column("registered_patients", "count"),
    Column("weighted_patients", "count"),
    Column("weighted_share", "percent", label="Share of weighted patients"),
    Column("target_appointments", "count"),
    Column("appointments_before", "count"),
    Column("appointments_after", "count"),
    Column("rate_per_1000_weighted_before", "rate"),
    Column("rate_per_1000_weighted_after", "rate"),
    Column("gap_before", "count"),
    Column("gap_after", "count"),
    Column("role_wte_added", "wte"),
    Column("cost_gbp", "gbp"),
    Column("cost_share", "percent"),
]


def build(sheet: Worksheet, plan: PlanExport) -> None:
    result = plan.result
    styles.title(
        sheet,
        f"Equity: access by national IMD quintile, plan “{plan.scenario}”",
        "Quintile 1 is the most deprived fifth of practices in England (Core20). Rates are "
        "appointments a month per 1,000 weighted patients.",
    )
    row = styles.section(sheet, 4, "Inequality of access")
    e = result.equity
    row = key_value_rows(
        sheet,
        row,
        [
            (glossary.label("sii_before"), e.get("sii_before"), "rate", glossary.definition("sii")),
            (glossary.label("sii_after"), e.get("sii_after"), "rate", ""),
            (
                glossary.label("quintile_gap_before"),
                e.get("quintile_gap_before"),
                "rate",
                glossary.definition("quintile_gap") + " Blank when the area lacks Q1 or Q5 PCNs.",
            ),
            (glossary.label("quintile_gap_after"), e.get("quintile_gap_after"), "rate", ""),
        ],
    )
    row = styles.section(sheet, row + 1, "By national IMD quintile")
    table = quintile_summary(result) if result.has_plan else result.quintile_table
    area = write_table(sheet, row, table, _COLUMNS)
    sheet.auto_filter.ref = area.ref
    sheet.freeze_panes = "B4"
    chart_row = area.last_row + 2
    if result.has_plan and len(table):
        chart = charts.before_after_bars(
            sheet,
            categories=(1, area.first_row, area.last_row),
            series=[(9, charts.NOW_GREY), (10, charts.AFTER_NAVY)],
            header_row=area.header_row,
            title="Appointments a month per 1,000 weighted patients by IMD quintile",
            y_title="Per 1,000 weighted",
            number_format="#,##0",
            width_cm=18.0,
        )
        sheet.add_chart(chart, f"A{chart_row}")
        chart_row += 18
    sheet.column_dimensions["A"].width = 34
    styles.page_setup(sheet, f"A1:O{chart_row}", scenario=plan.scenario)
