"""Practice tables in NHS England's statistical workbooks (telephony, online consultations).

These publications put each table on its own sheet under a title and banner rows; headers carry
footnote marks whose numbers change from month to month (``PCN Code [2, 3]``, ``Participation
[11]`` one month and ``Participation`` the next), so headers are compared with the marks
removed, and a table is found by the words of its header row, not by its sheet name or row
number. Sheets are streamed (openpyxl read-only); nothing here holds a whole workbook.

Rows whose practice is not a practice code (``Unassigned``/``Unmapped``: shared accounts the
publication could map only to a PCN or a wider geography) are kept at the level they are mapped
to — see :func:`org_level`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter
from sqlalchemy import delete

from bcprimary.db.bulk import insert_rows
from bcprimary.importing.base import ImportContext
from bcprimary.importing.name_dates import month_in_name
from bcprimary.importing.sources import normalise_header
from bcprimary.importing.validate import PCN_CODE, PRACTICE_CODE

#: How far down a sheet its header row may sit.
HEADER_SEARCH_ROWS = 40
_FOOTNOTE = re.compile(r"\s*\[[\d,\s]*\]|\*+")
#: Geography cells that name no organisation.
_NO_ORGANISATION = {"", "UNMAPPED", "UNASSIGNED", "UNALLOCATED", "UNKNOWN", "NATIONAL", "-"}


def clean_header(cell: object) -> str:
    """Header text without footnote marks, case, line breaks or repeated spaces."""
    return normalise_header(_FOOTNOTE.sub("", "" if cell is None else str(cell)))


@dataclass(frozen=True)
class TableHeader:
    """Where a table's header sits in its sheet (0-based indices)."""

    sheet: str
    row: int
    cells: tuple[str, ...]
    """The cleaned header row."""
    sub_cells: tuple[str, ...]
    """The cleaned row under it (``Total`` / ``%`` under two-row headers; else data)."""
    banners: tuple[tuple[int, str], ...]
    """(column, cleaned text) of non-empty cells in the rows above the header."""


def find_table(workbook: Any, marks: Sequence[str]) -> TableHeader | None:
    """The first sheet with a row holding every one of ``marks`` (cleaned header words)."""
    wanted = [clean_header(m) for m in marks]
    for sheet in workbook.worksheets:
        above: list[tuple[int, str]] = []
        rows = sheet.iter_rows(max_row=HEADER_SEARCH_ROWS + 1, values_only=True)
        previous: tuple[str, ...] | None = None
        for index, row in enumerate(rows):
            cells = tuple(clean_header(c) for c in row)
            if previous is not None:
                return TableHeader(sheet.title, index - 1, previous, cells, tuple(above))
            if all(w in cells for w in wanted):
                previous = cells
                continue
            above += [(i, c) for i, c in enumerate(cells) if c]
        if previous is not None:
            return TableHeader(sheet.title, HEADER_SEARCH_ROWS, previous, (), tuple(above))
    return None


def resolve_columns(
    ctx: ImportContext,
    header: TableHeader,
    wanted: Mapping[str, Sequence[str]],
    required: Sequence[str],
    *,
    start: int = 0,
    stop: int | None = None,
) -> dict[str, int]:
    """Field → column of its value, looking between ``start`` and ``stop``.

    Under a two-row header the value sits under the field's header cell or, when that cell
    spans several columns, in the first column beneath it reading ``Total`` or ``Count``.
    """
    stop = len(header.cells) if stop is None else stop
    positions: dict[str, int] = {}
    for column in range(start, min(stop, len(header.cells))):
        if header.cells[column]:
            positions.setdefault(header.cells[column], column)
    found: dict[str, int] = {}
    for field, wordings in wanted.items():
        column = next((positions[w] for w in map(clean_header, wordings) if w in positions), None)
        if column is None:
            if field in required:
                ctx.reject(
                    row=header.row + 1,
                    column=wordings[0],
                    expected=f"a column headed '{wordings[0]}' in the table on sheet "
                    f"'{header.sheet}'",
                    found="no such column",
                )
            continue
        found[field] = _value_column(header, column)
    return found


def _value_column(header: TableHeader, column: int) -> int:
    cells, subs = header.cells, header.sub_cells
    end = next((c for c in range(column + 1, len(cells)) if cells[c]), len(cells))
    for candidate in range(column, end):
        if candidate < len(subs) and subs[candidate] in ("TOTAL", "COUNT"):
            return candidate
    return column


def banner_column(header: TableHeader, words: str) -> int | None:
    """Column of the first banner above the header containing ``words``."""
    key = clean_header(words)
    return next((column for column, text in header.banners if key in text), None)


def data_rows(workbook: Any, header: TableHeader) -> Iterator[tuple[int, tuple]]:
    """(1-based row number, values) of every row below the header (and its sub-header)."""
    sheet = workbook[header.sheet]
    first = header.row + 2  # 1-based row after the header
    yield from enumerate(sheet.iter_rows(min_row=first, values_only=True), start=first)


def month_of(value: object) -> dt.date | None:
    """The first of the month a ``Month`` cell holds (a date, or text such as ``Nov 2025``)."""
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = dt.date.fromisoformat(text[:10])
            return parsed.replace(day=1)
        except ValueError:
            return month_in_name(text)
    return None


#: Practice cells of shared accounts (rows without a practice).
SHARED_ACCOUNT = {"UNASSIGNED", "UNMAPPED"}


def is_data_row(row: tuple, places: Mapping[str, int], value_column: int) -> bool:
    """A table row (not a blank, total or note row): its Month is a month, or — where the Month
    cell holds something else (a published file once carried its copyright line there) — its
    practice cell is a practice code or a shared account and its first figure is a number."""
    if month_of(cell(row, places["month"])) is not None:
        return True
    practice = clean_header(cell(row, places["practice"]))
    value = cell(row, value_column)
    return (
        bool(PRACTICE_CODE.match(practice) or practice in SHARED_ACCOUNT)
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    )


def fill_months(ctx: ImportContext, records: list[dict]) -> None:
    """Give rows whose Month cell held no month the month of the other rows, and say so."""
    missing = [r for r in records if r["month"] is None]
    months = {r["month"] for r in records if r["month"] is not None}
    if not missing:
        return
    if len(months) != 1:
        ctx.reject(row=missing[0]["_row"], column="Month", expected="a month", found="none")
    month = next(iter(months))
    for record in missing:
        record["month"] = month
        ctx.warn(
            f"the Month cell of this row holds no month; the row is read as {month:%B %Y}, "
            "the month of every other row",
            row=record["_row"],
            column="Month",
        )


def code(value: object) -> str | None:
    """An organisation code cell: upper case, None where it names no organisation."""
    text = "" if value is None else " ".join(str(value).split()).upper()
    return None if text in _NO_ORGANISATION else text


def org_level(
    practice: str | None,
    pcn: str | None,
    sub_icb: str | None,
    icb: str | None,
    region: str | None,
) -> str:
    """The level a row's figures belong to: a practice, or the narrowest mapped geography of
    a shared account (``U`` is 'not in a PCN', so such a row is mapped to its sub-ICB)."""
    if practice and PRACTICE_CODE.match(practice):
        return "practice"
    if pcn and pcn != "U" and PCN_CODE.match(pcn):
        return "pcn"
    for level, value in (("sub_icb", sub_icb), ("icb", icb), ("region", region)):
        if value:
            return level
    return "national"


def count(ctx: ImportContext, value: Any, row: int, column: int, name: str) -> int | None:
    """A count cell: empty → None; a whole number ≥ 0, else the file is rejected."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: float | None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).replace(",", "").strip())
        except ValueError:
            number = None
    if number is None or number < 0 or not number.is_integer():
        ctx.reject(
            row=row,
            column=f"{name} (column {get_column_letter(column + 1)})",
            expected="a whole number, 0 or more",
            found=value,
        )
    return int(number)


def write_month(ctx: ImportContext, dataset: str, model: Any, records: list[dict]) -> None:
    """Store one month's rows as the snapshot ``YYYY-MM``, replacing an earlier import of it.

    Every row must be of the same month (``_row`` names the row of the file for the message).
    """
    months = {r["month"] for r in records}
    if len(months) > 1:
        first, second = sorted(months)[:2]
        row = next(r["_row"] for r in records if r["month"] == second)
        ctx.reject(row=row, column="Month", expected=f"every row in {first:%B %Y}", found=second)
    month = months.pop()
    ctx.replace_snapshot(
        dataset, f"{month:%Y-%m}", month, delete(model).where(model.month == month)
    )
    columns = [c.name for c in model.__table__.columns if c.name != "id"]
    insert_rows(
        ctx.conn,
        model.__table__,
        columns,
        [tuple(ctx.import_id if c == "import_id" else r.get(c) for c in columns) for r in records],
    )
    ctx.rows_read = ctx.rows_kept = len(records)


def cell(row: tuple, column: int | None) -> Any:
    """The value at ``column`` (None when the row is shorter or there is no column)."""
    return row[column] if column is not None and column < len(row) else None


def place_codes(row: tuple, places: dict[str, int]) -> dict:
    """The row's organisation codes (model column names and short keys) and its level."""
    found = {k: code(cell(row, places.get(k))) for k in ("practice", "pcn", "sub_icb", "icb")}
    found["region"] = code(cell(row, places.get("region")))
    level = org_level(*(found[k] for k in ("practice", "pcn", "sub_icb", "icb", "region")))
    if level != "practice":
        found["practice"] = None
    if level not in ("practice", "pcn"):
        found["pcn"] = None if found["pcn"] == "U" else found["pcn"]
    return {
        "level": level,
        "practice_code": found["practice"],
        "pcn_code": found["pcn"],
        "sub_icb_code": found["sub_icb"],
        "icb_code": found["icb"],
        "region_code": found["region"],
        **found,
    }
