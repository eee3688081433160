"""The Dental sheet: NHS dental activity by place now, and the extra-UDA lever of the plan."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from bcprimary.exporting import charts, styles
from bcprimary.exporting.cells import put
from bcprimary.exporting.context import PlanExport
from bcprimary.exporting.tables import Column, write_table

TITLE = "Dental"

_ACTIVITY = [
    Column("place", width=26),
    Column("contracts", "integer"),
    Column("uda_contracted", "count"),
    Column("uda_delivered", "count"),
    Column("uda_delivery_share", "percent"),
    Column("population", "count"),
    Column("udas_per_head", "decimal"),
    Column("uda_financial_value_gbp", "gbp"),
    Column("uda_value_gbp", "gbp_pence"),
    Column("activity_year"),
]
_PLAN = [
    Column("place"),
    Column("population", "count"),
    Column("udas_contracted", "count"),
    Column("uda_target", "count"),
    Column("shortfall_before", "count"),
    Column("extra_udas", "count"),
    Column("shortfall_after", "count"),
    Column("udas_per_head_before", "decimal"),
    Column("udas_per_head_after", "decimal"),
    Column("uda_value_gbp", "gbp_pence"),
    Column("cost_gbp", "gbp"),
]


def build(sheet: Worksheet, plan: PlanExport) -> None:
    styles.title(
        sheet,
        f"Dental: units of dental activity (UDAs) by place, plan “{plan.scenario}”",
        "Contracts are placed by the postcode district of their GP practices; the population "
        "is the registered GP list of the place.",
    )
    row = styles.section(sheet, 4, "Dental activity now")
    activity = plan.dental_places
    last_row = row
    if activity.empty:
        put(sheet, row, 1, "No dental contracts are loaded: import a PC dental list.")
        first_last = row
    else:
        first = write_table(sheet, row, activity, _ACTIVITY)
        sheet.auto_filter.ref = first.ref
        first_last = first.last_row
    row = styles.section(sheet, first_last + 2, "The dental lever of the plan")
    table = plan.result.dental_table
    if table.empty:
        put(sheet, row, 1, "The plan has no dental lever (no dental data, or no shortfall).")
        last_row = row
    else:
        second = write_table(sheet, row, table, _PLAN, widths=False)
        last_row = second.last_row + 2
        put(sheet, last_row - 1, 1, _target_note(plan)).font = styles.NOTE_FONT
        chart = charts.before_after_bars(
            sheet,
            categories=(1, second.first_row, second.last_row),
            series=[(8, charts.NOW_GREY), (9, charts.AFTER_NAVY)],
            header_row=second.header_row,
            title="UDAs contracted per head by place",
            y_title="UDAs per head a year",
            number_format="0.00",
        )
        sheet.add_chart(chart, f"A{last_row + 1}")
        last_row += 18
    sheet.freeze_panes = "B4"
    styles.page_setup(sheet, f"A1:K{last_row}", scenario=plan.scenario)


def _target_note(plan: PlanExport) -> str:
    s = plan.settings.options
    target = (
        "the area's current UDAs contracted per head (assumption)"
        if s.dental_target_per_head is None
        else f"{s.dental_target_per_head:g} UDAs per head"
    )
    budget = (
        "the main budget" if s.dental_pooled else f"a dental budget of £{s.dental_budget_gbp:,.0f}"
    )
    return (
        f"Target: {target}. Extra UDAs at most {s.dental_max_extra_share:.0%} of contracted, "
        f"paid from {budget}."
    )
