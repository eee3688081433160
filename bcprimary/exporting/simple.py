"""A metrics table as a tidy one-sheet workbook (``bcprimary table … --out FILE.xlsx``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bcprimary import glossary
from bcprimary.exporting.safe_write import write_workbook_atomically


def write_table_xlsx(table: pd.DataFrame, path: Path, title: str) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    headers = list(table.columns)
    sheet.append([glossary.lookup(c).label if glossary.lookup(c) else c for c in headers])
    for row in table.itertuples(index=False):
        sheet.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row])
    for cell in sheet[1]:
        cell.data_type = "s"
    for index, column in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(column) + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    write_workbook_atomically(workbook, path)
