"""Issue 11, points 1–3: numbers mean what the file means, a snapshot never shrinks silently,
and reading is bounded whatever a file claims. Each broken file is rejected naming the place
and the database is unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from bcprimary.db import open_database
from bcprimary.importing.numbers import PLAUSIBLE, NumberProblem, parse_number
from tests.conftest import realdata
from tests.importing.activity_inputs import DENTAL_CW, dental_variant, sheet_rows
from tests.importing.realslices import (
    PAYMENTS,
    column,
    dump_database,
    import_one,
    slice_of,
    write_csv,
)
from tests.importing.test_bad_input_activity import DENTAL_BC, PCN_WORKFORCE

BC_PATIENTS = "registered_patients/gp-reg-pat-prac-all_2026-04_black_country.csv"


@pytest.mark.parametrize(
    ("text", "number"),
    [("1,234", 1234.0), ("1,234,567.5", 1234567.5), ("-12.5", -12.5), ("£25.10", 25.1),
     (".5", 0.5), (12, 12.0), ("", None)],
)  # fmt: skip
def test_the_number_parser_reads_plain_and_thousands_numbers(text, number):
    assert parse_number(text) == number
    assert parse_number("35%", percent=True) == pytest.approx(0.35)


@pytest.mark.parametrize(
    "text", ["0,106666667", "25,27", "6.213,79", "1,5", "12,34", "inf", "nan", "-inf", "1e400",
             "1.234.567", "1 234", float("inf"), float("nan"), True],
)  # fmt: skip
def test_the_number_parser_refuses_what_it_would_have_to_guess(text):
    with pytest.raises(NumberProblem):
        parse_number(text)


def test_a_thousands_pattern_in_a_column_of_small_numbers_is_out_of_range():
    with pytest.raises(NumberProblem, match="FTE of one person"):
        parse_number("1,500", field="staff_fte")
    assert all(p.low < p.high for p in PLAUSIBLE.values())


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("loaded")
    database = open_database(folder / "loaded.sqlite")
    for path in (realdata(BC_PATIENTS), realdata(DENTAL_BC)):
        assert import_one(database, path).ok
    header, rows = _payments()
    assert import_one(database, write_csv(folder / "payments 2024-25.csv", header, rows)).ok
    assert import_one(database, _pcn_workforce(folder)).ok
    yield database
    database.dispose()


def _payments():
    return slice_of(PAYMENTS, lambda r: r["Sub ICB Code"] == "D2P2L", limit=40)


def _pcn_workforce(folder: Path, row: int | None = None, value: str = "") -> Path:
    with realdata(PCN_WORKFORCE).open(encoding="cp1252", newline="") as handle:
        records = list(csv.reader(handle))
    header = records[0]
    rows = [r for r in records[1:] if r[header.index("ICB_CODE")] == "QUA"][:80]
    if row is not None:
        rows[row - 2][header.index("FTE")] = value
    path = folder / PCN_WORKFORCE.split("/")[-1]
    with path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([header, *rows])
    return path


def _payments_cell(folder: Path, row: int, heading: str, value: str) -> Path:
    header, rows = _payments()
    rows = [list(r) for r in rows]
    rows[row - 2][column(header, heading)] = value
    return write_csv(folder / "payments 2024-25.csv", header, rows)


def _patients_cell(folder: Path, row: int, value: str) -> Path:
    header, rows = slice_of(BC_PATIENTS, lambda r: True)
    rows = [list(r) for r in rows]
    rows[row - 2][column(header, "NUMBER_OF_PATIENTS")] = value
    return write_csv(folder / "gp-reg-pat-prac-all.csv", header, rows)


def _dental(folder: Path, edit) -> Path:
    rows = [list(r) for r in sheet_rows(DENTAL_BC, "Data")]
    edit(rows)
    return dental_variant(folder, "dental list.xlsx", rows)


def _dental_cell(row: int, heading: str, value):
    def edit(rows):
        rows[row - 1][rows[4].index(heading)] = value

    return edit


CASES = {
    "decimal comma FTE": (
        lambda f: _pcn_workforce(f, 5, "0,106666667"),
        ["row 5, column FTE", "decimal comma", "'0,106666667'"],
    ),
    "inf FTE": (lambda f: _pcn_workforce(f, 6, "inf"), ["row 6, column FTE", "'inf'"]),
    "decimal comma weighted list": (
        lambda f: _payments_cell(f, 4, "Average Number of Weighted Patients", "6.213,79"),
        ["row 4, column Average Number of Weighted Patients", "'6.213,79'"],
    ),
    "nan weighted list": (
        lambda f: _payments_cell(f, 3, "Average Number of Weighted Patients", "nan"),
        ["row 3", "'nan'"],
    ),
    "absurd list size": (
        lambda f: _patients_cell(f, 7, "999999999"),
        ["row 7, column NUMBER_OF_PATIENTS", "at most 500,000", "'999999999'"],
    ),
    "decimal comma UDA value": (
        lambda f: _dental(f, _dental_cell(9, "UDA Value (£)", "25,27")),
        ["row 9, column UDA Value (£)", "decimal comma", "'25,27'"],
    ),
    "text mid dental list": (
        lambda f: _dental(f, _dental_cell(40, "Contract Information", "see note")),
        ["row 40, column Contract Information", "the list goes on", "'see note'"],
    ),
    "repeated heading": (
        lambda f: write_csv(
            f / "payments 2024-25.csv",
            [
                h if h != "Practice Name" else "Average Number of Weighted Patients"
                for h in _payments()[0]
            ],
            _payments()[1],
        ),
        ["row 1", "'Average Number of Weighted Patients' twice"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_wrong_figures_are_refused_naming_the_place(loaded, tmp_path, name):
    build, expected = CASES[name]
    path = build(tmp_path)
    before = dump_database(loaded)
    outcome = import_one(loaded, path)
    assert not outcome.ok, f"{name} was imported"
    for text in expected:
        assert text in outcome.error, f"{text!r} not in {outcome.error!r}"
    assert dump_database(loaded) == before


def test_formula_cells_without_saved_values_are_refused(loaded, tmp_path):
    path = _dental(tmp_path, _dental_cell(8, "UDA Annual Contracted", "=1000+234"))
    before = dump_database(loaded)
    outcome = import_one(loaded, path)
    assert not outcome.ok
    assert "row 8" in outcome.error and "cell " in outcome.error
    assert "with no saved value" in outcome.error
    assert dump_database(loaded) == before


def test_a_smaller_snapshot_is_refused_unless_confirmed(loaded, tmp_path):
    header, rows = slice_of(BC_PATIENTS, lambda r: True)
    path = write_csv(tmp_path / "gp-reg-pat-prac-all.csv", header, rows[:40])
    before = dump_database(loaded)
    outcome = import_one(loaded, path)
    assert not outcome.ok and outcome.needs_confirmation
    assert "40 rows instead of 169" in outcome.error and "--replace" in outcome.error
    assert dump_database(loaded) == before
    questions = []
    outcome = import_one(loaded, path, confirm_replace=lambda q: questions.append(q) or True)
    assert outcome.ok and outcome.rows_kept == 40
    assert "Replace it anyway?" in questions[0]
    assert import_one(loaded, realdata(BC_PATIENTS), confirm_replace=lambda q: True).ok


def test_blanking_a_column_that_had_figures_is_refused(loaded, tmp_path):
    path = _payments_cell(tmp_path, 2, "Average Number of Weighted Patients", "123.5")
    header, rows = _payments()
    registered = column(header, "Average Number of Registered Patients")
    rows = [[*r[:registered], "", *r[registered + 1 :]] for r in rows]
    path = write_csv(tmp_path / "payments 2024-25.csv", header, rows)
    outcome = import_one(loaded, path)
    assert not outcome.ok and outcome.needs_confirmation
    assert "registered_patients would be empty" in outcome.error


def test_a_sheet_claiming_the_whole_grid_is_read_to_its_data_only(loaded, tmp_path):
    """A stray cell at XFD1048576 and a used range to the last cell: read in bounded memory."""
    rows = [list(r) for r in sheet_rows(DENTAL_CW, "Data")]
    path = dental_variant(tmp_path, "Coventry and Warwick ICS PC dental list.xlsx", rows)
    book = openpyxl.load_workbook(path)
    book["Data"]["XFD1048576"] = " "
    book.save(path)
    outcome = import_one(loaded, path)
    assert outcome.ok, outcome.error
    assert outcome.rows_kept > 50
