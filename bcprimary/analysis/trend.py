"""Monthly appointments for the whole area, a PCN or a place (the Access view's trend)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from bcprimary.analysis import loaders
from bcprimary.analysis.access import AccessPicture
from bcprimary.db.models import AppointmentMonth


def monthly_trend(
    session: Session, picture: AccessPicture, level: str = "area", code: str | None = None
) -> pd.DataFrame:
    """month, appointments, dna, appointments_per_1000_weighted for every loaded month.

    ``level`` is "area", "pcn" or "place"; the unit's practices are those of the picture
    (membership at its date), so the trend follows today's PCN for every month.
    """
    months = tuple(
        m for (m,) in session.query(AppointmentMonth.month).order_by(AppointmentMonth.month)
    )
    practices = picture.practices
    if level == "pcn":
        practices = practices[practices["pcn_code"] == code]
    elif level == "place":
        practices = practices[practices["place"] == code]
    monthly = loaders.practice_month_totals(session, months)
    monthly = monthly[monthly["code"].isin(practices["code"])]
    columns = ["month", "appointments", "dna", "appointments_per_1000_weighted"]
    if monthly.empty:
        return pd.DataFrame(columns=columns)
    table = monthly.groupby("month")[["appointments", "dna"]].sum().reset_index()
    table["appointments_per_1000_weighted"] = (
        table["appointments"] / practices["weighted_patients"].sum() * 1000
    )
    return table[columns]
