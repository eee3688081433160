"""PCN workforce from the real September 2022 file, and the practice-level workforce CSV
(generated over real Black Country practices), checked against figures computed here with the
csv module."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from collections import defaultdict
from functools import cache

import pytest
from sqlalchemy import func, select

from bcprimary.db.models import ICB, PCN, PcnWorkforce, PracticeWorkforce
from bcprimary.importing.readers.practice_workforce import stored_measure
from sample_data.synthetic.practice_workforce import write_practice_workforce
from tests.conftest import realdata
from tests.importing.activity_inputs import (
    DEFINITIONS,
    DERIVED_FTE,
    PCN_WORKFORCE,
    black_country,
    read_records,
)
from tests.importing.realslices import import_one

SEPTEMBER_2022 = dt.date(2022, 9, 30)

# --- PCN workforce (real file) ----------------------------------------------------------------


@cache
def pcn_rows() -> list[dict[str, str]]:
    with realdata(PCN_WORKFORCE).open(encoding="cp1252", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def pcn_db(tmp_path_factory):
    from bcprimary.db import open_database

    db = open_database(tmp_path_factory.mktemp("pcn workforce") / "planner.sqlite")
    outcome = import_one(db, realdata(PCN_WORKFORCE))
    assert outcome.ok, outcome.error
    yield db, outcome
    db.dispose()


def test_every_person_role_row_is_loaded(pcn_db):
    db, outcome = pcn_db
    assert len(pcn_rows()) == 17_239
    assert outcome.rows_read == outcome.rows_kept == 17_239
    assert outcome.snapshot == "2022-09"
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(PcnWorkforce)) == 17_239
        assert set(s.scalars(select(PcnWorkforce.snapshot_date).distinct())) == {SEPTEMBER_2022}
        sources = dict(
            s.execute(
                select(PcnWorkforce.data_source, func.count()).group_by(PcnWorkforce.data_source)
            ).all()
        )
    expected = defaultdict(int)
    for row in pcn_rows():
        expected[row["Data_source"]] += 1
    assert sources == dict(expected)


def test_fte_totals_match_the_file_nationally_and_for_the_black_country(pcn_db):
    db, _ = pcn_db
    national = sum(float(r["FTE"]) for r in pcn_rows())
    qua = [r for r in pcn_rows() if r["ICB_CODE"] == "QUA"]
    with db.session() as s:
        stored = s.scalar(select(func.sum(PcnWorkforce.fte)))
        qua_pcns = set(
            s.scalars(select(PCN.code).where(PCN.icb_code == "QUA", PCN.code.like("U%")))
        )
        qua_fte = s.scalar(
            select(func.sum(PcnWorkforce.fte)).where(PcnWorkforce.pcn_code.in_(qua_pcns))
        )
        assert s.get(ICB, "QUA").name == qua[0]["ICB_NAME"]
    assert stored == pytest.approx(national, abs=1e-6)
    assert len(qua_pcns) == len({r["PCN_CODE"] for r in qua}) == 26
    assert qua_fte == pytest.approx(sum(float(r["FTE"]) for r in qua), abs=1e-6)


def test_fte_by_role_for_one_black_country_pcn(pcn_db):
    db, _ = pcn_db
    code = sorted({r["PCN_CODE"] for r in pcn_rows() if r["ICB_CODE"] == "QUA"})[0]
    expected: dict[str, float] = defaultdict(float)
    for row in pcn_rows():
        if row["PCN_CODE"] == code:
            expected[row["STAFF_ROLE"]] += float(row["FTE"])
    with db.session() as s:
        stored = dict(
            s.execute(
                select(PcnWorkforce.staff_role, func.sum(PcnWorkforce.fte))
                .where(PcnWorkforce.pcn_code == code)
                .group_by(PcnWorkforce.staff_role)
            ).all()
        )
        name = s.get(PCN, code).name
    assert stored == pytest.approx(dict(expected), abs=1e-9)
    assert name == next(r["PCN_NAME"] for r in pcn_rows() if r["PCN_CODE"] == code)


def test_the_negative_fte_is_kept_and_reported(pcn_db):
    _, outcome = pcn_db
    negative = [i + 2 for i, r in enumerate(pcn_rows()) if float(r["FTE"]) < 0]
    warnings = [w for w in outcome.warnings if "negative" in w.message]
    assert [w.row for w in warnings] == negative and len(negative) == 1


# --- practice workforce (generated) -----------------------------------------------------------

OCTOBER_FILE = "General Practice – October 2025 Practice Level - Detailed.csv"


@pytest.fixture(scope="module")
def workforce_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gp workforce")
    return write_practice_workforce(
        folder / OCTOBER_FILE,
        black_country(),
        snapshot=dt.date(2025, 10, 31),
        definitions_xlsx=realdata(DEFINITIONS),
        calibration_csv=realdata(DERIVED_FTE),
        seed=8,
    ).path


def test_practice_workforce_is_stored_long_with_na_kept_apart(db, workforce_file):
    outcome = import_one(db, workforce_file)
    assert outcome.ok, outcome.error
    assert outcome.snapshot == "2025-10" and outcome.rows_kept == len(black_country())
    header, rows = read_records(workforce_file)
    measures = [m for m in header if stored_measure(m)]
    assert {
        "TOTAL_GP_FTE",
        "TOTAL_GP_EXTGL_FTE",
        "TOTAL_NURSES_FTE",
        "TOTAL_DPC_FTE",
        "TOTAL_ADMIN_FTE",
        "TOTAL_DPC_PHARMA_FTE",
        "TOTAL_PATIENTS",
        "FEMALE_PATIENTS_85PLUS",
    } <= set(measures)
    assert not any(m.startswith("MALE_GP") or m.endswith("_UNDER30") for m in measures)

    expected_values, expected_na = {}, set()
    for row in rows:
        for measure in measures:
            value = row[header.index(measure)]
            key = (row[0], measure)
            if value == "NA":
                expected_na.add(key)
            else:
                expected_values[key] = float(value)
    with db.session() as s:
        stored = s.execute(
            select(
                PracticeWorkforce.practice_code,
                PracticeWorkforce.measure,
                PracticeWorkforce.value,
                PracticeWorkforce.note,
            ).where(PracticeWorkforce.snapshot_date == dt.date(2025, 10, 31))
        ).all()
    assert {(p, m): v for p, m, v, n in stored if n is None} == expected_values
    assert {(p, m) for p, m, v, n in stored if n == "NA"} == expected_na
    assert all(v is None for _, _, v, n in stored if n)
    if expected_na:
        assert any("'NA'" in w.message for w in outcome.warnings)


def test_practice_workforce_month_comes_from_the_zip_name(db, tmp_path, workforce_file):
    archive = tmp_path / "GPW Practice Level CSVs (Sept 2025).zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(workforce_file, "1 Practice Level - Detailed.csv")
    outcome = import_one(db, archive)
    assert outcome.ok, outcome.error
    assert outcome.snapshot == "2025-09"
    with db.session() as s:
        dates = set(s.scalars(select(PracticeWorkforce.snapshot_date).distinct()))
    assert dates == {dt.date(2025, 9, 30)}
