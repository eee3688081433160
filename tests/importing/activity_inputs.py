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
from sample_data.synthetic.practices import PracticeProfile, load_practice_profiles
from tests.conftest import realdata

REGISTERED_2025_10 = "registered_patients/gp-reg-pat-prac-all_2025-10.csv"
MAP_2025_10 = "practice_pcn_map/gp-reg-pat-prac-map_2025-10.csv"
IMD_2019 = "deprivation/fingertips_93553_imd2019_practice.csv"
DEFINITIONS = "workforce/General Practice Detailed Practice-Level CSV - Definitions.xlsx"
DERIVED_FTE = "workforce/derived_practice_fte_2016-2024.csv"
PCN_WORKFORCE = "workforce/Primary Care Networks - September 2022 Individual Level.csv"
DENTAL_BC = "dental/Black Country ICS PC dental list October 2022.xlsx"
DENTAL_CW = "dental/Coventry and Warwick ICS PC dental list October 2022.xlsx"
OCTOBER = dt.date(2025, 10, 1)


@cache
def national_practices() -> tuple[PracticeProfile, ...]:
    return tuple(
        load_practice_profiles(
            realdata(REGISTERED_2025_10), realdata(MAP_2025_10), realdata(IMD_2019)
        )
    )


@cache
def black_country() -> tuple[PracticeProfile, ...]:
    return tuple(p for p in national_practices() if p.sub_icb_code == "D2P2L")


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
