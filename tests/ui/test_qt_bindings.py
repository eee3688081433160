"""The Qt bindings must not corrupt reference counts (it crashes the app within a minute).

PySide6 6.12.0 on Python 3.11 drops references to ``None`` while Qt runs a Python override of a
virtual function (``paintEvent``, ``resizeEvent``, ``QGraphicsItem.paint``, …): about one per
call made inside it that returns nothing (``painter.drawRect(...)``). Before Python 3.12
``None`` is an ordinary object, so once its count reaches zero the interpreter aborts with
"Fatal Python error: none_dealloc". Every pyqtgraph item overrides ``paint``: resizing the
window on the Access view aborted the app after fewer than 500 resizes. PySide6 6.11.3 does not
have the bug; Python ≥ 3.12 is immune (``None`` is immortal there). pyproject.toml excludes
6.12.0; this test keeps a future release with the same bug from slipping in.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget


class _Painted(QWidget):
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.drawRect(0, 0, 5, 5)  # a call returning None, as every paint() makes
        painter.end()


def _references_lost_in_repaints(qtbot, repaints: int = 200) -> int:
    widget = _Painted()
    qtbot.addWidget(widget)
    widget.resize(120, 80)
    widget.show()
    widget.grab()
    before = sys.getrefcount(None)
    for _ in range(repaints):
        widget.grab()
    return before - sys.getrefcount(None)


def test_python_overrides_do_not_leak_references_to_none(qtbot):
    assert _references_lost_in_repaints(qtbot) < 50
