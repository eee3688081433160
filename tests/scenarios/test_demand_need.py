"""The optional demand term of the need adjustment: off by default, a documented factor on each
PCN's need index when on, and a plan that says how much money it moved between PCNs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bcprimary import scenarios
from bcprimary.analysis.demand import DEMAND_NEED_MIN_COVERAGE, build_demand_picture
from bcprimary.scenarios.settings import ScenarioSettings
from solver.targets import plan_targets


def test_the_demand_term_is_off_by_default_and_survives_storage():
    settings = ScenarioSettings()
    assert settings.demand_need is False
    on = replace(settings, demand_need=True, demand_need_beta=0.2)
    assert ScenarioSettings.from_dict(on.to_dict()) == on


def test_the_demand_term_moves_targets_and_the_plan_says_how_much_money_moved(copy_database):
    db = copy_database("demand")
    with db.session() as session:
        base = scenarios.default_settings(session)
        off = scenarios.build_plan_inputs(session, base)
        on_settings = replace(base, demand_need=True, demand_need_beta=0.2, demand_need_z_cap=1.5)
        on = scenarios.build_plan_inputs(session, on_settings)
        demand = build_demand_picture(session, on.picture).pcns.set_index("code")
    assert all(p.need_index == 1.0 for p in off.parameters.pcns)
    index = {p.code: p.need_index for p in on.parameters.pcns}
    assert all(1 - 0.2 * 1.5 - 1e-9 <= f <= 1 + 0.2 * 1.5 + 1e-9 for f in index.values())
    assert len(set(index.values())) > 2
    # Recompute the factors from the demand table: z over PCNs with enough coverage.
    rate = demand.loc[list(index), "missed_share"].where(
        demand.loc[list(index), "telephony_coverage"] >= DEMAND_NEED_MIN_COVERAGE
    )
    z = ((rate - rate.mean()) / rate.std(ddof=0)).clip(-1.5, 1.5).fillna(0.0)
    assert list(index.values()) == pytest.approx(list(1 + 0.2 * z))
    # The targets the solver sees are the uplifted ones times the factor.
    ratio = plan_targets(on.parameters).target / plan_targets(off.parameters).target
    assert ratio == pytest.approx(np.array(list(index.values())))

    scenarios.create_scenario(db, "With demand", on_settings)
    solved = scenarios.solve_scenario(db, "With demand")
    effect = solved.snapshots["demand_need"]
    assert effect["beta"] == 0.2 and effect["factors"] == pytest.approx(index)
    changes = effect["cost_change_by_pcn"]
    assert effect["money_moved_gbp"] == pytest.approx(sum(abs(v) for v in changes.values()) / 2)
    assert effect["money_moved_gbp"] > 0
    stored = scenarios.get_scenario(db, "With demand").snapshots["demand_need"]
    assert stored["money_moved_gbp"] == effect["money_moved_gbp"]
