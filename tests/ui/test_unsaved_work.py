"""Work is never lost: modified marker, Save / Discard / Cancel, undo/redo, solves that keep
the last good plan, Results following the solve and a new database resetting every view."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from bcprimary.scenarios import get_scenario
from tests.ui.conftest import wait_for_panel
from tests.ui.prompts import answer_next_box

Button = QMessageBox.StandardButton
SOLVE_TIMEOUT = 120_000


def _scenario_view(qtbot, window):
    panel = window.show_view("scenario")
    wait_for_panel(qtbot, panel)
    return panel


def _add_scenario(qtbot, panel, name: str) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=30000):
        panel.create_named(name)
    wait_for_panel(qtbot, panel)
    assert panel.current_name() == name


def _budget(db, name: str) -> float:
    return get_scenario(db, name).settings.options.budget_gbp


def test_an_edit_marks_the_scenario_and_the_title_and_undo_takes_it_back(
    qtbot, sample_db, make_window
):
    window = make_window(sample_db)
    panel = _scenario_view(qtbot, window)
    saved = panel.form.budget.value()
    assert not window.isWindowModified() and "*" not in panel.chooser.currentText()

    panel.form.budget.setValue(saved + 250_000)
    panel.form.notes.setPlainText("More for Walsall")
    assert window.isWindowModified()
    assert panel.chooser.currentText().startswith("Default *")
    assert window.windowTitle().endswith("[*]")

    window.undo_action.trigger()  # the notes
    window.undo_action.trigger()  # the budget
    assert (
        panel.form.budget.value() == saved and panel.form.notes.toPlainText() != "More for Walsall"
    )
    assert not window.isWindowModified() and "*" not in panel.chooser.currentText()
    window.redo_action.trigger()
    assert panel.form.budget.value() == saved + 250_000
    assert window.isWindowModified()
    assert window.redo_action.shortcuts()[0].toString() == "Ctrl+Shift+Z"
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"


def test_role_table_and_commitment_edits_are_undone_too(qtbot, sample_db, make_window):
    window = make_window(sample_db)
    panel = _scenario_view(qtbot, window)
    column = panel.roles.columns().index("annual_cost_gbp")
    before = panel.roles.frame()["annual_cost_gbp"].iloc[0]
    assert panel.roles.setData(panel.roles.index(0, column), "£99,000")
    assert window.isWindowModified()
    window.undo_action.trigger()
    assert panel.roles.frame()["annual_cost_gbp"].iloc[0] == pytest.approx(before)
    assert not window.isWindowModified()


def test_switching_scenario_asks_save_discard_or_cancel(qtbot, sample_db, make_window):
    window = make_window(sample_db)
    panel = _scenario_view(qtbot, window)
    _add_scenario(qtbot, panel, "Other")
    panel.chooser.setCurrentIndex(panel.chooser.findData("Default"))
    stored = _budget(sample_db, "Default")
    panel.form.budget.setValue(stored + 100_000)

    asked: list[str] = []
    answer_next_box(Button.Cancel, asked)
    panel.chooser.setCurrentIndex(panel.chooser.findData("Other"))
    assert "'Default' has changes that are not saved" in asked[0]
    assert panel.current_name() == "Default"  # Cancel: nothing changes
    assert panel.form.budget.value() == stored + 100_000 and panel.is_modified()

    answer_next_box(Button.Discard)
    panel.chooser.setCurrentIndex(panel.chooser.findData("Other"))
    assert panel.current_name() == "Other" and not panel.is_modified()
    assert _budget(sample_db, "Default") == stored

    panel.form.budget.setValue(1_234_000)
    answer_next_box(Button.Save)
    with qtbot.waitSignal(panel.loaded, timeout=30000):
        panel.chooser.setCurrentIndex(panel.chooser.findData("Default"))
    assert _budget(sample_db, "Other") == 1_234_000
    assert panel.current_name() == "Default" and not window.isWindowModified()


def test_quitting_with_unsaved_edits_asks_first(qtbot, sample_db, make_window):
    window = make_window(sample_db)
    panel = _scenario_view(qtbot, window)
    budget = _budget(sample_db, "Default") + 123_000
    panel.form.budget.setValue(budget)
    assert window.isWindowModified()
    answer_next_box(Button.Cancel)
    assert not window.close()
    assert window.isVisible()
    answer_next_box(Button.Save)
    assert window.close()
    assert _budget(sample_db, "Default") == budget


def test_a_new_database_asks_then_resets_every_view(qtbot, sample_db, make_window, tmp_path):
    window = make_window(sample_db)
    results = window.show_view("results")
    wait_for_panel(qtbot, results)
    assert results.current_name() == "Default"
    panel = _scenario_view(qtbot, window)
    panel.form.budget.setValue(3_000_000)

    answer_next_box(Button.Discard)
    with qtbot.waitSignal(window.status_shown, timeout=20000):
        assert window.open_database_target(str(tmp_path / "fresh.sqlite"))
    wait_for_panel(qtbot, panel)
    assert panel.chooser.count() == 0 and panel.current_name() is None
    assert panel.roles.rowCount() == 0 and panel.commitments.model.rowCount() == 0
    assert not panel.solve_button.isEnabled() and panel.summary.toPlainText() == ""
    assert not window.isWindowModified() and "fresh.sqlite" in window.windowTitle()
    window.show_view("results")
    wait_for_panel(qtbot, results)
    assert results.is_showing_message() and results.current_name() is None
    assert _budget(sample_db, "Default") != 3_000_000  # discarded, not saved


@pytest.fixture
def planning_window(make_window, planning_db):
    return make_window(planning_db)


def test_solve_again_and_cancel_keeps_the_stored_plan(qtbot, planning_window):
    db = planning_window.database
    panel = _scenario_view(qtbot, planning_window)
    _add_scenario(qtbot, panel, "Kept")
    with qtbot.waitSignal(panel.solver_runner.finished, timeout=SOLVE_TIMEOUT):
        panel.solve_button.click()
    wait_for_panel(qtbot, panel)
    plan = get_scenario(db, "Kept").results
    assert plan

    # The same settings: Solve, Cancel — the plan stays.
    with qtbot.waitSignal(panel.solver_runner.cancelled, timeout=10_000):
        panel.solve_button.click()
        panel.cancel_button.click()
    assert "stored plan is as it was" in panel.status.text()
    qtbot.waitUntil(lambda: not panel.solver_runner.running)
    assert get_scenario(db, "Kept").results == plan

    # Changed settings: Solve, Cancel — settings and plan go back; the edits stay on screen.
    budget = panel.form.budget.value()
    panel.form.budget.setValue(budget + 500_000)
    with qtbot.waitSignal(panel.solver_runner.cancelled, timeout=10_000):
        panel.solve_button.click()
        panel.cancel_button.click()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(20_000)  # the cancelled solve puts things back
    stored = get_scenario(db, "Kept")
    assert stored.results == plan and stored.settings.options.budget_gbp == budget
    assert panel.form.budget.value() == budget + 500_000


def test_a_failed_solve_keeps_the_stored_plan(qtbot, planning_window, monkeypatch):
    from bcprimary.scenarios import service

    db = planning_window.database
    panel = _scenario_view(qtbot, planning_window)
    _add_scenario(qtbot, panel, "Fails")
    with qtbot.waitSignal(panel.solver_runner.finished, timeout=SOLVE_TIMEOUT):
        panel.solve_button.click()
    plan = get_scenario(db, "Fails").results

    def broken(*args, **kwargs):
        raise RuntimeError("the solver crashed")

    monkeypatch.setattr(service, "solve", broken)
    panel.form.budget.setValue(panel.form.budget.value() + 1)
    with qtbot.waitSignal(panel.solver_runner.failed, timeout=SOLVE_TIMEOUT):
        panel.solve_button.click()
    assert "stored plan is as it was" in panel.status.text()
    assert get_scenario(db, "Fails").results == plan


def test_results_follows_the_scenario_just_solved(qtbot, planning_window):
    panel = _scenario_view(qtbot, planning_window)
    _add_scenario(qtbot, panel, "A")
    with qtbot.waitSignal(panel.solver_runner.finished, timeout=SOLVE_TIMEOUT):
        panel.solve_button.click()
    results = planning_window.show_view("results")
    wait_for_panel(qtbot, results)
    assert results.current_name() == "A"
    planning_window.show_view("scenario")
    _add_scenario(qtbot, panel, "B")
    with qtbot.waitSignal(panel.solver_runner.finished, timeout=SOLVE_TIMEOUT):
        panel.solve_button.click()
    planning_window.show_view("results")
    wait_for_panel(qtbot, results)
    qtbot.waitUntil(lambda: results.current_name() == "B", timeout=30_000)
