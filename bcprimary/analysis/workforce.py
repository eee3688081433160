"""Workforce: practice staff per 10,000 weighted patients, PCN ARRS staff by role, and ARRS
entitlement set against the cost of the ARRS staff already in post."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from bcprimary.analysis.access import UNALLOCATED, AccessPicture
from bcprimary.catalogue import entitlement_rate, planning_year, role_catalogue, staff_role_map
from bcprimary.db.models import PcnWorkforce


def arrs_staff_by_role(session: Session, picture: AccessPicture) -> pd.DataFrame:
    """pcn_code, staff_role, role_code, fte for the PCNs of the picture (latest snapshot)."""
    snapshot = picture.resolved.pcn_workforce_date
    columns = ["pcn_code", "staff_group", "staff_role", "role_code", "fte"]
    if snapshot is None:
        return pd.DataFrame(columns=columns)
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
    return table[columns]


def arrs_entitlement(
    session: Session, picture: AccessPicture, year: str | None = None
) -> pd.DataFrame:
    """Per PCN: weighted list, entitlement, ARRS FTE and cost in post, headroom.

    Cost in post values each FTE at the catalogue's maximum reimbursable amount for its role
    in the planning year — an upper estimate, since actual salaries may be lower.
    """
    year = planning_year(session, year)
    rate, _source = entitlement_rate(session, year)
    costs = role_catalogue(session, year)
    cost_of = dict(zip(costs.get("role_code", []), costs.get("annual_cost_gbp", []), strict=True))
    staff = arrs_staff_by_role(session, picture)
    staff = staff[staff["role_code"].notna()]
    staff["cost"] = staff["fte"] * staff["role_code"].map(cost_of).fillna(0)
    in_post = staff.groupby("pcn_code")[["fte", "cost"]].sum()
    pcns = picture.pcns[picture.pcns["code"] != UNALLOCATED]
    table = pcns[["code", "name", "place", "weighted_patients"]].copy()
    table["financial_year"] = year
    table["arrs_entitlement_gbp"] = table["weighted_patients"] * (rate or 0.0)
    table["arrs_fte"] = table["code"].map(in_post["fte"]).fillna(0.0)
    table["arrs_in_post_cost_gbp"] = table["code"].map(in_post["cost"]).fillna(0.0)
    table["arrs_headroom_gbp"] = table["arrs_entitlement_gbp"] - table["arrs_in_post_cost_gbp"]
    return table.reset_index(drop=True)
