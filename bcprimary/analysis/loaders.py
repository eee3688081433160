"""Reading the stored datasets into plain DataFrames for the metrics (one query each)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bcprimary.db.models import (
    PCN,
    Appointments,
    AppointmentDimension,
    Deprivation,
    Practice,
    PracticeWorkforce,
    RegisteredPatients,
    WeightedList,
)
from bcprimary.importing.validate import PRACTICE_CODE


def _frame(session: Session, query) -> pd.DataFrame:
    result = session.execute(query)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def registered(session: Session, snapshot: dt.date | None) -> pd.DataFrame:
    """code, name, postcode, sub_icb_code, icb_code, registered_patients."""
    if snapshot is None:
        return pd.DataFrame(
            columns=["code", "name", "postcode", "sub_icb_code", "icb_code", "registered_patients"]
        )
    query = (
        select(
            RegisteredPatients.practice_code.label("code"),
            Practice.name,
            RegisteredPatients.postcode,
            RegisteredPatients.sub_icb_code,
            Practice.icb_code,
            RegisteredPatients.patients.label("registered_patients"),
        )
        .join(Practice, Practice.code == RegisteredPatients.practice_code, isouter=True)
        .where(RegisteredPatients.snapshot_date == snapshot)
    )
    return _frame(session, query)


def pcn_names(session: Session) -> pd.DataFrame:
    """pcn_code → pcn_name as last published."""
    return _frame(session, select(PCN.code.label("pcn_code"), PCN.name.label("pcn_name")))


def weighted(session: Session, year: str | None) -> pd.DataFrame:
    """code → weighted_patients for the financial year."""
    query = select(
        WeightedList.practice_code.label("code"), WeightedList.weighted_patients
    ).where(WeightedList.financial_year == year)
    return _frame(session, query)


def practice_scores(session: Session, edition: str | None) -> pd.DataFrame:
    """Every practice's IMD score in the edition (national: used to rank deciles/quintiles)."""
    query = select(Deprivation.area_code.label("code"), Deprivation.score.label("imd_score")).where(
        Deprivation.edition == edition
    )
    frame = _frame(session, query)
    return frame[frame["code"].astype(str).str.match(PRACTICE_CODE)].dropna(subset=["imd_score"])


def appointment_totals(session: Session, months: tuple[dt.date, ...]) -> pd.DataFrame:
    """Appointments summed by month, practice, HCP type, mode, booking lead time and status.

    National category is summed over: no metric needs it, and it multiplies the rows by ~18.
    """
    columns = ["month", "code", "hcp_type", "appt_mode", "lead_time", "appt_status", "count"]
    if not months:
        return pd.DataFrame(columns=columns)
    labels = {
        row.id: row.label
        for row in session.execute(select(AppointmentDimension.id, AppointmentDimension.label))
    }
    a = Appointments
    query = (
        select(
            a.month,
            a.practice_code,
            a.hcp_type,
            a.appt_mode,
            a.time_between_book_and_appt,
            a.appt_status,
            func.sum(a.count),
        )
        .where(a.month.in_(months))
        .group_by(
            a.month,
            a.practice_code,
            a.hcp_type,
            a.appt_mode,
            a.time_between_book_and_appt,
            a.appt_status,
        )
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    for column in ("hcp_type", "appt_mode", "lead_time", "appt_status"):
        frame[column] = frame[column].map(labels)
    return frame


def practice_workforce(session: Session, snapshot: dt.date | None, measures: list[str]) -> pd.DataFrame:
    """code × measure (wide) for the snapshot."""
    if snapshot is None:
        return pd.DataFrame(columns=["code", *measures])
    query = select(
        PracticeWorkforce.practice_code.label("code"),
        PracticeWorkforce.measure,
        PracticeWorkforce.value,
    ).where(PracticeWorkforce.snapshot_date == snapshot, PracticeWorkforce.measure.in_(measures))
    long = _frame(session, query)
    if long.empty:
        return pd.DataFrame(columns=["code", *measures])
    wide = long.pivot_table(index="code", columns="measure", values="value", aggfunc="sum")
    return wide.reindex(columns=measures).reset_index()
