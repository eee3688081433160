"""The shipped ARRS catalogue: every year 2023/24–2026/27 complete and sourced, caps as the
guidance states them, the GP cost and entitlement rates as published, the staff-role map total
for every year (checked against the real PCN workforce file), and the v1 → v2 migration."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy.orm import Session

from bcprimary.catalogue import (
    cap_for_pcn,
    entitlement,
    entitlement_rate,
    planning_year,
    role_catalogue,
    staff_role_map,
)
from bcprimary.db import open_database
from tests.conftest import realdata

YEARS = ["2023/24", "2024/25", "2025/26", "2026/27"]
FIXTURES = Path(__file__).parents[1] / "db" / "fixtures"
#: PCN workforce STAFF_ROLE values that are not ARRS-reimbursable roles.
NOT_ARRS = {
    "Clinical Director (DPC)",
    "Clinical Director (Nurse)",
    "Medical Clinical Director (GP)",
    "Non-clinical Director",
    "Managers",
    "Other Admin/Non-clinical",
    "Other Direct Patient Care",
}


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> dict[str, pd.DataFrame]:
    db = open_database(tmp_path_factory.mktemp("catalogue") / "fresh.sqlite")
    with Session(db.engine) as session:
        years = {y: role_catalogue(session, y, include_all=True) for y in YEARS}
        years["rates"] = {y: entitlement(session, y) for y in YEARS}
        years["planning_year"] = planning_year(session)
    db.dispose()
    return years


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _row(frame: pd.DataFrame, code: str) -> pd.Series:
    return frame.set_index("role_code").loc[code]


def test_every_year_has_its_roles_each_with_a_source(catalogue):
    counts = {y: len(catalogue[y]) for y in YEARS}
    assert counts == {"2023/24": 20, "2024/25": 21, "2025/26": 23, "2026/27": 23}
    for year in YEARS:
        frame = catalogue[year]
        for column in ("cost_source", "types_source", "cap_source"):
            assert frame[column].notna().all(), (year, column)
        eligible = frame[frame["arrs_eligible"]]
        assert eligible["annual_cost_gbp"].gt(0).all(), year
        assert eligible["yield_source"].str.startswith("assumption").all(), year
        assert (
            eligible["appointments_per_wte_month_low"] <= eligible["appointments_per_wte_month"]
        ).all()
        assert (
            eligible["appointments_per_wte_month"] <= eligible["appointments_per_wte_month_high"]
        ).all()
        assert set(frame["appointment_types"]) <= {"gp", "other", "none"}
        assert frame["provisional"].all() == (year == "2026/27")
        assert frame["provisional"].any() == (year == "2026/27")


def test_2026_27_has_every_2025_26_role_provisionally_with_the_gp_changes(catalogue):
    now, next_year = catalogue["2025/26"], catalogue["2026/27"]
    assert set(now["role_code"]) <= set(next_year["role_code"])
    assert next_year["cost_source"].str.startswith("provisional").all()
    gp = _row(next_year, "general_practitioner")
    assert gp["annual_cost_gbp"] > _row(now, "general_practitioner")["annual_cost_gbp"] * 1.3
    assert "top of the salaried GP range" in gp["cost_source"]
    assert "any GP eligible" in gp["cap_source"]
    assert "commissioners may approve additional roles" in gp["cap_source"]


def test_caps_follow_current_guidance(catalogue):
    ap = {y: _row(catalogue[y], "advanced_practitioner")["cap_rule"] for y in YEARS}
    assert cap_for_pcn(ap["2023/24"], 99_999) == 3 and cap_for_pcn(ap["2023/24"], 100_000) == 6
    # the 2024/25 contract letter removed the AP cap; 2025/26 has no restriction at all
    assert all(cap_for_pcn(_text(ap[y]), 200_000) is None for y in YEARS[1:])
    nurse = _row(catalogue["2024/25"], "enhanced_practice_nurse")["cap_rule"]
    assert cap_for_pcn(nurse, 60_000) == 1 and cap_for_pcn(nurse, 120_000) == 2
    for year in YEARS:
        assert _text(_row(catalogue[year], "mental_health_practitioner")["cap_rule"]) is None
    for year in ("2025/26", "2026/27"):
        assert catalogue[year]["cap_rule"].isna().all(), year
        assert catalogue[year]["cap_source"].str.contains("no restriction|keeps the 2025/26").all()


def test_gp_costs_and_appointment_types(catalogue):
    gp_2526 = _row(catalogue["2025/26"], "general_practitioner")
    # £82,418 salary plus on-costs: the DES figure £105,882 is 28.5% on top (the issue's ~26.5%
    # estimate, £104.3k, is within 2%)
    assert gp_2526["annual_cost_gbp"] == pytest.approx(82_418 * 1.265, rel=0.02)
    assert gp_2526["annual_cost_gbp"] == 105_882 and "82,418" in gp_2526["cost_source"]
    assert _row(catalogue["2024/25"], "general_practitioner")["annual_cost_gbp"] == 92_462
    assert not _row(catalogue["2023/24"], "general_practitioner")["arrs_eligible"]
    frame = catalogue["2025/26"].set_index("role_code")
    assert frame.loc["general_practitioner", "appointment_types"] == "gp"
    for code in (
        "clinical_pharmacist",
        "first_contact_physiotherapist",
        "paramedic",
        "advanced_practitioner",
        "practice_nurse_band5",
        "nursing_associate",
    ):
        assert frame.loc[code, "appointment_types"] == "other", code
    for code in (
        "care_coordinator",
        "social_prescribing_link_worker",
        "health_and_wellbeing_coach",
        "digital_transformation_lead",
    ):
        assert frame.loc[code, "appointment_types"] == "none", code
    pa = frame.loc["physician_associate"]
    assert "undifferentiated" in pa["yield_source"] and "Leng" in pa["types_source"]
    assert (
        pa["appointments_per_wte_month"]
        < frame.loc["advanced_practitioner", "appointments_per_wte_month"]
    )


def test_entitlement_rates_per_year_with_the_gp_add_on(catalogue):
    rates = catalogue["rates"]
    assert {y: r.gbp_per_weighted_patient for y, r in rates.items()} == {
        "2023/24": 22.671,
        "2024/25": 22.894,
        "2025/26": 26.631,
        "2026/27": 27.30,
    }
    addon = rates["2024/25"]
    assert addon.gp_addon_gbp_per_weighted_patient == 1.303
    assert addon.gp_addon_months == "2024-10/2025-03" and "10.5.4" in addon.gp_addon_source
    assert addon.total_gbp_per_weighted_patient == pytest.approx(24.197)
    assert rates["2026/27"].provisional and "provisional" in rates["2026/27"].source
    assert not any(rates[y].provisional for y in YEARS[:3])
    # a provisional year is planned only when asked for
    assert catalogue["planning_year"] == "2025/26"


def test_the_default_catalogue_is_what_a_plan_can_recruit(catalogue, tmp_path):
    db = open_database(tmp_path / "plan.sqlite")
    with Session(db.engine) as session:
        plannable = role_catalogue(session, "2025/26")
        rate, _source = entitlement_rate(session, "2024/25")
    db.dispose()
    assert list(plannable.columns)[:9] == [
        "financial_year",
        "role_code",
        "role_name",
        "pay_band",
        "annual_cost_gbp",
        "cost_source",
        "appointments_per_wte_month",
        "yield_source",
        "cap_rule",
    ]
    assert "digital_transformation_lead" not in set(plannable["role_code"])
    assert plannable["appointments_per_wte_month"].gt(0).all()
    assert rate == pytest.approx(22.894 + 1.303)


def test_every_arrs_staff_role_in_the_real_workforce_file_maps_for_every_year(catalogue):
    path = realdata("workforce/Primary Care Networks - September 2022 Individual Level.csv")
    roles = set(pd.read_csv(path, encoding="cp1252", usecols=["STAFF_ROLE"])["STAFF_ROLE"])
    mapping = staff_role_map()
    arrs = roles - NOT_ARRS
    assert arrs and arrs <= set(mapping), sorted(arrs - set(mapping))
    assert not (NOT_ARRS & set(mapping))
    for year in YEARS:
        frame = catalogue[year].set_index("role_code")
        for staff_role in arrs:
            code = mapping[staff_role]
            assert code in frame.index, (year, staff_role)
            row = frame.loc[code]
            assert (not row["arrs_eligible"]) or row["annual_cost_gbp"] > 0, (year, staff_role)


def test_national_snapshot_fte_is_computed_from_the_real_file():
    from bcprimary.catalogue import national_arrs_fte

    path = realdata("workforce/Primary Care Networks - September 2022 Individual Level.csv")
    data = pd.read_csv(path, encoding="cp1252", usecols=["STAFF_ROLE", "FTE"])
    mapping = staff_role_map()
    eligible = {r for r, code in mapping.items() if code != "healthcare_support_worker"}
    total = data.loc[data["STAFF_ROLE"].isin(eligible), "FTE"].sum()
    first = national_arrs_fte()[0]
    assert first[0].isoformat() == "2022-09-30" and first[1] == pytest.approx(total, abs=0.1)


def test_a_v1_database_gets_the_v2_catalogue(tmp_path):
    copy = tmp_path / "v1.sqlite"
    shutil.copy(FIXTURES / "schema_v1.sqlite", copy)
    db = open_database(copy)
    with Session(db.engine) as session:
        full = role_catalogue(session, "2026/27", include_all=True)
        rate = entitlement(session, "2024/25")
    db.dispose()
    assert len(full) == 23 and full["appointment_types"].notna().all()
    assert rate.gp_addon_gbp_per_weighted_patient == 1.303
