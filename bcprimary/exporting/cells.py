"""Writing values into cells safely: text from data files stays text, numbers stay numbers.

openpyxl treats any string that starts with "=" as a formula, and Excel evaluates what a user
re-enters starting with = + - @. A practice or PCN name comes from a published file we do not
control, so every string goes through :func:`put`: it is stored as a string cell, characters
XML forbids are dropped, and risky leading characters get Excel's quote prefix (the invisible
apostrophe) so that editing the cell in Excel keeps it text. Formulas are only ever written by
:func:`put_formula`, from text this package builds.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from copy import copy
from numbers import Number

import numpy as np
from openpyxl.cell.cell import Cell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet

#: Control characters that XML 1.0 (and so .xlsx) cannot hold.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Leading characters that make Excel (or a CSV export of the sheet) read a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: Excel's limit on characters in one cell.
MAX_CELL_TEXT = 32_767


def clean_text(value: object) -> str:
    """A string an .xlsx can hold: no forbidden control characters, at most 32,767 characters."""
    text = _ILLEGAL.sub("", str(value))
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


def is_risky(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula."""
    return text.startswith(_FORMULA_START)


def plain(value: object) -> object:
    """A Python value openpyxl writes as it is: numbers as float/int, NaN and None as empty."""
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return "Yes" if value else "No"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Number | dt.date | dt.datetime):
        return value
    try:
        if value != value:  # pandas NA/NaT compare unequal to themselves
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def put(
    sheet: Worksheet, row: int, column: int, value: object, style: str | StyleArray | None = None
) -> Cell:
    """Write `value` at (row, column); strings are always written as text, never as formulas.

    `style` is a named style (or its `StyleArray`, see `style_array`), applied first: applying
    a named style later would clear the quote prefix that keeps risky text as text.
    """
    value = plain(value)
    cell = sheet.cell(row=row, column=column)
    if isinstance(style, StyleArray):
        cell._style = copy(style)
    elif style is not None:
        cell.style = style
    if isinstance(value, str):
        write_text(cell, value)
    else:
        cell.value = value
    return cell


def style_array(sheet: Worksheet, name: str) -> StyleArray:
    """The cell style of a registered named style, for copying into many cells.

    Assigning ``cell.style = name`` looks the name up every time; for a table of a few hundred
    thousand cells, copying the looked-up array is several times faster.
    """
    return sheet.parent._named_styles[name].as_tuple()


def write_text(cell: Cell, value: object) -> None:
    text = clean_text(value)
    # Assigning the value first lets openpyxl guess a type; the guess is then overruled: a
    # string cell is written as a shared string, which no spreadsheet evaluates.
    cell.value = text
    cell.data_type = "s"
    if is_risky(text):
        cell.quotePrefix = True


def put_formula(sheet: Worksheet, row: int, column: int, formula: str) -> Cell:
    """Write a formula this package built (never text from a data file)."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    cell = sheet.cell(row=row, column=column)
    cell.value = formula
    cell.data_type = "f"
    return cell
