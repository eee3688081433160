"""NHS Payments to General Practice (NHS England, annual CSV) → the Carr-Hill weighted list.

One row per practice per financial year; the weighted list is what ARRS entitlement is based
on. Header wording drifts between years (see ``COLUMNS``), so headers are compared on their
letters and digits only (``PracticeCode`` = ``Practice Code``).

The financial year is not a column. It is taken, in order, from:

1. the published file name (``…-2024-25.csv``, ``…_2024_25``, ``…202425``, ``nhspaymentsgp-17-18``
   — a ZIP's own name counts too): metadata about the snapshot, not dataset detection;
2. otherwise the latest practice close or open date in the file (a practice that closed on
   28 Feb 2025 was paid in 2024/25), with a warning that the year was inferred;
3. otherwise the file is rejected, asking the user to keep the published file name.

Practices with a blank or zero weighted list (closed before or early in the year) are not
loaded: a zero would make every "per weighted patient" rate divide by nothing. Each is counted
as not loaded and named in a warning. A practice listed twice rejects the file: the two rows
cannot both be its weighted list, and picking one would be a guess.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from sqlalchemy import delete

from bcprimary.db.bulk import insert_frame
from bcprimary.db.models import WeightedList
from bcprimary.importing.base import DatasetReader, FileHead, ImportContext
from bcprimary.importing.csvframe import read_text_frame, reject_cut_off
from bcprimary.importing.numbers import numbers
from bcprimary.importing.organisations import PRACTICE_EXPECTED
from bcprimary.importing.validate import (
    PCN_CODE,
    PRACTICE_CODE,
    codes,
    loose_header,
    parse_date,
    reject_duplicates,
    resolve_columns,
    spreadsheet_rows,
)

# Wordings seen across the published years, best first (compared on letters and digits only):
#   2015/16  PracticeCode, NumberOfWeightedPatientsLastKnownFigure, …RegisteredPatients…
#   2016/17  PracticeCode, NumberofWeightedPatientsLastKnownFigure (lower-case "of")
#   2017/18  Practice Code, Number of Weighted Patients (Last Known Figure)
#   2018/19  Average Number of Weighted Patients, Average Number of Registered Patients
#   2019/20  Average number of weighted patients¹ (a footnote mark); PCN Code appears
#   2020/21–2022/23  Number of Weighted Patients (Last Known Figure)
#   2023/24–2024/25  Average Number of Weighted Patients
COLUMNS = {
    "practice_code": ["Practice Code"],
    "weighted_patients": [
        "Average Number of Weighted Patients",
        "Average Number of Weighted Patients (Last Known Figure)",
        "Average number of weighted patients1",
        "Number of Weighted Patients (Last Known Figure)",
        "Number of Weighted Patients",
    ],
    "registered_patients": [
        "Average Number of Registered Patients",
        "Average Number of Registered Patients (Last Known Figure)",
        "Average number of registered patients1",
        "Number of Registered Patients (Last Known Figure)",
        "Number of Registered Patients",
    ],
    "pcn_code": ["PCN Code"],  # from 2019/20
    "open_date": ["Practice Open Date"],
    "close_date": ["Practice Close Date"],
}
OPTIONAL = ("registered_patients", "pcn_code", "open_date", "close_date")
IDENTIFYING = [
    *COLUMNS["weighted_patients"],
    *COLUMNS["registered_patients"],
    "Global Sum",
    "Total NHS Payments to General Practice",
]
#: How the publication writes "not in a PCN" in the PCN Code column.
NO_PCN = re.compile(r"NO PCN|UNKNOWN|^NONE$|^N/?A$")
#: Date shapes the publication uses; a value of one of these shapes that is not a real date
#: (30/02/2025) means a damaged file, a value of any other shape is only reported.
DATE_SHAPES = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}|\d{8}|\d{1,2}[A-Za-z]{3}\d{4}")
_YEAR_PATTERNS = (
    re.compile(r"(?<!\d)(20\d{2})[-_ ]?(20\d{2})(?!\d)"),  # 2024-2025, 20242025
    re.compile(r"(?<!\d)(20\d{2})[-_ ]?(\d{2})(?!\d)"),  # 2024-25, 2024_25, 202425
    re.compile(r"(?<!\d)(\d{2})[-_](\d{2})(?!\d)"),  # nhspaymentsgp-17-18-csv
)


def financial_year_from_name(name: str) -> str | None:
    """``2024/25`` from a file name holding 2024-25, 2024_25, 202425, 2024-2025 or 24-25."""
    for pattern in _YEAR_PATTERNS:
        for match in pattern.finditer(name):
            first, second = int(match[1]), int(match[2])
            start = first if first > 1000 else 2000 + first
            if second % 100 == (start + 1) % 100 and 2010 <= start <= dt.date.today().year:
                return label_of(start)
    return None


def pcn_code_column(frame: pd.DataFrame, named: str | None) -> str | None:
    """The column holding PCN codes, found by content: most of its filled cells look like
    U and five digits. The headings of some years are shifted (2022/23 has the PCN code under
    ``Code`` and the PCN name under ``CCG NAME``), so the heading alone is not trusted."""

    def share(column: str) -> float:
        text = frame[column].astype(str).str.strip().str.upper()
        filled = text[text != ""]
        return float(filled.str.fullmatch(r"U\d{5}").mean()) if len(filled) else 0.0

    if named is not None and share(named) >= 0.5:
        return named
    best = max(frame.columns, key=share, default=None)
    return best if best is not None and share(best) >= 0.5 else named


def label_of(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_of(date: dt.date) -> int:
    """The calendar year a date's financial year (1 April – 31 March) starts in."""
    return date.year if date.month >= 4 else date.year - 1


class PaymentsReader(DatasetReader):
    dataset = "weighted_list"
    title = "NHS Payments to General Practice (weighted list)"

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        if head.kind != "csv" or not head.records:
            return False
        # Recognised by the practice code and any column only this publication has, so that
        # a file missing the weighted list is told so rather than "not recognised".
        present = {loose_header(c) for c in head.records[0]}
        return loose_header("Practice Code") in present and any(
            loose_header(w) in present for w in IDENTIFYING
        )

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        frame = read_text_frame(ctx, head)
        reject_cut_off(ctx, head)
        cols = resolve_columns(ctx, list(frame.columns), COLUMNS, OPTIONAL, key=loose_header)
        if frame.empty:
            ctx.reject("the file has a header but no practice rows")
        rows = spreadsheet_rows(frame)
        practice = codes(
            ctx,
            frame[cols["practice_code"]],
            cols["practice_code"],
            PRACTICE_CODE,
            PRACTICE_EXPECTED,
            rows,
        )
        table = pd.DataFrame({"practice_code": practice})
        reject_duplicates(
            ctx, table, ["practice_code"], rows, "practice", column=cols["practice_code"]
        )
        table["weighted_patients"] = numbers(
            ctx,
            frame[cols["weighted_patients"]],
            cols["weighted_patients"],
            rows,
            allow_blank=True,
            field="weighted_patients",
        )
        table["registered_patients"] = (
            numbers(
                ctx,
                frame[cols["registered_patients"]],
                cols["registered_patients"],
                rows,
                allow_blank=True,
                field="registered_patients",
            )
            if "registered_patients" in cols
            else None
        )
        table["pcn_code"] = self._pcn_codes(ctx, frame, cols, rows)
        dates = self._practice_dates(ctx, frame, cols, rows)
        year = self._financial_year(ctx, dates)
        ctx.progress(0.4, f"Checked {len(table):,} practices for {year}")
        ctx.check_cancel()

        unpaid = table["weighted_patients"].fillna(0) == 0
        for index in table.index[unpaid]:
            value = frame.loc[index, cols["weighted_patients"]].strip() or "blank"
            ctx.warn(
                f"practice {practice[index]} has a weighted list of {value} (closed or not "
                "paid in the year); it was not loaded",
                row=int(rows[index]),
                column=cols["weighted_patients"],
            )
        kept = table[~unpaid]
        ctx.replace_snapshot(
            self.dataset,
            year,
            dt.date(int(year[:4]), 4, 1),
            delete(WeightedList).where(WeightedList.financial_year == year),
        )
        insert_frame(
            ctx.conn,
            WeightedList.__table__,
            kept.assign(financial_year=year, import_id=ctx.import_id),
        )
        ctx.rows_kept = len(kept)
        ctx.rows_rejected = int(unpaid.sum())

    @staticmethod
    def _pcn_codes(ctx: ImportContext, frame: pd.DataFrame, cols: dict, rows: pd.Series):
        column = pcn_code_column(frame, cols.get("pcn_code"))
        if column is None:
            return None  # files before 2019/20: PCNs did not exist yet
        if column != cols.get("pcn_code"):
            ctx.warn(
                f"the PCN codes are in the column headed '{column}' (found by their shape, "
                "U and five digits); the headings of this year's file are shifted"
            )
        raw = frame[column]
        no_pcn = raw.str.strip().str.upper().str.contains(NO_PCN)
        text = codes(
            ctx,
            raw.where(~no_pcn, "U"),
            column,
            PCN_CODE,
            "a PCN code (U and five digits) or 'Unknown or no PCN'",
            rows,
            allow_blank=True,
        )
        return text.where(text != "", None)

    @staticmethod
    def _practice_dates(ctx, frame, cols, rows) -> list[tuple[dt.date, str, int]]:
        """Open and close dates as (date, practice, row); damaged dates reject the file."""
        found: list[tuple[dt.date, str, int]] = []
        odd = 0
        for field in ("close_date", "open_date"):
            if field not in cols:
                continue
            for index, text in frame[cols[field]].str.strip().items():
                if not text:
                    continue
                date = parse_date(text)
                if date is not None:
                    found.append((date, frame.loc[index, cols["practice_code"]], rows[index]))
                elif DATE_SHAPES.fullmatch(text):
                    ctx.reject(
                        row=int(rows[index]),
                        column=cols[field],
                        expected="a real date such as 31/03/2025",
                        found=text,
                    )
                else:
                    odd += 1
        if odd:
            ctx.warn(
                f"{odd:,} practice open or close dates are in an unfamiliar format and "
                "were not used"
            )
        return found

    def _financial_year(self, ctx: ImportContext, dates: list) -> str:
        names = [ctx.source.name, ctx.source.path.name]
        from_name = next(filter(None, map(financial_year_from_name, names)), None)
        latest = max(dates, default=None)
        if from_name is not None:
            year_end = dt.date(int(from_name[:4]) + 1, 3, 31)
            if latest is not None and latest[0] > year_end:
                ctx.warn(
                    f"the file name says {from_name}, but practice {latest[1]} has a date "
                    f"of {latest[0]:%d/%m/%Y}, after that year ended; check the year",
                    row=int(latest[2]),
                )
            return from_name
        if latest is None:
            ctx.reject(
                "the financial year cannot be told: the file name holds no year (such as "
                "2024-25) and no practice has an open or close date. Keep the file name as "
                "published (e.g. nhs-payments-to-general-practice-2024-25.csv)"
            )
        year = label_of(financial_year_of(latest[0]))
        ctx.warn(
            f"the file name holds no financial year, so {year} was inferred from the "
            f"latest practice date ({latest[0]:%d/%m/%Y}, practice {latest[1]}); keep the "
            "published file name to be sure",
            row=int(latest[2]),
        )
        return year
