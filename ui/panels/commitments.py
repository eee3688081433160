"""The scenario's locked commitments and per-PCN caps, edited as one small table.

A lock says "this PCN keeps at least this many WTE of this role" (staff already promised); a cap
says "at most", replacing the role's cap rule for that PCN. Rows are added from choosers (so a
PCN or role code can never be mistyped), removed by selection, and their WTE edited in place.
The widget only holds the table; the Scenario view reads it back when it saves or solves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import scenario_gateway as gateway
from ui.formatting import NumberFormat
from ui.models import EditableDataFrameModel
from ui.table_view import FrameTable

if TYPE_CHECKING:
    import pandas as pd

#: Columns shown beside the codes: who and what the commitment is about, in words.
LABEL_COLUMNS = {"pcn": "PCN", "role": "Role"}


class CommitmentsEditor(QWidget):
    """Add, edit and remove locked commitments and per-PCN caps.

    Signals:
        edited: the user added, removed or changed a commitment.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pcn_names: dict[str, str] = {}
        self._role_names: dict[str, str] = {}
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        self.pcn_box = QComboBox()
        self.pcn_box.setMinimumContentsLength(14)
        self.pcn_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.role_box = QComboBox()
        self.role_box.setMinimumContentsLength(10)
        self.role_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_box = QComboBox()
        self.kind_box.addItems([gateway.LOCK_KIND, gateway.CAP_KIND])
        self.wte_box = QDoubleSpinBox()
        self.wte_box.setRange(0, 100)
        self.wte_box.setSingleStep(0.5)
        self.wte_box.setDecimals(1)
        self.wte_box.setValue(1.0)
        self.wte_box.setSuffix(" WTE")
        self.add_button = QPushButton("Add")
        self.remove_button = QPushButton("Remove selected")
        self.model = EditableDataFrameModel(
            editable_columns={"wte"},
            formats={"wte": NumberFormat.DECIMAL},
            labels={**gateway.COMMITMENT_LABELS, **LABEL_COLUMNS},
            definitions=gateway.COMMITMENT_DEFINITIONS,
        )
        self.table = FrameTable(model=self.model)
        self.table.setSortingEnabled(False)
        note = QLabel(
            "Locked commitments are kept by every plan and count against the budget, the "
            "entitlement and the recruitment pool; a cap replaces the role's cap for one PCN."
        )
        note.setObjectName("chartNote")
        note.setWordWrap(True)
        chooser = QHBoxLayout()
        chooser.addWidget(self.pcn_box, 3)
        chooser.addWidget(self.role_box, 2)
        chooser.addWidget(self.kind_box)
        chooser.addWidget(self.wte_box)
        chooser.addWidget(self.add_button)
        chooser.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(note)
        layout.addLayout(chooser)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self._add_chosen)
        self.remove_button.clicked.connect(self.remove_selected)
        self.model.frame_edited.connect(lambda *_: self.edited.emit())

    # --- content -----------------------------------------------------------------------------

    def set_choices(self, pcns: list[tuple[str, str]], roles: list[tuple[str, str]]) -> None:
        """The PCNs of the loaded area and the roles of the scenario, as (code, name)."""
        self._pcn_names = dict(pcns)
        self._role_names = dict(roles)
        for box, choices in ((self.pcn_box, pcns), (self.role_box, roles)):
            box.clear()
            for code, name in choices:
                box.addItem(f"{name} ({code})" if box is self.pcn_box else name, code)
        self.add_button.setEnabled(bool(pcns) and bool(roles))
        self.pcn_box.setToolTip("" if pcns else "Import registered patients and a PCN map first.")

    def show_commitments(self, frame: pd.DataFrame) -> None:
        """Show ``frame`` (``scenario_gateway.COMMITMENT_COLUMNS``) with names beside codes."""
        shown = frame.copy()
        shown["pcn"] = [
            f"{self._pcn_names[c]} ({c})" if c in self._pcn_names else c for c in shown["pcn_code"]
        ]
        shown["role"] = [self._role_names.get(c, c) for c in shown["role_code"]]
        self.table.show_frame(shown[["pcn", "role", "kind", "wte", "pcn_code", "role_code"]])
        columns = self.model.columns()
        for code in ("pcn_code", "role_code"):
            self.table.setColumnHidden(columns.index(code), True)
        self.remove_button.setEnabled(len(shown) > 0)

    def commitments(self) -> pd.DataFrame:
        """The table as edited (``scenario_gateway.COMMITMENT_COLUMNS``)."""
        import pandas as pd

        frame = self.model.frame()
        if frame.empty and not len(frame.columns):  # nothing shown yet
            return pd.DataFrame(columns=gateway.COMMITMENT_COLUMNS)
        return frame[gateway.COMMITMENT_COLUMNS].reset_index(drop=True)

    def add(self, pcn_code: str, role_code: str, kind: str, wte: float) -> None:
        """Add a commitment (replacing one of the same PCN, role and kind)."""
        import pandas as pd

        frame = self.commitments()
        same = (
            (frame["pcn_code"] == pcn_code)
            & (frame["role_code"] == role_code)
            & (frame["kind"] == kind)
        )
        row = pd.DataFrame([[pcn_code, role_code, kind, float(wte)]], columns=frame.columns)
        frame = row if frame.empty else pd.concat([frame[~same], row], ignore_index=True)
        self.show_commitments(frame)
        self.edited.emit()

    def remove_selected(self) -> None:
        rows = {self.table.proxy.mapToSource(i).row() for i in self.table.selectedIndexes()}
        frame = self.commitments()
        self.show_commitments(frame.drop(index=sorted(rows)).reset_index(drop=True))
        self.edited.emit()

    def _add_chosen(self) -> None:
        pcn, role = self.pcn_box.currentData(), self.role_box.currentData()
        if pcn and role:
            self.add(pcn, role, self.kind_box.currentText(), self.wte_box.value())
