"""The Read me carries the demand publications' caveats and, when a scenario used the demand
term, its formula and the money it moved."""

from __future__ import annotations

import dataclasses

import openpyxl

from bcprimary import glossary
from bcprimary.exporting.workbook import export_plan
from bcprimary.scenarios import create_scenario, default_settings, solve_scenario


def _readme_texts(path) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = book["Read me"].iter_rows(values_only=True)
        return "\n".join(str(v) for row in rows for v in row if v is not None)
    finally:
        book.close()


def test_the_read_me_states_the_demand_caveats_and_the_money_the_term_moved(
    copy_database, tmp_path
):
    db = copy_database("demand")
    with db.session() as session:
        settings = dataclasses.replace(
            default_settings(session), demand_need=True, demand_need_beta=0.15
        )
    create_scenario(db, "Demand term", settings)
    solved = solve_scenario(db, "Demand term")
    moved = solved.snapshots["demand_need"]["money_moved_gbp"]
    texts = _readme_texts(export_plan(db, solved, tmp_path / "plan.xlsx"))
    assert "Demand data and the demand term" in texts
    assert (
        f"{glossary.label('telephony_caveat')}: {glossary.definition('telephony_caveat')}" in texts
    )
    assert f"{glossary.label('oc_caveat')}: {glossary.definition('oc_caveat')}" in texts
    assert glossary.definition("demand_need") in texts
    assert "β = 0.15" in texts
    assert f"£{moved:,.0f} a year" in texts


def test_no_demand_section_without_demand_data(copy_database, tmp_path):
    db = copy_database("planning")
    with db.session() as session:
        settings = default_settings(session)
    create_scenario(db, "Plain", settings)
    solved = solve_scenario(db, "Plain")
    texts = _readme_texts(export_plan(db, solved, tmp_path / "plan.xlsx"))
    assert "Demand data and the demand term" not in texts
    assert "demand_need" not in solved.snapshots
