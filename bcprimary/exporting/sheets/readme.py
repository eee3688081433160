"""The Read me sheet: what this plan is, which data it stands on, and how to read it.

It opens the workbook, so it starts with the one thing nobody may miss — in bold, whether any
input was synthetic — then the scenario, the app version and dates, every imported file with
its SHA-256 (so anyone can check they hold the same data), which figures are assumptions, the
definition of every figure, and how to send edits back.
"""

from __future__ import annotations

from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from bcprimary import glossary
from bcprimary.exporting import styles
from bcprimary.exporting.cells import put
from bcprimary.exporting.context import PlanExport
from bcprimary.exporting.tables import Column, write_header

TITLE = "Read me"
#: Characters per line of text merged over columns B–G (their widths add up to about 196).
_TEXT_WIDTH = 180

#: What each sheet holds, in workbook order.
SHEET_GUIDE = [
    ("Summary", "Headline figures, the plan beside the fair-shares and greedy baselines, charts."),
    (
        "Allocation",
        "New WTE by PCN and role, with live totals and costs. PCN managers edit the "
        "yellow cells and send the file back.",
    ),
    ("PCN access", "Every PCN's target, appointments, access gap and rate before and after."),
    ("Practices", "The practice metrics the plan is built from."),
    ("Places", "Access by place and the plan summed by place."),
    ("Equity", "Access by national IMD quintile before and after; slope index of inequality."),
    ("Dental", "UDAs contracted and delivered by place; the dental lever before and after."),
    ("Assumptions", "Role costs and productivity with their sources, targets, weights, solver."),
    ("Data quality", "The independent check of the plan, pre-solve findings, import warnings."),
]

_SNAPSHOT_ROWS = [
    ("Registered patients (extract date)", "registered_patients"),
    ("Weighted list (financial year)", "weighted_list_year"),
    ("Deprivation (IMD edition)", "imd_edition"),
    ("Appointments (window)", "appointment_window"),
    ("Practice workforce", "practice_workforce"),
    ("PCN workforce", "pcn_workforce"),
    ("ARRS catalogue / entitlement year", "financial_year"),
]

_FILE_COLUMNS = [
    Column("dataset", label="Dataset", width=22),
    Column("snapshot", label="Snapshot"),
    Column("file", label="File", width=48),
    Column("sha256", label="SHA-256", width=68),
    Column("rows", kind="count", label="Rows kept"),
    Column("synthetic", label="Synthetic?"),
    Column("imported_at", label="Imported"),
]


def build(sheet: Worksheet, plan: PlanExport) -> None:
    put(sheet, 1, 1, f"BC Primary Care Planner — plan “{plan.scenario}”").font = styles.TITLE_FONT
    sheet.row_dimensions[1].height = 24
    _synthetic_banner(sheet, plan)
    row = styles.section(sheet, 4, "This plan")
    row = _facts(sheet, row, plan) + 1
    row = styles.section(sheet, row, "Data snapshots the plan used")
    for label, key in _SNAPSHOT_ROWS:
        put(sheet, row, 1, label).font = styles.LABEL_FONT
        put(sheet, row, 2, plan.snapshots.get(key) or "not loaded")
        row += 1
    row = styles.section(sheet, row + 1, "Files behind the data (check a copy with its SHA-256)")
    row = _files(sheet, row, plan) + 1
    row = styles.section(sheet, row, "Sheets in this workbook")
    guide = list(SHEET_GUIDE)
    if plan.frontier is not None and len(plan.frontier):
        guide.insert(
            1, ("Frontier", "The weighted gap left at each budget: optimiser and baselines.")
        )
    for name, description in guide:
        put(sheet, row, 1, name).font = styles.LABEL_FONT
        styles.long_text(sheet, row, 2, 7, description, _TEXT_WIDTH)
        row += 1
    row = styles.section(sheet, row + 1, "Which figures are assumptions")
    for line in assumption_lines(plan):
        put(sheet, row, 1, "•").alignment = styles.RIGHT
        styles.long_text(sheet, row, 2, 7, line, _TEXT_WIDTH)
        row += 1
    demand = demand_lines(plan)
    if demand:
        row = styles.section(sheet, row + 1, "Demand data and the demand term")
        for line in demand:
            put(sheet, row, 1, "•").alignment = styles.RIGHT
            styles.long_text(sheet, row, 2, 7, line, _TEXT_WIDTH)
            row += 1
    row = styles.section(sheet, row + 1, "Sending edits back")
    for line in _ROUND_TRIP:
        styles.long_text(sheet, row, 2, 7, line, _TEXT_WIDTH)
        row += 1
    row = styles.section(sheet, row + 1, "Definitions")
    row = _definitions(sheet, row)
    styles.set_widths(sheet, {"A": 36, "B": 18, "C": 48, "D": 68, "E": 11, "F": 11, "G": 20})
    sheet.freeze_panes = "A4"
    styles.page_setup(sheet, f"A1:G{row}", scenario=plan.scenario)


def _synthetic_banner(sheet: Worksheet, plan: PlanExport) -> None:
    if plan.synthetic:
        text = (
            f"SYNTHETIC INPUTS: {_synthetic_what(plan)} behind this plan were generated, not "
            "published (marked SYNTHETIC in the file list below). The figures show how the "
            "planner works; do not use them for decisions."
        )
        styles.long_text(sheet, 2, 1, 7, text, _TEXT_WIDTH * 0.85)
        cell = sheet.cell(row=2, column=1)
        cell.font = styles.WARNING_FONT
        cell.fill = PatternFill("solid", fgColor=styles.WARN_FILL)
        sheet.row_dimensions[2].height = max(sheet.row_dimensions[2].height or 0, 20)
    else:
        cell = put(sheet, 2, 1, "All inputs are published data files: no input is synthetic.")
        cell.font = styles.LABEL_FONT
        sheet.row_dimensions[2].height = 20


def _synthetic_what(plan: PlanExport) -> str:
    """E.g. "the appointments data (12 files)"."""
    files = [f for f in plan.snapshots.get("files", []) if f.get("synthetic")]
    if not files:
        return "some of the data"
    datasets = sorted({str(f.get("dataset", "")).replace("_", " ") for f in files})
    count = f"{len(files)} file" + ("s" if len(files) > 1 else "")
    return f"the {' and '.join(datasets)} data ({count})"


def _facts(sheet: Worksheet, row: int, plan: PlanExport) -> int:
    result = plan.result
    settings = plan.settings
    scope = plan.snapshots.get("scope") or {}
    area = ", ".join(scope.get("icb_codes") or []) or ", ".join(scope.get("sub_icb_codes") or [])
    target = plan.target_rate if plan.target_rate is not None else plan.snapshots.get("target_rate")
    how = (
        "typed in the scenario"
        if settings.options.target_rate is not None
        else ("default: upper quartile of PCN rates in the area")
    )
    facts = [
        ("Scenario", plan.scenario),
        ("Notes", plan.notes or "—"),
        ("Solver status", result.status.value + (f" — {result.message}" if result.message else "")),
        (glossary.label("objective"), _objective_text(settings.options.objective)),
        (glossary.label("budget_gbp"), _budget_text(plan)),
        ("Area", area or "every practice loaded"),
        (
            glossary.label("target_rate"),
            f"{target:,.1f} appointments a month per 1,000 weighted patients ({how})"
            if target is not None
            else "not set",
        ),
        ("Solved at", plan.snapshots.get("solved_at") or "—"),
        ("Workbook written at", plan.exported_at.isoformat(sep=" ")),
        ("App version", f"BC Primary Care Planner {plan.snapshots.get('app_version', '')}"),
    ]
    for label, value in facts:
        put(sheet, row, 1, label).font = styles.LABEL_FONT
        styles.long_text(sheet, row, 2, 7, value, _TEXT_WIDTH)
        row += 1
    return row


def _objective_text(objective: str) -> str:
    code = f"objective.{objective}"
    return f"{glossary.label(code)}: {glossary.definition(code)}"


def _budget_text(plan: PlanExport) -> str:
    s = plan.settings.options
    budget = "no overall budget" if s.budget_gbp is None else f"£{s.budget_gbp:,.0f} a year"
    if s.budget_mode == "entitlement":
        budget = f"each PCN's ARRS entitlement headroom ({budget} overall)"
    dental = (
        "paid from the same budget"
        if s.dental_pooled
        else (f"separate dental budget £{s.dental_budget_gbp:,.0f} a year")
    )
    return f"{glossary.label(f'budget_mode.{s.budget_mode}')}: {budget}; dental: {dental}"


def _files(sheet: Worksheet, row: int, plan: PlanExport) -> int:
    write_header(sheet, row, _FILE_COLUMNS, notes=False)
    row += 1
    for entry in plan.snapshots.get("files", []):
        values = [entry.get(c.key) for c in _FILE_COLUMNS]
        for offset, (column, value) in enumerate(zip(_FILE_COLUMNS, values, strict=True)):
            if column.key == "synthetic":
                value = "SYNTHETIC" if value else "published"
            cell = put(sheet, row, offset + 1, value, styles.body_style_name(column.kind))
            cell.alignment = styles.WRAP if column.key == "file" else styles.TOP
            if column.key == "synthetic" and entry.get("synthetic"):
                cell.font = styles.SMALL_WARNING_FONT
        if len(str(entry.get("file", ""))) > 52:
            sheet.row_dimensions[row].height = 28
        row += 1
    if not plan.snapshots.get("files"):
        put(sheet, row, 1, "No import log is recorded with this plan.")
        row += 1
    return row


def assumption_lines(plan: PlanExport) -> list[str]:
    """Plain sentences naming every figure that is an assumption rather than published."""
    s = plan.settings
    assumed = [r for r in s.roles if r.in_play and _is_assumption(r.cost_source)]
    yields = [r for r in s.roles if r.in_play and _is_assumption(r.yield_source, default=True)]
    lines = [
        f"Appointments per WTE per month of {len(yields)} of the "
        f"{sum(r.in_play for r in s.roles)} roles in play (no official productivity figure "
        "exists for ARRS roles).",
        f"Annual cost per WTE of {len(assumed)} roles whose cost is not in the Network "
        "Contract DES (see Assumptions).",
        "The target rate"
        + (
            " (typed in the scenario)."
            if s.options.target_rate is not None
            else ": the upper quartile of PCN rates in the area (a default)."
        ),
        "Priority weights by IMD quintile "
        + " / ".join(f"{w:g}" for _, w in sorted(s.options.priority_weights_by_quintile.items()))
        + (
            f"; need uplift on the target: {s.options.need_uplift}."
            if s.options.need_uplift != "none"
            else "; no need uplift on the target."
        ),
        f"Price of a commissioned appointment £{s.options.commissioned_appointment_cost_gbp:,.2f}, "
        f"at most {s.options.commissioned_cap_share:.0%} of a PCN's current appointments.",
        f"Dental: extra UDAs at most {s.options.dental_max_extra_share:.0%} of contracted; target "
        + (
            "the area's current UDAs per head."
            if s.options.dental_target_per_head is None
            else f"{s.options.dental_target_per_head:g} UDAs per head."
        ),
        "Recruitment step (smallest post) of each role; recruitment pools where not published.",
    ]
    if plan.synthetic:
        lines.insert(0, "Synthetic input files (listed above) stand in for published data.")
    return lines


DEMAND_DATASETS = {"telephony": "telephony_caveat", "online_consultations": "oc_caveat"}


def demand_lines(plan: PlanExport) -> list[str]:
    """The caveats of the demand publications the data includes, and the demand term of the
    need adjustment when the scenario used it (formula and the money it moved)."""
    datasets = {f.get("dataset") for f in plan.snapshots.get("files", [])}
    lines = [
        f"{glossary.label(code)}: {glossary.definition(code)}"
        for dataset, code in DEMAND_DATASETS.items()
        if dataset in datasets
    ]
    settings = plan.settings
    if settings.demand_need:
        effect = plan.snapshots.get("demand_need") or {}
        moved = effect.get("money_moved_gbp")
        lines.append(
            f"{glossary.label('demand_need')}: {glossary.definition('demand_need')} "
            f"Here β = {settings.demand_need_beta:g}, c = {settings.demand_need_z_cap:g}."
            + (
                f" {glossary.label('demand_money_moved_gbp')}: £{moved:,.0f} a year "
                f"({glossary.definition('demand_money_moved_gbp')})"
                if moved is not None
                else ""
            )
        )
    return lines


def _is_assumption(source: str | None, default: bool = False) -> bool:
    if not source:
        return default
    return "assumption" in source.lower()


_ROUND_TRIP = [
    "1. On the Allocation sheet change the yellow WTE cells only (a blank cell means 0 WTE). "
    "Do not rename PCN rows or role columns.",
    "2. Save the workbook (keep the .xlsx format) and send it back.",
    "3. The commissioner runs: bcprimary import edited.xlsx --as-locks --scenario NEW-NAME. "
    "Every changed cell becomes a locked commitment of the new scenario, held at exactly the "
    "figure typed; anything that no longer matches a PCN or role is reported by row and column.",
    "A hidden sheet (_exported_allocation) keeps the plan as exported so the changes can be found.",
]


def _definitions(sheet: Worksheet, row: int) -> int:
    header = [Column("term", label="Figure"), Column("definition", label="Definition")]
    header += [Column(f"blank{i}", label="") for i in range(5)]
    write_header(sheet, row, header, notes=False)
    sheet.row_dimensions[row].height = 20
    row += 1
    for code, term in glossary.GLOSSARY.items():
        if "." in code:  # a choice's options are explained with the choice
            continue
        put(sheet, row, 1, term.label).font = styles.LABEL_FONT
        unit = f" ({term.unit})" if term.unit and term.unit != "text" else ""
        styles.long_text(sheet, row, 2, 7, term.definition + unit, _TEXT_WIDTH)
        row += 1
    return row
