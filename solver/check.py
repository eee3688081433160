"""Independent re-check of a plan from its result tables (never from the solver's variables).

`check_result(params, result)` recomputes every limit and identity from `PlanParameters` and the
DataFrames in the result — budget, entitlements, pools, caps, locks, whole steps, gap and rate
identities, group and total sums — and returns the violations as plain sentences. An empty list
means the plan is verified. It deliberately re-derives caps, locks and targets from the
parameters instead of reusing `solver.derived`, so a bug there cannot hide itself.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import pandas as pd

from solver.parameters import PlanParameters
from solver.results import PlanResult
from solver.targets import plan_targets

_REL = 1e-6
_ABS = 1e-4
_MONEY_ABS = 0.5  # half a pound: costs are summed from thousands of rows


def _close(a: float, b: float, abs_tol: float = _ABS) -> bool:
    return math.isclose(float(a), float(b), rel_tol=_REL, abs_tol=abs_tol)


def _within(value: float, limit: float, abs_tol: float = _ABS) -> bool:
    return float(value) <= float(limit) + abs_tol + _REL * abs(float(limit))


def check_result(params: PlanParameters, result: PlanResult) -> list[str]:
    """Violations of `result` against `params`; empty when everything holds."""
    if not result.has_plan:
        return []
    problems: list[str] = []
    problems += _check_allocation(params, result.allocation)
    problems += _check_pcn_table(params, result)
    problems += _check_money(params, result)
    problems += _check_dental(params, result.dental_table)
    problems += _check_groups(result)
    problems += _check_totals(result)
    return problems


def _check_allocation(params: PlanParameters, allocation: pd.DataFrame) -> list[str]:
    out: list[str] = []
    roles = {r.code: r for r in params.roles}
    pcns = {p.code for p in params.pcns}
    caps = {(c.pcn_code, c.role_code): c.max_wte for c in params.caps}
    locks: dict[tuple[str, str], float] = defaultdict(float)
    for lock in params.locks:
        locks[lock.pcn_code, lock.role_code] += lock.wte
    if allocation.duplicated(["pcn_code", "role_code"]).any():
        out.append("Allocation has more than one row for the same PCN and role.")
    wte_by_key = {(row.pcn_code, row.role_code): row.wte for row in allocation.itertuples()}
    for row in allocation.itertuples():
        where = f"{row.pcn_code} × {row.role_code}"
        if row.pcn_code not in pcns or row.role_code not in roles:
            out.append(f"Allocation row {where} names an unknown PCN or role.")
            continue
        role = roles[row.role_code]
        steps = row.wte / role.step_wte
        if row.wte < -_ABS or abs(steps - round(steps)) > 1e-6:
            out.append(
                f"{where}: {row.wte:g} WTE is not a whole number of {role.step_wte:g} steps."
            )
        if not _close(row.annual_cost_gbp, row.wte * role.annual_cost_gbp, _MONEY_ABS):
            out.append(f"{where}: cost {row.annual_cost_gbp:,.2f} ≠ WTE × role cost.")
        expected = row.wte * role.appointments_per_wte_month
        if not _close(row.appointments_per_month, expected):
            out.append(f"{where}: appointments {row.appointments_per_month:g} ≠ WTE × yield.")
        cap = caps.get((row.pcn_code, row.role_code), role.max_wte_per_pcn)
        if cap is not None and not _within(row.wte, cap, 1e-6):
            out.append(f"{where}: {row.wte:g} WTE is above the cap of {cap:g} WTE.")
    for (pcn, role_code), wte in locks.items():
        if wte_by_key.get((pcn, role_code), 0.0) < wte - 1e-6:
            out.append(f"Lock {pcn} × {role_code} of {wte:g} WTE is not kept.")
    totals = allocation.groupby("role_code")["wte"].sum()
    for code, role in roles.items():
        pool = role.recruitment_pool_wte
        if pool is not None and code in totals.index and not _within(totals[code], pool, 1e-6):
            out.append(
                f"Role {code}: {totals[code]:g} WTE recruited, above the pool of {pool:g} WTE."
            )
    return out


def _mismatches(
    where: list[str], column: str, actual: np.ndarray, expected: np.ndarray, abs_tol: float = _ABS
) -> list[str]:
    """One sentence per row where `actual` differs from `expected` (vectorised: runs per plan)."""
    bad = ~np.isclose(actual, expected, rtol=_REL, atol=abs_tol)
    return [
        f"{where[i]}: {column} is {actual[i]:,.6g}, expected {expected[i]:,.6g}."
        for i in np.flatnonzero(bad)
    ]


def _check_pcn_table(params: PlanParameters, result: PlanResult) -> list[str]:
    codes = [p.code for p in params.pcns]
    table = result.pcn_table
    if sorted(table["pcn_code"]) != sorted(codes) or table["pcn_code"].duplicated().any():
        return ["The PCN table does not list exactly the plan's PCNs."]
    table = table.set_index("pcn_code").loc[codes]
    where = [f"PCN {code}" for code in codes]
    col = {
        c: table[c].to_numpy(dtype=float) for c in table.columns if c not in ("pcn_name", "place")
    }
    allocation = result.allocation
    role_apps = allocation.groupby("pcn_code")["appointments_per_month"].sum()
    role_cost = allocation.groupby("pcn_code")["annual_cost_gbp"].sum()
    current = np.array([p.current_appointments for p in params.pcns], dtype=float)
    weighted = np.array([p.weighted_patients for p in params.pcns], dtype=float)
    target = plan_targets(params).target
    commissioned = col["commissioned_appointments"]
    expected = {
        "target_appointments": target,
        "appointments_before": current,
        "role_appointments_added": role_apps.reindex(codes, fill_value=0.0).to_numpy(float),
        "appointments_added": col["role_appointments_added"] + commissioned,
        "appointments_after": current + col["appointments_added"],
        "gap_before": np.maximum(0.0, target - current),
        "gap_after": np.maximum(0.0, target - col["appointments_after"]),
        "rate_per_1000_weighted_before": col["appointments_before"] / weighted * 1e3,
        "rate_per_1000_weighted_after": col["appointments_after"] / weighted * 1e3,
    }
    out: list[str] = []
    for column, values in expected.items():
        out += _mismatches(where, column, col[column], values)
    k = params.options.commissioned_appointment_cost_gbp
    money = {
        "role_cost_gbp": role_cost.reindex(codes, fill_value=0.0).to_numpy(float),
        "commissioned_cost_gbp": 12 * k * commissioned,
        "cost_gbp": col["role_cost_gbp"] + col["commissioned_cost_gbp"],
    }
    for column, values in money.items():
        out += _mismatches(where, column, col[column], values, _MONEY_ABS)
    cap = params.options.commissioned_cap_share * current
    outside = (commissioned < -_ABS) | (commissioned > cap + _ABS + _REL * cap)
    for i in np.flatnonzero(outside):
        out.append(
            f"{where[i]}: {commissioned[i]:g} commissioned appointments, outside 0..{cap[i]:g}."
        )
    return out


def _check_money(params: PlanParameters, result: PlanResult) -> list[str]:
    out: list[str] = []
    pcn_cost = float(result.pcn_table["cost_gbp"].sum())
    dental_cost = float(result.dental_table["cost_gbp"].sum()) if len(result.dental_table) else 0.0
    if params.options.budget_gbp is not None:
        spent = pcn_cost + (dental_cost if params.options.dental_pooled else 0.0)
        if not _within(spent, params.options.budget_gbp, _MONEY_ABS):
            out.append(
                f"Spend £{spent:,.0f} is above the budget of £{params.options.budget_gbp:,.0f}."
            )
    separate = params.dental and not params.options.dental_pooled
    if separate and not _within(dental_cost, params.options.dental_budget_gbp, _MONEY_ABS):
        out.append(
            f"Dental spend £{dental_cost:,.0f} is above the dental budget of "
            f"£{params.options.dental_budget_gbp:,.0f}."
        )
    if params.options.budget_mode == "entitlement":
        cost = result.pcn_table.set_index("pcn_code")["cost_gbp"]
        for pcn in params.pcns:
            headroom = max(0.0, pcn.entitlement_gbp - pcn.arrs_spend_in_post_gbp)
            if not _within(cost[pcn.code], headroom, _MONEY_ABS):
                out.append(
                    f"PCN {pcn.code}: spend £{cost[pcn.code]:,.0f} is above its entitlement "
                    f"headroom of £{headroom:,.0f}."
                )
    return out


def _check_dental(params: PlanParameters, dental: pd.DataFrame) -> list[str]:
    out: list[str] = []
    rows = dental.set_index("place") if len(dental) else dental
    for place in params.dental:
        if place.place not in rows.index:
            out.append(f"Dental place {place.place} is missing from the dental table.")
            continue
        row = rows.loc[place.place]
        shortfall = max(0.0, place.uda_target_per_head * place.population - place.udas_contracted)
        if row.extra_udas < -_ABS or not _within(row.extra_udas, place.max_extra_udas):
            out.append(f"Dental {place.place}: {row.extra_udas:g} extra UDAs outside the limit.")
        if not _close(row.shortfall_before, shortfall):
            out.append(f"Dental {place.place}: shortfall before is wrong.")
        if not _close(row.shortfall_after, max(0.0, shortfall - row.extra_udas)):
            out.append(f"Dental {place.place}: shortfall after ≠ max(0, before − extra).")
        if not _close(row.cost_gbp, row.extra_udas * place.uda_value_gbp, _MONEY_ABS):
            out.append(f"Dental {place.place}: cost ≠ extra UDAs × UDA value.")
    return out


def _check_groups(result: PlanResult) -> list[str]:
    out: list[str] = []
    pcns = result.pcn_table
    columns = ["appointments_added", "gap_after", "cost_gbp"]
    for name, table, key in (
        ("place", result.place_table, "place"),
        ("quintile", result.quintile_table, "imd_quintile"),
    ):
        groups, inverse = np.unique(pcns[key].to_numpy(), return_inverse=True)
        listed = table[key].to_numpy()
        if len(listed) != len(groups) or set(listed.tolist()) != set(groups.tolist()):
            out.append(f"The {name} table does not cover the same groups as the PCN table.")
            continue
        order = {group: i for i, group in enumerate(listed.tolist())}
        rows = np.array([order[group] for group in groups.tolist()])
        where = [f"{name} {group}" for group in groups.tolist()]
        for column in columns:
            sums = np.bincount(inverse, weights=pcns[column].to_numpy(float), minlength=len(groups))
            found = _mismatches(
                where, column, table[column].to_numpy(float)[rows], sums, _MONEY_ABS
            )
            out += [f"{line} It should equal the sum of its PCNs." for line in found]
    return out


def _check_totals(result: PlanResult) -> list[str]:
    out: list[str] = []
    pcns, totals = result.pcn_table, result.totals
    dental_cost = float(result.dental_table["cost_gbp"].sum()) if len(result.dental_table) else 0.0
    expected = {
        "cost_gbp": float(pcns["cost_gbp"].sum()) + dental_cost,
        "appointments_added": float(pcns["appointments_added"].sum()),
        "gap_before": float(pcns["gap_before"].sum()),
        "gap_after": float(pcns["gap_after"].sum()),
        "weighted_gap_after": float(np.dot(pcns["priority_weight"], pcns["gap_after"])),
        "wte_added": float(result.allocation["wte"].sum()) if len(result.allocation) else 0.0,
    }
    for key, value in expected.items():
        if key not in totals or not _close(totals[key], value, _MONEY_ABS):
            out.append(f"Total {key} is {totals.get(key)}, expected {value:g}.")
    return out
