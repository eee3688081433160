"""The Demand view (missed calls against the access gap, by PCN, with the publications'
caveats) and the demand signals of funded and unfunded PCNs in Results, on real telephony and
online-consultation files."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor

from bcprimary import glossary
from tests.ui.conftest import solve_scenario_now, wait_for_panel
from ui import plots


@pytest.fixture
def demand_db(copy_database):
    return copy_database("demand")


def _open(qtbot, window, key):
    panel = window.show_view(key)
    wait_for_panel(qtbot, panel)
    assert not panel.is_showing_message(), panel.message_text()
    return panel


def test_the_demand_scatter_puts_missed_calls_beside_the_access_gap(qtbot, make_window, demand_db):
    window = make_window(demand_db)
    panel = _open(qtbot, window, "demand")
    pcns = panel.data.pcns
    pcns = pcns[pcns["code"] != "U"]
    known = pcns.dropna(subset=["missed_share", "access_gap_per_1000_weighted"])
    assert 0 < len(known) < len(pcns)  # PCNs whose practices do not report have no point
    points = panel.points.data
    assert sorted(points["x"]) == pytest.approx(sorted(known["access_gap_per_1000_weighted"]))
    assert sorted(points["y"]) == pytest.approx(sorted(known["missed_share"] * 100))
    first = known.iloc[0]
    spot = next(p for p in points if first["code"] in p["data"])
    assert QColor(spot["brush"].color()).name() == plots.quintile_colour(first["imd_quintile"])
    assert glossary.definition("telephony_caveat") in spot["data"]
    assert glossary.definition("oc_caveat") in spot["data"]
    assert "November 2025" in panel.summary.text()
    assert panel.tables["pcns"].frame_model.rowCount() == len(panel.data.pcns)


def test_the_demand_view_says_what_to_import_when_no_demand_file_is_loaded(
    qtbot, make_window, planning_db
):
    window = make_window(planning_db)
    panel = _open(qtbot, window, "demand")
    assert "Cloud Based Telephony" in panel.summary.text()
    assert len(panel.points.data) == 0


def test_results_show_demand_signals_of_funded_and_unfunded_pcns(qtbot, make_window, demand_db):
    solve_scenario_now(demand_db, "Default")
    window = make_window(demand_db)
    results = window.show_view("results")
    wait_for_panel(qtbot, results)
    qtbot.waitUntil(lambda: results.demand_note.text() != "", timeout=30_000)
    text = results.demand_note.text()
    assert glossary.label("funded").lower() in text
    assert "PCNs not" in text
    assert glossary.label("missed_share") in text
    assert not np.isnan(results.data.result.pcn_table["cost_gbp"].sum())
