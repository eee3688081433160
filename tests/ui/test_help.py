"""Help: F1 opens the help pane (method, files read, glossary); long tooltips wrap."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from bcprimary import glossary
from bcprimary import help as help_text
from tests.ui.conftest import wait_for_panel


def test_f1_opens_the_help_with_every_figure_and_every_file(qtbot, window):
    assert not window.help_pane.isVisible()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(window.help_pane.isVisible, timeout=5000)
    text = window.help_pane.text()
    assert "How targets, gaps and the plan are made" in text
    for title, _dataset in help_text.data_sources():
        assert title in text
    for term in help_text.glossary_terms():
        assert term.label in text and term.definition in text
    assert glossary.definition("access_gap") in text


def test_help_topics_are_anchors_of_the_document():
    document = help_text.help_html()
    for topic in help_text.topics():
        assert f"<a name='{topic}'>" in document and f"href='#{topic}'" in document
    assert {"method", "sources", "glossary"} <= set(help_text.topics())


def _tip_shown_for(widget, pos: QPoint) -> str:
    QToolTip.hideText()
    event = QHelpEvent(QHelpEvent.Type.ToolTip, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)
    return QToolTip.text()


def _tip_label():
    return next(w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel"))


def test_long_tooltips_wrap_on_widgets_and_headers(qtbot, sample_db, make_window):
    window = make_window(sample_db)
    panel = window.show_view("scenario")
    wait_for_panel(qtbot, panel)
    box = panel.form.budget_mode
    assert len(box.toolTip()) > 60
    shown = _tip_shown_for(box, QPoint(5, 5))
    assert shown.startswith("<p style='white-space:pre-wrap'>")
    assert _tip_label().width() <= 420

    header = panel.role_table.horizontalHeader()
    column = panel.roles.columns().index("appointments_per_wte_month")
    x = header.sectionViewportPosition(column) + 5
    shown = _tip_shown_for(header.viewport(), QPoint(x, 5))
    assert shown.startswith("<p style='white-space:pre-wrap'>")
    assert glossary.definition("appointments_per_wte_month")[:40] in shown
    assert _tip_label().width() <= 420
    QToolTip.hideText()
