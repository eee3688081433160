"""The PCN access, Practices and Places sheets: the plan's result and the metrics behind it.

PCN access is the optimiser's table (target, appointments, gap and rate before and after);
Practices and Places are the metrics tables of DESIGN §3 the plan was built from, with the
plan summed by place beside them.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bcprimary.exporting import charts, styles
from bcprimary.exporting.cells import put
from bcprimary.exporting.context import PlanExport
from bcprimary.exporting.tables import Column, finish_table, write_table

PCN_TITLE = "PCN access"
PRACTICES_TITLE = "Practices"
PLACES_TITLE = "Places"
#: Above this many PCNs a bar per PCN is unreadable; the Summary charts places instead.
MAX_CHARTED_PCNS = 60

#: Number-format kind of each metric column (anything not listed is text).
KINDS: dict[str, str] = {
    "registered_patients": "count",
    "weighted_patients": "count",
    "imd_score": "score",
    "deprivation_score": "score",
    "imd_quintile": "integer",
    "imd_decile": "integer",
    "appointment_months": "integer",
    "practices": "integer",
    "pcns": "integer",
    "appointments_per_month": "count",
    "dna_per_month": "count",
    "appointments_per_1000_registered": "rate",
    "appointments_per_1000_weighted": "rate",
    "gp_share": "percent",
    "face_to_face_share": "percent",
    "same_day_share": "percent",
    "dna_rate": "percent",
    "core20_share": "percent",
    "target_appointments": "count",
    "access_gap": "count",
    "gp_fte_per_10k_weighted": "decimal",
    "nurse_fte_per_10k_weighted": "decimal",
    "dpc_fte_per_10k_weighted": "decimal",
    "admin_fte_per_10k_weighted": "decimal",
    "priority_weight": "decimal",
    "need_uplift": "decimal",
    "appointments_before": "count",
    "role_wte_added": "wte",
    "role_appointments_added": "count",
    "commissioned_appointments": "count",
    "appointments_added": "count",
    "appointments_after": "count",
    "gap_before": "count",
    "gap_after": "count",
    "gap_closed": "count",
    "relative_gap_after": "percent",
    "rate_per_1000_weighted_before": "rate",
    "rate_per_1000_weighted_after": "rate",
    "role_cost_gbp": "gbp",
    "commissioned_cost_gbp": "gbp",
    "cost_gbp": "gbp",
    "entitlement_gbp": "gbp",
    "arrs_spend_in_post_gbp": "gbp",
    "entitlement_headroom_gbp": "gbp",
}
_WIDE_TEXT = {"name": 34, "pcn_name": 34, "place": 16, "code": 9, "pcn_code": 9}


def columns_for(frame: pd.DataFrame, order: list[str] | None = None) -> list[Column]:
    keys = order or list(frame.columns)
    return [Column(k, KINDS.get(k, "text"), width=_WIDE_TEXT.get(k)) for k in keys if k in frame]


def build_pcn_access(sheet: Worksheet, plan: PlanExport) -> None:
    table = plan.result.pcn_table.sort_values(["place", "pcn_name", "pcn_code"])
    styles.title(
        sheet,
        f"PCN access before and after the plan “{plan.scenario}”",
        "Appointments are per month; rates per 1,000 weighted patients. Hover over a heading "
        "for its definition.",
    )
    area = write_table(sheet, 4, table, columns_for(table))
    finish_table(sheet, area)
    sheet.freeze_panes = "C5"
    last = area.last_row
    if 0 < len(table) <= MAX_CHARTED_PCNS:
        columns = list(table.columns)
        chart = charts.before_after_bars(
            sheet,
            categories=(columns.index("pcn_name") + 1, area.first_row, area.last_row),
            series=[
                (columns.index("gap_before") + 1, charts.NOW_GREY),
                (columns.index("gap_after") + 1, charts.AFTER_NAVY),
            ],
            header_row=area.header_row,
            title="Access gap by PCN (appointments a month)",
            y_title="Appointments a month",
            horizontal=True,
            width_cm=24.0,
            height_cm=max(8.0, 0.55 * len(table) + 3),
        )
        sheet.add_chart(chart, f"B{last + 3}")
        last += 3 + int(chart.height / 0.5) + 2
    styles.page_setup(
        sheet,
        f"A1:{get_column_letter(area.last_column)}{last}",
        title_rows=f"{area.header_row}:{area.header_row}",
        title_columns="A:B",
        scenario=plan.scenario,
    )


def build_practices(sheet: Worksheet, plan: PlanExport) -> None:
    table = plan.practices
    styles.title(
        sheet,
        "Practices: the metrics the plan is built from",
        "Appointments per month over the appointment window; quintiles and deciles are "
        "national (1 = most deprived). Hover over a heading for its definition.",
    )
    area = write_table(sheet, 4, table, columns_for(table))
    finish_table(sheet, area)
    sheet.freeze_panes = "C5"
    styles.page_setup(
        sheet,
        f"A1:{get_column_letter(area.last_column)}{area.last_row}",
        title_rows=f"{area.header_row}:{area.header_row}",
        title_columns="A:B",
        scenario=plan.scenario,
    )


#: The plan's columns beside each place's metrics (from the optimiser's place table).
_PLAN_BY_PLACE = [
    "role_wte_added",
    "commissioned_appointments",
    "appointments_added",
    "appointments_after",
    "gap_after",
    "gap_closed",
    "rate_per_1000_weighted_after",
    "cost_gbp",
]


def places_table(plan: PlanExport) -> tuple[pd.DataFrame, int]:
    """Place metrics now joined to the plan by place; also how many columns are "now"."""
    metrics = plan.places.drop(columns=["code", "name"], errors="ignore")
    ordered = ["place", *[c for c in metrics.columns if c != "place"]]
    metrics = metrics[ordered]
    result = plan.result.place_table
    plan_columns = [c for c in _PLAN_BY_PLACE if c in result]
    joined = metrics.merge(result[["place", *plan_columns]], on="place", how="left")
    return joined, len(ordered)


def build_places(sheet: Worksheet, plan: PlanExport) -> None:
    styles.title(
        sheet,
        f"Places: access now and the plan “{plan.scenario}” by place",
        "A place is a group of PCNs (the app's PCN→place table; elsewhere the sub-ICB "
        "location). Appointments and gaps are per month; cost per year.",
    )
    table, now_columns = places_table(plan)
    area = write_table(sheet, 5, table, columns_for(table))
    for column, text in ((2, "Access now"), (now_columns + 1, "The plan")):
        put(sheet, 4, column, text).font = styles.SECTION_FONT
    finish_table(sheet, area)
    styles.page_setup(
        sheet,
        f"A1:{get_column_letter(area.last_column)}{area.last_row}",
        title_columns="A:A",
        scenario=plan.scenario,
    )
