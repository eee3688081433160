"""Which loaded snapshot of each dataset the figures use, and plain warnings about it.

Several snapshots of a dataset can sit side by side (a January list and an October list); one
is used. These functions say which (:func:`datasets_in_use`), tell the person importing a file
when it will *not* be used (:func:`unused_import_notice`), and list the places where figures
set data from years more than a year apart side by side (:func:`mixed_year_warnings`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bcprimary import glossary
from bcprimary.analysis.options import AnalysisOptions, ResolvedOptions, resolve
from bcprimary.db.models import (
    AppointmentMonth,
    Deprivation,
    PcnWorkforce,
    PracticeWorkforce,
    RegisteredPatients,
    WeightedList,
)

#: Dataset (as the import log names it) → (what a person calls it, the option that picks one).
CHOOSABLE = {
    "registered_patients": (glossary.label("registered_patients"), "registered_date"),
    "weighted_list": ("Weighted list", "weighted_year"),
    "deprivation": ("Deprivation (IMD)", "imd_edition"),
    "appointments": ("Appointments", None),
    "practice_workforce": ("Practice workforce", "practice_workforce_date"),
    "pcn_workforce": ("PCN workforce", "pcn_workforce_date"),
}
_COLUMNS = {
    "registered_patients": RegisteredPatients.snapshot_date,
    "weighted_list": WeightedList.financial_year,
    "deprivation": Deprivation.edition,
    "appointments": AppointmentMonth.month,
    "practice_workforce": PracticeWorkforce.snapshot_date,
    "pcn_workforce": PcnWorkforce.snapshot_date,
}
#: A gap longer than this between two datasets' dates is worth a warning.
YEAR = dt.timedelta(days=366)


@dataclass(frozen=True)
class DatasetInUse:
    """One dataset: every loaded snapshot (newest first) and the one the figures use."""

    dataset: str
    title: str
    loaded: tuple[object, ...]
    in_use: tuple[object, ...]
    #: The `AnalysisOptions` field that picks the snapshot (None: not choosable here).
    option: str | None


def describe_snapshot(value: object) -> str:
    """'Oct 2025' for a first-of-month date, '15 Oct 2025' otherwise; a year or edition as is."""
    if isinstance(value, dt.date):
        return f"{value:%b %Y}" if value.day == 1 else f"{value.day} {value:%b %Y}"
    return str(value)


def _loaded(session: Session, dataset: str) -> tuple[object, ...]:
    column = _COLUMNS[dataset]
    values = session.execute(select(column).distinct()).scalars().all()
    return tuple(sorted((v for v in values if v is not None), reverse=True))


def datasets_in_use(session: Session, resolved: ResolvedOptions) -> list[DatasetInUse]:
    """Every loaded dataset with its snapshots and the one in use (datasets not loaded left out)."""
    in_use = {
        "registered_patients": (resolved.registered_date,),
        "weighted_list": (resolved.weighted_year,),
        "deprivation": (resolved.imd_edition,),
        "appointments": tuple(sorted(resolved.appointment_months, reverse=True)),
        "practice_workforce": (resolved.practice_workforce_date,),
        "pcn_workforce": (resolved.pcn_workforce_date,),
    }
    found = []
    for dataset, (title, option) in CHOOSABLE.items():
        loaded = _loaded(session, dataset)
        if loaded:
            used = tuple(v for v in in_use[dataset] if v is not None)
            found.append(DatasetInUse(dataset, title, loaded, used, option))
    return found


def unused_import_notice(
    session: Session,
    dataset: str,
    snapshot: object,
    options: AnalysisOptions | None = None,
) -> str | None:
    """One sentence when the snapshot just imported is not the one the figures use, else None.

    ``snapshot`` is what the import log records for the file (a date, a financial year such as
    "2024/25" or an IMD edition).
    """
    if dataset not in CHOOSABLE or snapshot is None:
        return None
    title = CHOOSABLE[dataset][0]
    resolved = resolve(session, options)
    info = next((d for d in datasets_in_use(session, resolved) if d.dataset == dataset), None)
    if info is None or not info.in_use:
        return None
    value = _as_value(snapshot, info.loaded)
    if value in info.in_use:
        return None
    used = ", ".join(describe_snapshot(v) for v in info.in_use[:1])
    if dataset == "appointments":
        window = len(info.in_use)
        return (
            f"{title} for {describe_snapshot(value)} were loaded but are outside the "
            f"{window} most recent months the figures use ({describe_snapshot(info.in_use[-1])}"
            f" – {used})."
        )
    where = "Choose it under Overview → Data in use to use it instead."
    return (
        f"{title} {describe_snapshot(value)} was loaded but is not in use: the figures use "
        f"{used}. {where}"
    )


def _as_value(snapshot: object, loaded: tuple[object, ...]) -> object:
    """The import log's snapshot text as the value the dataset's table holds."""
    if isinstance(snapshot, dt.datetime):
        return snapshot.date()
    if isinstance(snapshot, str) and loaded and isinstance(loaded[0], dt.date):
        try:
            return dt.date.fromisoformat(snapshot[:10] if len(snapshot) >= 10 else snapshot + "-01")
        except ValueError:
            return snapshot
    return snapshot


def _period(value: object) -> tuple[dt.date, dt.date] | None:
    """The dates a snapshot stands for: a day, or a financial year 'YYYY/YY' (April–March)."""
    if isinstance(value, dt.date):
        return value, value
    text = str(value)
    if len(text) >= 4 and text[:4].isdigit() and "/" in text:
        start = int(text[:4])
        return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)
    return None  # e.g. an IMD edition: a measure of deprivation, not a dated count


def _gap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> dt.timedelta:
    if a[1] < b[0]:
        return b[0] - a[1]
    if b[1] < a[0]:
        return a[0] - b[1]
    return dt.timedelta(0)


def mixed_year_warnings(resolved: ResolvedOptions, money_year: str | None = None) -> list[str]:
    """Sentences naming each dataset in use that is more than a year away from the newest one.

    ``money_year`` is the financial year of the costs and entitlement a plan uses (e.g. the
    planning year "2025/26"); staff and list figures far from it are named too.
    """
    dated: list[tuple[str, object]] = [
        (glossary.label("registered_patients"), resolved.registered_date),
        ("Weighted list", resolved.weighted_year),
        ("Appointments", max(resolved.appointment_months, default=None)),
        ("Practice workforce", resolved.practice_workforce_date),
        ("PCN workforce", resolved.pcn_workforce_date),
    ]
    if money_year:
        dated.append(("ARRS costs and entitlement", money_year))
    periods = [(name, value, _period(value)) for name, value in dated if value is not None]
    periods = [(n, v, p) for n, v, p in periods if p is not None]
    if len(periods) < 2:
        return []
    newest_name, newest_value, newest = max(periods, key=lambda item: item[2][1])
    warnings = []
    for name, value, period in periods:
        if name != newest_name and _gap(period, newest) > YEAR:
            warnings.append(
                f"{name} ({describe_snapshot(value)}) is more than a year older than "
                f"{newest_name.lower()} ({describe_snapshot(newest_value)}): figures that "
                "combine them mix years."
            )
    return warnings
