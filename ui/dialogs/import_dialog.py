"""The import dialog: one progress bar per file with Cancel, then what was loaded or rejected.

The dialog only shows: it is told the files, fed progress and finally the report by
:class:`ui.importer.Importer`, and it asks for cancellation through :attr:`cancel_requested`.
The results use the command line's words (``ImportOutcome.summary()``); a rejected file reads
as one sentence, its full reason (and any traceback) behind "Details", and a file no reader
recognises links to the list of publications the app reads (:attr:`help_requested`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.formatting import format_count
from ui.import_job import (
    FileState,
    ImportReport,
    file_position,
    is_unrecognised,
    rejection_sentence,
)

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
RESULT_COLUMNS = ["File", "Dataset", "Snapshot", "Rows kept / read", "Warnings", "Result"]
BAR_TEXT = {
    FileState.LOADED: "Loaded",
    FileState.PARTLY: "Partly loaded",
    FileState.REJECTED: "Rejected",
    FileState.CANCELLED: "Cancelled",
    FileState.NOT_STARTED: "Not imported",
}
FINISHED = (FileState.LOADED, FileState.PARTLY, FileState.REJECTED)
FILE_COLUMN_WIDTH = 320
#: The help pane's section listing the publications the app reads.
SOURCES_TOPIC = "sources"


class ImportDialog(QDialog):
    """Progress of an import batch, then its results.

    Signals:
        cancel_requested: the user pressed Cancel while the import ran.
        help_requested(topic): the user followed the link to the list of readable files.
    """

    cancel_requested = Signal()
    help_requested = Signal(str)

    def __init__(self, files: Sequence[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._files = list(files)
        self.setWindowTitle("Import files")
        self.setObjectName("importDialog")
        self.resize(860, 480)
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        self.message = QLabel(f"Importing {len(self._files):,} file(s)…")
        self.message.setWordWrap(True)
        rows = QWidget()
        grid = QGridLayout(rows)
        self.bars: list[QProgressBar] = []
        self.states: list[QLabel] = []
        for row, path in enumerate(self._files):
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setFormat("%p%")
            state = QLabel("Waiting")
            grid.addWidget(QLabel(path.name), row, 0)
            grid.addWidget(bar, row, 1)
            grid.addWidget(state, row, 2)
            self.bars.append(bar)
            self.states.append(state)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows)
        scroll.setMaximumHeight(40 + 34 * min(len(self._files), 6))
        self._files_area = scroll
        self.table = QTableWidget(0, len(RESULT_COLUMNS))
        self.table.setHorizontalHeaderLabels(RESULT_COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.horizontalHeader().setSectionResizeMode(
            len(RESULT_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.table.hide()
        self.sources_link = QLabel(
            f"<a href='help:{SOURCES_TOPIC}'>Which files does the app read?</a> "
            "(the list of supported publications)"
        )
        self.sources_link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.sources_link.hide()
        self.details_toggle = QToolButton()
        self.details_toggle.setText("Details")
        self.details_toggle.setCheckable(True)
        self.details_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.details_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_toggle.setAutoRaise(True)
        self.details_toggle.hide()
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Warnings and rejections appear here.")
        self.details.hide()
        self.buttons = QDialogButtonBox()
        self.cancel_button = QPushButton("Cancel")
        self.close_button = QPushButton("Close")
        self.close_button.setEnabled(False)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(scroll)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.sources_link)
        layout.addWidget(self.details_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.accept)
        self.details_toggle.toggled.connect(self._show_details)
        self.sources_link.linkActivated.connect(
            lambda link: self.help_requested.emit(SOURCES_TOPIC)
        )

    # --- fed by the importer -----------------------------------------------------------------

    def set_progress(self, fraction: float, message: str) -> None:
        index, file_fraction = file_position(fraction, len(self._files))
        for row, bar in enumerate(self.bars):
            if row < index:
                bar.setValue(1000)
                if self.states[row].text() in ("Waiting", "Importing…"):
                    self.states[row].setText("Done")
            elif row == index:
                bar.setValue(int(file_fraction * 1000))
                self.states[row].setText("Importing…")
        self.message.setText(message)

    def show_report(self, report: ImportReport) -> None:
        for row, result in enumerate(report.files):
            state = result.state
            self.states[row].setText(state.value)
            bar = self.bars[row]
            # The bar says how the file ended; style.qss colours it by this property.
            bar.setProperty("importState", state.name.lower())
            bar.setFormat(BAR_TEXT[state])
            bar.setValue(bar.maximum() if state in FINISHED else 0)
            bar.style().unpolish(bar)
            bar.style().polish(bar)
        loaded, rejected = len(report.loaded), len(report.rejected)
        text = f"{loaded:,} data file(s) loaded, {rejected:,} rejected."
        if report.cancelled:
            text = "Import cancelled. " + text
        self.message.setText(text)
        # The results matter more than the finished bars now: give the table the room.
        self._files_area.setMaximumHeight(40 + 34 * min(len(self._files), 3))
        if len(report.outcomes) > 3:
            self.resize(max(self.width(), 1100), max(self.height(), 640))
        self._fill_table(report)
        crashes = [f"{f.name}:\n{f.crash}" for f in report.files if f.crash]
        self.details.setPlainText("\n".join([*report.summary_lines(), *crashes]))
        self.details_toggle.setVisible(bool(report.outcomes) or report.cancelled)
        # Loaded files' warnings are worth a glance; a rejection's sentence says enough first.
        self.details_toggle.setChecked(bool(report.loaded) and not report.rejected)
        self._show_details(self.details_toggle.isChecked())
        self.sources_link.setVisible(any(is_unrecognised(o) for o in report.rejected))
        self._finish()

    def show_failure(self, text: str, details: str = "") -> None:
        """The batch itself failed: every file still open says it was stopped."""
        self.message.setText(f"The import stopped with an unexpected error: {text}")
        for state in self.states:
            if state.text() in ("Waiting", "Importing…"):
                state.setText("Stopped (nothing from this file was kept)")
        if details:
            self.details.setPlainText(details)
            self.details_toggle.show()
        self._finish()

    def _show_details(self, shown: bool) -> None:
        self.details_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.details.setVisible(shown)

    # --- internals ---------------------------------------------------------------------------

    def reject(self) -> None:
        # Escape or the window's close button while importing means Cancel, not "hide it".
        if not self.close_button.isEnabled():
            if self.cancel_button.isEnabled():
                self._cancel()
            return
        super().reject()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.message.setText("Cancelling… (the file being read is rolled back)")
        self.cancel_requested.emit()

    def _finish(self) -> None:
        self.cancel_button.hide()
        self.close_button.setEnabled(True)
        self.close_button.setDefault(True)

    def _fill_table(self, report: ImportReport) -> None:
        outcomes = report.outcomes
        self.table.clearSpans()
        self.table.setRowCount(len(outcomes))
        rejections: list[tuple[int, str]] = []
        for row, outcome in enumerate(outcomes):
            if outcome.ok:
                result = "Loaded"
                if outcome.replaced_previous:
                    result += " (replaced the earlier import of this snapshot)"
                cells = [
                    _two_line_name(outcome.file),
                    outcome.title or outcome.dataset or "",
                    outcome.snapshot or "",
                    f"{format_count(outcome.rows_kept)} / {format_count(outcome.rows_read)}",
                    format_count(outcome.warning_count),
                    result,
                ]
                self._set_row(row, cells, outcome.summary())
            else:
                sentence = f"Rejected: {rejection_sentence(outcome)}"
                self._set_row(row, [_two_line_name(outcome.file)], f"rejected: {outcome.error}")
                rejections.append((row, sentence, f"rejected: {outcome.error}"))
        # Size the columns by the loaded files, then let each rejection span the columns a
        # loaded file would fill: the reason is long and needs the room.
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.resizeSection(0, min(header.sectionSize(0), FILE_COLUMN_WIDTH))
        header.setSectionResizeMode(len(RESULT_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        for row, text, full in rejections:
            self.table.setSpan(row, 1, 1, len(RESULT_COLUMNS) - 1)
            item = QTableWidgetItem(text)
            item.setToolTip(full)
            self.table.setItem(row, 1, item)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(outcomes))

    def _set_row(self, row: int, cells: list[str], tooltip: str) -> None:
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tooltip)
            if column in (3, 4):
                item.setTextAlignment(_RIGHT)
            self.table.setItem(row, column, item)

    def result_rows(self) -> list[list[str]]:
        """The result table as text (what the user reads)."""
        return [
            [
                item.text() if (item := self.table.item(r, c)) is not None else ""
                for c in range(self.table.columnCount())
            ]
            for r in range(self.table.rowCount())
        ]


def _two_line_name(name: str) -> str:
    """'archive.zip › inner.csv' on two lines, so neither name is cut in a narrow column."""
    return name.replace(" › ", "\n› ")
