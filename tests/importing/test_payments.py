"""NHS Payments to General Practice → weighted list, checked against the real 2024/25 file and
variants of it in the header wordings of earlier years."""

from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import func, select

from bcprimary.db.models import WeightedList
from bcprimary.importing.readers.payments import financial_year_from_name
from tests.conftest import realdata
from tests.importing.realslices import PAYMENTS, column, import_one, read_csv, write_csv

WEIGHTED = "Average Number of Weighted Patients"
REGISTERED = "Average Number of Registered Patients"


def _number(text: str) -> float:
    return float(text.replace(",", "")) if text.strip() else 0.0


@pytest.fixture(scope="module")
def payments():
    """Header, rows and the independently computed figures of the real file."""
    header, rows = read_csv(PAYMENTS)
    w = column(header, WEIGHTED)
    paid = [r for r in rows if _number(r[w]) > 0]
    black_country = [r for r in paid if r[column(header, "Sub ICB Code")] == "D2P2L"]
    return {
        "header": header,
        "rows": rows,
        "paid": paid,
        "total_weighted": sum(_number(r[w]) for r in paid),
        "bc_codes": [r[column(header, "Practice Code")] for r in black_country],
        "bc_weighted": sum(_number(r[w]) for r in black_country),
    }


def _stored(db, codes=None) -> tuple[int, float]:
    with db.session() as session:
        query = select(func.count(), func.sum(WeightedList.weighted_patients))
        if codes is not None:
            query = query.where(WeightedList.practice_code.in_(codes))
        count, total = session.execute(query).one()
    return count, total or 0.0


def test_real_2024_25_file(db, payments):
    outcome = import_one(db, realdata(PAYMENTS))
    assert outcome.ok, outcome.error
    unpaid = len(payments["rows"]) - len(payments["paid"])
    assert (
        (outcome.rows_read, outcome.rows_kept, outcome.rows_rejected)
        == (
            len(payments["rows"]),
            len(payments["paid"]),
            unpaid,
        )
        == (6375, 6249, 126)
    )
    assert outcome.snapshot == "2024/25"
    # every practice not loaded is named in a warning
    skipped = [w for w in outcome.warnings if "it was not loaded" in w.message]
    assert len(skipped) == unpaid
    assert _stored(db)[1] == pytest.approx(payments["total_weighted"])
    # the Black Country (sub-ICB D2P2L) weighted list for 2024/25
    count, total = _stored(db, payments["bc_codes"])
    assert count == len(payments["bc_codes"]) == 174
    assert total == pytest.approx(payments["bc_weighted"]) == pytest.approx(1349418.20)
    with db.session() as session:
        cape_hill = session.get(WeightedList, ("2024/25", "M88006"))
        row = next(
            r
            for r in payments["rows"]
            if r[column(payments["header"], "Practice Code")] == "M88006"
        )
        assert cape_hill.weighted_patients == pytest.approx(
            _number(row[column(payments["header"], WEIGHTED)])
        )
        assert cape_hill.registered_patients == pytest.approx(
            _number(row[column(payments["header"], REGISTERED)])
        )
        assert cape_hill.pcn_code == "U57294"
        no_pcn = session.scalar(select(func.count()).where(WeightedList.pcn_code == "U"))
    pcn = column(payments["header"], "PCN Code")
    assert no_pcn == sum(1 for r in payments["paid"] if r[pcn] == "Unknown or no PCN")


# Header wordings of earlier years (see the comment in readers/payments.py).
EARLIER_YEARS = {
    "nhspaymentsgp-15-16-csv.csv": (
        "2015/16",
        {
            "Practice Code": "PracticeCode",
            WEIGHTED: "NumberOfWeightedPatientsLastKnownFigure",
            REGISTERED: "NumberOfRegisteredPatientsLastKnownFigure",
            "Practice Close Date": "PracticeCloseDate",
        },
        True,
    ),
    "nhspaymentsgp-16-17-csv.csv": (
        "2016/17",
        {
            "Practice Code": "PracticeCode",
            WEIGHTED: "NumberofWeightedPatientsLastKnownFigure",
            REGISTERED: "NumberofRegisteredPatientsLastKnownFigure",
        },
        True,
    ),
    "nhspaymentsgp-17-18-csv.csv": (
        "2017/18",
        {
            WEIGHTED: "Number of Weighted Patients (Last Known Figure)",
            REGISTERED: "Number of Registered Patients (Last Known Figure)",
        },
        True,
    ),
    "nhspaymentsgp-19-20-prac-csv.csv": (
        "2019/20",
        {
            WEIGHTED: "Average number of weighted patients¹",
            REGISTERED: "Average number of registered patients¹",
        },
        False,
    ),
    "nhspaymentsgp-21-22-prac-csv-v2.csv": (
        "2021/22",
        {
            WEIGHTED: "Number of Weighted Patients (Last Known Figure)",
            REGISTERED: "Number of Registered Patients (Last Known Figure)",
        },
        False,
    ),
    "nhs-payments-2023_24.csv": (
        "2023/24",
        {WEIGHTED: "Average Number of Weighted Patients (Last Known Figure)"},
        False,
    ),
}


@pytest.mark.parametrize("file_name", list(EARLIER_YEARS))
def test_header_wordings_of_earlier_years(db, tmp_path, payments, file_name):
    year, renames, before_pcns = EARLIER_YEARS[file_name]
    header = [renames.get(c, c) for c in payments["header"]]
    rows = [
        r
        for r in payments["rows"]
        if r[column(header, renames.get("Sub ICB Code", "Sub ICB Code"))] == "D2P2L"
    ]
    if before_pcns:  # no PCN Code column before 2019/20
        drop = column(header, "PCN Code")
        header = header[:drop] + header[drop + 1 :]
        rows = [r[:drop] + r[drop + 1 :] for r in rows]
    outcome = import_one(
        db,
        write_csv(
            tmp_path / file_name,
            header,
            rows,
            encoding="cp1252" if before_pcns else "utf-8",
            bom=not before_pcns,
        ),
    )
    assert outcome.ok, outcome.error
    assert outcome.snapshot == year
    count, total = _stored(db)
    assert (count, total) == (len(payments["bc_codes"]), pytest.approx(payments["bc_weighted"]))
    with db.session() as session:
        pcn_codes = set(session.scalars(select(WeightedList.pcn_code)))
    assert (pcn_codes == {None}) is before_pcns


def test_year_inferred_from_practice_dates_when_the_name_has_none(db, tmp_path, payments):
    outcome = import_one(
        db, write_csv(tmp_path / "payments.csv", payments["header"], payments["rows"])
    )
    assert outcome.ok, outcome.error
    assert outcome.snapshot == "2024/25"
    inferred = [w for w in outcome.warnings if "was inferred" in w.message]
    assert len(inferred) == 1
    assert "28/02/2025" in inferred[0].message  # the latest close date in the file


def test_year_from_the_zip_name_and_a_warning_when_dates_disagree(db, tmp_path, payments):
    rows = payments["rows"][:300]
    inner = write_csv(tmp_path / "data.csv", payments["header"], rows)
    archive = tmp_path / "nhs payments 2022-23.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(inner, "payments/data.csv")
    outcome = import_one(db, archive)
    assert outcome.ok, outcome.error
    assert outcome.snapshot == "2022/23"  # the name wins: it is how the publication is labelled
    assert outcome.file.endswith("payments/data.csv")
    # the first 300 rows include a practice that closed on 31/03/2024, after 2022/23 ended
    disagree = [w.message for w in outcome.warnings if "after that year ended" in w.message]
    assert len(disagree) == 1 and "31/03/2024" in disagree[0]


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("nhs-payments-to-general-practice-2024-25.csv", "2024/25"),
        ("payments_2024_25.csv", "2024/25"),
        ("payments202425.csv", "2024/25"),
        ("payments 2024-2025.csv", "2024/25"),
        ("nhspaymentsgp-17-18-csv.csv", "2017/18"),
        ("gp-reg-pat-prac-all_2025-10.csv", None),
        ("payments.csv", None),
    ],
)
def test_financial_year_from_name(name, year):
    assert financial_year_from_name(name) == year
