"""The Allocation sheet: new WTE by PCN (rows) and role (columns), with live totals and costs.

It is the sheet PCN managers edit and send back, so its layout is a contract with
`bcprimary.exporting.roundtrip`:

- column A holds the marker labels: ``Role code`` (row of role codes above the header),
  ``PCN code`` (the header), ``Total`` (the totals row below the PCN rows);
- the role columns run from column E to the column before ``Total WTE``; each carries its
  role code in the ``Role code`` row, its cost per WTE and its appointments per WTE below it;
- every PCN row carries its PCN code in column A and its name in column B.

Totals, costs and appointments are formulas over the WTE cells, so an edit is costed at once.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass

import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.styles import PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bcprimary import glossary
from bcprimary.exporting import styles
from bcprimary.exporting.cells import put, put_formula, style_array
from bcprimary.exporting.context import PlanExport
from bcprimary.exporting.tables import Column, apply_widths, write_header

TITLE = "Allocation"
ROLE_CODE_LABEL = "Role code"
COST_LABEL = "Annual cost per WTE (£)"
YIELD_LABEL = glossary.label("appointments_per_wte_month")
PCN_CODE_HEADER = "PCN code"
TOTAL_WTE_HEADER = "Total WTE"
TOTAL_LABEL = "Total"
#: Columns before the first role column: PCN code, PCN name, place, IMD quintile.
LEAD_COLUMNS = 4
FIRST_ROLE_COLUMN = LEAD_COLUMNS + 1
ROLE_CODE_ROW = 5
COST_ROW = 6
YIELD_ROW = 7
HEADER_ROW = 8
FIRST_PCN_ROW = 9
PRICE_CELL = "D3"

EDIT_FILL = PatternFill("solid", fgColor=styles.EDIT_YELLOW)
LOCK_FILL = PatternFill("solid", fgColor=styles.LOCK_BLUE)
CALC_FILL = PatternFill("solid", fgColor=styles.PALE_GREY)


@dataclass(frozen=True)
class AllocationLayout:
    """Where the Allocation sheet put things (tests and the Summary use it)."""

    role_codes: list[str]
    pcn_codes: list[str]
    first_pcn_row: int
    last_pcn_row: int
    total_row: int
    total_wte_column: int
    role_cost_column: int
    appointments_column: int
    commissioned_column: int
    total_cost_column: int


def wte_matrix(plan: PlanExport) -> pd.DataFrame:
    """PCN × role WTE (every PCN of the plan, every role in play), zeros where none."""
    result = plan.result
    roles = [r.code for r in plan.settings.roles if r.in_play]
    pcns = result.pcn_table.sort_values(["place", "pcn_name", "pcn_code"])
    matrix = pd.DataFrame(0.0, index=pcns["pcn_code"].tolist(), columns=roles)
    for row in result.allocation.itertuples():
        matrix.loc[row.pcn_code, row.role_code] = float(row.wte)
    return matrix


def build(sheet: Worksheet, plan: PlanExport) -> AllocationLayout:
    roles = [r for r in plan.settings.roles if r.in_play]
    matrix = wte_matrix(plan)
    pcns = plan.result.pcn_table.set_index("pcn_code").loc[matrix.index]
    locked = _locked(plan)
    styles.title(
        sheet,
        f"Allocation — new WTE by PCN and role, plan “{plan.scenario}”",
        "Yellow cells are the plan: edit them and send the workbook back (see Read me). Blue "
        "cells are locked commitments. Totals, costs and appointments are live formulas.",
    )
    put(sheet, 3, 1, "Price of one commissioned appointment (£)").font = styles.LABEL_FONT
    put(
        sheet,
        3,
        4,
        plan.settings.options.commissioned_appointment_cost_gbp,
        styles.body_style_name("gbp_pence"),
    )

    last_role = FIRST_ROLE_COLUMN + len(roles) - 1
    total_wte = last_role + 1
    role_cost, appointments, commissioned = total_wte + 1, total_wte + 2, total_wte + 3
    commissioned_cost, total_cost = total_wte + 4, total_wte + 5
    _role_rows(sheet, roles)
    header = [
        Column("pcn_code", label=PCN_CODE_HEADER, width=10),
        Column("pcn_name", width=34),
        Column("place", width=16),
        Column("imd_quintile", "integer", width=9),
        *[Column("wte", "wte", label=r.name, width=12) for r in roles],
        Column("role_wte_added", "wte", label=TOTAL_WTE_HEADER, width=10),
        Column("role_cost_gbp", "gbp", width=15),
        Column("role_appointments_added", "count", width=13),
        Column(
            "commissioned_appointments",
            "count",
            label="Commissioned appointments a month",
            width=15,
        ),
        Column("commissioned_cost_gbp", "gbp", width=15),
        Column("cost_gbp", "gbp", label="Total annual cost", width=15),
    ]
    write_header(sheet, HEADER_ROW, header)
    apply_widths(sheet, header)
    sheet.row_dimensions[HEADER_ROW].height = 58
    first_letter, last_letter = get_column_letter(FIRST_ROLE_COLUMN), get_column_letter(last_role)
    wte_style, gbp, count, text, integer = (
        style_array(sheet, styles.body_style_name(k))
        for k in ("wte", "gbp", "count", "text", "integer")
    )
    values = matrix.to_numpy()
    edit_style = _filled(sheet, wte_style, EDIT_FILL)
    lock_style = _filled(sheet, wte_style, LOCK_FILL)
    costs = f"${first_letter}${COST_ROW}:${last_letter}${COST_ROW}"
    yields = f"${first_letter}${YIELD_ROW}:${last_letter}${YIELD_ROW}"
    row = FIRST_PCN_ROW
    for index, (code, pcn) in enumerate(pcns.iterrows()):
        put(sheet, row, 1, code, text)
        put(sheet, row, 2, pcn["pcn_name"], text)
        put(sheet, row, 3, pcn["place"], text)
        put(sheet, row, 4, pcn["imd_quintile"], integer)
        for offset, role in enumerate(roles):
            style = lock_style if (code, role.code) in locked else edit_style
            put(sheet, row, FIRST_ROLE_COLUMN + offset, float(values[index, offset]), style)
        span = f"{first_letter}{row}:{last_letter}{row}"
        formulas = {
            total_wte: (f"=SUM({span})", wte_style),
            role_cost: (f"=SUMPRODUCT({span},{costs})", gbp),
            appointments: (f"=SUMPRODUCT({span},{yields})", count),
            commissioned_cost: (
                f"={get_column_letter(commissioned)}{row}*12*${PRICE_CELL[0]}${PRICE_CELL[1:]}",
                gbp,
            ),
            total_cost: (
                f"={get_column_letter(role_cost)}{row}+{get_column_letter(commissioned_cost)}{row}",
                gbp,
            ),
        }
        for column, (formula, style) in formulas.items():
            put_formula(sheet, row, column, formula)._style = copy(style)
        put(sheet, row, commissioned, pcn["commissioned_appointments"], count)
        row += 1
    last_pcn = row - 1
    total_row = last_pcn + 2
    kinds = {
        total_wte: "wte",
        role_cost: "gbp",
        appointments: "count",
        commissioned: "count",
        commissioned_cost: "gbp",
        total_cost: "gbp",
    }
    _totals(sheet, total_row, last_pcn, last_role, kinds)

    sheet.freeze_panes = sheet.cell(row=FIRST_PCN_ROW, column=FIRST_ROLE_COLUMN)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(total_cost)}{last_pcn}"
    if last_pcn >= FIRST_PCN_ROW and roles:
        _validation(sheet, f"{first_letter}{FIRST_PCN_ROW}:{last_letter}{last_pcn}")
    styles.page_setup(
        sheet,
        f"A1:{get_column_letter(total_cost)}{total_row + 2}",
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        title_columns="A:B",
        scenario=plan.scenario,
    )
    return AllocationLayout(
        role_codes=[r.code for r in roles],
        pcn_codes=list(matrix.index),
        first_pcn_row=FIRST_PCN_ROW,
        last_pcn_row=last_pcn,
        total_row=total_row,
        total_wte_column=total_wte,
        role_cost_column=role_cost,
        appointments_column=appointments,
        commissioned_column=commissioned,
        total_cost_column=total_cost,
    )


def _filled(sheet: Worksheet, style: StyleArray, fill: PatternFill) -> StyleArray:
    """`style` with a background fill, built once and then copied into every WTE cell."""
    scratch = Cell(sheet)
    scratch._style = copy(style)
    scratch.fill = fill
    return copy(scratch._style)


def _locked(plan: PlanExport) -> set[tuple[str, str]]:
    return {(lock.pcn_code, lock.role_code) for lock in plan.settings.locks}


def _role_rows(sheet: Worksheet, roles: list) -> None:
    labels = {ROLE_CODE_ROW: ROLE_CODE_LABEL, COST_ROW: COST_LABEL, YIELD_ROW: YIELD_LABEL}
    for row, label in labels.items():
        put(sheet, row, 1, label).font = styles.NOTE_FONT
    for offset, role in enumerate(roles):
        column = FIRST_ROLE_COLUMN + offset
        code = put(sheet, ROLE_CODE_ROW, column, role.code)
        code.font = styles.NOTE_FONT
        code.alignment = styles.HEADER_ALIGN
        put(sheet, COST_ROW, column, role.annual_cost_gbp, styles.body_style_name("gbp"))
        put(
            sheet,
            YIELD_ROW,
            column,
            role.appointments_per_wte_month,
            styles.body_style_name("count"),
        )
        for row in labels:
            sheet.cell(row=row, column=column).fill = CALC_FILL
    sheet.row_dimensions[ROLE_CODE_ROW].height = 30


def _totals(
    sheet: Worksheet, row: int, last_pcn: int, last_role: int, kinds: dict[int, str]
) -> None:
    """Column sums of every figure, then each role's cost and appointments."""
    last_column = max(kinds)
    put(sheet, row, 1, TOTAL_LABEL)
    put(sheet, row + 1, 1, "Cost by role (£ a year)")
    put(sheet, row + 2, 1, "Appointments by role a month")
    for column in range(FIRST_ROLE_COLUMN, last_column + 1):
        letter = get_column_letter(column)
        kind = kinds.get(column, "wte")
        formula = f"=SUM({letter}{FIRST_PCN_ROW}:{letter}{last_pcn})"
        put_formula(sheet, row, column, formula).style = styles.body_style_name(kind)
        if column <= last_role:
            put_formula(
                sheet, row + 1, column, f"={letter}{row}*{letter}${COST_ROW}"
            ).style = styles.body_style_name("gbp")
            put_formula(
                sheet, row + 2, column, f"={letter}{row}*{letter}${YIELD_ROW}"
            ).style = styles.body_style_name("count")
    for column in range(1, last_column + 1):
        cell = sheet.cell(row=row, column=column)
        cell.font = styles.TOTAL_FONT
        cell.border = styles.TOTAL_BORDER
    for extra in (row + 1, row + 2):
        sheet.cell(row=extra, column=1).font = styles.NOTE_FONT


def _validation(sheet: Worksheet, cells: str) -> None:
    """Excel refuses text or negative numbers in the WTE cells (the import checks again)."""
    rule = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="WTE",
        error="Type a number of whole-time equivalents, 0 or more (e.g. 1.5).",
    )
    rule.add(cells)
    sheet.add_data_validation(rule)
