"""The access picture: practice, PCN, place and area metrics from the loaded data (DESIGN §3).

Practices are the unit everything is built from; PCNs, places and the area are sums of their
practices (patients, appointments, staff) with rates recomputed from the sums and IMD as the
list-weighted mean. Targets and gaps are set at PCN level — the unit the plan allocates to —
and a place's or the area's gap is the sum of its PCNs' gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from bcprimary.analysis import loaders
from bcprimary.analysis.inequality import (
    cut_points,
    group_of,
    national_groups,
    quintile_gap,
    slope_index_of_inequality,
)
from bcprimary.analysis.options import AnalysisOptions, ResolvedOptions, resolve
from bcprimary.db.repository import (
    UNALLOCATED,
    UNALLOCATED_PLACE,
    pcn_membership_at,
    place_of_pcns,
)
from solver.options import PlanOptions
from solver.targets import access_targets

WORKFORCE_MEASURES = {
    "TOTAL_GP_FTE": "gp_fte",
    "TOTAL_NURSES_FTE": "nurse_fte",
    "TOTAL_DPC_FTE": "dpc_fte",
    "TOTAL_ADMIN_FTE": "admin_fte",
}
#: Sums that aggregate from practices to PCNs, places and the area.
ADDITIVE = [
    "registered_patients",
    "weighted_patients",
    "appointments_per_month",
    "dna_per_month",
    "all_status_per_month",
    "gp_appointments_per_month",
    "face_to_face_per_month",
    "same_day_per_month",
    *WORKFORCE_MEASURES.values(),
]


@dataclass
class AccessPicture:
    """Everything the Overview, tables, exports and the optimiser read."""

    resolved: ResolvedOptions
    practices: pd.DataFrame
    pcns: pd.DataFrame
    places: pd.DataFrame
    area: dict
    target_rate: float
    quintile_points: np.ndarray
    decile_points: np.ndarray


def build_access_picture(session: Session, options: AnalysisOptions | None = None) -> AccessPicture:
    resolved = resolve(session, options)
    options = resolved.options
    practices = _practice_base(session, resolved)
    scores = loaders.practice_scores(session, resolved.imd_edition)
    scores["imd_quintile"] = national_groups(scores["imd_score"], 5)
    scores["imd_decile"] = national_groups(scores["imd_score"], 10)
    practices = practices.merge(scores, on="code", how="left")
    practices["imd_edition"] = resolved.imd_edition
    practices = practices.merge(_appointments(session, resolved), on="code", how="left")
    practices = practices.merge(_workforce(session, resolved), on="code", how="left")
    practices = add_rates(practices)
    q_points = cut_points(scores["imd_score"], 5)
    d_points = cut_points(scores["imd_score"], 10)

    pcns = aggregate(practices, "pcn_code", q_points, d_points)
    names = practices.groupby("pcn_code")[["pcn_name", "place"]].first()
    pcns = pcns.join(names, on="code").rename(columns={"pcn_name": "name"})
    pcns["pcn_code"] = pcns["code"]
    target = options.plan.target_rate
    if target is None:
        target = default_target_rate(pcns)
    pcns["target_rate"] = target
    for table in (pcns, practices):
        _add_targets(table, options.plan, target)

    places = aggregate(practices, "place", q_points, d_points)
    places["name"] = places["code"]
    pcn_gaps = pcns.groupby("place")[["target_appointments", "access_gap"]].sum()
    places = places.join(pcn_gaps, on="code")
    places["pcns"] = (
        places["code"]
        .map(pcns[pcns["code"] != UNALLOCATED].groupby("place").size())
        .fillna(0)
        .astype(int)
    )

    area = _area_summary(practices, pcns, resolved, target)
    return AccessPicture(resolved, practices, pcns, places, area, target, q_points, d_points)


def _add_targets(table: pd.DataFrame, plan: PlanOptions, target: float) -> None:
    """Target and gap of each row, by the one formula the optimiser uses (`solver.targets`)."""
    targets = access_targets(
        plan,
        target,
        table["weighted_patients"].to_numpy(dtype=float),
        table["appointments_per_month"].to_numpy(dtype=float),
        table["imd_quintile"].to_numpy(dtype=float),
        table["imd_score"].to_numpy(dtype=float),
    )
    table["target_appointments"] = targets.target
    table["access_gap"] = targets.access_gap


def default_target_rate(pcns: pd.DataFrame) -> float:
    """The upper quartile of PCN appointments per 1,000 weighted patients (PCNs with data)."""
    rates = pcns.loc[pcns["code"] != UNALLOCATED, "appointments_per_1000_weighted"].dropna()
    return float(rates.quantile(0.75)) if not rates.empty else float("nan")


def _practice_base(session: Session, resolved: ResolvedOptions) -> pd.DataFrame:
    options = resolved.options
    practices = loaders.registered(session, resolved.registered_date)
    if options.icb_codes:
        practices = practices[practices["icb_code"].isin(options.icb_codes)]
    if options.sub_icb_codes:
        practices = practices[practices["sub_icb_code"].isin(options.sub_icb_codes)]
    membership = pcn_membership_at(session, resolved.registered_date)
    practices = practices.merge(
        membership.rename(columns={"practice_code": "code"}), on="code", how="left"
    )
    practices["pcn_code"] = practices["pcn_code"].fillna(UNALLOCATED)
    practices = practices.merge(loaders.pcn_names(session), on="pcn_code", how="left")
    places = place_of_pcns(session)
    practices = practices.merge(places, on="pcn_code", how="left")
    unallocated = practices["pcn_code"] == UNALLOCATED
    practices.loc[unallocated, "place"] = UNALLOCATED_PLACE
    practices.loc[unallocated, "pcn_name"] = "Unallocated (no PCN)"
    practices["place"] = practices["place"].fillna(practices["sub_icb_code"])
    if options.places:
        practices = practices[practices["place"].isin(options.places)]
    weighted = loaders.weighted(session, resolved.weighted_year)
    practices = practices.merge(weighted, on="code", how="left")
    missing = practices["weighted_patients"].isna() | (practices["weighted_patients"] <= 0)
    known = practices[~missing]
    ratio = (
        known["weighted_patients"].sum() / known["registered_patients"].sum()
        if not known.empty
        else 1.0
    )
    practices["weighted_estimated"] = missing
    practices.loc[missing, "weighted_patients"] = (
        practices.loc[missing, "registered_patients"] * ratio
    )
    return practices.reset_index(drop=True)


def _appointments(session: Session, resolved: ResolvedOptions) -> pd.DataFrame:
    """Monthly means per practice over the months it has data in the window."""
    monthly = loaders.practice_month_totals(session, resolved.appointment_months)
    renamed = {
        "appointments": "appointments_per_month",
        "dna": "dna_per_month",
        "all_status": "all_status_per_month",
        "gp_appointments": "gp_appointments_per_month",
        "face_to_face": "face_to_face_per_month",
        "same_day": "same_day_per_month",
    }
    grouped = monthly.drop(columns="month").groupby("code")
    means = grouped.mean().rename(columns=renamed)
    means["appointment_months"] = grouped.size()
    return means.reset_index()


def _workforce(session: Session, resolved: ResolvedOptions) -> pd.DataFrame:
    wide = loaders.practice_workforce(
        session, resolved.practice_workforce_date, list(WORKFORCE_MEASURES)
    )
    return wide.rename(columns=WORKFORCE_MEASURES)


def aggregate(
    practices: pd.DataFrame, by: str, q_points: np.ndarray, d_points: np.ndarray
) -> pd.DataFrame:
    """Sum practices by ``by`` and recompute rates; IMD is the list-weighted mean."""
    present = [c for c in ADDITIVE if c in practices]
    grouped = practices.groupby(by, dropna=False)
    # min_count=1 keeps "no data" (NaN) apart from a true zero.
    table = grouped[present].sum(min_count=1)
    table["practices"] = grouped.size()
    scored = practices.dropna(subset=["imd_score"])
    weight = scored["registered_patients"]
    table["imd_score"] = (scored["imd_score"] * weight).groupby(scored[by]).sum() / weight.groupby(
        scored[by]
    ).sum()
    core20 = scored["registered_patients"].where(scored["imd_quintile"] == 1, 0)
    table["core20_share"] = core20.groupby(scored[by]).sum() / weight.groupby(scored[by]).sum()
    table["appointment_months"] = (
        grouped["appointment_months"].max() if ("appointment_months" in practices) else np.nan
    )
    table = table.reset_index().rename(columns={by: "code"})
    table["imd_edition"] = practices["imd_edition"].iloc[0] if len(practices) else None
    table["imd_quintile"] = [group_of(s, q_points) for s in table["imd_score"]]
    table["imd_decile"] = [group_of(s, d_points) for s in table["imd_score"]]
    return add_rates(table)


def add_rates(table: pd.DataFrame) -> pd.DataFrame:
    """Rates from the summed columns (works for practices and every aggregate)."""
    appts = table.get("appointments_per_month")
    if appts is None:
        return table
    with np.errstate(divide="ignore", invalid="ignore"):
        table["appointments_per_1000_registered"] = appts / table["registered_patients"] * 1000
        table["appointments_per_1000_weighted"] = appts / table["weighted_patients"] * 1000
        table["gp_share"] = table["gp_appointments_per_month"] / appts
        table["face_to_face_share"] = table["face_to_face_per_month"] / appts
        table["same_day_share"] = table["same_day_per_month"] / appts
        table["dna_rate"] = table["dna_per_month"] / table["all_status_per_month"]
        for measure in WORKFORCE_MEASURES.values():
            if measure in table:
                table[f"{measure}_per_10k_weighted"] = (
                    table[measure] / table["weighted_patients"] * 10000
                )
    return table.replace([np.inf, -np.inf], np.nan)


def _area_summary(
    practices: pd.DataFrame, pcns: pd.DataFrame, resolved: ResolvedOptions, target: float
) -> dict:
    with_appts = practices.dropna(subset=["appointments_per_month"])
    registered = float(practices["registered_patients"].sum())
    weighted = float(practices["weighted_patients"].sum())
    has_appts = not with_appts.empty
    # The area's gap is what a plan can close: its PCNs' gaps (practices without a PCN keep
    # their own gap in the practice table), so the Access view and the plan show one number.
    planned = pcns[pcns["code"] != UNALLOCATED]
    # Without appointment data these are unknown, not zero.
    appts = float(with_appts["appointments_per_month"].sum()) if has_appts else None
    all_status = float(with_appts["all_status_per_month"].sum()) if has_appts else None
    return {
        "practices": len(practices),
        "pcns": int((pcns["code"] != UNALLOCATED).sum()),
        "unallocated_practices": int((practices["pcn_code"] == UNALLOCATED).sum()),
        "places": int(practices.loc[practices["pcn_code"] != UNALLOCATED, "place"].nunique()),
        "registered_patients": registered,
        "weighted_patients": weighted,
        "appointments_per_month": appts,
        "appointments_per_1000_registered": (
            appts / registered * 1000 if appts is not None and registered else None
        ),
        "appointments_per_1000_weighted": (
            appts / with_appts["weighted_patients"].sum() * 1000 if appts else None
        ),
        "gp_share": float(with_appts["gp_appointments_per_month"].sum()) / appts if appts else None,
        "dna_rate": float(with_appts["dna_per_month"].sum()) / all_status if all_status else None,
        "target_rate": target,
        "target_appointments": float(planned["target_appointments"].sum()) if has_appts else None,
        "access_gap": float(planned["access_gap"].sum()) if has_appts else None,
        "sii": slope_index_of_inequality(
            with_appts["appointments_per_month"],
            with_appts["weighted_patients"],
            with_appts["imd_decile"],
        ),
        "quintile_gap": quintile_gap(
            with_appts["appointments_per_month"],
            with_appts["weighted_patients"],
            with_appts["imd_quintile"],
        ),
        "imd_edition": resolved.imd_edition,
        "snapshots": resolved.describe(),
    }
