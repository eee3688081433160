"""What a solve returns: `PlanResult`, with tables as pandas DataFrames, and its JSON round trip.

Tables (one row each):
- ``allocation``: pcn_code, role_code, steps, wte, locked_wte, annual_cost_gbp,
  appointments_per_month — one row per PCN × role with any WTE.
- ``pcn_table``: see `solver.tables.PCN_COLUMNS` (targets, appointments, gaps and rates before
  and after, what was added, cost, entitlement).
- ``place_table`` / ``quintile_table``: the same sums grouped by place and by IMD quintile.
- ``dental_table``: one row per dental place.

Baselines (fair shares, greedy) are `PlanResult`s too, with status "heuristic", so every screen
and export can show them beside the optimum with the same code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd

from solver.issues import Issue
from solver.status import SolveStatus


@dataclass(frozen=True)
class MarginalValue:
    """What one more unit of a limit is worth, from the LP relaxation's dual (shadow price)."""

    constraint: str
    """Model constraint name, e.g. ``budget`` or ``pool(clinical_pharmacist)``."""
    unit: str
    """The unit the values are per: "£1,000 a year" or "WTE"."""
    objective_per_unit: float
    """Reduction of the objective per extra unit (≥ 0; 0 when the limit is not binding)."""
    weighted_appointments_per_unit: float
    """The same, as priority-weighted appointments per month of access gap closed."""
    binding: bool
    """True when the limit is used up in the LP relaxation."""


@dataclass(kw_only=True)
class PlanResult:
    """Result of `solver.solve` (or a baseline). Tables are empty when there is no plan."""

    name: str = "optimum"
    """"optimum", "fair_shares" or "greedy"."""
    status: SolveStatus
    message: str = ""
    """Plain explanation, e.g. why a scenario is infeasible."""
    objective: str = "weighted"
    """Which objective was optimised ("weighted" or "equity")."""
    objective_value: float | None = None
    """Σ w s / Σ w G + dental term + cost tie-break, recomputed from the plan."""
    objective_breakdown: dict[str, float] = field(default_factory=dict)
    lp_bound: float | None = None
    """Objective of the LP relaxation: no plan can score below it."""
    mip_gap: float | None = None
    solver: str = ""
    solver_detail: str = ""
    build_seconds: float = 0.0
    solve_seconds: float = 0.0
    total_seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    allocation: pd.DataFrame = field(default_factory=pd.DataFrame)
    pcn_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    place_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    quintile_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    dental_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    equity: dict[str, float] = field(default_factory=dict)
    """sii_before/after and quintile_gap_before/after (appointments per 1,000 weighted)."""
    totals: dict[str, float] = field(default_factory=dict)
    marginal_value_budget: MarginalValue | None = None
    marginal_value_pool: dict[str, MarginalValue] = field(default_factory=dict)
    marginal_value_entitlement: dict[str, MarginalValue] = field(default_factory=dict)
    baselines: dict[str, PlanResult] = field(default_factory=dict)
    check: list[str] = field(default_factory=list)
    """Violations found by `solver.check.check_result`; empty means the plan was verified."""
    issues: list[Issue] = field(default_factory=list)
    """Pre-solve findings (warnings, or the errors that stopped the solve)."""

    @property
    def has_plan(self) -> bool:
        return self.status.has_plan

    # ------------------------------------------------------------------ JSON round trip

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict (NaN becomes None; DataFrames become columns + data + dtypes)."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, pd.DataFrame):
                data[f.name] = _frame_to_dict(value)
            elif isinstance(value, SolveStatus):
                data[f.name] = value.value
            elif isinstance(value, MarginalValue):
                data[f.name] = _clean(value.__dict__)
            elif f.name in ("marginal_value_pool", "marginal_value_entitlement"):
                data[f.name] = {k: _clean(v.__dict__) for k, v in value.items()}
            elif f.name == "baselines":
                data[f.name] = {k: v.to_dict() for k, v in value.items()}
            elif f.name == "issues":
                data[f.name] = [_clean(issue.__dict__) for issue in value]
            else:
                data[f.name] = _clean(value)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanResult:
        """Inverse of `to_dict`."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name == "status":
                value = SolveStatus(value)
            elif f.name in _TABLES:
                value = _frame_from_dict(value)
            elif f.name == "marginal_value_budget":
                value = _marginal_from_dict(value) if value is not None else None
            elif f.name in ("marginal_value_pool", "marginal_value_entitlement"):
                value = {k: _marginal_from_dict(v) for k, v in value.items()}
            elif f.name == "baselines":
                value = {k: PlanResult.from_dict(v) for k, v in value.items()}
            elif f.name == "issues":
                value = [Issue(**issue) for issue in value]
            elif f.name in ("objective_breakdown", "equity", "totals", "timings"):
                value = {k: _nan_if_none(v) for k, v in value.items()}
            values[f.name] = value
        return cls(**values)


_TABLES = ("allocation", "pcn_table", "place_table", "quintile_table", "dental_table")


def _marginal_from_dict(data: dict[str, Any]) -> MarginalValue:
    return MarginalValue(**{k: _nan_if_none(v) for k, v in data.items()})


def _nan_if_none(value: Any) -> Any:
    return float("nan") if value is None else value


def _clean(value: Any) -> Any:
    """Make numpy scalars, NaN, tuples JSON-friendly."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _frame_to_dict(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "data": {str(c): _clean(frame[c].tolist()) for c in frame.columns},
    }


def _frame_from_dict(data: dict[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame({c: data["data"][c] for c in data["columns"]}, columns=data["columns"])
    for column, dtype in zip(data["columns"], data["dtypes"], strict=True):
        if dtype.startswith(("float", "int", "bool")):
            frame[column] = frame[column].astype(dtype)
    return frame
