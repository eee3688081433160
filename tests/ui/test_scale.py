"""The app on national files: the area picker, long charts, getting data out, data in use.

The "black country" template holds the real national registered-patients list (6,202
practices, 42 ICBs), PCN map, payments and IMD files plus three generated Black Country
appointment months; the slow tests use the "national" template (one generated month of every
practice in England). Charts are checked by reading their items back, never pixels.
"""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from bcprimary.analysis import AnalysisOptions
from bcprimary.analysis.areas import list_areas
from bcprimary.analysis.data_in_use import (
    datasets_in_use,
    mixed_year_warnings,
    unused_import_notice,
)
from bcprimary.analysis.options import resolve
from tests.conftest import realdata
from tests.factories import REGISTERED_BLACK_COUNTRY, import_all
from tests.ui.conftest import wait_for_panel
from ui import plots, view_export
from ui.analysis_gateway import view_options

PCN_WORKFORCE_2022 = "workforce/Primary Care Networks - September 2022 Individual Level.csv"


@pytest.fixture
def national_db(copy_database):
    """National organisation files, Black Country appointments (the factory's 'black country')."""
    return copy_database("black country")


def _open(qtbot, window, key):
    panel = window.show_view(key)
    wait_for_panel(qtbot, panel)
    return panel


def _choose_area(qtbot, window, key):
    with qtbot.waitSignal(window.status_shown, timeout=20000):
        assert window.area_picker.choose(key)


# --- 1. an area for everything ----------------------------------------------------------------


def test_areas_come_from_the_loaded_files(national_db):
    with national_db.session() as session:
        areas = list_areas(session)
    kinds = {kind: [a for a in areas if a.kind == kind] for kind in ("region", "icb", "place")}
    assert areas[0].kind == "england"
    assert len(kinds["icb"]) == 42
    # Regions are derived from the map's commissioning region of each ICB.
    assert len(kinds["region"]) == 7
    midlands = next(a for a in kinds["region"] if a.name == "Midlands")
    assert "QUA" in midlands.icb_codes
    black_country = next(a for a in kinds["icb"] if a.code == "QUA")
    assert black_country.label() == "ICB: NHS Black Country ICB (QUA)"
    places = {a.code for a in kinds["place"] if a.parent == "QUA"}
    assert places == {"Dudley", "Sandwell", "Walsall", "Wolverhampton"}
    assert black_country.scope()["icb_codes"] == ("QUA",)


def test_national_database_asks_then_remembers_the_area(qtbot, make_window, national_db, settings):
    window = make_window(national_db)
    chooser = window.area_picker.chooser
    assert chooser is not None and chooser.list.count() == 42  # asked: 42 ICBs
    with qtbot.waitSignal(window.status_shown, timeout=20000):
        chooser.choose("icb:QUA")
    assert view_options(national_db).icb_codes == ("QUA",)

    practices = _open(qtbot, window, "practices")
    assert practices.tables["practices"].frame_model.rowCount() == 170  # Oct 2025 list, QUA
    overview = _open(qtbot, window, "overview")
    assert overview.tile_text("practices") == "170"

    _choose_area(qtbot, window, "place:Dudley")
    practices = _open(qtbot, window, "practices")
    places = set(practices.tables["practices"].frame_model.frame()["place"])
    assert places == {"Dudley"}

    # A new scenario covers the area the views show.
    from ui.scenario_gateway import create_scenario

    create_scenario(national_db, "Dudley plan")
    from bcprimary import scenarios

    stored = scenarios.get_scenario(national_db, "Dudley plan").settings
    assert stored.places == ("Dudley",)
    window.close()

    # The same database opens again on Dudley without asking.
    again = make_window(national_db)
    assert again.area_picker.chooser is None
    assert again.area_picker.current_area().key == "place:Dudley"


def test_single_icb_database_opens_on_its_icb(qtbot, make_window, area_db):
    window = make_window(area_db)
    assert window.area_picker.chooser is None
    assert window.area_picker.current_area().key == "icb:QUA"
    practices = _open(qtbot, window, "practices")
    assert practices.tables["practices"].frame_model.rowCount() == 169


# --- 2. charts and tables at any size -----------------------------------------------------------


def test_long_bar_chart_scrolls_hovers_and_opens_a_pcns_practices(qtbot, make_window, national_db):
    window = make_window(national_db)
    window.area_picker.chooser.reject()  # whole of England
    access = _open(qtbot, window, "access")
    shown = sum(len(item.opts["y"]) for item in access.bars)
    assert shown > 1200  # every PCN in England
    low, high = access.bar_plot.getViewBox().viewRange()[1]
    assert high - low <= plots.VISIBLE_BARS + 1  # a window of bars, the rest scroll

    picker = access.bar_picker
    top = shown - 1  # the first (highest) bar sits at the top
    tip = picker.tip_at(top)
    code = picker.code_at(top)
    assert code and f"({code})" in tip and "per 1,000" in tip
    assert picker.tip_at(top + 0.5) == ""  # between bars: nothing

    with qtbot.waitSignal(access.practices_requested) as clicked:
        picker.on_click(code)
    assert clicked.args == [code]
    practices = window.panel("practices")
    wait_for_panel(qtbot, practices)
    assert window.current_view() == "practices"
    table = practices.tables["practices"]
    pcn_column = table.frame_model.columns().index("pcn_code")
    rows = {table.proxy.index(r, pcn_column).data() for r in range(table.visible_rows())}
    assert rows == {code}

    window.show_view("access")
    access.show_box.setCurrentIndex(access.show_box.findText("Top 10"))
    assert sum(len(item.opts["y"]) for item in access.bars) == 10


def test_trend_with_one_month_reads_as_a_date(qtbot, make_window, national_db):
    window = make_window(national_db)
    window.area_picker.chooser.choose("icb:QUA")
    access = _open(qtbot, window, "access")
    trend = pd.DataFrame(
        {"month": [dt.date(2025, 9, 1)], "appointments_per_1000_weighted": [512.0]}
    )
    access.show_trend(trend, "One month")
    low, high = access.trend_plot.getViewBox().viewRange()[0]
    assert high - low >= 60 * 86400  # two months in view, not a second
    axis = access.trend_plot.getAxis("bottom")
    spacing, values = next((s, v) for s, v in axis.tickValues(low, high, 400) if len(v))
    labels = axis.tickStrings(values, 1.0, spacing)
    assert labels and all(":" not in label for label in labels)  # dates, not times of day


def test_copy_selection_with_headers_and_export(qtbot, make_window, area_db, tmp_path):
    window = make_window(area_db)
    practices = _open(qtbot, window, "practices")
    table = practices.tables["practices"]
    model = table.frame_model
    columns = [model.columns().index("code"), model.columns().index("registered_patients")]
    selection = table.selectionModel()
    for row in (0, 1):
        for column in columns:
            selection.select(
                table.proxy.index(row, column), QItemSelectionModel.SelectionFlag.Select
            )
    table.setFocus()
    QTest.keySequence(table, "Ctrl+C")
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0] == "Practice code\tRegistered patients" or lines[0].split("\t")[1] == (
        "Registered patients"
    )
    assert len(lines) == 3 and lines[1].split("\t")[0] == table.proxy.index(0, columns[0]).data()
    assert [a.text() for a in table.actions()][:2] == ["Copy", "Export table (CSV or Excel)…"]

    practices.filter_box.setText("dudley")
    frame = view_export.shown_frame(table.proxy)
    csv_path = view_export.write_table(frame, tmp_path / "practices.csv")
    xlsx_path = view_export.write_table(frame, tmp_path / "practices.xlsx", "Practices")
    back = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert len(back) == table.visible_rows() and "Registered patients" in back.columns
    assert len(pd.read_excel(xlsx_path)) == table.visible_rows()

    access = _open(qtbot, window, "access")
    assert access.bar_plot.export_action.text() == "Export chart as PNG…"
    png = view_export.write_png(access.bar_plot, tmp_path / "access.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- 4. data in use, visible --------------------------------------------------------------------


def test_data_in_use_unused_imports_and_mixed_years(national_db):
    import_all(national_db, [realdata(REGISTERED_BLACK_COUNTRY), realdata(PCN_WORKFORCE_2022)])
    with national_db.session() as session:
        resolved = resolve(session)
        in_use = {d.dataset: d for d in datasets_in_use(session, resolved)}
        registered = in_use["registered_patients"]
        assert registered.loaded == (dt.date(2026, 4, 1), dt.date(2025, 10, 1))
        assert registered.in_use == (dt.date(2026, 4, 1),)
        notice = unused_import_notice(session, "registered_patients", "2025-10-01")
        assert notice.startswith("Registered patients Oct 2025 was loaded but is not in use")
        assert unused_import_notice(session, "registered_patients", "2026-04-01") is None
        chosen = AnalysisOptions(registered_date=dt.date(2025, 10, 1))
        assert resolve(session, chosen).registered_date == dt.date(2025, 10, 1)
    warnings = mixed_year_warnings(resolved, money_year="2025/26")
    assert any(
        w.startswith("PCN workforce (30 Sep 2022) is more than a year older") for w in warnings
    )


def test_overview_shows_snapshots_in_use_with_a_picker(qtbot, make_window, national_db):
    import_all(national_db, [realdata(REGISTERED_BLACK_COUNTRY), realdata(PCN_WORKFORCE_2022)])
    window = make_window(national_db)
    # The newest list is the Black Country's: one ICB, so no question.
    assert window.area_picker.current_area().key == "icb:QUA"
    overview = _open(qtbot, window, "overview")
    assert overview.tile_text("practices") == "169"  # the April 2026 list is the newest
    assert "PCN workforce (30 Sep 2022)" in overview.mixed_years_text()
    box = overview.snapshot_boxes["registered_patients"]
    assert [box.itemText(i) for i in range(box.count())] == ["Apr 2026", "Oct 2025"]
    with qtbot.waitSignal(window.status_shown, timeout=20000):
        overview.choose_snapshot("registered_patients", dt.date(2025, 10, 1))
    wait_for_panel(qtbot, overview)
    assert overview.tile_text("practices") == "170"


# --- 3. fast at England scale (slow: builds the national template) -------------------------------


@pytest.mark.slow
def test_england_scale_filter_and_views_stay_responsive(qtbot, make_window, copy_database):
    db = copy_database("national")
    window = make_window(db)
    window.area_picker.chooser.reject()  # the whole of England
    practices = _open(qtbot, window, "practices")
    table = practices.tables["practices"]
    assert table.frame_model.rowCount() == 6202
    slowest = 0.0
    for letter in "surgery":
        started = time.perf_counter()
        QTest.keyClicks(practices.filter_box, letter)
        slowest = max(slowest, time.perf_counter() - started)
    assert 0 < table.visible_rows() < 6202
    assert slowest < 0.1
    access = _open(qtbot, window, "access")
    assert sum(len(item.opts["y"]) for item in access.bars) > 1200
    assert access.bar_picker.tip_at(sum(len(i.opts["y"]) for i in access.bars) - 1)
