"""The publications as they come (issue 11, point 4): layouts written from each publication's
description, built from slices of the real files."""

from __future__ import annotations

import csv
import re

import pytest
from sqlalchemy import select

from bcprimary.db.models import Deprivation, WeightedList
from tests.importing.realslices import (
    DEPRIVATION,
    PAYMENTS,
    column,
    import_one,
    read_csv,
    write_csv,
)

# fingertipsR::fingertips_data() saved with write.csv: run-together names, NA for empty.
FINGERTIPSR = [
    "IndicatorID", "IndicatorName", "ParentCode", "ParentName", "AreaCode", "AreaName",
    "AreaType", "Sex", "Age", "CategoryType", "Category", "Timeperiod", "Value",
    "LowerCI95.0limit", "UpperCI95.0limit", "Count", "Denominator", "Valuenote",
    "RecentTrend", "ComparedtoEnglandvalueorpercentiles", "TimeperiodSortable", "IMD_Decile",
]  # fmt: skip


def _practices(limit=200):
    header, rows = read_csv(DEPRIVATION)
    kind, code, value = (column(header, c) for c in ("Area Type", "Area Code", "Value"))
    chosen = [r for r in rows if r[kind] == "GP"][:limit]
    return [(r[code], r[column(header, "Area Name")], r[value]) for r in chosen]


def _scores(db, edition):
    with db.session() as session:
        rows = session.execute(
            select(Deprivation.area_code, Deprivation.score, Deprivation.published_decile).where(
                Deprivation.edition == edition
            )
        ).all()
    return {code: (score, decile) for code, score, decile in rows}


@pytest.mark.parametrize(("indicator", "edition"), [("93553", "2019"), ("94240", "2025")])
def test_fingertipsr_export_with_na_text_and_a_decile_column(db, tmp_path, indicator, edition):
    practices = _practices()
    rows = []
    for i, (code, name, value) in enumerate(practices):
        blank_value = i == 3  # a suppressed value: the text NA
        rows.append(
            [indicator, f"Deprivation score (IMD {edition})", "E38000001", "Some ICB", code,
             name, "GPs", "Persons", "All ages", "NA", "NA", edition,
             "NA" if blank_value else value, "NA", "NA", "NA", "NA", "NA", "NA",
             "Not compared", f"{edition}0000", "NA" if blank_value else str(1 + i % 10)]
        )  # fmt: skip
    path = tmp_path / f"fingertips_{indicator}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(FINGERTIPSR)
        writer.writerows(rows)
    outcome = import_one(db, path)
    assert outcome.ok, outcome.error
    assert outcome.snapshot == f"IMD {edition}"
    scores = _scores(db, f"IMD {edition}")
    assert len(scores) == len(practices)
    code, _name, value = practices[0]
    assert scores[code] == (pytest.approx(float(value)), 1)
    assert scores[practices[3][0]] == (None, None)
    assert scores[practices[5][0]][1] == 6


def test_api_long_layout_with_several_years_keeps_the_newest_and_says_so(db, tmp_path):
    practices = _practices(50)
    header = ["IndicatorID", "Year", "AreaCode", "AreaName", "IsAreaCurrent", "Value"]
    rows = [
        ["93553", year, code, name, "True", str(float(value) + (year == "2020"))]
        for year in ("2019", "2020")
        for code, name, value in practices
    ]
    outcome = import_one(db, write_csv(tmp_path / "indicator-data.csv", header, rows))
    assert outcome.ok, outcome.error
    assert outcome.rows_kept == len(practices)
    assert any("only the latest, 2020, is kept" in w.message for w in outcome.warnings)
    code, _name, value = practices[0]
    assert _scores(db, "IMD 2019")[code][0] == pytest.approx(float(value) + 1)


def test_a_file_with_no_area_score_is_a_sentence_not_a_crash(db, tmp_path):
    header = ["IndicatorID", "AreaCode", "Category", "Timeperiod", "Value"]
    rows = [["93553", code, "Most deprived decile", "2019", v] for code, _n, v in _practices(5)]
    outcome = import_one(db, write_csv(tmp_path / "breakdown.csv", header, rows))
    assert not outcome.ok
    assert "breakdown.csv" in outcome.error and "expected rows of" in outcome.error


# Payments files: how each year's header differs from 2024/25's (from the publications).
PAYMENT_YEARS = {
    "2019-20": {
        "Average Number of Weighted Patients": "Average number of weighted patients¹",
        "Average Number of Registered Patients": "Average number of registered patients¹",
    },
    "2020-21": {
        "Average Number of Weighted Patients": "Number of Weighted Patients (Last Known Figure)",
        "Average Number of Registered Patients": "Number of Registered Patients (Last Known "
        "Figure)",
    },
    "2021-22": {
        "Average Number of Weighted Patients": "Number of Weighted Patients (Last Known Figure)",
    },
    # 2022/23: the headings are shifted, the PCN code sits under "Code", its name under
    # "CCG NAME" (and the sub-ICB name under "PCN Code").
    "2022-23": {
        "Average Number of Weighted Patients": "Number of Weighted Patients (Last Known Figure)",
        "PCN Code": "Code",
        "PCN Name": "CCG NAME",
        "Sub ICB Code": "CCG CODE",
        "Sub ICB Name": "PCN Code",
    },
    "2023-24": {},
}


@pytest.mark.parametrize("year", list(PAYMENT_YEARS))
def test_payments_file_of_every_year_finds_weighted_list_and_pcn(db, tmp_path, year):
    header, rows = read_csv(PAYMENTS)
    sub_icb, pcn = column(header, "Sub ICB Code"), column(header, "PCN Code")
    rows = [r for r in rows if r[sub_icb] == "D2P2L"]
    renamed = [PAYMENT_YEARS[year].get(h, h) for h in header]
    path = write_csv(tmp_path / f"nhs-payments-to-general-practice-{year}.csv", renamed, rows)
    outcome = import_one(db, path)
    assert outcome.ok, outcome.error
    with db.session() as session:
        loaded = dict(
            session.execute(select(WeightedList.practice_code, WeightedList.pcn_code)).all()
        )
    practice = column(header, "Practice Code")
    published = {r[practice]: r[pcn] for r in rows if re.fullmatch(r"U\d{5}", r[pcn])}
    assert loaded and all(loaded[p] == published[p] for p in published if p in loaded)
    assert sum(1 for p in loaded.values() if p and p != "U") > 0.9 * len(loaded)
