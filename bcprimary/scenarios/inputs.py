"""From the database and a scenario's settings to the optimiser's :class:`PlanParameters`.

The settings' `PlanOptions` go to the solver as they are, with the target rate filled in from
the access picture (which computed its targets with the same options), so the plan's "access gap
before" is the picture's access gap."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bcprimary.analysis.access import UNALLOCATED, AccessPicture, build_access_picture
from bcprimary.analysis.demand import pcn_demand_need_factors
from bcprimary.analysis.dental import dental_by_place
from bcprimary.analysis.workforce import arrs_entitlement
from bcprimary.catalogue import cap_for_pcn, planning_year, role_catalogue
from bcprimary.db.models import RegisteredPatients, WeightedList
from bcprimary.scenarios.settings import RoleSetting, ScenarioSettings
from solver.options import PlanOptions
from solver.parameters import Cap, DentalPlaceInput, PCNInput, PlanParameters, RoleInput


class ScenarioDataError(ValueError):
    """The database lacks what a plan needs (said in plain words)."""


@dataclass(frozen=True)
class PlanInputs:
    """What one solve starts from: the parameters and the data and settings behind them."""

    parameters: PlanParameters
    picture: AccessPicture
    settings: ScenarioSettings
    financial_year: str | None


def catalogue_roles(session: Session, year: str | None = None) -> list[RoleSetting]:
    """The role table a new scenario starts from: the catalogue of the planning year."""
    catalogue = role_catalogue(session, year)
    return [
        RoleSetting(
            code=row.role_code,
            name=row.role_name,
            annual_cost_gbp=float(row.annual_cost_gbp),
            appointments_per_wte_month=float(row.appointments_per_wte_month),
            cap_rule=_text(row.cap_rule),
            cost_source=_text(row.cost_source),
            yield_source=_text(row.yield_source),
        )
        for row in catalogue.itertuples()
    ]


def _text(value: object) -> str | None:
    """Catalogue text cells: pandas gives NaN for blanks."""
    return value if isinstance(value, str) and value.strip() else None


def default_settings(session: Session) -> ScenarioSettings:
    """A new scenario: the planning year's catalogue, with each role's recruitment pool filled
    in from the default rule so the role table shows the figure the solve will use."""
    year = planning_year(session)
    settings = ScenarioSettings(financial_year=year, roles=catalogue_roles(session, year))
    weighted = loaded_weighted_patients(session)
    if weighted > 0 and settings.options.default_pool_wte_per_100k is not None:
        roles = tuple(
            replace(role, recruitment_pool_wte=default_pool(role, settings.options, weighted))
            for role in settings.roles
        )
        settings = replace(settings, roles=roles)
    return settings


def loaded_weighted_patients(session: Session) -> float:
    """Weighted list of the practices in the latest registered-patients snapshot."""
    snapshot = session.execute(select(func.max(RegisteredPatients.snapshot_date))).scalar()
    year = session.execute(select(func.max(WeightedList.financial_year))).scalar()
    if snapshot is None or year is None:
        return 0.0
    total = session.execute(
        select(func.sum(WeightedList.weighted_patients))
        .join(
            RegisteredPatients,
            RegisteredPatients.practice_code == WeightedList.practice_code,
        )
        .where(RegisteredPatients.snapshot_date == snapshot, WeightedList.financial_year == year)
    ).scalar()
    return float(total or 0.0)


def default_pool(role: RoleSetting, options: PlanOptions, area_weighted: float) -> float:
    """The default recruitment pool: a stated rate per 100,000 weighted patients, in steps."""
    pool = (options.default_pool_wte_per_100k or 0.0) * area_weighted / 100_000
    return max(role.step_wte, round(pool / role.step_wte) * role.step_wte)


def build_plan_inputs(session: Session, settings: ScenarioSettings) -> PlanInputs:
    """The optimiser's parameters for ``settings`` on the data loaded now."""
    year = planning_year(session, settings.financial_year)
    if not settings.roles:
        settings = replace(settings, roles=tuple(catalogue_roles(session, year)))
    picture = build_access_picture(session, settings.analysis_options())
    pcns = picture.pcns[picture.pcns["code"] != UNALLOCATED]
    if pcns.empty:
        raise ScenarioDataError(
            "No PCNs are loaded: import a registered-patients file and a practice→PCN map first."
        )
    if pcns["appointments_per_month"].isna().all():
        raise ScenarioDataError(
            "No appointments are loaded: import at least one Appointments in General Practice "
            "practice-level crosstab month first."
        )
    entitlement = arrs_entitlement(session, picture, year).set_index("code")
    options = settings.options
    roles = [r for r in settings.roles if r.in_play]
    pcn_inputs = tuple(_pcn_input(row, entitlement) for row in pcns.itertuples())
    if settings.demand_need:  # the optional demand term of the need adjustment
        factors = pcn_demand_need_factors(
            session, picture, settings.demand_need_beta, settings.demand_need_z_cap
        )
        pcn_inputs = tuple(
            replace(p, need_index=p.need_index * factors.get(p.code, 1.0)) for p in pcn_inputs
        )
    area_weighted = sum(p.weighted_patients for p in pcn_inputs)
    parameters = PlanParameters(
        pcns=pcn_inputs,
        roles=tuple(_role_input(r, options, area_weighted) for r in roles),
        locks=settings.locks,
        caps=_caps(roles, pcn_inputs, settings.caps),
        dental=_dental(session, picture, options),
        options=replace(options, target_rate=picture.target_rate),
    )
    return PlanInputs(parameters, picture, settings, year)


def _number(value: object, default: float = 0.0) -> float:
    try:
        result = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(result) else result


def _pcn_input(row, entitlement: pd.DataFrame) -> PCNInput:
    quintile = _number(row.imd_quintile, 3)
    decile = _number(row.imd_decile, 5)
    return PCNInput(
        code=row.code,
        name=str(row.name),
        place=str(row.place),
        weighted_patients=_number(row.weighted_patients),
        registered_patients=_number(row.registered_patients),
        deprivation_score=_number(row.imd_score, float("nan")),
        imd_quintile=int(quintile),
        imd_decile=int(decile),
        current_appointments=_number(row.appointments_per_month),
        entitlement_gbp=_number(entitlement["arrs_entitlement_gbp"].get(row.code)),
        arrs_spend_in_post_gbp=_number(entitlement["arrs_in_post_cost_gbp"].get(row.code)),
    )


def _role_input(role: RoleSetting, options: PlanOptions, area_weighted: float) -> RoleInput:
    pool = role.recruitment_pool_wte
    if pool is None and options.default_pool_wte_per_100k is not None:
        pool = default_pool(role, options, area_weighted)
    fixed_cap = None
    if role.cap_rule and "per pcn" in role.cap_rule.lower():
        fixed_cap = cap_for_pcn(role.cap_rule, 0.0)
    return RoleInput(
        code=role.code,
        name=role.name,
        annual_cost_gbp=float(role.annual_cost_gbp),
        appointments_per_wte_month=float(role.appointments_per_wte_month),
        step_wte=float(role.step_wte),
        recruitment_pool_wte=pool,
        max_wte_per_pcn=fixed_cap,
    )


def _caps(
    roles: list[RoleSetting], pcns: tuple[PCNInput, ...], overrides: tuple[Cap, ...]
) -> tuple[Cap, ...]:
    """Caps that depend on list size (e.g. '1 WTE per 50000 patients'), then user overrides."""
    caps: dict[tuple[str, str], float] = {}
    for role in roles:
        if role.cap_rule and "patients" in role.cap_rule.lower():
            for pcn in pcns:
                cap = cap_for_pcn(role.cap_rule, pcn.weighted_patients)
                # Round down to the role's step so the cap is reachable in whole steps.
                caps[(pcn.code, role.code)] = math.floor(cap / role.step_wte) * role.step_wte
    for cap in overrides:
        caps[(cap.pcn_code, cap.role_code)] = float(cap.max_wte)
    return tuple(Cap(p, r, v) for (p, r), v in sorted(caps.items()))


def _dental(
    session: Session, picture: AccessPicture, options: PlanOptions
) -> tuple[DentalPlaceInput, ...]:
    table = dental_by_place(session, picture)
    table = table[(table["population"] > 0) & (table["uda_contracted"] > 0)]
    if table.empty:
        return ()
    target = options.dental_target_per_head
    if target is None:
        target = table["uda_contracted"].sum() / table["population"].sum()
    return tuple(
        DentalPlaceInput(
            place=row.place,
            population=float(row.population),
            udas_contracted=float(row.uda_contracted),
            uda_target_per_head=float(target),
            uda_value_gbp=float(row.uda_value_gbp),
            max_extra_udas=float(row.uda_contracted * options.dental_max_extra_share),
        )
        for row in table.itertuples()
    )
