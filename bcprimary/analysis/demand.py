"""Demand and how hard it is to get through, beside supply: telephony and online consultations.

Two monthly NHS England publications (official statistics in development, partial coverage)
give practice-level demand signals: Cloud Based Telephony (inbound calls and their outcomes)
and Online Consultation submissions. This module turns the stored rows into metrics per
practice, PCN, place and area, on the access picture's practices and patients:

* Only practices that report count in a rate's denominator: a practice with no telephony row
  (or not taking part in the online-consultation collection) is *not reporting*, never zero.
  ``*_coverage`` says what share of registered patients the reporting practices hold.
* Shared phone accounts (rows the publication maps only to a PCN or a sub-ICB) count at their
  level: a PCN's calls are its reporting practices' calls plus its shared-account calls, over
  its reporting practices' patients; a place adds its PCNs' shared accounts; the area also
  adds shared accounts mapped to its sub-ICB locations or ICBs.
* Calls per 1,000 patients are per *working day*: weekdays less England bank holidays in the
  month (:func:`working_days`), as the publication counts them.

It also holds the optional demand term of the plan's need adjustment (:func:`demand_need_factor`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bcprimary.analysis.access import AccessPicture
from bcprimary.db.models import OnlineConsultations, TelephonyCalls
from bcprimary.db.repository import UNALLOCATED

CALL_COUNTS = [
    "inbound",
    "answered",
    "missed",
    "callback_requested",
    "callbacks_made",
    "answered_within_1min",
]
OC_COUNTS = ["submissions", "clinical", "administrative"]
#: The figures of each level's table, in the order they are shown.
DEMAND_COLUMNS = [
    "inbound_calls",
    "inbound_calls_per_1000_per_working_day",
    "answered_share",
    "missed_share",
    "answered_within_minute_share",
    "callbacks_made_share",
    "shared_account_calls",
    "telephony_coverage",
    "oc_submissions",
    "oc_submissions_per_1000",
    "oc_clinical_per_1000",
    "oc_administrative_per_1000",
    "oc_coverage",
]
#: A PCN's missed-call rate enters the demand term only when its reporting practices hold at
#: least this share of its patients (below it the rate speaks for too few of them).
DEMAND_NEED_MIN_COVERAGE = 0.5

# --- working days --------------------------------------------------------------------------

#: One-off England and Wales bank holidays and moved ones (gov.uk), by year: added, removed.
_ONE_OFF = {
    2020: ({dt.date(2020, 5, 8)}, {dt.date(2020, 5, 4)}),
    2022: (
        {dt.date(2022, 6, 2), dt.date(2022, 6, 3), dt.date(2022, 9, 19)},
        {dt.date(2022, 5, 30)},
    ),
    2023: ({dt.date(2023, 5, 8)}, set()),
}


def _easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _monday(year: int, month: int, last: bool) -> dt.date:
    days = calendar.monthcalendar(year, month)
    weeks = reversed(days) if last else days
    return dt.date(year, month, next(w[0] for w in weeks if w[0]))


@cache
def england_bank_holidays(year: int) -> frozenset[dt.date]:
    """England's bank holidays of ``year``: the fixed rules, weekend substitutes, and the
    one-off changes of 2020, 2022 and 2023."""
    easter = _easter_sunday(year)
    days = {
        easter - dt.timedelta(days=2),
        easter + dt.timedelta(days=1),
        _monday(year, 5, last=False),
        _monday(year, 5, last=True),
        _monday(year, 8, last=True),
    }
    # New Year's Day, Christmas and Boxing Day move to the next free weekday.
    for fixed in (dt.date(year, 1, 1), dt.date(year, 12, 25), dt.date(year, 12, 26)):
        day = fixed
        while day.weekday() >= 5 or day in days:
            day += dt.timedelta(days=1)
        days.add(day)
    added, removed = _ONE_OFF.get(year, (set(), set()))
    return frozenset((days - removed) | added)


def working_days(month: dt.date) -> int:
    """Weekdays (Monday–Friday) of ``month`` less England's bank holidays on them."""
    holidays = england_bank_holidays(month.year)
    last = calendar.monthrange(month.year, month.month)[1]
    days = (dt.date(month.year, month.month, d) for d in range(1, last + 1))
    return sum(1 for d in days if d.weekday() < 5 and d not in holidays)


# --- the demand picture --------------------------------------------------------------------


@dataclass
class DemandPicture:
    """Demand metrics beside the access picture (columns `DEMAND_COLUMNS`)."""

    telephony_month: dt.date | None
    oc_month: dt.date | None
    working_days: int | None
    practices: pd.DataFrame
    pcns: pd.DataFrame
    """Also carries the access picture's PCN figures the demand view shows beside it."""
    places: pd.DataFrame
    area: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.telephony_month is None and self.oc_month is None


def latest_month(session: Session, model) -> dt.date | None:
    return session.execute(select(func.max(model.month))).scalar()


def _rows(session: Session, model, month: dt.date | None, columns: list[str]) -> pd.DataFrame:
    names = ["level", "practice_code", "pcn_code", "sub_icb_code", "icb_code", *columns]
    if month is None:
        return pd.DataFrame(columns=names)
    result = session.execute(
        select(*(getattr(model, n) for n in names)).where(model.month == month)
    )
    return pd.DataFrame(result.all(), columns=names)


def build_demand_picture(
    session: Session,
    picture: AccessPicture,
    telephony_month: dt.date | None = None,
    oc_month: dt.date | None = None,
) -> DemandPicture:
    """Demand metrics of the picture's practices, PCNs, places and area for the given months
    (default: the latest loaded of each publication)."""
    telephony_month = telephony_month or latest_month(session, TelephonyCalls)
    oc_month = oc_month or latest_month(session, OnlineConsultations)
    calls = _rows(session, TelephonyCalls, telephony_month, CALL_COUNTS)
    oc = _rows(session, OnlineConsultations, oc_month, [*OC_COUNTS, "participation"])
    days = working_days(telephony_month) if telephony_month else None

    practices = picture.practices[["code", "name", "pcn_code", "place", "sub_icb_code"]].copy()
    practices["registered_patients"] = picture.practices["registered_patients"].astype(float)
    practices = _practice_counts(practices, calls, oc)

    pcn_shared = _shared(calls, "pcn", "pcn_code")
    pcns = _level(practices, "pcn_code", pcn_shared, days)
    access = picture.pcns.set_index("code")
    for column in (
        "name",
        "place",
        "imd_quintile",
        "weighted_patients",
        "appointments_per_1000_weighted",
        "access_gap",
    ):
        pcns[column] = pcns["code"].map(access[column]) if column in access else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        pcns["access_gap_per_1000_weighted"] = pcns["access_gap"] / pcns["weighted_patients"] * 1000

    place_of = access["place"]
    place_shared = pcn_shared.rename(index=place_of).groupby(level=0).sum()
    places = _level(practices, "place", place_shared, days)
    places["name"] = places["code"]

    sub_icbs = set(picture.practices["sub_icb_code"].dropna())
    icbs = set(picture.practices["icb_code"].dropna())
    in_pcns = calls[(calls["level"] == "pcn") & calls["pcn_code"].isin(set(pcns["code"]))]
    wider = calls[
        ((calls["level"] == "sub_icb") & calls["sub_icb_code"].isin(sub_icbs))
        | ((calls["level"] == "icb") & calls["icb_code"].isin(icbs))
    ]
    shared_rows = pd.concat([in_pcns, wider])
    shared = (
        pd.DataFrame([shared_rows[CALL_COUNTS].sum()], index=["area"]).astype(float)
        if len(shared_rows)
        else pd.DataFrame(columns=CALL_COUNTS)
    )
    area = _level(practices.assign(area="area"), "area", shared, days)
    area_row = area.iloc[0].to_dict() if len(area) else {}
    area_row["telephony_month"] = telephony_month
    area_row["oc_month"] = oc_month
    area_row["working_days"] = days
    return DemandPicture(
        telephony_month, oc_month, days, _rates(practices, days), pcns, places, area_row
    )


def _practice_counts(
    practices: pd.DataFrame, calls: pd.DataFrame, oc: pd.DataFrame
) -> pd.DataFrame:
    """Each practice's call and submission counts (NaN where it does not report) and flags."""
    own = calls[calls["level"] == "practice"].groupby("practice_code")[CALL_COUNTS].sum(min_count=1)
    practices = practices.join(own, on="code")
    practices["reports_calls"] = practices["code"].isin(own.index)
    oc = oc[oc["level"] == "practice"].copy()
    # A practice reports when it takes part in the collection; where a month's file does not
    # say, when it received at least one submission.
    known = oc["participation"].notna()
    oc["reports"] = np.where(known, oc["participation"] == 1, oc["submissions"] > 0)
    reporting = oc[oc["reports"]].groupby("practice_code")[OC_COUNTS].sum(min_count=1)
    practices = practices.join(reporting.add_prefix("oc_"), on="code")
    practices["reports_oc"] = practices["code"].isin(reporting.index)
    practices["shared_account_calls"] = 0.0
    return practices


def _shared(calls: pd.DataFrame, level: str, key: str) -> pd.DataFrame:
    """Call counts of the shared accounts at ``level``, by ``key``."""
    rows = calls[calls["level"] == level]
    return rows.groupby(key)[CALL_COUNTS].sum().astype(float)


def _level(
    practices: pd.DataFrame, by: str, shared: pd.DataFrame, days: int | None
) -> pd.DataFrame:
    """Sum reporting practices by ``by``, add the shared-account calls, recompute the rates."""
    p = practices.copy()
    p["telephony_patients"] = p["registered_patients"].where(p["reports_calls"], 0.0)
    p["oc_patients"] = p["registered_patients"].where(p["reports_oc"], 0.0)
    sums = [*CALL_COUNTS, *(f"oc_{c}" for c in OC_COUNTS), "telephony_patients", "oc_patients"]
    grouped = p.groupby(by, dropna=False)
    table = grouped[sums].sum(min_count=1)
    table["registered_patients"] = grouped["registered_patients"].sum()
    table["practices"] = grouped.size()
    extra = shared.reindex(table.index).fillna(0.0)
    table["shared_account_calls"] = extra["inbound"].where(table.index.isin(shared.index), 0.0)
    # Unknown (not 0) where neither a reporting practice nor a shared account has calls.
    known = (table["telephony_patients"] > 0) | table.index.isin(shared.index)
    for column in CALL_COUNTS:
        table[column] = (table[column].fillna(0.0) + extra[column]).where(known)
    table = table.reset_index().rename(columns={by: "code"})
    return _rates(table, days)


def _rates(table: pd.DataFrame, days: int | None) -> pd.DataFrame:
    """The demand metrics from the summed counts (a practice row or any aggregate)."""
    t = table
    if "telephony_patients" not in t:  # a practice: its own list when it reports
        t["telephony_patients"] = t["registered_patients"].where(t["reports_calls"])
        t["oc_patients"] = t["registered_patients"].where(t["reports_oc"])
    with np.errstate(divide="ignore", invalid="ignore"):
        reporting = t["telephony_patients"].where(t["telephony_patients"] > 0)
        t["inbound_calls"] = t["inbound"]
        per_day = t["inbound"] / reporting * 1000
        t["inbound_calls_per_1000_per_working_day"] = per_day / days if days else np.nan
        inbound = t["inbound"].where(t["inbound"] > 0)
        t["answered_share"] = t["answered"] / inbound
        t["missed_share"] = t["missed"] / inbound
        answered = t["answered"].where(t["answered"] > 0)
        t["answered_within_minute_share"] = t["answered_within_1min"] / answered
        requested = t["callback_requested"].where(t["callback_requested"] > 0)
        t["callbacks_made_share"] = t["callbacks_made"] / requested
        t["telephony_coverage"] = t["telephony_patients"].fillna(0) / t["registered_patients"]
        oc_patients = t["oc_patients"].where(t["oc_patients"] > 0)
        t["oc_submissions_per_1000"] = t["oc_submissions"] / oc_patients * 1000
        t["oc_clinical_per_1000"] = t["oc_clinical"] / oc_patients * 1000
        t["oc_administrative_per_1000"] = t["oc_administrative"] / oc_patients * 1000
        t["oc_coverage"] = t["oc_patients"].fillna(0) / t["registered_patients"]
    return t.replace([np.inf, -np.inf], np.nan)


# --- the optional demand term of the need adjustment ---------------------------------------


def demand_need_factor(missed_share: ArrayLike, beta: float, z_cap: float = 2.0) -> np.ndarray:
    """f_p = 1 + β · clip(z_p, −c, c), z_p the standardised missed-call rate of PCN p.

    z_p = (r_p − mean r) / sd r over the PCNs with a known rate (population sd); a PCN with no
    known rate, or all PCNs when fewer than two are known or their rates are equal, get
    f = 1. The factor multiplies the PCN's need index, so its target rises where more calls go
    unanswered. β and c are the scenario's settings (β · c < 1 keeps f above 0).
    """
    rates = np.asarray(missed_share, dtype=float)
    known = np.isfinite(rates)
    factor = np.ones(rates.shape)
    if known.sum() < 2:
        return factor
    spread = rates[known].std()
    if spread <= 1e-12:  # equal rates (up to rounding): nothing to tell the PCNs apart
        return factor
    z = np.clip((rates[known] - rates[known].mean()) / spread, -z_cap, z_cap)
    factor[known] = 1.0 + beta * z
    return factor


def pcn_demand_need_factors(
    session: Session, picture: AccessPicture, beta: float, z_cap: float
) -> dict[str, float]:
    """PCN code → demand factor on the latest telephony month; PCNs whose reporting practices
    hold less than `DEMAND_NEED_MIN_COVERAGE` of their patients count as not known (f = 1)."""
    demand = build_demand_picture(session, picture)
    pcns = demand.pcns[demand.pcns["code"] != UNALLOCATED]
    rate = pcns["missed_share"].where(pcns["telephony_coverage"] >= DEMAND_NEED_MIN_COVERAGE)
    factors = demand_need_factor(rate.to_numpy(dtype=float), beta, z_cap)
    return dict(zip(pcns["code"], factors.tolist(), strict=True))


def demand_of_groups(demand: DemandPicture, group_of_pcn: dict[str, str]) -> pd.DataFrame:
    """Demand metrics of groups of PCNs (e.g. funded and not funded by a plan), recomputed
    from the PCNs' summed counts — the same rules as for a place."""
    pcns = demand.pcns[demand.pcns["code"].isin(group_of_pcn)].copy()
    pcns["group"] = pcns["code"].map(group_of_pcn)
    sums = [
        *CALL_COUNTS,
        *(f"oc_{c}" for c in OC_COUNTS),
        "telephony_patients",
        "oc_patients",
        "registered_patients",
        "shared_account_calls",
    ]
    grouped = pcns.groupby("group")
    table = grouped[sums].sum(min_count=1)
    table["pcns"] = grouped.size()
    return _rates(table.reset_index().rename(columns={"group": "code"}), demand.working_days)
