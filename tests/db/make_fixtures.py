"""How the schema fixtures under ``fixtures/`` are made (run from the repository root).

``python -m tests.db.make_fixtures`` adds one scenario, stored exactly as version 1 of the app
stored it (``fixtures/scenario_v1.json``: flat settings with dict locks and caps, and a saved
plan whose parameters have the knobs at top level), to ``schema_v1.sqlite``, then makes
``schema_v2.sqlite`` by opening a copy with the current app (which migrates it) and adding a
scenario saved by the current code. Each fixture is small: one real registered-patients
import (see ``test_schema.make_fixture``) and its scenarios.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
V1_SCENARIO = "Board option (saved by version 1)"
V2_SCENARIO = "Board option (saved by version 2)"


def _result_payload() -> dict:
    from solver.results import PlanResult
    from solver.status import SolveStatus

    return PlanResult(status=SolveStatus.INFEASIBLE, message="Stored by the fixture.").to_dict()


def add_v1_scenario(path: Path) -> None:
    """Store the version-1 scenario in a version-1 database, as version 1 wrote it."""
    stored = json.loads((FIXTURES / "scenario_v1.json").read_text(encoding="utf-8"))
    results = {"parameters": stored["parameters"], "result": _result_payload()}
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM scenario WHERE name = ?", (V1_SCENARIO,))
        conn.execute(
            "INSERT INTO scenario (name, notes, parameters, snapshots, results, created_at, "
            "modified_at) VALUES (?, ?, ?, ?, ?, '2025-11-01 09:00:00', '2025-11-01 09:00:00')",
            (
                V1_SCENARIO,
                "Saved by version 1 of the app.",
                json.dumps(stored["settings"]),
                json.dumps({"solved_at": "2025-11-01T09:00:00"}),
                json.dumps(results),
            ),
        )


def make_v2(v1: Path, v2: Path) -> None:
    """A version-2 database: the version-1 fixture migrated, plus a scenario saved now."""
    from bcprimary.db import open_database
    from bcprimary.scenarios import ScenarioSettings, create_scenario
    from solver.options import PlanOptions
    from solver.parameters import Cap, Lock

    shutil.copy(v1, v2)
    db = open_database(v2)
    settings = ScenarioSettings(
        options=PlanOptions(budget_gbp=1_000_000.0, objective="equity"),
        locks=(Lock("U00001", "clinical_pharmacist", 0.5),),
        caps=(Cap("U00001", "clinical_pharmacist", 2.0),),
        icb_codes=("QUA",),
    )
    create_scenario(db, V2_SCENARIO, settings, notes="Saved by version 2 of the app.")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
    db.dispose()


if __name__ == "__main__":  # pragma: no cover - a tool
    add_v1_scenario(FIXTURES / "schema_v1.sqlite")
    make_v2(FIXTURES / "schema_v1.sqlite", FIXTURES / "schema_v2.sqlite")
