"""Broken inputs made from the real files: each is rejected with a message that names the file,
the row and column where there is one, what was expected and what was found — and the database
is row-for-row what it was before. Also the command line's exit codes and status report."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from bcprimary.db import open_database
from tests.conftest import realdata
from tests.importing.realslices import (
    DEPRIVATION,
    EPCN,
    EPRACCUR,
    MAP,
    PAYMENTS,
    column,
    dump_database,
    import_one,
    read_csv,
    slice_of,
    write_csv,
)

# --- small slices of the real files ---------------------------------------------------------


@cache
def map_slice() -> tuple[list[str], list[list[str]]]:
    """30 Black Country practices; the last one's PCN name has a comma (so it is quoted)."""
    header, rows = slice_of(MAP, lambda r: r["SUB_ICB_LOCATION_CODE"] == "D2P2L")
    quoted = next(r for r in rows if "," in r[column(header, "PCN_NAME")])
    plain = [r for r in rows if r is not quoted][:29]
    return header, [*plain, quoted]


@cache
def payments_slice() -> tuple[list[str], list[list[str]]]:
    return slice_of(PAYMENTS, lambda r: r["Sub ICB Code"] == "D2P2L", limit=20)


@cache
def deprivation_slice() -> tuple[list[str], list[list[str]]]:
    header, rows = read_csv(DEPRIVATION)
    return header, rows[:20]


@cache
def epcn_sheets() -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(realdata(EPCN), read_only=True)
    sheets = {
        "PCNDetails": list(book["PCNDetails"].iter_rows(max_row=20, values_only=True)),
        "PCN Core Partner Details": list(
            book["PCN Core Partner Details"].iter_rows(max_row=20, values_only=True)
        ),
    }
    book.close()
    return sheets


def edited(rows: list[list[str]], row: int, index: int, value: str) -> list[list[str]]:
    """A copy with one cell changed; ``row`` is the spreadsheet row (header = 1)."""
    out = [list(r) for r in rows]
    out[row - 2][index] = value
    return out


def map_with(folder: Path, name: str, field: str, row: int, value: str) -> Path:
    header, rows = map_slice()
    return write_csv(folder / name, header, edited(rows, row, column(header, field), value))


def payments_with(folder: Path, name: str, field: str, row: int, value: str) -> Path:
    header, rows = payments_slice()
    return write_csv(folder / name, header, edited(rows, row, column(header, field), value))


def workbook(folder: Path, name: str, sheets: dict[str, list[tuple]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(folder / name)
    return folder / name


def epcn_with(folder: Path, name: str, row: int, heading: str, value: str) -> Path:
    sheets = epcn_sheets()
    core = [list(r) for r in sheets["PCN Core Partner Details"]]
    index = [" ".join(str(c).split()) for c in core[0]].index(heading)
    core[row - 1][index] = value
    return workbook(folder, name, {**sheets, "PCN Core Partner Details": core})


# --- the broken inputs ------------------------------------------------------------------------


def cut_mid_row(folder: Path) -> Path:
    header, rows = map_slice()
    path = write_csv(folder / "map cut.csv", header, rows[:-1])
    text = path.read_bytes()
    return _write(folder / "map cut.csv", text[: text.rstrip().rfind(b"\n") + 40])


def cut_mid_quote(folder: Path) -> Path:
    header, rows = map_slice()
    text = write_csv(folder / "map quoted.csv", header, rows).read_bytes()
    opening = text.rfind(b',"') + 2
    return _write(folder / "map quoted.csv", text[: opening + 8])


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def utf16(folder: Path) -> Path:
    header, rows = map_slice()
    return write_csv(folder / "map utf16.csv", header, rows, encoding="utf-16")


def without_column(folder: Path, relative_slice, name: str, field: str) -> Path:
    header, rows = relative_slice()
    drop = column(header, field)
    return write_csv(
        folder / name,
        header[:drop] + header[drop + 1 :],
        [r[:drop] + r[drop + 1 :] for r in rows],
    )


def renamed_weighted(folder: Path) -> Path:
    header, rows = payments_slice()
    header = ["Weighted list size" if "Weighted Patients" in c else c for c in header]
    return write_csv(folder / "payments 2024-25.csv", header, rows)


def duplicated_row(folder: Path, sliced, name: str, row: int) -> Path:
    header, rows = sliced()
    return write_csv(folder / name, header, [*rows, rows[row - 2]])


def mixed_dates(folder: Path) -> Path:
    header, rows = map_slice()
    date = column(header, "EXTRACT_DATE")
    rows = [list(r) for r in rows]
    for r in rows[10:]:
        r[date] = "01Sep2025"
    return write_csv(folder / "map dates.csv", header, rows)


def header_only(folder: Path) -> Path:
    header, _ = map_slice()
    return write_csv(folder / "map header.csv", header, [])


def corrupted_xlsx(folder: Path) -> Path:
    data = realdata(EPCN).read_bytes()
    return _write(folder / "ePCN broken.xlsx", data[: len(data) // 2])


def zip_without_data(folder: Path) -> Path:
    path = folder / "download.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "see the website")
        z.writestr("Data/", "")
    return path


def zip_bomb(folder: Path) -> Path:
    path = folder / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("gp-reg-pat-prac-map.csv", b"0" * (20 * 1024 * 1024))
    return path


def zip_with_bad_member(folder: Path) -> Path:
    inner = map_with(folder, "inner.csv", "PRACTICE_CODE", 4, "M8800X")
    path = folder / "maps.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(inner, "Oct 2025/gp-reg-pat-prac-map.csv")
    return path


def unknown_csv(folder: Path) -> Path:
    return write_csv(folder / "budget.csv", ["Cost centre", "Budget", "Spend"], [["A", "1", "2"]])


def pdf(folder: Path) -> Path:
    return _write(folder / "report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")


def xls(folder: Path) -> Path:
    return _write(folder / "epcn.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def payments_without_year(folder: Path) -> Path:
    header, rows = payments_slice()
    rows = [list(r) for r in rows]
    for r in rows:
        r[column(header, "Practice Open Date")] = ""
        r[column(header, "Practice Close Date")] = ""
    return write_csv(folder / "payments.csv", header, rows)


def other_indicator(folder: Path) -> Path:
    header, rows = deprivation_slice()
    rows = [list(r) for r in rows]
    for r in rows:
        r[column(header, "Indicator ID")] = "90366"
        r[column(header, "Indicator Name")] = "Life expectancy at birth"
    return write_csv(folder / "indicator-data.csv", header, rows)


def deprivation_with(folder: Path, field: str, row: int, value: str) -> Path:
    header, rows = deprivation_slice()
    return write_csv(
        folder / "indicator-data.csv", header, edited(rows, row, column(header, field), value)
    )


def conflicting_area(folder: Path) -> Path:
    header, rows = deprivation_slice()
    again = list(rows[4])
    again[column(header, "Value")] = "12.5"
    return write_csv(folder / "indicator-data.csv", header, [*rows, again])


def epraccur_with(folder: Path, row: int, field: int, value: str) -> Path:
    _, records = read_csv(EPRACCUR, header=False)
    return write_csv(folder / "epraccur.csv", None, edited(records[:40], row + 1, field, value))


def workbook_without_core_sheet(folder: Path) -> Path:
    return workbook(folder, "ePCN.xlsx", {"PCNDetails": epcn_sheets()["PCNDetails"]})


def unrelated_workbook(folder: Path) -> Path:
    return workbook(folder, "budget.xlsx", {"Sheet1": [("Cost centre", "Budget"), ("A", 1)]})


def epcn_duplicate(folder: Path) -> Path:
    sheets = epcn_sheets()
    core = sheets["PCN Core Partner Details"]
    return workbook(folder, "ePCN.xlsx", {**sheets, "PCN Core Partner Details": [*core, core[3]]})


@dataclass(frozen=True)
class Case:
    build: Callable[[Path], Path]
    expected: tuple[str, ...]


START = "Practice to PCN Relationship Start Date"
END = "Practice to PCN Relationship End Date"
W = "Average Number of Weighted Patients"
CASES = {
    "truncated mid-row": Case(cut_mid_row, ("map cut.csv, row 30", "fields", "cut off")),
    "truncated mid-quoted-field": Case(
        cut_mid_quote, ("map quoted.csv, row 31", "expected a closing quote", "cut off")
    ),
    "UTF-16": Case(utf16, ("map utf16.csv", "UTF-16", "CSV UTF-8")),
    "missing key column": Case(
        lambda f: without_column(f, map_slice, "map.csv", "EXTRACT_DATE"),
        (
            "map.csv, row 1, column EXTRACT_DATE: expected a column headed 'EXTRACT_DATE'",
            "found 'no such column'",
        ),
    ),
    "renamed key column": Case(
        renamed_weighted,
        (
            f"payments 2024-25.csv, row 1, column {W}: expected a column headed '{W}'",
            "'Number of Weighted Patients (Last Known Figure)'",
            "found 'no such column'",
        ),
    ),
    "missing Value column": Case(
        lambda f: without_column(f, deprivation_slice, "indicator-data.csv", "Value"),
        ("indicator-data.csv, row 1, column Value: expected a column headed 'Value'",),
    ),
    "duplicate practice in map": Case(
        lambda f: duplicated_row(f, map_slice, "map.csv", 5),
        ("map.csv, row 32, column PRACTICE_CODE: expected each practice once", "(first on row 5)"),
    ),
    "duplicate practice in payments": Case(
        lambda f: duplicated_row(f, payments_slice, "payments 2024-25.csv", 7),
        (
            "payments 2024-25.csv, row 22, column Practice Code: expected each practice once",
            "(first on row 7)",
        ),
    ),
    "duplicate ePCN relationship": Case(
        epcn_duplicate,
        (
            "ePCN.xlsx › sheet 'PCN Core Partner Details', row 21, column Partner Organisation "
            "Code: expected each practice to PCN relationship",
            "(first on row 4)",
        ),
    ),
    "negative weighted list": Case(
        lambda f: payments_with(f, "payments 2024-25.csv", W, 3, "-12.5"),
        (
            f"payments 2024-25.csv, row 3, column {W}: expected a number of at least 0",
            "found '-12.5'",
        ),
    ),
    "non-numeric weighted list": Case(
        lambda f: payments_with(f, "payments 2024-25.csv", W, 4, "n/a"),
        (f"payments 2024-25.csv, row 4, column {W}: expected a number, found 'n/a'",),
    ),
    "impossible ISO extract date": Case(
        lambda f: map_with(f, "map.csv", "EXTRACT_DATE", 2, "2025-02-30"),
        ("map.csv, row 2, column EXTRACT_DATE: expected a date", "found '2025-02-30'"),
    ),
    "impossible 31FEB2025": Case(
        lambda f: map_with(f, "map.csv", "EXTRACT_DATE", 6, "31FEB2025"),
        ("map.csv, row 6, column EXTRACT_DATE: expected a date", "found '31FEB2025'"),
    ),
    "mixed extract dates": Case(
        mixed_dates,
        (
            "map dates.csv, column EXTRACT_DATE: expected the same date on every row",
            "found '2025-09-01, 2025-10-01'",
        ),
    ),
    "empty file": Case(lambda f: _write(f / "empty.csv", b""), ("empty.csv: the file is empty",)),
    "header only": Case(header_only, ("map header.csv: the file has a header but no practice",)),
    "workbook without the core sheet": Case(
        workbook_without_core_sheet,
        ("ePCN.xlsx: expected a sheet named 'PCN Core Partner Details'", "found 'PCNDetails'"),
    ),
    "workbook of something else": Case(
        unrelated_workbook, ("budget.xlsx: this is not a file the app recognises (sheets: Sheet1)",)
    ),
    "corrupted xlsx": Case(corrupted_xlsx, ("ePCN broken.xlsx: the workbook cannot be opened",)),
    "ZIP with no data file": Case(
        zip_without_data, ("download.zip: the ZIP holds no CSV or XLSX data file",)
    ),
    "oversized ZIP member": Case(
        zip_bomb, ("bomb.zip › gp-reg-pat-prac-map.csv", "times its packed size", "limit")
    ),
    "practice code that fits no pattern": Case(
        lambda f: map_with(f, "map.csv", "PRACTICE_CODE", 4, "M8800X"),
        ("map.csv, row 4, column PRACTICE_CODE: expected a GP practice code", "found 'M8800X'"),
    ),
    "bad member inside a ZIP": Case(
        zip_with_bad_member,
        ("maps.zip › Oct 2025/gp-reg-pat-prac-map.csv, row 4, column PRACTICE_CODE",),
    ),
    "PCN code that fits no pattern": Case(
        lambda f: map_with(f, "map.csv", "PCN_CODE", 9, "X12345"),
        ("map.csv, row 9, column PCN_CODE: expected a PCN code", "found 'X12345'"),
    ),
    "unknown dataset": Case(
        unknown_csv,
        (
            "budget.csv: this is not a file the app recognises (the header starts Cost centre",
            "It reads:",
        ),
    ),
    "PDF": Case(pdf, ("report.pdf: this is a PDF",)),
    "old .xls": Case(xls, ("epcn.xls: this is an old-style Excel .xls workbook",)),
    "payments with no year in name or dates": Case(
        payments_without_year,
        ("payments.csv: the financial year cannot be told", "Keep the file name as published"),
    ),
    "payments with an impossible close date": Case(
        lambda f: payments_with(f, "payments 2024-25.csv", "Practice Close Date", 5, "30/02/2025"),
        (
            "payments 2024-25.csv, row 5, column Practice Close Date: expected a real date",
            "found '30/02/2025'",
        ),
    ),
    "payments with an unknown PCN code": Case(
        lambda f: payments_with(f, "payments 2024-25.csv", "PCN Code", 6, "PCN 12"),
        ("payments 2024-25.csv, row 6, column PCN Code: expected a PCN code", "found 'PCN 12'"),
    ),
    "Fingertips file of another indicator": Case(
        other_indicator,
        (
            "indicator-data.csv, row 2, column Indicator ID: expected Fingertips indicator 93553",
            "found 'indicator 90366 'Life expectancy at birth''",
        ),
    ),
    "negative deprivation score": Case(
        lambda f: deprivation_with(f, "Value", 8, "-3"),
        ("indicator-data.csv, row 8, column Value: expected a number of at least 0", "found '-3'"),
    ),
    "two scores for one area": Case(
        conflicting_area,
        (
            "indicator-data.csv, row 22, column Value: expected one IMD 2019 score per area",
            "(row 6 has",
        ),
    ),
    "ePCN impossible start date": Case(
        lambda f: epcn_with(f, "ePCN.xlsx", 7, START, "20250230"),
        (
            f"ePCN.xlsx › sheet 'PCN Core Partner Details', row 7, column {START}: expected a "
            "date written as 20191001",
            "found '20250230'",
        ),
    ),
    "ePCN relationship ending before it starts": Case(
        lambda f: epcn_with(f, "ePCN.xlsx", 9, END, "20190101"),
        (
            f"ePCN.xlsx › sheet 'PCN Core Partner Details', row 9, column {END}",
            "expected an end date on or after the start date",
            "found '20190101'",
        ),
    ),
    "epraccur status that is no status": Case(
        lambda f: epraccur_with(f, 30, 12, "X"),
        ("epraccur.csv, row 30, column field 13 (status): expected A, C, D or P", "found 'X'"),
    ),
    "epraccur practice code that fits no pattern": Case(
        lambda f: epraccur_with(f, 12, 0, "A8100"),
        (
            "epraccur.csv, row 12, column field 1 (organisation code): expected a GP practice",
            "found 'A8100'",
        ),
    ),
}


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory):
    """A database holding a little of each of these datasets, so 'unchanged' is a real test."""
    folder = tmp_path_factory.mktemp("bad input db")
    database = open_database(folder / "loaded.sqlite")
    header, rows = map_slice()
    assert import_one(database, write_csv(folder / "map.csv", header, rows)).ok
    header, rows = payments_slice()
    assert import_one(database, write_csv(folder / "payments 2024-25.csv", header, rows)).ok
    header, rows = deprivation_slice()
    assert import_one(database, write_csv(folder / "indicator-data.csv", header, rows)).ok
    yield database
    database.dispose()


@pytest.mark.parametrize("name", list(CASES))
def test_broken_input_is_rejected_and_changes_nothing(loaded_db, tmp_path, name):
    case = CASES[name]
    path = case.build(tmp_path)
    before = dump_database(loaded_db)
    outcome = import_one(loaded_db, path)
    assert not outcome.ok, f"{name} was imported"
    for text in case.expected:
        assert text in outcome.error, f"{text!r} not in {outcome.error!r}"
    assert dump_database(loaded_db) == before


def test_there_are_at_least_25_broken_inputs():
    assert len(CASES) >= 25


# --- command line -----------------------------------------------------------------------------


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bcprimary", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.mark.slow
def test_cli_exit_codes_and_status(tmp_path):
    database = tmp_path / "my data" / "cli db.sqlite"
    bad = map_with(tmp_path, "bad map.csv", "PRACTICE_CODE", 4, "M8800X")
    rejected = _cli("--db", str(database), "import", str(bad), cwd=tmp_path)
    assert rejected.returncode == 2
    assert "bad map.csv, row 4, column PRACTICE_CODE" in rejected.stderr
    assert "found 'M8800X'" in rejected.stderr

    header, rows = map_slice()
    good = write_csv(tmp_path / "good map.csv", header, rows)
    payments = write_csv(tmp_path / "payments 2024-25.csv", *payments_slice())
    imported = _cli("--db", str(database), "import", str(good), str(payments), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "snapshot 2025-10-01: 30 rows kept" in imported.stdout

    status = _cli("--db", str(database), "status", "--json", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    snapshots = {(s["dataset"], s["snapshot"]): s for s in report["snapshots"]}
    assert set(snapshots) == {("pcn_map", "2025-10-01"), ("weighted_list", "2024/25")}
    assert snapshots[("pcn_map", "2025-10-01")]["rows_kept"] == 30
    assert report["rows"]["pcn_membership"] == 30
    assert report["rows"]["weighted_list"] == snapshots[("weighted_list", "2024/25")]["rows_kept"]
    pcn = column(header, "PCN_CODE")
    assert report["organisations"] == {
        "practices": 30,
        "pcns": len({r[pcn] for r in rows} - {"U"}),
        "places": 4,
    }
