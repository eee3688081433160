"""Finding the table in a banner-topped workbook sheet (the PC dental list's 'Data' sheet).

The header row is located by its content; year banners above it split the columns into blocks
(one per activity year, later blocks repeating earlier column names); the first block is the
one imported. Cell values are checked as numbers with the row and column named on failure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from bcprimary.importing.base import ImportContext
from bcprimary.importing.numbers import PLAUSIBLE, NumberProblem, parse_number, warn_unusual
from bcprimary.importing.sources import normalise_header

#: How far down the header may sit.
HEADER_SEARCH_ROWS = 30
#: Contract numbers: 1001620000 as a number, or 159735/0001 as text.
CONTRACT_LIKE = r"\d{4,12}(/\d{1,4})?"
#: "202122 Contract data", "2019/20 Contract Data", "2021-22".
_YEAR_BANNER = re.compile(r"(?<!\d)(20\d{2})\s*[/-]?\s*(\d{2})(?!\d)")


@dataclass(frozen=True)
class Block:
    """Columns [start, stop) under one year banner."""

    start: int
    stop: int
    activity_year: str


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def find_header(ctx: ImportContext, rows: Sequence[Sequence[Any]], mark: str, sheet: str) -> int:
    """Index of the first row with a cell reading ``mark`` (compared like headers)."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(normalise_header(cell) == normalise_header(mark) for cell in row):
            return index
    ctx.reject(
        expected=f"a header row with a column '{mark}' within the first "
        f"{HEADER_SEARCH_ROWS} rows of sheet '{sheet}'",
        found="no such row",
    )


def activity_year(text: str) -> str | None:
    """'202122 Contract data' → '2021/22' (the second year must follow the first)."""
    for match in _YEAR_BANNER.finditer(text):
        first, second = int(match[1]), int(match[2])
        if second == (first + 1) % 100:
            return f"{first}/{second:02d}"
    return None


def find_block(ctx: ImportContext, rows: Sequence[Sequence[Any]], header_index: int) -> Block:
    """The first year block, from the banners above the header row."""
    # Sheets often report hundreds of empty columns: the table ends at its last header cell.
    header = rows[header_index]
    width = 1 + max((i for i, cell in enumerate(header) if _text(cell).strip()), default=0)
    banners: dict[int, tuple[str, str]] = {}
    for row in rows[:header_index]:
        for column, cell in enumerate(row[:width]):
            year = activity_year(cell) if isinstance(cell, str) else None
            if year and column not in banners:
                banners[column] = (year, " ".join(cell.split()))
    if not banners:
        ctx.reject(
            row=header_index,
            expected="a banner above the header naming the activity year, such as "
            "'202122 Contract data'",
            found="no year banner",
        )
    starts = sorted(banners)
    stop = starts[1] if len(starts) > 1 else width
    for index, start in enumerate(starts[1:], start=1):
        end = starts[index + 1] if index + 1 < len(starts) else width
        ctx.warn(
            f"columns {get_column_letter(start + 1)}–{get_column_letter(end)} under the banner "
            f"'{banners[start][1]}' (another year, repeating column names) are not imported; "
            f"only the first block, {banners[starts[0]][0]}, is",
            row=header_index + 1,
        )
    return Block(start=0, stop=stop, activity_year=banners[starts[0]][0])


def resolve_block_columns(
    ctx: ImportContext,
    header: Sequence[Any],
    block: Block,
    wanted: Mapping[str, Sequence[str]],
    required: Sequence[str],
    header_row: int,
) -> dict[str, int]:
    """Field → column index, taking the first matching column inside ``block``."""
    positions: dict[str, int] = {}
    for column in range(block.start, min(block.stop, len(header))):
        positions.setdefault(normalise_header(header[column]), column)
    found: dict[str, int] = {}
    span = f"columns {get_column_letter(block.start + 1)}–{get_column_letter(block.stop)}"
    for field, wordings in wanted.items():
        column = next(
            (positions[k] for k in map(normalise_header, wordings) if k in positions), None
        )
        if column is not None:
            found[field] = column
        elif field in required:
            ctx.reject(
                row=header_row,
                column=wordings[0],
                expected=f"a column headed '{wordings[0]}' in the {block.activity_year} block "
                f"({span})",
                found="no such column",
            )
        else:
            ctx.warn(
                f"no column '{wordings[0]}' in the {block.activity_year} block ({span}); "
                "that figure is left empty",
                row=header_row,
            )
    return found


def number(
    ctx: ImportContext, value: Any, row: int, column: Any, *, field: str | None = None
) -> float | None:
    """A numeric cell: empty → None; text like '1,234', '£25.10' or '35%' accepted; a decimal
    comma, a non-finite or an implausible value for ``field`` is rejected naming the cell."""
    name = " ".join(_text(column).split())
    try:
        parsed = parse_number(value, field=field, percent=True)
    except NumberProblem as problem:
        ctx.reject(row=row, column=name, expected=problem.expected, found=_text(value))
    if parsed is not None and field is not None and PLAUSIBLE[field].unusual(parsed):
        warn_unusual(ctx, field, _text(value), row, name)
    return parsed
