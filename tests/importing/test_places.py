"""The PCN → place reference map and the membership/place queries built on it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import func, select

from bcprimary.db.models import PcnMembership, PcnPlace
from bcprimary.db.reference import read_reference_csv
from bcprimary.db.repository import UNALLOCATED_PLACE, pcn_membership_at, place_of_pcns
from bcprimary.paths import resource_path
from resources.derive_places import CSV_COLUMNS, derive_pcn_places
from tests.conftest import realdata
from tests.importing.realslices import MAP, REGISTERED_2021, column, import_one, read_csv

PLACES = {"Dudley", "Sandwell", "Walsall", "Wolverhampton"}


@pytest.fixture(scope="module")
def derived() -> pd.DataFrame:
    return derive_pcn_places(realdata(REGISTERED_2021), realdata(MAP))


def test_derivation_places_the_27_black_country_pcns(derived):
    header, rows = read_csv(MAP)
    bc_pcns = {
        r[column(header, "PCN_CODE")] for r in rows if r[column(header, "ICB_CODE")] == "QUA"
    } - {"U"}
    assert set(derived["pcn_code"]) == bc_pcns and len(bc_pcns) == 27
    assert set(derived["place"]) == PLACES
    assert derived["place"].value_counts().to_dict() == {
        "Sandwell": 8,
        "Walsall": 7,
        "Dudley": 6,
        "Wolverhampton": 6,
    }
    assert (derived["icb_code"] == "QUA").all()


def test_pcn_spanning_former_ccgs_goes_with_its_majority(derived):
    # Independently: Jan 2021 patients of SWB Caritas PCN's practices by their CCG then.
    reg_header, reg_rows = read_csv(REGISTERED_2021)
    ccg_of = {
        r[column(reg_header, "CODE")]: (
            r[column(reg_header, "CCG_CODE")],
            int(r[column(reg_header, "NUMBER_OF_PATIENTS")]),
        )
        for r in reg_rows
    }
    header, rows = read_csv(MAP)
    members = [
        r[column(header, "PRACTICE_CODE")]
        for r in rows
        if r[column(header, "PCN_CODE")] == "U57294"
    ]
    by_ccg: dict[str, int] = {}
    for code in members:
        ccg, patients = ccg_of[code]
        by_ccg[ccg] = by_ccg.get(ccg, 0) + patients
    assert by_ccg == {"05L": 15195, "15E": 12194}
    caritas = derived.set_index("pcn_code").loc["U57294"]
    assert caritas["place"] == "Sandwell"
    assert caritas["spans"]
    assert "15E" in caritas["derivation"] and "15,195 of 27,389" in caritas["derivation"]
    assert derived["spans"].sum() == 1


def test_shipped_reference_csv_is_the_derivation(derived):
    shipped = pd.DataFrame(read_reference_csv(resource_path("pcn_places.csv")))
    expected = derived[CSV_COLUMNS].sort_values("pcn_code").reset_index(drop=True)
    assert shipped[CSV_COLUMNS].sort_values("pcn_code").reset_index(drop=True).equals(expected)


def test_new_database_is_seeded_with_the_map(db):
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(PcnPlace)) == 27
        assert session.get(PcnPlace, "U57294").place == "Sandwell"


def test_place_of_pcns_uses_the_map_then_the_sub_icb_location(db):
    assert import_one(db, realdata(MAP)).ok
    with db.session() as session:
        places = place_of_pcns(session).set_index("pcn_code")["place"]
        members = pcn_membership_at(session, dt.date(2025, 10, 1))
    header, rows = read_csv(MAP)
    sub_icb_name = {
        r[column(header, "PCN_CODE")]: r[column(header, "SUB_ICB_LOCATION_NAME")] for r in rows
    }
    assert places["U57294"] == "Sandwell"
    assert (
        places["U89141"] == sub_icb_name["U89141"] == "NHS North East and North Cumbria ICB - 16C"
    )
    assert places["U"] == UNALLOCATED_PLACE
    # every PCN with members has a place; Black Country PCNs have one of the four
    assert set(members["pcn_code"]) <= set(places.index)
    bc = members[members["pcn_code"].isin(places[places.isin(PLACES)].index)]
    assert bc["pcn_code"].nunique() == 27
    # the unallocated Black Country practice is kept, shown as unallocated
    assert members.set_index("practice_code").loc["M87001", "pcn_code"] == "U"


def test_membership_prefers_the_latest_snapshot_then_the_richest(db):
    rows = [
        ("pcn_map", dt.date(2024, 4, 1), "A00001", "U00001"),
        ("pcn_map", dt.date(2024, 4, 1), "A00002", "U00001"),
        ("epcn", dt.date(2024, 4, 1), "A00001", "U00002"),
        ("epcn", dt.date(2024, 4, 1), "A00002", "U00002"),
        ("epcn", dt.date(2024, 4, 1), "A00003", "U00002"),
        ("pcn_map", dt.date(2025, 4, 1), "A00001", "U00009"),
    ]
    with db.session() as session:
        session.add_all(
            PcnMembership(source=s, snapshot_date=d, practice_code=p, pcn_code=c)
            for s, d, p, c in rows
        )
    with db.session() as session:
        tie = pcn_membership_at(session, dt.date(2024, 12, 31))
        later = pcn_membership_at(session, dt.date(2025, 5, 1))
        before_any = pcn_membership_at(session, dt.date(2024, 1, 1))
    assert tie.to_dict("records") == [
        {"practice_code": f"A0000{i}", "pcn_code": "U00002"} for i in (1, 2, 3)
    ]
    assert later.to_dict("records") == [{"practice_code": "A00001", "pcn_code": "U00009"}]
    assert before_any.empty and list(before_any.columns) == ["practice_code", "pcn_code"]
