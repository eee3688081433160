"""A real spreadsheet engine (LibreOffice) recalculates the workbook and agrees with the solver."""

from __future__ import annotations

import pytest

from bcprimary.exporting.sheets import allocation as layout
from bcprimary.glossary import header

#: LibreOffice opens and recalculates the workbook.
pytestmark = pytest.mark.slow


def _totals_row(sheet) -> int:
    return next(
        r
        for r in range(layout.FIRST_PCN_ROW, sheet.max_row + 1)
        if sheet.cell(row=r, column=1).value == layout.TOTAL_LABEL
    )


def _column(sheet, header: str) -> int:
    return next(
        c
        for c in range(1, sheet.max_column + 1)
        if sheet.cell(row=layout.HEADER_ROW, column=c).value == header
    )


def test_recalculated_allocation_totals_equal_the_solver(recalculated, exported_plan):
    totals = exported_plan.solved.result.totals
    sheet = recalculated[layout.TITLE]
    row = _totals_row(sheet)
    value = {
        h: sheet.cell(row=row, column=_column(sheet, h)).value
        for h in (
            layout.TOTAL_WTE_HEADER,
            "Cost of new roles",
            "Appointments from new roles",
            "Cost of commissioned appointments",
            "Total annual cost",
        )
    }
    assert value[layout.TOTAL_WTE_HEADER] == pytest.approx(totals["wte_added"])
    assert value["Cost of new roles"] == pytest.approx(totals["role_cost_gbp"])
    assert value["Cost of commissioned appointments"] == pytest.approx(
        totals["commissioned_cost_gbp"]
    )
    assert value["Total annual cost"] == pytest.approx(
        totals["role_cost_gbp"] + totals["commissioned_cost_gbp"]
    )
    pcns = exported_plan.solved.result.pcn_table
    assert value["Appointments from new roles"] == pytest.approx(
        pcns["role_appointments_added"].sum()
    )


def test_recalculated_rows_equal_each_pcn(recalculated, exported_plan):
    pcns = exported_plan.solved.result.pcn_table.set_index("pcn_code")
    sheet = recalculated[layout.TITLE]
    cost = _column(sheet, "Cost of new roles")
    wte = _column(sheet, layout.TOTAL_WTE_HEADER)
    for row in range(layout.FIRST_PCN_ROW, _totals_row(sheet) - 1):
        code = sheet.cell(row=row, column=1).value
        assert sheet.cell(row=row, column=wte).value == pytest.approx(
            pcns.at[code, "role_wte_added"]
        )
        assert sheet.cell(row=row, column=cost).value == pytest.approx(
            pcns.at[code, "role_cost_gbp"]
        )


def test_recalculated_summary_change_column(recalculated, exported_plan):
    totals = exported_plan.solved.result.totals
    sheet = recalculated["Summary"]
    row = next(r for r in range(1, 40) if sheet.cell(row=r, column=1).value == header("access_gap"))
    assert sheet.cell(row=row, column=4).value == pytest.approx(
        totals["gap_after"] - totals["gap_before"]
    )
