"""The workbook's look: number formats, fonts, fills and the print set-up every sheet shares.

One place for these keeps the sheets consistent (a £ figure looks the same on every sheet) and
lets the sheet modules talk about *what* a cell is ("money", "rate") rather than how it looks.
Named styles are registered once per workbook: a few hundred thousand cells then share a
handful of style records, which keeps England-scale exports fast and the file small.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from bcprimary.exporting.cells import clean_text, put

# Number formats. The £ sign is quoted so the format means the same in every Excel locale.
GBP = '"£"#,##0;[Red]-"£"#,##0'
GBP_PENCE = '"£"#,##0.00;[Red]-"£"#,##0.00'
COUNT = "#,##0"
WTE = '#,##0.0;[Red]-#,##0.0;"–"'
RATE = "#,##0.0"
SCORE = "0.00"
PERCENT = "0.0%"
DECIMAL = "#,##0.00"
SMALL = "0.0000"
INTEGER = "0"
TEXT = "@"

#: Formats by the kind of figure; the sheet modules pick a kind, never a format string.
FORMATS: dict[str, str] = {
    "gbp": GBP,
    "gbp_pence": GBP_PENCE,
    "count": COUNT,
    "wte": WTE,
    "rate": RATE,
    "score": SCORE,
    "percent": PERCENT,
    "decimal": DECIMAL,
    "small": SMALL,
    "integer": INTEGER,
    "text": "General",
    "date": "General",
}

NAVY = "1F3864"
BLUE = "2F5597"
PALE_GREY = "F2F2F2"
MID_GREY = "808080"
EDIT_YELLOW = "FFF2CC"
LOCK_BLUE = "D9E1F2"
WARN_RED = "C00000"
WARN_FILL = "FCE4D6"
OK_GREEN = "E2EFDA"

MEDIUM = Side(style="medium", color=NAVY)

TITLE_FONT = Font(name="Calibri", size=16, bold=True, color=NAVY)
SUBTITLE_FONT = Font(name="Calibri", size=11, italic=True, color=MID_GREY)
SECTION_FONT = Font(name="Calibri", size=12, bold=True, color=BLUE)
HEADER_FONT = Font(name="Calibri", size=10, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=NAVY)
TOTAL_FONT = Font(name="Calibri", size=11, bold=True)
TOTAL_BORDER = Border(top=MEDIUM, bottom=MEDIUM)
NOTE_FONT = Font(name="Calibri", size=9, italic=True, color=MID_GREY)
WARNING_FONT = Font(name="Calibri", size=12, bold=True, color=WARN_RED)
SMALL_WARNING_FONT = Font(name="Calibri", size=10, bold=True, color=WARN_RED)
LABEL_FONT = Font(name="Calibri", size=11, bold=True)
VALUE_FONT = Font(name="Calibri", size=11)
WRAP = Alignment(wrap_text=True, vertical="top")
RIGHT = Alignment(horizontal="right", vertical="top")
TOP = Alignment(vertical="top")
CENTRE_LEFT = Alignment(vertical="center")
CENTRE_RIGHT = Alignment(horizontal="right", vertical="center")
WRAP_CENTRE = Alignment(wrap_text=True, vertical="center")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")

#: Named styles for table bodies: one per number-format kind (plus plain text).
_BODY_FONT = Font(name="Calibri", size=10)


def body_style_name(kind: str) -> str:
    return f"bcp {kind}"


def register_styles(workbook: Workbook) -> None:
    """Add the named styles the table writer uses (idempotent)."""
    existing = set(workbook.named_styles)
    for kind, number_format in FORMATS.items():
        name = body_style_name(kind)
        if name in existing:
            continue
        style = NamedStyle(name=name, number_format=number_format, font=_BODY_FONT)
        if kind == "text":
            style.alignment = Alignment(vertical="top")
        workbook.add_named_style(style)


def title(sheet: Worksheet, text: str, subtitle: str | None = None) -> int:
    """Sheet title in A1 (and a grey subtitle in A2); returns the next free row."""
    put(sheet, 1, 1, text).font = TITLE_FONT
    sheet.row_dimensions[1].height = 24
    if subtitle:
        put(sheet, 2, 1, subtitle).font = SUBTITLE_FONT
        return 4
    return 3


def section(sheet: Worksheet, row: int, text: str, column: int = 1) -> int:
    """A section heading; returns the row below it."""
    put(sheet, row, column, text).font = SECTION_FONT
    return row + 1


def set_widths(sheet: Worksheet, widths: dict[str, float]) -> None:
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width


def page_setup(
    sheet: Worksheet,
    print_area: str,
    *,
    title_rows: str | None = None,
    title_columns: str | None = None,
    landscape: bool = True,
    scenario: str = "",
) -> None:
    """Landscape A4, fit to one page wide, repeating headers, sheet name and page in the margins."""
    sheet.print_area = print_area
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns
    setup = sheet.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = False
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.7
    sheet.oddHeader.left.text = "&A"
    sheet.oddHeader.right.text = header_text(scenario)
    sheet.oddFooter.left.text = "BC Primary Care Planner"
    sheet.oddFooter.right.text = "Page &P of &N"


def header_text(text: str) -> str:
    """Text safe inside a page header: '&' starts a control code there, so it is doubled."""
    # Header sections are limited to 255 characters in all, codes included.
    return clean_text(text).replace("&", "&&")[:120]


def long_text(
    sheet: Worksheet, row: int, first: int, last: int, text: object, width_chars: float
) -> None:
    """Text over merged columns `first`..`last`, wrapped, with a row height that shows it all.

    Excel does not grow merged rows to fit wrapped text, so the height is estimated from the
    characters per line the merged width holds.
    """
    cell = put(sheet, row, first, text)
    cell.alignment = WRAP
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    lines = sum(max(1, -(-len(part) // max(1, int(width_chars)))) for part in str(text).split("\n"))
    if lines > 1:
        sheet.row_dimensions[row].height = 15 * lines
