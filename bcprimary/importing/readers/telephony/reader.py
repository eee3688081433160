"""Cloud Based Telephony data in General Practice (NHS England, monthly XLSX, official
statistics in development).

The workbook has a title sheet, a data-quality sheet and numbered tables. Two practice tables
are read, each found by its header words: call outcomes ("Count of Inbound calls", Answered,
Ended during the IVR stage, Call back requested, Missed, Call back made — a two-row header with
Total / % under each outcome) and answered calls by time to answer (the bands under the
"Answered Calls - Wait time" banner; the same band names repeat under the "Duration" banner,
which is not read). The two tables list the same rows in the same order; they are joined on
the row's organisation codes.

Rows whose practice is ``Unassigned`` are shared phone accounts the publication maps only to a
PCN, a sub-ICB location or nothing: their calls are real and count in those totals, so they are
kept with no practice and the level they are mapped to. The table's own ``Total`` row is used
to check the sum of the rows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import openpyxl

from bcprimary.db.models import TelephonyCalls
from bcprimary.importing.base import DatasetReader, FileHead, ImportContext
from bcprimary.importing.workbook_tables import (
    TableHeader,
    banner_column,
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

TITLE = "Cloud Based Telephony"
OUTCOME_MARKS = ("Count of Inbound calls", "Answered", "Missed")
WAIT_MARKS = ("Total Inbound calls", "Less than 1 minute")
PLACE_COLUMNS = {
    "month": ["Month"],
    "practice": ["GP Practice (ODS_CODE)", "GP Practice", "GP Code", "Practice Code"],
    "pcn": ["PCN Code"],
    "sub_icb": ["Sub ICB Code", "Sub ICB Location Code"],
    "icb": ["ICB Code"],
    "region": ["Region Code"],
}
OUTCOME_COLUMNS = {
    "inbound": ["Count of Inbound calls", "Total Inbound calls", "Inbound calls"],
    "answered": ["Answered", "Calls answered"],
    "ivr_ended": ["Ended during the IVR Stage", "Ended during IVR"],
    "callback_requested": ["Call back requested", "Call backs requested"],
    "missed": ["Missed", "Missed calls"],
    "callbacks_made": ["Call back made", "Call backs made"],
}
WAIT_BANDS = {
    "answered_within_1min": ["Less than 1 minute"],
    "answered_1_2min": ["1 - 2 minutes", "1-2 minutes"],
    "answered_2_5min": ["2 - 5 minutes", "2-5 minutes"],
    "answered_over_5min": ["Longer than 5 minutes", "More than 5 minutes"],
}
KEY = ("practice", "pcn", "sub_icb", "icb")


class TelephonyReader(DatasetReader):
    dataset = "telephony"
    title = "Cloud Based Telephony data in General Practice"

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        if head.kind != "xlsx":
            return False
        marks = {clean_header(m) for m in OUTCOME_MARKS}
        title = clean_header(TITLE)
        for rows in head.sheets.values():
            for row in rows:
                cells = {clean_header(c) for c in row}
                if marks <= cells or any(c.startswith(title) for c in cells):
                    return True
        return False

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        with ctx.source.open_binary() as handle:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
            try:
                outcomes = find_table(workbook, OUTCOME_MARKS)
                if outcomes is None:
                    ctx.reject(
                        expected="a practice table headed 'Count of Inbound calls', 'Answered', "
                        "'Missed' (call outcomes by practice)",
                        found="sheets: " + ", ".join(workbook.sheetnames),
                    )
                records, total = self._outcomes(ctx, workbook, outcomes)
                waits = find_table(workbook, WAIT_MARKS)
                if waits is None:
                    ctx.warn("no table of answered calls by time to answer: those are left empty")
                else:
                    self._add_waits(ctx, workbook, waits, records)
            finally:
                workbook.close()
        self._check_total(ctx, records, total)
        write_month(ctx, self.dataset, TelephonyCalls, records)

    def _outcomes(
        self, ctx: ImportContext, workbook: Any, header: TableHeader
    ) -> tuple[list[dict], int | None]:
        places = resolve_columns(ctx, header, PLACE_COLUMNS, ("month", "practice"))
        values = resolve_columns(ctx, header, OUTCOME_COLUMNS, ("inbound",))
        for field in OUTCOME_COLUMNS:
            if field not in values:
                ctx.warn(f"no column '{OUTCOME_COLUMNS[field][0]}': that figure is left empty")
        records: list[dict] = []
        total = None
        for number, row in data_rows(workbook, header):
            ctx.check_cancel()
            if not is_data_row(row, places, values["inbound"]):
                if clean_header(cell(row, places["month"])) == "TOTAL":
                    total = count(ctx, cell(row, values["inbound"]), number, 0, "Total")
                continue  # blank rows, the Total row, notes under the table
            record = place_codes(row, places)
            record["month"] = month_of(cell(row, places["month"]))
            for field, column in values.items():
                record[field] = count(ctx, cell(row, column), number, column, field)
            if record["inbound"] is None:
                ctx.reject(row=number, column="Count of Inbound calls", expected="a count")
            record["_row"] = number
            records.append(record)
        if not records:
            ctx.reject(row=header.row + 3, expected="practice rows under the header", found="none")
        fill_months(ctx, records)
        return records, total

    def _add_waits(
        self, ctx: ImportContext, workbook: Any, header: TableHeader, records: list[dict]
    ) -> None:
        start = banner_column(header, "Wait time") or 0
        duration = banner_column(header, "Duration")
        stop = duration if duration is not None and duration > start else None
        places = resolve_columns(ctx, header, PLACE_COLUMNS, ("month", "practice"))
        bands = resolve_columns(ctx, header, WAIT_BANDS, (), start=start, stop=stop)
        queue: dict[tuple, list[dict]] = defaultdict(list)
        first_band = min(bands.values(), default=0)
        for number, row in data_rows(workbook, header):
            if not is_data_row(row, places, first_band):
                continue
            place = place_codes(row, places)
            queue[tuple(place[k] for k in KEY)].append(
                {f: count(ctx, cell(row, c), number, c, f) for f, c in bands.items()}
            )
        unmatched = 0
        for record in records:
            waiting = queue.get(tuple(record[k] for k in KEY))
            if waiting:
                record.update(waiting.pop(0))
            else:
                unmatched += 1
        if unmatched:
            ctx.warn(
                f"{unmatched} row(s) of the call outcomes have no row in the table of answer "
                "times: their answer-time bands are left empty"
            )

    @staticmethod
    def _check_total(ctx: ImportContext, records: list[dict], total: int | None) -> None:
        summed = sum(r["inbound"] for r in records)
        if total is not None and total != summed:
            ctx.warn(
                f"the rows add up to {summed:,} inbound calls but the table's Total row says "
                f"{total:,}"
            )
        shared = [r for r in records if r["level"] != "practice"]
        if shared:
            ctx.warn(
                f"{len(shared)} row(s) are shared phone accounts mapped only to a PCN or a wider "
                f"area ({sum(r['inbound'] for r in shared):,} inbound calls): kept at that level"
            )
