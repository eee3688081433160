"""General Practice Workforce, Detailed Practice-Level CSV (NHS England, monthly; 805 fields).

Stored in long form (one row per practice and measure) for the measures the app uses: every
all-sexes staff total ``TOTAL_<group/role>_HC`` / ``_FTE`` (group totals such as TOTAL_GP_FTE,
TOTAL_GP_EXTGL_FTE, TOTAL_NURSES_FTE, TOTAL_DPC_FTE, TOTAL_ADMIN_FTE and each role's total) and
the registered patients by sex and age band. Male/female and age/country breakdowns of staff
are not stored (they are derivable detail the planner does not use).

Values, per the definitions workbook: a number; ``NA`` (from February 2023: no valid records
for the staff group, the practice is in its sub-ICB's estimates) and ``ND`` (no valid data) are
stored as an empty value with that code in ``note``, never as 0; a blank cell (a field not
collected in that period) is not stored. Anything else is rejected with its row and column.

The file has no date column (the definitions list none): the census month is taken from the
file name, or the ZIP's name, e.g. "General Practice – October 2025 Practice Level - Detailed"
→ 31 October 2025 (the census is at the month's end).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import delete

from bcprimary.db.bulk import insert_rows
from bcprimary.db.models import PracticeWorkforce
from bcprimary.importing.base import DatasetReader, FileHead, ImportContext
from bcprimary.importing.name_dates import last_day, month_in_name
from bcprimary.importing.numbers import NUMBER_TEXT, PLAUSIBLE
from bcprimary.importing.organisations import Organisations, display_name, refresh_organisations
from bcprimary.importing.sources import open_text
from bcprimary.importing.validate import PRACTICE_CODE, reject_duplicates, spreadsheet_rows

STAFF_TOTAL = re.compile(r"^TOTAL_[A-Z0-9_]+_(HC|FTE)$")
PATIENT_FIELDS = re.compile(
    r"^(TOTAL_(PATIENTS|MALE|FEMALE|UNKNOWN_GENDER)|(MALE|FEMALE)_PATIENTS_.+)$"
)
NOT_AVAILABLE = {"NA", "ND"}
IDENTITY = (
    "PRAC_CODE",
    "PRAC_NAME",
    "PCN_CODE",
    "PCN_NAME",
    "SUB_ICB_CODE",
    "SUB_ICB_NAME",
    "ICB_CODE",
    "ICB_NAME",
)
NOT_A_PCN = {"", "UNALIGNED", "NA"}


def stored_measure(field: str) -> bool:
    """Whether a published field is kept (see the module docstring)."""
    return bool(STAFF_TOTAL.match(field) or PATIENT_FIELDS.match(field))


class PracticeWorkforceReader(DatasetReader):
    dataset = "practice_workforce"
    title = "General Practice Workforce, Detailed Practice-Level CSV"

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        return head.kind == "csv" and head.has_columns("PRAC_CODE", "TOTAL_GP_FTE")

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        header = [h.strip().upper() for h in head.records[0]]
        measures = [f for f in header if stored_measure(f)]
        wanted = [f for f in IDENTITY if f in header] + measures
        census = self._census(ctx)
        frame = self._read(ctx, head, wanted)
        rows = spreadsheet_rows(frame)
        codes = frame["PRAC_CODE"].str.strip().str.upper()
        unknown = ~codes.str.fullmatch(PRACTICE_CODE.pattern)
        for index in frame.index[unknown & (codes == "UNKNOWN")]:
            ctx.warn(
                "staff not linked to a practice ('UNKNOWN') are not loaded",
                row=int(rows[index]),
                column="PRAC_CODE",
            )
            ctx.rows_rejected += 1
        bad = unknown & (codes != "UNKNOWN")
        if bad.any():
            first = bad.idxmax()
            ctx.reject(
                row=int(rows[first]),
                column="PRAC_CODE",
                expected="a GP practice code (a letter and five digits, e.g. M87001)",
                found=frame.loc[first, "PRAC_CODE"],
            )
        frame, rows, codes = frame[~unknown], rows[~unknown], codes[~unknown]
        reject_duplicates(ctx, frame.assign(PRAC_CODE=codes), ["PRAC_CODE"], rows, "practice")

        ctx.replace_snapshot(
            self.dataset,
            f"{census:%Y-%m}",
            census,
            delete(PracticeWorkforce).where(PracticeWorkforce.snapshot_date == census),
        )
        # Written in primary-key order (practice, then measure) so SQLite appends.
        measures = sorted(measures)
        columns = [self._values(ctx, frame[m], m, rows) for m in measures]
        values = np.column_stack([c[0] for c in columns])
        notes = np.column_stack([c[1] for c in columns])
        order = np.argsort(codes.to_numpy(dtype=object), kind="stable")
        values, notes = values[order].ravel(), notes[order].ravel()
        keep = ~(np.isnan(values) & (notes == ""))
        count = int(keep.sum())
        insert_rows(
            ctx.conn,
            PracticeWorkforce.__table__,
            ["snapshot_date", "practice_code", "measure", "value", "note", "import_id"],
            zip(
                [census.isoformat()] * count,
                np.repeat(codes.to_numpy(dtype=object)[order], len(measures))[keep].tolist(),
                np.tile(np.array(measures, dtype=object), len(frame))[keep].tolist(),
                np.where(np.isnan(values), None, values)[keep].tolist(),
                np.where(notes == "", None, notes)[keep].tolist(),
                [ctx.import_id] * count,
                strict=True,
            ),
            rows_per_statement=100,
        )
        self._warn_not_available(ctx, frame)
        ctx.rows_kept = len(frame)
        _save_organisations(ctx, frame.assign(PRAC_CODE=codes), census)

    @staticmethod
    def _census(ctx: ImportContext) -> dt.date:
        for name in (ctx.source.name, ctx.source.path.name):
            month = month_in_name(Path(name).stem)
            if month is not None:
                return last_day(month)
        ctx.reject(
            expected="the month in the file name, as NHS England names it (e.g. 'General "
            "Practice – October 2025 Practice Level - Detailed.csv'): this CSV has no date "
            "column, so the month cannot be read from its rows",
            found=ctx.source.display_name,
        )

    @staticmethod
    def _read(ctx: ImportContext, head: FileHead, wanted: list[str]) -> pd.DataFrame:
        try:
            with open_text(ctx.source, head.encoding) as text:
                frame = pd.read_csv(
                    text,
                    dtype=str,
                    keep_default_na=False,
                    usecols=lambda c: c.strip().upper() in set(wanted),
                )
        except (pd.errors.ParserError, ValueError) as exc:
            ctx.reject(f"the file is not valid CSV: {exc}")
        frame.columns = [c.strip().upper() for c in frame.columns]
        if frame.empty:
            ctx.reject("the file has a header but no practice rows")
        ctx.rows_read = len(frame)
        return frame

    @staticmethod
    def _values(
        ctx: ImportContext, text: pd.Series, column: str, rows: pd.Series
    ) -> tuple[np.ndarray, np.ndarray]:
        """Numbers (NaN where not a number) and notes ('NA', 'ND' or '') of one column."""
        cleaned = text.str.strip().str.upper()
        notes = cleaned.where(cleaned.isin(NOT_AVAILABLE), "").to_numpy(dtype=object)
        present = ~cleaned.isin(NOT_AVAILABLE) & (cleaned != "")
        well_formed = cleaned.str.fullmatch(NUMBER_TEXT)
        numeric = pd.to_numeric(
            cleaned.str.replace(",", "", regex=False).where(present & well_formed),
            errors="coerce",
        )
        limit = PLAUSIBLE["practice_workforce"]
        bad = numeric.isna() & present
        negative = numeric < 0
        implausible = ~numeric.between(limit.low, limit.high) & numeric.notna() & ~negative
        for mask, expected in (
            (bad, "a number, NA or ND (as the definitions allow)"),
            (negative, "a number, 0 or more"),
            (implausible, limit.describe()),
        ):
            if mask.any():
                first = mask.idxmax()
                ctx.reject(
                    row=int(rows[first]), column=column, expected=expected, found=text[first]
                )
        return numeric.to_numpy(dtype=float), notes

    @staticmethod
    def _warn_not_available(ctx: ImportContext, frame: pd.DataFrame) -> None:
        for field, group in (
            ("TOTAL_GP_FTE", "GPs"),
            ("TOTAL_NURSES_FTE", "nurses"),
            ("TOTAL_DPC_FTE", "direct patient care staff"),
            ("TOTAL_ADMIN_FTE", "admin/non-clinical staff"),
        ):
            if field in frame:
                count = int(frame[field].str.strip().str.upper().isin(NOT_AVAILABLE).sum())
                if count:
                    ctx.warn(
                        f"{count:,} practices have no valid {group} records ('NA'): "
                        "their staff are only in the sub-ICB estimates, not counted as 0",
                        column=field,
                    )


def _save_organisations(ctx: ImportContext, frame: pd.DataFrame, census: dt.date) -> None:
    """Practice, PCN, sub-ICB and ICB names as at the census (a newer organisation file wins)."""

    def column(name: str) -> list[str | None]:
        if name not in frame:
            return [None] * len(frame)
        return [display_name(v) for v in frame[name]]

    found = Organisations()
    for code, name, pcn, pcn_name, sub_icb, sub_name, icb, icb_name in zip(
        *(column(f) for f in IDENTITY), strict=True
    ):
        found.practices.append(
            {"code": code, "name": name, "sub_icb_code": sub_icb, "icb_code": icb}
        )
        if pcn and pcn.upper() not in NOT_A_PCN:
            found.pcns.append(
                {"code": pcn, "name": pcn_name, "sub_icb_code": sub_icb, "icb_code": icb}
            )
        if sub_icb:
            found.sub_icbs.append({"code": sub_icb, "name": sub_name, "icb_code": icb})
        if icb:
            found.icbs.append({"code": icb, "name": icb_name})
    refresh_organisations(ctx, found, census)
