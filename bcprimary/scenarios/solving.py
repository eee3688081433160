"""Solving a stored scenario on the data in the database, and its budget frontier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import select

from bcprimary import __version__
from bcprimary.db.engine import Database
from bcprimary.db.models import ImportLog
from bcprimary.progress import CancelToken, ProgressCallback, no_progress
from bcprimary.scenarios.inputs import PlanInputs, build_plan_inputs
from bcprimary.scenarios.store import get_scenario, save_results
from solver.parameters import PlanParameters
from solver.results import PlanResult
from solver.run import solve
from solver.status import SolveStatus


@dataclass
class SolvedScenario:
    name: str
    inputs: PlanInputs
    result: PlanResult
    snapshots: dict


def data_snapshots(db: Database, inputs: PlanInputs) -> dict:
    """Which data the plan used: the analysis snapshots plus every imported file behind them."""
    with db.session() as session:
        logs = session.execute(select(ImportLog).order_by(ImportLog.dataset)).scalars().all()
        files = [
            {
                "dataset": log.dataset,
                "snapshot": log.snapshot,
                "file": log.file_name,
                "sha256": log.sha256,
                "rows": log.rows_kept,
                "synthetic": log.synthetic,
                "imported_at": log.imported_at.isoformat(timespec="seconds"),
            }
            for log in logs
        ]
    snapshots = inputs.picture.resolved.describe()
    snapshots["financial_year"] = inputs.financial_year
    snapshots["target_rate"] = inputs.picture.target_rate
    snapshots["files"] = files
    snapshots["synthetic_inputs"] = any(f["synthetic"] for f in files)
    snapshots["app_version"] = __version__
    snapshots["solved_at"] = dt.datetime.now().isoformat(timespec="seconds")
    return snapshots


def prepare(db: Database, name: str) -> PlanInputs:
    record = get_scenario(db, name)
    with db.session() as session:
        return build_plan_inputs(session, record.settings)


def solve_scenario(
    db: Database,
    name: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    save: bool = True,
) -> SolvedScenario:
    """Solve a stored scenario on the current data and (by default) store the results."""
    progress(0.02, "Reading the data")
    inputs = prepare(db, name)
    result = solve(inputs.parameters, cancel=cancel, progress=progress)
    snapshots = data_snapshots(db, inputs)
    # A cancelled solve has no plan: keep the results the scenario had before.
    if save and result.status is not SolveStatus.CANCELLED:
        payload = {"parameters": inputs.parameters.to_dict(), "result": result.to_dict()}
        save_results(db, name, payload, snapshots)
    return SolvedScenario(name, inputs, result, snapshots)


def stored_result(db: Database, name: str) -> tuple[PlanParameters, PlanResult, dict] | None:
    """The last results saved with a scenario (parameters, result, snapshots), if any."""
    record = get_scenario(db, name)
    if not record.results:
        return None
    return (
        PlanParameters.from_dict(record.results["parameters"]),
        PlanResult.from_dict(record.results["result"]),
        record.snapshots,
    )


def parse_budgets(text: str) -> list[float]:
    """``A:B:N`` → N budgets evenly from A to B (pounds)."""
    try:
        start, stop, count = text.split(":")
        values = np.linspace(float(start), float(stop), int(count))
    except ValueError as exc:
        raise ValueError(
            f"--budgets expects START:STOP:COUNT, e.g. 0:4000000:20 (found '{text}')"
        ) from exc
    if int(count) < 2 or float(start) < 0 or float(stop) <= float(start):
        raise ValueError("--budgets needs 0 ≤ START < STOP and COUNT ≥ 2")
    return [float(v) for v in values]


def frontier_table(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.reset_index(drop=True)
