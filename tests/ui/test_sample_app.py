"""The app on the packaged Black Country sample data: every view with data, Results with its
baselines and budget frontier, Compare, and the plan workbook written from the window."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtCore import Qt

from bcprimary.scenarios import stored_plan
from tests.ui.conftest import solve_scenario_now, wait_for_panel
from ui.panels import PANELS
from ui.plan_gateway import FRONTIER_POINTS, baseline_table, frontier_budgets

FRONTIER_TIMEOUT = 120_000


@pytest.fixture
def sample_window(make_window, sample_db):
    return make_window(sample_db)


def _open(qtbot, window, key):
    panel = window.show_view(key)
    wait_for_panel(qtbot, panel)
    return panel


def _results(qtbot, window, name="Default"):
    results = _open(qtbot, window, "results")
    if results.current_name() != name:
        results.chooser.setCurrentText(name)
        with qtbot.waitSignal(results.loaded, timeout=30_000):
            results.chooser.activated.emit(results.chooser.currentIndex())
    assert results.current_name() == name
    return results


def test_every_view_shows_the_sample_data(qtbot, sample_window):
    assert sample_window.synthetic_banner.isVisible()  # the sample appointments are generated
    assert not sample_window.sample_banner.isVisible()
    assert "Appointments 2025-09" in sample_window.dates_label.text()
    for spec in PANELS:
        panel = _open(qtbot, sample_window, spec.key)
        assert not panel.is_showing_message(), (spec.key, panel.message_text())
    overview = sample_window.panel("overview")
    assert overview.tile_text("pcns") == "27"
    assert overview.tile_text("appointments_per_month") != "–"
    access = sample_window.panel("access")
    assert sum(len(bar.opts["width"]) for bar in access.bars) == 27
    workforce = sample_window.panel("workforce")
    assert len(workforce.entitlement_bars.opts["width"]) == 27
    role_fte = sum(float(bar.opts["width"][0]) for bar in workforce.role_bars)
    staff = workforce.staff_table.frame_model.frame()
    assert role_fte == pytest.approx(staff.loc[staff["role_code"].notna(), "fte"].sum())
    dental = sample_window.panel("dental")
    assert len(dental.contracted_bars.opts["width"]) == 4  # Dudley, Sandwell, Walsall, Wolves
    assert dental.contracts_table.frame_model.rowCount() == 166
    contracts = dental.table.frame_model
    assert contracts.index(0, contracts.columns().index("contracts")).data() == "43"
    scenario = sample_window.panel("scenario")
    assert scenario.current_name() == "Default"
    assert scenario.roles.rowCount() > 10


def test_results_show_the_plan_beside_its_baselines(qtbot, sample_window, sample_db):
    results = _results(qtbot, sample_window)
    result = stored_plan(sample_db, "Default").result
    totals = result.totals
    assert results.kpis.text("added") == f"{totals['appointments_added']:,.0f}"
    assert results.kpis.text("weighted") == f"{totals['share_weighted_gap_remaining']:.1%}"
    assert "budget £2,000,000" in results.kpis.tiles["cost"].caption.text()
    assert "weighted access gap" in results.kpis.tiles["weighted"].toolTip()
    table = baseline_table(result)
    assert list(table["plan"]) == ["Optimised plan", "Fair shares", "Greedy"]
    widths = [float(bar.opts["width"][0]) for bar in results.baselines.gap_bars]
    assert widths == pytest.approx(list(table["share_weighted_gap_remaining"] * 100))
    assert widths[0] <= min(widths[1:]) + 1e-9  # the optimum is never worse than a baseline
    added = [float(bar.opts["width"][0]) for bar in results.baselines.added_bars]
    assert added == pytest.approx(list(table["appointments_added"]))
    legend = [label.text for _s, label in results.baselines.gap_plot.plotItem.legend.items]
    assert legend == ["Optimised plan", "Fair shares", "Greedy"]
    heat = results.allocation_table.frame_model.frame()
    assert heat["total_wte"].sum() == pytest.approx(totals["wte_added"])


@pytest.mark.slow
def test_budget_frontier_runs_in_the_background_and_is_plotted(qtbot, sample_window, sample_db):
    results = _results(qtbot, sample_window)
    frontier = results.frontier
    assert "Compute budget frontier" in frontier.compute_button.text()
    with qtbot.waitSignal(frontier.computed, timeout=FRONTIER_TIMEOUT) as done:
        frontier.compute_button.click()
        assert frontier.cancel_button.isEnabled()
        assert not frontier.compute_button.isEnabled()
    data = done.args[0]
    stored = stored_plan(sample_db, "Default")
    params, result = stored.parameters, stored.result
    budgets = frontier_budgets(params.options.budget_gbp)
    assert len(budgets) == FRONTIER_POINTS and budgets[0] == 0
    assert budgets[-1] == pytest.approx(2 * params.options.budget_gbp)

    x, y = frontier.curves["Optimised plan"].getData()
    assert list(x) == pytest.approx([b / 1e6 for b in budgets])
    assert list(y) == pytest.approx(list(data.table["share_weighted_gap_remaining"] * 100))
    assert np.all(np.diff(y) <= 1e-6)  # more money never leaves more of the gap
    for baseline in ("Fair shares", "Greedy"):
        _bx, by = frontier.curves[baseline].getData()
        assert np.all(y <= by + 1e-6), baseline
    (mx,), (my,) = frontier.plan_marker.getData()
    assert mx == pytest.approx(params.options.budget_gbp / 1e6)
    assert my == pytest.approx(result.totals["share_weighted_gap_remaining"] * 100)
    assert frontier.plot.getAxis("bottom").labelText == "Budget (£ million per year)"
    legend = [label.text for _s, label in frontier.plot.plotItem.legend.items]
    assert legend[:3] == ["Fair shares", "Greedy", "Optimised plan"]
    assert legend[3].startswith("This plan: £2,000,000")
    assert results.frontier.frontier_for("Default") is data
    # The frontier is stored with the plan: the workbook and the CLI read the same one.
    again = stored_plan(sample_db, "Default").frontier
    assert list(again.table["budget_gbp"]) == pytest.approx(budgets)


def test_cancel_stops_the_frontier(qtbot, sample_window):
    results = _results(qtbot, sample_window)
    frontier = results.frontier
    frontier.set_plan(sample_window.database, "Default", "never computed", 2e6, 0.7)
    with qtbot.waitSignal(frontier.runner.cancelled, timeout=10_000):
        frontier.compute_button.click()
        frontier.cancel_button.click()
    assert "Cancelled" in frontier.note.text()
    assert frontier.curves == {}
    assert frontier.compute_button.isEnabled()


def test_compare_two_to_four_scenarios(qtbot, sample_window, sample_db):
    solve_scenario_now(sample_db, "Half budget", budget_gbp=1_000_000.0)
    sample_window.data_changed.emit()
    compare = _open(qtbot, sample_window, "compare")
    compare.set_chosen(["Default", "Half budget"])
    assert compare.chosen() == ["Default", "Half budget"]
    table = compare.table.frame_model.frame()
    assert list(table.columns) == ["Measure", "Default", "Half budget"]
    budget = table.loc[table["Measure"] == "Budget"].iloc[0]
    assert (budget["Default"], budget["Half budget"]) == ("£2,000,000", "£1,000,000")
    tip = compare.table.frame_model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Extra money a year" in tip

    half = stored_plan(sample_db, "Half budget").result
    places = half.place_table.set_index("place")
    heights = np.asarray(compare.bars["Half budget"].opts["height"])
    ticks = [label for _x, label in compare.chart.getAxis("bottom")._tickLevels[0]]
    assert list(heights) == pytest.approx(list(places.loc[ticks, "appointments_added"]))
    legend = [label.text for _s, label in compare.chart.plotItem.legend.items]
    assert legend == ["Default", "Half budget"]

    compare.measure_box.setCurrentIndex(compare.measure_box.findData("gap_after"))
    heights = np.asarray(compare.bars["Half budget"].opts["height"])
    assert list(heights) == pytest.approx(list(places.loc[ticks, "gap_after"]))


@pytest.mark.slow
def test_export_from_results_writes_the_workbook_with_the_frontier(
    qtbot, sample_window, tmp_path, monkeypatch
):
    from openpyxl import load_workbook

    results = _results(qtbot, sample_window)
    if results.frontier.frontier_for("Default") is None:
        with qtbot.waitSignal(results.frontier.computed, timeout=FRONTIER_TIMEOUT):
            results.frontier.compute()
    out = tmp_path / "Default plan.xlsx"
    monkeypatch.setattr(
        "ui.dialogs.export_target.QFileDialog.getSaveFileName",
        lambda *args, **kwargs: (str(out), ""),
    )
    with qtbot.waitSignal(sample_window.exporter.finished, timeout=FRONTIER_TIMEOUT) as done:
        results.export_button.click()
    assert done.args[0] == out
    assert f"Wrote {out}" in sample_window.statusBar().currentMessage()
    workbook = load_workbook(out, read_only=True)
    assert {"Allocation", "Frontier"} <= set(workbook.sheetnames)
    workbook.close()


def test_a_workbook_open_in_excel_gets_a_plain_message(qtbot, sample_window, tmp_path, monkeypatch):
    folder = tmp_path / "plans"
    folder.mkdir()
    out = folder / "plan.xlsx"
    out.write_bytes(b"the plan as it was")
    shown = []
    monkeypatch.setattr("ui.main_window.QMessageBox.warning", lambda *args: shown.append(args[2]))

    def locked(source, target):
        raise PermissionError(13, "The process cannot access the file", str(target))

    monkeypatch.setattr(os, "replace", locked)
    with qtbot.waitSignal(sample_window.exporter.failed, timeout=FRONTIER_TIMEOUT):
        sample_window.export_plan("Default", out)
    assert len(shown) == 1
    assert shown[0].startswith("plan.xlsx is open in another program (probably Excel)")
    assert "nothing was overwritten" in shown[0]
    assert out.read_bytes() == b"the plan as it was"
    assert [p.name for p in folder.iterdir()] == ["plan.xlsx"]  # no temporary file left


@pytest.mark.slow
def test_first_run_loads_the_sample_and_shows_a_plan(qtbot, window):
    """A newcomer on an empty database: one click on the banner, and every view has data."""
    assert window.sample_banner.isVisible()
    with qtbot.waitSignal(window.sample_loader.runner.finished, timeout=120_000) as solved:
        window.sample_banner.action_button.click()
        assert not window.sample_banner.isVisible()
    assert solved.args[0] == "Default"
    assert "Results" in window.statusBar().currentMessage()
    window.importer.dialog.close_button.click()
    wait_for_panel(qtbot, window.panel("overview"))
    assert window.synthetic_banner.isVisible()
    results = _open(qtbot, window, "results")
    assert results.current_name() == "Default"
    assert results.data.result.has_plan
