"""Issue 11, points 5 and 6: every failure is a sentence (exit 1, or 2 for rejected input, a
traceback only with --debug), a database that is not ours is left untouched, and every
argument is validated before anything is stored."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from bcprimary.cli.main import main
from bcprimary.db import open_database
from tests.conftest import realdata
from tests.importing.realslices import dump_database

PATIENTS = "registered_patients/gp-reg-pat-prac-all_2026-04_black_country.csv"
DENTAL = "dental/Black Country ICS PC dental list October 2022.xlsx"


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _no_traceback(output: str) -> None:
    assert "Traceback" not in output and 'File "' not in output, output


def test_a_file_that_is_not_a_database_is_refused_untouched(capsys, tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"shopping list\n" * 200)
    code, output = run(capsys, "--db", str(path), "status")
    assert code == 1 and "is not a database this app can open" in output
    _no_traceback(output)
    assert path.read_bytes() == b"shopping list\n" * 200


def test_another_applications_database_is_refused_untouched(capsys, tmp_path):
    path = tmp_path / "crm.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    before = path.read_bytes()
    code, output = run(capsys, "--db", str(path), "import", str(realdata(PATIENTS)))
    assert code == 1 and "another application's data (tables customers)" in output
    _no_traceback(output)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_a_newer_database_is_one_sentence(capsys, tmp_path):
    path = tmp_path / "newer.sqlite"
    open_database(path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    code, output = run(capsys, "--db", str(path), "status")
    assert code == 1 and "newer version of the app" in output
    _no_traceback(output)


@pytest.mark.parametrize(
    ("db", "expected"),
    [
        ("FOLDER", "is a folder"),
        ("postgresql+pg8000://planner@localhost/plans", "driver is not installed"),
        ("READONLY", "read-only"),
    ],
)
def test_environment_failures_are_sentences_with_exit_1(capsys, tmp_path, db, expected):
    if db == "FOLDER":
        db = str(tmp_path)
    elif db == "READONLY":
        path = tmp_path / "plans.sqlite"
        open_database(path).dispose()
        db = f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"
    code, output = run(capsys, "--db", db, "import", str(realdata(PATIENTS)))
    assert code == 1 and expected in output, output
    _no_traceback(output)


def test_debug_shows_the_traceback(capsys, tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"not a database" * 100)
    code, output = run(capsys, "--debug", "--db", str(path), "status")
    assert code == 1 and "Traceback" in output


def _encrypted_zip(folder: Path) -> Path:
    """A ZIP whose member is marked as encrypted (as a password-protected download is)."""
    path = folder / "protected.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(realdata(PATIENTS), "gp-reg-pat-prac-all.csv")
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 0x01
    path.write_bytes(bytes(data))
    return path


def _broken_sheet_xml(folder: Path) -> Path:
    path = folder / "dental broken.xlsx"
    with zipfile.ZipFile(realdata(DENTAL)) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return path


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda f: f / "gone.csv", "does not exist"),
        (_encrypted_zip, "password"),
        (_broken_sheet_xml, "dental broken.xlsx"),
        (lambda f: f / ("x" * 300 + ".csv"), "x"),
    ],
)
def test_bad_inputs_are_sentences_with_exit_2_and_change_nothing(capsys, tmp_path, build, expected):
    path = tmp_path / "plans.sqlite"
    db = open_database(path)
    before = dump_database(db)
    code, output = run(capsys, "--db", str(path), "import", str(build(tmp_path)))
    assert code == 2 and expected in output, output
    _no_traceback(output)
    assert dump_database(db) == before
    db.dispose()


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--budget", "-5", "--out", "p.json"],
        ["plan", "--budget", "nan", "--out", "p.json"],
        ["plan", "--budget", "inf", "--out", "p.json"],
        ["plan", "--time-limit", "-1", "--out", "p.json"],
        ["plan", "--out", "no such folder/p.json"],
        ["plan", "--out", "p.txt"],
        ["table", "pcn", "--months", "-5"],
        ["table", "pcn", "--target", "nan"],
        ["frontier", "--budgets", "0:4000000:100000", "--out", "f.csv"],
        ["frontier", "--budgets", "0:inf:5", "--out", "f.csv"],
    ],
)
def test_rejected_arguments_store_nothing(capsys, sample_db_path, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    before = _scenarios(sample_db_path)
    code, output = run(capsys, "--db", str(sample_db_path), *args)
    assert code == 2, output
    _no_traceback(output)
    assert output.strip().endswith((".", ")")), output
    assert _scenarios(sample_db_path) == before


def _scenarios(path: Path) -> list[tuple]:
    """The stored scenarios and import log: what a command could have changed."""
    with sqlite3.connect(path) as conn:
        return [
            *conn.execute("SELECT * FROM scenario ORDER BY id"),
            *conn.execute("SELECT id, snapshot, rows_kept FROM import_log ORDER BY id"),
        ]


def test_frontier_limit_is_a_sentence(capsys, tmp_path):
    code, output = run(
        capsys, "--db", str(tmp_path / "x.sqlite"), "frontier", "--budgets", "0:4000000:100000",
        "--out", str(tmp_path / "f.csv"),
    )  # fmt: skip
    assert code == 2 and "at most 200" in output
