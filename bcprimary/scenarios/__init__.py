"""Scenarios (DESIGN §6): named settings stored in the database, solved on the loaded data."""

from bcprimary.scenarios.inputs import (
    PlanInputs,
    ScenarioDataError,
    build_plan_inputs,
    catalogue_roles,
    default_settings,
)
from bcprimary.scenarios.service import (
    Frontier,
    FrontierError,
    SolvedScenario,
    StoredPlan,
    compute_frontier,
    solve_scenario,
    stored_plan,
)
from bcprimary.scenarios.settings import RoleSetting, ScenarioSettings
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
    "Frontier",
    "FrontierError",
    "PlanInputs",
    "RoleSetting",
    "ScenarioDataError",
    "ScenarioError",
    "ScenarioRecord",
    "ScenarioSettings",
    "SolvedScenario",
    "StoredPlan",
    "build_plan_inputs",
    "catalogue_roles",
    "compute_frontier",
    "create_scenario",
    "default_settings",
    "delete_scenario",
    "duplicate_scenario",
    "get_scenario",
    "list_scenarios",
    "rename_scenario",
    "save_settings",
    "solve_scenario",
    "stored_plan",
]
