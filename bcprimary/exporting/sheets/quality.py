"""The Data quality sheet: can the plan be trusted, and what was odd in the files behind it.

First the solver's independent check (budget, caps, pools and gap identities recomputed from
the result tables) and the pre-solve findings; then one row per imported file with its row
counts; then every import warning with its file, row and column.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from bcprimary.exporting import styles
from bcprimary.exporting.cells import put
from bcprimary.exporting.context import MAX_LISTED_WARNINGS, PlanExport
from bcprimary.exporting.tables import Column, write_table

TITLE = "Data quality"

# The two tables share columns A–E, so their widths agree: the wide column E holds the
# SHA-256 of each file above and the warning text below.
_FILES = [
    Column("file", label="File", width=46),
    Column("dataset", label="Dataset", width=20),
    Column("snapshot", label="Snapshot", width=12),
    Column("synthetic", label="Synthetic?", width=22),
    Column("sha256", label="SHA-256", width=72),
    Column("rows_read", "count", label="Rows read"),
    Column("rows_kept", "count", label="Rows kept"),
    Column("rows_rejected", "count", label="Rows not loaded"),
    Column("warnings", "count", label="Warnings"),
]
#: Characters per line of the warning column (for row heights of wrapped warnings).
_WARNING_WIDTH = 80
_WARNINGS = [
    Column("file", label="File"),
    Column("dataset", label="Dataset"),
    Column("row", "integer", label="Row"),
    Column("column", label="Column"),
    Column("message", label="Warning"),
]


def build(sheet: Worksheet, plan: PlanExport) -> None:
    styles.title(
        sheet,
        f"Data quality behind the plan “{plan.scenario}”",
        "The independent check of the plan, the pre-solve findings and every import warning.",
    )
    row = styles.section(sheet, 4, "Independent check of the plan")
    row = _check(sheet, row, plan)
    row = styles.section(sheet, row + 1, "Files imported")
    files = plan.import_files.copy()
    if files.empty:
        put(sheet, row, 1, "No import log.")
        row += 1
    else:
        files["synthetic"] = files["synthetic"].map({True: "SYNTHETIC", False: "published"})
        row = write_table(sheet, row, files, _FILES).last_row + 1
    heading = f"Import warnings ({plan.warnings_total:,})"
    if plan.warnings_total > len(plan.import_warnings):
        heading += f": the first {MAX_LISTED_WARNINGS:,} are listed; `bcprimary status` has all"
    row = styles.section(sheet, row + 1, heading)
    last = row
    if plan.import_warnings.empty:
        put(sheet, row, 1, "No warnings.")
    else:
        area = write_table(sheet, row, plan.import_warnings, _WARNINGS, widths=False)
        sheet.auto_filter.ref = area.ref
        sheet.freeze_panes = sheet.cell(row=area.first_row, column=1)
        for r in range(area.first_row, area.last_row + 1):
            for column in range(1, 6):
                sheet.cell(row=r, column=column).alignment = (
                    styles.WRAP if column == 5 else styles.TOP
                )
            lines = -(-len(str(sheet.cell(row=r, column=5).value or "")) // _WARNING_WIDTH)
            if lines > 1:
                sheet.row_dimensions[r].height = 14 * lines
        last = area.last_row
    styles.page_setup(
        sheet,
        f"A1:I{last}",
        title_rows=f"{row}:{row}" if last > row else None,
        scenario=plan.scenario,
    )


def _check(sheet: Worksheet, row: int, plan: PlanExport) -> int:
    result = plan.result
    if not result.has_plan:
        text, ok = f"No plan to check ({result.status.value}).", False
    elif result.check:
        text, ok = "The plan FAILED the independent check:", False
    else:
        text, ok = (
            (
                "Passed: the budget, caps, recruitment pools and gap identities were "
                "recomputed from the result tables and hold."
            ),
            True,
        )
    styles.long_text(sheet, row, 1, 5, text, 160)
    cell = sheet.cell(row=row, column=1)
    cell.font = styles.LABEL_FONT if ok else styles.WARNING_FONT
    cell.fill = PatternFill("solid", fgColor=styles.OK_GREEN if ok else styles.WARN_FILL)
    row += 1
    for problem in result.check:
        put(sheet, row, 2, problem)
        row += 1
    issues = pd.DataFrame([i.__dict__ for i in result.issues])
    if issues.empty:
        put(sheet, row, 1, "Pre-solve checks: no findings.")
        return row + 1
    put(sheet, row, 1, "Pre-solve findings:").font = styles.LABEL_FONT
    columns = [
        Column("severity", label="Severity"),
        Column("code", label="Check"),
        Column("message", label="Finding"),
    ]
    return write_table(sheet, row + 1, issues, columns, widths=False).last_row + 1
