"""Overview: headline figures of the loaded area and the dates of every dataset behind them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bcprimary import glossary
from ui.analysis_gateway import OverviewData, load_overview
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
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self._note)
        layout.addWidget(dates_heading)
        layout.addWidget(self._dates, 1)
        return content

    def loader(self, db: Database) -> Callable[[], OverviewData]:
        return lambda: load_overview(db)

    def show_data(self, data: OverviewData) -> None:
        self._show_tiles(data)
        self._show_dates(data.status)

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
