"""The Frontier sheet (only when a budget frontier was computed) and its chart on the Summary.

The frontier is the picture a board understands: how much of the deprivation-weighted access
gap is left at each budget, for the optimiser and for the two simple rules, with this plan
marked. The chart plots the share of weighted gap remaining when the frontier carries it for
the baselines too (it reads as a percentage); otherwise the objective value, which adds the
dental term and a tiny cost tie-break.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from openpyxl.chart import ScatterChart
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bcprimary import glossary
from bcprimary.exporting import charts, styles
from bcprimary.exporting.cells import put
from bcprimary.exporting.context import PlanExport
from bcprimary.exporting.tables import Column, write_table

TITLE = "Frontier"
HEADER_ROW = 4


@dataclass(frozen=True)
class _Measure:
    """What the chart plots: one column per line, the kind of figure and the axis title."""

    optimum: str
    fair_shares: str
    greedy: str
    kind: str
    axis: str
    number_format: str


_SHARE = _Measure(
    "share_weighted_gap_remaining",
    "fair_shares_share_weighted_gap_remaining",
    "greedy_share_weighted_gap_remaining",
    "percent",
    "Share of weighted gap remaining",
    "0%",
)
_OBJECTIVE = _Measure(
    "objective_value",
    "fair_shares_objective",
    "greedy_objective",
    "small",
    "Objective (lower is better)",
    "0.00",
)


def _measure(frame: pd.DataFrame) -> _Measure:
    return _SHARE if _SHARE.fair_shares in frame and _SHARE.greedy in frame else _OBJECTIVE


def _columns(frame: pd.DataFrame) -> list[Column]:
    m = _measure(frame)
    columns = [
        Column("budget_gbp", "gbp", label=glossary.header("budget_gbp")),
        Column(m.optimum, m.kind, label=glossary.label("plan.optimised")),
        Column(m.fair_shares, m.kind, label=glossary.label("plan.fair_shares")),
        Column(m.greedy, m.kind, label=glossary.label("plan.greedy")),
        Column("objective_value", "small", label="Objective: optimised"),
        Column("fair_shares_objective", "small", label="Objective: fair shares"),
        Column("greedy_objective", "small", label="Objective: greedy"),
        Column("gap_after", "count"),
        Column("appointments_added", "count"),
        Column("cost_gbp", "gbp", label=glossary.header("cost_gbp")),
        Column("status"),
        Column("mip_gap", "small"),
    ]
    if m is _OBJECTIVE:
        columns = columns[:4] + columns[7:]
    return [c for c in columns if c.key in frame]


def _plan_column(frame: pd.DataFrame) -> int:
    """The plan's own point sits right of the table (one blank column): budget, then value."""
    return len(_columns(frame)) + 2


def build(sheet: Worksheet, plan: PlanExport) -> None:
    frame = plan.frontier if plan.frontier is not None else pd.DataFrame()
    m = _measure(frame)
    styles.title(
        sheet,
        "Budget frontier: what is left of the weighted access gap at each budget",
        f"Optimised plan, fair shares and greedy, each solved at every budget: {m.axis.lower()} "
        "(lower is better). Objective = weighted gap share + dental term + cost tie-break.",
    )
    table = frame.sort_values("budget_gbp") if len(frame) else frame
    area = write_table(sheet, HEADER_ROW, table, _columns(table))
    plan_column = _plan_column(frame)
    put(sheet, HEADER_ROW, plan_column, "This plan: budget").font = styles.LABEL_FONT
    put(sheet, HEADER_ROW, plan_column + 1, f"This plan “{plan.scenario}”").font = styles.LABEL_FONT
    value = (
        plan.result.totals.get("share_weighted_gap_remaining")
        if m is _SHARE
        else plan.result.objective_value
    )
    budget = plan.settings.options.budget_gbp
    put(sheet, HEADER_ROW + 1, plan_column, budget, styles.body_style_name("gbp"))
    put(sheet, HEADER_ROW + 1, plan_column + 1, value, styles.body_style_name(m.kind))
    for offset, width in ((0, 18), (1, 24)):
        sheet.column_dimensions[get_column_letter(plan_column + offset)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    last = get_column_letter(plan_column + 1)
    styles.page_setup(sheet, f"A1:{last}{area.last_row}", scenario=plan.scenario)


def chart(sheet: Worksheet, plan: PlanExport) -> ScatterChart:
    """The frontier chart over the Frontier sheet's table (placed on the Summary)."""
    frame = plan.frontier if plan.frontier is not None else pd.DataFrame()
    m = _measure(frame)
    keys = [c.key for c in _columns(frame)]
    lines = [
        (keys.index(key) + 1, colour)
        for key, colour in (
            (m.optimum, charts.AFTER_NAVY),
            (m.fair_shares, charts.SERIES_COLOURS[2]),
            (m.greedy, charts.SERIES_COLOURS[3]),
        )
        if key in keys
    ]
    return charts.frontier_lines(
        sheet,
        budget_column=1,
        series=lines,
        header_row=HEADER_ROW,
        last_row=HEADER_ROW + len(frame),
        plan_point=(HEADER_ROW, _plan_column(frame)),
        title="Budget frontier: weighted access gap left at each budget",
        y_title=m.axis,
        number_format=m.number_format,
    )
