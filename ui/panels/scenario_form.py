"""The scenario settings form: budget, objective, target and deprivation weights.

The form shows a ``ScenarioSettings`` and gives back an edited copy; it never reads or writes
the database (the Scenario view does that through :mod:`ui.scenario_gateway`).
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

BUDGET_MODES = {
    "pooled": "One budget for the area",
    "entitlement": "Each PCN's ARRS entitlement",
}
OBJECTIVES = {
    "weighted": "Close the deprivation-weighted gap",
    "equity": "Equity first (worst relative gap)",
}
NEED_UPLIFTS = {
    "none": "None",
    "quintile": "By IMD quintile",
    "score": "By IMD score",
}
SOLVERS = {"highs": "HiGHS", "cbc": "CBC"}


def _money(maximum: float, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setPrefix("£")
    box.setDecimals(0)
    box.setRange(0, maximum)
    box.setSingleStep(step)
    box.setGroupSeparatorShown(True)
    return box


def _choice(options: dict[str, str]) -> QComboBox:
    box = QComboBox()
    # Long option texts must not make the form wider than its column.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(14)
    for key, label in options.items():
        box.addItem(label, key)
    return box


class ScenarioForm(QWidget):
    """Edits the scalar settings of a scenario (the role table is edited beside it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings: Any = None
        self._build_layout()

    def _build_layout(self) -> None:
        self.budget = _money(1e10, 100_000)
        self.budget.setToolTip("Extra money a year for ARRS roles and commissioned appointments.")
        self.budget_mode = _choice(BUDGET_MODES)
        self.objective = _choice(OBJECTIVES)
        self.target_rate = QDoubleSpinBox()
        self.target_rate.setRange(0, 5000)
        self.target_rate.setDecimals(1)
        self.target_rate.setSpecialValueText("Default (PCN upper quartile)")
        self.target_rate.setSuffix(" per 1,000 weighted")
        self.target_rate.setToolTip("Appointments per 1,000 weighted patients per month.")
        self.need_uplift = _choice(NEED_UPLIFTS)
        self.weights = [QDoubleSpinBox() for _ in range(5)]
        weights_row = QGridLayout()  # two rows: five boxes side by side do not fit
        for quintile, box in enumerate(self.weights, start=1):
            box.setRange(0, 10)
            box.setDecimals(2)
            box.setSingleStep(0.1)
            box.setPrefix(f"Q{quintile}  ")
            box.setToolTip(f"Priority weight of IMD quintile {quintile} (1 = most deprived).")
            weights_row.addWidget(box, (quintile - 1) // 3, (quintile - 1) % 3)
        self.appointment_cost = _money(1000, 5)
        self.appointment_cost.setDecimals(2)
        self.appointment_cap = QSpinBox()
        self.appointment_cap.setRange(0, 100)
        self.appointment_cap.setSuffix("%")
        self.appointment_cap.setToolTip(
            "Commissioned appointments per PCN at most this share of its current appointments."
        )
        self.solver = _choice(SOLVERS)
        self.time_limit = QSpinBox()
        self.time_limit.setRange(1, 3600)
        self.time_limit.setSuffix(" s")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes: what this scenario is for, who asked, assumptions.")
        self.notes.setMaximumHeight(80)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Budget per year", self.budget)
        form.addRow("Budget rule", self.budget_mode)
        form.addRow("Objective", self.objective)
        form.addRow("Target rate", self.target_rate)
        form.addRow("Need uplift on target", self.need_uplift)
        form.addRow("Priority weights", weights_row)
        form.addRow("Commissioned appointment", self.appointment_cost)
        form.addRow("Commissioned cap", self.appointment_cap)
        form.addRow("Solver", self.solver)
        form.addRow("Time limit", self.time_limit)
        form.addRow("Notes", self.notes)

    def show_settings(self, settings: Any, notes: str = "") -> None:
        self._settings = settings
        self.budget.setValue(settings.budget_gbp or 0.0)
        _select(self.budget_mode, settings.budget_mode)
        _select(self.objective, settings.objective)
        self.target_rate.setValue(settings.target_rate or 0.0)
        _select(self.need_uplift, settings.need_uplift)
        for quintile, box in enumerate(self.weights, start=1):
            box.setValue(float(settings.priority_weights_by_quintile.get(quintile, 1.0)))
        self.appointment_cost.setValue(settings.commissioned_appointment_cost_gbp)
        self.appointment_cap.setValue(round(settings.commissioned_cap_share * 100))
        _select(self.solver, settings.solver)
        self.time_limit.setValue(round(settings.time_limit_s))
        self.notes.setPlainText(notes)

    def edited_settings(self, roles: list[Any]) -> Any:
        """A copy of the shown settings with the form's values and ``roles``."""
        settings = copy.deepcopy(self._settings)
        settings.budget_gbp = self.budget.value()
        settings.budget_mode = self.budget_mode.currentData()
        settings.objective = self.objective.currentData()
        settings.target_rate = self.target_rate.value() or None
        settings.need_uplift = self.need_uplift.currentData()
        settings.priority_weights_by_quintile = {
            quintile: box.value() for quintile, box in enumerate(self.weights, start=1)
        }
        settings.commissioned_appointment_cost_gbp = self.appointment_cost.value()
        settings.commissioned_cap_share = self.appointment_cap.value() / 100
        settings.solver = self.solver.currentData()
        settings.time_limit_s = float(self.time_limit.value())
        settings.roles = roles
        return settings

    def notes_text(self) -> str:
        return self.notes.toPlainText()


def _select(box: QComboBox, key: str) -> None:
    index = box.findData(key)
    if index >= 0:
        box.setCurrentIndex(index)
