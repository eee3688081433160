"""Dental activity by place: UDAs contracted and delivered per head, delivery share.

Dental contracts carry a postcode but no place. A contract is placed where the GP practices
sharing its postcode district (the outward code, e.g. DY8) hold most registered patients; the
registered GP population of the place is the denominator of "per head". Contracts whose
district has no practice in the area are listed as unplaced, never dropped.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bcprimary.analysis.access import UNALLOCATED_PLACE, AccessPicture
from bcprimary.db.models import DentalContract

UNPLACED = "Unplaced (postcode district not in the area)"
DENTAL_PLACE_COLUMNS = [
    "place",
    "activity_year",
    "contracts",
    "population",
    "uda_contracted",
    "uda_delivered",
    "udas_per_head",
    "uda_delivery_share",
    "uda_financial_value_gbp",
    "uda_value_gbp",
]


def postcode_district(postcode: object) -> str | None:
    text = str(postcode or "").strip().upper()
    return text.split()[0] if " " in text else (text[:-3] if len(text) > 4 else None)


def dental_contracts(session: Session, picture: AccessPicture) -> pd.DataFrame:
    """The latest activity year's contracts of the picture's ICBs, each with its place."""
    year = session.execute(select(func.max(DentalContract.activity_year))).scalar()
    columns = [c.name for c in DentalContract.__table__.columns if c.name != "import_id"]
    if year is None:
        return pd.DataFrame(columns=[*columns, "place", "uda_delivered"])
    icbs = set(picture.practices["icb_code"].dropna())
    query = select(DentalContract).where(DentalContract.activity_year == year)
    rows = session.execute(query).scalars().all()
    frame = pd.DataFrame([{c: getattr(r, c) for c in columns} for r in rows])
    if icbs:
        frame = frame[frame["icb_code"].isin(icbs)]
    practices = picture.practices[picture.practices["place"] != UNALLOCATED_PLACE].copy()
    practices["district"] = practices["postcode"].map(postcode_district)
    by_district = (
        practices.groupby(["district", "place"])["registered_patients"]
        .sum()
        .reset_index()
        .sort_values("registered_patients", ascending=False)
        .drop_duplicates("district")
        .set_index("district")["place"]
    )
    frame["place"] = frame["postcode"].map(postcode_district).map(by_district).fillna(UNPLACED)
    frame["uda_delivered"] = frame["uda_contracted"] * frame["uda_delivered_share"]
    return frame.reset_index(drop=True)


def dental_by_place(session: Session, picture: AccessPicture) -> pd.DataFrame:
    """place, contracts, UDAs contracted/delivered, population, UDAs per head, delivery share."""
    contracts = dental_contracts(session, picture)
    if contracts.empty:
        return pd.DataFrame(columns=DENTAL_PLACE_COLUMNS)
    places = picture.places[picture.places["code"] != UNALLOCATED_PLACE]
    population = places.set_index("code")["registered_patients"]
    table = (
        contracts.groupby("place")
        .agg(
            contracts=("contract_number", "count"),
            uda_contracted=("uda_contracted", "sum"),
            uda_delivered=("uda_delivered", "sum"),
            uda_financial_value_gbp=("uda_financial_value_gbp", "sum"),
        )
        .reindex(population.index.union(contracts["place"].unique()))
        .fillna(0)
        .astype(float)
    )
    table["population"] = population.reindex(table.index)
    table["udas_per_head"] = table["uda_contracted"] / table["population"]
    table["uda_delivery_share"] = table["uda_delivered"] / table["uda_contracted"]
    table["uda_value_gbp"] = table["uda_financial_value_gbp"] / table["uda_contracted"]
    table["activity_year"] = contracts["activity_year"].iloc[0] if len(contracts) else None
    return table.rename_axis("place").reset_index()[DENTAL_PLACE_COLUMNS]
