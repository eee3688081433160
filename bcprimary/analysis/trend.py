"""Monthly appointments for the whole area, a PCN or a place (the Access view's trend)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from bcprimary.analysis import loaders
from bcprimary.analysis.access import COUNTED_STATUSES, AccessPicture
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
    raw = loaders.appointment_totals(session, months)
    raw = raw[raw["code"].isin(practices["code"])]
    columns = ["month", "appointments", "dna", "appointments_per_1000_weighted"]
    if raw.empty:
        return pd.DataFrame(columns=columns)
    counted = raw["count"].where(raw["appt_status"].isin(COUNTED_STATUSES), 0)
    dna = raw["count"].where(raw["appt_status"] == "DNA", 0)
    table = (
        pd.DataFrame({"month": raw["month"], "appointments": counted, "dna": dna})
        .groupby("month")
        .sum()
        .reset_index()
    )
    table["appointments_per_1000_weighted"] = (
        table["appointments"] / practices["weighted_patients"].sum() * 1000
    )
    return table[columns]
