"""Export variants: frontier, no plan, stored results, progress reports, odd names."""

from __future__ import annotations

import dataclasses
import zipfile

import pytest
from openpyxl import load_workbook

from solver.results import PlanResult
from solver.status import SolveStatus


def test_frontier_sheet_and_chart(exported_plan, tmp_path):
    from bcprimary.exporting.workbook import export_plan
    from bcprimary.scenarios import Frontier
    from solver.frontier import budget_frontier

    frontier = budget_frontier(
        exported_plan.solved.inputs.parameters, [500_000.0, 1_000_000.0, 2_000_000.0]
    )
    solved = dataclasses.replace(exported_plan.solved, frontier=Frontier(frontier, None))
    path = export_plan(exported_plan.db, solved, tmp_path / "with frontier.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames[:3] == ["Read me", "Summary", "Frontier"]
    sheet = workbook["Frontier"]
    assert [sheet.cell(row=r, column=1).value for r in (5, 6, 7)] == [500_000, 1_000_000, 2_000_000]
    headers = [c.value for c in sheet[4]]
    column = headers.index("Optimised plan") + 1
    got = [sheet.cell(row=r, column=column).value for r in (5, 6, 7)]
    assert got == pytest.approx(frontier["share_weighted_gap_remaining"].tolist())
    for label, key in (
        ("Fair shares", "fair_shares_share_weighted_gap_remaining"),
        ("Greedy", "greedy_share_weighted_gap_remaining"),
    ):
        column = headers.index(label) + 1
        got = [sheet.cell(row=r, column=column).value for r in (5, 6, 7)]
        assert got == pytest.approx(frontier[key].tolist())
    with zipfile.ZipFile(path) as archive:
        charts = "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/")
        )
    assert "'Frontier'!$A$5:$A$7" in charts


def test_a_scenario_without_a_plan_still_gets_a_workbook(exported_plan, tmp_path):
    from bcprimary.exporting.workbook import SHEET_NAMES, export_plan

    message = "Locked commitments cost £3,000,000 but the budget is £2,000,000."
    solved = dataclasses.replace(
        exported_plan.solved, result=PlanResult(status=SolveStatus.INFEASIBLE, message=message)
    )
    path = export_plan(exported_plan.db, solved, tmp_path / "no plan.xlsx")
    workbook = load_workbook(path)
    assert [s.title for s in workbook.worksheets if s.sheet_state == "visible"] == SHEET_NAMES
    texts = [c.value for row in workbook["Summary"].iter_rows() for c in row if c.value]
    assert any(isinstance(t, str) and "infeasible" in t and message in t for t in texts)


def test_export_the_stored_result_without_solving_again(exported_plan, tmp_path):
    from bcprimary.exporting.safe_write import ExportError
    from bcprimary.exporting.workbook import export_stored_plan
    from bcprimary.glossary import header
    from bcprimary.scenarios import create_scenario, get_scenario

    path = export_stored_plan(exported_plan.db, exported_plan.solved.name, tmp_path / "stored.xlsx")
    sheet = load_workbook(path)["Summary"]
    totals = [
        sheet.cell(row=r, column=2).value
        for r in range(1, 40)
        if sheet.cell(row=r, column=1).value == header("cost_gbp")
    ]
    # The spending table and the optimised plan's column of the baselines table.
    assert totals == [pytest.approx(exported_plan.solved.result.totals["cost_gbp"])] * 2

    settings = get_scenario(exported_plan.db, exported_plan.solved.name).settings
    create_scenario(exported_plan.db, "Never solved", settings)
    with pytest.raises(ExportError, match="has not been solved yet"):
        export_stored_plan(exported_plan.db, "Never solved", tmp_path / "never.xlsx")
    assert not (tmp_path / "never.xlsx").exists()


def test_progress_is_reported_up_to_done(exported_plan, tmp_path):
    from bcprimary.exporting.workbook import export_plan

    reports: list[tuple[float, str]] = []
    export_plan(
        exported_plan.db,
        exported_plan.solved,
        tmp_path / "p.xlsx",
        progress=lambda f, m: reports.append((f, m)),
    )
    fractions = [f for f, _ in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("Allocation" in m for _, m in reports)


def test_page_headers_escape_ampersands():
    from bcprimary.exporting.styles import header_text

    assert header_text("Dudley & Walsall\x07") == "Dudley && Walsall"
