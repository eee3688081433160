"""Inputs of the optimiser: frozen dataclasses the app fills in (DESIGN §5).

The solver never reads the database or a widget: everything it needs arrives here. Every field
carries a one-line docstring; defaults that are assumptions rather than published figures say so.
Monetary amounts are pounds per year unless the name says otherwise; appointments are per month.

`PlanParameters.to_dict()` / `PlanParameters.from_dict()` give a JSON-able round trip so that
scenarios can be stored and exported.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from solver.options import PlanOptions, nest_options


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
    need_index: float = 1.0
    """Multiplier on the PCN's target set by the core beside the deprivation uplift (e.g. the
    scenario's optional demand term); 1 = none."""


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
    locks: tuple[Lock, ...] = ()
    """Locked commitments (lower bounds on WTE)."""
    caps: tuple[Cap, ...] = ()
    """Per-PCN cap overrides."""
    dental: tuple[DentalPlaceInput, ...] = ()
    """Dental places for the extra-UDA lever; empty means no dental lever."""
    options: PlanOptions = field(default_factory=PlanOptions)
    """The knobs: target, budget, weights, levers, solver (`solver.options.PlanOptions`). The
    target rate must be filled in (the app resolves the data default before a solve)."""

    def __post_init__(self) -> None:
        # Accept lists from callers but store tuples so the object is really immutable.
        for name in ("pcns", "roles", "locks", "caps", "dental"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def with_options(self, **changes: Any) -> PlanParameters:
        """The same plan with some knobs changed, e.g. ``params.with_options(budget_gbp=0)``."""
        return replace(self, options=replace(self.options, **changes))

    # -- persistence --

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict: the data rows, and the knobs under ``"options"``."""
        data = {
            name: [asdict(row) for row in getattr(self, name)]
            for name in ("pcns", "roles", "locks", "caps", "dental")
        }
        data["options"] = self.options.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanParameters:
        """Inverse of `to_dict`; also reads the older flat layout (knobs at top level)."""
        data = nest_options(data)
        return cls(
            pcns=tuple(PCNInput(**row) for row in data.get("pcns", ())),
            roles=tuple(RoleInput(**row) for row in data.get("roles", ())),
            locks=tuple(Lock(**row) for row in data.get("locks", ())),
            caps=tuple(Cap(**row) for row in data.get("caps", ())),
            dental=tuple(DentalPlaceInput(**row) for row in data.get("dental", ())),
            options=PlanOptions.from_dict(data["options"]),
        )
