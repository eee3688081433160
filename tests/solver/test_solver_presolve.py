"""Pre-solve checks name the offending rows; infeasible scenarios are explained, never raised."""

from __future__ import annotations

import dataclasses

import pytest
from solver_instances import NURSE, PHARMACIST, toy_params, toy_pcns

from solver import Cap, DentalPlaceInput, Lock, RoleInput, SolveStatus, presolve, solve
from solver.build import build_model
from solver.explain import explain_infeasibility
from solver.pipeline import solve_in_process

A, B = toy_pcns()


def replace_pcn(pcn, **changes):
    return dataclasses.replace(pcn, **changes)


BAD_INPUTS = {
    "role without cost": (
        dict(roles=(RoleInput("pharmacist", "P", 0.0, 400), NURSE)),
        "role_cost",
        "pharmacist",
    ),
    "role with negative cost": (
        dict(roles=(RoleInput("pharmacist", "P", -5.0, 400), NURSE)),
        "role_cost",
        "pharmacist",
    ),
    "role with NaN cost": (
        dict(roles=(RoleInput("pharmacist", "P", float("nan"), 400), NURSE)),
        "role_cost",
        "pharmacist",
    ),
    "role with zero yield": (
        dict(roles=(PHARMACIST, RoleInput("nurse", "N", 40_000, 0.0))),
        "role_yield",
        "nurse",
    ),
    "role with zero step": (
        dict(roles=(PHARMACIST, RoleInput("nurse", "N", 40_000, 200, step_wte=0))),
        "role_step",
        "nurse",
    ),
    "PCN with no patients": (
        dict(pcns=(replace_pcn(A, weighted_patients=0), B)),
        "pcn_patients",
        "PA",
    ),
    "PCN with bad quintile": (dict(pcns=(replace_pcn(A, imd_quintile=0), B)), "imd_quintile", "PA"),
    "PCN with negative appointments": (
        dict(pcns=(A, replace_pcn(B, current_appointments=-1))),
        "pcn_appointments",
        "PB",
    ),
    "duplicate PCN codes": (dict(pcns=(A, replace_pcn(B, code="PA"))), "duplicate_pcn", "PA"),
    "duplicate role codes": (dict(roles=(PHARMACIST, PHARMACIST)), "duplicate_role", "pharmacist"),
    "missing target": (dict(target_rate=None), "target", "target"),
    "negative budget": (dict(budget_gbp=-1.0), "budget", "budget"),
    "pooled mode without budget": (dict(budget_gbp=None), "budget", "budget"),
    "lock on unknown PCN": (dict(locks=(Lock("PX", "nurse", 1.0),)), "unknown_pcn", "PX"),
    "cap on unknown role": (dict(caps=(Cap("PA", "gp", 1.0),)), "unknown_role", "gp"),
    "negative lock": (dict(locks=(Lock("PA", "nurse", -1.0),)), "lock_wte", "PA × nurse"),
    "duplicate lock": (
        dict(locks=(Lock("PA", "nurse", 1.0), Lock("PA", "nurse", 0.5))),
        "duplicate_lock",
        "PA × nurse",
    ),
    "dental place without population": (
        dict(dental=(DentalPlaceInput("North", 0, 1, 1, 30, 10),)),
        "dental_population",
        "North",
    ),
    "unknown solver": (dict(solver="gurobi"), "solver", "gurobi"),
    "role codes that clash in the model": (
        dict(roles=(RoleInput("nurse-b5", "N", 40_000, 200), RoleInput("nurse_b5", "N", 1, 1))),
        "code_clash",
        "nurse-b5 and nurse_b5",
    ),
    "zero time limit": (dict(time_limit_s=0), "time_limit", "time limit"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_reported_not_raised(case: str) -> None:
    overrides, code, named = BAD_INPUTS[case]
    params = toy_params(**overrides)
    issues = [i for i in presolve(params) if i.severity == "error"]
    assert code in {i.code for i in issues}
    assert any(named in i.message for i in issues if i.code == code)
    result = solve(params)
    assert result.status == SolveStatus.INVALID_INPUT
    assert named in result.message
    assert result.allocation.empty


def test_valid_toy_has_no_errors() -> None:
    assert [i for i in presolve(toy_params()) if i.severity == "error"] == []


def test_lock_off_the_step_grid_is_a_warning_and_rounded_up() -> None:
    params = toy_params(locks=(Lock("PB", "nurse", 0.3),))
    issues = presolve(params)
    assert [i.code for i in issues] == ["lock_step"]
    result = solve(params)
    assert result.status == SolveStatus.OPTIMAL
    assert result.allocation.set_index(["pcn_code", "role_code"]).loc[("PB", "nurse"), "wte"] == 0.5
    assert result.issues == issues


INFEASIBLE = {
    "locks above budget": (
        dict(budget_gbp=1_000_000, locks=(Lock("PA", "pharmacist", 20.5),)),
        "Locked commitments cost £1,230,000 but the budget is £1,000,000.",
    ),
    "locks above pool": (
        dict(
            roles=(
                RoleInput("pharmacist", "P", 60_000, 400, recruitment_pool_wte=10),
                NURSE,
            ),
            budget_gbp=10_000_000,
            locks=(Lock("PA", "pharmacist", 6), Lock("PB", "pharmacist", 6)),
        ),
        "Locks for pharmacist total 12 WTE but the recruitment pool is 10 WTE.",
    ),
    "lock above cap": (
        dict(locks=(Lock("PA", "nurse", 2),), caps=(Cap("PA", "nurse", 1.5),)),
        "Lock PA × nurse of 2 WTE is above its cap of 1.5 WTE.",
    ),
    "locks above entitlement": (
        dict(
            budget_mode="entitlement",
            budget_gbp=None,
            pcns=(replace_pcn(A, entitlement_gbp=100_000, arrs_spend_in_post_gbp=50_000), B),
            locks=(Lock("PA", "pharmacist", 1.0),),
        ),
        "PCN PA (Alpha PCN): locked commitments cost £60,000 but its entitlement of £100,000 "
        "less £50,000 for ARRS staff in post leaves £50,000.",
    ),
}


@pytest.mark.parametrize("case", sorted(INFEASIBLE))
def test_infeasible_scenario_gets_a_plain_explanation(case: str) -> None:
    overrides, message = INFEASIBLE[case]
    result = solve(toy_params(**overrides))
    assert result.status == SolveStatus.INFEASIBLE
    assert message in result.message
    assert result.allocation.empty and result.check == []


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_solver_reported_infeasibility_is_mapped(solver: str, monkeypatch) -> None:
    # Skip pre-solve so the solver itself meets the contradiction.
    import solver.pipeline as pipeline

    params = toy_params(budget_gbp=50_000, locks=(Lock("PA", "pharmacist", 1.0),), solver=solver)
    monkeypatch.setattr(pipeline, "presolve", lambda p: [])
    result = solve_in_process(params)
    assert result.status == SolveStatus.INFEASIBLE
    assert result.message == explain_infeasibility(params)
    assert "Locked commitments cost £60,000 but the budget is £50,000." in result.message


def test_unbounded_and_empty_models_do_not_raise() -> None:
    # No PCN below target: nothing to decide, the plan is empty and optimal.
    result = solve(toy_params(target_rate=100.0))
    assert result.status == SolveStatus.OPTIMAL
    assert result.totals["cost_gbp"] == 0
    _, mv = build_model(toy_params(target_rate=100.0))
    assert not mv.wte_steps
