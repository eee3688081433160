"""Results: the solved plan of a scenario — headline figures, the allocation heat table, access
before and after, equity, the plan beside its baselines, and the budget frontier.

The view reads the stored plan (``ui.plan_gateway.load_results``) with its stored frontier; a
frontier is computed on request by :class:`~ui.panels.frontier_view.FrontierView` and stored
with the plan. "Export to Excel…" asks the window to write the plan workbook of the scenario
shown (with its frontier, when one was computed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bcprimary import glossary
from bcprimary.db import Database
from ui import plots
from ui.analysis_gateway import ColumnInfo
from ui.demand_gateway import caveats, funded_signals, funded_signals_text
from ui.formatting import NumberFormat, format_count, format_decimal, format_gbp, format_percent
from ui.kpi_tiles import KpiStrip
from ui.models import DataFrameModel
from ui.panels import result_charts as charts
from ui.panels.base import Panel
from ui.panels.frontier_view import FrontierView
from ui.plan_gateway import ResultsData, baseline_table, load_results
from ui.table_view import FrameTable

if TYPE_CHECKING:
    pass

#: Columns of the "PCNs before / after" table, in order.
PCN_COLUMNS = [
    "pcn_code",
    "pcn_name",
    "place",
    "imd_quintile",
    "rate_per_1000_weighted_before",
    "rate_per_1000_weighted_after",
    "appointments_added",
    "role_wte_added",
    "gap_before",
    "gap_after",
    "cost_gbp",
    "entitlement_headroom_gbp",
]
#: Headline tiles: key → the glossary code of the figure (its label captions the tile and its
#: definition is the tooltip).
TILES = {
    "cost": "cost_gbp",
    "wte": "wte_added",
    "added": "appointments_added",
    "gap": "gap_after",
    "weighted": "share_weighted_gap_remaining",
    "sii": "sii_after",
}


def _money_or_number(column: str) -> NumberFormat:
    if column.endswith("_gbp"):
        return NumberFormat.GBP
    if column in {"imd_quintile", "imd_decile", "pcn_code", "pcn_name", "place"}:
        return NumberFormat.TEXT
    return NumberFormat.DECIMAL


def _two_lines(name: str) -> str:
    """A long role name broken at the space nearest its middle, for a narrow column header."""
    words = name.split()
    if len(name) <= 14 or len(words) < 2:
        return name
    best = min(
        range(1, len(words)),
        key=lambda n: abs(len(" ".join(words[:n])) - len(" ".join(words[n:]))),
    )
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


class ResultsPanel(Panel):
    """The stored plan of one scenario.

    Signals:
        export_requested(name): the user asked to export this scenario's plan workbook.
    """

    key = "results"
    title = "Results"
    export_requested = Signal(str)

    def build_content(self) -> QWidget:
        plots.configure_pyqtgraph()
        self._wanted: str | None = None
        self.data: ResultsData | None = None
        self.chooser = QComboBox()
        self.chooser.setMinimumContentsLength(24)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.export_button = QPushButton("Export to Excel…")
        self.export_button.setToolTip("Write this plan as an Excel workbook (File → Export plan).")
        top = QHBoxLayout()
        top.addWidget(QLabel("Scenario:"))
        top.addWidget(self.chooser)
        top.addWidget(self.status, 1)
        top.addWidget(self.export_button)
        self.kpis = KpiStrip({key: glossary.label(code) for key, code in TILES.items()})
        self.kpis.setStyleSheet("QLabel#kpiValue { font-size: 14pt; }")
        self.demand_note = QLabel()
        self.demand_note.setObjectName("chartNote")
        self.demand_note.setWordWrap(True)
        self.demand_note.setToolTip(caveats())
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        # The summary is the command line's report: aligned columns need a fixed-width font.
        self.summary.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.summary.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.allocation_table = FrameTable(model=DataFrameModel(heat_columns=frozenset()))
        self.pcn_table = FrameTable()
        tables = QTabWidget()
        tables.addTab(self.allocation_table, "Allocation (WTE, PCN × role)")
        tables.addTab(self.pcn_table, "PCNs before / after")
        tables.addTab(self.summary, "Report")
        self.access_plot = charts.new_access_plot()
        self.equity_plot = charts.new_equity_plot()
        self.baselines = charts.BaselinesView()
        self.frontier = FrontierView()
        self.charts = QTabWidget()
        self.charts.addTab(self.access_plot, "Before / after by PCN")
        self.charts.addTab(self.equity_plot, "Equity by quintile")
        self.charts.addTab(self.baselines, "Plan vs baselines")
        self.charts.addTab(self.frontier, "Budget frontier")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(tables)
        splitter.addWidget(self.charts)
        splitter.setSizes([460, 600])
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.kpis)
        layout.addWidget(self.demand_note)
        layout.addWidget(splitter, 1)
        return content

    def connect_content(self) -> None:
        self.chooser.activated.connect(self._choose)
        self.export_button.clicked.connect(self._ask_export)

    def loader(self, db: Database) -> Callable[[], ResultsData]:
        wanted = self._wanted or self.chooser.currentText() or None
        return lambda: load_results(db, wanted)

    def show_data(self, data: ResultsData) -> None:
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems(data.solved_names)
        self.chooser.setCurrentText(data.name)
        self.chooser.blockSignals(False)
        result = data.result
        self.status.setText(f"Status: {result.status.value}. {result.message}".strip())
        self.summary.setPlainText("\n".join(data.summary_lines))
        self.data = data
        self.export_button.setEnabled(result.has_plan)
        self._show_tiles(result, data.budget_gbp)
        if self.database is not None:
            self.frontier.set_plan(
                self.database,
                data.name,
                data.snapshots.get("solved_at"),
                data.budget_gbp,
                result.totals.get("share_weighted_gap_remaining"),
                data.frontier,
            )
        self.demand_note.clear()
        if not result.has_plan:
            return
        self._show_demand(data)
        target = data.snapshots.get("target_rate")
        self.before_bars, self.after_bars = charts.draw_access(
            self.access_plot, result.pcn_table, target
        )
        self.equity_before, self.equity_after = charts.draw_equity(
            self.equity_plot, result.quintile_table
        )
        self.baselines.show_table(baseline_table(result))
        self._show_allocation(result, {r.code: r.name for r in data.parameters.roles})
        columns = [c for c in PCN_COLUMNS if c in result.pcn_table]
        self.pcn_table.show_frame(
            result.pcn_table[columns],
            ColumnInfo(
                glossary.labels(columns),
                glossary.definitions(columns),
                {c: _money_or_number(c) for c in columns},
            ),
        )

    def _show_demand(self, data: ResultsData) -> None:
        """The demand signals of the PCNs the plan funds and does not (loaded off the GUI)."""
        db, table = self.database, data.result.pcn_table
        effect = data.snapshots.get("demand_need")
        if db is None:
            return
        self.run_in_background(
            lambda: funded_signals(db, table),
            lambda signals: self.demand_note.setText(funded_signals_text(signals, effect)),
        )

    def current_name(self) -> str | None:
        return self.data.name if self.data is not None else None

    def show_scenario(self, name: str) -> None:
        """Show scenario ``name``'s plan (now if visible, else when next shown)."""
        self._wanted = name
        self.mark_stale()

    def set_database(self, db: Database | None) -> None:
        # Another database: no scenario of the old one may be asked for or shown.
        if hasattr(self, "chooser"):
            self._wanted, self.data = None, None
            self.chooser.clear()
        super().set_database(db)

    def _choose(self) -> None:
        self._wanted = self.chooser.currentText()
        self.refresh()

    def _ask_export(self) -> None:
        if self.data is not None:
            self.export_requested.emit(self.data.name)

    def _show_tiles(self, result: Any, budget: float | None) -> None:
        """Short figures in the tiles; what they are measured against goes in the caption."""
        totals, equity = result.totals or {}, result.equity or {}
        dental = totals.get("dental_cost_gbp") or 0.0
        spend_tip = (
            f"ARRS roles {format_gbp(totals.get('role_cost_gbp'))}, commissioned appointments "
            f"{format_gbp(totals.get('commissioned_cost_gbp'))}, extra UDAs "
            f"{format_gbp(dental)}; budget {format_gbp(budget)}."
        )
        budget_text = f"budget {format_gbp(budget)}" + (
            f" + dental {format_gbp(dental)}" if dental > 0.5 else ""
        )
        values = {
            "cost": (format_gbp(totals.get("cost_gbp")), f"({budget_text})"),
            "wte": (format_decimal(totals.get("wte_added")), ""),
            "added": (format_count(totals.get("appointments_added")), ""),
            "gap": (
                format_count(totals.get("gap_after")),
                f"(was {format_count(totals.get('gap_before'))})",
            ),
            "weighted": (format_percent(totals.get("share_weighted_gap_remaining")), ""),
            "sii": (
                format_decimal(equity.get("sii_after")),
                f"(was {format_decimal(equity.get('sii_before'))})",
            ),
        }
        for key, (text, note) in values.items():
            code = TILES[key]
            tip = spend_tip if key == "cost" else glossary.definition(code)
            self.kpis.set_value(key, text, tip)
            self.kpis.set_caption(key, f"{glossary.label(code)} {note}".strip())

    def _show_allocation(self, result: Any, roles: dict[str, str]) -> None:
        """WTE by PCN (rows) × role (columns), shaded by size, role names as headers."""
        allocation = result.allocation
        if allocation.empty:
            self.allocation_table.show_frame(allocation)
            return
        heat = allocation.pivot_table(
            index="pcn_code", columns="role_code", values="wte", aggfunc="sum", fill_value=0.0
        )
        heat.insert(0, "total_wte", heat.sum(axis=1))
        names = dict(zip(result.pcn_table["pcn_code"], result.pcn_table["pcn_name"], strict=True))
        heat.insert(0, "pcn", [plots.unit_label(c, names.get(c), limit=28) for c in heat.index])
        frame = heat.sort_values("total_wte", ascending=False).reset_index(drop=True)
        role_columns = [c for c in frame.columns if c not in ("pcn", "total_wte")]
        model = DataFrameModel(heat_columns=frozenset(role_columns), parent=self.allocation_table)
        self.allocation_table.set_frame_model(model)
        labels = {
            "pcn": "PCN",
            "total_wte": "Total\nWTE",
            **{c: _two_lines(roles.get(c, c)) for c in role_columns},
        }
        formats: dict[str, Any] = {c: NumberFormat.DECIMAL for c in [*role_columns, "total_wte"]}
        self.allocation_table.show_frame(frame, ColumnInfo(labels, {}, formats))
