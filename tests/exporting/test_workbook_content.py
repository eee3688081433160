"""Every number in the plan workbook equals the scenario's results and metrics (read back)."""

from __future__ import annotations

import math
import zipfile

import pandas as pd
import pytest

from bcprimary.exporting.sheets import allocation as layout
from bcprimary.exporting.workbook import SHEET_NAMES
from bcprimary.glossary import header, label


def _table(sheet, header_row: int) -> pd.DataFrame:
    """A sheet's table read back: header labels → columns, until the first empty first cell."""
    header = [c.value for c in sheet[header_row]]
    rows = []
    for values in sheet.iter_rows(min_row=header_row + 1, values_only=True):
        if values[0] is None:
            break
        rows.append(values)
    return pd.DataFrame(rows, columns=header)


def _close(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def test_every_sheet_exists_in_order(workbook):
    visible = [s.title for s in workbook.worksheets if s.sheet_state == "visible"]
    assert visible == SHEET_NAMES
    assert SHEET_NAMES == [
        "Read me",
        "Summary",
        "Allocation",
        "PCN access",
        "Practices",
        "Places",
        "Equity",
        "Dental",
        "Assumptions",
        "Data quality",
    ]


def _allocation_cells(workbook):
    sheet = workbook[layout.TITLE]
    roles = {}
    for column in range(layout.FIRST_ROLE_COLUMN, sheet.max_column + 1):
        code = sheet.cell(row=layout.ROLE_CODE_ROW, column=column).value
        if sheet.cell(row=layout.HEADER_ROW, column=column).value == layout.TOTAL_WTE_HEADER:
            total_column = column
            break
        roles[column] = code
    pcn_rows = {}
    for row in range(layout.FIRST_PCN_ROW, sheet.max_row + 1):
        code = sheet.cell(row=row, column=1).value
        if code is None:
            break
        pcn_rows[row] = code
    return sheet, roles, pcn_rows, total_column


def test_allocation_wte_equals_the_plan(workbook, exported_plan):
    result = exported_plan.solved.result
    sheet, roles, pcn_rows, _ = _allocation_cells(workbook)
    in_play = [r.code for r in exported_plan.solved.inputs.settings.roles if r.in_play]
    assert list(roles.values()) == in_play
    assert sorted(pcn_rows.values()) == sorted(result.pcn_table["pcn_code"])
    expected = {(r.pcn_code, r.role_code): r.wte for r in result.allocation.itertuples()}
    found = {}
    for row, pcn in pcn_rows.items():
        for column, role in roles.items():
            value = sheet.cell(row=row, column=column).value
            assert isinstance(value, int | float), (row, column, value)
            if value:
                found[(pcn, role)] = value
    assert found == pytest.approx(expected)
    assert sum(found.values()) == pytest.approx(result.totals["wte_added"])


def test_allocation_totals_are_live_formulas(workbook):
    sheet, roles, pcn_rows, total_column = _allocation_cells(workbook)
    first, last = min(pcn_rows), max(pcn_rows)
    row = first
    assert sheet.cell(row=row, column=total_column).value.startswith("=SUM(")
    assert sheet.cell(row=row, column=total_column + 1).value.startswith("=SUMPRODUCT(")
    total_row = last + 2
    assert sheet.cell(row=total_row, column=1).value == layout.TOTAL_LABEL
    for column in [*roles, total_column, total_column + 1]:
        formula = sheet.cell(row=total_row, column=column).value
        assert formula.startswith("=SUM(") and f"{first}:" in formula and str(last) in formula


def test_role_costs_and_yields_above_the_header(workbook, exported_plan):
    sheet, roles, _, _ = _allocation_cells(workbook)
    settings = {r.code: r for r in exported_plan.solved.inputs.settings.roles}
    for column, code in roles.items():
        assert (
            sheet.cell(row=layout.COST_ROW, column=column).value == settings[code].annual_cost_gbp
        )
        assert (
            sheet.cell(row=layout.YIELD_ROW, column=column).value
            == settings[code].appointments_per_wte_month
        )


PCN_HEADER_ROW = 4


def test_pcn_access_equals_the_pcn_table(workbook, exported_plan):
    expected = exported_plan.solved.result.pcn_table.set_index("pcn_code")
    table = _table(workbook["PCN access"], PCN_HEADER_ROW).set_index(label("pcn_code"))
    assert len(table) == len(expected)
    for column in (
        "gap_before",
        "gap_after",
        "appointments_before",
        "appointments_after",
        "rate_per_1000_weighted_before",
        "rate_per_1000_weighted_after",
        "cost_gbp",
        "role_wte_added",
        "weighted_patients",
        "target_appointments",
    ):
        for code, value in table[label(column)].items():
            assert _close(value, expected.at[code, column]), (code, column)


def test_equity_quintiles_and_sii(workbook, exported_plan):
    result = exported_plan.solved.result
    sheet = workbook["Equity"]
    labels = {
        sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(1, 12)
    }
    assert _close(labels[label("sii_before")], result.equity["sii_before"])
    assert _close(labels[label("sii_after")], result.equity["sii_after"])
    at = next(r for r in range(1, 30) if sheet.cell(row=r, column=1).value == label("imd_quintile"))
    table = _table(sheet, at)
    expected = result.quintile_table.sort_values("imd_quintile")
    assert len(table) == len(expected)
    for (_, got), (_, want) in zip(table.iterrows(), expected.iterrows(), strict=True):
        assert got[label("imd_quintile")].startswith(f"Q{int(want['imd_quintile'])}")
        assert _close(
            got[label("rate_per_1000_weighted_before")], want["rate_per_1000_weighted_before"]
        )
        assert _close(
            got[label("rate_per_1000_weighted_after")], want["rate_per_1000_weighted_after"]
        )
        assert _close(got[label("cost_gbp")], want["cost_gbp"])


def test_summary_headline_figures(workbook, exported_plan):
    result = exported_plan.solved.result
    sheet = workbook["Summary"]
    rows: dict[str, int] = {}
    for r in range(1, sheet.max_row + 1):  # the first row of each label (labels repeat)
        rows.setdefault(sheet.cell(row=r, column=1).value, r)

    def value(label, column=2):
        return sheet.cell(row=rows[label], column=column).value

    assert _close(value(header("cost_gbp")), result.totals["cost_gbp"])
    assert _close(value(header("wte_added")), result.totals["wte_added"])
    assert _close(value(header("budget_gbp")), result.totals["budget_gbp"])
    assert _close(value(header("access_gap")), result.totals["gap_before"])
    assert _close(value(header("access_gap"), 3), result.totals["gap_after"])
    assert _close(
        value(header("share_weighted_gap_remaining"), 3),
        result.totals["share_weighted_gap_remaining"],
    )
    assert _close(value(header("sii"), 3), result.equity["sii_after"])
    # The baselines stand beside the optimum.
    assert _close(
        value(header("objective_value"), 3),
        result.baselines["fair_shares"].objective_value,
    )
    assert _close(value(header("objective_value"), 4), result.baselines["greedy"].objective_value)


def test_practices_sheet_is_the_practice_metrics_table(workbook, exported_plan):
    from bcprimary.analysis import metrics_table

    expected = metrics_table(exported_plan.solved.inputs.picture, "practice")
    table = _table(workbook["Practices"], 4)
    assert len(table) == len(expected)
    for column in ("registered_patients", "appointments_per_month", "imd_score", "access_gap"):
        got = table[label(column)].tolist()
        assert all(_close(a, b) for a, b in zip(got, expected[column], strict=True)), column


def test_native_charts_reference_the_sheets(exported_plan):
    with zipfile.ZipFile(exported_plan.workbook) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        text = "".join(archive.read(n).decode("utf-8") for n in charts)
    # Summary: gap by place and equity by quintile; PCN access; Equity; Dental.
    assert len(charts) >= 5
    assert "'Summary'!$B$" in text and "'PCN access'!" in text and "'Equity'!" in text


def test_print_setup_and_frozen_headers(workbook):
    for name in SHEET_NAMES:
        sheet = workbook[name]
        assert sheet.print_area, name
        assert sheet.page_setup.orientation == "landscape", name
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.freeze_panes, name
    assert workbook["Allocation"].auto_filter.ref.startswith(f"A{layout.HEADER_ROW}:")
    assert workbook["PCN access"].auto_filter.ref.startswith("A4:")
    assert workbook["PCN access"]["L5"].number_format != "General"


def test_places_join_metrics_and_the_plan(workbook, exported_plan):
    expected = exported_plan.solved.result.place_table.set_index("place")
    table = _table(workbook["Places"], 5).set_index(label("place"))
    assert set(expected.index) <= set(table.index)
    for place, row in expected.iterrows():
        for column in ("gap_after", "cost_gbp", "role_wte_added", "appointments_added"):
            assert _close(table.at[place, label(column)], row[column]), (place, column)
        # The metrics' access gap now is the plan's gap before.
        assert _close(table.at[place, label("access_gap")], row["gap_before"])


def test_dental_plan_by_place(workbook, exported_plan):
    expected = exported_plan.solved.result.dental_table.set_index("place")
    assert len(expected), "the Black Country dental list gives a dental lever"
    sheet = workbook["Dental"]
    header = next(
        r
        for r in range(1, sheet.max_row + 1)
        if sheet.cell(row=r, column=1).value == label("place")
        and sheet.cell(row=r, column=2).value == label("population")
    )
    table = _table(sheet, header).set_index(label("place"))
    for place, row in expected.iterrows():
        for column in ("extra_udas", "shortfall_after", "cost_gbp"):
            assert _close(table.at[place, label(column)], row[column]), (place, column)
