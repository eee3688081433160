"""Scenarios (DESIGN §6): named settings stored in the database, solved on the loaded data."""

from bcprimary.scenarios.inputs import (
    PlanInputs,
    ScenarioDataError,
    build_plan_inputs,
    catalogue_roles,
    default_settings,
)
from bcprimary.scenarios.settings import RoleSetting, ScenarioSettings
from bcprimary.scenarios.solving import SolvedScenario, solve_scenario, stored_result
from bcprimary.scenarios.store import (
    ScenarioError,
    ScenarioRecord,
    create_scenario,
    delete_scenario,
    duplicate_scenario,
    get_scenario,
    list_scenarios,
    rename_scenario,
    save_settings,
)

__all__ = [
    "PlanInputs",
    "RoleSetting",
    "ScenarioDataError",
    "ScenarioError",
    "ScenarioRecord",
    "ScenarioSettings",
    "SolvedScenario",
    "build_plan_inputs",
    "catalogue_roles",
    "create_scenario",
    "default_settings",
    "delete_scenario",
    "duplicate_scenario",
    "get_scenario",
    "list_scenarios",
    "rename_scenario",
    "save_settings",
    "solve_scenario",
    "stored_result",
]
