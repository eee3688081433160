"""Scenario, Results and Compare on a real solve (real area files + generated appointments)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from bcprimary.scenarios import get_scenario
from tests.ui.conftest import wait_for_panel

SOLVE_TIMEOUT = 120_000


@pytest.fixture
def planning_window(make_window, planning_db):
    return make_window(planning_db)


def _new_scenario(qtbot, window, name: str):
    panel = window.show_view("scenario")
    wait_for_panel(qtbot, panel)
    with qtbot.waitSignal(panel.loaded, timeout=30000):
        panel.create_named(name)
    wait_for_panel(qtbot, panel)
    assert panel.current_name() == name
    return panel


def _role_row(panel, code: str) -> int:
    codes = list(panel.roles.frame()["code"])
    return codes.index(code)


def test_scenario_edit_solve_and_see_the_results(qtbot, planning_window):
    panel = _new_scenario(qtbot, planning_window, "Board plan")
    assert panel.roles.rowCount() > 3  # the ARRS role catalogue of the planning year
    first_code = panel.roles.frame()["code"].iloc[0]
    in_play = panel.roles.columns().index("in_play")
    checkbox = panel.roles.index(_role_row(panel, first_code), in_play)
    assert panel.roles.setData(checkbox, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    panel.form.budget.setValue(1_000_000)

    with qtbot.waitSignal(panel.solver_runner.finished, timeout=SOLVE_TIMEOUT) as solved:
        panel.solve_button.click()
        assert panel.cancel_button.isEnabled()
    outcome = solved.args[0]
    assert outcome.has_plan, outcome.summary_lines
    assert panel.summary.toPlainText().startswith("Status: ")
    assert "Solved" in panel.status.text()
    stored = get_scenario(planning_window.database, "Board plan")
    assert stored.settings.budget_gbp == 1_000_000
    assert not next(r for r in stored.settings.roles if r.code == first_code).in_play
    assert stored.solved

    results = planning_window.show_view("results")
    wait_for_panel(qtbot, results)
    assert not results.is_showing_message()
    pcns = results.data.result.pcn_table.sort_values(
        "rate_per_1000_weighted_after", ascending=False
    )
    before = np.asarray(results.before_bars.opts["width"])
    assert before == pytest.approx(pcns["rate_per_1000_weighted_before"].to_numpy())
    after = np.concatenate([np.asarray(b.opts["width"]) for b in results.after_bars])
    assert sorted(after) == pytest.approx(sorted(pcns["rate_per_1000_weighted_after"]))
    assert results.data.result.allocation["wte"].sum() == pytest.approx(
        results.allocation_table.frame_model.frame()["Total WTE"].sum()
    )
    assert first_code not in results.allocation_table.frame_model.columns()

    compare = planning_window.show_view("compare")
    wait_for_panel(qtbot, compare)
    table = compare.table.frame_model.frame()
    assert "Board plan" in table.columns
    budget = table.loc[table["Measure"] == "Budget", "Board plan"].item()
    assert budget == "£1,000,000"


def test_cancel_stops_a_solve(qtbot, planning_window):
    panel = _new_scenario(qtbot, planning_window, "Cancelled plan")
    with qtbot.waitSignal(panel.solver_runner.cancelled, timeout=10_000):
        panel.solve_button.click()
        panel.cancel_button.click()
    assert "Cancelled" in panel.status.text()
    assert panel.solve_button.isEnabled()
    assert not get_scenario(planning_window.database, "Cancelled plan").solved


def test_scenario_names_must_be_unique(qtbot, planning_window, monkeypatch):
    panel = _new_scenario(qtbot, planning_window, "Twice")
    warnings = []
    monkeypatch.setattr(
        "ui.panels.scenario.QMessageBox.warning", lambda *args: warnings.append(args[2])
    )
    with qtbot.waitSignal(panel._extra_runner.failed, timeout=10_000):
        panel.create_named("Twice")
    assert warnings == ["A scenario called 'Twice' already exists."]


def test_export_writes_the_plan_workbook_in_the_background(qtbot, planning_window, tmp_path):
    from openpyxl import load_workbook

    from ui.scenario_gateway import create_scenario

    create_scenario(planning_window.database, "Export me")
    out = tmp_path / "plans folder" / "Export me.xlsx"
    out.parent.mkdir()
    with qtbot.waitSignal(planning_window.exporter.finished, timeout=SOLVE_TIMEOUT) as done:
        planning_window.export_plan("Export me", out)
    assert done.args[0] == out
    assert "Wrote" in planning_window.statusBar().currentMessage()
    workbook = load_workbook(out, read_only=True)
    assert "Allocation" in workbook.sheetnames
    workbook.close()


def test_export_to_a_missing_folder_is_explained(qtbot, planning_window, tmp_path, monkeypatch):
    from ui.scenario_gateway import create_scenario

    create_scenario(planning_window.database, "Nowhere")
    shown = []
    monkeypatch.setattr("ui.main_window.QMessageBox.warning", lambda *args: shown.append(args[2]))
    out = tmp_path / "no such folder" / "plan.xlsx"
    with qtbot.waitSignal(planning_window.exporter.failed, timeout=SOLVE_TIMEOUT):
        planning_window.export_plan("Nowhere", out)
    assert shown == [f"The folder {out.parent} does not exist: choose another folder."]
    assert not out.exists()
