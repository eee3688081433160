"""Helpers for the importer tests: slices and variants of the real published files, written to
a temporary folder, and whole-database dumps to prove a failed import changed nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

from sqlalchemy import select

from bcprimary.db import Database
from bcprimary.db.models import Base
from bcprimary.importing import ImportOutcome, import_files
from tests.conftest import realdata

MAP = "practice_pcn_map/gp-reg-pat-prac-map_2025-10.csv"
EPCN = "practice_pcn_map/ePCN_2023-02.xlsx"
EPRACCUR = "practice_pcn_map/epraccur_2023-02.csv"
PAYMENTS = "payments/nhs-payments-to-general-practice-2024-25.csv"
DEPRIVATION = "deprivation/fingertips_93553_imd2019_practice.csv"
REGISTERED_2021 = "registered_patients/gp-reg-pat-prac-all_2021-01.csv"


@cache
def _records(relative: str) -> tuple[tuple[str, ...], ...]:
    """A real file parsed once per run (tuples: callers get fresh lists to change)."""
    with realdata(relative).open(encoding="utf-8-sig", newline="") as handle:
        return tuple(tuple(record) for record in csv.reader(handle))


def read_csv(relative: str, header: bool = True) -> tuple[list[str], list[list[str]]]:
    """A real file's header and records, parsed with the csv module (independent of the app)."""
    records = [list(record) for record in _records(relative)]
    return (records[0], records[1:]) if header else ([], records)


def write_csv(
    path: Path,
    header: Sequence[str] | None,
    rows: Iterable[Sequence[str]],
    *,
    encoding: str = "utf-8",
    bom: bool = False,
) -> Path:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.getvalue().encode(encoding))
    return path


def column(header: Sequence[str], name: str) -> int:
    return list(header).index(name)


def slice_of(
    relative: str, keep: Callable[[dict[str, str]], bool], limit: int | None = None
) -> tuple[list[str], list[list[str]]]:
    """The header and the rows for which ``keep(row as dict)`` is true."""
    header, rows = read_csv(relative)
    chosen = [r for r in rows if keep(dict(zip(header, r, strict=False)))]
    return header, chosen[:limit] if limit else chosen


def dump_database(db: Database, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table (but ``skip``), sorted: equal dumps mean an unchanged
    database."""
    with db.engine.connect() as conn:
        return {
            table.name: sorted(
                conn.execute(select(table)).all(), key=lambda row: tuple(map(repr, row))
            )
            for table in Base.metadata.sorted_tables
            if table.name not in skip
        }


def import_one(db: Database, path: Path, **kwargs) -> ImportOutcome:
    outcomes = import_files(db, [path], **kwargs)
    assert len(outcomes) == 1, outcomes
    return outcomes[0]
