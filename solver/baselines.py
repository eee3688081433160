"""The two rules of thumb the optimum is shown beside (DESIGN §5).

1. Fair shares: the uncommitted budget (and each recruitment pool) is split by weighted-population
   share; each PCN, starting from its locked commitments, buys the most cost-effective mix it can
   within its share — repeatedly the WTE step or block of commissioned appointments with the most
   appointments of its own gap closed per £.
2. Greedy: across the whole system, repeatedly buy the WTE step, commissioned block or block of
   extra UDAs with the largest reduction of the objective per £ until nothing affordable helps.

Both respect steps, caps, pools, locks, entitlements and budgets, never buy what closes no gap,
and are scored by `solver.plan.evaluate` — the optimiser's own objective. A separate (non-pooled)
dental budget is spent the same way by both; a pooled one is only used by greedy, since fair
shares splits the money between PCNs.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

import numpy as np

from solver.derived import DerivedData
from solver.plan import Plan, trim_waste

_EPS = 1e-9
_ROLE, _COMMISSIONED, _DENTAL = 0, 1, 2


@dataclass
class _State:
    """Mutable purchase state shared by both rules."""

    derived: DerivedData
    steps: np.ndarray
    commissioned: np.ndarray
    extra_udas: np.ndarray
    remaining_gap: np.ndarray
    pool_left: np.ndarray
    """Steps left in each role's pool; (R,) system-wide or (P, R) per-PCN quotas."""
    money_left: float
    pcn_money_left: np.ndarray
    dental_money_left: float
    dental_pooled: bool

    @classmethod
    def from_locks(cls, derived: DerivedData) -> _State:
        start = Plan.locks_only(derived)
        locked_cost = start.steps @ derived.step_cost
        added = start.steps @ derived.step_appointments
        budget = math.inf if derived.budget is None else derived.budget - locked_cost.sum()
        pcn_money = (
            derived.pcn_spend_limit - locked_cost
            if not derived.pooled_budget
            else np.full(derived.n_pcns, math.inf)
        )
        dental_pooled = derived.dental_budget is None
        return cls(
            derived=derived,
            steps=start.steps.copy(),
            commissioned=start.commissioned.copy(),
            extra_udas=start.extra_udas.copy(),
            remaining_gap=np.maximum(0.0, derived.access_gap - added),
            pool_left=derived.pool_steps - start.steps.sum(axis=0),
            money_left=budget,
            pcn_money_left=pcn_money,
            dental_money_left=0.0 if dental_pooled else float(derived.dental_budget),
            dental_pooled=dental_pooled,
        )

    def pool(self, p: int, r: int) -> float:
        return self.pool_left[p, r] if self.pool_left.ndim == 2 else self.pool_left[r]

    def money(self, p: int) -> float:
        return min(self.money_left, self.pcn_money_left[p])

    def dental_money(self) -> float:
        return self.money_left if self.dental_pooled else self.dental_money_left

    def plan(self) -> Plan:
        plan = Plan(self.steps.copy(), self.commissioned.copy(), self.extra_udas.copy())
        return trim_waste(self.derived, plan)


def _quota(weights: np.ndarray, total: float) -> np.ndarray:
    """Split `total` whole steps in proportion to `weights` (largest remainder method)."""
    if not math.isfinite(total):
        return np.full(len(weights), math.inf)
    total = max(0, int(total))
    exact = weights / weights.sum() * total
    base = np.floor(exact)
    order = np.argsort(-(exact - base), kind="stable")
    base[order[: total - int(base.sum())]] += 1
    return base


class _Purchaser:
    """Lazy greedy over purchase options; `value[p]` is the objective value of one appointment
    closed in PCN p, `dental_value` that of one UDA of shortfall met."""

    def __init__(self, state: _State, value: np.ndarray, dental_value: float) -> None:
        self.state, self.value, self.dental_value = state, value, dental_value
        d = state.derived
        self.dental_shortfall = d.dental_shortfall.copy()

    def score(self, option: tuple[int, int, int]) -> float:
        kind, p, r = option
        s, d = self.state, self.state.derived
        if kind == _ROLE:
            cost = d.step_cost[r]
            if s.steps[p, r] >= d.max_steps[p, r] or s.pool(p, r) < 1 or s.money(p) < cost - _EPS:
                return 0.0
            return self.value[p] * min(d.step_appointments[r], s.remaining_gap[p]) / cost
        if kind == _COMMISSIONED:
            room = min(s.remaining_gap[p], d.commissioned_cap[p] - s.commissioned[p])
            if room <= _EPS or s.money(p) <= _EPS:
                return 0.0
            return self.value[p] / d.commissioned_unit_cost
        room = min(self.dental_shortfall[p], d.max_extra_udas[p] - s.extra_udas[p])
        if room <= _EPS or s.dental_money() <= _EPS:
            return 0.0
        return self.dental_value / d.uda_value[p]

    def buy(self, option: tuple[int, int, int]) -> None:
        kind, p, r = option
        s, d = self.state, self.state.derived
        if kind == _ROLE:
            cost = d.step_cost[r]
            s.steps[p, r] += 1
            s.remaining_gap[p] = max(0.0, s.remaining_gap[p] - d.step_appointments[r])
            if s.pool_left.ndim == 2:
                s.pool_left[p, r] -= 1
            else:
                s.pool_left[r] -= 1
        elif kind == _COMMISSIONED:
            room = min(s.remaining_gap[p], d.commissioned_cap[p] - s.commissioned[p])
            amount = min(room, s.money(p) / d.commissioned_unit_cost)
            s.commissioned[p] += amount
            s.remaining_gap[p] = max(0.0, s.remaining_gap[p] - amount)
            cost = amount * d.commissioned_unit_cost
        else:
            room = min(self.dental_shortfall[p], d.max_extra_udas[p] - s.extra_udas[p])
            amount = min(room, s.dental_money() / d.uda_value[p])
            s.extra_udas[p] += amount
            self.dental_shortfall[p] -= amount
            cost = amount * d.uda_value[p]
            if not s.dental_pooled:
                s.dental_money_left -= cost
                return
        s.money_left -= cost
        if kind != _DENTAL:
            s.pcn_money_left[p] -= cost

    def run(self, options: list[tuple[int, int, int]]) -> None:
        # Scores only fall as gaps close and money runs out, so a popped option whose fresh
        # score still tops the heap is the true best: lazy re-scoring gives the exact greedy.
        heap = [(-self.score(o), o) for o in options]
        heap = [item for item in heap if item[0] < 0]
        heapq.heapify(heap)
        while heap:
            stale, option = heapq.heappop(heap)
            fresh = self.score(option)
            if fresh <= 0:
                continue
            if fresh < -stale * (1 - 1e-12):
                heapq.heappush(heap, (-fresh, option))
                continue
            self.buy(option)
            again = self.score(option)
            if again > 0:
                heapq.heappush(heap, (-again, option))


def _pcn_options(derived: DerivedData, p: int) -> list[tuple[int, int, int]]:
    options = [(_ROLE, p, r) for r in range(derived.n_roles)]
    return [*options, (_COMMISSIONED, p, 0)]


def _dental_options(derived: DerivedData) -> list[tuple[int, int, int]]:
    return [(_DENTAL, g, 0) for g in range(len(derived.dental_places))]


def fair_shares(derived: DerivedData, weighted_patients: np.ndarray) -> Plan:
    """Budget and pools split by weighted-population share; each PCN buys its best-value mix."""
    state = _State.from_locks(derived)
    share = weighted_patients / weighted_patients.sum()
    if math.isfinite(state.money_left):
        state.pcn_money_left = np.minimum(state.pcn_money_left, max(0.0, state.money_left) * share)
    quotas = [_quota(weighted_patients, left) for left in state.pool_left]
    state.pool_left = (
        np.stack(quotas, axis=1) if quotas else np.zeros((derived.n_pcns, 0))
    )  # (P, R)
    appointments_value = np.ones(derived.n_pcns)
    for p in range(derived.n_pcns):
        _Purchaser(state, appointments_value, 0.0).run(_pcn_options(derived, p))
    if not state.dental_pooled:
        _Purchaser(state, appointments_value, 1.0).run(_dental_options(derived))
    return state.plan()


def greedy(derived: DerivedData) -> Plan:
    """System-wide greedy by objective reduction per £."""
    state = _State.from_locks(derived)
    value = derived.priority_weight / derived.gap_normaliser
    dental_value = derived.dental_weight / derived.dental_normaliser
    options = [o for p in range(derived.n_pcns) for o in _pcn_options(derived, p)]
    _Purchaser(state, value, dental_value).run(options + _dental_options(derived))
    return state.plan()
