"""The independent check passes real plans and flags tampered result tables."""

from __future__ import annotations

import copy

import pytest
from solver_instances import NURSE, toy_params

from solver import Cap, Lock, RoleInput, check_result, solve

POOLED = RoleInput("pharmacist", "Clinical pharmacist", 60_000, 400, recruitment_pool_wte=1.5)
PARAMS = toy_params(
    roles=(POOLED, NURSE),
    locks=(Lock("PB", "nurse", 0.5),),
    caps=(Cap("PA", "nurse", 2.0),),
    commissioned_cap_share=0.05,
)


@pytest.fixture(scope="module")
def result():
    solved = solve(PARAMS)
    assert solved.check == []
    return solved


def tampered(result, table: str, row: int, column: str, value: float):
    copy_ = copy.deepcopy(result)
    frame = getattr(copy_, table)
    frame.loc[frame.index[row], column] = value
    return copy_


def test_real_plan_and_baselines_pass(result) -> None:
    assert check_result(PARAMS, result) == []
    for baseline in result.baselines.values():
        assert check_result(PARAMS, baseline) == []


def test_fractional_step_is_flagged(result) -> None:
    bad = tampered(result, "allocation", 0, "wte", result.allocation["wte"].iloc[0] + 0.2)
    assert any("whole number" in v for v in check_result(PARAMS, bad))


def test_understated_cost_is_flagged(result) -> None:
    bad = tampered(result, "allocation", 0, "annual_cost_gbp", 1.0)
    assert any("cost" in v for v in check_result(PARAMS, bad))


def test_wrong_gap_after_is_flagged(result) -> None:
    bad = tampered(result, "pcn_table", 0, "gap_after", 0.0)
    assert any("gap_after" in v for v in check_result(PARAMS, bad))


def test_pool_breach_is_flagged(result) -> None:
    bad = copy.deepcopy(result)
    rows = bad.allocation
    index = rows.index[rows["role_code"] == "pharmacist"][0]
    rows.loc[index, ["wte", "steps"]] = [5.0, 10]
    rows.loc[index, "annual_cost_gbp"] = 300_000
    rows.loc[index, "appointments_per_month"] = 2_000
    violations = check_result(PARAMS, bad)
    assert any("pool" in v for v in violations)


def test_dropped_lock_is_flagged(result) -> None:
    bad = copy.deepcopy(result)
    bad.allocation = bad.allocation[bad.allocation["pcn_code"] != "PB"]
    assert any("Lock PB × nurse" in v for v in check_result(PARAMS, bad))


def test_cap_breach_is_flagged(result) -> None:
    bad = copy.deepcopy(result)
    rows = bad.allocation
    index = rows.index[(rows["pcn_code"] == "PA") & (rows["role_code"] == "nurse")]
    if len(index) == 0:
        pytest.skip("plan has no nurses in PA")
    rows.loc[index[0], "wte"] = 3.0
    assert any("cap" in v for v in check_result(PARAMS, bad))


def test_budget_breach_is_flagged(result) -> None:
    tight = toy_params(
        roles=(POOLED, NURSE),
        locks=(Lock("PB", "nurse", 0.5),),
        caps=(Cap("PA", "nurse", 2.0),),
        commissioned_cap_share=0.05,
        budget_gbp=100_000,
    )
    assert any("budget" in v for v in check_result(tight, result))


def test_commissioned_above_cap_is_flagged(result) -> None:
    bad = tampered(result, "pcn_table", 0, "commissioned_appointments", 10_000.0)
    assert any("commissioned" in v for v in check_result(PARAMS, bad))


def test_inconsistent_totals_and_groups_are_flagged(result) -> None:
    bad = copy.deepcopy(result)
    bad.totals["cost_gbp"] += 1_000
    bad.place_table.loc[bad.place_table.index[0], "gap_after"] += 10
    violations = check_result(PARAMS, bad)
    assert any("Total cost_gbp" in v for v in violations)
    assert any("place" in v and "gap_after" in v for v in violations)
