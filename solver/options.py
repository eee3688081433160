"""The knobs of a plan: one frozen dataclass, one default per knob (DESIGN §5).

`PlanOptions` is what a user chooses about a plan — target, budget, weights, levers, solver — as
opposed to the data it is solved on (`solver.parameters.PlanParameters` carries both). The app's
scenario settings hold one `PlanOptions`; the access picture reads its target and need uplift
from one too, so the same knob gives the same number everywhere. Defaults that are assumptions
rather than published figures say so.

Monetary amounts are pounds per year unless the name says otherwise; appointments are per month.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

NeedUplift = Literal["none", "quintile", "score"]
PriorityMode = Literal["quintile", "score"]
BudgetMode = Literal["pooled", "entitlement"]
ObjectiveKind = Literal["weighted", "equity"]
SolverName = Literal["highs", "cbc"]

#: The budget of a new scenario: "what if we had £2m more for ARRS roles?"
DEFAULT_BUDGET_GBP = 2_000_000.0
#: Names older stored layouts used for a knob.
_RENAMED = {"target_rate_per_1000_weighted": "target_rate"}
_QUINTILE_MAPS = ("uplift_by_quintile", "priority_weights_by_quintile")


def _default_uplift_by_quintile() -> dict[int, float]:
    return {1: 1.10, 2: 1.05, 3: 1.0, 4: 1.0, 5: 1.0}


def _default_priority_by_quintile() -> dict[int, float]:
    return {1: 2.0, 2: 1.6, 3: 1.3, 4: 1.1, 5: 1.0}


@dataclass(frozen=True)
class PlanOptions:
    """Everything a user chooses about a plan. Fill it in; never mutate it (use `replace`)."""

    target_rate: float | None = None
    """Target appointments per month per 1,000 weighted patients (τ). None: the upper quartile
    of the loaded PCNs' rates, filled in from the data before a solve."""
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
    budget_gbp: float | None = DEFAULT_BUDGET_GBP
    """Annual budget (B). Required in pooled mode; in entitlement mode an optional overall cap."""
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
    dental_budget_gbp: float = 250_000.0
    """Separate annual dental budget when `dental_pooled` is False."""
    dental_weight: float = 1.0
    """Weight of the share of UDA shortfall remaining against the share of weighted access gap
    remaining in the objective (assumption: equal importance)."""
    dental_target_per_head: float | None = None
    """Target UDAs per head per year; None: the area's current UDAs contracted per head
    (assumption). Read when the dental places are built from the data."""
    dental_max_extra_share: float = 0.10
    """Most extra UDAs a place's providers could deliver, as a share of contracted
    (assumption). Read when the dental places are built from the data."""
    default_pool_wte_per_100k: float | None = 0.75
    """Recruitment pool of a role whose pool is blank, in WTE per 100,000 weighted patients of
    the area (assumption: roughly what a system can recruit of one role in a year; about 10 WTE
    for the Black Country). None leaves blank pools unlimited."""
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
        object.__setattr__(self, "deprivation_score_range", tuple(self.deprivation_score_range))
        for name in _QUINTILE_MAPS:
            mapping = getattr(self, name)
            object.__setattr__(self, name, {int(k): float(v) for k, v in mapping.items()})

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict (quintile keys become strings, tuples become lists)."""
        data = asdict(self)
        for name in _QUINTILE_MAPS:
            data[name] = {str(k): v for k, v in data[name].items()}
        data["deprivation_score_range"] = list(self.deprivation_score_range)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PlanOptions:
        """Inverse of `to_dict`. Unknown keys are ignored and renamed knobs are read under their
        old names, so the flat layouts stored before options had their own type still load."""
        known = {f.name for f in fields(cls)}
        values = {_RENAMED.get(k, k): v for k, v in data.items()}
        return cls(**{k: v for k, v in values.items() if k in known})


def option_names() -> frozenset[str]:
    """Every knob's name, old names included (to split a flat stored dict)."""
    return frozenset({f.name for f in fields(PlanOptions)} | set(_RENAMED))


def nest_options(data: dict[str, Any]) -> dict[str, Any]:
    """A stored dict with the knobs at top level (the layout before `PlanOptions`) → the same
    dict with them under ``"options"``. A dict that already has ``"options"`` is returned as is."""
    if "options" in data:
        return dict(data)
    names = option_names()
    nested = {k: v for k, v in data.items() if k not in names}
    nested["options"] = PlanOptions.from_dict(
        {k: v for k, v in data.items() if k in names}
    ).to_dict()
    return nested
