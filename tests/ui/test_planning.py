"""Scenario, Results and Compare on a real solve (real area files + generated appointments)."""

from __future__ import annotations

import multiprocessing
import os
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt

from bcprimary.scenarios import get_scenario
from solver.parameters import Lock
from solver.results import PlanResult
from tests.ui.conftest import wait_for_panel
from ui.scenario_gateway import LOCK_KIND

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
    assert stored.settings.options.budget_gbp == 1_000_000
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
        results.allocation_table.frame_model.frame()["total_wte"].sum()
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


def test_levers_and_locked_commitments_reach_the_plan(qtbot, planning_window):
    panel = _new_scenario(qtbot, planning_window, "Locked plan")
    pcn_code, _name = next(iter(panel._listing.pcns))
    role_code = panel.roles.frame()["code"].iloc[0]
    editor = panel.commitments
    assert editor.pcn_box.count() == 27 and editor.role_box.count() == panel.roles.rowCount()
    editor.pcn_box.setCurrentIndex(editor.pcn_box.findData(pcn_code))
    editor.role_box.setCurrentIndex(editor.role_box.findData(role_code))
    editor.wte_box.setValue(1.5)
    editor.add_button.click()
    assert editor.model.rowCount() == 1
    panel.form.appointment_cap.setValue(5)
    panel.form.dental_extra.setValue(20)

    with qtbot.waitSignal(panel.solver_runner.finished, timeout=SOLVE_TIMEOUT) as solved:
        panel.solve_button.click()
    assert solved.args[0].has_plan, solved.args[0].summary_lines
    stored = get_scenario(planning_window.database, "Locked plan")
    assert stored.settings.locks == (Lock(pcn_code, role_code, 1.5),)
    assert stored.settings.options.commissioned_cap_share == pytest.approx(0.05)
    assert stored.settings.options.dental_max_extra_share == pytest.approx(0.2)
    allocation = PlanResult.from_dict(stored.results["result"]).allocation
    kept = allocation[(allocation["pcn_code"] == pcn_code) & (allocation["role_code"] == role_code)]
    assert kept["wte"].sum() >= 1.5  # the commitment is kept by the plan

    # Shown again after a reload, and removable.
    wait_for_panel(qtbot, panel)
    assert editor.commitments().to_dict(orient="records") == [
        {"pcn_code": pcn_code, "role_code": role_code, "kind": LOCK_KIND, "wte": 1.5}
    ]
    editor.table.selectRow(0)
    editor.remove_button.click()
    assert editor.model.rowCount() == 0


@pytest.fixture
def long_solve(monkeypatch):
    """Scenarios solve a 600-PCN instance with no MIP gap: minutes, unless cancelled."""
    import dataclasses

    from bcprimary.scenarios import service as solving
    from tests.solver.solver_instances import synthetic_params

    big = synthetic_params(600, seed=3, time_limit_s=600.0, mip_gap=0.0)
    real_prepare = solving.prepare
    monkeypatch.setattr(
        solving,
        "prepare",
        lambda db, name: dataclasses.replace(real_prepare(db, name), parameters=big),
    )
    return real_prepare


def _solve_processes() -> list:
    return [p for p in multiprocessing.active_children() if p.name == "bcplan-solve"]


def _wait_for_the_search(qtbot, panel) -> list[int]:
    """Wait until the child process is in the MIP search; its process ids."""
    # "searching: gap 1.4%": HiGHS is in its branch and bound, well before the time limit.
    qtbot.waitUntil(lambda: panel.status.text().startswith("searching"), timeout=60_000)
    processes = _solve_processes()
    assert len(processes) == 1
    return [p.pid for p in processes]


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_cancel_stops_a_long_solve_and_its_process(qtbot, planning_window, long_solve):
    panel = _new_scenario(qtbot, planning_window, "Long solve")
    panel.solve_button.click()
    (pid,) = _wait_for_the_search(qtbot, panel)
    cancelled_at = time.perf_counter()
    with qtbot.waitSignal(panel.solver_runner.cancelled, timeout=5_000):
        panel.cancel_button.click()
    qtbot.waitUntil(lambda: not _solve_processes() and _gone(pid), timeout=5_000)
    assert time.perf_counter() - cancelled_at < 3.0
    assert "Cancelled" in panel.status.text()
    assert panel.solve_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert not get_scenario(planning_window.database, "Long solve").solved


def test_a_new_solve_cancels_the_running_one(qtbot, planning_window, long_solve, monkeypatch):
    from bcprimary.scenarios import service as solving

    panel = _new_scenario(qtbot, planning_window, "Solved twice")
    panel.solve_button.click()
    (first,) = _wait_for_the_search(qtbot, panel)
    monkeypatch.setattr(solving, "prepare", long_solve)  # the real data again: a quick solve
    panel.form.budget.setValue(500_000)
    with qtbot.waitSignal(panel.solver_runner.finished, timeout=SOLVE_TIMEOUT) as solved:
        panel.solve_button.click()
        assert "Stopped the previous solve" in panel.status.text()
    assert solved.args[0].has_plan
    qtbot.waitUntil(lambda: _gone(first), timeout=5_000)
    stored = get_scenario(planning_window.database, "Solved twice")
    assert stored.settings.options.budget_gbp == 500_000
    assert PlanResult.from_dict(stored.results["result"]).totals["budget_gbp"] == 500_000
