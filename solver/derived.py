"""Derived numbers shared by the model, the baselines and the result tables.

`derive(params)` turns the parameter dataclasses into numpy arrays indexed by PCN (p), role (r)
and dental place (g): targets, access gaps, priority weights, step bounds, spending limits. The
MIP, the baselines and the tables all read these arrays, so a plan is scored the same way
wherever it came from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from solver.parameters import PlanParameters
from solver.targets import plan_priority_weights, plan_targets

MONTHS_PER_YEAR = 12
COST_TIEBREAK = 1e-4
"""Weight of total spend (as a share of the cost scale) in the objective: spending the whole
budget for nothing costs as much as leaving 0.01% of the weighted gap open, so money is never
spent without benefit yet never outweighs a real appointment."""
_STEP_EPS = 1e-9
_PENNY = 0.01


def _money(amount: float) -> float:
    """Amounts below a penny are zero: solvers misread subnormal right-hand sides."""
    return amount if amount >= _PENNY else 0.0


def lock_steps(wte: float, step_wte: float) -> int:
    """Smallest whole number of steps covering a locked WTE (locks are rounded up)."""
    return max(0, math.ceil(wte / step_wte - _STEP_EPS))


def cap_steps(wte: float, step_wte: float) -> int:
    """Largest whole number of steps within a cap (caps are rounded down)."""
    return max(0, math.floor(wte / step_wte + _STEP_EPS))


@dataclass(frozen=True)
class DerivedData:
    """Arrays the model is built from; shapes (P,), (R,), (P, R) or (G,)."""

    pcn_codes: tuple[str, ...]
    role_codes: tuple[str, ...]
    dental_places: tuple[str, ...]
    priority_weight: np.ndarray
    need_uplift: np.ndarray
    target: np.ndarray
    current_appointments: np.ndarray
    access_gap: np.ndarray
    gap_normaliser: float
    """Σ w_p G_p, so the objective reads as the share of weighted gap remaining (1 if no gap)."""
    step_wte: np.ndarray
    step_cost: np.ndarray
    step_appointments: np.ndarray
    pool_steps: np.ndarray
    """Recruitment pool in steps (inf = unlimited)."""
    min_steps: np.ndarray
    """Locked steps ℓ/q (rounded up)."""
    max_steps: np.ndarray
    """Cap in steps M/q (inf = uncapped)."""
    commissioned_cap: np.ndarray
    commissioned_unit_cost: float
    """Annual cost of one commissioned appointment per month (12 k)."""
    pcn_spend_limit: np.ndarray
    """Entitlement headroom: entitlement less staff in post, floored at 0 (entitlement mode)."""
    budget: float | None
    pooled_budget: bool
    dental_shortfall: np.ndarray
    dental_normaliser: float
    uda_value: np.ndarray
    max_extra_udas: np.ndarray
    dental_budget: float | None
    """Separate dental budget, or None when dental is paid from the pooled budget."""
    dental_weight: float
    cost_scale: float
    """Spend that costs `COST_TIEBREAK` in objective units."""

    @property
    def objective_scale(self) -> float:
        """Factor the solver's copy of the objective is multiplied by.

        The objective proper is a share (0..1), so per-appointment coefficients are ~1/Σ w G
        and per-£ tie-break coefficients smaller still: below HiGHS's and CBC's 1e-7 optimality
        tolerances on an England-sized plan, where they would be silently ignored. Scaled, the
        coefficients are ~1 per weighted appointment. Values and bounds are divided back.
        """
        return max(self.gap_normaliser, self.dental_normaliser, 1.0)

    @property
    def n_pcns(self) -> int:
        return len(self.pcn_codes)

    @property
    def n_roles(self) -> int:
        return len(self.role_codes)

    def useful_max_steps(self) -> np.ndarray:
        """Upper bound on steps any optimal plan uses.

        Beyond ceil(G_p / yield) steps a single role already closes the whole gap, so a further
        step only adds cost; bounding here keeps the MIP small without cutting off an optimum.
        Locks still win.
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            useful = np.ceil(self.access_gap[:, None] / self.step_appointments[None, :] - 1e-9)
        useful = np.where(np.isfinite(useful), np.maximum(useful, 0.0), 0.0)
        # Pools are left to their own rows (not folded into bounds) so that the LP relaxation's
        # pool duals, the marginal value of a recruit, stay attributable.
        bound = np.minimum(useful, self.max_steps)
        return np.maximum(bound, self.min_steps)


def derive(params: PlanParameters) -> DerivedData:
    """Compute the arrays for `params` (assumes presolve found no errors)."""
    pcns, roles = params.pcns, params.roles
    role_index = {r.code: i for i, r in enumerate(roles)}
    pcn_index = {p.code: i for i, p in enumerate(pcns)}

    priority = plan_priority_weights(params)
    targets = plan_targets(params)
    uplift, target, gap = targets.need_uplift, targets.target, targets.access_gap
    current = np.array([p.current_appointments for p in pcns], dtype=float)
    weighted_gap = float(np.sum(priority * gap))

    step = np.array([r.step_wte for r in roles], dtype=float)
    cost = np.array([r.annual_cost_gbp for r in roles], dtype=float)
    yield_ = np.array([r.appointments_per_wte_month for r in roles], dtype=float)
    pool = np.array(
        [
            math.inf if r.recruitment_pool_wte is None else cap_steps(r.recruitment_pool_wte, s)
            for r, s in zip(roles, step, strict=True)
        ],
        dtype=float,
    )

    max_steps = np.full((len(pcns), len(roles)), math.inf)
    for j, role in enumerate(roles):
        if role.max_wte_per_pcn is not None:
            max_steps[:, j] = cap_steps(role.max_wte_per_pcn, role.step_wte)
    for cap in params.caps:
        i, j = pcn_index[cap.pcn_code], role_index[cap.role_code]
        max_steps[i, j] = cap_steps(cap.max_wte, roles[j].step_wte)
    min_steps = np.zeros((len(pcns), len(roles)))
    for lock in params.locks:
        i, j = pcn_index[lock.pcn_code], role_index[lock.role_code]
        min_steps[i, j] += lock_steps(lock.wte, roles[j].step_wte)

    headroom = np.array(
        [_money(p.entitlement_gbp - p.arrs_spend_in_post_gbp) for p in pcns], dtype=float
    )
    pooled = params.options.budget_mode == "pooled"
    budget = None if params.options.budget_gbp is None else _money(params.options.budget_gbp)

    dental = params.dental
    shortfall = np.array(
        [max(0.0, d.uda_target_per_head * d.population - d.udas_contracted) for d in dental],
        dtype=float,
    )
    # The tie-break is per pound of all the money the plan may spend, so it stays tiny even
    # when the main budget is 0 and only a separate dental budget is in play.
    money = 0.0
    if budget is not None and budget > 0:
        money = float(budget)
    elif not pooled and headroom.sum() > 0:
        money = float(headroom.sum())
    if not params.options.dental_pooled and dental:
        money += _money(params.options.dental_budget_gbp)
    cost_scale = money if money > 0 else 1.0

    return DerivedData(
        pcn_codes=tuple(p.code for p in pcns),
        role_codes=tuple(r.code for r in roles),
        dental_places=tuple(d.place for d in dental),
        priority_weight=priority,
        need_uplift=uplift,
        target=target,
        current_appointments=current,
        access_gap=gap,
        gap_normaliser=weighted_gap if weighted_gap > 0 else 1.0,
        step_wte=step,
        step_cost=cost * step,
        step_appointments=yield_ * step,
        pool_steps=pool,
        min_steps=min_steps,
        max_steps=max_steps,
        commissioned_cap=np.maximum(0.0, params.options.commissioned_cap_share * current),
        commissioned_unit_cost=MONTHS_PER_YEAR * params.options.commissioned_appointment_cost_gbp,
        pcn_spend_limit=headroom,
        budget=budget,
        pooled_budget=pooled,
        dental_shortfall=shortfall,
        dental_normaliser=float(shortfall.sum()) if shortfall.sum() > 0 else 1.0,
        uda_value=np.array([d.uda_value_gbp for d in dental], dtype=float),
        max_extra_udas=np.array([max(0.0, d.max_extra_udas) for d in dental], dtype=float),
        dental_budget=None
        if params.options.dental_pooled
        else _money(params.options.dental_budget_gbp),
        dental_weight=params.options.dental_weight,
        cost_scale=cost_scale,
    )
