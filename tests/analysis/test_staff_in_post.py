"""ARRS staff in post on the packaged sample (real Sept 2022 PCN workforce file): an old
snapshot warns and is scaled, a PCN with no workforce rows is flagged and not shown its whole
entitlement as headroom, and every staff role in post is costed in every year."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from bcprimary.analysis.access import build_access_picture
from bcprimary.analysis.workforce import UncostedRoleError, arrs_entitlement, arrs_staff_by_role
from bcprimary.db import open_database
from bcprimary.importing import import_files
from bcprimary.sample import sample_files

YEARS = ["2023/24", "2024/25", "2025/26", "2026/27"]
#: The Black Country PCN with no rows in the Sept 2022 workforce file.
MISSING_PCN = "U54044"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    db = open_database(path)
    outcomes = import_files(db, sample_files())
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def tables(sample_db):
    with Session(sample_db.engine) as session:
        picture = build_access_picture(session)
        staff = arrs_staff_by_role(session, picture)
        years = {y: arrs_entitlement(session, picture, y) for y in YEARS}
        flat = arrs_entitlement(session, picture, "2025/26", fte_growth=1.0)
    return staff, years, flat


def test_a_plan_year_two_years_after_the_snapshot_warns(tables):
    staff, years, _flat = tables
    snapshot = staff.attrs["snapshot_date"]
    assert snapshot.isoformat() == "2022-09-30"
    table = years["2025/26"]
    assert table.attrs["snapshot_date"] == snapshot
    assert table["workforce_stale"].all()
    assert any("30 Sep 2022" in w and "2025/26" in w for w in table.attrs["warnings"])
    assert table.attrs["growth_source"].startswith("assumption: national ARRS FTE grew")


def test_staff_in_post_grow_with_national_arrs_fte_unless_told_otherwise(tables):
    _staff, years, flat = tables
    table = years["2025/26"]
    growth = table.attrs["fte_growth"]
    assert growth > 1.5  # 12,335 FTE nationally in Sept 2022; 24,241 in May 2024
    assert table["arrs_fte"].sum() == pytest.approx(table["arrs_fte_at_snapshot"].sum() * growth)
    assert flat.attrs["fte_growth"] == 1.0
    assert flat["arrs_fte"].sum() == pytest.approx(313.39, abs=0.01)


def test_a_pcn_with_no_workforce_rows_is_flagged_not_given_full_headroom(tables):
    _staff, years, flat = tables
    for table in (*years.values(), flat):
        missing = table[table["workforce_missing"]]
        assert list(missing["code"]) == [MISSING_PCN]
        row = missing.iloc[0]
        assert row["arrs_in_post_cost_gbp"] > 0
        assert row["arrs_headroom_gbp"] < row["arrs_entitlement_gbp"]
        assert any(MISSING_PCN in w for w in table.attrs["warnings"])
    assert not flat.loc[~flat["workforce_missing"], "arrs_fte"].eq(0).any()


def test_every_staff_role_in_the_sample_is_costed_in_every_year(tables):
    staff, years, _flat = tables
    arrs = staff[staff["role_code"].notna()]
    assert set(arrs["staff_role"]) >= {"Pharmacists", "Care Coordinators", "Nursing Associates"}
    for year, table in years.items():
        reported = table[~table["workforce_missing"]]
        assert reported["arrs_in_post_cost_gbp"].gt(0).all(), year
        average = reported["arrs_in_post_cost_gbp"].sum() / reported["arrs_fte"].sum()
        assert 30_000 < average < 80_000, year


def test_the_2024_25_entitlement_includes_the_gp_add_on(tables):
    _staff, years, _flat = tables
    table = years["2024/25"]
    assert table["arrs_gp_addon_gbp"].sum() == pytest.approx(
        table["weighted_patients"].sum() * 1.303
    )
    assert table["arrs_entitlement_gbp"].sum() == pytest.approx(
        table["weighted_patients"].sum() * (22.894 + 1.303)
    )
    assert years["2025/26"]["arrs_gp_addon_gbp"].eq(0).all()


def test_a_role_with_no_cost_for_the_year_is_an_error_naming_it(sample_db, tmp_path):
    copy = tmp_path / "edited.sqlite"
    with sample_db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(sample_db.path, copy)
    db = open_database(copy)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "update arrs_role set max_reimbursable_gbp = null "
                "where financial_year = '2025/26' and role_code = 'care_coordinator'"
            )
        )
    with Session(db.engine) as session:
        picture = build_access_picture(session)
        with pytest.raises(
            UncostedRoleError, match=r"Care Coordinators.*care_coordinator.*2025/26"
        ):
            arrs_entitlement(session, picture, "2025/26")
    db.dispose()
    assert issubclass(UncostedRoleError, ValueError)
