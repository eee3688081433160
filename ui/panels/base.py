"""What every view of the main window has in common: load off the GUI thread, then show.

A panel is given a :class:`~bcprimary.db.Database` and nothing else. When the data changes it
is marked stale and reloads only when it is (or becomes) visible — the one refresh path of the
window. Loading runs a Qt-free function on a :class:`~ui.workers.TaskRunner`; its result is
handed to :meth:`Panel.show_data` on the GUI thread. A :class:`~ui.analysis_gateway.DataNotReady`
from the loader is shown as a plain message ("needs appointments data …") instead of the
content, and any other failure as an error the user can report.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from bcprimary.db import Database
from ui.analysis_gateway import DataNotReady
from ui.workers import TaskFailure, TaskRunner


def warm_up_charts() -> None:
    """Import the chart library on a worker while the first view shows, once.

    Importing pyqtgraph takes about a quarter of a second; done on the GUI thread on the first
    visit to a chart view, it froze the window for that long.
    """
    global _charts_warming
    if _charts_warming or "pyqtgraph" in sys.modules:
        return
    _charts_warming = True
    QThreadPool.globalInstance().start(lambda: importlib.import_module("pyqtgraph"))


_charts_warming = False


class MessageView(QLabel):
    """A centred, wrapped message shown in place of a panel's content."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panelMessage")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMargin(40)


class Panel(QWidget):
    """Base class of the navigation views.

    Subclasses set :attr:`key` and :attr:`title`, build their content in :meth:`build_content`,
    return the loading function from :meth:`loader` and draw the result in :meth:`show_data`.

    Signals:
        loaded: the panel finished a refresh (content or message shown).
        database_changed: the panel itself changed the database (e.g. saved a scenario); the
            window rebuilds what it shows, this panel included.
    """

    key = "panel"
    title = "Panel"
    loaded = Signal()
    database_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db: Database | None = None
        self._stale = True
        self._runner = TaskRunner(self)
        self._extra_runner = TaskRunner(self)
        self._extra_done: Callable[[Any], None] = lambda data: None
        self._build_layout()
        self._connect_signals()
        warm_up_charts()

    # --- layout ------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        self._heading = QLabel(self.title)
        self._heading.setObjectName("panelHeading")
        self._busy = QLabel("Loading…")
        self._busy.setObjectName("panelBusy")
        self._busy.hide()
        self._stack = QStackedWidget()
        self._message = MessageView()
        self._content = self.build_content()
        self._stack.addWidget(self._content)
        self._stack.addWidget(self._message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self._heading)
        layout.addWidget(self._busy)
        layout.addWidget(self._stack, 1)

    def _connect_signals(self) -> None:
        self._runner.started.connect(self._busy.show)
        self._runner.idle.connect(self._busy.hide)
        self._runner.finished.connect(self._on_loaded)
        self._runner.failed.connect(self._on_failed)
        self._extra_runner.finished.connect(self._on_extra_loaded)
        self._extra_runner.failed.connect(self._on_failed)
        self.connect_content()

    # --- for subclasses ----------------------------------------------------------------------

    def build_content(self) -> QWidget:
        """The panel's own widgets (shown when data is available)."""
        return QWidget()

    def connect_content(self) -> None:
        """Connect the signals of the widgets made in :meth:`build_content`."""

    def loader(self, db: Database) -> Callable[[], Any] | None:
        """A Qt-free function returning what :meth:`show_data` draws (``None``: nothing to load).

        It runs on a worker thread: it must not touch widgets, only the values it closes over.
        """
        return None

    def show_data(self, data: Any) -> None:
        """Draw ``data`` (on the GUI thread)."""

    # --- refresh -----------------------------------------------------------------------------

    @property
    def database(self) -> Database | None:
        return self._db

    def set_database(self, db: Database | None) -> None:
        self._db = db
        self.mark_stale()

    def mark_stale(self) -> None:
        """The data changed: reload now if visible, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        if self._db is None:
            self.show_message("No database is open. Use File → Open database….")
            return
        load = self.loader(self._db)
        if load is None:
            self._runner.cancel()
            self.show_data(None)
            self.loaded.emit()
            return
        self._runner.start(lambda progress, cancel: load())

    def run_in_background(self, load: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Load something extra (e.g. a trend for a chosen PCN) without blocking the window.

        One extra load at a time: a new request cancels the previous one.
        """
        self._extra_done = done
        self._extra_runner.start(lambda progress, cancel: load())

    def _on_extra_loaded(self, data: Any) -> None:
        self._extra_done(data)
        self.loaded.emit()

    def show_message(self, text: str) -> None:
        self._message.setText(text)
        self._stack.setCurrentWidget(self._message)

    def is_showing_message(self) -> bool:
        return self._stack.currentWidget() is self._message

    def message_text(self) -> str:
        return self._message.text()

    def is_loading(self) -> bool:
        return self._runner.running or self._extra_runner.running

    def _on_loaded(self, data: Any) -> None:
        self._stack.setCurrentWidget(self._content)
        self.show_data(data)
        self.loaded.emit()

    def _on_failed(self, failure: TaskFailure) -> None:
        if isinstance(failure.error, DataNotReady):
            self.show_message(str(failure.error))
        else:
            self.show_message(
                f"Could not show {self.title}: {failure}\n\n"
                "Please report this with the details below.\n\n" + failure.traceback[-1500:]
            )
        self.loaded.emit()
