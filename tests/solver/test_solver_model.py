"""The model on the hand-checkable toy (see solver_instances.py): exact optima for each lever,
limit and objective, with HiGHS and CBC."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from solver_instances import NURSE, PHARMACIST, toy_params, toy_pcns

from solver import Cap, DentalPlaceInput, Lock, RoleInput, SolveStatus, build_model, solve

SOLVERS = ["highs", "cbc"]


def wte(result, pcn: str, role: str) -> float:
    rows = result.allocation[
        (result.allocation["pcn_code"] == pcn) & (result.allocation["role_code"] == role)
    ]
    return float(rows["wte"].sum())


def assert_verified(result) -> None:
    assert result.status == SolveStatus.OPTIMAL, result.message
    assert result.check == []
    for baseline in result.baselines.values():
        assert baseline.check == []


@pytest.mark.parametrize("solver", SOLVERS)
def test_weighted_optimum_buys_pharmacists_for_the_most_deprived_pcn(solver: str) -> None:
    result = solve(toy_params(solver=solver))
    assert_verified(result)
    # £150,000 buys five pharmacist steps: 1,000 appointments close PCN A's gap exactly.
    assert wte(result, "PA", "pharmacist") == 2.5
    assert len(result.allocation) == 1
    assert result.objective_value == pytest.approx(500 / 2500 + 1e-4, abs=1e-9)
    table = result.pcn_table.set_index("pcn_code")
    assert table.loc["PA", "gap_after"] == pytest.approx(0.0)
    assert table.loc["PB", "gap_after"] == pytest.approx(500.0)
    assert table.loc["PA", "rate_per_1000_weighted_after"] == pytest.approx(500.0)
    assert result.totals["cost_gbp"] == pytest.approx(150_000)


@pytest.mark.parametrize("solver", SOLVERS)
def test_recruitment_pool_is_honoured(solver: str) -> None:
    pharmacist = RoleInput(
        "pharmacist", "Clinical pharmacist", 60_000, 400, recruitment_pool_wte=1.5
    )
    result = solve(toy_params(roles=(pharmacist, NURSE), solver=solver))
    assert_verified(result)
    # Three pharmacist steps, then the remaining £60,000 on nurses, all in PCN A.
    assert wte(result, "PA", "pharmacist") == 1.5
    assert wte(result, "PA", "nurse") == 1.5
    assert result.objective_value == pytest.approx(700 / 2500 + 1e-4, abs=1e-9)
    assert result.marginal_value_pool["pharmacist"].binding
    # One more pharmacist WTE replaces £60,000 of nurses: +100 appointments in PCN A (weight 2).
    assert result.marginal_value_pool["pharmacist"].weighted_appointments_per_unit == pytest.approx(
        200, rel=1e-2
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_cap_is_honoured_and_tie_break_saves_money(solver: str) -> None:
    result = solve(toy_params(caps=(Cap("PA", "pharmacist", 1.0),), solver=solver))
    assert_verified(result)
    # With A's pharmacists capped at 1 WTE, four nurse steps in A and three nurse + one pharmacist
    # step split across A and B leave the same weighted gap (900); the cheaper plan wins.
    assert wte(result, "PA", "pharmacist") == 1.0
    assert wte(result, "PA", "nurse") == 2.0
    assert result.totals["cost_gbp"] == pytest.approx(140_000)
    assert result.objective_value == pytest.approx(900 / 2500 + 1e-4 * 140 / 150, abs=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_lock_counts_against_the_budget(solver: str) -> None:
    result = solve(toy_params(locks=(Lock("PB", "nurse", 1.0),), solver=solver))
    assert_verified(result)
    assert wte(result, "PB", "nurse") == 1.0
    assert wte(result, "PA", "pharmacist") == 1.5
    assert wte(result, "PA", "nurse") == 0.5
    assert result.objective_value == pytest.approx(900 / 2500 + 1e-4, abs=1e-9)
    locked = result.allocation.set_index(["pcn_code", "role_code"]).loc[("PB", "nurse")]
    assert locked["locked_wte"] == 1.0


@pytest.mark.parametrize("solver", SOLVERS)
def test_equity_objective_first_lifts_the_worst_pcn(solver: str) -> None:
    result = solve(toy_params(objective="equity", solver=solver))
    assert_verified(result)
    # Worst relative gap 300/5000 = 6% (four pharmacist steps in A, one in B), then the weighted
    # objective with that held.
    assert wte(result, "PA", "pharmacist") == 2.0
    assert wte(result, "PB", "pharmacist") == 0.5
    assert result.totals["worst_relative_gap_after"] == pytest.approx(0.06)
    assert result.objective_value == pytest.approx(700 / 2500 + 1e-4, abs=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_entitlement_mode_limits_each_pcn(solver: str) -> None:
    a, b = toy_pcns()
    pcns = (
        a.__class__(**{**a.__dict__, "entitlement_gbp": 60_000, "arrs_spend_in_post_gbp": 0}),
        b.__class__(**{**b.__dict__, "entitlement_gbp": 100_000, "arrs_spend_in_post_gbp": 40_000}),
    )
    result = solve(toy_params(pcns=pcns, budget_mode="entitlement", budget_gbp=None, solver=solver))
    assert_verified(result)
    assert wte(result, "PA", "pharmacist") == 1.0
    assert wte(result, "PB", "pharmacist") == 1.0
    assert result.objective_value == pytest.approx(1300 / 2500 + 1e-4, abs=1e-9)
    assert set(result.marginal_value_entitlement) == {"PA", "PB"}
    assert result.marginal_value_budget is None


@pytest.mark.parametrize("solver", SOLVERS)
def test_commissioned_appointments_lever(solver: str) -> None:
    # £20 an appointment = £240 a year per appointment a month; at most 10% of current activity.
    params = toy_params(
        roles=(),
        commissioned_cap_share=0.1,
        commissioned_appointment_cost_gbp=20.0,
        solver=solver,
    )
    result = solve(params)
    assert_verified(result)
    table = result.pcn_table.set_index("pcn_code")
    assert table.loc["PA", "commissioned_appointments"] == pytest.approx(400)
    assert table.loc["PB", "commissioned_appointments"] == pytest.approx(225)
    assert result.objective_value == pytest.approx(1475 / 2500 + 1e-4, abs=1e-7)


NORTH = DentalPlaceInput("North", 100_000, 150_000, 2.0, 30.0, 20_000)


@pytest.mark.parametrize("solver", SOLVERS)
def test_dental_lever_with_its_own_budget(solver: str) -> None:
    result = solve(toy_params(dental=(NORTH,), dental_budget_gbp=300_000, solver=solver))
    assert_verified(result)
    dental = result.dental_table.set_index("place")
    assert dental.loc["North", "extra_udas"] == pytest.approx(10_000)
    assert dental.loc["North", "shortfall_after"] == pytest.approx(40_000)
    assert dental.loc["North", "udas_per_head_after"] == pytest.approx(1.6)
    assert wte(result, "PA", "pharmacist") == 2.5  # the PCN plan is untouched
    # Tie-break: 1e-4 × spend / all the money available (main + dental budget, all spent).
    assert result.objective_value == pytest.approx(0.2 + 0.8 + 1e-4, abs=1e-7)


@pytest.mark.parametrize("solver", SOLVERS)
def test_pooled_dental_competes_for_the_budget(solver: str) -> None:
    # Weight 10: a UDA of shortfall is worth more per £ than an appointment in PCN A.
    result = solve(toy_params(dental=(NORTH,), dental_pooled=True, dental_weight=10, solver=solver))
    assert_verified(result)
    assert result.dental_table["extra_udas"].sum() == pytest.approx(5_000)
    assert result.allocation.empty
    assert result.objective_value == pytest.approx(1.0 + 9.0 + 1e-4, abs=1e-7)


def test_marginal_value_of_budget() -> None:
    result = solve(toy_params())
    value = result.marginal_value_budget
    assert value is not None and value.binding
    # The next £1,000 buys 1/30 of a pharmacist step (200 appointments) for PCN B (weight 1).
    assert value.weighted_appointments_per_unit == pytest.approx(200 / 30, rel=1e-3)
    assert result.lp_bound == pytest.approx(result.objective_value, abs=1e-9)


def test_model_names_map_back_to_domain_codes() -> None:
    problem, mv = build_model(toy_params(roles=(PHARMACIST, NURSE)))
    names = {v.name for v in problem.variables()}
    assert "wte_steps(PA,pharmacist)" in names
    assert "residual_gap(PA)" in names
    for name in ("access_gap(PA)", "access_gap(PB)", "budget"):
        assert problem.get_constraint_by_name(name) is mv.constraints[name]
    assert mv.names["wte_steps(PB,nurse)"] == ("wte_steps", ("PB", "nurse"))


@pytest.mark.slow
def test_same_parameters_give_the_same_plan() -> None:
    from solver_instances import synthetic_params

    params = synthetic_params(12, seed=4, time_limit_s=20)
    first, second = solve(params), solve(params)
    assert first.status == second.status == SolveStatus.OPTIMAL
    pd.testing.assert_frame_equal(first.allocation, second.allocation)
    assert first.objective_value == second.objective_value


def test_solver_package_never_imports_qt() -> None:
    code = (
        "import sys, solver, solver.run, solver.frontier;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph')];"
        "assert not bad, bad"
    )
    from solver_instances import ROOT

    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(ROOT))


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_zero_main_budget_still_spends_the_separate_dental_budget(solver: str) -> None:
    params = toy_params(dental=(NORTH,), dental_budget_gbp=300_000, budget_gbp=0.0, solver=solver)
    result = solve(params)
    assert_verified(result)
    assert result.allocation.empty
    assert result.dental_table["extra_udas"].sum() == pytest.approx(10_000)
    for baseline in result.baselines.values():
        assert result.objective_value <= baseline.objective_value + 1e-9
        assert baseline.objective_breakdown["cost_tiebreak"] < 1e-3
