"""Overview: headline figures of the loaded area and the dates of every dataset behind them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bcprimary import glossary
from bcprimary.analysis.data_in_use import describe_snapshot
from ui.analysis_gateway import OverviewData, load_overview, set_view_options, view_options
from ui.formatting import (
    format_count,
    format_decimal,
    format_percent,
)
from ui.kpi_tiles import KpiTile
from ui.panels.base import Panel
from ui.status_text import dataset_title

if TYPE_CHECKING:
    from bcprimary.db import Database

#: Area summary key → (tile label, formatter). Order is the order of the tiles.
AREA_TILES: list[tuple[str, str, Callable[[object], str]]] = [
    ("registered_patients", glossary.label("registered_patients"), format_count),
    ("weighted_patients", glossary.label("weighted_patients"), format_count),
    ("practices", glossary.label("practices"), format_count),
    ("pcns", glossary.label("pcns"), format_count),
    ("places", glossary.label("places"), format_count),
    ("appointments_per_month", glossary.label("appointments_per_month"), format_count),
    (
        "appointments_per_1000_weighted",
        glossary.label("appointments_per_1000_weighted"),
        format_decimal,
    ),
    ("target_rate", glossary.header("target_rate"), format_decimal),
    ("access_gap", glossary.header("access_gap"), format_count),
    ("gp_share", glossary.label("gp_share"), format_percent),
    ("dna_rate", glossary.label("dna_rate"), format_percent),
    ("sii", glossary.label("sii"), format_decimal),
]


#: Tiles that mean nothing without appointment data (the core reports 0 for them then).
NEEDS_APPOINTMENTS = {
    "appointments_per_month",
    "appointments_per_1000_weighted",
    "target_rate",
    "access_gap",
    "gp_share",
    "dna_rate",
    "sii",
}


class OverviewPanel(Panel):
    key = "overview"
    title = "Overview"

    def build_content(self) -> QWidget:
        content = QWidget()
        self._tiles: dict[str, KpiTile] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for position, (key, label, _format) in enumerate(AREA_TILES):
            tile = KpiTile(label)
            self._tiles[key] = tile
            grid.addWidget(tile, position // 4, position % 4)
        self._note = QLabel()
        self._note.setObjectName("overviewNote")
        self._note.setWordWrap(True)
        self._mixed = QLabel()
        self._mixed.setObjectName("mixedYears")
        self._mixed.setWordWrap(True)
        self._mixed.hide()
        in_use_heading = QLabel("Data in use")
        in_use_heading.setObjectName("sectionHeading")
        self._in_use = QGridLayout()
        self._in_use.setHorizontalSpacing(12)
        self.snapshot_boxes: dict[str, QComboBox] = {}
        dates_heading = QLabel("Data loaded")
        dates_heading.setObjectName("sectionHeading")
        self._dates = QTableWidget(0, 6)
        self._dates.setHorizontalHeaderLabels(
            ["Dataset", "Snapshot", "Rows kept", "Warnings", "File", "Imported"]
        )
        self._dates.verticalHeader().hide()
        self._dates.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._dates.setAlternatingRowColors(True)
        # One line per file: a long name (a ZIP › its CSV) is shortened in the middle.
        self._dates.setWordWrap(False)
        self._dates.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._dates.horizontalHeader().setStretchLastSection(True)
        self._data: OverviewData | None = None
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self._note)
        layout.addWidget(self._mixed)
        layout.addWidget(in_use_heading)
        layout.addLayout(self._in_use)
        layout.addWidget(dates_heading)
        layout.addWidget(self._dates, 1)
        return content

    def loader(self, db: Database) -> Callable[[], OverviewData]:
        return lambda: load_overview(db)

    def show_data(self, data: OverviewData) -> None:
        self._data = data
        self._show_tiles(data)
        self._show_in_use(data)
        self._show_dates(data.status)

    def _show_in_use(self, data: OverviewData) -> None:
        """One row per dataset: the snapshot in use, a picker where several are loaded."""
        while self._in_use.count():
            item = self._in_use.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.snapshot_boxes = {}
        for row, dataset in enumerate(data.in_use):
            self._in_use.addWidget(QLabel(dataset.title), row, 0)
            if dataset.option is not None and len(dataset.loaded) > 1:
                box = QComboBox()
                for value in dataset.loaded:
                    box.addItem(describe_snapshot(value), value)
                box.setCurrentIndex(
                    max(box.findData(dataset.in_use[0]), 0) if dataset.in_use else 0
                )
                box.setToolTip(f"{len(dataset.loaded)} loaded: choose the one the figures use")
                box.activated.connect(
                    lambda i, field=dataset.option, values=dataset.loaded: self._choose(
                        field, values[i]
                    )
                )
                self.snapshot_boxes[dataset.dataset] = box
                self._in_use.addWidget(box, row, 1)
            else:
                self._in_use.addWidget(QLabel(_in_use_text(dataset)), row, 1)
            loaded = len(dataset.loaded)
            extra = f"{loaded} loaded" if loaded > 1 else "the only one loaded"
            self._in_use.addWidget(QLabel(extra), row, 2)
        self._in_use.setColumnStretch(2, 1)
        if data.mixed_years:
            self._mixed.setText("Mixed data years: " + " ".join(data.mixed_years))
            self._mixed.show()
        else:
            self._mixed.hide()

    def mixed_years_text(self) -> str:
        return self._mixed.text() if not self._mixed.isHidden() else ""

    def choose_snapshot(self, dataset: str, value: object) -> None:
        """Use ``value`` (a date, year or edition) of ``dataset`` for every view."""
        info = next(d for d in self._last_in_use if d.dataset == dataset)
        self.snapshot_boxes[dataset].setCurrentIndex(info.loaded.index(value))
        self._choose(info.option, value)

    def _choose(self, field: str, value: object) -> None:
        db = self.database
        if db is None:
            return
        set_view_options(db, replace(view_options(db), **{field: value}))
        self.database_changed.emit()  # every view rebuilds from the new choice

    @property
    def _last_in_use(self) -> list:
        return self._data.in_use if self._data is not None else []

    def tile_text(self, key: str) -> str:
        return self._tiles[key].value_label.text()

    def _show_tiles(self, data: OverviewData) -> None:
        definitions = data.definitions
        area = data.area or {}
        organisations = data.status["organisations"]
        has_appointments = bool((area.get("snapshots") or {}).get("appointment_months"))
        for key, _label, formatter in AREA_TILES:
            value = area.get(key, organisations.get(key))
            if (key in NEEDS_APPOINTMENTS and not has_appointments) or not data.status["snapshots"]:
                value = None  # nothing loaded: a dash, not a misleading 0
            self._tiles[key].set_value(formatter(value), definitions.get(key, ""))
        notes = []
        if data.area_message:
            notes.append(data.area_message)
        if area:
            snapshots = area.get("snapshots") or {}
            notes.append(
                "Figures use: registered patients "
                f"{snapshots.get('registered_patients') or 'not loaded'}; "
                f"weighted list {snapshots.get('weighted_list_year') or 'not loaded'}; "
                f"{area.get('imd_edition') or 'no IMD edition loaded'}; appointments "
                f"{snapshots.get('appointment_window') or 'not loaded'}."
            )
        if not data.status["snapshots"]:
            notes.append("No data loaded yet: use File → Import files… or Load sample data.")
        self._note.setText("\n".join(notes))

    def _show_dates(self, status: dict) -> None:
        snapshots = status["snapshots"]
        self._dates.setSortingEnabled(False)
        self._dates.setRowCount(len(snapshots))
        for row, snap in enumerate(snapshots):
            dataset = dataset_title(snap["dataset"])
            if snap["synthetic"]:
                dataset += " (SYNTHETIC)"
            cells = [
                dataset,
                snap["snapshot"],
                format_count(snap["rows_kept"]),
                format_count(snap["warnings"]),
                snap["file"],
                snap["imported_at"].replace("T", " "),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setToolTip(str(text) if column == 4 else "")
                if column in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self._dates.setItem(row, column, item)
        self._dates.resizeColumnsToContents()
        # Long file names (a ZIP › its CSV) must not push the import date out of sight.
        self._dates.setColumnWidth(4, min(self._dates.columnWidth(4), 360))


def _in_use_text(dataset: object) -> str:
    used = dataset.in_use
    if not used:
        return "not in use"
    if dataset.dataset == "appointments":
        months = sorted(used)
        span = describe_snapshot(months[0])
        if len(months) > 1:
            span += f" – {describe_snapshot(months[-1])}"
        return f"{span} ({len(months)} of {len(dataset.loaded)} months)"
    return describe_snapshot(used[0])
