"""What the panels read from the core, gathered in one Qt-free place.

Panels call these functions on a worker thread (see :mod:`ui.workers`); each opens its own short
session. The metrics come from ``bcprimary.analysis``; while the data a view needs is missing,
the functions raise :class:`DataNotReady` naming what is missing, and the panel shows that
message instead of a table. One :class:`~bcprimary.analysis.AccessPicture` is computed per database
state and shared by the panels, because every view of the metrics starts from it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bcprimary import analysis, glossary
from bcprimary.db import Database
from bcprimary.db.status import database_status
from ui.formatting import NumberFormat, format_for_unit

if TYPE_CHECKING:
    import pandas as pd

#: Columns that count things, whatever their dtype: shown as whole numbers.
COUNT_COLUMNS = frozenset({"contracts", "practices", "pcns"})


class DataNotReady(Exception):
    """The view cannot be drawn yet: the data or the core function it needs is missing."""


@dataclass(frozen=True)
class ColumnInfo:
    """How the app shows the columns of a metrics table."""

    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    formats: dict[str, NumberFormat] = field(default_factory=dict)


def column_info(frame: pd.DataFrame) -> ColumnInfo:
    """Labels, tooltips and number formats of ``frame``'s columns from the glossary."""
    import pandas as pd

    info = ColumnInfo()
    for column in frame.columns:
        values = frame[column]
        integer = pd.api.types.is_integer_dtype(values.dtype)
        term = glossary.term(column)
        label, definition, unit = term.label, term.definition, term.unit
        if column in COUNT_COLUMNS:  # counts the core stores as floats (e.g. after a sum)
            unit = "count"
        info.labels[column] = label
        if definition:
            info.definitions[column] = definition
        if unit == "text" or column in {"imd_quintile", "imd_decile"} or not _is_numeric(values):
            # Quintiles and deciles are categories (1 = most deprived), shown without decimals.
            info.formats[column] = NumberFormat.TEXT
        else:
            info.formats[column] = format_for_unit(unit, integer=integer)
    return info


def _is_numeric(values: pd.Series) -> bool:
    """Numbers, including an object column of numbers and gaps (a metric with no data yet)."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(values.dtype):
        return False
    if pd.api.types.is_numeric_dtype(values.dtype):
        return True
    if not pd.api.types.is_object_dtype(values.dtype):
        return False
    present = values.dropna()
    return bool(len(present)) and pd.to_numeric(present, errors="coerce").notna().all()


# --- what the views show: the area and snapshots chosen for each database ------------------

_views_lock = threading.Lock()
_views: dict[str, analysis.AnalysisOptions] = {}


def view_options(db: Database) -> analysis.AnalysisOptions:
    """The area and snapshots the views of ``db`` show (the area picker and Overview set them)."""
    with _views_lock:
        return _views.get(db.url, analysis.AnalysisOptions())


def set_view_options(db: Database, options: analysis.AnalysisOptions) -> None:
    with _views_lock:
        _views[db.url] = options


def view_scope(db: Database) -> dict[str, tuple[str, ...]]:
    """The scope fields (ICBs, sub-ICBs, places) of the views, for a new scenario's settings."""
    options = view_options(db)
    return {
        "icb_codes": options.icb_codes,
        "sub_icb_codes": options.sub_icb_codes,
        "places": options.places,
    }


# --- the shared access picture ---------------------------------------------------------------

_cache_lock = threading.Lock()
_cache: dict[tuple, analysis.AccessPicture] = {}


def _data_version(db: Database) -> tuple:
    """Changes whenever an import adds or replaces data (the import log grows)."""
    from sqlalchemy import func, select

    from bcprimary.db.models import ImportLog

    with db.session() as session:
        newest, count = session.execute(
            select(func.max(ImportLog.id), func.count(ImportLog.id))
        ).one()
    return (db.url, newest, count)


def access_picture(
    db: Database, options: analysis.AnalysisOptions | None = None
) -> analysis.AccessPicture:
    """The :class:`~bcprimary.analysis.AccessPicture` of the database as it is now (cached).

    Without ``options``, the area and snapshots the views show (:func:`view_options`).
    """
    if options is None:
        options = view_options(db)
    key = (*_data_version(db), repr(options))
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    with db.session() as session:
        picture = analysis.build_access_picture(session, options)
    with _cache_lock:
        if len(_cache) >= 4:  # a few areas are worth keeping to switch back quickly
            _cache.pop(next(iter(_cache)))
        _cache[key] = picture
    return picture


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


# --- what each panel loads -------------------------------------------------------------------


def metric_definitions() -> dict[str, str]:
    """Column → one-line definition, from the glossary."""
    return glossary.definitions()


@dataclass(frozen=True)
class OverviewData:
    status: dict
    area: dict | None
    area_message: str | None
    definitions: dict[str, str] = field(default_factory=dict)
    #: Each loaded dataset's snapshots and the one in use (`bcprimary.analysis.data_in_use`).
    in_use: list = field(default_factory=list)
    #: Sentences naming data in use more than a year apart.
    mixed_years: list[str] = field(default_factory=list)


def load_overview(db: Database) -> OverviewData:
    from bcprimary.analysis.data_in_use import datasets_in_use, mixed_year_warnings

    status = database_status(db)
    if not status["snapshots"]:
        return OverviewData(status, None, None)
    try:
        picture = access_picture(db)
    except DataNotReady as exc:
        return OverviewData(status, None, str(exc))
    with db.session() as session:
        in_use = datasets_in_use(session, picture.resolved)
    return OverviewData(
        status,
        picture.area,
        None,
        metric_definitions(),
        in_use,
        mixed_year_warnings(picture.resolved),
    )


@dataclass(frozen=True)
class MetricsTables:
    practices: pd.DataFrame
    pcns: pd.DataFrame
    places: pd.DataFrame


def load_metrics_tables(db: Database) -> MetricsTables:
    picture = access_picture(db)
    if picture.practices.empty:
        raise DataNotReady(
            "No registered patients are loaded yet. Import a 'Patients Registered at a GP "
            "Practice' file (gp-reg-pat-prac-all.csv) to list practices and PCNs."
        )
    return MetricsTables(
        practices=analysis.metrics_table(picture, "practice"),
        pcns=analysis.metrics_table(picture, "pcn"),
        places=analysis.metrics_table(picture, "place"),
    )


@dataclass(frozen=True)
class AccessData:
    pcns: pd.DataFrame
    places: pd.DataFrame
    area: dict
    target_rate: float


def load_access(db: Database) -> AccessData:
    picture = access_picture(db)
    pcns = analysis.metrics_table(picture, "pcn")
    if pcns.empty or pcns["appointments_per_month"].isna().all():
        raise DataNotReady(
            "Access needs appointments data: import one or more 'Appointments in General "
            "Practice' practice-level files (Practice_Level_Crosstab_<Mon>_<YY>.csv), and a "
            "registered patients file, the payments file (weighted list) and the deprivation "
            "file for the rates and IMD quintiles."
        )
    return AccessData(
        pcns, analysis.metrics_table(picture, "place"), picture.area, float(picture.target_rate)
    )


def load_trend(db: Database, level: str, code: str | None) -> pd.DataFrame:
    """Monthly appointments for the area, a PCN or a place (every loaded month)."""
    picture = access_picture(db)
    with db.session() as session:
        return analysis.monthly_trend(session, picture, level, code)


@dataclass(frozen=True)
class WorkforceData:
    pcns: pd.DataFrame
    entitlement: pd.DataFrame
    staff: pd.DataFrame
    #: Practice staff FTE per 10,000 weighted patients by place (empty without the file).
    places: pd.DataFrame | None = None


def load_workforce(db: Database) -> WorkforceData:
    picture = access_picture(db)
    with db.session() as session:
        entitlement = analysis.arrs_entitlement(session, picture)
        staff = analysis.arrs_staff_by_role(session, picture)
    pcns = analysis.metrics_table(picture, "pcn")
    fte_columns = [c for c in pcns.columns if c.endswith("_per_10k_weighted")]
    has_practice_staff = bool(fte_columns) and pcns[fte_columns].notna().any().any()
    if staff.empty and not has_practice_staff:
        raise DataNotReady(
            "Workforce needs workforce data: import the 'General Practice Workforce' "
            "detailed practice-level CSV and/or the 'Primary Care Networks – Individual Level' "
            "CSV (ARRS staff employed by PCNs)."
        )
    columns = ["code", "name", "place", "weighted_patients", *fte_columns]
    places = analysis.metrics_table(picture, "place")
    place_columns = ["code", "name", "weighted_patients", *fte_columns]
    return WorkforceData(
        pcns[[c for c in columns if c in pcns]],
        entitlement,
        staff,
        places[[c for c in place_columns if c in places]],
    )


@dataclass(frozen=True)
class DentalData:
    places: pd.DataFrame
    contracts: pd.DataFrame


def load_dental(db: Database) -> DentalData:
    from sqlalchemy import func, select

    from bcprimary.db.models import DentalContract

    with db.session() as session:
        contracts = session.execute(select(func.count()).select_from(DentalContract)).scalar_one()
    if not contracts:
        raise DataNotReady(
            "Dental needs the NHS dental contract list: import the 'PC dental list' workbook "
            "for your ICB (UDAs contracted, value and delivery)."
        )
    picture = access_picture(db)
    with db.session() as session:
        places = analysis.dental_by_place(session, picture)
        contracts = analysis.dental_contracts(session, picture)
    columns = [  # the figures first, so they are in view beside the practice
        "contract_number",
        "practice_name",
        "place",
        "uda_contracted",
        "uda_delivered",
        "uda_delivered_share",
        "uda_value_gbp",
        "uda_financial_value_gbp",
        "provider_name",
        "postcode",
        "activity_year",
    ]
    contracts = contracts[[c for c in columns if c in contracts]]
    return DentalData(places, contracts.sort_values("uda_contracted", ascending=False))
