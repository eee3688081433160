"""What a user chooses for a scenario, independent of the data it is solved on.

A scenario's settings are the plan's knobs (`solver.options.PlanOptions`, one default each), the
data choices (which snapshots, which area, which financial year), the role table, and the locked
commitments and per-PCN caps. They are stored as JSON in ``Scenario.settings``; the PCN figures
(weighted lists, appointments, deprivation, entitlement) are read from the database each time
the scenario is solved, and the data snapshots used are recorded beside the results.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from bcprimary.analysis.options import AnalysisOptions
from solver.options import DEFAULT_BUDGET_GBP, PlanOptions, nest_options
from solver.parameters import Cap, Lock

__all__ = ["DEFAULT_BUDGET_GBP", "SETTINGS_FORMAT", "RoleSetting", "ScenarioSettings"]

#: Layout of the stored JSON: 1 had the knobs at top level and locks/caps as plain dicts.
SETTINGS_FORMAT = 2


@dataclass(frozen=True)
class RoleSetting:
    """One row of the editable role table (starts from the ARRS catalogue)."""

    code: str
    """Short identifier, e.g. ``clinical_pharmacist``."""
    name: str
    """Display name."""
    annual_cost_gbp: float
    """Cost of one WTE per year."""
    appointments_per_wte_month: float
    """Appointments one WTE adds per month (an assumption unless the source says otherwise)."""
    step_wte: float = 0.5
    """Recruitment granularity: posts are planned in whole steps of this WTE."""
    recruitment_pool_wte: float | None = None
    """Most WTE the area can recruit; None: the default pool rule of the options."""
    cap_rule: str | None = None
    """e.g. '2 WTE per PCN' or '1 WTE per 50000 patients'; None: no cap."""
    in_play: bool = True
    """Whether the plan may recruit the role."""
    cost_source: str | None = None
    """Where the cost figure comes from."""
    yield_source: str | None = None
    """Where the appointments figure comes from."""


@dataclass(frozen=True)
class ScenarioSettings:
    """Everything a scenario fixes. Frozen: change it with `replace` or `with_options`."""

    options: PlanOptions = field(default_factory=PlanOptions)
    """The plan's knobs (target, budget, weights, levers, solver)."""
    roles: tuple[RoleSetting, ...] = ()
    """The role table; empty: the planning year's catalogue when the scenario is solved."""
    locks: tuple[Lock, ...] = ()
    """Locked commitments: at least this WTE of a role in a PCN."""
    caps: tuple[Cap, ...] = ()
    """Per-PCN caps that replace a role's cap rule."""
    financial_year: str | None = None
    """Financial year of the role catalogue and entitlement rate; None: the planning year."""
    imd_edition: str | None = None
    """IMD edition, e.g. "IMD 2025"; None: the newest loaded."""
    appointment_months: int = 12
    """How many of the latest loaded appointment months the monthly means use."""
    icb_codes: tuple[str, ...] = ()
    """Limit the plan to these ICBs (empty: every practice loaded)."""
    sub_icb_codes: tuple[str, ...] = ()
    """Limit the plan to these sub-ICB locations."""
    places: tuple[str, ...] = ()
    """Limit the plan to these places (names of the PCN→place map)."""
    demand_need: bool = False
    """Multiply each PCN's target by the demand factor 1 + β·clip(z, −c, c) of its
    standardised missed-call rate (`bcprimary.analysis.demand.demand_need_factor`); off by
    default."""
    demand_need_beta: float = 0.1
    """β of the demand term (assumption)."""
    demand_need_z_cap: float = 2.0
    """c: standardised missed-call rates are capped at ± c."""

    def __post_init__(self) -> None:
        for name in ("roles", "locks", "caps", "icb_codes", "sub_icb_codes", "places"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def with_options(self, **changes: Any) -> ScenarioSettings:
        """The same settings with some knobs changed, e.g. ``with_options(budget_gbp=1e6)``."""
        return replace(self, options=replace(self.options, **changes))

    def analysis_options(self) -> AnalysisOptions:
        """The access picture these settings plan on (same target and need uplift)."""
        return AnalysisOptions(
            imd_edition=self.imd_edition,
            appointment_months=self.appointment_months,
            icb_codes=self.icb_codes,
            sub_icb_codes=self.sub_icb_codes,
            places=self.places,
            plan=self.options,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict in the current layout (see `SETTINGS_FORMAT`)."""
        data: dict[str, Any] = {"format": SETTINGS_FORMAT, "options": self.options.to_dict()}
        for f in fields(self):
            if f.name != "options":
                value = getattr(self, f.name)
                data[f.name] = (
                    [asdict(row) for row in value]
                    if f.name in ("roles", "locks", "caps")
                    else (list(value) if isinstance(value, tuple) else value)
                )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioSettings:
        """Inverse of `to_dict`; also reads the first layout (knobs at top level, locks and caps
        as dicts) that scenarios were stored in before schema version 2."""
        data = nest_options(data)
        known = {f.name for f in fields(cls)} - {"options", "roles", "locks", "caps"}
        role_fields = {f.name for f in fields(RoleSetting)}
        return cls(
            options=PlanOptions.from_dict(data["options"]),
            roles=tuple(
                RoleSetting(**{k: v for k, v in row.items() if k in role_fields})
                for row in data.get("roles", ())
            ),
            locks=tuple(
                Lock(row["pcn_code"], row["role_code"], float(row["wte"]))
                for row in data.get("locks", ())
            ),
            caps=tuple(
                Cap(row["pcn_code"], row["role_code"], float(row["max_wte"]))
                for row in data.get("caps", ())
            ),
            **{k: v for k, v in data.items() if k in known},
        )
