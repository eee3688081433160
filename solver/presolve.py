"""Checks before the solve: every problem found names the offending row, nothing is raised.

`presolve(params)` returns a list of `Issue`s. Errors stop the solve: malformed inputs give the
status "invalid input"; well-formed inputs whose commitments cannot all be met (locks above the
budget, a pool or a cap) give "infeasible" with the explanation from `solver.explain`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import pulp

from solver.explain import commitment_conflicts
from solver.issues import Issue, Severity
from solver.parameters import PlanParameters


def _bad(value: float | None) -> bool:
    return value is None or not math.isfinite(value)


def _duplicates(codes: Iterable[str]) -> list[str]:
    return sorted(code for code, count in Counter(codes).items() if count > 1)


def _name_clashes(kind: str, codes: Iterable[str]) -> list[Issue]:
    """Codes that differ only in characters PuLP replaces by "_" in model names."""
    by_name: dict[str, set[str]] = {}
    for code in codes:
        by_name.setdefault(str(code).translate(pulp.LpElement.trans), set()).add(code)
    return [
        Issue(
            "error",
            "code_clash",
            f"{kind} codes {' and '.join(sorted(group))} differ only in punctuation or spaces; "
            "rename one so the optimiser can tell them apart.",
        )
        for group in by_name.values()
        if len(group) > 1
    ]


def presolve(params: PlanParameters) -> list[Issue]:
    """All findings for `params`, errors first."""
    issues: list[Issue] = []
    issues += _check_settings(params)
    issues += _check_pcns(params)
    issues += _check_roles(params)
    issues += _check_locks_and_caps(params)
    issues += _check_dental(params)
    if not any(i.severity == "error" for i in issues):
        # Only meaningful once every row is well formed.
        issues += commitment_conflicts(params)
    return sorted(issues, key=lambda i: i.severity != "error")


def _check_settings(params: PlanParameters) -> list[Issue]:
    out: list[Issue] = []

    def error(code: str, message: str) -> None:
        out.append(Issue("error", code, message))

    rate = params.options.target_rate
    if _bad(rate) or rate <= 0:
        error("target", "No target rate is set: enter appointments per 1,000 weighted patients.")
    if params.options.budget_mode not in ("pooled", "entitlement"):
        error("budget_mode", f"Unknown budget mode {params.options.budget_mode!r}.")
    if params.options.budget_mode == "pooled" and params.options.budget_gbp is None:
        error("budget", "Pooled budget mode needs a budget.")
    if params.options.budget_gbp is not None and (
        _bad(params.options.budget_gbp) or params.options.budget_gbp < 0
    ):
        error("budget", f"The budget must be zero or more (it is {params.options.budget_gbp}).")
    if params.options.objective not in ("weighted", "equity"):
        error("objective", f"Unknown objective {params.options.objective!r}.")
    if params.options.solver not in ("highs", "cbc"):
        error("solver", f"Unknown solver {params.options.solver!r}: use 'highs' or 'cbc'.")
    if _bad(params.options.time_limit_s) or params.options.time_limit_s <= 0:
        error("time_limit", "The time limit must be more than 0 seconds.")
    if _bad(params.options.mip_gap) or params.options.mip_gap < 0:
        error("mip_gap", "The MIP gap must be zero or more.")
    if params.options.need_uplift not in ("none", "quintile", "score"):
        error("need_uplift", f"Unknown need uplift {params.options.need_uplift!r}.")
    if params.options.priority_mode not in ("quintile", "score"):
        error("priority_mode", f"Unknown priority mode {params.options.priority_mode!r}.")
    if params.options.priority_mode == "quintile":
        for q in range(1, 6):
            w = params.options.priority_weights_by_quintile.get(q)
            if _bad(w) or w <= 0:
                error("priority_weight", f"Priority weight for IMD quintile {q} must be above 0.")
    elif _bad(params.options.priority_score_max) or params.options.priority_score_max <= 0:
        error("priority_weight", "The maximum score-based priority weight must be above 0.")
    if params.options.need_uplift == "quintile":
        for q in range(1, 6):
            m = params.options.uplift_by_quintile.get(q)
            if _bad(m) or m <= 0:
                error("need_uplift", f"Need uplift for IMD quintile {q} must be above 0.")
            elif m < 1:
                out.append(
                    Issue("warning", "need_uplift", f"Need uplift for quintile {q} is below 1.")
                )
    low, high = params.options.deprivation_score_range
    uses_score = params.options.need_uplift == "score" or params.options.priority_mode == "score"
    if uses_score and (_bad(low) or _bad(high) or high <= low):
        error("score_range", "The deprivation score range must be two increasing numbers.")
    k = params.options.commissioned_appointment_cost_gbp
    if params.options.commissioned_cap_share > 0 and (_bad(k) or k <= 0):
        error("commissioned_cost", "Commissioned appointments need a cost above £0.")
    if _bad(params.options.commissioned_cap_share) or params.options.commissioned_cap_share < 0:
        error("commissioned_share", "The commissioned appointments cap share must be 0 or more.")
    if _bad(params.options.equity_tolerance) or params.options.equity_tolerance < 0:
        error("equity_tolerance", "The equity tolerance must be 0 or more.")
    return out


def _check_pcns(params: PlanParameters) -> list[Issue]:
    out: list[Issue] = []
    if not params.pcns:
        out.append(Issue("error", "no_pcns", "The plan has no PCNs."))
    for code in _duplicates(p.code for p in params.pcns):
        out.append(Issue("error", "duplicate_pcn", f"PCN code {code} appears more than once."))
    out += _name_clashes("PCN", {p.code for p in params.pcns})
    needs_score = params.options.need_uplift == "score" or params.options.priority_mode == "score"
    entitlement = params.options.budget_mode == "entitlement"
    for p in params.pcns:
        label = f"PCN {p.code} ({p.name})"
        if _bad(p.weighted_patients) or p.weighted_patients <= 0:
            out.append(Issue("error", "pcn_patients", f"{label} has no weighted patients."))
        if _bad(p.registered_patients) or p.registered_patients <= 0:
            out.append(Issue("warning", "pcn_registered", f"{label} has no registered patients."))
        if _bad(p.current_appointments) or p.current_appointments < 0:
            out.append(
                Issue("error", "pcn_appointments", f"{label} has no valid current appointments.")
            )
        if p.imd_quintile not in range(1, 6):
            out.append(
                Issue("error", "imd_quintile", f"{label} has IMD quintile {p.imd_quintile}.")
            )
        if p.imd_decile not in range(1, 11):
            out.append(Issue("error", "imd_decile", f"{label} has IMD decile {p.imd_decile}."))
        elif p.imd_quintile in range(1, 6) and (p.imd_decile + 1) // 2 != p.imd_quintile:
            out.append(
                Issue(
                    "warning",
                    "imd_mismatch",
                    f"{label}: IMD decile {p.imd_decile} does not match quintile {p.imd_quintile}.",
                )
            )
        if _bad(p.deprivation_score):
            severity: Severity = "error" if needs_score else "warning"
            out.append(Issue(severity, "deprivation_score", f"{label} has no IMD score."))
        if entitlement:
            if _bad(p.entitlement_gbp) or p.entitlement_gbp < 0:
                out.append(Issue("error", "entitlement", f"{label} has no valid entitlement."))
            elif _bad(p.arrs_spend_in_post_gbp) or p.arrs_spend_in_post_gbp < 0:
                out.append(
                    Issue("error", "in_post", f"{label} has no valid cost of staff in post.")
                )
            elif p.arrs_spend_in_post_gbp > p.entitlement_gbp:
                out.append(
                    Issue(
                        "warning",
                        "entitlement_used",
                        f"{label}: ARRS staff in post cost £{p.arrs_spend_in_post_gbp:,.0f}, "
                        f"more than its entitlement of £{p.entitlement_gbp:,.0f}; it can fund "
                        "nothing new.",
                    )
                )
    return out


def _check_roles(params: PlanParameters) -> list[Issue]:
    out: list[Issue] = []
    if not params.roles:
        out.append(Issue("warning", "no_roles", "No roles are in play."))
    for code in _duplicates(r.code for r in params.roles):
        out.append(Issue("error", "duplicate_role", f"Role code {code} appears more than once."))
    out += _name_clashes("Role", {r.code for r in params.roles})
    for r in params.roles:
        label = f"Role {r.code} ({r.name})"
        if _bad(r.annual_cost_gbp) or r.annual_cost_gbp <= 0:
            out.append(
                Issue("error", "role_cost", f"{label} has no cost, or a zero or negative cost.")
            )
        if _bad(r.appointments_per_wte_month) or r.appointments_per_wte_month <= 0:
            out.append(Issue("error", "role_yield", f"{label} adds no appointments (yield ≤ 0)."))
        if _bad(r.step_wte) or r.step_wte <= 0:
            out.append(Issue("error", "role_step", f"{label} has a WTE step of {r.step_wte}."))
        if r.recruitment_pool_wte is not None and (
            _bad(r.recruitment_pool_wte) or r.recruitment_pool_wte < 0
        ):
            out.append(Issue("error", "role_pool", f"{label} has a negative recruitment pool."))
        if r.max_wte_per_pcn is not None and (_bad(r.max_wte_per_pcn) or r.max_wte_per_pcn < 0):
            out.append(Issue("error", "role_cap", f"{label} has a negative per-PCN cap."))
    return out


def _check_locks_and_caps(params: PlanParameters) -> list[Issue]:
    out: list[Issue] = []
    pcns = {p.code for p in params.pcns}
    roles = {r.code: r for r in params.roles}
    for kind, rows in (("Lock", params.locks), ("Cap", params.caps)):
        keys = [(row.pcn_code, row.role_code) for row in rows]
        for pcn, role in _duplicates(keys):
            out.append(
                Issue("error", f"duplicate_{kind.lower()}", f"{kind} for {pcn} × {role} repeats.")
            )
        for row in rows:
            where = f"{kind} {row.pcn_code} × {row.role_code}"
            if row.pcn_code not in pcns:
                out.append(Issue("error", "unknown_pcn", f"{where}: unknown PCN {row.pcn_code}."))
            if row.role_code not in roles:
                out.append(
                    Issue("error", "unknown_role", f"{where}: unknown role {row.role_code}.")
                )
            amount = row.wte if kind == "Lock" else row.max_wte
            if _bad(amount) or amount < 0:
                out.append(Issue("error", f"{kind.lower()}_wte", f"{where} is negative: {amount}."))
    for lock in params.locks:
        role = roles.get(lock.role_code)
        if role is None or _bad(lock.wte) or role.step_wte <= 0 or lock.wte < 0:
            continue
        steps = lock.wte / role.step_wte
        if abs(steps - round(steps)) > 1e-9:
            rounded = math.ceil(steps - 1e-9) * role.step_wte
            out.append(
                Issue(
                    "warning",
                    "lock_step",
                    f"Lock {lock.pcn_code} × {lock.role_code} of {lock.wte:g} WTE is not a whole "
                    f"number of {role.step_wte:g} WTE steps; it is rounded up to {rounded:g} WTE.",
                )
            )
    return out


def _check_dental(params: PlanParameters) -> list[Issue]:
    out: list[Issue] = []
    for place in _duplicates(d.place for d in params.dental):
        out.append(Issue("error", "duplicate_dental", f"Dental place {place} appears twice."))
    out += _name_clashes("Dental place", {d.place for d in params.dental})
    for d in params.dental:
        label = f"Dental place {d.place}"
        if _bad(d.population) or d.population <= 0:
            out.append(Issue("error", "dental_population", f"{label} has no population."))
        if _bad(d.udas_contracted) or d.udas_contracted < 0:
            out.append(Issue("error", "dental_udas", f"{label} has no valid contracted UDAs."))
        if _bad(d.uda_target_per_head) or d.uda_target_per_head < 0:
            out.append(Issue("error", "dental_target", f"{label} has no valid UDA target."))
        if _bad(d.uda_value_gbp) or d.uda_value_gbp <= 0:
            out.append(Issue("error", "dental_value", f"{label} has no UDA value above £0."))
        if _bad(d.max_extra_udas) or d.max_extra_udas < 0:
            out.append(Issue("error", "dental_max", f"{label} has a negative extra-UDA limit."))
    if params.dental:
        if params.options.dental_pooled and params.options.budget_gbp is None:
            out.append(
                Issue("error", "dental_budget", "Pooled dental spending needs an overall budget.")
            )
        if not params.options.dental_pooled and (
            _bad(params.options.dental_budget_gbp) or params.options.dental_budget_gbp < 0
        ):
            out.append(Issue("error", "dental_budget", "The dental budget must be 0 or more."))
        if _bad(params.options.dental_weight) or params.options.dental_weight < 0:
            out.append(Issue("error", "dental_weight", "The dental weight must be 0 or more."))
    return out
