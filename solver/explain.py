"""Plain explanations of why a scenario cannot be met.

Given valid inputs, the model can only be infeasible through locked commitments: every other
variable may be zero, which satisfies every limit. So `commitment_conflicts` checks each limit a
lock counts against — the pooled budget, each PCN's entitlement, each recruitment pool, each cap
— and names the one that breaks. `explain_infeasibility` turns those findings into the message
shown with the status "infeasible", with a fallback if the solver found a conflict they miss.
"""

from __future__ import annotations

from collections import defaultdict

from solver.derived import cap_steps, lock_steps
from solver.issues import Issue
from solver.parameters import PlanParameters


def _gbp(amount: float) -> str:
    return f"£{amount:,.0f}"


def _wte(amount: float) -> str:
    return f"{amount:,.4g} WTE"


def commitment_conflicts(params: PlanParameters) -> list[Issue]:
    """Locks that cannot all be honoured, one `Issue` (infeasible=True) per broken limit."""
    roles = {r.code: r for r in params.roles}
    pcns = {p.code: p for p in params.pcns}
    out: list[Issue] = []

    def conflict(code: str, message: str) -> None:
        out.append(Issue("error", code, message, infeasible=True))

    locked_wte: dict[tuple[str, str], float] = defaultdict(float)
    for lock in params.locks:
        role = roles[lock.role_code]
        locked_wte[lock.pcn_code, lock.role_code] += (
            lock_steps(lock.wte, role.step_wte) * role.step_wte
        )

    cost_by_pcn: dict[str, float] = defaultdict(float)
    wte_by_role: dict[str, float] = defaultdict(float)
    for (pcn, role_code), wte in locked_wte.items():
        cost_by_pcn[pcn] += wte * roles[role_code].annual_cost_gbp
        wte_by_role[role_code] += wte

    total = sum(cost_by_pcn.values())
    if params.options.budget_gbp is not None and total > params.options.budget_gbp + 0.5:
        conflict(
            "locks_exceed_budget",
            f"Locked commitments cost {_gbp(total)} but the budget is "
            f"{_gbp(params.options.budget_gbp)}.",
        )

    if params.options.budget_mode == "entitlement":
        for pcn_code, cost in sorted(cost_by_pcn.items()):
            pcn = pcns[pcn_code]
            headroom = max(0.0, pcn.entitlement_gbp - pcn.arrs_spend_in_post_gbp)
            if cost > headroom + 0.5:
                conflict(
                    "locks_exceed_entitlement",
                    f"PCN {pcn_code} ({pcn.name}): locked commitments cost {_gbp(cost)} but its "
                    f"entitlement of {_gbp(pcn.entitlement_gbp)} less "
                    f"{_gbp(pcn.arrs_spend_in_post_gbp)} for ARRS staff in post leaves "
                    f"{_gbp(headroom)}.",
                )

    for role_code, wte in sorted(wte_by_role.items()):
        role = roles[role_code]
        if role.recruitment_pool_wte is None:
            continue
        pool = cap_steps(role.recruitment_pool_wte, role.step_wte) * role.step_wte
        if wte > pool + 1e-9:
            conflict(
                "locks_exceed_pool",
                f"Locks for {role_code} total {_wte(wte)} but the recruitment pool is "
                f"{_wte(role.recruitment_pool_wte)}.",
            )

    overrides = {(c.pcn_code, c.role_code): c.max_wte for c in params.caps}
    for (pcn_code, role_code), wte in sorted(locked_wte.items()):
        role = roles[role_code]
        cap = overrides.get((pcn_code, role_code), role.max_wte_per_pcn)
        if cap is None:
            continue
        if wte > cap_steps(cap, role.step_wte) * role.step_wte + 1e-9:
            conflict(
                "lock_above_cap",
                f"Lock {pcn_code} × {role_code} of {_wte(wte)} is above its cap of {_wte(cap)}.",
            )
    return out


def explain_infeasibility(params: PlanParameters) -> str:
    """The message shown when a scenario is infeasible."""
    conflicts = commitment_conflicts(params)
    if conflicts:
        return " ".join(issue.message for issue in conflicts)
    return (
        "The solver found no plan that meets every limit, but no single locked commitment "
        "breaks the budget, an entitlement, a recruitment pool or a cap on its own. Check the "
        "locks together against these limits, or remove locks one at a time."
    )
