"""The area picker: England, a region, an ICB, a sub-ICB location or a place for every view.

The picker sets the scope of :func:`ui.analysis_gateway.view_options`, which every view and
every new scenario reads, and the window then rebuilds what it shows through its one refresh
path (``data_changed``). The choice is remembered per database (keyed by its URL). A database
with one ICB opens on that ICB; a national one opens on the area chosen last, or asks once with
a small chooser (England meanwhile).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bcprimary.analysis.areas import (
    ENGLAND,
    Area,
    default_area,
    find_area,
    icbs_of,
    list_areas,
)
from ui.analysis_gateway import set_view_options, view_options

if TYPE_CHECKING:
    from bcprimary.db import Database
    from ui.settings import AppSettings

#: How far each kind of area is indented under the one it sits in.
_INDENT = {"england": 0, "region": 0, "icb": 0, "place": 1, "sub_icb": 1}


def _settings_key(db: Database) -> str:
    return "areas/" + hashlib.sha1(db.url.encode()).hexdigest()[:16]


class AreaPicker(QWidget):
    """A labelled combo box of the loaded areas.

    Signals:
        area_changed(Area): the user (or a remembered choice) picked another area.
        choice_needed(list): the database has several ICBs and no remembered choice.
    """

    area_changed = Signal(object)
    choice_needed = Signal(list)

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._db: Database | None = None
        self._areas: list[Area] = [ENGLAND]
        self._area: Area = ENGLAND
        self.chooser: AreaChooser | None = None
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        self.combo = QComboBox()
        self.combo.setObjectName("areaPicker")
        self.combo.setMinimumContentsLength(42)
        self.combo.setMaxVisibleItems(25)
        self.combo.setToolTip(
            "The area every view, table, chart and new scenario covers. Regions, ICBs and "
            "sub-ICB locations come from the loaded files; places from the PCN→place map."
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        label = QLabel("Area:")
        label.setBuddy(self.combo)
        layout.addWidget(label)
        layout.addWidget(self.combo, 1)

    def _connect_signals(self) -> None:
        self.combo.activated.connect(self._picked)
        self.choice_needed.connect(self._ask)

    # --- state -------------------------------------------------------------------------------

    def current_area(self) -> Area:
        return self._area

    def areas(self) -> list[Area]:
        return list(self._areas)

    def follow(self, db: Database) -> None:
        """Show ``db``'s areas; on another database, open on its remembered or default area."""
        if db is not self._db:
            self._db = db
            self._list(db)
            remembered = find_area(self._areas, self._remembered(db))
            chosen = remembered or default_area(self._areas)
            self._set(chosen or ENGLAND, remember=chosen is not None)
            if chosen is None:
                self.choice_needed.emit(icbs_of(self._areas))
        else:
            self._list(db)  # new files may bring new areas; the choice stays
            self._show_current()

    def choose(self, key: str) -> bool:
        """Pick the area with :attr:`Area.key` ``key``; False if it is not loaded."""
        area = find_area(self._areas, key)
        if area is None:
            return False
        self._set(area, remember=True)
        return True

    # --- internals ---------------------------------------------------------------------------

    def _list(self, db: Database) -> None:
        with db.session() as session:
            self._areas = list_areas(session)
        self.combo.blockSignals(True)
        self.combo.clear()
        for area in self._areas:
            self.combo.addItem("    " * _INDENT[area.kind] + area.label(), area.key)
        self.combo.blockSignals(False)

    def _show_current(self) -> None:
        index = self.combo.findData(self._area.key)
        self.combo.setCurrentIndex(max(index, 0))

    def _set(self, area: Area, *, remember: bool) -> None:
        changed = area != self._area or self._db is None
        self._area = area
        self._show_current()
        if self._db is not None:
            set_view_options(self._db, area.apply(view_options(self._db)))
            if remember:
                self._settings.store.setValue(_settings_key(self._db), area.key)
        if changed or remember:
            self.area_changed.emit(area)

    def _remembered(self, db: Database) -> str | None:
        value = self._settings.store.value(_settings_key(db))
        return str(value) if value else None

    def _picked(self, index: int) -> None:
        key = self.combo.itemData(index)
        if key is not None and key != self._area.key:
            self.choose(str(key))

    def _ask(self, icbs: list[Area]) -> None:
        if self.chooser is not None:
            self.chooser.close()
        self.chooser = AreaChooser(icbs, self.window())
        self.chooser.chosen.connect(self.choose)
        self.chooser.open()


class AreaChooser(QDialog):
    """'Which area?': the ICBs of a national database, with a filter, or England.

    Signals:
        chosen(str): the key of the chosen area.
    """

    chosen = Signal(str)

    def __init__(self, icbs: list[Area], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose an area")
        self.setObjectName("areaChooser")
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Type part of an ICB name or code…")
        self.list = QListWidget()
        for area in icbs:
            item = QListWidgetItem(area.label())
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.england_button = QPushButton("Whole of England")
        buttons.addButton(self.england_button, QDialogButtonBox.ButtonRole.RejectRole)
        note = QLabel(
            f"This database holds {len(icbs)} ICBs. Choose the one to look at first; the "
            "area picker above the views changes it at any time."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(460, 420)
        self.filter_box.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons.accepted.connect(self.accept)
        self.england_button.clicked.connect(self.reject)

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(needle not in item.text().casefold())

    def choose(self, key: str) -> None:
        """Choose the area ``key`` and close (what a double-click does)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.list.setCurrentRow(row)
        self.accept()

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self.chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))
        super().accept()

    def reject(self) -> None:
        self.chosen.emit(ENGLAND.key)
        super().reject()


def install_area_picker(window: QMainWindow, settings: AppSettings) -> AreaPicker:
    """Put an area picker above ``window``'s views (a ``ui.main_window.MainWindow``) and wire
    it into the refresh path.

    Also lets a chart open the practices of a PCN (``Panel.practices_requested``).
    """
    picker = AreaPicker(settings, window)
    toolbar = QToolBar("Area", window)
    toolbar.setObjectName("areaToolbar")
    toolbar.setMovable(False)
    toolbar.addWidget(picker)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    picker.follow(window.database)
    window.data_changed.connect(lambda: picker.follow(window.database))
    picker.area_changed.connect(lambda _area: window.data_changed.emit())
    window.stack.currentChanged.connect(lambda _index: _connect_panels(window))
    _connect_panels(window)
    return picker


def _connect_panels(window: QMainWindow) -> None:
    """Connect each view that can ask for a PCN's practices, once."""
    for index in range(window.stack.count()):
        panel = window.stack.widget(index)
        signal = getattr(panel, "practices_requested", None)
        if signal is not None and not panel.property("practicesConnected"):
            panel.setProperty("practicesConnected", True)
            signal.connect(lambda code, w=window: w.show_view("practices").show_pcn(code))
