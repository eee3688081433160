"""Headline figures of a solved plan, for the command line, JSON output and the app."""

from __future__ import annotations

import math

import pandas as pd

from bcprimary import glossary
from solver.results import PlanResult


def _num(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def kpis(result: PlanResult) -> dict:
    """Status, cost, appointments added, gaps and inequality before/after (JSON-ready)."""
    totals = result.totals or {}
    equity = result.equity or {}
    out = {
        "status": result.status.value,
        "message": result.message,
        "objective": result.objective,
        "objective_value": _num(result.objective_value),
        "mip_gap": _num(result.mip_gap),
        "solver": result.solver,
        "seconds": _num(result.total_seconds),
        "verified": not result.check,
    }
    for key in (
        "budget_gbp",
        "cost_gbp",
        "role_cost_gbp",
        "commissioned_cost_gbp",
        "dental_cost_gbp",
        "wte_added",
        "appointments_added",
        "commissioned_appointments",
        "gap_before",
        "gap_after",
        "weighted_gap_before",
        "weighted_gap_after",
        "share_weighted_gap_remaining",
        "worst_relative_gap_before",
        "worst_relative_gap_after",
        "extra_udas",
    ):
        out[key] = _num(totals.get(key))
    for key in ("sii_before", "sii_after", "quintile_gap_before", "quintile_gap_after"):
        out[key] = _num(equity.get(key))
    if result.marginal_value_budget is not None:
        out["marginal_weighted_appointments_per_1000_gbp"] = _num(
            result.marginal_value_budget.weighted_appointments_per_unit
        )
    return out


def plan_summary_lines(result: PlanResult, top: int = 8) -> list[str]:
    """A plain-text account of the plan: headline, baselines, where the money went."""
    k = kpis(result)
    lines = [f"Status: {result.status.value}" + (f" — {result.message}" if result.message else "")]
    if not result.has_plan:
        return lines
    gap_closed = (k["gap_before"] or 0) - (k["gap_after"] or 0)
    lines += [
        f"Spend £{(k['role_cost_gbp'] or 0) + (k['commissioned_cost_gbp'] or 0):,.0f} "
        f"(budget £{(k['budget_gbp'] or 0):,.0f}): {k['wte_added']:,.1f} WTE in ARRS roles, "
        f"{k['commissioned_appointments'] or 0:,.0f} commissioned appointments a month; "
        f"dental £{k['dental_cost_gbp'] or 0:,.0f} for {k['extra_udas'] or 0:,.0f} extra "
        "UDAs a year",
        f"{glossary.label('appointments_added')}: {k['appointments_added']:,.0f} a month; "
        f"{glossary.label('access_gap').lower()} {k['gap_before']:,.0f} → "
        f"{k['gap_after']:,.0f} a month ({gap_closed:,.0f} closed)",
        f"{glossary.label('share_weighted_gap_remaining')}: "
        f"{(k['share_weighted_gap_remaining'] or 0):.1%}",
        f"{glossary.header('sii')}: {_fmt(k['sii_before'])} → {_fmt(k['sii_after'])}",
        f"Solver {result.solver}: objective {_fmt(k['objective_value'], 4)}, MIP gap "
        f"{_fmt(k['mip_gap'], 6)}, {k['seconds'] or 0:.2f} s; "
        + ("independently verified" if k["verified"] else f"CHECK FAILED: {result.check}"),
    ]
    for name, baseline in result.baselines.items():
        b = kpis(baseline)
        lines.append(
            f"Baseline {glossary.label(f'plan.{name}').lower()}: "
            f"{glossary.label('share_weighted_gap_remaining').lower()} "
            f"{(b['share_weighted_gap_remaining'] or 0):.1%}, "
            f"{glossary.label('appointments_added').lower()} {(b['appointments_added'] or 0):,.0f}"
        )
    by_place = result.pcn_table.groupby("place")[["appointments_added", "cost_gbp"]].sum()
    lines.append("By place:")
    for place, row in by_place.sort_values("cost_gbp", ascending=False).iterrows():
        lines.append(
            f"  {place:<28} £{row['cost_gbp']:>12,.0f}  +{row['appointments_added']:>8,.0f} "
            "appointments/month"
        )
    if not result.allocation.empty:
        by_role = result.allocation.groupby("role_code")["wte"].sum().sort_values(ascending=False)
        lines.append("By role (WTE): " + ", ".join(f"{r} {w:g}" for r, w in by_role.items()))
    funded = result.pcn_table[result.pcn_table["cost_gbp"] > 0]
    pcns = funded.sort_values("cost_gbp", ascending=False).head(top)
    lines.append(f"{len(funded)} PCNs receive investment; the largest {len(pcns)}:")
    for row in pcns.itertuples():
        lines.append(
            f"  {row.pcn_code} {str(row.pcn_name)[:34]:<34} Q{_fmt(row.imd_quintile, 0)} "
            f"£{row.cost_gbp:>10,.0f}  rate {row.rate_per_1000_weighted_before:,.0f} → "
            f"{row.rate_per_1000_weighted_after:,.0f} per 1,000"
        )
    return lines


def _fmt(value, digits: int = 1) -> str:
    value = _num(value)
    return "n/a" if value is None else f"{value:,.{digits}f}"


def allocation_records(result: PlanResult) -> list[dict]:
    frame = result.allocation
    if frame.empty:
        return []
    return frame.astype(object).where(pd.notna(frame), None).to_dict(orient="records")
