"""The Summary sheet: what a board reads first.

Access before and after the plan, what it costs, how it compares with the two simple rules a
sceptical reader would propose (fair shares, greedy), where the money goes by place and by
deprivation, and native charts of the same numbers. Every figure has its definition beside it.
"""

from __future__ import annotations

import math

from openpyxl.worksheet.worksheet import Worksheet

from bcprimary import glossary
from bcprimary.exporting import styles
from bcprimary.exporting.cells import put, put_formula
from bcprimary.exporting.context import PlanExport
from bcprimary.exporting.sheets import breakdown
from bcprimary.exporting.tables import Column, write_header
from solver.results import PlanResult

TITLE = "Summary"
#: Characters per line of the definitions column F.
_NOTE_WIDTH = 95
_DEFINITION_COLUMN = 6


def build(sheet: Worksheet, plan: PlanExport, frontier_sheet: Worksheet | None = None) -> None:
    result = plan.result
    styles.title(sheet, f"Summary — plan “{plan.scenario}”", _subtitle(plan))
    if plan.synthetic:
        put(
            sheet, 3, 1, "Synthetic inputs: see the Read me sheet before using any figure."
        ).font = styles.WARNING_FONT
    row = 5
    if not result.has_plan:
        put(
            sheet, row, 1, f"No plan: {result.status.value}. {result.message}"
        ).font = styles.WARNING_FONT
        styles.set_widths(sheet, _WIDTHS)
        styles.page_setup(sheet, f"A1:F{row}", scenario=plan.scenario)
        return
    row = styles.section(sheet, row, "Access before and after the plan")
    row = _before_after(sheet, row, result) + 1
    row = styles.section(sheet, row, "What the plan spends and adds")
    row = _spending(sheet, row, plan) + 1
    row = styles.section(sheet, row, "The plan beside two simple rules")
    row = _baselines(sheet, row, result) + 1
    row = styles.section(sheet, row, breakdown.places_heading(result))
    places_at = row
    row = breakdown.write_places(sheet, row, result) + 1
    row = styles.section(sheet, row, "By national IMD quintile (1 = most deprived fifth)")
    quintiles_at = row
    row = breakdown.write_quintiles(sheet, row, result) + 1
    row = breakdown.write_charts(sheet, row, result, places_at, quintiles_at, frontier_sheet, plan)
    styles.set_widths(sheet, _WIDTHS)
    sheet.freeze_panes = "A4"
    styles.page_setup(sheet, f"A1:F{row}", scenario=plan.scenario)


_WIDTHS = {"A": 46, "B": 16, "C": 16, "D": 16, "E": 15, "F": 70}


def _subtitle(plan: PlanExport) -> str:
    snap = plan.snapshots
    parts = [
        f"Status: {plan.result.status.value}",
        f"registered patients {snap.get('registered_patients') or '—'}",
        f"appointments {snap.get('appointment_window') or '—'}",
        f"{snap.get('imd_edition') or 'IMD —'}",
        f"solved {snap.get('solved_at') or '—'}",
    ]
    return " · ".join(parts)


def _definition(sheet: Worksheet, row: int, text: str) -> None:
    if not text:
        return
    cell = put(sheet, row, _DEFINITION_COLUMN, text)
    cell.font = styles.NOTE_FONT
    cell.alignment = styles.WRAP_CENTRE
    lines = math.ceil(len(text) / _NOTE_WIDTH)
    if lines > 1:
        sheet.row_dimensions[row].height = max(sheet.row_dimensions[row].height or 15, 13 * lines)


def _figure_rows(
    sheet: Worksheet, row: int, header: list[str], rows: list[tuple[str, list, str, str]]
) -> int:
    """A small table: label, values (by kind), definition in column F; returns the next row."""
    labels = [*header, *[""] * (_DEFINITION_COLUMN - 1 - len(header)), "Definition"]
    write_header(sheet, row, [Column(f"h{i}", label=h) for i, h in enumerate(labels)], notes=False)
    sheet.row_dimensions[row].height = 30
    row += 1
    for label, values, kind, definition in rows:
        put(sheet, row, 1, label).font = styles.LABEL_FONT
        sheet.cell(row=row, column=1).alignment = styles.CENTRE_LEFT
        for offset, value in enumerate(values, start=2):
            if isinstance(value, str) and value.startswith("="):
                cell = put_formula(sheet, row, offset, value)
                cell.style = styles.body_style_name(kind)
            else:
                cell = put(sheet, row, offset, value, styles.body_style_name(kind))
            cell.alignment = styles.CENTRE_RIGHT
        _definition(sheet, row, definition)
        row += 1
    return row


def _before_after(sheet: Worksheet, row: int, result: PlanResult) -> int:
    t, e, pcns = result.totals, result.equity, result.pcn_table
    before = float(pcns["appointments_before"].sum())
    after = float(pcns["appointments_after"].sum())
    weighted = float(pcns["weighted_patients"].sum())
    items = [
        ("appointments_per_month", before, after, "count"),
        (
            "appointments_per_1000_weighted",
            before / weighted * 1000,
            after / weighted * 1000,
            "rate",
        ),
        ("access_gap", t.get("gap_before"), t.get("gap_after"), "count"),
        ("weighted_gap", t.get("weighted_gap_before"), t.get("weighted_gap_after"), "count"),
        ("share_weighted_gap_remaining", 1.0, t.get("share_weighted_gap_remaining"), "percent"),
        (
            "worst_relative_gap",
            t.get("worst_relative_gap_before"),
            t.get("worst_relative_gap_after"),
            "percent",
        ),
        ("sii", e.get("sii_before"), e.get("sii_after"), "rate"),
        ("quintile_gap", e.get("quintile_gap_before"), e.get("quintile_gap_after"), "rate"),
        (
            "uda_shortfall",
            t.get("dental_shortfall_before"),
            t.get("dental_shortfall_after"),
            "count",
        ),
    ]
    rows = []
    for index, (key, now, then, kind) in enumerate(items):
        r = row + 1 + index
        change = f'=IF(OR(B{r}="",C{r}=""),"",C{r}-B{r})'
        text = glossary.definition(key)
        if key == "quintile_gap" and (_missing(now) or _missing(then)):
            text += " Blank: the area has no PCN in quintile 1 or 5."
        rows.append((glossary.header(key), [now, then, change], kind, text))
    return _figure_rows(sheet, row, ["Figure", "Now", "After the plan", "Change"], rows)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _spending(sheet: Worksheet, row: int, plan: PlanExport) -> int:
    t = plan.result.totals
    s = plan.settings.options
    marginal = plan.result.marginal_value_budget
    rows = [
        _figure("budget_gbp", t, "gbp"),
        _figure("role_cost_gbp", t, "gbp"),
        _figure("commissioned_cost_gbp", t, "gbp"),
        (
            glossary.header("dental_cost_gbp"),
            [t.get("dental_cost_gbp")],
            "gbp",
            glossary.definition("dental_cost_gbp")
            + (
                "" if s.dental_pooled else f" (separate dental budget £{s.dental_budget_gbp:,.0f})."
            ),
        ),
        _figure("cost_gbp", t, "gbp"),
        _figure("wte_added", t, "wte"),
        _figure("commissioned_appointments", t, "count"),
        _figure("appointments_added", t, "count"),
        _figure("extra_udas", t, "count"),
    ]
    if marginal is not None and not _missing(marginal.weighted_appointments_per_unit):
        rows.append(
            (
                glossary.label("marginal_budget_value"),
                [marginal.weighted_appointments_per_unit],
                "decimal",
                glossary.definition("marginal_budget_value"),
            )
        )
    return _figure_rows(sheet, row, ["Figure", "Amount"], rows)


def _baselines(sheet: Worksheet, row: int, result: PlanResult) -> int:
    plans = {glossary.label("plan.optimised"): result}
    for key in ("fair_shares", "greedy"):
        if key in result.baselines:
            plans[glossary.label(f"plan.{key}")] = result.baselines[key]
    measures = [
        ("cost_gbp", "gbp"),
        ("wte_added", "wte"),
        ("appointments_added", "count"),
        ("gap_after", "count"),
        ("share_weighted_gap_remaining", "percent"),
        ("sii_after", "rate"),
        ("worst_relative_gap_after", "percent"),
        ("objective_value", "small"),
    ]
    rows = []
    for key, kind in measures:
        values = [_plan_figure(p, key) for p in plans.values()]
        rows.append((glossary.header(key), values, kind, glossary.definition(key)))
    row = _figure_rows(sheet, row, ["Figure", *plans.keys()], rows)
    note = " ".join(
        f"{glossary.label(f'plan.{key}')}: {glossary.definition(f'plan.{key}')}"
        for key in ("fair_shares", "greedy")
    )
    note += " Both use the same data and limits."
    styles.long_text(sheet, row, 1, 6, note, 200)
    sheet.cell(row=row, column=1).font = styles.NOTE_FONT
    return row + 1


def _figure(key: str, totals: dict, kind: str) -> tuple[str, list, str, str]:
    """One row of the spending table: a plan total with its glossary words."""
    return (glossary.header(key), [totals.get(key)], kind, glossary.definition(key))


def _plan_figure(result: PlanResult, key: str) -> float | None:
    if key == "objective_value":
        return result.objective_value
    if key.startswith("sii"):
        return result.equity.get(key)
    return result.totals.get(key)
