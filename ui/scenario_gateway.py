"""What the Scenario view reads and writes: scenarios, their settings and their solves.

Qt-free, run on workers like :mod:`ui.analysis_gateway`. Every function opens its own short
session through the core (``bcprimary.scenarios``); the solve runs in a child process that a
cancel token really stops (``solver.run.solve``). Stored plans are read by
:mod:`ui.plan_gateway`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from bcprimary import glossary, scenarios
from bcprimary.db import Database
from bcprimary.progress import CancelToken, ProgressCallback
from bcprimary.scenarios import RoleSetting, ScenarioRecord, ScenarioSettings
from bcprimary.scenarios.report import plan_summary_lines
from bcprimary.scenarios.store import save_results
from solver.parameters import Cap, Lock
from ui.analysis_gateway import DataNotReady

if TYPE_CHECKING:
    import pandas as pd

#: Role table columns the user edits, and how (see ``EditableDataFrameModel``).
ROLE_NUMBER_COLUMNS = frozenset(
    {"annual_cost_gbp", "appointments_per_wte_month", "step_wte", "recruitment_pool_wte"}
)
ROLE_TEXT_COLUMNS = frozenset({"cap_rule"})
ROLE_CHECK_COLUMNS = frozenset({"in_play"})
#: Glossary code of each role table column (the table's columns are ``RoleSetting`` fields).
_ROLE_TERMS = {
    "in_play": "in_play",
    "code": "role_code",
    "name": "role_name",
    "annual_cost_gbp": "annual_cost_per_wte",
    "appointments_per_wte_month": "appointments_per_wte_month",
    "step_wte": "step_wte",
    "recruitment_pool_wte": "recruitment_pool_wte",
    "cap_rule": "cap_rule",
    "cost_source": "cost_source",
    "yield_source": "yield_source",
}
ROLE_LABELS = {column: glossary.label(code) for column, code in _ROLE_TERMS.items()}
ROLE_DEFINITIONS = {
    column: glossary.definition(code)
    for column, code in _ROLE_TERMS.items()
    if column not in ("code", "name")
}


#: Settings with no roles: what the view shows when there is no scenario at all.
EMPTY_SETTINGS = ScenarioSettings()
#: One save-and-solve at a time: a superseded solve restores the stored plan before the next
#: one saves its settings, so the two can never interleave.
_SOLVE_LOCK = threading.Lock()


@dataclass(frozen=True)
class ScenarioListing:
    """The saved scenarios, and the settings a new one starts from."""

    records: list[ScenarioRecord]
    defaults: ScenarioSettings
    #: (code, name) of every PCN of the loaded area, for locked commitments and caps.
    pcns: list[tuple[str, str]] = field(default_factory=list)


def load_scenarios(db: Database) -> ScenarioListing:
    records = scenarios.list_scenarios(db)
    with db.session() as session:
        defaults = scenarios.default_settings(session)
    return ScenarioListing(records, defaults, _pcn_choices(db))


def _pcn_choices(db: Database) -> list[tuple[str, str]]:
    from ui.analysis_gateway import access_picture

    try:
        pcns = access_picture(db).pcns
    except DataNotReady:
        return []
    pcns = pcns[pcns["code"] != "U"].sort_values("name")
    return [(str(c), str(n)) for c, n in zip(pcns["code"], pcns["name"], strict=True)]


def create_scenario(
    db: Database, name: str, settings: ScenarioSettings | None = None, notes: str = ""
) -> str:
    """A new scenario from the catalogue defaults (or ``settings``), over the area the views
    show; its name."""
    if settings is None:
        from dataclasses import replace

        from ui.analysis_gateway import view_scope

        with db.session() as session:
            settings = replace(scenarios.default_settings(session), **view_scope(db))
    return scenarios.create_scenario(db, name, settings, notes).name


def duplicate_scenario(db: Database, name: str, new_name: str) -> str:
    return scenarios.duplicate_scenario(db, name, new_name).name


def rename_scenario(db: Database, name: str, new_name: str) -> str:
    scenarios.rename_scenario(db, name, new_name)
    return new_name.strip()


def delete_scenario(db: Database, name: str) -> None:
    scenarios.delete_scenario(db, name)


def save_scenario(db: Database, name: str, settings: ScenarioSettings, notes: str) -> str:
    scenarios.save_settings(db, name, settings, notes)
    return name


@dataclass(frozen=True)
class SolveOutcome:
    """A finished solve as the Scenario view reports it."""

    name: str
    status: str
    has_plan: bool
    summary_lines: list[str]


def save_and_solve(
    db: Database,
    name: str,
    settings: ScenarioSettings,
    notes: str,
    progress: ProgressCallback,
    cancel: CancelToken,
) -> SolveOutcome:
    """Store the edited settings, then solve the scenario on the current data.

    The last good plan is never lost: unchanged settings are not re-saved (saving clears the
    plan), and when a solve with changed settings is cancelled, fails or finds the data not
    ready, the scenario gets back the settings and plan it had (the edits stay in the view).
    """
    with _SOLVE_LOCK:
        before = scenarios.get_scenario(db, name)
        changed = before.notes != notes or before.settings.to_dict() != settings.to_dict()
        if changed:
            scenarios.save_settings(db, name, settings, notes)
        try:
            solved = scenarios.solve_scenario(db, name, progress, cancel)
            cancel.raise_if_cancelled()  # the child process was stopped; nothing was stored
        except scenarios.ScenarioDataError as exc:
            _restore(db, before, changed)
            return SolveOutcome(name, "no data", False, [str(exc)])
        except BaseException:
            _restore(db, before, changed)
            raise
    result = solved.result
    return SolveOutcome(name, result.status.value, result.has_plan, plan_summary_lines(result))


def _restore(db: Database, before: ScenarioRecord, changed: bool) -> None:
    """Put back the settings and plan ``before`` had, if this solve had replaced them."""
    if not changed:
        return
    scenarios.save_settings(db, before.name, before.settings, before.notes)
    if before.results:
        save_results(db, before.name, before.results, before.snapshots)


# --- the role table ----------------------------------------------------------------------------


def role_frame(settings: ScenarioSettings) -> pd.DataFrame:
    """The scenario's role table as a DataFrame (one row per role, ``in_play`` first)."""
    import pandas as pd

    names = [f.name for f in fields(RoleSetting)]
    rows = [{name: getattr(role, name) for name in names} for role in settings.roles]
    frame = pd.DataFrame(rows, columns=names)
    frame["recruitment_pool_wte"] = pd.to_numeric(frame["recruitment_pool_wte"], errors="coerce")
    return frame[["in_play", *[n for n in names if n != "in_play"]]]


def roles_from_frame(frame: pd.DataFrame) -> list[RoleSetting]:
    """The edited role table back as ``RoleSetting`` rows (missing numbers become ``None``)."""
    from ui.formatting import is_missing

    roles = []
    for record in frame.to_dict(orient="records"):
        values = {k: (None if is_missing(v) else v) for k, v in record.items()}
        for key in ("annual_cost_gbp", "appointments_per_wte_month", "step_wte"):
            values[key] = float(values[key] or 0.0)
        values["in_play"] = bool(values["in_play"])
        roles.append(RoleSetting(**values))
    return roles


# --- locked commitments and per-PCN caps -----------------------------------------------------

#: Kinds of row in the commitments table: a lock keeps at least, a cap allows at most.
LOCK_KIND = "At least (locked)"
CAP_KIND = "At most (cap)"
COMMITMENT_COLUMNS = ["pcn_code", "role_code", "kind", "wte"]
COMMITMENT_LABELS = {
    "pcn_code": glossary.label("pcn_code"),
    "role_code": glossary.label("role_name"),
    "kind": glossary.label("commitment"),
    "wte": glossary.label("wte"),
}
COMMITMENT_DEFINITIONS = {
    "kind": glossary.definition("commitment"),
    "wte": "Whole-time equivalents (type a new number to change it).",
}


def commitment_frame(settings: ScenarioSettings) -> pd.DataFrame:
    """The scenario's locks and per-PCN caps as one table (``COMMITMENT_COLUMNS``)."""
    import pandas as pd

    rows = [
        {"pcn_code": k.pcn_code, "role_code": k.role_code, "kind": LOCK_KIND, "wte": k.wte}
        for k in settings.locks
    ] + [
        {"pcn_code": c.pcn_code, "role_code": c.role_code, "kind": CAP_KIND, "wte": c.max_wte}
        for c in settings.caps
    ]
    return pd.DataFrame(rows, columns=COMMITMENT_COLUMNS).astype({"wte": float})


def commitments_from_frame(frame: pd.DataFrame) -> tuple[tuple[Lock, ...], tuple[Cap, ...]]:
    """The edited commitments table back as the settings' ``locks`` and ``caps``."""
    locks, caps = [], []
    for row in frame.to_dict(orient="records"):
        pcn, role, wte = str(row["pcn_code"]), str(row["role_code"]), float(row["wte"])
        if row["kind"] == LOCK_KIND:
            locks.append(Lock(pcn, role, wte))
        else:
            caps.append(Cap(pcn, role, wte))
    return tuple(locks), tuple(caps)


# --- first run -------------------------------------------------------------------------------

DEFAULT_SCENARIO = "Default"


def solve_first_scenario(db: Database, progress: ProgressCallback, cancel: CancelToken) -> str:
    """Create and solve the Default scenario when the database has none yet; its name.

    After the sample data is loaded, this gives a newcomer a plan in Results at once. Returns
    "" (and does nothing) when scenarios already exist.
    """
    if scenarios.list_scenarios(db):
        return ""
    create_scenario(db, DEFAULT_SCENARIO, notes="Created with the default settings.")
    try:
        scenarios.solve_scenario(db, DEFAULT_SCENARIO, progress, cancel)
    except scenarios.ScenarioDataError:
        return ""  # the data cannot carry a plan yet: the Scenario view explains why
    cancel.raise_if_cancelled()
    return DEFAULT_SCENARIO
