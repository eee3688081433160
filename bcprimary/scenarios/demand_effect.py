"""How much the optional demand term moved money: the plan solved again without it.

The demand term multiplies each PCN's need index by a factor of its missed-call rate
(`bcprimary.analysis.demand.demand_need_factor`). To say what that did, the same parameters are
solved with every need index back at 1 and the PCNs' annual costs compared: the money moved is
half the sum of the absolute changes (a pound taken from one PCN and given to another counts
once).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from bcprimary.progress import CancelToken
from bcprimary.scenarios.inputs import PlanInputs
from solver.parameters import PlanParameters
from solver.results import PlanResult
from solver.run import solve


def without_demand_term(params: PlanParameters) -> PlanParameters:
    """The same plan with every PCN's need index back at 1."""
    return replace(params, pcns=tuple(replace(p, need_index=1.0) for p in params.pcns))


def cost_by_pcn(result: PlanResult) -> pd.Series:
    table = result.pcn_table
    if table.empty:
        return pd.Series(dtype=float)
    return table.set_index("pcn_code")["cost_gbp"].astype(float)


def money_moved(with_term: PlanResult, without_term: PlanResult) -> dict:
    """``money_moved_gbp`` and each PCN's change in annual cost (with − without)."""
    change = cost_by_pcn(with_term).sub(cost_by_pcn(without_term), fill_value=0.0)
    return {
        "money_moved_gbp": float(change.abs().sum() / 2.0),
        "cost_change_by_pcn": {code: float(v) for code, v in change.items() if abs(v) > 0.5},
    }


def demand_need_effect(
    inputs: PlanInputs, result: PlanResult, cancel: CancelToken | None = None
) -> dict:
    """What the demand term did to the plan ``result`` solved from ``inputs`` (JSON-ready):
    the settings, each PCN's factor, and the money it moved."""
    settings = inputs.settings
    effect = {
        "beta": settings.demand_need_beta,
        "z_cap": settings.demand_need_z_cap,
        "factors": {p.code: p.need_index for p in inputs.parameters.pcns},
    }
    baseline = solve(without_demand_term(inputs.parameters), cancel=cancel)
    if result.has_plan and baseline.has_plan:
        effect |= money_moved(result, baseline)
    return effect
