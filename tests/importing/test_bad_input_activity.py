"""Broken appointments, workforce and dental inputs: each is rejected with a message naming the
file, the row and column where there is one, what was expected and what was found, and the
database — already holding a month of appointments, dental contracts and workforce — is
row-for-row unchanged."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bcprimary.db import open_database
from bcprimary.importing.readers.appointments import AppointmentsReader
from tests.conftest import realdata
from tests.importing.activity_inputs import (
    DENTAL_BC,
    PCN_WORKFORCE,
    black_country,
    crosstab,
    dental_variant,
    read_records,
    sheet_rows,
    write_records,
)
from tests.importing.realslices import dump_database, import_one

CROSSTAB = "Practice_Level_Crosstab_Oct_25.csv"


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]
    fragments: tuple[str, ...]
    chunk_rows: int | None = None
    in_child: bool = False  # parse in the second process used for large files

    def __str__(self) -> str:
        return self.name


# --- crosstab variants ----------------------------------------------------------------------


def _crosstab(folder: Path) -> tuple[list[str], list[list[str]]]:
    return read_records(crosstab(folder / "source", seed=21).path)


def _edited(folder: Path, edit: Callable[[list[str], list[list[str]]], None]) -> Path:
    header, rows = _crosstab(folder)
    edit(header, rows)
    return write_records(folder / CROSSTAB, header, rows)


def _cell(field: str, row: int, value: str) -> Callable[[Path], Path]:
    """``row`` is the spreadsheet row (header = 1)."""

    def edit(header: list[str], rows: list[list[str]]) -> None:
        rows[row - 2][header.index(field)] = value

    return lambda folder: _edited(folder, edit)


def _from_row(field: str, row: int, value: str) -> Callable[[Path], Path]:
    def edit(header: list[str], rows: list[list[str]]) -> None:
        for r in rows[row - 2 :]:
            r[header.index(field)] = value

    return lambda folder: _edited(folder, edit)


def _renamed(old: str, new: str) -> Callable[[Path], Path]:
    def edit(header: list[str], rows: list[list[str]]) -> None:
        header[header.index(old)] = new

    return lambda folder: _edited(folder, edit)


def _repeated(row: int) -> Callable[[Path], Path]:
    def edit(header: list[str], rows: list[list[str]]) -> None:
        rows.append(list(rows[row - 2]))

    return lambda folder: _edited(folder, edit)


def _cut_mid_row(folder: Path) -> Path:
    data = crosstab(folder / "source", seed=21).path.read_bytes()
    last = data.rstrip(b"\n").rfind(b"\n") + 1
    fields = data[last:].split(b",")
    (folder / CROSSTAB).write_bytes(data[:last] + b",".join(fields[:9]))
    return folder / CROSSTAB


def _cut_in_quotes(folder: Path) -> Path:
    practices = list(black_country()[:3])
    practices[-1] = dataclasses.replace(practices[-1], name="SMITH, JONES & PARTNERS")
    data = crosstab(folder / "source", practices, seed=21).path.read_bytes()
    opening = data.rfind(b',"SMITH') + 2
    (folder / CROSSTAB).write_bytes(data[: opening + 6])
    return folder / CROSSTAB


def _unquoted_comma(folder: Path) -> Path:
    """A name with a comma written without quotes: every later field moves one to the right."""
    data = crosstab(folder / "source", seed=21).path.read_text(encoding="utf-8").splitlines()
    fields = data[40].split(",")
    fields[2] = fields[2] + ", THE SURGERY"
    data[40] = ",".join(fields)
    (folder / CROSSTAB).write_text("\n".join(data) + "\n", encoding="utf-8")
    return folder / CROSSTAB


def _header_only(folder: Path) -> Path:
    header, _ = _crosstab(folder)
    return write_records(folder / CROSSTAB, header, [])


def _zip_without_data(folder: Path) -> Path:
    path = folder / "Appointments GP Oct 25.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Practice Level Crosstab/", "")
        archive.writestr("Practice Level Crosstab/README.txt", "the data is on the website")
    return path


def _zip_damaged(folder: Path) -> Path:
    source = crosstab(folder / "source", seed=21).path
    path = folder / "Appointments GP Oct 25.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.write(source, CROSSTAB)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"X" * 64  # stored bytes changed: the CRC no longer matches
    path.write_bytes(bytes(data))
    return path


# --- dental variants --------------------------------------------------------------------------


def _dental(edit: Callable[[list[list[object]]], None], name: str = "dental list.xlsx"):
    def build(folder: Path) -> Path:
        rows = [list(r) for r in sheet_rows(DENTAL_BC, "Data")]
        edit(rows)
        return dental_variant(folder, name, rows)

    return build


def _dental_cell(row: int, heading: str, value: object):
    def edit(rows: list[list[object]]) -> None:
        rows[row - 1][rows[4].index(heading)] = value

    return _dental(edit)


def _dental_without_data(folder: Path) -> Path:
    from tests.importing.activity_inputs import write_workbook

    return write_workbook(
        folder / "Black Country ICS PC dental list October 2022.xlsx",
        {
            "Community Dental Services": sheet_rows(DENTAL_BC, "Community Dental Services"),
            "Notes relating to data": sheet_rows(DENTAL_BC, "Notes relating to data"),
        },
    )


# --- workforce variants -----------------------------------------------------------------------


def _pcn_slice() -> tuple[list[str], list[list[str]]]:
    with realdata(PCN_WORKFORCE).open(encoding="cp1252", newline="") as handle:
        records = list(csv.reader(handle))
    header = records[0]
    icb = header.index("ICB_CODE")
    return header, [r for r in records[1:] if r[icb] == "QUA"][:60]


def _pcn_cell(field: str, row: int, value: str):
    def build(folder: Path) -> Path:
        header, rows = _pcn_slice()
        rows[row - 2][header.index(field)] = value
        path = folder / "Primary Care Networks - September 2022 Individual Level.csv"
        with path.open("w", encoding="cp1252", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows([header, *rows])
        return path

    return build


def _practice_workforce(name: str, field: str | None = None, value: str = ""):
    def build(folder: Path) -> Path:
        from sample_data.synthetic.practice_workforce import write_practice_workforce
        from tests.importing.activity_inputs import DEFINITIONS, DERIVED_FTE

        summary = write_practice_workforce(
            folder / "source.csv",
            black_country()[:12],
            snapshot=dt.date(2025, 10, 31),
            definitions_xlsx=realdata(DEFINITIONS),
            calibration_csv=realdata(DERIVED_FTE),
            seed=4,
        )
        header, rows = read_records(summary.path)
        if field:
            rows[5][header.index(field)] = value
        return write_records(folder / name, header, rows)

    return build


WORKFORCE_OCT = "General Practice – October 2025 Practice Level - Detailed.csv"

CASES = [
    Case("crosstab cut mid-row", _cut_mid_row,
         ("row ", "COUNT_OF_APPOINTMENTS", "an empty cell", "cut short")),
    Case("crosstab cut inside a quoted name", _cut_in_quotes,
         ("closing quote", "looks cut off")),
    Case("crosstab cut inside a quoted name, parsed in a second process", _cut_in_quotes,
         ("closing quote", "looks cut off"), in_child=True),
    Case("crosstab name with an unquoted comma", _unquoted_comma,
         ("row 41", "column COUNT_OF_APPOINTMENTS", "a whole number", "a field too many")),
    Case("negative count", _cell("COUNT_OF_APPOINTMENTS", 5, "-3"),
         ("row 5", "column COUNT_OF_APPOINTMENTS", "0 or more", "found '-3'")),
    Case("non-numeric count", _cell("COUNT_OF_APPOINTMENTS", 9, "12a"),
         ("row 9", "column COUNT_OF_APPOINTMENTS", "a whole number", "found '12a'")),
    Case("fractional count", _cell("COUNT_OF_APPOINTMENTS", 12, "2.5"),
         ("row 12", "column COUNT_OF_APPOINTMENTS", "a whole number", "found '2.5'")),
    Case("mixed months", _from_row("APPOINTMENT_MONTH_START_DATE", 3000, "01SEP2025"),
         ("row 3000", "APPOINTMENT_MONTH_START_DATE", "same month on every row (01OCT2025 as "
          "on row 2)", "found '01SEP2025'")),
    Case("mixed months in a later chunk",
         _from_row("APPOINTMENT_MONTH_START_DATE", 9001, "01SEP2025"),
         ("row 9001", "APPOINTMENT_MONTH_START_DATE", "same month", "found '01SEP2025'"),
         chunk_rows=2_000),
    Case("impossible date", _cell("APPOINTMENT_MONTH_START_DATE", 10, "31FEB2025"),
         ("row 10", "APPOINTMENT_MONTH_START_DATE", "first day of a month", "found '31FEB2025'")),
    Case("not the first of the month", _from_row("APPOINTMENT_MONTH_START_DATE", 2, "15OCT2025"),
         ("row 2", "APPOINTMENT_MONTH_START_DATE", "first day of a month", "'15OCT2025'")),
    Case("duplicate key row", _repeated(7),
         ("column GP_CODE", "each practice and combination", "' again (first on row 7)")),
    Case("duplicate key row in a later chunk", _repeated(7),
         ("column GP_CODE", "each practice and combination", "' again (also on an earlier row)"),
         chunk_rows=2_000),
    Case("duplicate key row in a later chunk, parsed in a second process", _repeated(7),
         ("column GP_CODE", "each practice and combination", "' again (also on an earlier row)"),
         chunk_rows=2_000, in_child=True),
    Case("renamed status column", _renamed("APPT_STATUS", "APPOINTMENT_STATUS"),
         ("row 1", "column APPT_STATUS", "a column headed 'APPT_STATUS'", "no such column")),
    Case("renamed count column", _renamed("COUNT_OF_APPOINTMENTS", "APPOINTMENTS"),
         ("row 1", "column COUNT_OF_APPOINTMENTS", "a column headed", "no such column")),
    Case("bad practice code", _cell("GP_CODE", 4, "M8700X"),
         ("row 4", "column GP_CODE", "a GP practice code", "found 'M8700X'")),
    Case("empty label", _cell("HCP_TYPE", 6, ""),
         ("row 6", "column HCP_TYPE", "one of the HCP_TYPE labels", "an empty cell")),
    Case("header only", _header_only, ("no appointment rows",)),
    Case("ZIP without a data file", _zip_without_data, ("Appointments GP Oct 25.zip",
                                                         "no CSV or XLSX data file")),
    Case("ZIP with a damaged member", _zip_damaged, ("cannot be read", "CRC")),
    Case("dental workbook without a Data sheet", _dental_without_data,
         ("a sheet named 'Data'", "found 'Community Dental Services, Notes relating to data'")),
    Case("dental without a header row", _dental(lambda rows: rows.pop(4)),
         ("a header row with a column 'UDA Annual Contracted'", "no such row")),
    Case("dental without a year banner", _dental(lambda rows: rows.__setitem__(0, [None] * 5)),
         ("row 4", "a banner above the header naming the activity year", "no year banner")),
    Case("dental text in UDAs", _dental_cell(10, "UDA Annual Contracted", "about 5000"),
         ("row 10", "column UDA Annual Contracted", "a number", "found 'about 5000'")),
    Case("dental negative UDA value", _dental_cell(12, "UDA Value (£)", -23.5),
         ("row 12", "column UDA Value (£)", "0 or more", "found '-23.5'")),
    Case("dental duplicate contract", _dental(lambda rows: rows.insert(20, list(rows[8]))),
         ("row 21", "column Contract Information", "each contract once", "first on row 9")),
    Case("PCN workforce FTE not a number", _pcn_cell("FTE", 7, "one"),
         ("row 7", "column FTE", "a number", "found 'one'")),
    Case("PCN workforce bad PCN code", _pcn_cell("PCN_CODE", 11, "UX1234"),
         ("row 11", "column PCN_CODE", "a PCN code", "found 'UX1234'")),
    Case("PCN workforce mixed census months", _pcn_cell("CENSUS_MONTH", 20, "10"),
         ("row 20", "column CENSUS_MONTH", "same census month", "found '2022/10'")),
    Case("practice workforce without a month in its name",
         _practice_workforce("Practice Level - Detailed.csv"),
         ("the month in the file name", "no date column", "found 'Practice Level - Detailed.csv'")),
    Case("practice workforce value not a number",
         _practice_workforce(WORKFORCE_OCT, "TOTAL_NURSES_FTE", "lots"),
         ("row 7", "column TOTAL_NURSES_FTE", "a number, NA or ND", "found 'lots'")),
    Case("practice workforce negative value",
         _practice_workforce(WORKFORCE_OCT, "TOTAL_GP_HC", "-2"),
         ("row 7", "column TOTAL_GP_HC", "0 or more", "found '-2'")),
]  # fmt: skip


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A database holding October 2025 appointments, Black Country dental contracts and a
    month of practice workforce: a failed import must leave all of it exactly as it was."""
    folder = tmp_path_factory.mktemp("loaded db folder")
    db = open_database(folder / "planner.sqlite")
    good = [
        crosstab(folder / "good", seed=5).path,
        realdata(DENTAL_BC),
        _practice_workforce(WORKFORCE_OCT)(folder),
    ]
    for path in good:
        outcome = import_one(db, path)
        assert outcome.ok, outcome.error
    yield db
    db.dispose()


@pytest.mark.parametrize("case", CASES, ids=str)
def test_broken_input_is_rejected_and_changes_nothing(case, loaded, tmp_path, monkeypatch):
    if case.chunk_rows:
        monkeypatch.setattr(AppointmentsReader, "chunk_rows", case.chunk_rows)
    if case.in_child:
        monkeypatch.setattr(AppointmentsReader, "parse_in_child_from_bytes", 0)
    path = case.build(tmp_path)
    before = dump_database(loaded)
    outcome = import_one(loaded, path)
    assert not outcome.ok, f"{case.name} was accepted"
    assert path.name in outcome.error
    for fragment in case.fragments:
        assert fragment in outcome.error, f"{fragment!r} not in: {outcome.error}"
    assert dump_database(loaded) == before
