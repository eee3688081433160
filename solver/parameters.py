"""Inputs of the optimiser: frozen dataclasses the app fills in (DESIGN §5).

The solver never reads the database or a widget: everything it needs arrives here. Every field
carries a one-line docstring; defaults that are assumptions rather than published figures say so.
Monetary amounts are pounds per year unless the name says otherwise; appointments are per month.

`PlanParameters.to_dict()` / `PlanParameters.from_dict()` give a JSON-able round trip so that
scenarios can be stored and exported.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

NeedUplift = Literal["none", "quintile", "score"]
PriorityMode = Literal["quintile", "score"]
BudgetMode = Literal["pooled", "entitlement"]
ObjectiveKind = Literal["weighted", "equity"]
SolverName = Literal["highs", "cbc"]


def _default_uplift_by_quintile() -> dict[int, float]:
    return {1: 1.10, 2: 1.05, 3: 1.0, 4: 1.0, 5: 1.0}


def _default_priority_by_quintile() -> dict[int, float]:
    return {1: 2.0, 2: 1.6, 3: 1.3, 4: 1.1, 5: 1.0}


@dataclass(frozen=True)
class PCNInput:
    """One Primary Care Network as the optimiser sees it."""

    code: str
    """ODS code of the PCN, e.g. ``U12345``; unique within a plan."""
    name: str
    """PCN name as published."""
    place: str
    """Place (or sub-ICB location where no place map exists) used for the per-place tables."""
    weighted_patients: float
    """Carr-Hill weighted list size; targets and ARRS entitlement are based on it."""
    registered_patients: float
    """Registered list size (shown in tables; not used in the model)."""
    deprivation_score: float
    """List-weighted mean IMD score of the PCN's practices (higher = more deprived)."""
    imd_quintile: int
    """National IMD quintile, 1 = most deprived fifth, 5 = least deprived."""
    imd_decile: int
    """National IMD decile, 1 = most deprived tenth; used for the slope index of inequality."""
    current_appointments: float
    """Appointments per month now (mean over the chosen window)."""
    entitlement_gbp: float = 0.0
    """Annual ARRS entitlement (rate × weighted list); the spending limit in entitlement mode."""
    arrs_spend_in_post_gbp: float = 0.0
    """Annual cost of ARRS staff already in post; reduces the entitlement headroom."""


@dataclass(frozen=True)
class RoleInput:
    """One ARRS role (or other recruitable role) in play."""

    code: str
    """Short identifier, e.g. ``clinical_pharmacist``; unique within a plan."""
    name: str
    """Display name."""
    annual_cost_gbp: float
    """Cost of one whole-time equivalent per year (maximum reimbursable: salary + on-costs)."""
    appointments_per_wte_month: float
    """Appointments one WTE delivers per month (an assumption the user can change)."""
    step_wte: float = 0.5
    """Recruitment granularity in WTE (assumption: half-time posts are the smallest unit)."""
    recruitment_pool_wte: float | None = None
    """WTE that can be recruited across the whole system; None means no limit."""
    max_wte_per_pcn: float | None = None
    """Default cap on new WTE in any one PCN; None means no cap. `Cap` rows override it."""


@dataclass(frozen=True)
class Lock:
    """A commitment the plan must keep: at least `wte` of `role_code` in `pcn_code`."""

    pcn_code: str
    """PCN the commitment belongs to."""
    role_code: str
    """Role committed."""
    wte: float
    """Committed WTE; counts against budget, entitlement and recruitment pool."""


@dataclass(frozen=True)
class Cap:
    """A per-PCN override of a role's cap."""

    pcn_code: str
    """PCN the cap applies to."""
    role_code: str
    """Role capped."""
    max_wte: float
    """Maximum WTE of the role in that PCN (replaces `RoleInput.max_wte_per_pcn`)."""


@dataclass(frozen=True)
class DentalPlaceInput:
    """Dental activity in one place, for the extra-UDA lever."""

    place: str
    """Place name; unique among dental rows."""
    population: float
    """Registered population of the place (the UDA-per-head denominator)."""
    udas_contracted: float
    """Units of dental activity contracted per year now."""
    uda_target_per_head: float
    """Target UDAs per head per year; the shortfall is target × population − contracted."""
    uda_value_gbp: float
    """Price of one extra UDA in the place (local UDA value)."""
    max_extra_udas: float
    """Most extra UDAs per year the place's providers could deliver."""


@dataclass(frozen=True)
class PlanParameters:
    """Everything one optimisation needs (DESIGN §5). Fill it in; never mutate it."""

    pcns: tuple[PCNInput, ...]
    """PCNs in the plan."""
    roles: tuple[RoleInput, ...]
    """Roles in play."""
    target_rate_per_1000_weighted: float | None = None
    """Target appointments per month per 1,000 weighted patients (τ); required."""
    budget_gbp: float | None = None
    """Annual budget (B). Required in pooled mode; in entitlement mode an optional overall cap."""
    locks: tuple[Lock, ...] = ()
    """Locked commitments (lower bounds on WTE)."""
    caps: tuple[Cap, ...] = ()
    """Per-PCN cap overrides."""
    dental: tuple[DentalPlaceInput, ...] = ()
    """Dental places for the extra-UDA lever; empty means no dental lever."""
    need_uplift: NeedUplift = "none"
    """Deprivation uplift m_p on the target: none, by IMD quintile, or a function of IMD score."""
    uplift_by_quintile: dict[int, float] = field(default_factory=_default_uplift_by_quintile)
    """Target multiplier by IMD quintile when `need_uplift` is "quintile" (assumption)."""
    uplift_score_max: float = 1.10
    """Target multiplier reached at the top of `deprivation_score_range` in score mode
    (assumption, chosen to match the quintile-1 uplift)."""
    priority_mode: PriorityMode = "quintile"
    """Priority weight w_p by IMD quintile or as a continuous function of IMD score."""
    priority_weights_by_quintile: dict[int, float] = field(
        default_factory=_default_priority_by_quintile
    )
    """Priority weight by IMD quintile (DESIGN §5 default; editable)."""
    priority_score_max: float = 2.0
    """Priority weight at the top of `deprivation_score_range` in score mode (assumption; the
    weight rises linearly from 1.0 at the bottom of the range)."""
    deprivation_score_range: tuple[float, float] = (10.0, 40.0)
    """IMD score below which score-based uplift and weight are at their minimum and above which
    they are at their maximum (assumption: roughly the practice IMD 2019 scores bounding the
    least and most deprived fifths in England)."""
    budget_mode: BudgetMode = "pooled"
    """Pooled: one budget for the system. Entitlement: each PCN spends at most its entitlement
    less the cost of ARRS staff already in post."""
    objective: ObjectiveKind = "weighted"
    """Weighted: minimise the deprivation-weighted residual gap. Equity: first minimise the
    worst relative gap, then the weighted objective holding it."""
    commissioned_appointment_cost_gbp: float = 45.0
    """Cost k of one commissioned appointment (assumption: of the order of the PSSRU unit cost of
    a GP surgery consultation; set the local enhanced-access price)."""
    commissioned_cap_share: float = 0.1
    """Most commissioned appointments per month as a share of a PCN's current appointments
    (assumption: about what extra sessions can add); 0 switches the lever off."""
    dental_pooled: bool = False
    """True: extra UDAs are paid from the main budget. False: from `dental_budget_gbp`
    (assumption: dental money is ring-fenced, as in England)."""
    dental_budget_gbp: float = 0.0
    """Separate annual dental budget when `dental_pooled` is False."""
    dental_weight: float = 1.0
    """Weight of the share of UDA shortfall remaining against the share of weighted access gap
    remaining in the objective (assumption: equal importance)."""
    equity_tolerance: float = 1e-2
    """Equity objective: the worst relative gap is minimised to within this fraction of its
    minimum (e.g. 11.4% instead of 11.3%), then held while the weighted objective is minimised
    (assumption: a finer proof takes minutes on real systems and changes nothing a board sees)."""
    solver: SolverName = "highs"
    """MIP solver: HiGHS (default, in-process via highspy) or CBC (bundled with PuLP)."""
    time_limit_s: float = 30.0
    """Wall-clock limit for each solver call; the best plan found so far is kept."""
    mip_gap: float = 1e-4
    """Relative MIP gap at which the solver may stop and call the plan optimal."""
    threads: int | None = None
    """Solver threads; None leaves the solver's default."""

    def __post_init__(self) -> None:
        # Accept lists from callers but store tuples so the object is really immutable.
        for name in ("pcns", "roles", "locks", "caps", "dental"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "deprivation_score_range", tuple(self.deprivation_score_range))

    # -- deprivation functions (definitions shared by the model, the baselines and the check) --

    def _score_position(self, score: float) -> float:
        low, high = self.deprivation_score_range
        if not math.isfinite(score) or high <= low:
            return 0.0
        return min(1.0, max(0.0, (score - low) / (high - low)))

    def need_uplift_for(self, pcn: PCNInput) -> float:
        """Target multiplier m_p for a PCN under the chosen uplift rule."""
        if self.need_uplift == "quintile":
            return float(self.uplift_by_quintile.get(pcn.imd_quintile, 1.0))
        if self.need_uplift == "score":
            position = self._score_position(pcn.deprivation_score)
            return 1.0 + (self.uplift_score_max - 1.0) * position
        return 1.0

    def priority_weight_for(self, pcn: PCNInput) -> float:
        """Priority weight w_p for a PCN under the chosen priority rule."""
        if self.priority_mode == "score":
            position = self._score_position(pcn.deprivation_score)
            return 1.0 + (self.priority_score_max - 1.0) * position
        return float(self.priority_weights_by_quintile.get(pcn.imd_quintile, float("nan")))

    def target_appointments_for(self, pcn: PCNInput) -> float:
        """Target appointments per month T_p = τ · W_p / 1000 · m_p."""
        rate = self.target_rate_per_1000_weighted or 0.0
        return rate * pcn.weighted_patients / 1000.0 * self.need_uplift_for(pcn)

    # -- persistence --

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict (quintile keys become strings, tuples become lists)."""
        data = asdict(self)
        for name in ("uplift_by_quintile", "priority_weights_by_quintile"):
            data[name] = {str(k): v for k, v in data[name].items()}
        data["deprivation_score_range"] = list(self.deprivation_score_range)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanParameters:
        """Inverse of `to_dict`; unknown keys are ignored so older files still load."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["pcns"] = tuple(PCNInput(**row) for row in data.get("pcns", ()))
        values["roles"] = tuple(RoleInput(**row) for row in data.get("roles", ()))
        values["locks"] = tuple(Lock(**row) for row in data.get("locks", ()))
        values["caps"] = tuple(Cap(**row) for row in data.get("caps", ()))
        values["dental"] = tuple(DentalPlaceInput(**row) for row in data.get("dental", ()))
        for name in ("uplift_by_quintile", "priority_weights_by_quintile"):
            if name in values:
                values[name] = {int(k): float(v) for k, v in values[name].items()}
        if "deprivation_score_range" in values:
            values["deprivation_score_range"] = tuple(values["deprivation_score_range"])
        return cls(**values)
