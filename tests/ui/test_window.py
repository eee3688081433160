"""The main window: start-up, navigation, status bar, banners and the refresh path."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.ui.conftest import wait_for_panel
from ui.panels import PANELS


def test_window_starts_on_an_empty_database(window):
    assert window.isVisible()
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())] == [
        "Overview",
        "Practices & PCNs",
        "Access",
        "Demand",
        "Workforce",
        "Dental",
        "Scenario",
        "Results",
        "Compare",
    ]
    assert window.current_view() == "overview"
    assert "test db.sqlite" in window.database_label.text()
    assert window.dates_label.text() == "No data loaded"
    assert window.export_action.isEnabled()


def test_empty_database_offers_the_sample_data_without_blocking(window, settings):
    assert window.sample_banner.isVisible()
    assert window.sample_banner.action_button.text() == "Load sample data"
    assert not window.synthetic_banner.isVisible()
    window.sample_banner.close_button.click()
    assert not window.sample_banner.isVisible()
    assert settings.sample_offer_dismissed()


def test_every_view_opens_and_says_what_it_needs(qtbot, window):
    for spec in PANELS:
        panel = window.show_view(spec.key)
        wait_for_panel(qtbot, panel)
        assert window.stack.currentWidget() is panel
        assert panel.title == spec.title
        if spec.key in ("results", "compare"):
            assert panel.is_showing_message()
            assert "Solve" in panel.message_text()
    scenario = window.panel("scenario")
    assert not scenario.is_showing_message()
    assert not scenario.hint.isHidden()  # no scenarios yet: press New…
    assert not scenario.solve_button.isEnabled()


def test_sample_button_imports_and_synthetic_inputs_are_flagged(
    qtbot, window, registered_file, tmp_path, monkeypatch
):
    # A file whose name says SYNTHETIC is recorded as a synthetic input by the core.
    synthetic = tmp_path / "SYNTHETIC_gp-reg-pat-prac-all.csv"
    shutil.copy(registered_file, synthetic)
    monkeypatch.setattr("bcprimary.sample.sample_files", lambda: [synthetic])
    with qtbot.waitSignal(window.status_shown, timeout=30000) as status:
        window.sample_banner.action_button.click()
        with qtbot.waitSignal(window.importer.finished, timeout=30000):
            pass
    assert status.args[0]["synthetic_inputs"] is True
    assert window.synthetic_banner.isVisible()
    assert "SYNTHETIC" in window.synthetic_banner.label.text()
    assert not window.sample_banner.isVisible()
    assert "Registered patients 2026-04-01" in window.dates_label.text()
    window.importer.dialog.close_button.click()


def test_dropping_files_on_the_window_imports_them(qtbot, window, registered_file):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(registered_file))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.importer.finished, timeout=30000) as done:
        window.dropEvent(event)
    assert [o.rows_kept for o in done.args[0].loaded] == [169]


def test_overview_shows_figures_and_data_dates_after_an_import(qtbot, window, registered_file):
    overview = window.show_view("overview")
    wait_for_panel(qtbot, overview)
    with (
        qtbot.waitSignal(overview.loaded, timeout=30000),
        qtbot.waitSignal(window.importer.finished, timeout=30000),
    ):
        window.import_files([registered_file])
    assert overview.tile_text("practices") == "169"
    assert overview.tile_text("registered_patients") in ("1,337,739", "–")
    assert overview._dates.rowCount() == 1
    assert overview._dates.item(0, 1).text() == "2026-04-01"
    assert overview._dates.item(0, 2).text() == "169"


def test_an_unexpected_error_becomes_a_message(window, monkeypatch):
    import sys

    from ui.app import install_error_hook

    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr("ui.app.QMessageBox.exec", lambda box: shown.append(box.text()))
    install_error_hook(window)
    try:
        raise ValueError("a bug in a slot")
    except ValueError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    assert shown and shown[0].startswith("Something went wrong: a bug in a slot")
    assert window.isVisible()
