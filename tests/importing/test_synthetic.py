"""The generators write files of exactly the published shape, calibrated and reproducible."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import zipfile
from functools import cache

import numpy as np
import pandas as pd
import pytest

from bcprimary.importing.readers.appointments.labels import (
    APPT_MODES,
    APPT_STATUSES,
    CROSSTAB_COLUMNS,
    HCP_TYPES,
    NATIONAL_CATEGORIES,
    TIME_BETWEEN_BOOK_AND_APPT,
)
from sample_data.synthetic.appointments import crosstab_file_name, write_crosstab
from sample_data.synthetic.practice_workforce import write_practice_workforce
from sample_data.synthetic.workforce_fields import band_families, read_field_names, staff_groups
from tests.conftest import realdata
from tests.importing.activity_inputs import (
    DEFINITIONS,
    DERIVED_FTE,
    OCTOBER,
    black_country,
    crosstab,
    national_practices,
    read_records,
)

# --- appointments crosstab: shape -------------------------------------------------------------


def test_crosstab_has_the_published_header_labels_and_date(tmp_path):
    odd = dataclasses.replace(
        black_country()[0], name='DR "A", B & PARTNERS', pcn_name="NORTH,\nSOUTH PCN"
    )
    summary = crosstab(tmp_path / "out folder", [odd, *black_country()[1:5]])
    text = summary.path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(CROSSTAB_COLUMNS)
    assert '"DR ""A"", B & PARTNERS"' in text and '"NORTH,\nSOUTH PCN"' in text
    assert summary.path.name == "Practice_Level_Crosstab_Oct_25.csv"

    header, rows = read_records(summary.path)
    assert header == list(CROSSTAB_COLUMNS)
    assert len(rows) == summary.rows and all(len(r) == 14 for r in rows)
    column = {name: i for i, name in enumerate(header)}
    assert {r[column["APPOINTMENT_MONTH_START_DATE"]] for r in rows} == {"01OCT2025"}
    for name, labels in (
        ("HCP_TYPE", HCP_TYPES),
        ("APPT_MODE", APPT_MODES),
        ("NATIONAL_CATEGORY", NATIONAL_CATEGORIES),
        ("TIME_BETWEEN_BOOK_AND_APPT", TIME_BETWEEN_BOOK_AND_APPT),
        ("APPT_STATUS", APPT_STATUSES),
    ):
        assert {r[column[name]] for r in rows} <= set(labels)
    intervals = {r[column["TIME_BETWEEN_BOOK_AND_APPT"]] for r in rows}
    assert "8  to 14 Days" in intervals  # the published double space
    counts = [int(r[column["COUNT_OF_APPOINTMENTS"]]) for r in rows]
    assert min(counts) >= 1 and sum(counts) == summary.appointments
    assert rows[0][column["GP_NAME"]] == 'DR "A", B & PARTNERS'


def test_crosstab_in_a_zip_is_named_as_published(tmp_path):
    summary = write_crosstab(tmp_path / "month.zip", black_country()[:3], OCTOBER, seed=1)
    with zipfile.ZipFile(summary.path) as archive:
        assert archive.namelist() == [crosstab_file_name(OCTOBER)]
        lines = archive.read(crosstab_file_name(OCTOBER)).decode().splitlines()
    assert len(lines) == summary.rows + 1


def test_crosstab_is_reproducible_by_seed(tmp_path):
    practices = black_country()[:6]
    first = crosstab(tmp_path / "a", practices, seed=5).path.read_bytes()
    again = crosstab(tmp_path / "b", practices, seed=5).path.read_bytes()
    other = crosstab(tmp_path / "c", practices, seed=6).path.read_bytes()
    assert first == again and first != other
    # A practice's rows do not depend on which other practices are generated with it.
    alone = crosstab(tmp_path / "d", practices[2:3], seed=5).path.read_text().splitlines()
    assert set(alone[1:]) <= set(first.decode().splitlines())


# --- appointments crosstab: calibration ---------------------------------------------------------


@cache
def _national_sample(month: dt.date, tmp: str) -> pd.DataFrame:
    """Every 12th practice in England (~520), read back with pandas."""
    from pathlib import Path

    sample = national_practices()[::12]
    path = Path(tmp) / f"sample {month:%b}.csv"
    write_crosstab(path, sample, month, seed=2024)
    frame = pd.read_csv(path, dtype={"COUNT_OF_APPOINTMENTS": "int64"}, keep_default_na=False)
    sizes = {p.code: p.list_size for p in sample}
    imd = {p.code: p.imd_score for p in sample}
    return frame.assign(list_size=frame["GP_CODE"].map(sizes), imd=frame["GP_CODE"].map(imd))


@pytest.fixture(scope="module")
def october(tmp_path_factory) -> pd.DataFrame:
    return _national_sample(OCTOBER, str(tmp_path_factory.mktemp("national sample")))


def _share(frame: pd.DataFrame, column: str, label: str) -> float:
    counts = frame.groupby(column)["COUNT_OF_APPOINTMENTS"].sum()
    return counts.get(label, 0) / counts.sum()


def test_crosstab_is_calibrated_to_national_figures(october):
    per_practice = october.groupby("GP_CODE").agg(
        appointments=("COUNT_OF_APPOINTMENTS", "sum"), list_size=("list_size", "first")
    )
    rate = per_practice["appointments"].sum() / per_practice["list_size"].sum() * 1000
    assert 480 <= rate <= 520
    assert 0.43 <= _share(october, "HCP_TYPE", "GP") <= 0.47
    assert 0.04 <= _share(october, "APPT_STATUS", "DNA") <= 0.05
    assert 0.02 <= _share(october, "APPT_STATUS", "Unknown") <= 0.03
    assert 0.40 <= _share(october, "TIME_BETWEEN_BOOK_AND_APPT", "Same Day") <= 0.45
    assert 0.62 <= _share(october, "APPT_MODE", "Face-to-Face") <= 0.68
    # Realistic spread between practices: most within ±40% of the national rate.
    practice_rate = per_practice["appointments"] / per_practice["list_size"] * 1000
    spread = practice_rate.quantile(0.9) / practice_rate.quantile(0.1)
    assert 1.4 <= spread <= 2.5


def test_crosstab_has_a_mild_deprivation_gradient_and_seasonality(october, tmp_path):
    known = october[october["imd"].notna()]
    per_practice = known.groupby("GP_CODE").agg(
        appointments=("COUNT_OF_APPOINTMENTS", "sum"),
        list_size=("list_size", "first"),
        imd=("imd", "first"),
    )
    quintile = pd.qcut(per_practice["imd"], 5, labels=False)
    rate = per_practice.groupby(quintile).sum()
    per_1000 = rate["appointments"] / rate["list_size"]
    assert 0.85 <= per_1000[4] / per_1000[0] < 0.99  # most deprived see a little less
    dna = known.groupby(pd.qcut(known["imd"], 5, labels=False)).apply(
        lambda f: _share(f, "APPT_STATUS", "DNA"), include_groups=False
    )
    assert dna[4] > dna[0]  # and miss more appointments

    august = _national_sample(dt.date(2025, 8, 1), str(tmp_path))
    ratio = august["COUNT_OF_APPOINTMENTS"].sum() / october["COUNT_OF_APPOINTMENTS"].sum()
    assert 0.90 < ratio < 0.98  # summer holidays are quieter than autumn
    patients = sum(p.list_size for p in national_practices()[::12])
    assert 480 <= august["COUNT_OF_APPOINTMENTS"].sum() / patients * 1000 <= 520


# --- practice workforce ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def workforce(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workforce")
    practices = black_country()
    summary = write_practice_workforce(
        folder / "General Practice – October 2025 Practice Level - Detailed.csv",
        practices,
        snapshot=dt.date(2025, 10, 31),
        definitions_xlsx=realdata(DEFINITIONS),
        calibration_csv=realdata(DERIVED_FTE),
        seed=3,
    )
    header, rows = read_records(summary.path)
    return summary, header, [dict(zip(header, r, strict=True)) for r in rows]


def _calibration_2024() -> dict[str, dict[str, str]]:
    with realdata(DERIVED_FTE).open(encoding="utf-8-sig", newline="") as handle:
        return {r["Practice.Code"]: r for r in csv.DictReader(handle) if r["Year"] == "2024"}


def test_workforce_file_has_every_published_field_in_order(workforce):
    summary, header, rows = workforce
    fields = read_field_names(realdata(DEFINITIONS))
    assert header == fields and len(fields) == 805
    assert summary.practices == len(rows) == len(black_country())
    assert {r["PRAC_CODE"] for r in rows} == {p.code for p in black_country()}


def test_workforce_is_calibrated_on_real_practice_fte(workforce):
    _, _, rows = workforce
    real = _calibration_2024()
    compared = 0
    for row in rows:
        source = real.get(row["PRAC_CODE"])
        if source is None:
            continue
        for group in ("GP_EXTGL", "NURSES", "DPC", "ADMIN"):
            expected = source[f"TOTAL_{group}_FTE"]
            if expected == "NA":
                assert row[f"TOTAL_{group}_FTE"] == "NA"
            else:
                assert float(row[f"TOTAL_{group}_FTE"]) == pytest.approx(float(expected), abs=0.006)
                compared += 1
        if "NA" not in (source["TOTAL_GP_EXTGL_FTE"], source["TOTAL_LOCUUM_TRN_FTE"]):
            temporary = float(row["TOTAL_GP_FTE"]) - float(row["TOTAL_GP_EXTGL_FTE"])
            assert temporary == pytest.approx(float(source["TOTAL_LOCUUM_TRN_FTE"]), abs=0.011)
    assert compared > 400


def test_workforce_totals_add_up_as_the_definitions_say(workforce):
    _, header, rows = workforce
    groups = staff_groups(header)
    families = band_families(header)
    female = {"FEMALE_DPC_TRAINEE_NURSE_ASSOC_HC": "FEMALE_TRAINEE_DPC_NURSE_ASSOC_HC"}
    for row in rows:
        assert int(row["TOTAL_PATIENTS"]) == sum(
            int(row[f]) for f in ("TOTAL_MALE", "TOTAL_FEMALE", "TOTAL_UNKNOWN_GENDER")
        )
        for group in groups:
            if row[f"TOTAL_{group.total_stem}_FTE"] == "NA":
                continue
            for measure in ("FTE", "HC"):
                roles = [float(row[f"TOTAL_{group.role_prefix}{r}_{measure}"]) for r in group.roles]
                total = float(row[f"TOTAL_{group.total_stem}_{measure}"])
                assert total == pytest.approx(sum(roles), abs=0.011)
        for name in header:
            if not (name.startswith("TOTAL_") and name.endswith(("_HC", "_FTE"))):
                continue
            male, fem = "MALE_" + name[6:], "FEMALE_" + name[6:]
            fem = female.get(fem, fem)
            if male in row and fem in row and row[name] not in ("NA", "ND"):
                assert float(row[name]) == pytest.approx(
                    float(row[male]) + float(row[fem]), abs=0.011
                )
        for base, bands in families.items():
            if row[base] not in ("NA", "ND"):
                parts = np.array([float(row[b]) for b in bands])
                assert float(row[base]) == pytest.approx(parts.sum(), abs=0.011 * len(bands))


def test_workforce_is_reproducible_by_seed(tmp_path, workforce):
    summary, _, _ = workforce
    again = write_practice_workforce(
        tmp_path / "again.csv",
        black_country(),
        snapshot=dt.date(2025, 10, 31),
        definitions_xlsx=realdata(DEFINITIONS),
        calibration_csv=realdata(DERIVED_FTE),
        seed=3,
    )
    assert again.path.read_bytes() == summary.path.read_bytes()
