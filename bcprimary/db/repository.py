"""Questions about organisations that the analysis asks of the database.

* Which PCN was each practice in on a date? Memberships come from several sources (the monthly
  ``gp-reg-pat-prac-map``, ODS ePCN with relationship dates); see :func:`pcn_membership_at`.
* Which place does each PCN belong to? The app's PCN → place reference table where it has the
  PCN, otherwise the PCN's sub-ICB location (the former CCG, usually a place in its own right).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bcprimary.db.models import PCN, PcnMembership, PcnPlace, SubICBLocation

UNALLOCATED = "U"
#: The place shown for practices that are in no PCN (PCN code U).
UNALLOCATED_PLACE = "Unallocated (no PCN)"


def _snapshots(session: Session) -> pd.DataFrame:
    m = PcnMembership
    query = select(
        m.source,
        m.snapshot_date,
        func.count(func.distinct(m.practice_code)).label("practices"),
        func.min(m.valid_from).label("earliest_from"),
    ).group_by(m.source, m.snapshot_date)
    result = session.execute(query)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _choose_snapshot(snapshots: pd.DataFrame, date: dt.date) -> tuple[str, dt.date] | None:
    """The latest snapshot on or before ``date``; on the same date, the one listing most
    practices. With none that early, a source with relationship dates that reach back to
    ``date`` (ePCN) answers from its history."""
    earlier = snapshots[snapshots["snapshot_date"] <= date]
    if not earlier.empty:
        best = earlier.sort_values(["snapshot_date", "practices"]).iloc[-1]
        return best["source"], best["snapshot_date"]
    dated = snapshots[snapshots["earliest_from"].notna()]
    dated = dated[dated["earliest_from"] <= date]
    if dated.empty:
        return None
    best = dated.sort_values(["snapshot_date", "practices"], ascending=[True, False]).iloc[0]
    return best["source"], best["snapshot_date"]


def pcn_membership_at(session: Session, date: dt.date) -> pd.DataFrame:
    """Practice → PCN on ``date``: columns ``practice_code``, ``pcn_code`` (``U`` = no PCN).

    One snapshot answers (mixing sources would mix dates): the latest on or before ``date`` from
    any source, preferring the one that lists most practices when two share a date. Relationship
    dates are honoured: a practice whose ePCN relationship ended before ``date``, or starts
    after it, is not a member; if a practice has two relationships open on ``date``, the one
    that started later counts.
    """
    columns = ["practice_code", "pcn_code"]
    chosen = _choose_snapshot(_snapshots(session), date)
    if chosen is None:
        return pd.DataFrame(columns=columns)
    source, snapshot = chosen
    m = PcnMembership
    result = session.execute(
        select(m.practice_code, m.pcn_code, m.valid_from, m.valid_to).where(
            m.source == source, m.snapshot_date == snapshot
        )
    )
    frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    started = frame["valid_from"].isna() | (frame["valid_from"] <= date)
    not_ended = frame["valid_to"].isna() | (frame["valid_to"] >= date)
    frame = frame[started & not_ended]
    frame = frame.assign(_from=frame["valid_from"].fillna(dt.date.min))
    frame = frame.sort_values(["practice_code", "_from"]).drop_duplicates(
        "practice_code", keep="last"
    )
    return frame[columns].reset_index(drop=True)


def _sub_icb_label(code: str | None, name: str | None) -> str:
    """A sub-ICB location as a place: its code and name ('NHS Black Country ICB - D2P2L')."""
    if not code:
        return "Unknown sub-ICB location"
    if name and code in name:
        return name
    return f"{code} {name}" if name else code


def place_of_pcns(session: Session) -> pd.DataFrame:
    """PCN → place: columns ``pcn_code``, ``place``.

    The reference map (``resources/pcn_places.csv``, editable in the app) where it lists the
    PCN; otherwise the PCN's sub-ICB location, code and name. PCN ``U`` (practices in no PCN)
    is shown as :data:`UNALLOCATED_PLACE`.
    """
    reference = dict(session.execute(select(PcnPlace.pcn_code, PcnPlace.place)).all())
    pcns = session.execute(
        select(PCN.code, PCN.sub_icb_code, SubICBLocation.name).join(
            SubICBLocation, SubICBLocation.code == PCN.sub_icb_code, isouter=True
        )
    ).all()
    places: dict[str, str] = {}
    for code, sub_icb, sub_icb_name in pcns:
        if code in reference:
            places[code] = reference[code]
        elif code == UNALLOCATED:
            places[code] = UNALLOCATED_PLACE
        else:
            places[code] = _sub_icb_label(sub_icb, sub_icb_name)
    for code, place in reference.items():
        places.setdefault(code, place)
    frame = pd.DataFrame(sorted(places.items()), columns=["pcn_code", "place"])
    return frame
