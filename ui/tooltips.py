"""Tooltips that wrap: long plain-text tooltips are shown as rich text (Qt then wraps them).

Plain text is drawn on one line however long it is (1,250 px for a glossary definition on a
wide screen). :func:`rich_tooltip` turns a text into rich text, and :class:`WrappingTooltips`,
installed once on the application, does it for every widget, table cell and header tooltip
when it is about to be shown, so no view needs to remember to.
"""

from __future__ import annotations

import html

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QToolTip, QWidget

#: Shorter plain tooltips fit on a line anyway.
WRAP_FROM_CHARACTERS = 60


def rich_tooltip(text: str) -> str:
    """``text`` as rich text that wraps (kept as is if it already is rich text)."""
    if not text or QtGui.Qt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


def _tooltip_at(watched: QObject, event: QHelpEvent) -> str:
    parent = watched.parent()
    if isinstance(parent, QHeaderView) and watched is parent.viewport():
        model, section = parent.model(), parent.logicalIndexAt(event.pos())
        if model is None or section < 0:
            return ""
        value = model.headerData(section, parent.orientation(), Qt.ItemDataRole.ToolTipRole)
        return value if isinstance(value, str) else ""
    if isinstance(parent, QAbstractItemView) and watched is parent.viewport():
        value = parent.indexAt(event.pos()).data(Qt.ItemDataRole.ToolTipRole)
        return value if isinstance(value, str) else ""
    return watched.toolTip() if isinstance(watched, QWidget) else ""


class WrappingTooltips(QObject):
    """Application event filter: shows long plain tooltips as wrapping rich text."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        text = _tooltip_at(watched, event)
        if len(text) < WRAP_FROM_CHARACTERS or QtGui.Qt.mightBeRichText(text):
            return False
        QToolTip.showText(event.globalPos(), rich_tooltip(text), watched)  # type: ignore[arg-type]
        return True


_installed: WrappingTooltips | None = None


def install_wrapping_tooltips(app: QObject) -> None:
    """Install :class:`WrappingTooltips` on ``app`` (once)."""
    global _installed
    if _installed is None:
        _installed = WrappingTooltips(app)
        app.installEventFilter(_installed)
