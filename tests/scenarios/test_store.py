"""Scenarios stored in the database: create, duplicate, rename, delete, list, show."""

from __future__ import annotations

import pytest

from bcprimary.scenarios import (
    RoleSetting,
    ScenarioError,
    ScenarioSettings,
    create_scenario,
    delete_scenario,
    duplicate_scenario,
    get_scenario,
    list_scenarios,
    rename_scenario,
    save_settings,
)
from solver.options import PlanOptions
from solver.parameters import Lock


def _settings() -> ScenarioSettings:
    return ScenarioSettings(
        options=PlanOptions(
            budget_gbp=1_500_000,
            objective="equity",
            priority_weights_by_quintile={1: 3.0, 2: 2.0, 3: 1.0, 4: 1.0, 5: 1.0},
        ),
        roles=[RoleSetting("clinical_pharmacist", "Clinical pharmacist", 66972, 220)],
        locks=[Lock("U12345", "clinical_pharmacist", 1.0)],
    )


def test_settings_round_trip_through_the_database(db):
    create_scenario(db, "Board option A", _settings(), notes="for the March board")
    record = get_scenario(db, "Board option A")
    assert record.settings == _settings()
    assert record.notes == "for the March board"
    assert not record.solved


def test_duplicate_rename_delete_and_list(db):
    create_scenario(db, "A", _settings())
    duplicate_scenario(db, "A", "A copy")
    rename_scenario(db, "A copy", "B")
    assert [r.name for r in list_scenarios(db)] == ["A", "B"]
    assert get_scenario(db, "B").settings == get_scenario(db, "A").settings
    delete_scenario(db, "A")
    assert [r.name for r in list_scenarios(db)] == ["B"]


def test_names_are_unique_and_unknown_names_say_so(db):
    create_scenario(db, "A", _settings())
    with pytest.raises(ScenarioError, match="already exists"):
        create_scenario(db, "A", _settings())
    create_scenario(db, "B", _settings())
    with pytest.raises(ScenarioError, match="already exists"):
        rename_scenario(db, "B", "A")
    with pytest.raises(ScenarioError, match="no scenario called 'Z'"):
        get_scenario(db, "Z")
    with pytest.raises(ScenarioError, match="needs a name"):
        create_scenario(db, "  ", _settings())


def test_saving_new_settings_clears_stale_results(db):
    from bcprimary.scenarios.store import save_results

    create_scenario(db, "A", _settings())
    save_results(db, "A", {"result": {"status": "optimal"}}, {"registered_patients": "2025-10-01"})
    assert get_scenario(db, "A").solved
    changed = _settings().with_options(budget_gbp=3_000_000)
    save_settings(db, "A", changed)
    record = get_scenario(db, "A")
    assert not record.solved and record.settings.options.budget_gbp == 3_000_000
