"""Text from data files stays text, and a failed save never leaves a half-written file."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from bcprimary.exporting import safe_write
from bcprimary.exporting.safe_write import ExportError, write_workbook_atomically
from tests.exporting.conftest import LONG_NAME


def _cells_with(workbook, text: str):
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == text
    ]


def test_names_that_look_like_formulas_stay_text(workbook, exported_plan):
    risky = [*exported_plan.patched_pcns.values(), *exported_plan.patched_practices.values()]
    risky.remove(LONG_NAME)
    for name in risky:
        cells = _cells_with(workbook, name)
        assert cells, f"{name!r} is not in the workbook"
        for cell in cells:
            assert cell.data_type == "s", (cell.parent.title, cell.coordinate)
            assert cell.quotePrefix, (cell.parent.title, cell.coordinate)
    with zipfile.ZipFile(exported_plan.workbook) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    assert not any("<f>HYPERLINK" in xml or "<f>SUM(A1)" in xml for xml in sheets)


@pytest.mark.slow
def test_a_spreadsheet_engine_does_not_evaluate_them(recalculated, exported_plan):
    for name in exported_plan.patched_pcns.values():
        assert _cells_with(recalculated, name), name
    for name in ("-1", "@SUM(A1)"):
        assert _cells_with(recalculated, name), name


def test_long_names_and_unusual_characters(workbook):
    expected = LONG_NAME.replace("\x07", "")
    assert _cells_with(workbook, expected)


def _small_workbook(text: str = "new") -> Workbook:
    workbook = Workbook()
    workbook.active["A1"] = text
    return workbook


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_atomic_write_replaces_the_target(tmp_path):
    target = tmp_path / "a plan.xlsx"
    write_workbook_atomically(_small_workbook("first"), target)
    write_workbook_atomically(_small_workbook("second"), target)
    from openpyxl import load_workbook

    assert load_workbook(target).active["A1"].value == "second"
    assert _leftovers(tmp_path) == []


def test_target_locked_by_excel(tmp_path, monkeypatch):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"the workbook a colleague has open")
    (tmp_path / "~$plan.xlsx").write_bytes(b"Excel owner file")

    def locked(source, destination):  # what Windows does while Excel holds the file
        raise PermissionError(13, "The process cannot access the file", str(destination))

    monkeypatch.setattr(safe_write.os, "replace", locked)
    with pytest.raises(ExportError, match=r"plan\.xlsx is open in Excel") as error:
        write_workbook_atomically(_small_workbook(), target)
    assert "Close it" in str(error.value) and "nothing was overwritten" in str(error.value)
    assert target.read_bytes() == b"the workbook a colleague has open"
    assert _leftovers(tmp_path) == []


def test_export_plan_reports_a_locked_target(exported_plan, tmp_path, monkeypatch):
    from bcprimary.exporting.workbook import export_plan

    target = tmp_path / "locked plan.xlsx"
    target.write_bytes(b"old")
    monkeypatch.setattr(
        safe_write.os, "replace", lambda *a: (_ for _ in ()).throw(PermissionError(13, "locked"))
    )
    with pytest.raises(ExportError, match="open in another program"):
        export_plan(exported_plan.db, exported_plan.solved, target)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_disk_full_while_saving(tmp_path, monkeypatch):
    target = tmp_path / "plan.xlsx"
    workbook = _small_workbook()

    def full(handle):
        handle.write(b"PK half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook, "save", full)
    with pytest.raises(ExportError, match="No space left"):
        write_workbook_atomically(workbook, target)
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_target_is_a_folder(tmp_path):
    folder = tmp_path / "plan.xlsx"
    folder.mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        write_workbook_atomically(_small_workbook(), folder)
    assert _leftovers(tmp_path) == []


def test_missing_folder(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write_workbook_atomically(_small_workbook(), tmp_path / "no such folder" / "plan.xlsx")


def _chmod_bites(folder: Path) -> bool:
    probe = folder / "probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return True
    probe.unlink()
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="chmod does not make Windows folders read-only")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "read only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if not _chmod_bites(folder):
            pytest.skip("this user can write in read-only folders (running as root)")
        with pytest.raises(ExportError, match="Cannot write in the folder"):
            write_workbook_atomically(_small_workbook(), folder / "plan.xlsx")
        assert os.listdir(folder) == []
    finally:
        folder.chmod(0o755)


def test_read_only_folder_as_seen_by_the_os(tmp_path, monkeypatch):
    """Where chmod cannot bite (root, Windows), the OS refusal is simulated at file creation."""
    import builtins

    real_open = builtins.open

    def refuse(file, mode="r", *args, **kwargs):
        if "x" in mode:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)
    with pytest.raises(ExportError, match=r"Cannot write in the folder.*Permission denied"):
        write_workbook_atomically(_small_workbook(), tmp_path / "plan.xlsx")
    assert list(tmp_path.iterdir()) == []


# --- one writer for every output (issue 11, point 7) -----------------------------------------

RISKY = ["=HYPERLINK(\"http://x\",\"Click\")", "=WEBSERVICE(\"http://x\")", "+1+2", "-1+2",
         "@SUM(A1)", "\tTAB"]  # fmt: skip


def _table():
    import pandas as pd

    return pd.DataFrame(
        {
            "name": [*RISKY, "Cape Hill", "-3.5"],
            "value": [1.5] * len(RISKY) + [float("nan"), -3.5],
        }
    )


def test_table_csv_cells_never_start_a_formula(tmp_path):
    import csv

    from bcprimary.exporting.simple import write_table

    path = write_table(_table(), tmp_path / "t.csv", title="t")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [r["name"] for r in rows]
    assert names[: len(RISKY)] == ["'" + text for text in RISKY]
    assert names[-2:] == ["Cape Hill", "-3.5"]  # a negative number is a number, not a formula
    assert _leftovers(tmp_path) == []


def test_table_xlsx_is_a_workbook_whose_text_stays_text(tmp_path):
    import openpyxl

    from bcprimary.exporting.simple import write_table

    path = write_table(_table(), tmp_path / "t.xlsx", title="pcn metrics")
    assert zipfile.is_zipfile(path)
    with zipfile.ZipFile(path) as archive:
        sheet = next(archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n)
    assert "<f>" not in sheet
    book = openpyxl.load_workbook(path)
    cells = [c for c in book.active["A"][1:] if c.value in RISKY]
    assert len(cells) == len(RISKY) and all(c.data_type == "s" for c in cells)


def test_table_json_and_unknown_extensions(tmp_path):
    import json

    from bcprimary.exporting.simple import write_table

    path = write_table(_table(), tmp_path / "t.json", title="t")
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert rows[-2] == {"name": "Cape Hill", "value": None}
    with pytest.raises(ExportError, match=r"must end in \.csv, \.xlsx or \.json"):
        write_table(_table(), tmp_path / "t.txt", title="t")
    assert not (tmp_path / "t.txt").exists()


def test_json_and_csv_are_written_atomically(tmp_path, monkeypatch):
    from bcprimary.exporting.safe_write import write_csv, write_json

    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")

    def no_space(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe_write.os, "fsync", no_space)
    with pytest.raises(ExportError, match="No space left"):
        write_json({"a": float("inf")}, target)
    with pytest.raises(ExportError, match="No space left"):
        write_csv(_table(), tmp_path / "plan.json")
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []
    monkeypatch.undo()
    write_json({"a": float("inf"), "b": [float("nan"), 1]}, target)
    assert target.read_text(encoding="utf-8").split() == ["{", '"a":', "null,", '"b":', "[",
                                                          "null,", "1", "]", "}"]  # fmt: skip


def test_frontier_out_xlsx_is_a_real_workbook(tmp_path):
    import pandas as pd

    from bcprimary.exporting.simple import write_table

    frontier = pd.DataFrame({"budget_gbp": [0.0, 1e6], "objective": [2.0, 1.0]})
    path = write_table(frontier, tmp_path / "frontier.xlsx", title="Budget frontier")
    assert zipfile.is_zipfile(path)
