"""Table models over pandas DataFrames for the app's table views.

:class:`DataFrameModel` shows a DataFrame read-only with one display format per column, header
labels and tooltips (the metric definitions), right-aligned numbers and a sort role carrying the
raw value, so that a :class:`QSortFilterProxyModel` sorts 1,200 after 900 rather than as text.
:class:`EditableDataFrameModel` lets chosen columns be edited (the scenario's role table).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from ui.formatting import NumberFormat, format_value, is_missing

if TYPE_CHECKING:
    import pandas as pd

#: Role returning the raw value used for sorting (numbers as floats, missing as -inf).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Role returning the raw cell value unchanged.
RAW_ROLE = Qt.ItemDataRole.UserRole + 2

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_AnyIndex = QModelIndex | QPersistentModelIndex


def default_format(frame: pd.DataFrame, column: str) -> NumberFormat:
    """A sensible format from the column's dtype when none was given."""
    import pandas as pd

    dtype = frame[column].dtype
    if pd.api.types.is_bool_dtype(dtype):
        return NumberFormat.TEXT
    if pd.api.types.is_integer_dtype(dtype):
        return NumberFormat.COUNT
    if pd.api.types.is_float_dtype(dtype):
        return NumberFormat.DECIMAL
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return NumberFormat.DATE
    return NumberFormat.TEXT


class DataFrameModel(QAbstractTableModel):
    """A read-only table model over a DataFrame (the frame's index is not shown)."""

    def __init__(
        self,
        frame: pd.DataFrame | None = None,
        *,
        formats: Mapping[str, NumberFormat | str] | None = None,
        labels: Mapping[str, str] | None = None,
        definitions: Mapping[str, str] | None = None,
        heat_columns: set[str] | frozenset[str] = frozenset(),
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._heat_columns = set(heat_columns)
        self._heat_max = 0.0
        self._formats_given = dict(formats or {})
        self._labels = dict(labels or {})
        self._definitions = dict(definitions or {})
        self._columns: list[str] = []
        self._formats: list[NumberFormat] = []
        self._numeric: list[bool] = []
        self._values: list[list[object]] = []
        self._frame: pd.DataFrame | None = None
        self._search: list[str] = []
        self._cell_tips: dict[int, list[str]] = {}
        if frame is not None:
            self.set_frame(frame)

    # --- content -----------------------------------------------------------------------------

    def set_frame(
        self,
        frame: pd.DataFrame,
        *,
        formats: Mapping[str, NumberFormat | str] | None = None,
        labels: Mapping[str, str] | None = None,
        definitions: Mapping[str, str] | None = None,
    ) -> None:
        """Show ``frame`` (a copy); formats, labels and definitions replace earlier ones."""
        self.beginResetModel()
        if formats is not None:
            self._formats_given = dict(formats)
        if labels is not None:
            self._labels = dict(labels)
        if definitions is not None:
            self._definitions = dict(definitions)
        self._frame = frame.reset_index(drop=True).copy()
        self._columns = [str(c) for c in self._frame.columns]
        self._formats = [
            NumberFormat(self._formats_given.get(c) or default_format(self._frame, c))
            for c in self._frame.columns
        ]
        self._numeric = [f not in (NumberFormat.TEXT, NumberFormat.DATE) for f in self._formats]
        # Plain Python values per column: data() is called thousands of times while painting.
        self._values = [self._frame[c].astype(object).tolist() for c in self._frame.columns]
        self._search = _search_texts(self._values, self._numeric)
        self._cell_tips = {}
        heat = [self._frame[c] for c in self._frame.columns if c in self._heat_columns]
        self._heat_max = max((float(h.max(skipna=True) or 0) for h in heat), default=0.0)
        self.endResetModel()

    def set_cell_tooltips(self, column: str, tips: list[str]) -> None:
        """Tooltips for the cells of ``column``, one per row (e.g. what each measure means)."""
        self._cell_tips[self._columns.index(column)] = list(tips)

    def frame(self) -> pd.DataFrame:
        """A copy of the table as shown (with any edits)."""
        import pandas as pd

        if self._frame is None:
            return pd.DataFrame()
        return self._frame.copy()

    def columns(self) -> list[str]:
        return list(self._columns)

    def row_matches(self, row: int, needle: str) -> bool:
        """Whether any text cell of ``row`` (code, name, PCN, place…) contains ``needle``
        (already case-folded). Read from texts made once per table, so typing stays fast."""
        return needle in self._search[row]

    # --- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or not self._values:
            return 0
        return len(self._values[0])

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._values[index.column()][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            heat = self._columns[index.column()] in self._heat_columns
            if heat and not is_missing(value) and value == 0:
                return ""  # a heat table reads best with the empty cells left empty
            return format_value(value, self._formats[index.column()])
        if role == Qt.ItemDataRole.EditRole:
            return None if is_missing(value) else _plain(value)
        if role == SORT_ROLE:
            return self._sort_key(value, index.column())
        if role == RAW_ROLE:
            return None if is_missing(value) else _plain(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if self._numeric[index.column()] else _LEFT)
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and self._columns[index.column()] in self._heat_columns
        ):
            return self._heat_colour(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = self._cell_tips.get(index.column())
            if tips is not None and index.row() < len(tips) and tips[index.row()]:
                return tips[index.row()]
            text = format_value(value, self._formats[index.column()])
            return text if len(text) > 30 else None  # long names are cut off in narrow columns
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return str(section + 1)
            return None
        if not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._labels.get(column, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._definitions.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if self._numeric[section] else _LEFT)
        return None

    def _heat_colour(self, value: object) -> QColor | None:
        """A blue wash whose strength follows the value (a heat table of WTE by PCN × role)."""
        if is_missing(value) or self._heat_max <= 0:
            return None
        share = max(0.0, min(float(value) / self._heat_max, 1.0))  # type: ignore[arg-type]
        if share == 0:
            return None
        return QColor(0, 94, 184, int(30 + 150 * share))

    def _sort_key(self, value: object, column: int) -> object:
        if self._numeric[column]:
            # Missing values sort as the smallest, so they gather at one end of the table.
            if is_missing(value):
                return float("-inf")
            try:
                return float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                return float("-inf")
        return "" if is_missing(value) else str(value).casefold()


def _search_texts(columns: list[list[object]], numeric: list[bool]) -> list[str]:
    """One case-folded line per row joining its text cells, for filtering."""
    texts = [values for values, is_number in zip(columns, numeric, strict=True) if not is_number]
    if not texts:
        return [""] * (len(columns[0]) if columns else 0)
    return [
        "\t".join("" if is_missing(v) else str(v) for v in row).casefold()
        for row in zip(*texts, strict=True)
    ]


def _plain(value: object) -> object:
    """A numpy scalar as a Python number (QVariant does not know numpy types)."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


class EditableDataFrameModel(DataFrameModel):
    """A DataFrame model whose chosen columns can be edited in place (the scenario role table).

    ``editable_columns`` take numbers typed as people type them ("£62,340", "1,200"),
    ``text_columns`` free text and ``checkable_columns`` (booleans) a check box.

    Signals:
        frame_edited(row, column): a cell was changed by the user.
    """

    frame_edited = Signal(int, str)

    def __init__(
        self,
        frame: pd.DataFrame | None = None,
        *,
        editable_columns: set[str] | frozenset[str] = frozenset(),
        text_columns: set[str] | frozenset[str] = frozenset(),
        checkable_columns: set[str] | frozenset[str] = frozenset(),
        minimum: float | None = 0.0,
        **kwargs: Any,
    ) -> None:
        self._editable = set(editable_columns)
        self._text = set(text_columns)
        self._checkable = set(checkable_columns)
        self._minimum = minimum
        super().__init__(frame, **kwargs)

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        column = self._columns[index.column()]
        if column in self._checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif column in self._editable or column in self._text:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and self._columns[index.column()] in self._checkable:
            if role == Qt.ItemDataRole.CheckStateRole:
                checked = bool(self._values[index.column()][index.row()])
                return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return None  # the check box says it
        return super().data(index, role)

    def setData(self, index: _AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._frame is None:
            return False
        column = self._columns[index.column()]
        if column in self._checkable and role == Qt.ItemDataRole.CheckStateRole:
            new: object = Qt.CheckState(value) == Qt.CheckState.Checked
        elif column in self._text and role == Qt.ItemDataRole.EditRole:
            new = str(value).strip() or None
        elif column in self._editable and role == Qt.ItemDataRole.EditRole:
            number = parse_number(value)
            if number is None or (self._minimum is not None and number < self._minimum):
                return False
            if self._formats[index.column()] == NumberFormat.PERCENT and isinstance(value, str):
                number = number / 100 if value.strip().endswith("%") else number
            new = number
        else:
            return False
        self._values[index.column()][index.row()] = new
        try:
            self._frame.iloc[index.row(), index.column()] = new
        except (TypeError, ValueError):  # e.g. a decimal typed into a whole-number column
            self._frame[column] = self._frame[column].astype(object)
            self._frame.iloc[index.row(), index.column()] = new
        self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
        self.frame_edited.emit(index.row(), column)
        return True


def parse_number(value: object) -> float | None:
    """A number typed by a person: '1,234.5', '£62,340', '12%' or a plain number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return None if is_missing(value) else float(value)
    text = str(value).strip().replace(",", "").replace("£", "").replace("%", "")
    text = text.replace("−", "-").strip()
    try:
        return float(text)
    except ValueError:
        return None


class FrameProxy(QSortFilterProxyModel):
    """Filters on the source model's prepared row texts.

    Qt's own filter formats every cell of every row in Python, which takes a second or more
    per keystroke on a national table (6,000 practices × 30 columns); this stays within
    milliseconds. Other source models, and ``setFilterFixedString``, keep Qt's behaviour.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_filter_text(self, text: str) -> None:
        needle = " ".join(text.split()).casefold()
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filter_text(self) -> str:
        return self._needle

    def filterAcceptsRow(self, source_row: int, source_parent: _AnyIndex) -> bool:
        model = self.sourceModel()
        if not self._needle:
            return super().filterAcceptsRow(source_row, source_parent)
        if isinstance(model, DataFrameModel):
            return model.row_matches(source_row, self._needle)
        return super().filterAcceptsRow(source_row, source_parent)


def sortable_proxy(model: QAbstractTableModel, parent: Any = None) -> QSortFilterProxyModel:
    """A proxy that sorts on raw values and filters rows on any column, ignoring case."""
    proxy = FrameProxy(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterKeyColumn(-1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy
