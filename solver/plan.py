"""A plan independent of where it came from, and the one function that scores plans.

The MIP solution, the fair-shares baseline and the greedy baseline are all a `Plan` (steps per
PCN × role, commissioned appointments per PCN, extra UDAs per dental place) and are all scored by
`evaluate`, which mirrors the model's objective term by term. That is what makes "the optimum is
never worse than a baseline" a meaningful, testable statement.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from solver.derived import COST_TIEBREAK, DerivedData


@dataclass(frozen=True)
class Plan:
    """Decisions: integer steps (P, R), commissioned appointments/month (P), extra UDAs/year (G)."""

    steps: np.ndarray
    commissioned: np.ndarray
    extra_udas: np.ndarray

    @classmethod
    def locks_only(cls, derived: DerivedData) -> Plan:
        """The plan that keeps the locked commitments and adds nothing else."""
        return cls(
            steps=derived.min_steps.astype(np.int64),
            commissioned=np.zeros(derived.n_pcns),
            extra_udas=np.zeros(len(derived.dental_places)),
        )


@dataclass(frozen=True)
class ObjectiveBreakdown:
    """The objective of a plan, term by term (all in objective units except costs)."""

    weighted_gap_share: float
    """Σ w_p s_p / Σ w_p G_p: share of the deprivation-weighted access gap left open."""
    dental_term: float
    """dental_weight × share of the UDA shortfall left open."""
    cost_tiebreak: float
    """COST_TIEBREAK × spend / cost scale."""
    worst_relative_gap: float
    """max_p s_p / T_p (the equity objective's first stage)."""
    total: float
    """weighted_gap_share + dental_term + cost_tiebreak: what the MIP minimises."""


def appointments_added(derived: DerivedData, plan: Plan) -> np.ndarray:
    """Appointments per month each PCN gains (roles + commissioned)."""
    return plan.steps @ derived.step_appointments + plan.commissioned


def total_cost(derived: DerivedData, plan: Plan) -> float:
    """Annual cost of the whole plan, dental included."""
    return float(
        np.sum(plan.steps * derived.step_cost[None, :])
        + derived.commissioned_unit_cost * plan.commissioned.sum()
        + np.dot(plan.extra_udas, derived.uda_value)
    )


def evaluate(derived: DerivedData, plan: Plan) -> ObjectiveBreakdown:
    """Score a plan with exactly the objective the MIP minimises."""
    residual = np.maximum(0.0, derived.access_gap - appointments_added(derived, plan))
    weighted_share = float(np.dot(derived.priority_weight, residual) / derived.gap_normaliser)
    dental_left = np.maximum(0.0, derived.dental_shortfall - plan.extra_udas)
    dental_term = derived.dental_weight * float(dental_left.sum()) / derived.dental_normaliser
    tiebreak = COST_TIEBREAK * total_cost(derived, plan) / derived.cost_scale
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(derived.target > 0, residual / derived.target, 0.0)
    worst = float(relative.max()) if relative.size else 0.0
    return ObjectiveBreakdown(
        weighted_gap_share=weighted_share,
        dental_term=dental_term,
        cost_tiebreak=tiebreak,
        worst_relative_gap=worst,
        total=weighted_share + dental_term + tiebreak,
    )


def trim_waste(derived: DerivedData, plan: Plan) -> Plan:
    """Drop purchases that close no gap (solver tolerance can leave a few).

    A role step above its lock whose appointments are all surplus is removed (most expensive
    first); commissioned appointments and extra UDAs are cut to what the gap needs. Removing
    spend never breaks a limit, so the trimmed plan stays feasible and scores no worse.
    """
    steps = plan.steps.copy()
    commissioned = plan.commissioned.copy()
    order = np.argsort(-derived.step_cost, kind="stable")
    for p in range(derived.n_pcns):
        surplus = float(
            steps[p] @ derived.step_appointments + commissioned[p] - derived.access_gap[p]
        )
        for r in order:
            while (
                steps[p, r] > derived.min_steps[p, r]
                and surplus >= derived.step_appointments[r] - 1e-9
            ):
                steps[p, r] -= 1
                surplus -= derived.step_appointments[r]
        if surplus > 1e-9 and commissioned[p] > 0:
            commissioned[p] = max(0.0, commissioned[p] - surplus)
    extra = np.minimum(plan.extra_udas, derived.dental_shortfall)
    return Plan(steps=steps, commissioned=commissioned, extra_udas=extra)


def plan_from_tables(
    derived: DerivedData,
    allocation: pd.DataFrame,
    pcn_table: pd.DataFrame,
    dental_table: pd.DataFrame,
) -> Plan:
    """Rebuild a `Plan` from result tables (e.g. a stored scenario, or a warm start)."""
    pcn_index = {code: i for i, code in enumerate(derived.pcn_codes)}
    role_index = {code: j for j, code in enumerate(derived.role_codes)}
    steps = np.zeros((derived.n_pcns, derived.n_roles), dtype=np.int64)
    for row in allocation.itertuples():
        i, j = pcn_index.get(row.pcn_code), role_index.get(row.role_code)
        if i is not None and j is not None:
            steps[i, j] = round(row.wte / derived.step_wte[j])
    commissioned = np.zeros(derived.n_pcns)
    for row in pcn_table.itertuples():
        if row.pcn_code in pcn_index:
            commissioned[pcn_index[row.pcn_code]] = row.commissioned_appointments
    extra = np.zeros(len(derived.dental_places))
    place_index = {place: g for g, place in enumerate(derived.dental_places)}
    for row in dental_table.itertuples():
        if row.place in place_index:
            extra[place_index[row.place]] = row.extra_udas
    return Plan(steps=steps, commissioned=commissioned, extra_udas=extra)
