"""Reading workbook sheets in bounded memory and time, whatever the sheet claims.

A sheet's stored "used range" can claim the last cell of the grid (XFD1048576); read naively,
every row is padded to 16,384 cells and a stray cell far below the data makes a million empty
rows. Here the claimed dimensions are ignored (only cells really stored are read), each row is
cut after its last value, and reading stops after :data:`MAX_BLANK_RUN` blank rows in a row —
the data's real end. A sheet with more than :data:`MAX_SHEET_ROWS` rows of data is refused.

Formula cells are read through the value Excel saved with them. A formula with no saved value
(a workbook written by a program that does not calculate) would load as an empty cell, so it
is refused, naming the cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from bcprimary.importing.base import ImportContext
from bcprimary.importing.sources import normalise_header

#: Consecutive blank rows after which a sheet's data is taken to have ended.
MAX_BLANK_RUN = 1_000
#: Rows of data read from one sheet at most (the publications read have fewer than 10,000).
MAX_SHEET_ROWS = 200_000


def _trimmed(row: Iterable[Any]) -> list[Any]:
    values = list(row)
    while values and (values[-1] is None or (isinstance(values[-1], str) and not values[-1])):
        values.pop()
    return values


def _stream(worksheet: Any) -> Iterator[tuple[Any, ...]]:
    worksheet.reset_dimensions()  # ignore the claimed used range: read only stored cells
    return worksheet.iter_rows(values_only=True)


def read_sheets(ctx: ImportContext, wanted: Iterable[str]) -> dict[str, list[list[Any]]]:
    """Rows of each wanted sheet (names compared like headers), trimmed, bounded and checked.

    Sheets not in the workbook are left out; the caller decides whether that is an error.
    """
    names = {normalise_header(n) for n in wanted}
    with ctx.source.open_binary() as values_file, ctx.source.open_binary() as formulas_file:
        values_book = openpyxl.load_workbook(values_file, read_only=True, data_only=True)
        formulas_book = openpyxl.load_workbook(formulas_file, read_only=True, data_only=False)
        try:
            return {
                key: _read_one(ctx, values_book[title], formulas_book[title])
                for title in values_book.sheetnames
                if (key := normalise_header(title)) in names
            }
        finally:
            values_book.close()
            formulas_book.close()


def sheet_names(ctx: ImportContext) -> list[str]:
    with ctx.source.open_binary() as handle:
        book = openpyxl.load_workbook(handle, read_only=True)
        try:
            return list(book.sheetnames)
        finally:
            book.close()


def _read_one(ctx: ImportContext, values_sheet: Any, formulas_sheet: Any) -> list[list[Any]]:
    rows: list[list[Any]] = []
    blank_run = 0
    for number, (values, formulas) in enumerate(
        zip(_stream(values_sheet), _stream(formulas_sheet), strict=False), start=1
    ):
        row = _trimmed(values)
        for column, formula in enumerate(formulas):
            if (
                isinstance(formula, str)
                and formula.startswith("=")
                and (column >= len(row) or row[column] is None)
            ):
                ctx.reject(
                    row=number,
                    column=f"{get_column_letter(column + 1)} (sheet '{values_sheet.title}', "
                    f"cell {get_column_letter(column + 1)}{number})",
                    expected="a value saved with the formula (open the file in Excel and save "
                    "it again, or paste the values)",
                    found=f"the formula {formula[:60]} with no saved value",
                )
        if not row:
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            rows.append(row)
            continue
        blank_run = 0
        rows.append(row)
        if len(rows) > MAX_SHEET_ROWS:
            ctx.reject(
                f"sheet '{values_sheet.title}' has more than {MAX_SHEET_ROWS:,} rows, more "
                "than any publication this app reads; is this the right file?"
            )
    while rows and not rows[-1]:
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]
