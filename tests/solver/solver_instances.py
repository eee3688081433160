"""Instance builders for the solver tests: a hand-checkable toy, seeded synthetic systems, and a
hypothesis strategy for small random plans.

The toy (`toy_params`): two PCNs of 10,000 weighted patients, target 500 per 1,000 → 5,000
appointments a month each. PCN A (IMD quintile 1, weight 2) has 4,000 now, gap 1,000; PCN B
(quintile 5, weight 1) has 4,500, gap 500; Σ w G = 2,500. Pharmacist: £60,000/WTE, 400
appointments/WTE/month, so a 0.5 WTE step costs £30,000 for 200 appointments; nurse: £40,000,
200/WTE, so £20,000 for 100. Budget £150,000. The known optima are worked out in the tests.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from hypothesis import strategies as st

from solver import Cap, DentalPlaceInput, Lock, PCNInput, PlanOptions, PlanParameters, RoleInput

ROOT = Path(__file__).resolve().parents[2]
PHARMACIST = RoleInput("pharmacist", "Clinical pharmacist", 60_000.0, 400.0)
NURSE = RoleInput("nurse", "Practice nurse", 40_000.0, 200.0)


def plan_params(**values: object) -> PlanParameters:
    """`PlanParameters` from one flat set of keywords: the data rows by name, the rest knobs."""
    data = {k: values.pop(k) for k in ("pcns", "roles", "locks", "caps", "dental") if k in values}
    return PlanParameters(**data, options=PlanOptions(**values))  # type: ignore[arg-type]


def toy_pcns() -> tuple[PCNInput, PCNInput]:
    a = PCNInput("PA", "Alpha PCN", "North", 10_000, 9_000, 45.0, 1, 1, 4_000, 200_000, 0)
    b = PCNInput("PB", "Beta PCN", "South", 10_000, 11_000, 8.0, 5, 10, 4_500, 200_000, 0)
    return a, b


def toy_params(**overrides: object) -> PlanParameters:
    values: dict[str, object] = {
        "pcns": toy_pcns(),
        "roles": (PHARMACIST, NURSE),
        "target_rate": 500.0,
        "budget_gbp": 150_000.0,
        "commissioned_cap_share": 0.0,
    }
    values.update(overrides)
    return plan_params(**values)


# Role catalogue for synthetic systems. Costs from DESIGN §4 (latest year given); appointment
# yields are assumptions, as in the app.
CATALOGUE = (
    RoleInput("clinical_pharmacist", "Clinical pharmacist", 66_972, 240),
    RoleInput("pharmacy_technician", "Pharmacy technician", 42_437, 120),
    RoleInput("first_contact_physio", "First contact physiotherapist", 62_340, 260),
    RoleInput("social_prescriber", "Social prescribing link worker", 40_159, 70),
    RoleInput("care_coordinator", "Care coordinator", 33_396, 50),
    RoleInput("advanced_practitioner", "Advanced practitioner", 72_141, 330),
    RoleInput("nurse_band5", "Practice nurse band 5", 43_352, 260),
    RoleInput("nurse_band6", "Practice nurse band 6", 53_319, 290),
    RoleInput("hca", "Healthcare support worker", 32_159, 200),
    RoleInput("consultant_nurse", "Consultant nurse", 102_683, 300),
    RoleInput("arrs_gp", "ARRS GP", 104_671, 420),
    RoleInput("paramedic", "Paramedic", 62_000, 250),
    RoleInput("mental_health", "Mental health practitioner", 56_000, 110),
    RoleInput("dietitian", "Dietitian", 52_000, 150),
    RoleInput("podiatrist", "Podiatrist", 50_000, 160),
)


def synthetic_params(
    n_pcns: int = 27,
    seed: int = 0,
    *,
    roles: tuple[RoleInput, ...] = CATALOGUE,
    budget_share: float = 0.5,
    pools: bool = True,
    **overrides: object,
) -> PlanParameters:
    """A Black-Country-like system: lists ~50k, deprivation gradient in current appointments.

    The budget is `budget_share` of what closing every gap with pharmacists would cost.
    """
    rng = np.random.default_rng(seed)
    pcns = []
    for i in range(n_pcns):
        weighted = float(rng.uniform(25_000, 90_000))
        decile = int(rng.integers(1, 11))
        score = float(np.clip(55 - 5 * decile + rng.normal(0, 3), 2, 80))
        # Inverse care: more deprived PCNs have fewer appointments per 1,000 weighted.
        rate = 420 + 12 * decile + rng.normal(0, 25)
        pcns.append(
            PCNInput(
                code=f"U{10000 + i}",
                name=f"PCN {i}",
                place=f"Place {i % 4}",
                weighted_patients=weighted,
                registered_patients=weighted * float(rng.uniform(0.85, 1.1)),
                deprivation_score=score,
                imd_quintile=(decile + 1) // 2,
                imd_decile=decile,
                current_appointments=rate * weighted / 1000.0,
                entitlement_gbp=26.631 * weighted,
                arrs_spend_in_post_gbp=float(rng.uniform(0.5, 0.95)) * 26.631 * weighted,
            )
        )
    target = 560.0
    gap = sum(max(0.0, target * p.weighted_patients / 1000 - p.current_appointments) for p in pcns)
    budget = budget_share * gap / 240 * 66_972
    if pools:
        total_wte = gap / 240
        roles = tuple(
            RoleInput(
                r.code,
                r.name,
                r.annual_cost_gbp,
                r.appointments_per_wte_month,
                recruitment_pool_wte=round(float(rng.uniform(0.05, 0.3)) * total_wte, 1),
                max_wte_per_pcn=6.0,
            )
            for r in roles
        )
    values: dict[str, object] = {
        "pcns": tuple(pcns),
        "roles": roles,
        "target_rate": target,
        "budget_gbp": budget,
    }
    values.update(overrides)
    return plan_params(**values)


@st.composite
def small_plans(draw: st.DrawFn, *, dental: bool = True) -> PlanParameters:
    """Random small, mostly feasible plans: 2–6 PCNs, 1–4 roles; optional pools, caps, locks,
    commissioned appointments and dental; every mode and objective.

    Structure (sizes, which features) is drawn by hypothesis; the numbers come from a drawn
    seed, which spreads examples far better than shrink-friendly float draws.
    """
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_pcns = draw(st.integers(2, 6))
    n_roles = draw(st.integers(1, 4))
    pcns = []
    for i in range(n_pcns):
        decile = int(rng.integers(1, 11))
        weighted = float(rng.uniform(2_000, 60_000))
        rate = float(rng.uniform(350, 650))
        pcns.append(
            PCNInput(
                code=f"P{i}",
                name=f"PCN {i}",
                place=str(rng.choice(["North", "South", "East"])),
                weighted_patients=weighted,
                registered_patients=weighted * float(rng.uniform(0.8, 1.2)),
                deprivation_score=float(rng.uniform(2, 70)),
                imd_quintile=(decile + 1) // 2,
                imd_decile=decile,
                current_appointments=rate * weighted / 1000,
                entitlement_gbp=26.631 * weighted,
                arrs_spend_in_post_gbp=float(rng.uniform(0, 0.9)) * 26.631 * weighted,
            )
        )
    use_pools, use_caps = draw(st.booleans()), draw(st.booleans())
    roles = []
    for j in range(n_roles):
        roles.append(
            RoleInput(
                code=f"R{j}",
                name=f"Role {j}",
                annual_cost_gbp=float(rng.uniform(25_000, 110_000)),
                appointments_per_wte_month=float(rng.uniform(40, 450)),
                step_wte=float(rng.choice([0.5, 1.0])),
                recruitment_pool_wte=float(rng.choice([1.0, 2.5, 4.0, 8.0])) if use_pools else None,
                max_wte_per_pcn=float(rng.choice([1.0, 2.0, 3.0])) if use_caps else None,
            )
        )
    locks: list[Lock] = []
    caps: list[Cap] = []
    if draw(st.booleans()):
        role = roles[0]
        locks.append(Lock(pcns[0].code, role.code, role.step_wte))
        caps.append(Cap(pcns[0].code, role.code, role.step_wte * 3))
    locked_cost = sum(roles[0].annual_cost_gbp * lock.wte for lock in locks)
    if locks:
        # Keep the lock affordable in entitlement mode too.
        pcns[0] = replace(
            pcns[0],
            entitlement_gbp=max(pcns[0].entitlement_gbp, 1.5 * locked_cost),
            arrs_spend_in_post_gbp=0.0,
        )
    target = float(rng.uniform(450, 650))
    gap = sum(max(0.0, target * p.weighted_patients / 1000 - p.current_appointments) for p in pcns)
    cheapest = min(r.annual_cost_gbp / r.appointments_per_wte_month for r in roles)
    budget_share = draw(st.sampled_from([0.0, 0.2, 0.5, 0.8, 1.5]))
    places = []
    if dental and draw(st.booleans()):
        for place in ("North", "South"):
            places.append(
                DentalPlaceInput(
                    place=place,
                    population=float(rng.uniform(50_000, 300_000)),
                    udas_contracted=float(rng.uniform(50_000, 500_000)),
                    uda_target_per_head=float(rng.uniform(1.0, 2.5)),
                    uda_value_gbp=float(rng.uniform(25, 40)),
                    max_extra_udas=float(rng.uniform(0, 40_000)),
                )
            )
    return plan_params(
        pcns=tuple(pcns),
        roles=tuple(roles),
        locks=tuple(locks),
        caps=tuple(caps),
        dental=tuple(places),
        target_rate=target,
        budget_gbp=locked_cost + budget_share * gap * cheapest,
        budget_mode=draw(st.sampled_from(["pooled", "entitlement"])),
        objective=draw(st.sampled_from(["weighted", "equity"])),
        need_uplift=draw(st.sampled_from(["none", "quintile", "score"])),
        priority_mode=draw(st.sampled_from(["quintile", "score"])),
        commissioned_cap_share=draw(st.sampled_from([0.0, 0.05, 0.1])),
        dental_pooled=draw(st.booleans()),
        dental_budget_gbp=float(rng.uniform(0, 200_000)),
        dental_weight=float(rng.choice([0.2, 1.0, 5.0])),
        mip_gap=1e-6,
    )
