"""Reading the PCN rows and role columns of an edited Allocation sheet, cell by cell.

Every problem is recorded with the sheet, row and column (and the PCN × role of a WTE cell) so
that `roundtrip.read_allocation_edits` can report them all at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bcprimary.exporting.sheets import allocation as layout
from bcprimary.exporting.sheets import original
from bcprimary.importing.numbers import PLAUSIBLE, NumberProblem, parse_number
from bcprimary.scenarios.settings import ScenarioSettings

#: WTE differences below this are rounding, not edits.
TOLERANCE = 1e-9
#: Rows searched from the top for the marker labels in column A.
_MARKER_SEARCH_ROWS = 40


@dataclass(frozen=True)
class WteChange:
    """One edited cell: the PCN × role and its WTE as exported and as sent back."""

    pcn_code: str
    pcn_name: str
    role_code: str
    role_name: str
    old_wte: float
    new_wte: float
    cell: str


class AllocationReader:
    """Walks the Allocation sheet's PCN rows and role columns, collecting changes and problems."""

    def __init__(
        self,
        path: Path,
        sheet: Worksheet,
        exported: original.ExportedPlan,
        known_pcns: set[str] | None,
    ) -> None:
        self.path = path
        self.sheet = sheet
        self.exported = exported
        self.known_pcns = known_pcns
        self.problems: list[str] = []
        self.seen: dict[str, int] = {}
        self.roles = {r.code: r for r in exported.settings.roles}
        self._cached: Worksheet | None = None

    def changes(self) -> list[WteChange]:
        columns = _role_columns(self.sheet, self.exported.settings, self.problems)
        header_row = _find_row(self.sheet, layout.PCN_CODE_HEADER)
        if header_row is None or self.problems:
            return []
        changes: list[WteChange] = []
        for row in range(header_row + 1, self.sheet.max_row + 1):
            code = _text(self.sheet.cell(row=row, column=1).value)
            if code == layout.TOTAL_LABEL:
                break
            if not code:
                if any(_text(self.sheet.cell(row=row, column=c).value) for c in columns):
                    self.problems.append(
                        _where(row, 1) + "WTE figures in a row without a PCN code."
                    )
                continue
            name = _text(self.sheet.cell(row=row, column=2).value)
            if not self._pcn_ok(row, code, name):
                continue
            for column, role in columns.items():
                wte = self._wte(row, column, role, code)
                old = self.exported.wte.get((code, role), 0.0)
                if wte is not None and abs(wte - old) > TOLERANCE:
                    changes.append(
                        WteChange(
                            pcn_code=code,
                            pcn_name=self.exported.names.get(code, name),
                            role_code=role,
                            role_name=self.roles[role].name,
                            old_wte=old,
                            new_wte=wte,
                            cell=f"{get_column_letter(column)}{row}",
                        )
                    )
        return changes

    def _pcn_ok(self, row: int, code: str, name: str) -> bool:
        names = self.exported.names
        if code not in names or (self.known_pcns is not None and code not in self.known_pcns):
            in_db = self.known_pcns is None or code in self.known_pcns
            self.problems.append(
                _where(row, 1)
                + f"PCN code '{code}' is not a PCN of the exported plan"
                + ("" if in_db else " nor of the database")
                + "."
            )
            return False
        if name != names[code]:
            self.problems.append(
                _where(row, 2) + f"PCN {code} is '{names[code]}' in the exported plan but the row "
                f"says '{name}': rows must not be renamed or retyped."
            )
            return False
        if code in self.seen:
            self.problems.append(
                _where(row, 1) + f"PCN {code} appears twice (rows {self.seen[code]} and {row})."
            )
            return False
        self.seen[code] = row
        return True

    def _wte(self, row: int, column: int, role: str, pcn: str) -> float | None:
        """The cell's WTE (blank = 0), or None after recording why it cannot be used."""
        value = self.sheet.cell(row=row, column=column).value
        where = _where(row, column, role, pcn)
        if isinstance(value, str) and value.startswith("="):
            # A typed formula: use the result Excel saved with the file, if any.
            if self._cached is None:
                self._cached = load_workbook(self.path, data_only=True)[layout.TITLE]
            value = self._cached.cell(row=row, column=column).value
            if value is None:
                self.problems.append(
                    where + "holds a formula with no saved result: type the number of WTE instead."
                )
                return None
        try:
            number = _number(value)
        except NumberProblem as problem:
            self.problems.append(
                where + f"'{value}' is not a number of WTE (expected {problem.expected})."
            )
            return None
        if number < 0:
            self.problems.append(where + f"{number:g} WTE is negative.")
            return None
        if number > PLAUSIBLE["wte"].high:
            self.problems.append(
                where + f"{number:g} WTE is more than one PCN can hold ({PLAUSIBLE['wte'].high:g})."
            )
            return None
        step = self.roles[role].step_wte
        if step > 0 and abs(number / step - round(number / step)) > 1e-6:
            self.problems.append(
                where + f"{number:g} WTE is not a whole number of {step:g} WTE steps for "
                f"{self.roles[role].name}."
            )
            return None
        return number


def _find_row(sheet: Worksheet, label: str) -> int | None:
    for row in range(1, min(sheet.max_row, _MARKER_SEARCH_ROWS) + 1):
        if _text(sheet.cell(row=row, column=1).value).casefold() == label.casefold():
            return row
    return None


def _role_columns(
    sheet: Worksheet, settings: ScenarioSettings, problems: list[str]
) -> dict[int, str]:
    """Column → role code, from the row of role codes above the header."""
    marker = _find_row(sheet, layout.ROLE_CODE_LABEL)
    header = _find_row(sheet, layout.PCN_CODE_HEADER)
    if marker is None or header is None:
        problems.append(
            f"Sheet '{layout.TITLE}': the '{layout.ROLE_CODE_LABEL}' row above the "
            "header is missing, so the role columns cannot be matched."
        )
        return {}
    known = {r.code for r in settings.roles}
    columns: dict[int, str] = {}
    for column in range(layout.FIRST_ROLE_COLUMN, sheet.max_column + 1):
        heading = _text(sheet.cell(row=header, column=column).value)
        if heading == layout.TOTAL_WTE_HEADER:
            break
        code = _text(sheet.cell(row=marker, column=column).value)
        letter = get_column_letter(column)
        where = f"Sheet '{layout.TITLE}', column {letter} (row {marker}): "
        if not code:
            problems.append(
                where + f"no role code above '{heading}': the role columns no "
                "longer match the exported plan."
            )
        elif code not in known:
            problems.append(
                where + f"unknown role code '{code}' (known roles: {', '.join(sorted(known))})."
            )
        elif code in columns.values():
            problems.append(where + f"role '{code}' appears in two columns.")
        else:
            columns[column] = code
    else:
        problems.append(
            f"Sheet '{layout.TITLE}': no '{layout.TOTAL_WTE_HEADER}' column after the role columns."
        )
    return columns


def _number(value: object) -> float:
    """A WTE figure from a cell: numbers as they are, blank as 0, numeric text through the one
    number parser (so ``1,5`` is refused, never read as 15); raises `NumberProblem`."""
    parsed = parse_number(value)
    return 0.0 if parsed is None else parsed


def _where(row: int, column: int, role: str | None = None, pcn: str | None = None) -> str:
    detail = f" ({pcn} × {role})" if role and pcn else ""
    return f"Sheet '{layout.TITLE}', row {row}, column {get_column_letter(column)}{detail}: "


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()
