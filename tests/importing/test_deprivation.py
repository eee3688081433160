"""Fingertips deprivation scores: the real IMD 2019 practice file and the other layouts and
editions Fingertips publishes, made from it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bcprimary.db.models import Deprivation, ImportLog
from tests.conftest import realdata
from tests.importing.realslices import DEPRIVATION, column, import_one, read_csv, write_csv


@pytest.fixture(scope="module")
def fingertips():
    header, rows = read_csv(DEPRIVATION)
    area_type, code, value = (column(header, c) for c in ("Area Type", "Area Code", "Value"))
    practices = [r for r in rows if r[area_type] == "GP"]
    return {
        "header": header,
        "rows": rows,
        "practices": practices,
        "england": next(float(r[value]) for r in rows if r[code] == "E92000001"),
        "cape_hill": next(float(r[value]) for r in rows if r[code] == "M88006"),
        "mean_practice": sum(float(r[value]) for r in practices) / len(practices),
    }


def _scores(db, edition: str) -> dict[str, tuple[str, float | None]]:
    with db.session() as session:
        rows = session.execute(
            select(Deprivation.area_code, Deprivation.area_type, Deprivation.score).where(
                Deprivation.edition == edition
            )
        ).all()
    return {code: (area_type, score) for code, area_type, score in rows}


def _check_same_scores(db, fingertips, edition="IMD 2019"):
    scores = _scores(db, edition)
    practices = {k: v for k, v in scores.items() if v[0] == "GPs"}
    assert len(practices) == len(fingertips["practices"]) == 6545
    assert scores["M88006"][1] == pytest.approx(fingertips["cape_hill"])
    assert sum(v[1] for v in practices.values()) / len(practices) == pytest.approx(
        fingertips["mean_practice"]
    )


def test_real_imd_2019_practice_file(db, fingertips):
    outcome = import_one(db, realdata(DEPRIVATION))
    assert outcome.ok, outcome.error
    assert outcome.snapshot == "IMD 2019"
    # England is listed twice (under no parent and under itself): kept once and counted
    assert (outcome.rows_read, outcome.rows_kept, outcome.rows_rejected) == (6547, 6546, 1)
    assert any("E92000001" in w.message for w in outcome.warnings)
    _check_same_scores(db, fingertips)
    scores = _scores(db, "IMD 2019")
    assert scores["E92000001"] == ("England", pytest.approx(fingertips["england"]))
    assert fingertips["england"] == pytest.approx(21.722, abs=1e-3)
    with db.session() as session:
        periods = set(session.scalars(select(Deprivation.time_period)))
        assert periods == {"2019"}
        assert session.get(Deprivation, ("IMD 2019", "M88006")).area_name == (
            "Cape Hill Medical Centre"
        )


def _as_2025(header, rows):
    out = []
    for row in rows:
        row = list(row)
        row[column(header, "Indicator ID")] = "94240"
        row[column(header, "Indicator Name")] = "Deprivation score (IMD 2025)"
        row[column(header, "Time period")] = "2025"
        row[column(header, "Time period Sortable")] = "20250000"
        out.append(row)
    return out


def test_both_editions_side_by_side(db, tmp_path, fingertips):
    header, rows = fingertips["header"], fingertips["rows"]
    assert import_one(db, realdata(DEPRIVATION)).ok
    outcome = import_one(db, write_csv(tmp_path / "imd2025.csv", header, _as_2025(header, rows)))
    assert outcome.ok, outcome.error
    assert outcome.snapshot == "IMD 2025"
    _check_same_scores(db, fingertips, "IMD 2025")
    _check_same_scores(db, fingertips, "IMD 2019")
    # one file holding both editions supersedes both single-edition imports
    both = rows + _as_2025(header, rows)
    outcome = import_one(db, write_csv(tmp_path / "both.csv", header, both))
    assert outcome.ok, outcome.error
    assert outcome.snapshot == "IMD 2019 + IMD 2025"
    with db.session() as session:
        logs = session.scalars(select(ImportLog.snapshot)).all()
        assert logs == ["IMD 2019 + IMD 2025"]
        assert session.scalar(select(func.count()).select_from(Deprivation)) == 2 * 6546


def test_fingertipsr_layout(db, tmp_path, fingertips):
    """fingertipsR names the same columns without spaces (IndicatorID, AreaCode, Timeperiod)."""
    header = [c.replace(" ", "") for c in fingertips["header"]]
    outcome = import_one(
        db, write_csv(tmp_path / "fingertips_data.csv", header, fingertips["rows"])
    )
    assert outcome.ok, outcome.error
    _check_same_scores(db, fingertips)


def test_download_data_layout_without_sortable_period(db, tmp_path, fingertips):
    """The website's "Download data" CSV of some years: no "Time period Sortable" or range
    columns, other "Compared to …" columns, and trailing blank columns."""
    header = fingertips["header"]
    drop = {column(header, c) for c in ("Time period Sortable", "Time period range", "New data")}
    keep = [i for i in range(len(header)) if i not in drop]
    new_header = [
        header[i].replace("Compared to percentiles", "Compared to CCG value or percentiles")
        for i in keep
    ] + ["", ""]
    rows = [[r[i] for i in keep] + ["", ""] for r in fingertips["rows"]]
    outcome = import_one(db, write_csv(tmp_path / "indicators-GP.data.csv", new_header, rows))
    assert outcome.ok, outcome.error
    _check_same_scores(db, fingertips)


def test_wide_layout(db, tmp_path, fingertips):
    header, rows = fingertips["header"], fingertips["rows"]
    picked = [column(header, c) for c in ("Area Code", "Area Name", "Value")]
    wide = [[r[i] for i in picked] for r in rows if r[column(header, "Parent Code")]]
    outcome = import_one(
        db,
        write_csv(
            tmp_path / "practice profile.csv",
            ["Area Code", "Area Name", "Deprivation score (IMD 2019)"],
            wide,
        ),
    )
    assert outcome.ok, outcome.error
    assert outcome.snapshot == "IMD 2019"
    _check_same_scores(db, fingertips)  # area types inferred from the codes
    assert _scores(db, "IMD 2019")["E92000001"][0] == "England"


def test_older_periods_are_reported_and_the_latest_kept(db, tmp_path, fingertips):
    header, rows = fingertips["header"], fingertips["rows"][:101]
    older = []
    for row in rows:
        row = list(row)
        row[column(header, "Time period")] = "2015"
        row[column(header, "Time period Sortable")] = "20150000"
        row[column(header, "Value")] = "1.5"
        older.append(row)
    outcome = import_one(db, write_csv(tmp_path / "two periods.csv", header, older + rows))
    assert outcome.ok, outcome.error
    assert outcome.rows_rejected == 101 + 1  # the 2015 rows and England's repeat
    assert any(
        "older periods (2015)" in w.message and "2019" in w.message for w in outcome.warnings
    )
    assert all(score != 1.5 for _, score in _scores(db, "IMD 2019").values())


def test_pcn_and_icb_rows_and_other_indicators(db, tmp_path, fingertips):
    header, rows = fingertips["header"], fingertips["rows"][:50]
    area_type, code = column(header, "Area Type"), column(header, "Area Code")
    extra = []
    for new_code, new_type in (("U57294", "PCNs (v. 25/10/24)"), ("E54000062", "ICBs")):
        row = list(rows[5])
        row[code], row[area_type] = new_code, new_type
        extra.append(row)
    other = list(rows[6])
    other[column(header, "Indicator ID")] = "90366"
    other[column(header, "Indicator Name")] = "Life expectancy at birth"
    outcome = import_one(db, write_csv(tmp_path / "mixed.csv", header, rows + extra + [other]))
    assert outcome.ok, outcome.error
    assert any(
        "other indicators (90366 Life expectancy at birth)" in w.message for w in outcome.warnings
    )
    scores = _scores(db, "IMD 2019")
    assert scores["U57294"][0] == "PCNs"
    assert scores["E54000062"][0] == "ICBs"
