"""Native Excel charts over ranges already written to a sheet.

Charts reference cells (they are not pictures), so a reader can see and re-use the numbers
behind them and they stay sharp when printed. Colours: "now" in grey, "after the plan" in the
workbook's navy, baselines in muted tones, so every chart reads the same way.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.chart.marker import Marker
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.worksheet.worksheet import Worksheet

NOW_GREY = "A5A5A5"
AFTER_NAVY = "1F3864"
SERIES_COLOURS = [NOW_GREY, AFTER_NAVY, "C55A11", "548235", "7F6000"]


def chart_title(text: str, size_pt: float = 11) -> Title:
    """A chart title in the workbook's navy at a modest size (the default is large and bold)."""
    props = CharacterProperties(sz=int(size_pt * 100), b=True, solidFill=AFTER_NAVY)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _axes_visible(chart) -> None:
    # openpyxl 3.1 writes <c:delete val="1"/> unless told otherwise, and Excel then hides the axes.
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def before_after_bars(
    data_sheet: Worksheet,
    *,
    categories: tuple[int, int, int],
    series: list[tuple[int, str]],
    header_row: int,
    title: str,
    y_title: str,
    number_format: str = "#,##0",
    horizontal: bool = False,
    width_cm: float = 16.0,
    height_cm: float = 8.0,
) -> BarChart:
    """Clustered bars: one series per (column, colour) with its name from the header row.

    `categories` is (column, first_row, last_row) of the category labels on `data_sheet`.
    """
    column, first, last = categories
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.grouping = "clustered"
    chart.title = chart_title(title)
    # Bars must start at zero, or a small difference looks like a large one.
    chart.y_axis.scaling.min = 0
    chart.y_axis.title = y_title
    chart.y_axis.numFmt = number_format
    chart.legend.position = "b"
    chart.width, chart.height = width_cm, height_cm
    chart.gapWidth = 60
    for data_column, colour in series:
        ref = Reference(data_sheet, min_col=data_column, min_row=header_row, max_row=last)
        chart.add_data(ref, titles_from_data=True)
        bars = chart.series[-1]
        bars.graphicalProperties.solidFill = colour
        bars.graphicalProperties.line.solidFill = colour
    chart.set_categories(Reference(data_sheet, min_col=column, min_row=first, max_row=last))
    if horizontal:
        # Longest name at the top, as in the table.
        chart.x_axis.scaling.orientation = "maxMin"
    _axes_visible(chart)
    return chart


def frontier_lines(
    data_sheet: Worksheet,
    *,
    budget_column: int,
    series: list[tuple[int, str]],
    header_row: int,
    last_row: int,
    plan_point: tuple[int, int] | None,
    title: str,
    y_title: str,
    number_format: str = "0.00",
) -> ScatterChart:
    """Objective against budget: one line per (column, colour); the plan itself as a marker.

    `plan_point` is (row, column) of a one-row table holding the plan's budget and value in
    adjacent columns (budget at `column`, value at `column + 1`).
    """
    chart = ScatterChart(scatterStyle="line")
    chart.title = chart_title(title)
    chart.style = 13
    chart.x_axis.title = "Annual budget (£)"
    chart.x_axis.numFmt = '"£"#,##0'
    chart.y_axis.title = y_title
    chart.y_axis.numFmt = number_format
    chart.y_axis.scaling.min = 0
    chart.legend.position = "b"
    chart.width, chart.height = 17.0, 9.0
    values = [
        data_sheet.cell(row=r, column=budget_column).value
        for r in range(header_row + 1, last_row + 1)
    ]
    budgets_written = [v for v in values if isinstance(v, int | float)]
    if budgets_written:
        chart.x_axis.scaling.min = 0  # round tick marks (£0, £1m, …) whatever the first budget
        chart.x_axis.scaling.max = max(budgets_written)
    budgets = Reference(data_sheet, min_col=budget_column, min_row=header_row + 1, max_row=last_row)
    for data_column, colour in series:
        values = Reference(data_sheet, min_col=data_column, min_row=header_row, max_row=last_row)
        line = Series(values, budgets, title_from_data=True)
        line.graphicalProperties.line.solidFill = colour
        line.graphicalProperties.line.width = 22000
        line.marker = Marker(symbol="none")
        line.smooth = False
        chart.series.append(line)
    if plan_point is not None:
        row, column = plan_point
        x = Reference(data_sheet, min_col=column, min_row=row + 1, max_row=row + 1)
        y = Reference(data_sheet, min_col=column + 1, min_row=row, max_row=row + 1)
        point = Series(y, x, title_from_data=True)
        point.marker = Marker(symbol="diamond", size=10)
        point.marker.graphicalProperties.solidFill = "C00000"
        point.marker.graphicalProperties.line.solidFill = "C00000"
        point.graphicalProperties.line.noFill = True
        chart.series.append(point)
    _axes_visible(chart)
    return chart
