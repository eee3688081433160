"""Appointments in General Practice, practice-level crosstab (NHS England, monthly).

``Practice_Level_Crosstab_<Mon>_<YY>.csv``: one row per practice × HCP type × appointment mode
× national category × time from booking × status, with COUNT_OF_APPOINTMENTS. A national month
is ~1 GB, so the file is streamed in chunks (:mod:`.streaming`), each chunk
validated in full before its rows are written, all inside the pipeline's one transaction:

* APPOINTMENT_MONTH_START_DATE (``01OCT2025``) is one real first-of-month date on every row;
* GP_CODE is an ODS practice code; COUNT_OF_APPOINTMENTS a whole number ≥ 0;
* the five labels are matched to the published vocabulary; a label never published before is
  kept as a new dimension value, with a warning;
* a practice × five-label combination appears once (within a chunk by sorting, across chunks by
  the table's primary key).

Re-importing a month replaces it. Practice, PCN and sub-ICB names are refreshed from the file;
practices missing from the loaded practice lists (registered patients, practice→PCN maps) are
kept and summarised in one warning.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import numpy as np
import pandas as pd
from sqlalchemy import delete, select

from bcprimary.db.models import AppointmentMonth, Appointments, PcnMembership, RegisteredPatients
from bcprimary.importing.base import DatasetReader, FileHead, ImportContext
from bcprimary.importing.organisations import Organisations, display_name, refresh_organisations
from bcprimary.importing.readers.appointments import parse_worker
from bcprimary.importing.readers.appointments.checks import ChunkChecks
from bcprimary.importing.readers.appointments.labels import DIMENSIONS
from bcprimary.importing.readers.appointments.store import AppointmentStore, DuplicateRow
from bcprimary.importing.readers.appointments.streaming import csv_chunks
from bcprimary.importing.validate import resolve_columns

COLUMNS = {
    "month": ["APPOINTMENT_MONTH_START_DATE"],
    "practice_code": ["GP_CODE"],
    "practice_name": ["GP_NAME"],
    "supplier": ["SUPPLIER"],
    "pcn_code": ["PCN_CODE"],
    "pcn_name": ["PCN_NAME"],
    "sub_icb_code": ["SUB_ICB_LOCATION_CODE"],
    "sub_icb_name": ["SUB_ICB_LOCATION_NAME"],
    **{kind: [column] for kind, (column, _) in DIMENSIONS.items()},
    "count": ["COUNT_OF_APPOINTMENTS"],
}
OPTIONAL = ("practice_name", "supplier", "pcn_code", "pcn_name", "sub_icb_code", "sub_icb_name")
NAME_FIELDS = ("practice_name", "pcn_code", "pcn_name", "sub_icb_code", "sub_icb_name")


class AppointmentsReader(DatasetReader):
    dataset = "appointments"
    title = "Appointments in General Practice (practice-level crosstab)"

    #: Records per chunk: large enough that per-chunk overheads vanish, small enough that a
    #: chunk's arrays stay a few tens of MB (measured in benchmarks/bench_import_appointments).
    chunk_rows: ClassVar[int] = 500_000
    #: Files from this size are parsed in a second process, overlapping parsing with writing
    #: (a national month: ~15 s → ~11 s on 2 cores); below it the process start-up (~1 s)
    #: is not worth it. ``None`` never uses a second process.
    parse_in_child_from_bytes: ClassVar[int | None] = 64 * 2**20

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        # Two columns are enough to tell the crosstab; any other missing one is then reported
        # by name instead of "not a file the app recognises".
        return head.kind == "csv" and head.has_columns("APPOINTMENT_MONTH_START_DATE", "GP_CODE")

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        header = head.records[0]
        cols = resolve_columns(ctx, header, COLUMNS, OPTIONAL)
        store = AppointmentStore(ctx.conn)
        store.ensure_published_labels()
        checks = ChunkChecks(ctx, store, cols, last_column=header[-1])
        practices: dict[str, dict[str, str]] = {}
        month: dt.date | None = None
        appointments = 0

        in_child = self._parse_in_child(ctx)
        chunks = csv_chunks(
            ctx, head.encoding, list(cols.values()), self.chunk_rows, in_child=in_child
        )
        store.tune()
        try:
            for chunk in chunks:
                ctx.check_cancel()
                frame = chunk.frame
                chunk_month = checks.month(frame, chunk.first_row)
                if month is None:
                    month = chunk_month
                    ctx.replace_snapshot(
                        self.dataset,
                        f"{month:%Y-%m}",
                        month,
                        delete(Appointments).where(Appointments.month == month),
                        delete(AppointmentMonth).where(AppointmentMonth.month == month),
                    )
                batch = checks.rows(frame, chunk.first_row)
                try:
                    store.write(batch.table(month.isoformat()))
                except DuplicateRow as duplicate:
                    checks.reject_duplicate(batch, month.isoformat(), duplicate.index)
                _remember_names(practices, frame, cols, batch.first_row_of_each_practice())
                ctx.rows_read += len(frame)
                appointments += batch.appointments
                ctx.progress(
                    min(chunk.bytes_read / max(ctx.source.size, 1), 1.0),
                    f"Appointments {month:%B %Y}: {ctx.rows_read:,} rows",
                )
        finally:
            store.restore()
        if month is None:
            ctx.reject("the file has a header but no appointment rows")
        ctx.rows_kept = ctx.rows_read
        self._check_practices_known(ctx, practices)
        _save_names(ctx, practices, month)
        ctx.conn.execute(
            AppointmentMonth.__table__.insert().values(
                month=month,
                rows=ctx.rows_kept,
                appointments=appointments,
                practices=len(practices),
                import_id=ctx.import_id,
            )
        )

    def _parse_in_child(self, ctx: ImportContext) -> bool:
        limit = self.parse_in_child_from_bytes
        return limit is not None and ctx.source.size >= limit and parse_worker.available()

    @staticmethod
    def _check_practices_known(ctx: ImportContext, practices: dict[str, dict[str, str]]) -> None:
        """Warn (once, summarised) about practices the practice lists loaded do not have."""
        known = set(ctx.conn.execute(select(RegisteredPatients.practice_code).distinct()).scalars())
        known |= set(ctx.conn.execute(select(PcnMembership.practice_code).distinct()).scalars())
        if not known:
            return  # no practice list loaded yet: every code would be "unknown"
        unknown = sorted(set(practices) - known)
        if unknown:
            examples = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
            ctx.warn(
                f"{len(unknown):,} of {len(practices):,} practices are in no registered-patients "
                f"list or practice→PCN map loaded ({examples}); their appointments are kept",
                column="GP_CODE",
            )


def _remember_names(
    practices: dict[str, dict[str, str]],
    frame: pd.DataFrame,
    cols: dict[str, str],
    first_rows: dict[str, int],
) -> None:
    """Names as of the first row of each practice (the crosstab repeats them on every row)."""
    new = {code: row for code, row in first_rows.items() if code not in practices}
    if not new:
        return
    positions = np.fromiter(new.values(), dtype=np.int64)
    values = {
        field: frame[cols[field]].iloc[positions].astype(str).str.strip().tolist()
        for field in NAME_FIELDS
        if field in cols
    }
    for i, code in enumerate(new):
        practices[code] = {field: column[i] for field, column in values.items()}


def _save_names(ctx: ImportContext, practices: dict[str, dict[str, str]], month: dt.date) -> None:
    """Practice, PCN and sub-ICB names as at the month (a newer organisation file wins)."""
    found = Organisations()
    for code, info in practices.items():
        sub_icb = info.get("sub_icb_code", "").upper() or None
        pcn = info.get("pcn_code", "").upper() or None
        found.practices.append(
            {"code": code, "name": display_name(info.get("practice_name")), "sub_icb_code": sub_icb}
        )
        if sub_icb:
            found.sub_icbs.append({"code": sub_icb, "name": display_name(info.get("sub_icb_name"))})
        if pcn:
            found.pcns.append(
                {
                    "code": pcn,
                    "name": display_name(info.get("pcn_name")),
                    "sub_icb_code": sub_icb if pcn != "U" else None,
                }
            )
    refresh_organisations(ctx, found, month)
