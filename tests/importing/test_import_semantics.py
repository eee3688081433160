"""How every import behaves, shown with the PCN map, payments, deprivation and ODS readers:
idempotent re-imports, the import log, one transaction, progress and cancel, and the shapes
files arrive in (other ICBs, encodings, trailing blank columns, ZIPs)."""

from __future__ import annotations

import hashlib
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from bcprimary.db.models import PCN, ImportLog, PcnMembership, Practice
from bcprimary.importing import import_files
from bcprimary.progress import Cancelled, CancelToken
from tests.conftest import realdata
from tests.importing.realslices import (
    DEPRIVATION,
    EPCN,
    EPRACCUR,
    MAP,
    PAYMENTS,
    column,
    dump_database,
    import_one,
    read_csv,
    slice_of,
    write_csv,
)


def _small_epcn(folder):
    source = openpyxl.load_workbook(realdata(EPCN), read_only=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in (("PCNDetails", 60), ("PCN Core Partner Details", 300)):
        sheet = book.create_sheet(title)
        for row in source[title].iter_rows(max_row=rows, values_only=True):
            sheet.append(row)
    source.close()
    path = folder / "ePCN.xlsx"
    book.save(path)
    return path


def _small_epraccur(folder):
    _, records = read_csv(EPRACCUR, header=False)
    return write_csv(folder / "epraccur.csv", None, records[:400])


SOURCES = {
    "pcn_map": lambda folder: realdata(MAP),
    "epcn": _small_epcn,
    "epraccur": _small_epraccur,
    "weighted_list": lambda folder: realdata(PAYMENTS),
    "deprivation": lambda folder: realdata(DEPRIVATION),
}


def _without_ids(dump: dict) -> dict:
    """Table contents with import-log ids and times left out (they differ by design)."""
    out = {}
    for table, rows in dump.items():
        if table in {"import_log", "import_warning"}:
            out[table] = len(rows)
        elif table == "pcn_membership":
            out[table] = sorted(tuple(r)[1:-1] for r in rows)  # drop id and import_id
        else:
            out[table] = sorted(tuple(v for v in r if not isinstance(v, int)) for r in rows)
    return out


@pytest.mark.parametrize("dataset", list(SOURCES))
def test_reimport_replaces_and_never_duplicates(db, tmp_path, dataset):
    path = SOURCES[dataset](tmp_path)
    first = import_one(db, path)
    assert first.ok, first.error
    assert first.dataset == dataset
    after_first = _without_ids(dump_database(db))
    second = import_one(db, path)
    assert second.ok, second.error
    assert second.replaced_previous and not first.replaced_previous
    assert _without_ids(dump_database(db)) == after_first
    with db.session() as session:
        logs = session.execute(select(ImportLog.id, ImportLog.replaced_previous)).all()
    assert logs == [(second.import_id, True)]


@pytest.mark.parametrize("dataset", ["pcn_map", "weighted_list", "deprivation"])
def test_import_log_records_the_file(db, tmp_path, dataset):
    path = SOURCES[dataset](tmp_path)
    outcome = import_one(db, path)
    with db.session() as session:
        log = session.get(ImportLog, outcome.import_id)
        stored_warnings = len(log.warnings)
    assert log.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() == outcome.sha256
    assert log.file_name == path.name
    assert log.file_path == str(path.resolve())
    assert (log.dataset, log.snapshot) == (dataset, outcome.snapshot)
    assert (log.rows_read, log.rows_kept, log.rows_rejected) == (
        outcome.rows_read,
        outcome.rows_kept,
        outcome.rows_rejected,
    )
    assert log.rows_read == log.rows_kept + log.rows_rejected
    assert 0 < log.seconds < 30
    assert stored_warnings == min(outcome.warning_count, 500)


@pytest.fixture
def loaded_db(db, tmp_path):
    """A database that already holds data, so 'unchanged' means something."""
    header, rows = slice_of(MAP, lambda r: r["ICB_CODE"] == "QUA")
    assert import_one(db, write_csv(tmp_path / "bc map.csv", header, rows)).ok
    header, rows = slice_of(PAYMENTS, lambda r: r["Sub ICB Code"] == "D2P2L")
    assert import_one(db, write_csv(tmp_path / "payments 2023-24.csv", header, rows)).ok
    return db


def _fail_after(real, check):
    """``real`` does its work, ``check`` looks at the transaction, then the import fails."""

    def failing(ctx, *args, **kwargs):
        real(ctx, *args, **kwargs)
        check(ctx)
        raise RuntimeError("disk unplugged half way")

    return failing


def test_failure_half_way_leaves_nothing(loaded_db, monkeypatch):
    """The map reader has written its memberships when organisations are refreshed; a failure
    there must roll back the memberships too."""
    from bcprimary.importing.readers.pcn_map import reader as pcn_map

    written = []

    def count_memberships(ctx):
        written.append(
            ctx.conn.scalar(
                select(func.count())
                .select_from(PcnMembership)
                .where(PcnMembership.import_id == ctx.import_id)
            )
        )

    monkeypatch.setattr(
        pcn_map,
        "refresh_organisations",
        _fail_after(pcn_map.refresh_organisations, count_memberships),
    )
    before = dump_database(loaded_db)
    # An unexpected failure is reported as that file's outcome (the batch goes on).
    (outcome,) = import_files(loaded_db, [realdata(MAP)])
    assert not outcome.ok and "half way" in outcome.error
    assert written == [6202]  # rows were in the transaction…
    assert dump_database(loaded_db) == before  # …and are gone


def test_failure_after_writing_weighted_list_leaves_nothing(loaded_db, monkeypatch, tmp_path):
    from bcprimary.importing.readers import payments

    real_insert = payments.insert_frame

    def insert_then_fail(conn, table, frame):
        real_insert(conn, table, frame)
        raise RuntimeError("disk unplugged half way")

    monkeypatch.setattr(payments, "insert_frame", insert_then_fail)
    before = dump_database(loaded_db)
    (outcome,) = import_files(loaded_db, [realdata(PAYMENTS)])
    assert not outcome.ok
    assert dump_database(loaded_db) == before


def test_progress_rises_and_cancel_leaves_the_database_unchanged(loaded_db):
    seen: list[float] = []
    outcome = import_files(loaded_db, [realdata(MAP)], progress=lambda f, m: seen.append(f))
    assert outcome[0].ok
    assert seen == sorted(seen) and seen[0] == 0.0 and seen[-1] == 1.0
    assert len([f for f in seen if 0 < f < 1]) >= 2  # the reader reports as it goes

    before = dump_database(loaded_db)
    token = CancelToken()
    fractions: list[float] = []

    def cancel_late(fraction: float, message: str) -> None:
        fractions.append(fraction)
        if fraction >= 0.7:  # after the memberships have been written
            token.cancel()

    with pytest.raises(Cancelled):
        import_files(loaded_db, [realdata(MAP)], progress=cancel_late, cancel=token)
    assert dump_database(loaded_db) == before
    assert 0.7 <= max(fractions) < 1.0


def test_cancel_in_a_batch_keeps_finished_files_only(loaded_db):
    before = dump_database(loaded_db)
    token = CancelToken()

    def cancel_in_second_file(fraction: float, message: str) -> None:
        if fraction >= 0.5 + 0.7 / 2:  # the second of two files, after it wrote its rows
            token.cancel()

    with pytest.raises(Cancelled):
        import_files(
            loaded_db,
            [realdata(DEPRIVATION), realdata(MAP)],
            progress=cancel_in_second_file,
            cancel=token,
        )
    after = dump_database(loaded_db)
    assert len(after["deprivation"]) == 6546  # the finished first file stays
    assert after["pcn_membership"] == before["pcn_membership"]
    assert after["practice"] == before["practice"]


# --- the shapes files arrive in -------------------------------------------------------------


def _map_summary(db) -> tuple:
    with db.session() as session:
        members = sorted(
            session.execute(select(PcnMembership.practice_code, PcnMembership.pcn_code)).all()
        )
        names = sorted(session.execute(select(Practice.code, Practice.name)).all())
        pcns = session.scalar(select(func.count()).select_from(PCN).where(PCN.code != "U"))
    return len(members), pcns, members, names


@pytest.fixture(scope="module")
def other_icb():
    """The North East and North Cumbria ICB (QHM) rows of the October 2025 map."""
    header, rows = slice_of(MAP, lambda r: r["ICB_CODE"] == "QHM")
    pcn = column(header, "PCN_CODE")
    return header, rows, len(rows), len({r[pcn] for r in rows} - {"U"})


def test_another_icb_imports_with_its_own_figures(db, tmp_path, other_icb):
    header, rows, practices, pcns = other_icb
    assert import_one(db, write_csv(tmp_path / "map.csv", header, rows)).ok
    count, stored_pcns, _, _ = _map_summary(db)
    assert (count, stored_pcns) == (practices, pcns)
    assert practices > 300 and pcns > 50


def _cp1252(folder, header, rows):
    rows = [list(r) for r in rows]
    rows[0][column(header, "PRACTICE_NAME")] = "THE DENSHAM SURGERY – CAFÉ ’S"
    return write_csv(folder / "map.csv", header, rows, encoding="cp1252")


def _trailing_blank_columns(folder, header, rows):
    return write_csv(folder / "map.csv", [*header, "", "", ""], [[*r, "", "", ""] for r in rows])


def _zipped(folder, header, rows, member="gp-reg-pat-prac-map.csv"):
    inner = write_csv(folder / "inner.csv", header, rows, bom=True)
    archive = folder / "gp reg pat prac map.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(inner, member)
        if "/" in member:
            z.writestr("__MACOSX/._gp-reg-pat-prac-map.csv", b"\x00\x05")
            z.writestr("Data/readme.txt", "not data")
    return archive


VARIANTS = {
    "utf-8 with BOM": lambda f, h, r: write_csv(f / "map.csv", h, r, bom=True),
    "utf-8 without BOM": lambda f, h, r: write_csv(f / "map.csv", h, r),
    "cp1252": _cp1252,
    "trailing blank columns": _trailing_blank_columns,
    "inside a ZIP": _zipped,
    "ZIP with a folder": lambda f, h, r: _zipped(f, h, r, "Data/gp-reg-pat-prac-map.csv"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_file_shapes_give_the_same_numbers(db, tmp_path, other_icb, variant):
    header, rows, practices, pcns = other_icb
    outcome = import_one(db, VARIANTS[variant](tmp_path, header, rows))
    assert outcome.ok, outcome.error
    count, stored_pcns, _, names = _map_summary(db)
    assert (count, stored_pcns) == (practices, pcns)
    if variant == "cp1252":
        assert dict(names)["A81001"] == "THE DENSHAM SURGERY – CAFÉ ’S"


def test_payments_without_bom_and_with_bom_agree(db, tmp_path):
    header, rows = read_csv(PAYMENTS)
    plain = import_one(db, write_csv(tmp_path / "payments-2024-25.csv", header, rows))
    assert plain.ok, plain.error
    bom = import_one(db, realdata(PAYMENTS))
    assert bom.ok and bom.replaced_previous  # same year, so the same snapshot
    assert (plain.snapshot, plain.rows_kept, plain.rows_rejected) == (
        bom.snapshot,
        bom.rows_kept,
        bom.rows_rejected,
    )
