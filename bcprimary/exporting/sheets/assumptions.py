"""The Assumptions sheet: every input a reader could question, with where it came from.

Role costs and productivity carry their source or the word "assumption"; the target, weights,
prices and limits say how they were chosen; the solver's own figures (status, objective, MIP
gap, time, marginal values) say how far to trust the optimum.
"""

from __future__ import annotations

import math

import pandas as pd
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from bcprimary import glossary
from bcprimary.exporting import styles
from bcprimary.exporting.cells import put
from bcprimary.exporting.context import PlanExport
from bcprimary.exporting.tables import Column, key_value_rows, write_table

TITLE = "Assumptions"
ASSUMPTION_FILL = PatternFill("solid", fgColor=styles.EDIT_YELLOW)

_ROLE_COLUMNS = [
    Column("code", label="Role code", width=30),
    Column("name", label="Role", width=30),
    Column("in_play", label="In play?", width=9),
    Column("annual_cost_gbp", "gbp", label="Annual cost per WTE (£)"),
    Column("cost_source", label="Source of cost", width=44),
    Column("appointments_per_wte_month", "count"),
    Column("yield_source", label="Source of appointments figure", width=44),
    Column("step_wte", "wte"),
    Column("pool_used", "wte", label=glossary.label("recruitment_pool_wte")),
    Column("cap_rule", width=22),
]


def build(sheet: Worksheet, plan: PlanExport) -> None:
    styles.title(
        sheet,
        f"Assumptions of the plan “{plan.scenario}”",
        "Yellow: figures that are assumptions rather than published. Edit them in the app's "
        "scenario editor, not here.",
    )
    row = styles.section(sheet, 4, "Roles in the plan (ARRS catalogue, as edited in the scenario)")
    roles = pd.DataFrame([r.__dict__ for r in plan.settings.roles])
    # The pool the solver used: typed per role, or the default per 100,000 weighted patients.
    pools = {r.code: r.recruitment_pool_wte for r in plan.parameters.roles}
    roles["pool_used"] = roles["code"].map(pools)
    area = write_table(sheet, row, roles, _ROLE_COLUMNS)
    put(sheet, area.last_row + 1, 1, _pool_note(plan)).font = styles.NOTE_FONT
    for r in range(area.first_row, area.last_row + 1):
        for column in (5, 7):
            source = str(sheet.cell(row=r, column=column).value or "assumption")
            if "assumption" in source.lower():
                sheet.cell(row=r, column=column).fill = ASSUMPTION_FILL
                sheet.cell(row=r, column=column - 1).fill = ASSUMPTION_FILL
    sheet.auto_filter.ref = area.ref
    row = styles.section(sheet, area.last_row + 3, "Targets, weights and prices")
    row = key_value_rows(sheet, row, _parameters(plan))
    row = styles.section(sheet, row + 1, "Locked commitments and caps")
    row = _locks(sheet, row, plan)
    row = styles.section(sheet, row + 1, glossary.label("solver"))
    row = key_value_rows(sheet, row, _solver(plan))
    row = styles.section(sheet, row + 1, "Marginal values (LP relaxation)")
    row = key_value_rows(sheet, row, _marginals(plan))
    for r in range(area.first_row, area.last_row + 1):
        longest = 0
        for column in range(1, 11):
            sheet.cell(row=r, column=column).alignment = (
                styles.WRAP if column in (5, 7) else styles.TOP
            )
        for column in (5, 7):
            longest = max(longest, len(str(sheet.cell(row=r, column=column).value or "")))
        if longest > 48:  # two lines in a 44-character column
            sheet.row_dimensions[r].height = 15 * -(-longest // 44)
    sheet.column_dimensions["A"].width = 46
    sheet.freeze_panes = "A4"
    styles.page_setup(sheet, f"A1:J{row}", scenario=plan.scenario)


def _pool_note(plan: PlanExport) -> str:
    default = plan.settings.options.default_pool_wte_per_100k
    if default is None:
        return "Recruitment pool: blank means no limit on how many can be recruited."
    return (
        f"Recruitment pool: typed per role, or {default:g} WTE per 100,000 weighted patients of "
        "the area where none is typed (assumption). Blank: no limit."
    )


def _parameters(plan: PlanExport) -> list[tuple[str, object, str, str]]:
    s = plan.settings
    o = s.options
    target = plan.target_rate
    weights = " / ".join(f"{w:g}" for _, w in sorted(o.priority_weights_by_quintile.items()))
    return [
        ("Financial year (catalogue)", plan.snapshots.get("financial_year"), "text", ""),
        (
            "Target rate (per 1,000 weighted a month)",
            target,
            "rate",
            "Typed in the scenario."
            if o.target_rate is not None
            else "Default: the upper quartile of PCN rates in the area (assumption).",
        ),
        (
            glossary.label("need_uplift"),
            glossary.label(f"need_uplift.{o.need_uplift}"),
            "text",
            "none, by IMD quintile, or rising with IMD score (assumption when used).",
        ),
        (
            "Priority weights (Q1 … Q5)",
            weights,
            "text",
            f"Weight of each PCN's gap in the objective, by {o.priority_mode} (assumption).",
        ),
        (
            glossary.header("budget_gbp"),
            o.budget_gbp,
            "gbp",
            f"{glossary.label('budget_mode')}: {_rule(o)}.",
        ),
        (
            glossary.label("objective"),
            glossary.label(f"objective.{o.objective}"),
            "text",
            glossary.definition("objective"),
        ),
        (
            "Price of a commissioned appointment (£)",
            o.commissioned_appointment_cost_gbp,
            "gbp_pence",
            "Assumption: of the order of a GP surgery consultation's unit cost.",
        ),
        (
            "Commissioned appointments cap",
            o.commissioned_cap_share,
            "percent",
            "Most commissioned appointments as a share of a PCN's current (assumption).",
        ),
        (
            "Dental budget (£ a year)",
            o.dental_budget_gbp,
            "gbp",
            "Paid from the main budget." if o.dental_pooled else "Separate, ring-fenced budget.",
        ),
        (
            "Dental target (UDAs per head)",
            o.dental_target_per_head,
            "decimal",
            "Blank: the area's current UDAs contracted per head (assumption).",
        ),
        (
            "Most extra UDAs (share of contracted)",
            o.dental_max_extra_share,
            "percent",
            "What providers could deliver on top (assumption).",
        ),
        (
            "Appointment window (months)",
            s.appointment_months,
            "integer",
            plan.snapshots.get("appointment_window") or "",
        ),
    ]


def _locks(sheet: Worksheet, row: int, plan: PlanExport) -> int:
    s = plan.settings
    frames = []
    if s.locks:
        frames.append(pd.DataFrame(s.locks).assign(kind="lock (at least)"))
    if s.caps:
        frames.append(
            pd.DataFrame(s.caps).rename(columns={"max_wte": "wte"}).assign(kind="cap (at most)")
        )
    if not frames:
        put(sheet, row, 1, "None: the optimiser was free to place every WTE.")
        return row + 1
    table = pd.concat(frames, ignore_index=True)
    columns = [
        Column("kind", label="Kind"),
        Column("pcn_code", label="PCN code"),
        Column("role_code", label="Role code"),
        Column("wte", "wte", label="WTE"),
    ]
    area = write_table(sheet, row, table, columns, widths=False)
    return area.last_row + 1


def _number(value: object) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _rule(settings) -> str:
    """The budget rule as the app names it."""
    return glossary.label(f"budget_mode.{settings.budget_mode}")


def _solver(plan: PlanExport) -> list[tuple[str, object, str, str]]:
    r = plan.result
    s = plan.settings.options
    return [
        (glossary.label("status"), r.status.value, "text", r.message),
        (glossary.label("solver"), r.solver or s.solver, "text", r.solver_detail),
        (
            glossary.label("objective_value"),
            _number(r.objective_value),
            "small",
            glossary.definition("objective_value"),
        ),
        ("LP bound", _number(r.lp_bound), "small", "No plan can score below this."),
        (
            glossary.label("mip_gap"),
            _number(r.mip_gap),
            "small",
            f"Requested at most {s.mip_gap:g}.",
        ),
        (
            glossary.label("seconds"),
            _number(r.total_seconds),
            "decimal",
            f"Time limit {s.time_limit_s:g} s per solver call.",
        ),
        (
            "Independent check",
            "passed" if not r.check else "FAILED",
            "text",
            "; ".join(r.check)
            or "Budget, caps, pools and gap identities recomputed from the plan.",
        ),
    ]


def _marginals(plan: PlanExport) -> list[tuple[str, object, str, str]]:
    r = plan.result
    rows: list[tuple[str, object, str, str]] = []
    if r.marginal_value_budget is not None:
        m = r.marginal_value_budget
        rows.append(
            (
                "£1,000 more budget",
                _number(m.weighted_appointments_per_unit),
                "decimal",
                "Weighted appointments a month of gap closed" + _binding(m.binding),
            )
        )
    for role, m in sorted(r.marginal_value_pool.items()):
        rows.append(
            (
                f"One more recruit: {plan.role_names.get(role, role)}",
                _number(m.weighted_appointments_per_unit),
                "decimal",
                "Weighted appointments a month per extra WTE in the pool" + _binding(m.binding),
            )
        )
    if not rows:
        rows.append(("Not computed", None, "text", "No LP relaxation was solved for this plan."))
    return rows


def _binding(binding: bool) -> str:
    return " (the limit is used up)." if binding else " (the limit is not binding)."
