"""What a user chooses for a scenario, independent of the data it is solved on.

A scenario stores these settings as JSON; the PCN figures (weighted lists, appointments,
deprivation, entitlement) are read from the database each time it is solved, and the data
snapshots used are recorded beside the results.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from bcprimary.analysis.options import AnalysisOptions

#: Defaults of the demo and of a new scenario: "what if we had £2m more for ARRS roles?"
DEFAULT_BUDGET_GBP = 2_000_000.0


@dataclass
class RoleSetting:
    """One row of the editable role table (starts from the ARRS catalogue)."""

    code: str
    name: str
    annual_cost_gbp: float
    appointments_per_wte_month: float
    step_wte: float = 0.5
    recruitment_pool_wte: float | None = None
    cap_rule: str | None = None
    in_play: bool = True
    cost_source: str | None = None
    yield_source: str | None = None


@dataclass
class ScenarioSettings:
    """Everything a scenario fixes. ``None`` means "the default computed from the data"."""

    financial_year: str | None = None
    roles: list[RoleSetting] = field(default_factory=list)
    budget_gbp: float | None = DEFAULT_BUDGET_GBP
    budget_mode: str = "pooled"
    objective: str = "weighted"
    target_rate: float | None = None
    need_uplift: str = "none"
    priority_mode: str = "quintile"
    priority_weights_by_quintile: dict[int, float] = field(
        default_factory=lambda: {1: 2.0, 2: 1.6, 3: 1.3, 4: 1.1, 5: 1.0}
    )
    commissioned_appointment_cost_gbp: float = 45.0
    commissioned_cap_share: float = 0.1
    dental_budget_gbp: float = 250_000.0
    dental_pooled: bool = False
    #: UDAs per head target; ``None`` = the area's current UDAs contracted per head (assumption).
    dental_target_per_head: float | None = None
    #: Most extra UDAs a place's providers could deliver, as a share of contracted (assumption).
    dental_max_extra_share: float = 0.10
    #: Recruitment pool of a role whose pool is blank, in WTE per 100,000 weighted patients of
    #: the area (assumption: roughly what a system can recruit of one role in a year; about
    #: 10 WTE for the Black Country). ``None`` leaves blank pools unlimited.
    default_pool_wte_per_100k: float | None = 0.75
    locks: list[dict] = field(default_factory=list)
    caps: list[dict] = field(default_factory=list)
    imd_edition: str | None = None
    appointment_months: int = 12
    icb_codes: list[str] = field(default_factory=list)
    sub_icb_codes: list[str] = field(default_factory=list)
    solver: str = "highs"
    time_limit_s: float = 30.0
    mip_gap: float = 1e-4

    def analysis_options(self) -> AnalysisOptions:
        return AnalysisOptions(
            imd_edition=self.imd_edition,
            appointment_months=self.appointment_months,
            target_rate=self.target_rate,
            icb_codes=tuple(self.icb_codes),
            sub_icb_codes=tuple(self.sub_icb_codes),
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["priority_weights_by_quintile"] = {
            str(k): v for k, v in self.priority_weights_by_quintile.items()
        }
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioSettings:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["roles"] = [RoleSetting(**r) for r in data.get("roles", [])]
        if "priority_weights_by_quintile" in values:
            values["priority_weights_by_quintile"] = {
                int(k): float(v) for k, v in values["priority_weights_by_quintile"].items()
            }
        return cls(**values)
