"""Writing a DataFrame as a formatted table: header with definitions, body with number formats.

Sheets describe their tables as a list of :class:`Column` (which result column, what kind of
figure it is, optionally a label and width); :func:`write_table` does the rest and returns
where the table landed so the sheet can add filters, freeze panes, charts and print areas.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bcprimary import glossary
from bcprimary.exporting import styles
from bcprimary.exporting.cells import put, style_array

#: Default column width by kind of figure (characters).
_WIDTHS = {
    "text": 18,
    "gbp": 14,
    "gbp_pence": 12,
    "count": 12,
    "wte": 9,
    "rate": 11,
    "score": 9,
    "percent": 10,
    "decimal": 10,
    "small": 10,
    "integer": 9,
    "date": 12,
}


@dataclass(frozen=True)
class Column:
    """One column of an exported table."""

    key: str
    """Column of the DataFrame (also its code in `bcprimary.glossary`)."""
    kind: str = "text"
    """Kind of figure, which picks the number format: see `styles.FORMATS`."""
    label: str | None = None
    """Header text; default the term's label."""
    width: float | None = None
    """Column width in characters; default by kind."""

    @property
    def header(self) -> str:
        return self.label if self.label is not None else glossary.label(self.key)


@dataclass(frozen=True)
class TableArea:
    """Where a table was written (1-based rows and columns)."""

    header_row: int
    first_row: int
    last_row: int
    first_column: int
    last_column: int

    @property
    def ref(self) -> str:
        """The whole table including its header, e.g. ``A5:K32``."""
        return (
            f"{get_column_letter(self.first_column)}{self.header_row}:"
            f"{get_column_letter(self.last_column)}{max(self.last_row, self.header_row)}"
        )


def write_header(
    sheet: Worksheet, row: int, columns: list[Column], first_column: int = 1, notes: bool = True
) -> None:
    """Header cells: white on navy, wrapped; the definition as a cell comment."""
    for offset, column in enumerate(columns):
        cell = put(sheet, row, first_column + offset, column.header)
        cell.font = styles.HEADER_FONT
        cell.fill = styles.HEADER_FILL
        cell.alignment = styles.HEADER_ALIGN
        text = glossary.definition(column.key)
        if notes and text:
            cell.comment = Comment(text, "BC Primary Care Planner", width=260, height=90)
    sheet.row_dimensions[row].height = 42


def write_table(
    sheet: Worksheet,
    row: int,
    frame: pd.DataFrame,
    columns: list[Column],
    *,
    first_column: int = 1,
    notes: bool = True,
    widths: bool = True,
) -> TableArea:
    """Write `frame[columns]` with its header at `row`; missing columns are left empty."""
    write_header(sheet, row, columns, first_column, notes)
    for offset, column in enumerate(columns):
        style = style_array(sheet, styles.body_style_name(column.kind))
        index = first_column + offset
        values = frame[column.key].tolist() if column.key in frame else [None] * len(frame)
        for r, value in enumerate(values, start=row + 1):
            put(sheet, r, index, value, style)
    if widths:
        apply_widths(sheet, columns, first_column)
    return TableArea(row, row + 1, row + len(frame), first_column, first_column + len(columns) - 1)


def apply_widths(sheet: Worksheet, columns: list[Column], first_column: int = 1) -> None:
    """Each column's width, or a default by kind that leaves room for a wrapped header."""
    for offset, column in enumerate(columns):
        width = column.width or max(_WIDTHS.get(column.kind, 12), min(len(column.header), 14))
        sheet.column_dimensions[get_column_letter(first_column + offset)].width = width


def finish_table(sheet: Worksheet, area: TableArea, *, freeze: bool = True) -> None:
    """Filter buttons on the header and (optionally) frozen panes below it."""
    sheet.auto_filter.ref = area.ref
    if freeze:
        sheet.freeze_panes = sheet.cell(row=area.first_row, column=area.first_column + 1)


def key_value_rows(
    sheet: Worksheet,
    row: int,
    items: list[tuple[str, object, str, str]],
    *,
    column: int = 1,
) -> int:
    """Label | value | definition rows (value formatted by kind); returns the next free row."""
    for label, value, kind, definition in items:
        put(sheet, row, column, label).font = styles.LABEL_FONT
        put(sheet, row, column + 1, value, styles.body_style_name(kind)).font = styles.VALUE_FONT
        if definition:
            note = put(sheet, row, column + 2, definition)
            note.font = styles.NOTE_FONT
        row += 1
    return row
