"""Demand metrics beside the access picture: working days as the telephony publication counts
them, reporting practices only in the denominators, shared phone accounts at their level, and
the demand term of the need adjustment."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from bcprimary.analysis.access import build_access_picture
from bcprimary.analysis.demand import (
    build_demand_picture,
    demand_need_factor,
    england_bank_holidays,
    working_days,
)
from tests.conftest import realdata
from tests.factories import BLACK_COUNTRY_SUB_ICB, DEMAND_FILES
from tests.importing.activity_inputs import sheet_rows

TELEPHONY_NOV, _OC_DEC = DEMAND_FILES
TELEPHONY_JAN = "demand/Cloud Based Telephony Publication Summary January 2026.xlsx"


@pytest.mark.parametrize("relative", [TELEPHONY_NOV, TELEPHONY_JAN])
def test_working_days_match_every_month_of_the_publications_table_1(relative):
    realdata(relative)
    rows = sheet_rows(relative, "Table 1")
    months = next(r for r in rows if isinstance(r[2], dt.datetime))
    days = next(r for r in rows if r[1] == "Number of working weekdays")
    published = {
        m.date().replace(day=1): d for m, d in zip(months[2:], days[2:], strict=False) if m and d
    }
    assert len(published) >= 14
    assert {m: working_days(m) for m in published} == published


def test_bank_holidays_follow_the_substitution_rules():
    assert dt.date(2022, 12, 27) in england_bank_holidays(2022)  # Christmas on a Sunday
    assert dt.date(2021, 12, 28) in england_bank_holidays(2021)  # Boxing Day on a Sunday
    assert dt.date(2023, 5, 8) in england_bank_holidays(2023)  # the coronation
    assert len(england_bank_holidays(2025)) == 8
    assert working_days(dt.date(2025, 12, 1)) == 21


def test_the_demand_factor_is_documented_and_bounded():
    factor = demand_need_factor([0.10, 0.20, 0.30, np.nan], beta=0.1, z_cap=1.0)
    # z = −1.22, 0, +1.22 capped at ±1; the unknown PCN keeps its need (f = 1).
    assert factor == pytest.approx([0.9, 1.0, 1.1, 1.0])
    assert (demand_need_factor([0.1, 0.1, 0.1], beta=0.5) == 1).all()
    assert (demand_need_factor([0.1, np.nan], beta=0.5) == 1).all()


def _openpyxl_sub_icb(relative: str, practices: set[str]) -> tuple[int, int]:
    """Calls of the Black Country sub-ICB in Table 3 (rows of the picture's practices and all
    its shared accounts) and of its shared accounts alone, summed here with openpyxl."""
    rows = sheet_rows(relative, "Table 3")
    header = next(i for i, r in enumerate(rows) if "Count of Inbound calls" in r)
    at = rows[header].index("Count of Inbound calls")
    total = shared = 0
    for row in rows[header + 2 :]:
        if row[5] == BLACK_COUNTRY_SUB_ICB and isinstance(row[at], int):
            if row[1] == "Unassigned":
                shared += row[at]
            if row[1] == "Unassigned" or row[1] in practices:
                total += row[at]
    return total, shared


@pytest.fixture
def demand_db(copy_database):
    return copy_database("demand")


def test_area_pcn_and_place_calls_add_up_with_the_shared_accounts(demand_db):
    with demand_db.session() as session:
        picture = build_access_picture(session)
        demand = build_demand_picture(session, picture)
    assert demand.telephony_month == dt.date(2025, 11, 1)
    assert demand.oc_month == dt.date(2025, 12, 1)
    assert demand.working_days == 20
    total, shared = _openpyxl_sub_icb(TELEPHONY_NOV, set(picture.practices["code"]))
    assert demand.area["inbound_calls"] == total
    assert demand.area["shared_account_calls"] == shared
    practices, pcns, places = demand.practices, demand.pcns, demand.places
    # PCNs and places: their practices' calls plus the shared accounts mapped to their PCNs.
    assert pcns["inbound_calls"].sum() == pytest.approx(places["inbound_calls"].sum())
    assert pcns["inbound_calls"].sum() == pytest.approx(
        practices["inbound_calls"].sum() + pcns["shared_account_calls"].sum()
    )
    assert pcns["shared_account_calls"].sum() > 0


def test_rates_use_only_reporting_practices_never_zeros(demand_db):
    with demand_db.session() as session:
        picture = build_access_picture(session)
        demand = build_demand_picture(session, picture)
    practices = demand.practices
    silent = practices[~practices["reports_calls"]]
    assert len(silent) > 0  # partial coverage in the Black Country
    assert silent["inbound_calls"].isna().all()
    assert silent["missed_share"].isna().all()
    pcn = demand.pcns.set_index("code")
    for code, group in practices.groupby("pcn_code"):
        reporting = group[group["reports_calls"]]
        row = pcn.loc[code]
        expected_coverage = (
            reporting["registered_patients"].sum() / group["registered_patients"].sum()
        )
        assert row["telephony_coverage"] == pytest.approx(expected_coverage)
        if reporting.empty:
            continue
        calls = reporting["inbound_calls"].sum() + row["shared_account_calls"]
        per_day = calls / reporting["registered_patients"].sum() * 1000 / 20
        assert row["inbound_calls_per_1000_per_working_day"] == pytest.approx(per_day)
    # Every Black Country practice takes part in the December 2025 online consultation data.
    assert demand.area["oc_coverage"] == pytest.approx(1.0, abs=0.02)
    assert 0 < demand.area["oc_clinical_per_1000"] < demand.area["oc_submissions_per_1000"]


def test_practice_rates_are_the_publications_counts_over_the_list(demand_db):
    with demand_db.session() as session:
        demand = build_demand_picture(session, build_access_picture(session))
    row = demand.practices[demand.practices["reports_calls"]].iloc[0]
    assert row["missed_share"] == pytest.approx(row["missed"] / row["inbound"])
    assert row["answered_within_minute_share"] == pytest.approx(
        row["answered_within_1min"] / row["answered"]
    )
    assert row["inbound_calls_per_1000_per_working_day"] == pytest.approx(
        row["inbound"] / row["registered_patients"] * 1000 / 20
    )
