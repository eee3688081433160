"""Submissions via Online Consultation Systems in General Practice (NHS England, monthly XLSX,
official statistics in development; renamed "Submissions via OC Systems …" in 2025).

Table 2 lists each practice: supplier(s), submissions by type (clinical, administrative,
other/unknown), the registered patient count the publication used, its rate per 1,000 and a
participation flag. The table is found by its header words with the footnote marks removed
(``Submissions [7]``, ``Participation [11]`` one month, ``Participation`` another). The
participation flag reads 1 (takes part), 0 (does not) or ``*`` (not given that month, stored
empty). The publication's rate column is not stored: rates are recomputed from the counts.
"""

from __future__ import annotations

import re
from typing import Any

import openpyxl

from bcprimary.db.models import OnlineConsultations
from bcprimary.importing.base import DatasetReader, FileHead, ImportContext
from bcprimary.importing.workbook_tables import (
    TableHeader,
    cell,
    clean_header,
    count,
    data_rows,
    fill_months,
    find_table,
    is_data_row,
    month_of,
    place_codes,
    resolve_columns,
    write_month,
)

#: The publication's title in either of its names.
TITLE = re.compile(r"SUBMISSIONS VIA (ONLINE CONSULTATION|OC) SYSTEMS")
MARKS = ("GP Code", "Submissions", "Clinical Submissions")
PLACE_COLUMNS = {
    "month": ["Month"],
    "practice": ["GP Code", "Practice Code", "GP Practice Code"],
    "pcn": ["PCN Code"],
    "sub_icb": ["Sub ICB Code", "Sub ICB Location Code"],
    "icb": ["ICB Code"],
    "region": ["Region Code"],
}
VALUE_COLUMNS = {
    "submissions": ["Submissions", "Total Submissions"],
    "clinical": ["Clinical Submissions"],
    "administrative": ["Administrative Submissions"],
    "other_type": ["Other/Unknown Type Submissions", "Other Submissions"],
    "registered_patients": ["Registered Patient Count", "Registered Patients"],
}


class OnlineConsultationsReader(DatasetReader):
    dataset = "online_consultations"
    title = "Submissions via Online Consultation Systems in General Practice"

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        if head.kind != "xlsx":
            return False
        marks = {clean_header(m) for m in MARKS}
        for rows in head.sheets.values():
            for row in rows:
                cells = {clean_header(c) for c in row}
                if marks <= cells or any(TITLE.match(c) for c in cells):
                    return True
        return False

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        with ctx.source.open_binary() as handle:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                table = find_table(workbook, MARKS)
                if table is None:
                    ctx.reject(
                        expected="a practice table headed 'GP Code', 'Submissions', "
                        "'Clinical Submissions'",
                        found="sheets: " + ", ".join(workbook.sheetnames),
                    )
                records = self._rows(ctx, workbook, table)
            finally:
                workbook.close()
        unknown = sum(r["participation"] is None for r in records)
        if unknown:
            ctx.warn(
                f"{unknown} practice(s) have no participation flag this month: a practice counts "
                "as reporting when it received at least one submission"
            )
        write_month(ctx, self.dataset, OnlineConsultations, records)

    def _rows(self, ctx: ImportContext, workbook: Any, header: TableHeader) -> list[dict]:
        places = resolve_columns(ctx, header, PLACE_COLUMNS, ("month", "practice"))
        values = resolve_columns(ctx, header, VALUE_COLUMNS, ("submissions",))
        flags = resolve_columns(ctx, header, {"participation": ["Participation"]}, ())
        supplier = resolve_columns(ctx, header, {"supplier": ["Supplier"]}, ())
        records = []
        for number, row in data_rows(workbook, header):
            ctx.check_cancel()
            if not is_data_row(row, places, values["submissions"]):
                continue  # blank rows, totals and notes under the table
            record = place_codes(row, places)
            record["month"] = month_of(cell(row, places["month"]))
            record["_row"] = number
            for field, column in values.items():
                record[field] = count(ctx, cell(row, column), number, column, field)
            if record["submissions"] is None:
                ctx.reject(row=number, column="Submissions", expected="a count")
            text = cell(row, supplier.get("supplier"))
            record["supplier"] = " ".join(str(text).split()) if text is not None else None
            record["participation"] = _participation(cell(row, flags.get("participation")))
            records.append(record)
        if not records:
            ctx.reject(row=header.row + 2, expected="practice rows under the header", found="none")
        fill_months(ctx, records)
        return records


def _participation(value: object) -> int | None:
    """1 / 0 as published (also 'Yes'/'No'); anything else ('*', blank) is not known."""
    text = "" if value is None else str(value).strip().upper()
    if text in ("1", "1.0", "Y", "YES", "TRUE"):
        return 1
    if text in ("0", "0.0", "N", "NO", "FALSE"):
        return 0
    return None
