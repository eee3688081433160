"""Workforce: practice staff per 10,000 weighted patients, PCN ARRS staff by role, and ARRS
entitlement set against the cost of the ARRS staff already in post.

Staff in post come from the newest PCN workforce snapshot loaded. A snapshot older than the
plan year is scaled by national ARRS growth (a stated assumption), flagged when more than a
year old, and every PCN without workforce rows is flagged, not given its whole entitlement
as headroom.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from bcprimary.analysis.access import UNALLOCATED, AccessPicture
from bcprimary.catalogue import (
    entitlement,
    national_arrs_fte,
    planning_year,
    role_catalogue,
    staff_role_map,
    year_start,
)
from bcprimary.db.models import PcnWorkforce

#: A snapshot this many days older than the plan year's start is flagged as stale.
STALE_AFTER_DAYS = 365


class UncostedRoleError(ValueError):
    """A staff role in post maps to a catalogue role with no cost for the plan year."""

    def __init__(self, staff_role: str, role_code: str, year: str) -> None:
        self.staff_role, self.role_code, self.year = staff_role, role_code, year
        super().__init__(
            f"Staff role '{staff_role}' maps to ARRS role '{role_code}', which has no "
            f"{year} cost in the role catalogue: add the role's {year} maximum reimbursable "
            "amount (or mark it not ARRS-eligible) before costing staff in post."
        )


def arrs_staff_by_role(session: Session, picture: AccessPicture) -> pd.DataFrame:
    """pcn_code, staff_role, role_code, fte for the PCNs of the picture (newest snapshot).

    ``table.attrs["snapshot_date"]`` is the snapshot used (``None`` if none is loaded).
    """
    snapshot = picture.resolved.pcn_workforce_date
    columns = ["pcn_code", "staff_group", "staff_role", "role_code", "fte"]
    if snapshot is None:
        empty = pd.DataFrame(columns=columns)
        empty.attrs["snapshot_date"] = None
        return empty
    rows = session.execute(
        select(
            PcnWorkforce.pcn_code,
            PcnWorkforce.staff_group,
            PcnWorkforce.staff_role,
            PcnWorkforce.fte,
        ).where(PcnWorkforce.snapshot_date == snapshot)
    ).all()
    frame = pd.DataFrame(rows, columns=["pcn_code", "staff_group", "staff_role", "fte"])
    frame = frame[frame["pcn_code"].isin(picture.pcns["code"])]
    frame["role_code"] = frame["staff_role"].map(staff_role_map())
    grouped = frame.groupby(["pcn_code", "staff_group", "staff_role"], dropna=False)
    table = grouped.agg(role_code=("role_code", "first"), fte=("fte", "sum")).reset_index()
    table = table[columns]
    table.attrs["snapshot_date"] = snapshot
    return table


def national_growth(snapshot: dt.date, year: str) -> tuple[float, str]:
    """National ARRS FTE at the plan year's start over that at the snapshot, and why.

    Read on a straight line between the dates of ``resources/arrs_national_fte.csv`` and held
    beyond its ends (an assumption: one area grows as the nation does).
    """
    points = national_arrs_fte()
    if not points:
        return 1.0, "assumption: no national ARRS FTE series, staff in post not scaled"
    days = np.array([p[0].toordinal() for p in points], dtype=float)
    ftes = np.array([p[1] for p in points], dtype=float)
    start = year_start(year)
    before, after = (float(np.interp(d.toordinal(), days, ftes)) for d in (snapshot, start))
    factor = after / before if before > 0 else 1.0
    why = (
        f"assumption: national ARRS FTE grew ×{factor:.2f} from {snapshot:%d %b %Y} "
        f"({before:,.0f} FTE) to {start:%d %b %Y} ({after:,.0f} FTE), sources: "
        + "; ".join(f"{d:%b %Y}: {s}" for d, _, s in points)
    )
    return factor, why


def arrs_entitlement(
    session: Session,
    picture: AccessPicture,
    year: str | None = None,
    fte_growth: float | None = None,
) -> pd.DataFrame:
    """Per PCN: weighted list, entitlement, ARRS FTE and cost in post, headroom.

    Cost in post values each FTE at the catalogue's maximum reimbursable amount for its role
    in the planning year — an upper estimate, since actual salaries may be lower. FTE in post
    is the snapshot's times ``fte_growth`` (default: national ARRS growth from the snapshot to
    the plan year, see :func:`national_growth`; pass 1.0 for none). A PCN with no workforce
    rows (``workforce_missing``) is costed at the area's in-post share of entitlement, so it is
    not shown its whole entitlement as headroom. ``table.attrs`` holds ``snapshot_date``,
    ``fte_growth``, ``growth_source`` and ``warnings`` (plain sentences).

    Raises :class:`UncostedRoleError` for a staff role whose catalogue role has no cost in
    the year.
    """
    year = planning_year(session, year)
    found = entitlement(session, year)
    rate = found.total_gbp_per_weighted_patient if found else 0.0
    staff = arrs_staff_by_role(session, picture)
    snapshot = staff.attrs.get("snapshot_date")
    staff = staff[staff["role_code"].notna()].copy()
    cost_of, eligible = _role_costs(session, year)
    for row in staff.drop_duplicates("staff_role").itertuples():
        if row.role_code not in eligible or (
            eligible[row.role_code] and row.role_code not in cost_of
        ):
            raise UncostedRoleError(row.staff_role, row.role_code, year)
    staff = staff[staff["role_code"].map(eligible).astype(bool)]
    warnings: list[str] = []
    growth, growth_source = 1.0, "no PCN workforce snapshot loaded"
    if snapshot is not None and year:
        if fte_growth is None:
            growth, growth_source = national_growth(snapshot, year)
        else:
            growth, growth_source = float(fte_growth), f"stated growth ×{float(fte_growth):.2f}"
        age = (year_start(year) - snapshot).days
        if age > STALE_AFTER_DAYS:
            warnings.append(
                f"Staff in post come from the PCN workforce snapshot of {snapshot:%d %b %Y}, "
                f"{age / 365.25:.1f} years before {year} starts; FTE are scaled ×{growth:.2f} "
                f"({growth_source.split(', sources')[0]}). Import a newer PCN workforce file."
            )
    staff["cost"] = staff["fte"] * staff["role_code"].map(cost_of)
    in_post = staff.groupby("pcn_code")[["fte", "cost"]].sum()
    pcns = picture.pcns[picture.pcns["code"] != UNALLOCATED]
    table = pcns[["code", "name", "place", "weighted_patients"]].copy()
    table["financial_year"] = year
    table["arrs_entitlement_gbp"] = table["weighted_patients"] * rate
    table["arrs_gp_addon_gbp"] = table["weighted_patients"] * (
        found.gp_addon_gbp_per_weighted_patient if found else 0.0
    )
    table["workforce_snapshot"] = snapshot
    table["workforce_stale"] = bool(warnings)
    table["workforce_missing"] = ~table["code"].isin(in_post.index)
    table["arrs_fte_at_snapshot"] = table["code"].map(in_post["fte"]).fillna(0.0)
    table["fte_growth"] = growth
    table["arrs_fte"] = table["arrs_fte_at_snapshot"] * growth
    table["arrs_in_post_cost_gbp"] = table["code"].map(in_post["cost"]).fillna(0.0) * growth
    _estimate_missing(table, warnings, snapshot)
    table["arrs_headroom_gbp"] = table["arrs_entitlement_gbp"] - table["arrs_in_post_cost_gbp"]
    table = table.reset_index(drop=True)
    table.attrs.update(
        snapshot_date=snapshot, fte_growth=growth, growth_source=growth_source, warnings=warnings
    )
    return table


def _role_costs(session: Session, year: str | None) -> tuple[dict[str, float], dict[str, bool]]:
    """role_code → cost, and role_code → ARRS-eligible, for every catalogue row of the year."""
    catalogue = role_catalogue(session, year, include_all=True)
    if catalogue.empty:
        return {}, {}
    eligible = dict(
        zip(catalogue["role_code"], catalogue["arrs_eligible"].astype(bool), strict=True)
    )
    costed = catalogue[catalogue["annual_cost_gbp"].notna()]
    return dict(zip(costed["role_code"], costed["annual_cost_gbp"], strict=True)), eligible


def _estimate_missing(table: pd.DataFrame, warnings: list[str], snapshot: dt.date | None) -> None:
    """Cost a PCN with no workforce rows at the area's in-post share of entitlement."""
    missing = table["workforce_missing"]
    if snapshot is None or not missing.any():
        return
    reported = table[~missing]
    share = reported["arrs_in_post_cost_gbp"].sum() / max(reported["arrs_entitlement_gbp"].sum(), 1)
    table.loc[missing, "arrs_in_post_cost_gbp"] = table.loc[missing, "arrs_entitlement_gbp"] * share
    names = ", ".join(f"{r.code} {r.name}" for r in table[missing].itertuples())
    warnings.append(
        f"No PCN workforce rows for {names} in the {snapshot:%d %b %Y} snapshot: their staff "
        f"in post are estimated at the area's share ({share:.0%} of entitlement), not zero."
    )
