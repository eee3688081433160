"""NHS England (Midlands) PC dental lists: the real Black Country and Coventry and Warwickshire
workbooks, checked against the README's figures and against sums computed here with openpyxl."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bcprimary.db.models import DentalContract
from tests.conftest import realdata
from tests.importing.activity_inputs import DENTAL_BC, DENTAL_CW, dental_variant, sheet_rows
from tests.importing.realslices import import_one


def _contracts_by_openpyxl(relative: str) -> list[dict]:
    """Contract rows of the first (2021/22) block, found without the app's code."""
    rows = sheet_rows(relative, "Data")
    header_index = next(i for i, r in enumerate(rows) if "UDA Annual Contracted" in r)
    header = list(rows[header_index])
    at = {name: header.index(name) for name in header if name}  # first occurrence wins
    contracts = []
    for row in rows[header_index + 1 :]:
        if isinstance(row[0], int | float):
            contracts.append(
                {
                    "contract": str(int(row[0])),
                    "uda": row[at["UDA Annual Contracted"]] or 0,
                    "value": row[at["UDA Annual Financial Value"]] or 0,
                    "delivered": row[at["UDA Final Delivered Activity (%) Total"]],
                }
            )
    return contracts


def _stored(db, icb: str) -> dict:
    with db.session() as s:
        return dict(
            zip(
                ("contracts", "uda", "value"),
                s.execute(
                    select(
                        func.count(),
                        func.sum(DentalContract.uda_contracted),
                        func.sum(DentalContract.uda_financial_value_gbp),
                    ).where(DentalContract.icb_code == icb)
                ).one(),
                strict=True,
            )
        )


def test_black_country_matches_the_published_figures(db):
    outcome = import_one(db, realdata(DENTAL_BC))
    assert outcome.ok, outcome.error
    assert outcome.snapshot == "2021/22 QUA"
    stored = _stored(db, "QUA")
    assert stored["contracts"] == 166
    assert stored["uda"] == 2_045_709
    with db.session() as s:
        first = s.get(DentalContract, ("2021/22", "1001620000"))
    assert (first.provider_name, first.practice_name, first.postcode) == (
        "Jandu Dental Surgery",
        "M J Warren Dental Surgery",
        "DY8 1EJ",
    )
    assert (first.uda_contracted, first.uda_financial_value_gbp, first.uda_value_gbp) == (
        7200,
        170157.49,
        23.63,
    )
    assert first.uda_delivered_share == pytest.approx(0.3504)
    messages = " | ".join(w.message for w in outcome.warnings)
    assert "'Community Dental Services' is not imported" in messages
    assert "columns AO–BN under the banner '2019/20 Contract Data'" in messages


def test_coventry_matches_sums_computed_with_openpyxl(db):
    expected = _contracts_by_openpyxl(DENTAL_CW)
    outcome = import_one(db, realdata(DENTAL_CW))
    assert outcome.ok, outcome.error
    stored = _stored(db, "QWU")
    assert stored["contracts"] == len(expected) == outcome.rows_kept
    assert stored["uda"] == sum(c["uda"] for c in expected)
    assert stored["value"] == pytest.approx(sum(c["value"] for c in expected))
    with db.session() as s:
        delivered = dict(
            s.execute(
                select(DentalContract.contract_number, DentalContract.uda_delivered_share)
            ).all()
        )
    assert delivered == {c["contract"]: pytest.approx(c["delivered"]) for c in expected}


def test_icbs_sit_side_by_side_and_reimport_replaces_only_its_own(db):
    assert import_one(db, realdata(DENTAL_BC)).ok
    assert import_one(db, realdata(DENTAL_CW)).ok
    again = import_one(db, realdata(DENTAL_BC))
    assert again.ok and again.replaced_previous
    assert _stored(db, "QUA")["contracts"] == 166
    assert _stored(db, "QWU")["contracts"] == len(_contracts_by_openpyxl(DENTAL_CW))


def test_footer_notes_end_the_list_and_blank_rows_are_passed_over(db, tmp_path):
    rows = [list(r) for r in sheet_rows(DENTAL_BC, "Data")]
    rows.insert(60, [None] * len(rows[0]))  # a blank spacer row inside the list
    rows += [
        [None] * 5,
        ["Notes: figures are provisional and subject to year-end checks"],
        ["Source: NHS BSA"],
    ]
    path = dental_variant(tmp_path, "dental with notes.xlsx", rows)
    outcome = import_one(db, path)
    assert outcome.ok, outcome.error
    assert _stored(db, "QUA")["contracts"] == 166
    footer = next(w for w in outcome.warnings if "not a contract" in w.message)
    assert footer.row == len(rows) - 1
    assert "2 row(s) from there on" in footer.message and "'Notes: figures are provisional" in (
        footer.message
    )
