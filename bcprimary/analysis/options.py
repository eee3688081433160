"""Which data an analysis uses: snapshots, IMD edition, appointment window, scope; and the plan
options its targets follow (target rate, need uplift), so the picture and the plan agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bcprimary.db.models import (
    AppointmentMonth,
    Deprivation,
    PcnWorkforce,
    PracticeWorkforce,
    RegisteredPatients,
    WeightedList,
)
from solver.options import PlanOptions


@dataclass(frozen=True)
class AnalysisOptions:
    """What the user chose; ``None`` means "the latest loaded"."""

    #: Registered-list snapshot (and PCN membership date). Latest on or before this date.
    as_of: dt.date | None = None
    #: "IMD 2019" or "IMD 2025"; default the newest edition loaded.
    imd_edition: str | None = None
    #: Financial year of the weighted list, e.g. "2024/25"; default the latest loaded.
    weighted_year: str | None = None
    #: How many of the latest loaded appointment months the monthly means use.
    appointment_months: int = 12
    #: Limit the analysis to these ICB codes (empty = every practice in the registered list).
    icb_codes: tuple[str, ...] = ()
    #: Limit the analysis to these sub-ICB location codes.
    sub_icb_codes: tuple[str, ...] = ()
    #: Limit the analysis to these places (the PCN→place map's names; see `analysis.areas`).
    places: tuple[str, ...] = ()
    #: Registered-list snapshot to use instead of the latest on or before ``as_of``.
    registered_date: dt.date | None = None
    #: Practice workforce snapshot to use instead of the latest on or before ``as_of``.
    practice_workforce_date: dt.date | None = None
    #: PCN workforce snapshot to use instead of the latest on or before ``as_of``.
    pcn_workforce_date: dt.date | None = None
    #: The plan options targets and gaps follow: ``target_rate`` (None: the PCN upper quartile)
    #: and the need uplift (`solver.targets`).
    plan: PlanOptions = field(default_factory=PlanOptions)


@dataclass(frozen=True)
class ResolvedOptions:
    """The concrete snapshots an analysis used (recorded with every scenario and export)."""

    registered_date: dt.date | None
    imd_edition: str | None
    weighted_year: str | None
    appointment_months: tuple[dt.date, ...]
    practice_workforce_date: dt.date | None
    pcn_workforce_date: dt.date | None
    options: AnalysisOptions = field(default_factory=AnalysisOptions)

    def describe(self) -> dict:
        """JSON-ready record of the snapshots used."""
        months = self.appointment_months
        return {
            "registered_patients": _iso(self.registered_date),
            "imd_edition": self.imd_edition,
            "weighted_list_year": self.weighted_year,
            "appointment_months": [m.isoformat() for m in months],
            "appointment_window": (f"{months[0]:%b %Y} – {months[-1]:%b %Y}" if months else None),
            "practice_workforce": _iso(self.practice_workforce_date),
            "pcn_workforce": _iso(self.pcn_workforce_date),
            "scope": {
                "icb_codes": list(self.options.icb_codes),
                "sub_icb_codes": list(self.options.sub_icb_codes),
                "places": list(self.options.places),
            },
        }

    def options_dict(self) -> dict:
        data = asdict(self.options)
        for name in ("as_of", "registered_date", "practice_workforce_date", "pcn_workforce_date"):
            data[name] = _iso(getattr(self.options, name))
        return data


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _latest_date(
    session: Session, column, as_of: dt.date | None, chosen: dt.date | None = None
) -> dt.date | None:
    if chosen is not None and session.execute(select(column).where(column == chosen)).first():
        return chosen  # the snapshot the user picked, while it is still loaded
    query = select(func.max(column))
    if as_of is not None:
        query = query.where(column <= as_of)
    latest = session.execute(query).scalar()
    if latest is None and as_of is not None:
        # Nothing on or before the date: fall back to the earliest snapshot after it.
        latest = session.execute(select(func.min(column))).scalar()
    return latest


def resolve(session: Session, options: AnalysisOptions | None = None) -> ResolvedOptions:
    options = options or AnalysisOptions()
    registered = _latest_date(
        session, RegisteredPatients.snapshot_date, options.as_of, options.registered_date
    )
    editions = session.execute(select(Deprivation.edition).distinct()).scalars().all()
    edition = options.imd_edition or (max(editions) if editions else None)
    years = session.execute(select(WeightedList.financial_year).distinct()).scalars().all()
    weighted_year = options.weighted_year or (max(years) if years else None)
    month_query = select(AppointmentMonth.month).order_by(AppointmentMonth.month.desc())
    if options.as_of is not None:
        month_query = month_query.where(AppointmentMonth.month <= options.as_of)
    months = session.execute(month_query.limit(max(options.appointment_months, 1))).scalars().all()
    return ResolvedOptions(
        registered_date=registered,
        imd_edition=edition,
        weighted_year=weighted_year,
        appointment_months=tuple(sorted(months)),
        practice_workforce_date=_latest_date(
            session, PracticeWorkforce.snapshot_date, options.as_of, options.practice_workforce_date
        ),
        pcn_workforce_date=_latest_date(
            session, PcnWorkforce.snapshot_date, options.as_of, options.pcn_workforce_date
        ),
        options=options,
    )
