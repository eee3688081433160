"""Turn a `Plan` into the result tables every screen and export reads.

The same function builds the tables for the optimum and for each baseline, so they are directly
comparable. Column names are the domain's words; rates are appointments per month per 1,000
weighted patients.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from solver.derived import DerivedData
from solver.equity import quintile_gap, slope_index_of_inequality
from solver.parameters import PlanParameters
from solver.plan import Plan, evaluate

ALLOCATION_COLUMNS = [
    "pcn_code",
    "role_code",
    "steps",
    "wte",
    "locked_wte",
    "annual_cost_gbp",
    "appointments_per_month",
]
PCN_COLUMNS = [
    "pcn_code",
    "pcn_name",
    "place",
    "imd_quintile",
    "imd_decile",
    "deprivation_score",
    "registered_patients",
    "weighted_patients",
    "priority_weight",
    "need_uplift",
    "target_appointments",
    "appointments_before",
    "role_wte_added",
    "role_appointments_added",
    "commissioned_appointments",
    "appointments_added",
    "appointments_after",
    "gap_before",
    "gap_after",
    "gap_closed",
    "relative_gap_after",
    "rate_per_1000_weighted_before",
    "rate_per_1000_weighted_after",
    "role_cost_gbp",
    "commissioned_cost_gbp",
    "cost_gbp",
    "entitlement_gbp",
    "arrs_spend_in_post_gbp",
    "entitlement_headroom_gbp",
]
_SUMMED = [
    "registered_patients",
    "weighted_patients",
    "target_appointments",
    "appointments_before",
    "role_wte_added",
    "role_appointments_added",
    "commissioned_appointments",
    "appointments_added",
    "appointments_after",
    "gap_before",
    "gap_after",
    "gap_closed",
    "cost_gbp",
]
GROUP_COLUMNS = [
    "pcns",
    *_SUMMED,
    "rate_per_1000_weighted_before",
    "rate_per_1000_weighted_after",
]
DENTAL_COLUMNS = [
    "place",
    "population",
    "udas_contracted",
    "uda_target",
    "shortfall_before",
    "extra_udas",
    "shortfall_after",
    "udas_per_head_before",
    "udas_per_head_after",
    "uda_value_gbp",
    "cost_gbp",
]


def allocation_table(params: PlanParameters, derived: DerivedData, plan: Plan) -> pd.DataFrame:
    """One row per PCN × role with any WTE."""
    rows = np.argwhere(plan.steps > 0)
    p_idx, r_idx = rows[:, 0], rows[:, 1]
    steps = plan.steps[p_idx, r_idx]
    frame = pd.DataFrame(
        {
            "pcn_code": [derived.pcn_codes[i] for i in p_idx],
            "role_code": [derived.role_codes[j] for j in r_idx],
            "steps": steps.astype(np.int64),
            "wte": steps * derived.step_wte[r_idx],
            "locked_wte": derived.min_steps[p_idx, r_idx] * derived.step_wte[r_idx],
            "annual_cost_gbp": steps * derived.step_cost[r_idx],
            "appointments_per_month": steps * derived.step_appointments[r_idx],
        },
        columns=ALLOCATION_COLUMNS,
    )
    return frame.reset_index(drop=True)


def pcn_table(params: PlanParameters, derived: DerivedData, plan: Plan) -> pd.DataFrame:
    pcns = params.pcns
    weighted = np.array([p.weighted_patients for p in pcns], dtype=float)
    role_apps = plan.steps @ derived.step_appointments
    added = role_apps + plan.commissioned
    before = derived.current_appointments
    after = before + added
    gap_after = np.maximum(0.0, derived.target - after)
    role_cost = plan.steps @ derived.step_cost
    commissioned_cost = plan.commissioned * derived.commissioned_unit_cost
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(derived.target > 0, gap_after / derived.target, 0.0)
    return pd.DataFrame(
        {
            "pcn_code": [p.code for p in pcns],
            "pcn_name": [p.name for p in pcns],
            "place": [p.place for p in pcns],
            "imd_quintile": np.array([p.imd_quintile for p in pcns], dtype=np.int64),
            "imd_decile": np.array([p.imd_decile for p in pcns], dtype=np.int64),
            "deprivation_score": np.array([p.deprivation_score for p in pcns], dtype=float),
            "registered_patients": np.array([p.registered_patients for p in pcns], dtype=float),
            "weighted_patients": weighted,
            "priority_weight": derived.priority_weight,
            "need_uplift": derived.need_uplift,
            "target_appointments": derived.target,
            "appointments_before": before,
            "role_wte_added": plan.steps @ derived.step_wte,
            "role_appointments_added": role_apps,
            "commissioned_appointments": plan.commissioned,
            "appointments_added": added,
            "appointments_after": after,
            "gap_before": derived.access_gap,
            "gap_after": gap_after,
            "gap_closed": derived.access_gap - gap_after,
            "relative_gap_after": relative,
            "rate_per_1000_weighted_before": before / weighted * 1000.0,
            "rate_per_1000_weighted_after": after / weighted * 1000.0,
            "role_cost_gbp": role_cost,
            "commissioned_cost_gbp": commissioned_cost,
            "cost_gbp": role_cost + commissioned_cost,
            "entitlement_gbp": np.array([p.entitlement_gbp for p in pcns], dtype=float),
            "arrs_spend_in_post_gbp": np.array(
                [p.arrs_spend_in_post_gbp for p in pcns], dtype=float
            ),
            "entitlement_headroom_gbp": derived.pcn_spend_limit,
        },
        columns=PCN_COLUMNS,
    )


def group_table(pcns: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sums of the PCN table by `by` ("place" or "imd_quintile"), with rates recomputed."""
    # numpy rather than DataFrame.groupby: this runs for every plan and baseline, and pandas'
    # per-call overhead was most of the Black Country solve time.
    groups, inverse, counts = np.unique(
        pcns[by].to_numpy(), return_inverse=True, return_counts=True
    )
    data: dict[str, object] = {by: groups, "pcns": counts.astype(np.int64)}
    for column in _SUMMED:
        data[column] = np.bincount(
            inverse, weights=pcns[column].to_numpy(dtype=float), minlength=len(groups)
        )
    for when in ("before", "after"):
        data[f"rate_per_1000_weighted_{when}"] = (
            data[f"appointments_{when}"] / data["weighted_patients"] * 1000.0
        )
    return pd.DataFrame(data, columns=[by, *GROUP_COLUMNS])


def dental_table(params: PlanParameters, derived: DerivedData, plan: Plan) -> pd.DataFrame:
    dental = params.dental
    population = np.array([d.population for d in dental], dtype=float)
    contracted = np.array([d.udas_contracted for d in dental], dtype=float)
    after = np.maximum(0.0, derived.dental_shortfall - plan.extra_udas)
    return pd.DataFrame(
        {
            "place": [d.place for d in dental],
            "population": population,
            "udas_contracted": contracted,
            "uda_target": np.array([d.uda_target_per_head for d in dental], dtype=float)
            * population,
            "shortfall_before": derived.dental_shortfall,
            "extra_udas": plan.extra_udas,
            "shortfall_after": after,
            "udas_per_head_before": contracted / population,
            "udas_per_head_after": (contracted + plan.extra_udas) / population,
            "uda_value_gbp": derived.uda_value,
            "cost_gbp": plan.extra_udas * derived.uda_value,
        },
        columns=DENTAL_COLUMNS,
    )


def equity_summary(pcns: pd.DataFrame) -> dict[str, float]:
    """SII across IMD deciles and the Q5 − Q1 gap, before and after the plan."""
    out: dict[str, float] = {}
    for when in ("before", "after"):
        rate = pcns[f"rate_per_1000_weighted_{when}"]
        out[f"sii_{when}"] = slope_index_of_inequality(
            rate, pcns["weighted_patients"], pcns["imd_decile"]
        )
        out[f"quintile_gap_{when}"] = quintile_gap(
            rate, pcns["weighted_patients"], pcns["imd_quintile"]
        )
    return out


def build_tables(params: PlanParameters, derived: DerivedData, plan: Plan) -> dict[str, Any]:
    """All tables and summaries of `plan`, as keyword arguments for `PlanResult`."""
    pcns = pcn_table(params, derived, plan)
    dental = dental_table(params, derived, plan)
    score = evaluate(derived, plan)
    role_cost = float(pcns["role_cost_gbp"].sum())
    commissioned_cost = float(pcns["commissioned_cost_gbp"].sum())
    dental_cost = float(dental["cost_gbp"].sum())
    weights = derived.priority_weight
    before_relative = np.where(derived.target > 0, derived.access_gap / derived.target, 0.0)
    totals = {
        "budget_gbp": float("nan")
        if params.options.budget_gbp is None
        else float(params.options.budget_gbp),
        "cost_gbp": role_cost + commissioned_cost + dental_cost,
        "role_cost_gbp": role_cost,
        "commissioned_cost_gbp": commissioned_cost,
        "dental_cost_gbp": dental_cost,
        "wte_added": float(pcns["role_wte_added"].sum()),
        "appointments_added": float(pcns["appointments_added"].sum()),
        "commissioned_appointments": float(pcns["commissioned_appointments"].sum()),
        "gap_before": float(pcns["gap_before"].sum()),
        "gap_after": float(pcns["gap_after"].sum()),
        "weighted_gap_before": float(np.dot(weights, pcns["gap_before"])),
        "weighted_gap_after": float(np.dot(weights, pcns["gap_after"])),
        "share_weighted_gap_remaining": score.weighted_gap_share,
        "worst_relative_gap_before": float(before_relative.max()) if len(pcns) else 0.0,
        "worst_relative_gap_after": score.worst_relative_gap,
        "extra_udas": float(dental["extra_udas"].sum()),
        "dental_shortfall_before": float(dental["shortfall_before"].sum()),
        "dental_shortfall_after": float(dental["shortfall_after"].sum()),
    }
    return {
        "allocation": allocation_table(params, derived, plan),
        "pcn_table": pcns,
        "place_table": group_table(pcns, "place"),
        "quintile_table": group_table(pcns, "imd_quintile"),
        "dental_table": dental,
        "equity": equity_summary(pcns),
        "totals": totals,
        "objective_value": score.total,
        "objective_breakdown": {
            "weighted_gap_share": score.weighted_gap_share,
            "dental_term": score.dental_term,
            "cost_tiebreak": score.cost_tiebreak,
            "worst_relative_gap": score.worst_relative_gap,
        },
    }
