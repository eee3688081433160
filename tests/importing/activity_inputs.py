"""Inputs for the appointments, workforce and dental tests: generated crosstabs over real
Black Country practices, real workbooks re-saved with one thing changed, and csv-module
helpers that read files independently of the importers."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import openpyxl

from sample_data.synthetic.appointments import CrosstabSummary, write_crosstab
from sample_data.synthetic.practices import PracticeProfile
from tests.conftest import realdata
from tests.factories import (
    DENTAL_BC,
    REGISTERED_2025_10,
    black_country_profiles,
    practice_profiles,
)

DEFINITIONS = "workforce/General Practice Detailed Practice-Level CSV - Definitions.xlsx"
DERIVED_FTE = "workforce/derived_practice_fte_2016-2024.csv"
PCN_WORKFORCE = "workforce/Primary Care Networks - September 2022 Individual Level.csv"
DENTAL_CW = "dental/Coventry and Warwick ICS PC dental list October 2022.xlsx"
OCTOBER = dt.date(2025, 10, 1)


def national_practices() -> tuple[PracticeProfile, ...]:
    return practice_profiles(REGISTERED_2025_10)


def black_country() -> tuple[PracticeProfile, ...]:
    return black_country_profiles(REGISTERED_2025_10)


def crosstab(
    folder: Path,
    practices: Sequence[PracticeProfile] | None = None,
    month: dt.date = OCTOBER,
    seed: int = 11,
    name: str | None = None,
) -> CrosstabSummary:
    """A generated crosstab (20 Black Country practices unless told otherwise)."""
    practices = black_country()[:20] if practices is None else practices
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"Practice_Level_Crosstab_{month:%b_%y}.csv")
    return write_crosstab(path, practices, month, seed)


def read_records(path: Path, encoding: str = "utf-8-sig") -> tuple[list[str], list[list[str]]]:
    with path.open(encoding=encoding, newline="") as handle:
        records = list(csv.reader(handle))
    return records[0], records[1:]


def write_records(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    """Written back the way the publication writes them (minimal quoting, LF)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


@cache
def sheet_rows(relative: str, sheet: str) -> tuple[tuple, ...]:
    """All rows of one sheet of a real workbook, as values."""
    book = openpyxl.load_workbook(realdata(relative), read_only=True, data_only=True)
    try:
        return tuple(tuple(r) for r in book[sheet].iter_rows(values_only=True))
    finally:
        book.close()


def write_workbook(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def dental_variant(folder: Path, name: str, data_rows: Sequence[Sequence[object]]) -> Path:
    """The Black Country workbook with its Data sheet replaced (other sheets kept)."""
    return write_workbook(
        folder / name,
        {
            "Data": data_rows,
            "Community Dental Services": sheet_rows(DENTAL_BC, "Community Dental Services"),
            "Notes relating to data": sheet_rows(DENTAL_BC, "Notes relating to data"),
        },
    )
