"""The scenario settings form: budget and objective, target and deprivation weights, levers.

The form shows a ``ScenarioSettings`` and gives back an edited copy; it never reads or writes
the database (the Scenario view does that through :mod:`ui.scenario_gateway`).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from bcprimary import glossary
from bcprimary.scenarios import RoleSetting, ScenarioSettings
from solver.parameters import Cap, Lock

BUDGET_MODES = glossary.choices("budget_mode")
OBJECTIVES = glossary.choices("objective")
NEED_UPLIFTS = glossary.choices("need_uplift")
SOLVERS = glossary.choices("solver")
#: The form's single-value fields (attribute names), watched for edits.
FIELDS = (
    "budget",
    "budget_mode",
    "objective",
    "target_rate",
    "need_uplift",
    "appointment_cost",
    "appointment_cap",
    "dental_budget",
    "dental_pooled",
    "dental_target",
    "dental_extra",
    "solver",
    "time_limit",
    "notes",
)


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
    box.setMinimumContentsLength(10)
    for key, label in options.items():
        box.addItem(label, key)
    return box


class ScenarioForm(QWidget):
    """Edits the scalar settings of a scenario (the role table is edited beside it).

    Signals:
        edited(field): a field changed (by the user, or by :meth:`show_settings`).
    """

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = ScenarioSettings()
        self._build_layout()
        self._connect_signals()

    def _connect_signals(self) -> None:
        for name in FIELDS:
            box = getattr(self, name)
            signal = {
                QComboBox: "currentIndexChanged",
                QCheckBox: "toggled",
                QPlainTextEdit: "textChanged",
            }.get(type(box), "valueChanged")
            getattr(box, signal).connect(lambda *_, field=name: self.edited.emit(field))
        for quintile, box in enumerate(self.weights, start=1):
            box.valueChanged.connect(lambda *_, q=quintile: self.edited.emit(f"weight {q}"))

    def _build_layout(self) -> None:
        self._make_fields()
        budget = QFormLayout()
        budget.addRow("Budget per year", self.budget)
        budget.addRow(glossary.label("budget_mode"), self.budget_mode)
        budget.addRow(glossary.label("objective"), self.objective)
        budget.addRow(glossary.label("solver"), self.solver)
        budget.addRow("Time limit", self.time_limit)
        target = QFormLayout()
        target.addRow(glossary.label("target_rate"), self.target_rate)
        target.addRow(glossary.label("need_uplift"), self.need_uplift)
        target.addRow(glossary.label("priority_mode"), self.weights_grid)
        levers = QFormLayout()
        levers.addRow("Commissioned appt.", self.appointment_cost)
        levers.addRow("Commissioned cap", self.appointment_cap)
        levers.addRow("Dental budget", self.dental_budget)
        levers.addRow("", self.dental_pooled)
        levers.addRow(glossary.label("uda_target"), self.dental_target)
        levers.addRow("Extra UDAs cap", self.dental_extra)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for title, form in (
            ("Budget and objective", budget),
            ("Target and deprivation", target),
            ("Other levers", levers),
        ):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            box = QGroupBox(title)
            box.setLayout(form)
            row.addWidget(box, 1)

    def _make_fields(self) -> None:
        self.budget = _money(1e10, 100_000)
        self.budget.setToolTip(
            "Extra money a year for ARRS roles and commissioned appointments (B in the model)."
        )
        self.budget_mode = _choice(BUDGET_MODES)
        self.budget_mode.setToolTip(glossary.definition("budget_mode"))
        self.objective = _choice(OBJECTIVES)
        self.objective.setToolTip(glossary.definition("objective"))
        self.target_rate = QDoubleSpinBox()
        self.target_rate.setRange(0, 5000)
        self.target_rate.setDecimals(1)
        self.target_rate.setSpecialValueText("Default (upper quartile)")
        self.target_rate.setSuffix(" per 1,000")
        self.target_rate.setToolTip(glossary.definition("target_rate"))
        self.need_uplift = _choice(NEED_UPLIFTS)
        self.need_uplift.setToolTip(glossary.definition("need_uplift"))
        self.weights = [QDoubleSpinBox() for _ in range(5)]
        self.weights_grid = QGridLayout()  # two rows: five boxes side by side do not fit
        for quintile, box in enumerate(self.weights, start=1):
            box.setRange(0, 10)
            box.setDecimals(2)
            box.setSingleStep(0.1)
            box.setPrefix(f"Q{quintile} ")
            box.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)  # narrow: five fit
            box.setToolTip(f"Priority weight of IMD quintile {quintile} (1 = most deprived).")
            self.weights_grid.addWidget(box, (quintile - 1) // 3, (quintile - 1) % 3)
        self.appointment_cost = _money(1000, 5)
        self.appointment_cost.setDecimals(2)
        self.appointment_cost.setToolTip(
            "Price of one commissioned appointment (extra sessions, enhanced access)."
        )
        self.appointment_cap = QSpinBox()
        self.appointment_cap.setRange(0, 100)
        self.appointment_cap.setSuffix("% of current")
        self.appointment_cap.setToolTip(
            "Commissioned appointments per PCN at most this share of its current appointments."
        )
        self.dental_budget = _money(1e9, 50_000)
        self.dental_budget.setToolTip("Money a year for extra UDAs (when not from the budget).")
        self.dental_pooled = QCheckBox("Paid from main budget")
        self.dental_pooled.setToolTip(
            "Ticked: extra UDAs are paid from the budget above; otherwise from the dental budget."
        )
        self.dental_target = QDoubleSpinBox()
        self.dental_target.setRange(0, 10)
        self.dental_target.setDecimals(2)
        self.dental_target.setSingleStep(0.05)
        self.dental_target.setSpecialValueText("Area average")
        self.dental_target.setSuffix(" UDAs per head")
        self.dental_target.setToolTip(
            "UDAs contracted per head each place should reach; 0 = the area's current average."
        )
        self.dental_extra = QSpinBox()
        self.dental_extra.setRange(0, 100)
        self.dental_extra.setSuffix("% of contracted")
        self.dental_extra.setToolTip(
            "Most extra UDAs a place's providers could deliver, as a share of UDAs contracted."
        )
        self.solver = _choice(SOLVERS)
        self.time_limit = QSpinBox()
        self.time_limit.setRange(1, 3600)
        self.time_limit.setSuffix(" s")
        self.time_limit.setToolTip("The solve stops here and keeps the best plan found so far.")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes: what this scenario is for, who asked, assumptions.")

    def show_settings(self, settings: ScenarioSettings, notes: str = "") -> None:
        self._settings = settings
        options = settings.options
        self.budget.setValue(options.budget_gbp or 0.0)
        _select(self.budget_mode, options.budget_mode)
        _select(self.objective, options.objective)
        self.target_rate.setValue(options.target_rate or 0.0)
        _select(self.need_uplift, options.need_uplift)
        for quintile, box in enumerate(self.weights, start=1):
            box.setValue(float(options.priority_weights_by_quintile.get(quintile, 1.0)))
        self.appointment_cost.setValue(options.commissioned_appointment_cost_gbp)
        self.appointment_cap.setValue(round(options.commissioned_cap_share * 100))
        self.dental_budget.setValue(options.dental_budget_gbp)
        self.dental_pooled.setChecked(options.dental_pooled)
        self.dental_target.setValue(options.dental_target_per_head or 0.0)
        self.dental_extra.setValue(round(options.dental_max_extra_share * 100))
        _select(self.solver, options.solver)
        self.time_limit.setValue(round(options.time_limit_s))
        self.notes.setPlainText(notes)

    def edited_settings(
        self, roles: list[RoleSetting], locks: tuple[Lock, ...], caps: tuple[Cap, ...]
    ) -> ScenarioSettings:
        """The shown settings with the form's values, ``roles``, locks and caps."""
        settings = self._settings.with_options(
            budget_gbp=self.budget.value(),
            budget_mode=self.budget_mode.currentData(),
            objective=self.objective.currentData(),
            target_rate=self.target_rate.value() or None,
            need_uplift=self.need_uplift.currentData(),
            priority_weights_by_quintile={
                quintile: box.value() for quintile, box in enumerate(self.weights, start=1)
            },
            commissioned_appointment_cost_gbp=self.appointment_cost.value(),
            commissioned_cap_share=self.appointment_cap.value() / 100,
            dental_budget_gbp=self.dental_budget.value(),
            dental_pooled=self.dental_pooled.isChecked(),
            dental_target_per_head=self.dental_target.value() or None,
            dental_max_extra_share=self.dental_extra.value() / 100,
            solver=self.solver.currentData(),
            time_limit_s=float(self.time_limit.value()),
        )
        return replace(settings, roles=tuple(roles), locks=locks, caps=caps)

    def notes_text(self) -> str:
        return self.notes.toPlainText()


def _select(box: QComboBox, key: str) -> None:
    index = box.findData(key)
    if index >= 0:
        box.setCurrentIndex(index)
