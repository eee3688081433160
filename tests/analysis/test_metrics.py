"""Every metric of DESIGN §3 checked against figures computed here, by hand, from the real
published files and the generated appointment files (csv module, no app code)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from bcprimary.analysis import AnalysisOptions, build_access_picture, metrics_table
from solver.options import PlanOptions
from tests.analysis.conftest import MONTHS, REAL_FILES
from tests.conftest import realdata

QUA = AnalysisOptions(icb_codes=("QUA",))
PCN = "U06610"  # Dudley and Netherton PCN


def _rows(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


@pytest.fixture(scope="module")
def published():
    registered = {
        r["CODE"]: int(r["NUMBER_OF_PATIENTS"])
        for r in _rows(realdata(REAL_FILES[0]))
        if r["SUB_ICB_LOCATION_CODE"] == "D2P2L"
    }
    pcn_of = {r["PRACTICE_CODE"]: r["PCN_CODE"] for r in _rows(realdata(REAL_FILES[1]))}
    weighted = {
        r["Practice Code"]: float(r["Average Number of Weighted Patients"])
        for r in _rows(realdata(REAL_FILES[2]))
        if float(r["Average Number of Weighted Patients"] or 0) > 0
    }
    scores = {
        r["Area Code"]: float(r["Value"])
        for r in _rows(realdata(REAL_FILES[3]))
        if r["Area Type"] in ("GP", "GPs") and r["Value"]
    }
    return registered, pcn_of, weighted, scores


@pytest.fixture(scope="module")
def appointments(crosstabs):
    """practice → {appointments, dna, all, gp} summed over the months, from the files."""
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    import zipfile  # noqa: F401  (files are plain CSV here)

    for path in crosstabs:
        for r in _rows(path):
            count = int(r["COUNT_OF_APPOINTMENTS"])
            s = sums[r["GP_CODE"]]
            s["all"] += count
            if r["APPT_STATUS"] == "DNA":
                s["dna"] += count
            else:
                s["appointments"] += count
                if r["HCP_TYPE"] == "GP":
                    s["gp"] += count
    return sums


@pytest.fixture
def picture(bc_db):
    with bc_db.session() as session:
        return build_access_picture(session, QUA)


def test_patients_places_and_pcns_match_the_publication(picture):
    area = picture.area
    assert area["registered_patients"] == 1_343_433
    assert area["practices"] == 170
    assert area["pcns"] == 27
    assert area["unallocated_practices"] == 1
    places = metrics_table(picture, "place").set_index("code")
    assert set(places.index) == {
        "Dudley",
        "Sandwell",
        "Walsall",
        "Wolverhampton",
        "Unallocated (no PCN)",
    }
    assert places["registered_patients"].sum() == 1_343_433
    assert places.loc[["Dudley", "Sandwell", "Walsall", "Wolverhampton"], "pcns"].sum() == 27


def test_pcn_sums_and_list_weighted_imd(picture, published):
    registered, pcn_of, weighted, scores = published
    members = [c for c in registered if pcn_of.get(c) == PCN]
    pcn = metrics_table(picture, "pcn").set_index("code").loc[PCN]
    assert pcn["practices"] == len(members)
    assert pcn["registered_patients"] == sum(registered[c] for c in members)
    assert pcn["weighted_patients"] == pytest.approx(sum(weighted[c] for c in members))
    scored = [c for c in members if c in scores]
    expected_imd = sum(scores[c] * registered[c] for c in scored) / sum(
        registered[c] for c in scored
    )
    assert pcn["imd_score"] == pytest.approx(expected_imd)
    assert pcn["imd_edition"] == "IMD 2019"


def test_national_quintiles_rank_every_practice_in_england(picture, published):
    *_, scores = published
    ordered = sorted(scores.values(), reverse=True)
    practices = picture.practices.set_index("code")
    for code in ["M87001", "M88006", "M92011", "M91028"]:
        if code not in practices.index or code not in scores:
            continue
        rank = ordered.index(scores[code]) + 1
        assert practices.loc[code, "imd_quintile"] == np.ceil(rank * 5 / len(ordered))
        assert practices.loc[code, "imd_decile"] == np.ceil(rank * 10 / len(ordered))


def test_appointment_rates_shares_and_dna(picture, published, appointments):
    registered, pcn_of, weighted, _ = published
    practices = picture.practices.set_index("code")
    code = "M87003"
    s = appointments[code]
    months = len(MONTHS)
    row = practices.loc[code]
    assert row["appointments_per_month"] == pytest.approx(s["appointments"] / months)
    assert row["dna_per_month"] == pytest.approx(s["dna"] / months)
    assert row["dna_rate"] == pytest.approx(s["dna"] / s["all"])
    assert row["gp_share"] == pytest.approx(s["gp"] / s["appointments"])
    assert row["appointments_per_1000_registered"] == pytest.approx(
        s["appointments"] / months / registered[code] * 1000
    )
    assert row["appointments_per_1000_weighted"] == pytest.approx(
        s["appointments"] / months / weighted[code] * 1000
    )
    # The PCN rate is recomputed from summed appointments and weighted lists, not averaged.
    members = [c for c in registered if pcn_of.get(c) == PCN]
    pcn = picture.pcns.set_index("code").loc[PCN]
    total = sum(appointments[c]["appointments"] for c in members) / months
    assert pcn["appointments_per_month"] == pytest.approx(total)
    assert pcn["appointments_per_1000_weighted"] == pytest.approx(
        total / sum(weighted[c] for c in members) * 1000
    )


def test_target_is_the_pcn_upper_quartile_and_gaps_are_positive_parts(picture):
    pcns = picture.pcns[picture.pcns["code"] != "U"]
    expected = np.percentile(pcns["appointments_per_1000_weighted"], 75)
    assert picture.target_rate == pytest.approx(expected)
    target = expected * pcns["weighted_patients"] / 1000
    assert pcns["target_appointments"].to_numpy() == pytest.approx(target.to_numpy())
    gap = np.maximum(0, target - pcns["appointments_per_month"])
    assert pcns["access_gap"].to_numpy() == pytest.approx(gap.to_numpy())
    assert picture.area["access_gap"] == pytest.approx(gap.sum())
    assert (pcns["access_gap"] > 0).sum() >= 6  # three quarters of PCNs are below the UQ


def test_a_typed_target_and_need_uplift_are_honoured(bc_db):
    uplift = PlanOptions(target_rate=500.0, need_uplift="quintile", uplift_by_quintile={1: 1.2})
    options = AnalysisOptions(icb_codes=("QUA",), plan=uplift)
    with bc_db.session() as session:
        pcns = build_access_picture(session, options).pcns.set_index("code")
    row = pcns.loc[PCN]
    uplift = 1.2 if row["imd_quintile"] == 1 else 1.0
    assert row["target_appointments"] == pytest.approx(
        500 * row["weighted_patients"] / 1000 * uplift
    )


def test_sii_and_quintile_gap_recomputed_independently(picture):
    p = picture.practices.dropna(subset=["appointments_per_month", "imd_decile"])
    by_decile = p.groupby("imd_decile")[["appointments_per_month", "weighted_patients"]].sum()
    rate = by_decile["appointments_per_month"] / by_decile["weighted_patients"] * 1000
    share = by_decile["weighted_patients"] / by_decile["weighted_patients"].sum()
    rank = share.cumsum() - share / 2
    slope = np.polyfit(rank, rate, 1, w=np.sqrt(share))[0]
    assert picture.area["sii"] == pytest.approx(slope)
    by_q = p.groupby("imd_quintile")[["appointments_per_month", "weighted_patients"]].sum()
    q_rate = by_q["appointments_per_month"] / by_q["weighted_patients"] * 1000
    assert picture.area["quintile_gap"] == pytest.approx(q_rate[5] - q_rate[1])


def test_tables_have_the_promised_columns(picture):
    wanted = [
        "code",
        "name",
        "pcn_code",
        "place",
        "registered_patients",
        "weighted_patients",
        "imd_score",
        "imd_edition",
        "imd_quintile",
        "appointments_per_month",
        "appointments_per_1000_registered",
        "appointments_per_1000_weighted",
        "gp_share",
        "dna_rate",
        "target_appointments",
        "access_gap",
    ]
    for level in ("practice", "pcn"):
        table = metrics_table(picture, level)
        assert set(wanted) <= set(table.columns), level
    assert len(metrics_table(picture, "practice")) == 170
    assert len(metrics_table(picture, "pcn")) == 28  # 27 PCNs + unallocated
