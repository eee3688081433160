"""Cloud Based Telephony and Online Consultation submissions: the real published workbooks
reproduce their own national summaries (Table 1) and sub-ICB totals recomputed here with
openpyxl, and generated workbooks of the same shape with other months' footnote numbers, sheet
names and header positions load the same way."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from bcprimary.db.models import OnlineConsultations, TelephonyCalls
from tests.conftest import realdata
from tests.importing.activity_inputs import sheet_rows, write_workbook
from tests.importing.realslices import import_one

TELEPHONY_NOV = "demand/Cloud Based Telephony Publication Summary November 2025.xlsx"
TELEPHONY_JAN = "demand/Cloud Based Telephony Publication Summary January 2026.xlsx"
OC_DEC = "demand/Submissions via OC Systems in General Practice - December 2025.xlsx"
OC_JAN = (
    "demand/Submissions via Online Consultation Systems in General Practice - January 2025.xlsx"
)


def _table_1(relative: str) -> dict[str, object]:
    """Label (footnote marks dropped) → the latest month's figure of a publication's Table 1."""
    figures = {}
    for row in sheet_rows(relative, "Table 1"):
        if len(row) > 2 and isinstance(row[1], str) and row[2] is not None:
            figures[" ".join(re.sub(r"\[[\d, ]+\]", "", row[1]).split())] = row[2]
    return figures


def _telephony_totals(db, month: dt.date) -> dict[str, int]:
    columns = ("inbound", "answered", "missed", "callbacks_made", "answered_within_1min")
    with db.session() as s:
        sums = s.execute(
            select(*(func.sum(getattr(TelephonyCalls, c)) for c in columns)).where(
                TelephonyCalls.month == month
            )
        ).one()
    return dict(zip(columns, sums, strict=True))


@pytest.mark.parametrize(
    ("relative", "month", "inbound", "answered_share"),
    [
        (TELEPHONY_NOV, dt.date(2025, 11, 1), 29_439_840, 0.541),
        (TELEPHONY_JAN, dt.date(2026, 1, 1), 31_605_636, 0.550),
    ],
)
def test_telephony_reproduces_the_national_summary(db, relative, month, inbound, answered_share):
    outcome = import_one(db, realdata(relative))
    assert outcome.ok, outcome.error
    assert outcome.dataset == "telephony"
    assert outcome.snapshot == f"{month:%Y-%m}"
    totals = _telephony_totals(db, month)
    assert totals["inbound"] == inbound
    assert round(totals["answered"] / totals["inbound"], 3) == answered_share
    published = _table_1(relative)
    assert totals["inbound"] == published["Total Inbound Calls"]
    assert totals["answered"] == published["Calls answered"]
    assert totals["missed"] == published["Missed calls"]
    assert totals["callbacks_made"] == published["Call backs made"]
    assert totals["answered_within_1min"] == published["Calls answered within 1 minute"]
    assert (
        round(totals["missed"] / totals["inbound"], 3)
        == published["Percentage of inbound calls missed"]
    )


def _sub_icb_by_openpyxl(relative: str) -> tuple[dict[str, int], Counter]:
    """Inbound calls by sub-ICB code from Table 3, every row with a practice cell and a count
    (shared accounts included), and how many rows are shared accounts."""
    rows = sheet_rows(relative, "Table 3")
    header = next(i for i, r in enumerate(rows) if "Count of Inbound calls" in r)
    at = rows[header].index("Count of Inbound calls")
    totals: dict[str, int] = defaultdict(int)
    shared = Counter()
    for row in rows[header + 2 :]:
        if isinstance(row[1], str) and isinstance(row[at], int):
            totals[row[5]] += row[at]
            if row[1] == "Unassigned":
                # PCN "U" is 'not in a PCN': such an account is mapped to its sub-ICB.
                shared[row[3] not in ("Unmapped", "U")] += 1
    return totals, shared


def test_telephony_sub_icb_totals_include_the_shared_accounts(db):
    assert import_one(db, realdata(TELEPHONY_NOV)).ok
    expected, shared = _sub_icb_by_openpyxl(TELEPHONY_NOV)
    with db.session() as s:
        stored = dict(
            s.execute(
                select(
                    func.coalesce(TelephonyCalls.sub_icb_code, "UNMAPPED"),
                    func.sum(TelephonyCalls.inbound),
                ).group_by(TelephonyCalls.sub_icb_code)
            ).all()
        )
        levels = dict(
            s.execute(
                select(TelephonyCalls.level, func.count()).group_by(TelephonyCalls.level)
            ).all()
        )
        shared_rows = s.execute(
            select(TelephonyCalls).where(TelephonyCalls.level != "practice")
        ).scalars()
        assert all(r.practice_code is None for r in shared_rows)
    assert stored == {code.upper(): total for code, total in expected.items()}
    # 102 Unassigned rows: those with a PCN are kept at PCN level, the rest wider up.
    assert sum(shared.values()) == 102
    assert levels["pcn"] == shared[True]
    assert (
        sum(n for level, n in levels.items() if level not in ("practice", "pcn")) == shared[False]
    )


def test_telephony_reads_a_row_whose_month_cell_holds_the_copyright_line(db):
    outcome = import_one(db, realdata(TELEPHONY_NOV))
    warned = [w for w in outcome.warnings if w.column == "Month"]
    assert [w.row for w in warned] == [4703]
    with db.session() as s:
        row = s.execute(
            select(TelephonyCalls).where(TelephonyCalls.practice_code == "L84026")
        ).scalar_one()
    assert (row.month, row.inbound) == (dt.date(2025, 11, 1), 18_764)


@pytest.mark.parametrize(
    ("relative", "month", "rows", "submissions"),
    [
        (OC_DEC, dt.date(2025, 12, 1), 6_173, 7_373_760),
        (OC_JAN, dt.date(2025, 1, 1), 6_219, 4_397_114),
    ],
)
def test_online_consultations_reproduce_the_national_summary(
    db, relative, month, rows, submissions
):
    outcome = import_one(db, realdata(relative))
    assert outcome.ok, outcome.error
    assert (outcome.dataset, outcome.snapshot, outcome.rows_kept) == (
        "online_consultations",
        f"{month:%Y-%m}",
        rows,
    )
    published = _table_1(relative)
    with db.session() as s:
        total, clinical, admin, participating = s.execute(
            select(
                func.sum(OnlineConsultations.submissions),
                func.sum(OnlineConsultations.clinical),
                func.sum(OnlineConsultations.administrative),
                func.sum(OnlineConsultations.participation),
            ).where(OnlineConsultations.month == month)
        ).one()
    assert total == submissions
    assert total == next(v for k, v in published.items() if k.startswith("Total submissions"))
    assert clinical == published["Clinical submissions"]
    assert admin == published["Administrative submissions"]
    if month == dt.date(2025, 12, 1):
        assert participating == published["Count of practices included in data publication"]
    else:
        assert participating is None  # '*' in January 2025: not known, never 0


# --- generated workbooks: other months' footnotes, sheet names and header rows --------------

GEOGRAPHY = ["Sub ICB Name", "ICB Code [4]", "ICB Name", "Region Code [4]", "Region Name"]
WHERE = ["NHS BLACK COUNTRY ICB - D2P2L", "QUA", "NHS BLACK COUNTRY ICB", "Y60", "MIDLANDS"]


def _telephony_workbook(path, month: dt.date):
    header = [
        "Month [3]", "GP Practice \n(ODS_CODE)", "GP Name", "PCN Code [5]", "PCN Name [5, 6]",
        "Sub ICB Code [4]", *GEOGRAPHY, "Count of Inbound calls [7]", None, "Answered [8]",
        None, "Ended during the IVR Stage [9]", None, "Call back requested", None, None,
        "Missed [10]", None, None, "Call back made",
    ]  # fmt: skip
    sub = [None] * 11 + ["Total", None, "Total", "%", "Total", "%", "Total", "%", None,
                         "Total", "%", None, "Total", "% of requested"]  # fmt: skip

    def outcome(practice, pcn, sub_icb, calls):
        answered, ivr, callback, missed = calls
        inbound = sum(calls)
        return [
            month, practice, "X", pcn, "P", sub_icb, *WHERE, inbound, None, answered,
            answered / inbound, ivr, 0, callback, 0, None, missed, 0, None, callback, 1,
        ]  # fmt: skip

    rows_3 = [
        ["Calls by practice, England"],
        [],
        [None] * 13 + ["Count of Inbound Call Outcome"],
        header,
        sub,
        ["Total"] + [None] * 10 + [1000],
        outcome("M87001", "U11111", "D2P2L", (300, 100, 50, 50)),
        outcome("Unassigned", "U11111", "D2P2L", (100, 50, 25, 25)),
        outcome("Unassigned", "Unmapped", "D2P2L", (150, 50, 50, 50)),
        [],
        ["Notes:", " 1 Geographical information …"],
    ]
    wait_header = [
        "Month [3]", "GP Practice \n(ODS_CODE)", "GP Name", "PCN Code [5]", "PCN Name [5, 6]",
        "Sub ICB Code [4]", *GEOGRAPHY, "Total Inbound calls", "Answered [11]", None, None,
        "Less than 1 minute", None, "1 - 2 minutes", None, "2 - 5 minutes", None,
        "Longer than 5 minutes", None, None, "Less than 1 minute", None,
    ]  # fmt: skip
    banner = [None] * 15 + ["Answered Calls - Wait time [12]"] + [None] * 8 + ["Duration"]

    def waits(practice, pcn, bands):
        return [month, practice, "X", pcn, "P", "D2P2L", *WHERE, 0, sum(bands), 1, None,
                bands[0], 0, bands[1], 0, bands[2], 0, bands[3], 0, None, 999, 0]  # fmt: skip

    rows_4 = [
        ["Answer times"],
        banner,
        wait_header,
        [None] * 11 + ["Count", "Count", "%"],
        waits("M87001", "U11111", (150, 50, 50, 50)),
        waits("Unassigned", "U11111", (20, 10, 10, 10)),
        waits("Unassigned", "Unmapped", (25, 10, 10, 5)),
    ]
    return write_workbook(
        path,
        {
            "Cover": [["Cloud Based Telephony data in General Practice"]],
            "Outcomes": rows_3,
            "Waits": rows_4,
        },
    )


def test_a_generated_telephony_workbook_with_other_footnotes_loads_by_content(db, tmp_path):
    path = _telephony_workbook(tmp_path / "calls.xlsx", dt.date(2026, 3, 1))
    outcome = import_one(db, path)
    assert outcome.ok, outcome.error
    assert (outcome.dataset, outcome.snapshot, outcome.rows_kept) == ("telephony", "2026-03", 3)
    with db.session() as s:
        rows = s.execute(select(TelephonyCalls).order_by(TelephonyCalls.id)).scalars().all()
        found = [
            (r.level, r.practice_code, r.pcn_code, r.sub_icb_code, r.inbound, r.missed,
             r.answered_within_1min, r.answered_over_5min)
            for r in rows
        ]  # fmt: skip
    assert found == [
        ("practice", "M87001", "U11111", "D2P2L", 500, 50, 150, 50),
        ("pcn", None, "U11111", "D2P2L", 200, 25, 20, 10),
        ("sub_icb", None, None, "D2P2L", 300, 50, 25, 5),
    ]
    # The Total row (1,000) agrees with the rows: no warning about it.
    assert not [w for w in outcome.warnings if "Total row" in w.message]
    # Importing the same month again replaces it.
    again = import_one(db, path)
    assert again.replaced_previous
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(TelephonyCalls)).scalar() == 3


def test_a_negative_call_count_is_rejected_naming_the_row(db, tmp_path):
    path = _telephony_workbook(tmp_path / "calls.xlsx", dt.date(2026, 3, 1))
    import openpyxl

    book = openpyxl.load_workbook(path)
    book["Outcomes"]["N7"] = -4  # Answered of the first practice
    book.save(path)
    outcome = import_one(db, path)
    assert not outcome.ok
    assert "row 7" in outcome.error and "whole number, 0 or more" in outcome.error
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(TelephonyCalls)).scalar() == 0


def _oc_workbook(path, participation_header: str, flag: object):
    header = [
        "Month", "GP Code", "GP Name", "PCN Code [4, 5]", "PCN Name [5]", "Sub ICB Code",
        "Sub ICB Name", "ICB Code", "ICB Name", "Region Code", "Region Name", "Supplier [8]",
        "Submissions [9]", "Clinical Submissions [9]", "Administrative Submissions [9]",
        "Other/Unknown Type Submissions [9]", "Registered Patient Count [10]",
        "Rate per 1,000 Registered Patients [11]", participation_header,
    ]  # fmt: skip
    month = dt.datetime(2026, 2, 1)
    rows = [
        [month, "M87001", "A", "U11111", "P", "D2P2L", "N", "QUA", "N", "Y60", "M", "ACCURX",
         120, 80, 30, 10, 6000, 20.0, flag],
        [month, "M87002", "B", "U11111", "P", "D2P2L", "N", "QUA", "N", "Y60", "M", "TPP",
         0, 0, 0, 0, 4000, 0.0, flag],
    ]  # fmt: skip
    return write_workbook(
        path,
        {
            "Title sheet": [["Submissions via OC Systems in General Practice"]],
            "Practices": [
                ["Return to Contents"],
                [],
                ["Table: submissions by practice"],
                [],
                header,
                *rows,
                [],
                ["Source: NHS England"],
            ],
        },
    )


@pytest.mark.parametrize(
    ("participation_header", "flag", "stored"),
    [("Participation [12]", 1, 1), ("Participation", "*", None), ("Participation [3]", 0, 0)],
)
def test_generated_online_consultation_workbooks_load_whatever_their_footnotes(
    db, tmp_path, participation_header, flag, stored
):
    outcome = import_one(db, _oc_workbook(tmp_path / "oc.xlsx", participation_header, flag))
    assert outcome.ok, outcome.error
    assert (outcome.dataset, outcome.snapshot) == ("online_consultations", "2026-02")
    with db.session() as s:
        rows = s.execute(select(OnlineConsultations).order_by(OnlineConsultations.id)).scalars()
        found = [
            (r.practice_code, r.level, r.submissions, r.clinical, r.administrative,
             r.other_type, r.registered_patients, r.participation, r.supplier)
            for r in rows
        ]  # fmt: skip
    assert found == [
        ("M87001", "practice", 120, 80, 30, 10, 6000, stored, "ACCURX"),
        ("M87002", "practice", 0, 0, 0, 0, 4000, stored, "TPP"),
    ]
