"""The views: real metrics in the tables, chart data read back from the plot items."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.ui.conftest import wait_for_panel
from ui import plots
from ui.analysis_gateway import AccessData, DentalData, WorkforceData


def _open(qtbot, window, key):
    panel = window.show_view(key)
    wait_for_panel(qtbot, panel)
    return panel


def test_practice_and_pcn_tables_from_real_files(qtbot, make_window, area_db):
    window = make_window(area_db)
    panel = _open(qtbot, window, "practices")
    practices, pcns = panel.tables["practices"], panel.tables["pcns"]
    assert practices.frame_model.rowCount() == 169
    assert pcns.frame_model.rowCount() == 28  # 27 PCNs and the unallocated practice (U)
    assert panel.tables["places"].frame_model.rowCount() == 5

    model = practices.frame_model
    column = model.columns().index("registered_patients")
    header = model.headerData(column, Qt.Orientation.Horizontal)
    tooltip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert header == "Registered patients"
    assert "registered at the practice" in tooltip
    practices.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    largest = practices.proxy.index(0, column).data()
    assert largest == f"{int(model.frame()['registered_patients'].max()):,}"
    total = model.frame()["registered_patients"].sum()
    assert total == 1_337_739  # every registered patient of the April 2026 file

    panel.filter_box.setText("dudley")
    assert 0 < practices.visible_rows() < 169
    assert panel.tables["places"].visible_rows() == 1
    panel.filter_box.clear()
    assert practices.visible_rows() == 169


def test_views_without_their_data_say_which_files_to_import(qtbot, make_window, area_db):
    window = make_window(area_db)
    access = _open(qtbot, window, "access")
    assert access.is_showing_message()
    assert "Practice_Level_Crosstab" in access.message_text()
    dental = _open(qtbot, window, "dental")
    assert dental.is_showing_message()
    assert "dental list" in dental.message_text()


def _access_data() -> AccessData:
    pcns = pd.DataFrame(
        {
            "code": ["U1", "U2", "U3", "U4", "U"],
            "name": ["North", "South", None, "West", "Unallocated (no PCN)"],
            "imd_score": [40.0, 30.0, 20.0, 10.0, np.nan],
            "imd_quintile": [1.0, 2.0, 4.0, 5.0, np.nan],
            "appointments_per_1000_weighted": [400.0, 450.0, 480.0, 520.0, 300.0],
        }
    )
    places = pd.DataFrame({"code": ["Dudley", "Walsall"], "name": ["Dudley", "Walsall"]})
    area = {"appointments_per_1000_weighted": 460.0, "sii": 80.0, "snapshots": {}}
    return AccessData(pcns, places, area, target_rate=490.0)


@pytest.fixture
def access_panel(qtbot):
    from ui.panels.access import AccessPanel

    panel = AccessPanel()
    qtbot.addWidget(panel)
    panel.show_data(_access_data())
    return panel


def test_access_bars_per_pcn_coloured_by_quintile_with_target(access_panel):
    bars = access_panel.bars
    widths = {QColor(bar.opts["brush"]).name(): list(np.asarray(bar.opts["width"])) for bar in bars}
    # The unallocated pseudo-PCN has no target and is left out; highest access first (top).
    assert widths == {
        plots.QUINTILE_COLOURS[1]: [400.0],
        plots.QUINTILE_COLOURS[2]: [450.0],
        plots.QUINTILE_COLOURS[4]: [480.0],
        plots.QUINTILE_COLOURS[5]: [520.0],
    }
    positions = {bar.opts["name"]: float(np.asarray(bar.opts["y"])[0]) for bar in bars}
    assert positions["IMD Q5 least deprived"] > positions["IMD Q1 most deprived"]
    x, _y = access_panel.target.getData()
    assert list(x) == [490.0, 490.0]
    legend = [label.text for _sample, label in access_panel.bar_plot.plotItem.legend.items]
    assert legend == [
        "IMD Q1 most deprived",
        "IMD Q2",
        "IMD Q4",
        "IMD Q5 least deprived",
        "Target 490.0 per 1,000",
    ]
    ticks = dict(access_panel.bar_plot.getAxis("left")._tickLevels[0])
    assert ticks[positions["IMD Q4"]] == "U3"  # no name published: the code alone


def test_access_scatter_has_a_fitted_line(access_panel):
    points = access_panel.points.data
    assert sorted(points["x"]) == [10.0, 20.0, 30.0, 40.0]
    x, y = access_panel.fit.getData()
    slope = (y[1] - y[0]) / (x[1] - x[0])
    assert slope == pytest.approx(np.polyfit([40, 30, 20, 10], [400, 450, 480, 520], 1)[0])
    assert slope < 0  # more deprived, fewer appointments


def test_access_trend_plots_every_month(access_panel):
    months = pd.date_range("2025-01-01", periods=6, freq="MS").date
    trend = pd.DataFrame(
        {
            "month": months,
            "appointments": 1000,
            "dna": 40,
            "appointments_per_1000_weighted": [470.0, 480.0, 460.0, 455.0, 490.0, 500.0],
        }
    )
    access_panel.show_trend(trend, "North (U1)")
    x, y = access_panel.trend_line.getData()
    assert list(y) == [470.0, 480.0, 460.0, 455.0, 490.0, 500.0]
    assert x[1] - x[0] == 31 * 24 * 3600  # January has 31 days
    assert "North (U1)" in access_panel.trend_plot.plotItem.titleLabel.text


def test_access_trend_choices_follow_the_level(access_panel):
    access_panel.level_box.setCurrentIndex(access_panel.level_box.findData("pcn"))
    choices = [access_panel.unit_box.itemText(i) for i in range(access_panel.unit_box.count())]
    assert choices == ["North (U1)", "South (U2)", "U3", "West (U4)"]
    access_panel.level_box.setCurrentIndex(access_panel.level_box.findData("place"))
    assert access_panel.unit_box.itemData(1) == "Walsall"


def test_workforce_chart_sets_entitlement_against_staff_in_post(qtbot):
    from ui.panels.workforce import WorkforcePanel

    entitlement = pd.DataFrame(
        {
            "code": ["U1", "U2"],
            "name": ["North", "South"],
            "place": ["Dudley", "Dudley"],
            "weighted_patients": [50_000.0, 30_000.0],
            "financial_year": ["2025/26", "2025/26"],
            "arrs_entitlement_gbp": [1_331_550.0, 798_930.0],
            "arrs_fte": [10.0, 2.0],
            "arrs_in_post_cost_gbp": [600_000.0, 90_000.0],
            "arrs_headroom_gbp": [731_550.0, 708_930.0],
        }
    )
    staff = pd.DataFrame(
        {
            "pcn_code": ["U1"],
            "staff_group": ["DPC"],
            "staff_role": ["Pharmacist"],
            "role_code": ["clinical_pharmacist"],
            "fte": [10.0],
        }
    )
    panel = WorkforcePanel()
    qtbot.addWidget(panel)
    panel.show_data(WorkforceData(entitlement[["code", "name"]], entitlement, staff))
    assert list(panel.entitlement_bars.opts["width"]) == pytest.approx([1331.55, 798.93])
    assert list(panel.in_post_bars.opts["width"]) == pytest.approx([600.0, 90.0])
    model = panel.entitlement_table.frame_model
    column = model.columns().index("arrs_entitlement_gbp")
    assert model.index(0, column).data() == "£1,331,550"


def test_dental_chart_shows_udas_per_head_by_place(qtbot):
    from ui.panels.dental import DentalPanel

    table = pd.DataFrame(
        {
            "place": ["Dudley", "Walsall", "Unplaced (postcode district not in the area)"],
            "contracts": [40, 30, 2],
            "uda_contracted": [500_000.0, 300_000.0, 1_000.0],
            "uda_delivered": [400_000.0, 270_000.0, 900.0],
            "uda_financial_value_gbp": [14e6, 8e6, 3e4],
            "population": [335_619.0, 310_679.0, np.nan],
            "udas_per_head": [1.49, 0.97, np.nan],
            "uda_delivery_share": [0.8, 0.9, 0.9],
            "uda_value_gbp": [28.0, 26.7, 30.0],
            "activity_year": ["2021/22"] * 3,
        }
    )
    contracts = pd.DataFrame(
        {
            "contract_number": ["1001620000"],
            "provider_name": ["Jandu Dental Surgery"],
            "place": ["Dudley"],
            "uda_contracted": [7200.0],
            "uda_delivered_share": [0.3504],
        }
    )
    panel = DentalPanel()
    qtbot.addWidget(panel)
    panel.show_data(DentalData(table, contracts))
    widths = list(panel.contracted_bars.opts["width"])
    assert widths == pytest.approx([500_000 / 335_619, 300_000 / 310_679])  # unplaced: no bar
    assert list(panel.delivered_bars.opts["width"]) == pytest.approx(
        [400_000 / 335_619, 270_000 / 310_679]
    )
    model = panel.table.frame_model
    share = model.columns().index("uda_delivery_share")
    assert model.index(0, share).data() == "80.0%"


def test_workforce_practice_staff_by_group_or_what_to_import(qtbot):
    from ui.panels.workforce import NO_PRACTICE_WORKFORCE, WorkforcePanel

    entitlement = pd.DataFrame(
        {
            "code": ["U1"],
            "name": ["North"],
            "arrs_entitlement_gbp": [1_000_000.0],
            "arrs_in_post_cost_gbp": [500_000.0],
        }
    )
    staff = pd.DataFrame(
        {
            "pcn_code": ["U1", "U1", "U1"],
            "staff_group": ["DPC", "DPC", "Admin"],
            "staff_role": ["Pharmacists", "Paramedics", "Managers"],
            "role_code": ["clinical_pharmacist", "paramedic", None],
            "fte": [3.0, 1.5, 1.0],
        }
    )
    places = pd.DataFrame(
        {
            "code": ["Dudley", "Walsall"],
            "name": ["Dudley", "Walsall"],
            "gp_fte_per_10k_weighted": [6.1, 5.2],
            "nurse_fte_per_10k_weighted": [3.0, 2.5],
        }
    )
    panel = WorkforcePanel()
    qtbot.addWidget(panel)
    panel.show_data(WorkforceData(entitlement[["code", "name"]], entitlement, staff, places))
    # ARRS roles only (managers are not an ARRS role), largest first.
    assert [float(b.opts["width"][0]) for b in panel.role_bars] == [3.0, 1.5]
    assert list(panel.group_bars["GPs"].opts["height"]) == [6.1, 5.2]
    assert list(panel.group_bars["Nurses"].opts["height"]) == [3.0, 2.5]
    assert panel.group_stack.currentWidget() is panel.group_chart

    without = places.assign(gp_fte_per_10k_weighted=np.nan, nurse_fte_per_10k_weighted=np.nan)
    panel.show_data(WorkforceData(entitlement[["code", "name"]], entitlement, staff, without))
    assert panel.group_stack.currentWidget() is panel.group_message
    assert panel.group_message.text() == NO_PRACTICE_WORKFORCE


def test_compare_keeps_at_most_four_scenarios_ticked(qtbot):
    from PySide6.QtCore import Qt as QtCore

    from ui.panels.compare import MOST_SCENARIOS, ComparePanel
    from ui.plan_gateway import ComparisonData

    names = [f"Plan {n}" for n in range(1, 6)]
    kpis = pd.DataFrame({"measure": ["budget_gbp"], **{n: [1e6 * i] for i, n in enumerate(names)}})
    panel = ComparePanel()
    qtbot.addWidget(panel)
    panel.show_data(ComparisonData(names, kpis, pd.DataFrame()))
    assert panel.chosen() == names[:MOST_SCENARIOS]
    panel.scenario_list.item(4).setCheckState(QtCore.CheckState.Checked)
    assert panel.chosen() == names[:MOST_SCENARIOS]
    assert "At most 4" in panel.note.text()
    panel.set_chosen(["Plan 5"])
    assert "at least two" in panel.note.text()
    assert list(panel.table.frame_model.frame().columns) == ["Measure", "Plan 5"]
