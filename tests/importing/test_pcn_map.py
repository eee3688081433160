"""Practice → PCN membership from the three publications, checked against the real files.

Every expected figure is computed here with the csv module or openpyxl, independently of the
readers, except the few the shared README states (27 Black Country PCNs, one unallocated
practice, 6,202 practices in England).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache

import openpyxl
import pytest
from sqlalchemy import func, select

from bcprimary.db.models import PCN, ImportLog, PcnMembership, Practice, SubICBLocation
from bcprimary.db.repository import pcn_membership_at
from bcprimary.importing.organisations import display_name
from tests.conftest import realdata
from tests.importing.realslices import (
    EPCN,
    EPRACCUR,
    MAP,
    column,
    import_one,
    read_csv,
    slice_of,
    write_csv,
)

OCT_2025 = dt.date(2025, 10, 1)


@pytest.fixture(scope="module")
def map_db(tmp_path_factory):
    """One database with the real October 2025 map loaded (shared: importing takes ~1 s)."""
    from bcprimary.db import open_database

    database = open_database(tmp_path_factory.mktemp("map db") / "map.sqlite")
    outcome = import_one(database, realdata(MAP))
    assert outcome.ok, outcome.error
    yield database, outcome
    database.dispose()


def test_map_loads_every_practice_of_england(map_db):
    db, outcome = map_db
    header, rows = read_csv(MAP)
    unallocated = [r for r in rows if r[column(header, "PCN_CODE")] == "U"]
    assert len(rows) == 6202
    assert (outcome.rows_read, outcome.rows_kept, outcome.rows_rejected) == (6202, 6202, 0)
    assert outcome.snapshot == "2025-10-01"
    with db.session() as session:
        count = select(func.count()).select_from(PcnMembership)
        assert session.scalar(count.where(PcnMembership.snapshot_date == OCT_2025)) == 6202
        assert session.scalar(select(func.count()).select_from(Practice)) == 6202
        assert session.scalar(count.where(PcnMembership.pcn_code == "U")) == len(unallocated)
    # every practice without a PCN is named in a warning, none is dropped
    assert outcome.warning_count == len(unallocated) == 71
    assert all("not in a PCN" in w.message for w in outcome.warnings)


def test_black_country_has_27_pcns_and_one_unallocated_practice(map_db):
    db, _ = map_db
    header, rows = read_csv(MAP)
    black_country = [r for r in rows if r[column(header, "SUB_ICB_LOCATION_CODE")] == "D2P2L"]
    expected_pcns = {r[column(header, "PCN_CODE")] for r in black_country} - {"U"}
    with db.session() as session:
        members = pcn_membership_at(session, OCT_2025)
        codes = set(session.scalars(select(Practice.code).where(Practice.sub_icb_code == "D2P2L")))
        bc = members[members["practice_code"].isin(codes)]
        assert len(bc) == len(black_country) == 170
        assert set(bc["pcn_code"]) - {"U"} == expected_pcns
        assert len(expected_pcns) == 27
        assert bc[bc["pcn_code"] == "U"]["practice_code"].tolist() == ["M87001"]
        unallocated = session.get(PCN, "U")
        assert unallocated.name == "Unallocated"
        caritas = session.get(PCN, "U57294")
        assert (caritas.name, caritas.sub_icb_code, caritas.icb_code) == (
            "SWB CARITAS PCN",
            "D2P2L",
            "QUA",
        )
        assert session.get(SubICBLocation, "D2P2L").icb_code == "QUA"


def test_pcn_names_keep_commas(map_db):
    db, _ = map_db
    header, rows = read_csv(MAP)
    with_commas = {
        r[column(header, "PCN_CODE")]: r[column(header, "PCN_NAME")]
        for r in rows
        if "," in r[column(header, "PCN_NAME")]
    }
    assert with_commas["U18020"] == "STOURBRIDGE, WOLLESCOTE & LYE PCN"
    with db.session() as session:
        stored = dict(
            session.execute(select(PCN.code, PCN.name).where(PCN.code.in_(with_commas))).all()
        )
    assert stored == with_commas


def test_pcn_names_with_line_breaks_are_stored_on_one_line(db, tmp_path):
    header, rows = slice_of(MAP, lambda r: r["SUB_ICB_LOCATION_CODE"] == "D2P2L")
    name = column(header, "PCN_NAME")
    for row in rows:
        if row[column(header, "PCN_CODE")] == "U18020":
            row[name] = "STOURBRIDGE,\r\nWOLLESCOTE &\nLYE PCN"
    outcome = import_one(db, write_csv(tmp_path / "gp-reg-pat-prac-map.csv", header, rows))
    assert outcome.ok, outcome.error
    assert outcome.rows_kept == 170
    with db.session() as session:
        assert session.get(PCN, "U18020").name == "STOURBRIDGE, WOLLESCOTE & LYE PCN"
    assert display_name(" A,\n B ") == "A, B"


def test_older_map_with_ccg_columns(db, tmp_path):
    """Maps before July 2022 name CCGs and have no ICB columns; dates look like 01JAN2021."""
    header, rows = slice_of(MAP, lambda r: r["SUB_ICB_LOCATION_CODE"] == "D2P2L")
    renamed = {
        "SUB_ICB_LOCATION_CODE": "CCG_CODE",
        "SUB_ICB_LOCATION_NAME": "CCG_NAME",
        "ONS_SUB_ICB_LOCATION_CODE": "ONS_CCG_CODE",
    }
    drop = [column(header, c) for c in ("ICB_CODE", "ICB_NAME", "ONS_ICB_CODE")]
    old_header = [renamed.get(c, c) for i, c in enumerate(header) if i not in drop]
    old_rows = [[c for i, c in enumerate(r) if i not in drop] for r in rows]
    for row in old_rows:
        row[column(old_header, "EXTRACT_DATE")] = "01JAN2021"
    outcome = import_one(db, write_csv(tmp_path / "map 2021.csv", old_header, old_rows))
    assert outcome.ok, outcome.error
    assert (outcome.snapshot, outcome.rows_kept) == ("2021-01-01", 170)
    with db.session() as session:
        assert session.get(Practice, "M88006").sub_icb_code == "D2P2L"
        assert session.get(Practice, "M88006").icb_code is None


# --- ePCN ---------------------------------------------------------------------------------


@cache
def _epcn_relationships() -> list[dict]:
    workbook = openpyxl.load_workbook(realdata(EPCN), read_only=True)
    rows = list(workbook["PCN Core Partner Details"].iter_rows(values_only=True))
    workbook.close()
    header = [" ".join(str(c).split()) for c in rows[0]]
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if any(r)]


@pytest.fixture(scope="module")
def epcn_db(tmp_path_factory):
    from bcprimary.db import open_database

    database = open_database(tmp_path_factory.mktemp("epcn db") / "epcn.sqlite")
    outcome = import_one(database, realdata(EPCN))
    assert outcome.ok, outcome.error
    yield database, outcome
    database.dispose()


def test_epcn_relationships_with_their_dates(epcn_db):
    db, outcome = epcn_db
    links = _epcn_relationships()
    start, end = (
        "Practice to PCN Relationship Start Date",
        "Practice to PCN Relationship End Date",
    )
    latest = max(max(r[start] for r in links), max(r[end] or "" for r in links))
    assert latest == "20230109"
    assert outcome.snapshot == "2023-01-09"
    assert (outcome.rows_read, outcome.rows_kept) == (len(links), len(links)) == (7455, 7455)
    with db.session() as session:
        stored = session.execute(
            select(func.count(), func.count(PcnMembership.valid_to)).where(
                PcnMembership.source == "epcn"
            )
        ).one()
        assert tuple(stored) == (7455, sum(1 for r in links if r[end]))
        log = session.scalars(select(ImportLog)).one()
        assert log.snapshot_date == dt.date(2023, 1, 9)


def test_epcn_membership_at_a_date_honours_relationship_ranges(epcn_db):
    db, _ = epcn_db
    links = _epcn_relationships()
    code, pcn = "Partner Organisation Code", "PCN Code"
    start, end = (
        "Practice to PCN Relationship Start Date",
        "Practice to PCN Relationship End Date",
    )
    by_practice: dict[str, list[dict]] = {}
    for link in links:
        by_practice.setdefault(link[code], []).append(link)
    movers = [
        sorted(v, key=lambda r: r[start])
        for v in by_practice.values()
        if len(v) == 2 and v[0][pcn] != v[1][pcn] and sum(1 for r in v if r[end]) == 1
    ]
    old, new = movers[0]
    before = dt.datetime.strptime(old[end], "%Y%m%d").date()
    after = dt.datetime.strptime(new[start], "%Y%m%d").date()
    with db.session() as session:
        on_old = pcn_membership_at(session, before).set_index("practice_code")["pcn_code"]
        on_new = pcn_membership_at(session, max(after, dt.date(2023, 1, 9)))
        on_new = on_new.set_index("practice_code")["pcn_code"]
        assert on_old[old[code]] == old[pcn]
        assert on_new[new[code]] == new[pcn]
        # current Black Country relationships, counted from the workbook itself
        bc_now = [
            r for r in links if r["Practice Parent Sub ICB Loc Code"] == "D2P2L" and not r[end]
        ]
        members = pcn_membership_at(session, dt.date(2023, 2, 1))
        bc_codes = {r[code] for r in bc_now}
        assert len(members[members["practice_code"].isin(bc_codes)]) == len(bc_now)
        assert len({r[pcn] for r in bc_now}) == 27
        # before the first PCNs (1 Oct 2019) nobody was in one
        assert pcn_membership_at(session, dt.date(2019, 9, 30)).empty


def test_epcn_warns_about_practices_without_a_current_pcn(epcn_db):
    _, outcome = epcn_db
    links = _epcn_relationships()
    end = "Practice to PCN Relationship End Date"
    current = {r["Partner Organisation Code"] for r in links if not r[end]}
    ended = {r["Partner Organisation Code"] for r in links} - current
    messages = [w.message for w in outcome.warnings if "has no current PCN" in w.message]
    assert len(messages) == len(ended) > 0


def test_epcn_without_pcn_details_sheet(db, tmp_path):
    source = openpyxl.load_workbook(realdata(EPCN), read_only=True)
    rows = list(source["PCN Core Partner Details"].iter_rows(max_row=101, values_only=True))
    source.close()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "PCN Core Partner Details"
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "ePCN.xlsx")
    outcome = import_one(db, tmp_path / "ePCN.xlsx")
    assert outcome.ok, outcome.error
    assert outcome.rows_kept == 100
    assert any("no 'PCNDetails' sheet" in w.message for w in outcome.warnings)


# --- epraccur -------------------------------------------------------------------------------


def test_epraccur_keeps_gp_practices_and_counts_the_rest(db):
    _, records = read_csv(EPRACCUR, header=False)
    settings = Counter(r[25] for r in records)
    practices = [r for r in records if r[25] == "4"]
    outcome = import_one(db, realdata(EPRACCUR))
    assert outcome.ok, outcome.error
    assert (
        (outcome.rows_read, outcome.rows_kept, outcome.rows_rejected)
        == (
            15536,
            settings["4"],
            len(records) - settings["4"],
        )
        == (15536, 8640, 6896)
    )
    summaries = [w for w in outcome.warnings if "are not GP practices" in w.message]
    assert len(summaries) == 1 and "6,896 rows" in summaries[0].message
    with db.session() as session:
        statuses = dict(
            session.execute(select(Practice.status, func.count()).group_by(Practice.status)).all()
        )
        assert statuses == {
            {"A": "Active", "C": "Closed", "D": "Dormant"}[k]: v
            for k, v in Counter(r[12] for r in practices).items()
        }
        black_country = session.scalar(select(func.count()).where(Practice.sub_icb_code == "D2P2L"))
        assert black_country == sum(1 for r in practices if r[14] == "D2P2L") == 191
        cape_hill = session.get(Practice, "M88006")
        assert (cape_hill.postcode, cape_hill.icb_code) == ("B66 3NR", "QUA")


def test_older_epraccur_does_not_overwrite_the_newer_map(map_db, tmp_path):
    db, _ = map_db
    map_header, map_rows = read_csv(MAP)
    map_names = {
        r[column(map_header, "PRACTICE_CODE")]: r[column(map_header, "PRACTICE_NAME")]
        for r in map_rows
    }
    _, records = read_csv(EPRACCUR, header=False)
    differs = [r for r in records if r[25] == "4" and r[0] in map_names and r[1] != map_names[r[0]]]
    assert differs, "the two files should disagree on some practice names"
    # a slice is enough and keeps the shared database small
    write_csv(tmp_path / "epraccur.csv", None, differs[:50])
    outcome = import_one(db, tmp_path / "epraccur.csv")
    assert outcome.ok, outcome.error
    assert any("a newer file" in w.message for w in outcome.warnings)
    with db.session() as session:
        practice = session.get(Practice, differs[0][0])
        assert practice.name == map_names[differs[0][0]]
        assert practice.status is not None  # a gap the older file may fill


def test_map_is_checked_against_the_registered_list_of_the_same_date(db, tmp_path):
    registered = "registered_patients/gp-reg-pat-prac-all_2025-10.csv"
    reg_header, reg_rows = read_csv(registered)
    reg_codes = {r[column(reg_header, "CODE")] for r in reg_rows}
    assert import_one(db, realdata(registered)).ok
    header, rows = slice_of(MAP, lambda r: r["SUB_ICB_LOCATION_CODE"] == "D2P2L")
    rows = [*rows[:-1], edited_code(header, rows[-1], "Y99999")]
    outcome = import_one(db, write_csv(tmp_path / "bc map.csv", header, rows))
    assert outcome.ok, outcome.error
    map_codes = {r[column(header, "PRACTICE_CODE")] for r in rows}
    messages = [w.message for w in outcome.warnings]
    assert (
        "1 practices are in this map but not in the 01 Oct 2025 registered-patients list: Y99999"
        in messages
    )
    only_registered = len(reg_codes - map_codes)
    assert any(
        m.startswith(f"{only_registered:,} practices are in the 01 Oct 2025 registered-patients")
        for m in messages
    )


def edited_code(header: list[str], row: list[str], code: str) -> list[str]:
    row = list(row)
    row[column(header, "PRACTICE_CODE")] = code
    return row
