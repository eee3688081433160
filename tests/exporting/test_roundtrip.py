"""A PCN manager edits WTE in the Allocation sheet; the edits come back as locked commitments."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bcprimary.exporting.sheets import allocation as layout
from tests.conftest import REPO


def _cells(sheet) -> dict[tuple[str, str], str]:
    """(PCN code, role code) → cell coordinate of every WTE cell."""
    roles = {}
    for column in range(layout.FIRST_ROLE_COLUMN, sheet.max_column + 1):
        if sheet.cell(row=layout.HEADER_ROW, column=column).value == layout.TOTAL_WTE_HEADER:
            break
        roles[column] = sheet.cell(row=layout.ROLE_CODE_ROW, column=column).value
    cells = {}
    for row in range(layout.FIRST_PCN_ROW, sheet.max_row + 1):
        pcn = sheet.cell(row=row, column=1).value
        if pcn is None:
            break
        for column, role in roles.items():
            cells[(pcn, role)] = sheet.cell(row=row, column=column).coordinate
    return cells


def _edited_copy(exported_plan, tmp_path: Path, edit) -> Path:
    workbook = load_workbook(exported_plan.workbook)
    edit(workbook[layout.TITLE])
    target = tmp_path / "edited plan from the PCN.xlsx"
    workbook.save(target)
    return target


def _run(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bcprimary", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        encoding="utf-8",
    )


@pytest.mark.slow
def test_round_trip_edits_become_locks(exported_plan, tmp_path):
    from bcprimary.scenarios import get_scenario, solve_scenario

    allocation = exported_plan.solved.result.allocation.sort_values(["pcn_code", "role_code"])
    planned = [(r.pcn_code, r.role_code, r.wte) for r in allocation.itertuples()]
    assert len(planned) >= 2
    (raise_pcn, raise_role, raise_wte), (blank_pcn, blank_role, blank_wte) = planned[:2]
    zero = next(
        key
        for key in _cells(load_workbook(exported_plan.workbook)[layout.TITLE])
        if key not in {(p, r) for p, r, _ in planned}
    )
    edits = {(raise_pcn, raise_role): raise_wte + 1.0, (blank_pcn, blank_role): None, zero: 1.5}

    def edit(sheet):
        cells = _cells(sheet)
        for key, value in edits.items():
            sheet[cells[key]] = value

    edited = _edited_copy(exported_plan, tmp_path, edit)
    done = _run(
        exported_plan.db_path, "import", str(edited), "--as-locks", "--scenario", "PCN edits"
    )
    assert done.returncode == 0, done.stderr
    assert "3 WTE figure(s) changed" in done.stdout
    assert f"{raise_pcn}" in done.stdout and f"{raise_wte:g} → {raise_wte + 1:g} WTE" in done.stdout
    assert f"{blank_wte:g} → 0 WTE" in done.stdout
    assert "0 → 1.5 WTE" in done.stdout

    settings = get_scenario(exported_plan.db, "PCN edits").settings
    locks = {(lock.pcn_code, lock.role_code): lock.wte for lock in settings.locks}
    caps = {(cap.pcn_code, cap.role_code): cap.max_wte for cap in settings.caps}
    assert locks == {(raise_pcn, raise_role): raise_wte + 1.0, zero: 1.5}
    assert caps == {
        (raise_pcn, raise_role): raise_wte + 1.0,
        (blank_pcn, blank_role): 0.0,
        zero: 1.5,
    }
    assert settings.icb_codes == ("QUA",)

    # The new scenario's plan keeps every edited figure exactly.
    result = solve_scenario(exported_plan.db, "PCN edits", save=False).result
    assert result.has_plan, result.message
    wte = {(r.pcn_code, r.role_code): r.wte for r in result.allocation.itertuples()}
    assert wte.get((raise_pcn, raise_role)) == pytest.approx(raise_wte + 1.0)
    assert (blank_pcn, blank_role) not in wte
    assert wte.get(zero) == pytest.approx(1.5)


def _rejected(exported_plan, tmp_path, capsys, edit, name: str) -> str:
    from bcprimary.cli.main import main

    edited = _edited_copy(exported_plan, tmp_path, edit)
    code = main(
        [
            "--db",
            str(exported_plan.db_path),
            "import",
            str(edited),
            "--as-locks",
            "--scenario",
            name,
        ]
    )
    captured = capsys.readouterr()
    assert code == 2, captured.out
    from bcprimary.scenarios.store import exists

    assert not exists(exported_plan.db, name)
    return captured.err


def test_renamed_pcn_row_is_rejected(exported_plan, tmp_path, capsys):
    row = layout.FIRST_PCN_ROW + 3

    def edit(sheet):
        sheet.cell(row=row, column=2).value = "A PCN THAT WAS RETYPED"

    err = _rejected(exported_plan, tmp_path, capsys, edit, "renamed")
    assert f"Sheet 'Allocation', row {row}, column B" in err
    assert "A PCN THAT WAS RETYPED" in err


def test_unknown_pcn_code_is_rejected(exported_plan, tmp_path, capsys):
    row = layout.FIRST_PCN_ROW + 1

    def edit(sheet):
        sheet.cell(row=row, column=1).value = "U99999"

    err = _rejected(exported_plan, tmp_path, capsys, edit, "unknown pcn")
    assert f"Sheet 'Allocation', row {row}, column A" in err and "U99999" in err


def test_unknown_role_column_is_rejected(exported_plan, tmp_path, capsys):
    column = layout.FIRST_ROLE_COLUMN + 2

    def edit(sheet):
        sheet.cell(row=layout.ROLE_CODE_ROW, column=column).value = "wizard"

    err = _rejected(exported_plan, tmp_path, capsys, edit, "unknown role")
    assert f"column G (row {layout.ROLE_CODE_ROW})" in err and "unknown role code 'wizard'" in err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("two", "'two' is not a number of WTE"),
        (-1.0, "-1 WTE is negative"),
        (0.3, "not a whole number of 0.5 WTE steps"),
    ],
)
def test_bad_wte_is_rejected(exported_plan, tmp_path, capsys, value, message):
    row, column = layout.FIRST_PCN_ROW + 2, layout.FIRST_ROLE_COLUMN + 1

    def edit(sheet):
        sheet.cell(row=row, column=column).value = value

    err = _rejected(exported_plan, tmp_path, capsys, edit, f"bad {value}")
    assert f"Sheet 'Allocation', row {row}, column F" in err and message in err


def test_api_reports_every_problem_at_once(exported_plan, tmp_path):
    from bcprimary.exporting.roundtrip import AllocationSheetError, read_allocation_edits

    def edit(sheet):
        sheet.cell(row=layout.FIRST_PCN_ROW, column=layout.FIRST_ROLE_COLUMN).value = "lots"
        sheet.cell(row=layout.FIRST_PCN_ROW + 1, column=layout.FIRST_ROLE_COLUMN).value = -2

    with pytest.raises(AllocationSheetError) as error:
        read_allocation_edits(_edited_copy(exported_plan, tmp_path, edit))
    assert len(error.value.problems) == 2


def test_an_unedited_workbook_has_no_changes(exported_plan):
    from bcprimary.exporting.roundtrip import read_allocation_edits

    edits = read_allocation_edits(exported_plan.workbook)
    assert edits.changes == []
    assert edits.source_scenario == exported_plan.solved.name
    assert edits.report_lines() == ["No WTE figure was changed."]
