"""The hidden sheet that remembers the plan as exported, for the round trip.

When a PCN manager sends back an edited Allocation sheet, the import compares each WTE cell
with the figure exported here, so the change report says exactly what changed even if the
scenario has been re-solved (or the database is a different copy) since. It also carries the
scenario's settings, from which the new scenario with the edits as locks is made.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from bcprimary.exporting.cells import put
from bcprimary.exporting.context import PlanExport
from bcprimary.scenarios.settings import ScenarioSettings

TITLE = "_exported_allocation"
FORMAT_TAG = "bcprimary exported allocation v1"
#: Rows of the key–value block at the top; the tables start below it.
SCENARIO_ROW, SETTINGS_ROW, EXPORTED_ROW, TAG_ROW = 1, 2, 3, 4
TABLE_HEADER_ROW = 6
#: PCN code and name in columns A–B; allocation (PCN code, role code, WTE) in D–F.
PCN_COLUMNS = (1, 2)
ALLOCATION_COLUMNS = (4, 5, 6)


def build(sheet: Worksheet, plan: PlanExport, matrix: pd.DataFrame, names: dict[str, str]) -> None:
    sheet.sheet_state = "hidden"
    put(sheet, SCENARIO_ROW, 1, "scenario")
    put(sheet, SCENARIO_ROW, 2, plan.scenario)
    put(sheet, SETTINGS_ROW, 1, "settings")
    put(sheet, SETTINGS_ROW, 2, json.dumps(plan.settings.to_dict(), default=str))
    put(sheet, EXPORTED_ROW, 1, "exported_at")
    put(sheet, EXPORTED_ROW, 2, plan.exported_at.isoformat())
    put(sheet, TAG_ROW, 1, "format")
    put(sheet, TAG_ROW, 2, FORMAT_TAG)
    for column, header in zip(
        (*PCN_COLUMNS, *ALLOCATION_COLUMNS),
        ("pcn_code", "pcn_name", "pcn_code", "role_code", "wte"),
        strict=True,
    ):
        put(sheet, TABLE_HEADER_ROW, column, header)
    row = TABLE_HEADER_ROW + 1
    for code in matrix.index:
        put(sheet, row, PCN_COLUMNS[0], code)
        put(sheet, row, PCN_COLUMNS[1], names.get(code, ""))
        row += 1
    row = TABLE_HEADER_ROW + 1
    stacked = matrix.stack()
    for (pcn, role), wte in stacked[stacked != 0].items():
        put(sheet, row, ALLOCATION_COLUMNS[0], pcn)
        put(sheet, row, ALLOCATION_COLUMNS[1], role)
        put(sheet, row, ALLOCATION_COLUMNS[2], float(wte))
        row += 1


@dataclass
class ExportedPlan:
    """What the hidden sheet says: the scenario, its settings, PCN names and the WTE exported."""

    scenario: str
    settings: ScenarioSettings
    wte: dict[tuple[str, str], float]
    """(PCN code, role code) → WTE as exported; absent means 0."""
    names: dict[str, str]
    """PCN code → PCN name as exported, for every PCN row of the Allocation sheet."""


class UnreadableExport(ValueError):
    """The hidden sheet is not in a format this version reads."""


def read(sheet: Worksheet) -> ExportedPlan:
    """The plan as exported, from the hidden sheet written by `build`."""
    tag = _text(sheet.cell(row=TAG_ROW, column=2).value)
    if tag != FORMAT_TAG:
        raise UnreadableExport(
            f"Sheet '{TITLE}' is not in a format this version reads (found '{tag}')."
        )
    settings = ScenarioSettings.from_dict(json.loads(sheet.cell(row=SETTINGS_ROW, column=2).value))
    names: dict[str, str] = {}
    wte: dict[tuple[str, str], float] = {}
    pcn_column, name_column = PCN_COLUMNS
    alloc_pcn, alloc_role, alloc_wte = ALLOCATION_COLUMNS
    for row in range(TABLE_HEADER_ROW + 1, sheet.max_row + 1):
        code = _text(sheet.cell(row=row, column=pcn_column).value)
        if code:
            names[code] = _text(sheet.cell(row=row, column=name_column).value)
        pcn = _text(sheet.cell(row=row, column=alloc_pcn).value)
        if pcn:
            role = _text(sheet.cell(row=row, column=alloc_role).value)
            wte[(pcn, role)] = float(sheet.cell(row=row, column=alloc_wte).value)
    scenario = _text(sheet.cell(row=SCENARIO_ROW, column=2).value)
    return ExportedPlan(scenario, settings, wte, names)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()
