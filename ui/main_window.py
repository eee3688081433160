"""The main window: navigation, the views, menus, banners and the status bar.

One refresh path: whenever the database changes (an import, another database opened) the window
emits :attr:`MainWindow.data_changed`; that reloads the status bar and banners and marks every
view stale, and each view reloads itself when it is visible. Views are created on first visit.

Unsaved scenario edits are never dropped silently: the title shows ``*`` while there are some,
and opening another database or quitting first asks Save / Discard / Cancel (the Scenario view
asks the same before showing another scenario). Edit → Undo / Redo step through those edits.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bcprimary.db import Database, open_database
from bcprimary.db.status import database_status
from ui.area_picker import install_area_picker
from ui.banners import sample_data_banner, synthetic_data_banner
from ui.dialogs.about import show_about
from ui.exporter import PlanExporter
from ui.help_pane import HelpPane
from ui.importer import Importer
from ui.panels import PANELS
from ui.panels.base import Panel
from ui.sample_loader import SampleLoader
from ui.settings import AppSettings
from ui.status_text import data_dates_text
from ui.workers import TaskRunner

APP_TITLE = "BC Primary Care Planner"
IMPORT_FILTER = "Data files (*.csv *.xlsx *.xlsm *.zip);;All files (*)"
DATABASE_FILTER = "BC Primary Care database (*.sqlite *.db);;All files (*)"


class MainWindow(QMainWindow):
    """The application window over one open database.

    Signals:
        data_changed: the database content changed; everything shown is rebuilt.
        status_shown(dict): the status bar and banners show this ``database_status``.
    """

    data_changed = Signal()
    status_shown = Signal(dict)

    def __init__(self, db: Database, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._settings = settings
        self._panels: dict[str, Panel] = {}
        self._status_runner = TaskRunner(self)
        self.undo_group = QUndoGroup(self)
        self.importer = Importer(db, self)
        self.exporter = PlanExporter(db, self)
        self.sample_loader = SampleLoader(db, self.importer, self)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self._build_actions()
        self._build_menus()
        self._build_layout()
        self._connect_signals()
        self.area_picker = install_area_picker(self, self._settings)  # scopes every view
        self._restore_window()
        self._settings.add_recent_database(db.display_name())
        self._show_database_name()
        self.data_changed.emit()

    # --- construction ------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.new_database_action = QAction(
            "&New database…", self, shortcut=QKeySequence.StandardKey.New
        )
        self.open_database_action = QAction(
            "&Open database…", self, shortcut=QKeySequence.StandardKey.Open
        )
        self.import_action = QAction("&Import files…", self, shortcut="Ctrl+I")
        self.sample_action = QAction("Load &sample data", self)
        self.export_action = QAction("&Export plan…", self, shortcut="Ctrl+E")
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        self.about_action = QAction("&About", self)
        self.help_action = QAction(
            "&Help: figures, method and files", self, shortcut=QKeySequence.StandardKey.HelpContents
        )
        self.sources_action = QAction("&Which files the app reads", self)
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.new_database_action)
        file_menu.addAction(self.open_database_action)
        self.recent_menu = QMenu("&Recent databases", self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.sample_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.sources_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_layout(self) -> None:
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(190)
        self.stack = QStackedWidget()
        for spec in PANELS:
            self.navigation.addItem(spec.title)
            self.stack.addWidget(QWidget())  # replaced by the panel on its first visit
        self.sample_banner = sample_data_banner()
        self.synthetic_banner = synthetic_data_banner()
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.synthetic_banner)
        right.addWidget(self.sample_banner)
        right.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)
        self.help_pane = HelpPane(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.help_pane)
        self.help_pane.hide()
        self.database_label = QLabel()
        self.dates_label = QLabel()
        self.statusBar().addWidget(self.dates_label, 1)
        self.statusBar().addPermanentWidget(self.database_label)
        self._default_size()

    def _default_size(self) -> None:
        """1280 × 820, or less on a small screen (restored geometry overrides it)."""
        screen = self.screen().availableGeometry()
        self.resize(min(1280, int(screen.width() * 0.92)), min(820, int(screen.height() * 0.9)))

    def _connect_signals(self) -> None:
        self.new_database_action.triggered.connect(self._choose_new_database)
        self.open_database_action.triggered.connect(self._choose_database)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.import_action.triggered.connect(self._choose_import_files)
        self.sample_action.triggered.connect(self.load_sample_data)
        self.export_action.triggered.connect(lambda: self._choose_export())
        self.exporter.finished.connect(self._exported)
        self.exporter.failed.connect(lambda text: QMessageBox.warning(self, APP_TITLE, text))
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(self._show_about)
        self.help_action.triggered.connect(lambda: self.help_pane.show_topic())
        self.sources_action.triggered.connect(lambda: self.help_pane.show_topic("sources"))
        self.importer.started.connect(
            lambda dialog: dialog.help_requested.connect(self.help_pane.show_topic)
        )
        self.navigation.currentRowChanged.connect(self._navigate)
        self.sample_banner.action_clicked.connect(self.load_sample_data)
        self.sample_banner.dismissed.connect(self._settings.set_sample_offer_dismissed)
        self.importer.data_changed.connect(self.data_changed)
        self.sample_loader.data_changed.connect(self.data_changed)
        self.sample_loader.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.data_changed.connect(self._refresh)
        self._status_runner.finished.connect(self._show_status)

    def _restore_window(self) -> None:
        if (geometry := self._settings.window_geometry()) is not None:
            self.restoreGeometry(geometry)
        if (state := self._settings.window_state()) is not None:
            self.restoreState(state)
        keys = [spec.key for spec in PANELS]
        last = self._settings.last_view()
        self.navigation.setCurrentRow(keys.index(last) if last in keys else 0)

    # --- views -------------------------------------------------------------------------------

    @property
    def database(self) -> Database:
        return self._db

    def current_view(self) -> str:
        return PANELS[max(self.navigation.currentRow(), 0)].key

    def show_view(self, key: str) -> Panel:
        self.navigation.setCurrentRow([spec.key for spec in PANELS].index(key))
        return self.panel(key)

    def panel(self, key: str) -> Panel:
        """The view ``key``, created (and its module imported) on first use."""
        if key not in self._panels:
            index = [spec.key for spec in PANELS].index(key)
            spec = PANELS[index]
            panel_class = getattr(importlib.import_module(spec.module), spec.class_name)
            panel = panel_class()
            panel.set_database(self._db)
            panel.database_changed.connect(self.data_changed)
            if key == "results":
                panel.export_requested.connect(self._choose_export)
            if key == "scenario":
                self.undo_group.addStack(panel.history.stack)
                self.undo_group.setActiveStack(panel.history.stack)
                panel.modified_changed.connect(self.setWindowModified)
                panel.solved.connect(self._follow_solve)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, panel)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._panels[key] = panel
        return self._panels[key]

    def _follow_solve(self, name: str) -> None:
        """Results shows the scenario just solved (created now if never visited)."""
        self.panel("results").show_scenario(name)

    def confirm_unsaved(self, leaving: str) -> bool:
        """Ask Save / Discard / Cancel if the scenario shown has unsaved edits; False: Cancel."""
        scenario = self._panels.get("scenario")
        return scenario is None or scenario.confirm_leave(leaving)

    def discard_unsaved(self) -> None:
        """Drop unsaved scenario edits without asking (closing in scripts and tests)."""
        if (scenario := self._panels.get("scenario")) is not None:
            scenario.history.revert()

    def _navigate(self, row: int) -> None:
        if row < 0:
            return
        key = PANELS[row].key
        self.stack.setCurrentWidget(self.panel(key))
        self._settings.set_last_view(key)

    # --- the refresh path --------------------------------------------------------------------

    def _refresh(self) -> None:
        db = self._db
        self._status_runner.start(lambda progress, cancel: database_status(db))
        for panel in self._panels.values():
            panel.mark_stale()

    def _show_status(self, status: dict) -> None:
        self.dates_label.setText(data_dates_text(status))
        self.dates_label.setToolTip(data_dates_text(status).replace(" · ", "\n"))
        empty = not status["snapshots"]
        offer = empty and not self._settings.sample_offer_dismissed() and not self.importer.running
        self.sample_banner.setVisible(offer)
        self.synthetic_banner.setVisible(bool(status.get("synthetic_inputs")))
        self.status_shown.emit(status)

    def _show_database_name(self) -> None:
        name = self._db.display_name()
        self.database_label.setText(f"Database: {name}")
        self.database_label.setToolTip(name)
        # "[*]" becomes "*" while the scenario shown has unsaved edits (setWindowModified).
        self.setWindowTitle(f"{APP_TITLE} — {Path(name).name if self._db.path else name}[*]")

    # --- databases ---------------------------------------------------------------------------

    def set_database(self, db: Database) -> None:
        """Show ``db`` instead of the current database."""
        old, self._db = self._db, db
        self.importer.set_database(db)
        self.exporter.set_database(db)
        self.sample_loader.set_database(db)
        for panel in self._panels.values():
            panel.set_database(db)
        self._settings.add_recent_database(db.display_name())
        self._show_database_name()
        self.data_changed.emit()
        if old is not db:
            old.dispose()

    def open_database_target(self, target: str) -> bool:
        """Open a database file or URL and show it; explain and return False if that fails."""
        if self.importer.running:
            QMessageBox.information(self, APP_TITLE, "Wait for the import to finish first.")
            return False
        if not self.confirm_unsaved("opening another database"):
            return False
        try:
            db = open_database(target)
        except Exception as exc:  # any failure is explained to the user
            QMessageBox.warning(self, APP_TITLE, f"Could not open the database {target}:\n\n{exc}")
            self._settings.remove_recent_database(target)
            return False
        self.set_database(db)
        return True

    def _choose_new_database(self) -> None:
        if not self.confirm_unsaved("starting a new database"):
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "New database", self._settings.last_folder(), DATABASE_FILTER
        )
        if path:
            path = path if Path(path).suffix else f"{path}.sqlite"
            self._settings.set_last_folder(Path(path).parent)
            self.open_database_target(path)

    def _choose_database(self) -> None:
        if not self.confirm_unsaved("opening another database"):
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Open database", self._settings.last_folder(), DATABASE_FILTER
        )
        if path:
            self._settings.set_last_folder(Path(path).parent)
            self.open_database_target(path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for target in self._settings.recent_databases():
            action = self.recent_menu.addAction(target)
            action.triggered.connect(lambda _checked=False, t=target: self.open_database_target(t))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    # --- importing ---------------------------------------------------------------------------

    def import_files(self, paths: Sequence[str | Path]) -> bool:
        """Import ``paths`` with the progress dialog (File → Import, drops, sample data)."""
        if self.importer.running:
            self.statusBar().showMessage("An import is already running.", 5000)
            return False
        self.sample_banner.hide()
        return self.importer.start(paths)

    def load_sample_data(self) -> None:
        """Import the sample data, then solve a first scenario (see :mod:`ui.sample_loader`)."""
        if self.importer.running:
            self.statusBar().showMessage("An import is already running.", 5000)
            return
        self.sample_banner.hide()
        if not self.sample_loader.start():
            QMessageBox.information(
                self, APP_TITLE, "This build of the app has no sample data files."
            )

    def _choose_import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import files", self._settings.last_folder(), IMPORT_FILTER
        )
        if paths:
            self._settings.set_last_folder(Path(paths[0]).parent)
            self.import_files(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_files(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_files(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    # --- help and closing --------------------------------------------------------------------

    def _show_about(self) -> None:
        show_about(self, APP_TITLE, self._db.display_name())

    # --- exporting ---------------------------------------------------------------------------

    def export_plan(self, scenario: str, out: Path) -> None:
        """Write ``scenario``'s Excel plan workbook to ``out`` in the background."""
        if self.exporter.running:
            self.statusBar().showMessage("An export is already running.", 5000)
            return
        self.exporter.start(scenario, out)

    def _choose_export(self, scenario: str | None = None) -> None:
        """Ask which scenario (unless given) and where, then export its plan."""
        from ui.dialogs import export_target
        from ui.plan_gateway import solved_scenario_names

        names = solved_scenario_names(self._db)
        if not names:
            QMessageBox.information(self, APP_TITLE, "Solve a scenario first (Scenario view).")
            return
        if scenario not in names:
            results = self._panels.get("results")
            shown = results.current_name() if results is not None else None
            scenario = export_target.ask_scenario(self, names, shown)
        path = scenario and export_target.ask_workbook_path(
            self, scenario, self._settings.last_folder()
        )
        if path:
            self._settings.set_last_folder(path.parent)
            self.export_plan(scenario, path)

    def _exported(self, path: Path) -> None:
        self.statusBar().showMessage(f"Wrote {path}", 15000)

    def save_window(self) -> None:
        self._settings.save_window(QByteArray(self.saveGeometry()), QByteArray(self.saveState()))
        self._settings.set_last_view(self.current_view())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_unsaved("quitting"):
            event.ignore()
            return
        self.save_window()
        self.importer.cancel()
        self.exporter.cancel()
        self.sample_loader.cancel()
        self._status_runner.cancel()
        super().closeEvent(event)


def _local_files(urls: list[QUrl]) -> list[Path]:
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
