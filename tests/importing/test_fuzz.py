"""Issue 11, point 8: slices of the real files, mutated (decimal commas, deleted or duplicated
cells, truncation, other encodings, inserted text), are either refused with a message naming
the file (and the place, where there is one) — leaving the database exactly as it was — or
imported with the original's figures: no number ever changes, and no snapshot shrinks by more
than the replacement guard allows.

Bounded: small slices, about 25 examples per reader, no example database shared between
readers. Marked slow.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Table, select

from bcprimary.db import open_database
from bcprimary.db.models import (
    DentalContract,
    Deprivation,
    PcnMembership,
    PcnWorkforce,
    RegisteredPatients,
    WeightedList,
)
from bcprimary.importing.shrink import KEEP_AT_LEAST
from tests.conftest import realdata
from tests.importing.activity_inputs import dental_variant, sheet_rows
from tests.importing.realslices import DEPRIVATION, MAP, PAYMENTS, dump_database, import_one

pytestmark = pytest.mark.slow

BC_PATIENTS = "registered_patients/gp-reg-pat-prac-all_2026-04_black_country.csv"
PCN_WORKFORCE = "workforce/Primary Care Networks - September 2022 Individual Level.csv"
DENTAL = "dental/Black Country ICS PC dental list October 2022.xlsx"
#: Text a mutation inserts: words and punctuation, never digits or signs (inserting a digit
#: into a number makes another valid number, which no reader could tell).
INSERTED = st.text(alphabet="abcxyzNA ;:#!?*/'\"\t", min_size=1, max_size=4)


@dataclass(frozen=True)
class Reader:
    """One reader's base file and what its import stores: key and figure columns."""

    name: str
    file_name: str
    table: Table
    key: tuple[str, ...]
    figures: tuple[str, ...]
    encoding: str = "utf-8"


def _records(relative: str, keep, limit: int, encoding: str = "utf-8-sig") -> list[list[str]]:
    with realdata(relative).open(encoding=encoding, newline="") as handle:
        records = list(csv.reader(handle))
    header = records[0]
    return [header, *[r for r in records[1:] if keep(dict(zip(header, r, strict=False)))][:limit]]


CSV_READERS = {
    "registered patients": (
        Reader("registered patients", "gp-reg-pat-prac-all.csv", RegisteredPatients.__table__,
               ("practice_code",), ("patients", "snapshot_date")),
        lambda: _records(BC_PATIENTS, lambda r: True, 30),
    ),
    "pcn map": (
        Reader("pcn map", "gp-reg-pat-prac-map.csv", PcnMembership.__table__,
               ("practice_code",), ("pcn_code", "snapshot_date")),
        lambda: _records(MAP, lambda r: r["SUB_ICB_LOCATION_CODE"] == "D2P2L", 30),
    ),
    "payments": (
        Reader("payments", "nhs-payments-to-general-practice-2024-25.csv",
               WeightedList.__table__, ("practice_code",),
               ("weighted_patients", "registered_patients", "pcn_code")),
        lambda: _records(PAYMENTS, lambda r: r["Sub ICB Code"] == "D2P2L", 30),
    ),
    "deprivation": (
        Reader("deprivation", "indicator-data.csv", Deprivation.__table__,
               ("edition", "area_code"), ("score",)),
        lambda: _records(DEPRIVATION, lambda r: True, 30),
    ),
    "pcn workforce": (
        Reader("pcn workforce", PCN_WORKFORCE.split("/")[-1], PcnWorkforce.__table__,
               (), ("pcn_code", "fte", "snapshot_date")),
        lambda: _records(PCN_WORKFORCE, lambda r: r["ICB_CODE"] == "QUA", 40, "cp1252"),
    ),
}  # fmt: skip


def _text(records: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(records)
    return out.getvalue()


def _stored(db, reader: Reader) -> list[tuple]:
    """The stored figures: (key…, figures…) per row, sorted (rows without a key as a bag)."""
    columns = [reader.table.c[c] for c in (*reader.key, *reader.figures)]
    with db.engine.connect() as conn:
        return sorted(conn.execute(select(*columns)).all(), key=lambda r: tuple(map(repr, r)))


def _check(db, path: Path, reader: Reader, original: list[tuple], base: Path) -> str | None:
    """The rejection message, or ``None`` after checking the figures of an import (the base
    file is then loaded again, so every example starts from the original)."""
    before = dump_database(db)
    outcome = import_one(db, path)
    if not outcome.ok:
        assert outcome.error.startswith(path.name), outcome.error
        assert dump_database(db) == before
        return outcome.error
    stored = _stored(db, reader)
    if reader.key:
        # Every row kept holds exactly the original's figures; none is invented.
        assert set(stored) <= set(original), set(stored) - set(original)
    else:
        remaining = list(original)
        for row in stored:
            assert row in remaining, row
            remaining.remove(row)
    assert len(stored) >= KEEP_AT_LEAST * len(original)
    assert import_one(db, base, confirm_replace=lambda _question: True).ok
    assert _stored(db, reader) == original
    return None


@st.composite
def csv_mutation(draw, records: list[list[str]], encoding: str) -> bytes:
    rows = [list(r) for r in records]
    kind = draw(st.sampled_from(["comma", "delete", "duplicate", "truncate", "encode", "insert"]))
    row = draw(st.integers(1, len(rows) - 1))
    if kind == "comma":
        numeric = [i for i, v in enumerate(rows[row]) if "." in v and v.replace(".", "").isdigit()]
        if numeric:
            i = draw(st.sampled_from(numeric))
            rows[row][i] = rows[row][i].replace(".", ",")
    elif kind == "delete":
        del rows[row][draw(st.integers(0, len(rows[row]) - 1))]
    elif kind == "duplicate":
        i = draw(st.integers(0, len(rows[row]) - 1))
        rows[row].insert(i, rows[row][i])
    data = _text(rows)
    if kind == "truncate":
        data = data[: draw(st.integers(len(data) // 2, len(data) - 1))]
    if kind == "insert":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(INSERTED) + data[at:]
    target = encoding
    if kind == "encode":
        target = draw(st.sampled_from(["utf-16", "cp1252", "latin-1", "utf-8-sig"]))
    return data.encode(target, errors="replace")


@pytest.mark.parametrize("name", list(CSV_READERS))
def test_mutated_csv_files_are_refused_or_keep_their_figures(tmp_path_factory, name):
    reader, build = CSV_READERS[name]
    records = build()
    folder = tmp_path_factory.mktemp(f"fuzz {name}")
    encoding = "cp1252" if name == "pcn workforce" else "utf-8"
    base = folder / reader.file_name
    base.write_bytes(_text(records).encode(encoding))
    db = open_database(folder / "fuzz.sqlite")
    assert import_one(db, base).ok
    original = _stored(db, reader)
    assert original

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=csv_mutation(records, encoding))
    def mutated(data: bytes) -> None:
        path = folder / "mutated" / reader.file_name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        errors.append(_check(db, path, reader, original, base))

    errors: list[str | None] = []
    mutated()
    db.dispose()
    assert any(errors), "no mutation was refused: the mutations do not bite"


@st.composite
def dental_mutation(draw, rows: list[list[object]]) -> list[list[object]]:
    rows = [list(r) for r in rows]
    header = [str(c).strip() if c else "" for c in rows[4]]
    data_rows = [i for i in range(5, len(rows)) if isinstance(rows[i][0], int | float)]
    row = draw(st.sampled_from(data_rows))
    figures = [header.index(h) for h in ("UDA Annual Contracted", "UDA Value (£)")]
    kind = draw(st.sampled_from(["comma", "clear", "duplicate", "truncate", "insert"]))
    if kind == "comma":
        column = draw(st.sampled_from(figures))
        rows[row][column] = f"{float(rows[row][column]):.2f}".replace(".", ",")
    elif kind == "clear":
        rows[row][draw(st.sampled_from([0, figures[0]]))] = None
    elif kind == "duplicate":
        rows.insert(row, list(rows[row]))
    elif kind == "truncate":
        del rows[draw(st.integers(data_rows[len(data_rows) // 2], len(rows) - 1)) :]
    elif kind == "insert":
        column = draw(st.sampled_from([0, *figures]))
        text = str(rows[row][column])
        at = draw(st.integers(0, len(text)))
        rows[row][column] = text[:at] + draw(INSERTED) + text[at:]
    return rows


def test_mutated_dental_workbooks_are_refused_or_keep_their_figures(tmp_path_factory):
    reader = Reader(
        "dental",
        "dental list.xlsx",
        DentalContract.__table__,
        ("contract_number",),
        ("uda_contracted", "uda_value_gbp", "uda_financial_value_gbp"),
    )
    rows = [list(r[:45]) for r in sheet_rows(DENTAL, "Data")]
    folder = tmp_path_factory.mktemp("fuzz dental")
    db = open_database(folder / "fuzz.sqlite")
    base = dental_variant(folder, reader.file_name, rows)
    assert import_one(db, base).ok
    original = _stored(db, reader)

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(mutated_rows=dental_mutation(rows))
    def mutated(mutated_rows) -> None:
        path = dental_variant(folder / "mutated", reader.file_name, mutated_rows)
        errors.append(_check(db, path, reader, original, base))

    errors: list[str | None] = []
    (folder / "mutated").mkdir()
    mutated()
    db.dispose()
    assert any(errors), "no mutation was refused: the mutations do not bite"
