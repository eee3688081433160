"""The budget frontier of a solved scenario: how much weighted access gap is left at each budget.

The picture a board understands (DESIGN §5): the optimised plan, fair shares and greedy solved
at budgets from £0 to twice the scenario's, with the scenario's own plan marked. Computing it
takes a few seconds, so it runs on a worker with progress and a Cancel that stops the solves.
The frontier is stored with the scenario's plan (``bcprimary.scenarios.compute_frontier``), so
it is shown again whenever that plan is, and the workbook carries it.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from bcprimary import glossary
from bcprimary.db import Database
from bcprimary.scenarios import Frontier
from ui import plan_gateway as gateway
from ui import plots
from ui.analysis_gateway import DataNotReady
from ui.formatting import format_gbp, format_percent
from ui.workers import TaskFailure, TaskRunner

#: Frontier column → (legend name, line style, symbol). Drawn in this order, so the optimised
#: plan lies on top where greedy finds the same plan (greedy's hollow squares show around it).
CURVES = {
    "fair_shares_share_weighted_gap_remaining": (
        glossary.label("plan.fair_shares"),
        Qt.PenStyle.DashLine,
        "t",
    ),
    "greedy_share_weighted_gap_remaining": (
        glossary.label("plan.greedy"),
        Qt.PenStyle.DashLine,
        "s",
    ),
    "share_weighted_gap_remaining": (glossary.label("plan.optimised"), Qt.PenStyle.SolidLine, "o"),
}


class FrontierView(QWidget):
    """Compute and plot a scenario's budget frontier.

    Signals:
        computed(FrontierData): a frontier finished and is shown.
    """

    computed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db: Database | None = None
        self._name: str | None = None
        self._solved_at: str | None = None
        self._budget: float | None = None
        self._plan_share: float | None = None
        self._shown: gateway.FrontierData | None = None
        self._runner = TaskRunner(self)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.plan_marker: pg.ScatterPlotItem | None = None
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        self.compute_button = QPushButton("Compute budget frontier")
        self.compute_button.setToolTip(
            f"Solve the plan and both baselines at {gateway.FRONTIER_POINTS} budgets from £0 "
            "to twice this scenario's budget (a few seconds)."
        )
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.note = QLabel()
        self.note.setObjectName("chartNote")
        self.note.setWordWrap(True)
        self.plot = plots.new_plot(
            "Budget frontier: weighted access gap left at each budget",
            "Budget (£ million per year)",
            "Weighted gap left (%)",
        )
        plots.plain_numbers(self.plot, "bottom", "left")
        controls = QHBoxLayout()
        controls.addWidget(self.compute_button)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.progress, 1)
        controls.addStretch(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.note)
        layout.addWidget(self.plot, 1)

    def _connect_signals(self) -> None:
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button.clicked.connect(self._runner.cancel)
        self._runner.progress.connect(self._show_progress)
        self._runner.finished.connect(self._computed)
        self._runner.failed.connect(self._failed)
        self._runner.cancelled.connect(self._cancelled)
        self._runner.idle.connect(self._idle)

    @property
    def runner(self) -> TaskRunner:
        return self._runner

    # --- the scenario shown ------------------------------------------------------------------

    def set_plan(
        self,
        db: Database,
        name: str,
        solved_at: str | None,
        budget: float | None,
        plan_share: float | None,
        stored: Frontier | None = None,
    ) -> None:
        """Show ``name``'s stored frontier if it belongs to this solve, else offer to compute."""
        if name != self._name:
            self._runner.cancel()
        self._db, self._name, self._solved_at = db, name, solved_at
        self._budget, self._plan_share = budget, plan_share
        if stored is not None and stored.solved_at == solved_at:
            self._draw(gateway.frontier_data(name, stored, budget, plan_share))
            return
        self._shown = None
        plots.clear_plot(self.plot)
        self.curves, self.plan_marker = {}, None
        if not self._runner.running:
            self.note.setText(
                f"Press 'Compute budget frontier' to see how much of the weighted access gap "
                f"'{name}' would leave at budgets from £0 to "
                f"{format_gbp(gateway.frontier_budgets(budget)[-1])}."
            )

    def frontier_for(self, name: str) -> gateway.FrontierData | None:
        """The frontier shown now for ``name``'s plan, if any."""
        shown = self._shown
        if shown is None or name != self._name or shown.solved_at != self._solved_at:
            return None
        return shown

    # --- computing ---------------------------------------------------------------------------

    def compute(self) -> None:
        db, name = self._db, self._name
        if db is None or name is None:
            return
        self._runner.start(
            lambda progress, cancel: gateway.compute_frontier(db, name, progress, cancel)
        )
        self.compute_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()
        self.note.setText(f"Solving '{name}' at {gateway.FRONTIER_POINTS} budgets…")

    def cancel(self) -> None:
        self._runner.cancel()

    def _show_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.note.setText(message)

    def _idle(self) -> None:
        self.compute_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.hide()

    def _computed(self, frontier: gateway.FrontierData) -> None:
        self.progress.setValue(1000)
        on_screen = frontier.name == self._name and frontier.solved_at == self._solved_at
        if on_screen:
            self._draw(frontier)
        self.computed.emit(frontier)

    def _failed(self, failure: TaskFailure) -> None:
        self.progress.setValue(0)
        if isinstance(failure.error, DataNotReady):
            self.note.setText(str(failure))
        else:
            self.note.setText(f"The frontier stopped with an unexpected error: {failure}")

    def _cancelled(self) -> None:
        self.progress.setValue(0)
        self.note.setText("Cancelled: the frontier solves were stopped.")

    # --- drawing -----------------------------------------------------------------------------

    def _draw(self, frontier: gateway.FrontierData) -> None:
        self._shown = frontier
        plots.clear_plot(self.plot)
        table = frontier.table.sort_values("budget_gbp")
        budgets = table["budget_gbp"].to_numpy(dtype=float) / 1e6
        self.curves = {}
        for column, (name, style, symbol) in CURVES.items():
            if column not in table or table[column].isna().all():
                continue
            colour = plots.PLAN_COLOURS[name]
            hollow = column.startswith("greedy")
            curve = pg.PlotDataItem(
                budgets,
                table[column].to_numpy(dtype=float) * 100,
                pen=pg.mkPen(colour, width=2, style=style),
                symbol=symbol,
                symbolSize=11 if hollow else 7,
                symbolBrush=None if hollow else colour,
                symbolPen=pg.mkPen(colour, width=1.5) if hollow else None,
                name=name,
            )
            self.plot.addItem(curve)
            self.curves[name] = curve
        self.plan_marker = None
        share = self._plan_share if frontier.name == self._name else frontier.plan_share
        if share is not None and np.isfinite(share):
            budget = frontier.budget_gbp
            self.plan_marker = pg.ScatterPlotItem(
                [budget / 1e6],
                [share * 100],
                symbol="star",
                size=20,
                brush=plots.TARGET_COLOUR,
                pen=pg.mkPen("#222222", width=1),
                name=f"This plan: {format_gbp(budget)}, {format_percent(share)} left",
            )
            self.plot.addItem(self.plan_marker)
        self.plot.setYRange(0, 100, padding=0.02)
        self.note.setText(
            f"'{frontier.name}': {len(table)} budgets from £0 to "
            f"{format_gbp(table['budget_gbp'].max())}. Lower is better; where the curves part, "
            "the optimiser closes more of the gap for the same money."
        )
