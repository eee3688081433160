"""Build the PuLP model of DESIGN §5, one function per concept.

`build_model` reads as the table of contents. Every variable and constraint is named
``concept(index,...)`` — e.g. ``wte_steps(U12345,clinical_pharmacist)``, ``access_gap(U12345)``,
``budget``, ``pool(clinical_pharmacist)`` — and `ModelVariables.names` maps each name PuLP keeps
back to its concept and index, so results and infeasibility reports speak the domain's language.
(Round brackets, not square: PuLP rewrites ``[]`` to ``_``.)

Sets: PCNs p, roles r, dental places g. Decisions: integer steps n_{p,r} (WTE x = q_r n),
commissioned appointments z_p, extra UDAs u_g, residual access gap s_p, residual UDA
shortfall h_g, and for the equity objective the worst relative gap t.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pulp

from solver.derived import COST_TIEBREAK, DerivedData, derive
from solver.parameters import PlanParameters


def model_name(concept: str, *index: str) -> str:
    """Name of a variable or constraint: ``concept(i,j)`` or just ``concept``."""
    return f"{concept}({','.join(index)})" if index else concept


@dataclass
class ModelVariables:
    """Handles on the model's variables and constraints, keyed by domain codes."""

    problem: pulp.LpProblem
    derived: DerivedData
    wte_steps: dict[tuple[str, str], pulp.LpVariable] = field(default_factory=dict)
    commissioned: dict[str, pulp.LpVariable] = field(default_factory=dict)
    extra_udas: dict[str, pulp.LpVariable] = field(default_factory=dict)
    residual_gap: dict[str, pulp.LpVariable] = field(default_factory=dict)
    dental_shortfall: dict[str, pulp.LpVariable] = field(default_factory=dict)
    worst_relative_gap: pulp.LpVariable | None = None
    constraints: dict[str, pulp.LpConstraint] = field(default_factory=dict)
    objective_weighted: pulp.LpAffineExpression | None = None
    objective_equity: pulp.LpAffineExpression | None = None
    names: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    """PuLP name → (concept, index codes)."""

    def variable(self, concept: str, *index: str, **bounds: object) -> pulp.LpVariable:
        var = self.problem.add_variable(model_name(concept, *index), **bounds)
        self.names[var.name] = (concept, index)
        return var

    def add(self, constraint: pulp.LpConstraint, concept: str, *index: str) -> None:
        name = model_name(concept, *index)
        self.problem.addConstraint(constraint, name)
        self.constraints[name] = constraint
        self.names[constraint.name or name] = (concept, index)


def _expr(terms: list[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    return pulp.LpAffineExpression(terms)


def build_model(
    params: PlanParameters, derived: DerivedData | None = None
) -> tuple[pulp.LpProblem, ModelVariables]:
    """Build the MIP; the objective set is the weighted one (the equity driver swaps it)."""
    derived = derived or derive(params)
    problem = pulp.LpProblem("bc_primary_care_plan", pulp.LpMinimize)
    mv = ModelVariables(problem=problem, derived=derived)

    define_role_variables(mv)
    define_commissioned_variables(mv)
    define_dental_variables(mv)
    define_cap_and_lock_constraints(mv)
    define_gap_constraints(mv)
    define_dental_constraints(mv)
    define_budget_constraints(mv)
    define_pool_constraints(mv)
    define_objective_weighted(mv)
    if params.options.objective == "equity":
        define_objective_equity(mv)
    problem.setObjective(mv.objective_weighted)
    return problem, mv


def define_role_variables(mv: ModelVariables) -> None:
    """n_{p,r} ∈ ℤ≥0: steps of role r recruited in PCN p (only where a step could help)."""
    d = mv.derived
    upper = d.useful_max_steps()
    for i, pcn in enumerate(d.pcn_codes):
        for j, role in enumerate(d.role_codes):
            if upper[i, j] <= 0:
                continue  # no gap to close and nothing locked: the variable would be fixed at 0
            mv.wte_steps[pcn, role] = mv.variable("wte_steps", pcn, role, cat=pulp.LpInteger)


def define_commissioned_variables(mv: ModelVariables) -> None:
    """z_p ≥ 0: commissioned appointments per month, at most the cap share and the gap."""
    d = mv.derived
    for i, pcn in enumerate(d.pcn_codes):
        upper = min(d.commissioned_cap[i], d.access_gap[i])
        if upper > 0:
            mv.commissioned[pcn] = mv.variable("commissioned", pcn, lowBound=0, upBound=upper)


def define_dental_variables(mv: ModelVariables) -> None:
    """u_g ≥ 0 extra UDAs per year, capped by what providers can deliver and the shortfall."""
    d = mv.derived
    for g, place in enumerate(d.dental_places):
        upper = min(d.max_extra_udas[g], d.dental_shortfall[g])
        if upper > 0:
            mv.extra_udas[place] = mv.variable("extra_udas", place, lowBound=0, upBound=upper)


def define_cap_and_lock_constraints(mv: ModelVariables) -> None:
    """ℓ_{p,r} ≤ x_{p,r} ≤ M_{p,r}, as bounds on the step variables (cheapest for the solver)."""
    d = mv.derived
    upper = d.useful_max_steps()
    index = {code: i for i, code in enumerate(d.pcn_codes)}
    role_index = {code: j for j, code in enumerate(d.role_codes)}
    for (pcn, role), var in mv.wte_steps.items():
        i, j = index[pcn], role_index[role]
        var.lowBound = int(d.min_steps[i, j])
        var.upBound = int(upper[i, j])


def define_gap_constraints(mv: ModelVariables) -> None:
    """s_p ≥ G_p − Σ_r a_r x_{p,r} − z_p, s_p ≥ 0 (only PCNs with a gap need s_p)."""
    d = mv.derived
    for i, pcn in enumerate(d.pcn_codes):
        if d.access_gap[i] <= 0:
            continue
        residual = mv.variable("residual_gap", pcn, lowBound=0, upBound=d.access_gap[i])
        mv.residual_gap[pcn] = residual
        terms = [(residual, 1.0)]
        terms += [
            (mv.wte_steps[pcn, role], float(d.step_appointments[j]))
            for j, role in enumerate(d.role_codes)
            if (pcn, role) in mv.wte_steps
        ]
        if pcn in mv.commissioned:
            terms.append((mv.commissioned[pcn], 1.0))
        mv.add(_expr(terms) >= float(d.access_gap[i]), "access_gap", pcn)


def define_dental_constraints(mv: ModelVariables) -> None:
    """h_g ≥ H_g − u_g, h_g ≥ 0: UDA shortfall left in each place."""
    d = mv.derived
    for g, place in enumerate(d.dental_places):
        if d.dental_shortfall[g] <= 0:
            continue
        left = mv.variable("dental_shortfall", place, lowBound=0)
        mv.dental_shortfall[place] = left
        terms = [(left, 1.0)]
        if place in mv.extra_udas:
            terms.append((mv.extra_udas[place], 1.0))
        mv.add(_expr(terms) >= float(d.dental_shortfall[g]), "dental_gap", place)


def _spend_terms_by_pcn(mv: ModelVariables) -> dict[str, list[tuple[pulp.LpVariable, float]]]:
    """Annual cost of roles and commissioned appointments, as (variable, £) terms per PCN."""
    d = mv.derived
    role_index = {code: j for j, code in enumerate(d.role_codes)}
    by_pcn: dict[str, list[tuple[pulp.LpVariable, float]]] = {pcn: [] for pcn in d.pcn_codes}
    for (pcn, role), var in mv.wte_steps.items():
        by_pcn[pcn].append((var, float(d.step_cost[role_index[role]])))
    for pcn, var in mv.commissioned.items():
        by_pcn[pcn].append((var, d.commissioned_unit_cost))
    return by_pcn


def _dental_cost_terms(mv: ModelVariables) -> list[tuple[pulp.LpVariable, float]]:
    d = mv.derived
    index = {place: g for g, place in enumerate(d.dental_places)}
    return [(var, float(d.uda_value[index[place]])) for place, var in mv.extra_udas.items()]


def define_budget_constraints(mv: ModelVariables) -> None:
    """Pooled Σ c x + 12k Σ z (+ dental) ≤ B, and/or each PCN's entitlement headroom."""
    d = mv.derived
    by_pcn = _spend_terms_by_pcn(mv)
    if d.budget is not None:
        terms = [term for terms in by_pcn.values() for term in terms]
        if d.dental_budget is None:
            terms += _dental_cost_terms(mv)
        mv.add(_expr(terms) <= float(d.budget), "budget")
    if not d.pooled_budget:
        for i, pcn in enumerate(d.pcn_codes):
            if by_pcn[pcn]:
                limit = float(d.pcn_spend_limit[i])
                mv.add(_expr(by_pcn[pcn]) <= limit, "entitlement", pcn)
    if d.dental_budget is not None and mv.extra_udas:
        mv.add(_expr(_dental_cost_terms(mv)) <= float(d.dental_budget), "dental_budget")


def define_pool_constraints(mv: ModelVariables) -> None:
    """Σ_p x_{p,r} ≤ L_r for roles with a recruitment pool (in steps: Σ n ≤ ⌊L/q⌋)."""
    d = mv.derived
    for j, role in enumerate(d.role_codes):
        if not np.isfinite(d.pool_steps[j]):
            continue
        terms = [(var, 1.0) for (p, r), var in mv.wte_steps.items() if r == role]
        if terms:
            mv.add(_expr(terms) <= float(d.pool_steps[j]), "pool", role)


def define_objective_weighted(mv: ModelVariables) -> None:
    """Σ w_p s_p / Σ w_p G_p + dental_weight Σ h_g / Σ H_g + tiny cost tie-break.

    Multiplied by `DerivedData.objective_scale` for the solver's sake (see there).
    """
    d = mv.derived
    k = d.objective_scale
    index = {code: i for i, code in enumerate(d.pcn_codes)}
    terms = [
        (var, float(k * d.priority_weight[index[pcn]] / d.gap_normaliser))
        for pcn, var in mv.residual_gap.items()
    ]
    dental_coef = k * d.dental_weight / d.dental_normaliser
    terms += [(var, dental_coef) for var in mv.dental_shortfall.values()]
    scale = k * COST_TIEBREAK / d.cost_scale
    spend = [term for terms in _spend_terms_by_pcn(mv).values() for term in terms]
    terms += [(var, coef * scale) for var, coef in spend + _dental_cost_terms(mv)]
    mv.objective_weighted = _expr(terms)


def define_objective_equity(mv: ModelVariables) -> None:
    """t ≥ s_p / T_p for every PCN with a gap; the first equity stage minimises t."""
    d = mv.derived
    worst = mv.variable("worst_relative_gap", lowBound=0)
    mv.worst_relative_gap = worst
    index = {code: i for i, code in enumerate(d.pcn_codes)}
    for pcn, residual in mv.residual_gap.items():
        target = float(d.target[index[pcn]])
        mv.add(_expr([(residual, 1.0), (worst, -target)]) <= 0, "relative_gap", pcn)
    mv.objective_equity = _expr([(worst, 1.0)])


def hold_worst_relative_gap(mv: ModelVariables, level: float) -> None:
    """Equity stage two: keep t at most `level` while the weighted objective is minimised."""
    assert mv.worst_relative_gap is not None
    mv.add(_expr([(mv.worst_relative_gap, 1.0)]) <= level, "hold_worst_relative_gap")
