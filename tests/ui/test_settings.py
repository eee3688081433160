"""What the window remembers between runs: geometry, last view, recent databases."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from bcprimary.db import open_database
from ui.app import open_initial_database
from ui.settings import AppSettings


def _reopen(settings_file) -> AppSettings:
    return AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))


def test_geometry_and_last_view_survive_a_restart(qtbot, make_window, db, settings_file):
    first = make_window(db)
    first.resize(760, 560)  # within the offscreen screen (800 × 800)
    first.show_view("dental")
    first.close()
    second = make_window(db, _reopen(settings_file))
    assert second.current_view() == "dental"
    assert second.stack.currentWidget() is second.panel("dental")
    assert (second.width(), second.height()) == (760, 560)


def test_recent_databases_most_recent_first(qtbot, make_window, db, tmp_path, settings_file):
    window = make_window(db)
    other = tmp_path / "other folder" / "plan.sqlite"
    with qtbot.waitSignal(window.status_shown, timeout=20000):
        assert window.open_database_target(str(other))
    assert window.database.path == other
    assert str(other) in window.database_label.text()
    recent = _reopen(settings_file).recent_databases()
    assert recent == [str(other), db.display_name()]
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()] == recent
    # Choosing the first database again from the menu switches back.
    with qtbot.waitSignal(window.status_shown, timeout=20000):
        window.recent_menu.actions()[1].trigger()
    assert window.database.display_name() == db.display_name()
    assert _reopen(settings_file).recent_databases()[0] == db.display_name()


def test_start_up_opens_the_last_database_when_none_is_given(settings, tmp_path):
    target = tmp_path / "last used.sqlite"
    open_database(target).dispose()
    settings.add_recent_database(str(target))
    db = open_initial_database(None, settings)
    assert db.path == target
    db.dispose()
    explicit = open_initial_database(str(tmp_path / "asked for.sqlite"), settings)
    assert explicit.path == tmp_path / "asked for.sqlite"
    explicit.dispose()


def test_recent_list_is_capped_and_without_duplicates(settings):
    for number in range(12):
        settings.add_recent_database(f"/data/{number}.sqlite")
    settings.add_recent_database("/data/3.sqlite")
    recent = settings.recent_databases()
    assert recent[0] == "/data/3.sqlite"
    assert len(recent) == 8
    assert len(set(recent)) == 8
    assert settings.last_database() == "/data/3.sqlite"
