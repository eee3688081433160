"""DataFrameModel: Qt's model tester, display formats, numeric sorting, filtering, editing."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QModelIndex, Qt

from ui.formatting import NumberFormat
from ui.models import RAW_ROLE, SORT_ROLE, DataFrameModel, EditableDataFrameModel, sortable_proxy


@pytest.fixture
def pcns() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["U01577", "U06610", "U11746", "U18020"],
            "name": ["WALSALL SOUTH 1", "DUDLEY, NETHERTON\nAND WOODSIDE", None, "SEDGLEY"],
            "registered_patients": [52_345, 9_120, 1_200_000, 31_002],
            "weighted_patients": [55_010.4, 9_900.1, np.nan, 30_002.9],
            "gp_share": [0.452, 0.5, np.nan, 0.38],
            "arrs_entitlement_gbp": [1_465_000.4, 263_000.0, 0.0, -12.0],
            "weighted_estimated": [False, True, False, False],
        }
    )


FORMATS = {
    "gp_share": NumberFormat.PERCENT,
    "arrs_entitlement_gbp": NumberFormat.GBP,
}


def _column(model, name: str) -> int:
    return model.columns().index(name)


def test_models_pass_qt_model_tester(qtmodeltester, pcns):
    qtmodeltester.check(DataFrameModel(pcns, formats=FORMATS))
    qtmodeltester.check(DataFrameModel(pcns.iloc[0:0]))
    qtmodeltester.check(DataFrameModel())
    editable = EditableDataFrameModel(pcns, editable_columns={"weighted_patients"})
    qtmodeltester.check(editable)


def test_model_tester_follows_a_frame_being_replaced(qtmodeltester, pcns):
    model = DataFrameModel(pcns)
    qtmodeltester.check(model, force_py=True)
    model.set_frame(pcns.iloc[:2])
    model.set_frame(pcns)
    assert model.rowCount() == 4


def test_display_formats(pcns):
    model = DataFrameModel(pcns, formats=FORMATS)

    def shown(row: int, column: str) -> str:
        return model.index(row, _column(model, column)).data()

    assert shown(2, "registered_patients") == "1,200,000"
    assert shown(0, "weighted_patients") == "55,010.4"
    assert shown(2, "weighted_patients") == "–"
    assert shown(0, "gp_share") == "45.2%"
    assert shown(0, "arrs_entitlement_gbp") == "£1,465,000"
    assert shown(3, "arrs_entitlement_gbp") == "−£12"
    assert shown(2, "name") == ""
    assert shown(1, "weighted_estimated") == "Yes"
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert (
        model.index(0, _column(model, "gp_share")).data(Qt.ItemDataRole.TextAlignmentRole) == right
    )
    assert model.index(0, _column(model, "weighted_patients")).data(RAW_ROLE) == 55_010.4


def test_headers_show_labels_and_definitions_as_tooltips(pcns):
    model = DataFrameModel(
        pcns,
        labels={"gp_share": "GP share"},
        definitions={"gp_share": "Share of appointments delivered by a GP."},
    )
    section = _column(model, "gp_share")
    assert model.headerData(section, Qt.Orientation.Horizontal) == "GP share"
    tooltip = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "Share of appointments delivered by a GP."
    assert model.headerData(0, Qt.Orientation.Horizontal) == "code"  # no label: the column


def test_proxy_sorts_numbers_by_value_not_text(pcns):
    model = DataFrameModel(pcns)
    proxy = sortable_proxy(model)
    column = _column(model, "registered_patients")
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    shown = [proxy.index(r, column).data() for r in range(proxy.rowCount())]
    assert shown == ["9,120", "31,002", "52,345", "1,200,000"]  # as text "1,200,000" < "9,120"
    weighted = _column(model, "weighted_patients")
    proxy.sort(weighted, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, weighted).data() == "55,010.4"
    assert proxy.index(3, weighted).data() == "–"  # missing values sort as the smallest
    assert math.isinf(model.index(2, weighted).data(SORT_ROLE))


def test_proxy_filters_on_any_column_ignoring_case(pcns):
    proxy = sortable_proxy(DataFrameModel(pcns))
    proxy.setFilterFixedString("netherton")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data() == "U06610"
    proxy.setFilterFixedString("u1")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["U11746", "U18020"]


def test_editable_model_accepts_numbers_people_type(qtbot, pcns):
    model = EditableDataFrameModel(pcns, editable_columns={"arrs_entitlement_gbp"}, formats=FORMATS)
    column = _column(model, "arrs_entitlement_gbp")
    index = model.index(1, column)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.frame_edited) as edited:
        assert model.setData(index, "£62,340")
    assert edited.args == [1, "arrs_entitlement_gbp"]
    assert index.data() == "£62,340"
    assert model.frame().loc[1, "arrs_entitlement_gbp"] == 62_340
    assert not model.setData(index, "a lot")
    assert not model.setData(index, -5)  # below the minimum
    assert not model.setData(model.index(1, 0), "X")  # not editable
    assert not model.setData(QModelIndex(), 1)
    assert pcns.loc[1, "arrs_entitlement_gbp"] == 263_000.0  # the caller's frame is untouched


def test_cell_tooltips_explain_rows_and_pass_the_model_tester(qtmodeltester, pcns):
    model = DataFrameModel(pcns, heat_columns={"registered_patients"})
    model.set_cell_tooltips("code", ["first", "", "third", "fourth"])
    qtmodeltester.check(model)
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.index(0, 0).data(tip) == "first"
    assert model.index(1, 0).data(tip) is None  # no tip, and the code is short
    model.set_frame(pcns)
    assert model.index(0, 0).data(tip) is None  # a new frame forgets the old rows' tips


def test_commitments_editor_model(qtbot, qtmodeltester):
    from solver.parameters import Cap, Lock
    from ui.panels.commitments import CommitmentsEditor
    from ui.scenario_gateway import CAP_KIND, LOCK_KIND, commitments_from_frame

    editor = CommitmentsEditor()
    qtbot.addWidget(editor)
    editor.set_choices([("U1", "North PCN"), ("U2", "South PCN")], [("gp", "ARRS GP")])
    editor.add("U1", "gp", LOCK_KIND, 1.0)
    editor.add("U2", "gp", CAP_KIND, 2.0)
    editor.add("U1", "gp", LOCK_KIND, 1.5)  # replaces the first
    qtmodeltester.check(editor.model)
    shown = editor.model.frame()
    assert list(shown["pcn"]) == ["South PCN (U2)", "North PCN (U1)"]
    wte = editor.model.index(0, editor.model.columns().index("wte"))
    assert editor.model.setData(wte, "2.5")
    locks, caps = commitments_from_frame(editor.commitments())
    assert locks == (Lock("U1", "gp", 1.5),)
    assert caps == (Cap("U2", "gp", 2.5),)
