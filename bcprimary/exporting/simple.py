"""A metrics or frontier table as a tidy one-sheet workbook (``table``/``frontier --out
FILE.xlsx``); written through :func:`bcprimary.exporting.safe_write.write_table`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bcprimary import glossary
from bcprimary.exporting.cells import put
from bcprimary.exporting.safe_write import (
    ExportError,
    write_csv,
    write_json,
    write_workbook_atomically,
)


def table_workbook(table: pd.DataFrame, title: str) -> Workbook:
    """One sheet: glossary labels as headers, text always as text (never a live formula)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    headers = list(table.columns)
    for index, column in enumerate(headers, start=1):
        entry = glossary.lookup(column)
        put(sheet, 1, index, entry.label if entry else column)
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(column) + 2))
    for row_number, row in enumerate(table.itertuples(index=False), start=2):
        for index, value in enumerate(row, start=1):
            put(sheet, row_number, index, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return workbook


def write_table(table: pd.DataFrame, path: Path, title: str) -> Path:
    """A table written in the format its extension names (.csv, .xlsx or .json)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return write_csv(table, path)
    if suffix == ".xlsx":
        return write_workbook_atomically(table_workbook(table, title), path)
    if suffix == ".json":
        rows = table.astype(object).where(pd.notna(table), None).to_dict(orient="records")
        return write_json(rows, path)
    raise ExportError(
        f"{Path(path).name}: the file must end in .csv, .xlsx or .json "
        f"(found '{suffix or 'no extension'}')."
    )
