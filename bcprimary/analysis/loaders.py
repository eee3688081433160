"""Reading the stored datasets into plain DataFrames for the metrics (one query each)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bcprimary.db.models import (
    PCN,
    AppointmentDimension,
    Appointments,
    Deprivation,
    Practice,
    PracticeWorkforce,
    RegisteredPatients,
    SubICBLocation,
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
            # A practice no ICB-level file named: the ICB of its sub-ICB location.
            func.coalesce(Practice.icb_code, SubICBLocation.icb_code).label("icb_code"),
            RegisteredPatients.patients.label("registered_patients"),
        )
        .join(Practice, Practice.code == RegisteredPatients.practice_code, isouter=True)
        .join(
            SubICBLocation,
            SubICBLocation.code == RegisteredPatients.sub_icb_code,
            isouter=True,
        )
        .where(RegisteredPatients.snapshot_date == snapshot)
    )
    return _frame(session, query)


def pcn_names(session: Session) -> pd.DataFrame:
    """pcn_code → pcn_name as last published."""
    return _frame(session, select(PCN.code.label("pcn_code"), PCN.name.label("pcn_name")))


def weighted(session: Session, year: str | None) -> pd.DataFrame:
    """code → weighted_patients for the financial year."""
    query = select(WeightedList.practice_code.label("code"), WeightedList.weighted_patients).where(
        WeightedList.financial_year == year
    )
    return _frame(session, query)


def practice_scores(session: Session, edition: str | None) -> pd.DataFrame:
    """Every practice's IMD score in the edition (national: used to rank deciles/quintiles)."""
    query = select(Deprivation.area_code.label("code"), Deprivation.score.label("imd_score")).where(
        Deprivation.edition == edition
    )
    frame = _frame(session, query)
    return frame[frame["code"].astype(str).str.match(PRACTICE_CODE)].dropna(subset=["imd_score"])


#: Labels the metrics need, by dimension kind (spelt as published; ids differ per database).
COUNTED_STATUSES = ("Attended", "Unknown")
PRACTICE_MONTH_COLUMNS = [
    "code",
    "month",
    "appointments",
    "dna",
    "all_status",
    "gp_appointments",
    "face_to_face",
    "same_day",
]


def _dimension_ids(session: Session, kind: str, labels: tuple[str, ...]) -> list[int]:
    query = select(AppointmentDimension.id).where(
        AppointmentDimension.kind == kind, AppointmentDimension.label.in_(labels)
    )
    return list(session.execute(query).scalars()) or [-1]


def practice_month_totals(session: Session, months: tuple[dt.date, ...]) -> pd.DataFrame:
    """Per practice and month: appointments (attended + unknown status), DNAs, all statuses,
    and the attended + unknown appointments with a GP, face to face, and booked the same day.

    Summed in the database: a national month is ~8 million rows, the answer ~6,000.
    """
    if not months:
        return pd.DataFrame(columns=PRACTICE_MONTH_COLUMNS)
    a = Appointments
    counted = a.appt_status.in_(_dimension_ids(session, "appt_status", COUNTED_STATUSES))
    dna = a.appt_status.in_(_dimension_ids(session, "appt_status", ("DNA",)))
    gp = a.hcp_type.in_(_dimension_ids(session, "hcp_type", ("GP",)))
    f2f = a.appt_mode.in_(_dimension_ids(session, "appt_mode", ("Face-to-Face",)))
    same_day = a.time_between_book_and_appt.in_(
        _dimension_ids(session, "time_between_book_and_appt", ("Same Day",))
    )

    def total(condition):
        return func.coalesce(func.sum(case((condition, a.count), else_=0)), 0)

    query = (
        select(
            a.practice_code,
            a.month,
            total(counted),
            total(dna),
            func.sum(a.count),
            total(counted & gp),
            total(counted & f2f),
            total(counted & same_day),
        )
        .where(a.month.in_(months))
        .group_by(a.practice_code, a.month)
    )
    frame = pd.DataFrame(session.execute(query).all(), columns=PRACTICE_MONTH_COLUMNS)
    for column in PRACTICE_MONTH_COLUMNS[2:]:
        frame[column] = frame[column].astype(float)
    return frame


def practice_workforce(
    session: Session, snapshot: dt.date | None, measures: list[str]
) -> pd.DataFrame:
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
