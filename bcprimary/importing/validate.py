"""Checks shared by the readers. Each failure names the file, row, column, what was expected
and what was found; nothing is silently coerced or dropped."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
from openpyxl.utils import get_column_letter

from bcprimary.importing.base import ImportContext
from bcprimary.importing.sources import normalise_header

#: ODS GP practice codes: one letter and five digits (e.g. M87001).
PRACTICE_CODE = re.compile(r"^[A-Z]\d{5}$")
#: ODS PCN codes: U and five digits; a lone ``U`` means "not in a PCN".
PCN_CODE = re.compile(r"^(U\d{5}|U)$")
#: Sub-ICB locations: three characters (05C, D2P2L was five) – letters and digits.
SUB_ICB_CODE = re.compile(r"^[0-9A-Z]{3,5}$")

_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def resolve_columns(
    ctx: ImportContext,
    header: Sequence[str],
    wanted: Mapping[str, Sequence[str]],
    optional: Sequence[str] = (),
    header_row: int = 1,
    *,
    key: Callable[[object], str] = normalise_header,
) -> dict[str, str]:
    """Map each wanted field to the file's own column name, accepting known wordings.

    ``wanted`` maps our field name to the header wordings used across years; comparison ignores
    case, spacing and line breaks (or whatever ``key`` ignores, e.g. :func:`loose_header`).
    A missing required field rejects the file.
    """
    by_norm: dict[str, str] = {}
    for name in header:
        by_norm.setdefault(key(name), name)
    found: dict[str, str] = {}
    for field_name, wordings in wanted.items():
        for wording in wordings:
            actual = by_norm.get(key(wording))
            if actual is not None:
                reject_repeated_heading(ctx, header, actual, header_row, key=key)
                found[field_name] = actual
                break
        else:
            if field_name not in optional:
                ctx.reject(
                    row=header_row,
                    column=wordings[0],
                    expected=f"a column headed '{wordings[0]}'"
                    + (f" (or {', '.join(repr(w) for w in wordings[1:])})" if wordings[1:] else ""),
                    found="no such column",
                )
    return found


def reject_repeated_heading(
    ctx: ImportContext,
    header: Sequence[object],
    heading: object,
    header_row: int = 1,
    *,
    key: Callable[[object], str] = normalise_header,
) -> None:
    """A heading the import reads must be there once: with two, which one holds the figures
    is a guess (the first was silently used before)."""
    positions = [i for i, name in enumerate(header) if key(name) == key(heading)]
    if len(positions) > 1:
        letters = " and ".join(get_column_letter(i + 1) for i in positions[:2])
        ctx.reject(
            row=header_row,
            column=f"{get_column_letter(positions[1] + 1)} ('{heading}')",
            expected="each column heading once",
            found=f"'{heading}' twice (columns {letters})",
        )


def loose_header(name: object) -> str:
    """Header text reduced to upper-case letters and digits.

    Some publications changed only punctuation and spacing between years (``PracticeCode`` →
    ``Practice Code``, ``NumberOfWeightedPatientsLastKnownFigure`` → ``Number of Weighted
    Patients (Last Known Figure)``); a footnote mark such as ``¹`` becomes ``1``.
    """
    text = unicodedata.normalize("NFKC", "" if name is None else str(name))
    return re.sub(r"[^A-Z0-9]", "", normalise_header(text))


def spreadsheet_rows(frame: pd.DataFrame, first_data_row: int = 2) -> pd.Series:
    """Row numbers as Excel shows them, given the row of the first data record."""
    return pd.Series(range(first_data_row, first_data_row + len(frame)), index=frame.index)


def codes(
    ctx: ImportContext,
    values: pd.Series,
    column: str,
    pattern: re.Pattern,
    expected: str,
    rows: pd.Series,
    *,
    allow_blank: bool = False,
) -> pd.Series:
    """Upper-cased, stripped codes; the first one that does not fit ``pattern`` rejects the file.

    With ``allow_blank`` an empty cell is accepted (and stays ``""``).
    """
    cleaned = values.fillna("").astype(str).str.strip().str.upper()
    bad = ~cleaned.str.match(pattern)
    if allow_blank:
        bad &= cleaned != ""
    if bad.any():
        first = bad.idxmax()
        ctx.reject(row=int(rows[first]), column=column, expected=expected, found=values[first])
    return cleaned


def parse_date(text: object) -> dt.date | None:
    """Dates as the publications write them: 2026-04-01, 01Oct2025, 01JAN2021, 20191001,
    01/04/1974; ``None`` when the text is none of these or not a real date."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    value = str(text or "").strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
        if m := re.fullmatch(r"(\d{1,2})([A-Za-z]{3})(\d{4})", value):
            return dt.date(int(m[3]), _MONTHS.index(m[2].upper()) + 1, int(m[1]))
        if re.fullmatch(r"\d{8}", value):
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def single_date(
    ctx: ImportContext, values: pd.Series, column: str, rows: pd.Series, *, earliest: int = 1990
) -> dt.date:
    """The one date a snapshot column holds on every row (e.g. EXTRACT_DATE)."""
    distinct = values.astype(str).str.strip().unique()
    parsed = {}
    for text in distinct:
        date = parse_date(text)
        if date is None or not (earliest <= date.year <= dt.date.today().year + 1):
            first = (values.astype(str).str.strip() == text).idxmax()
            ctx.reject(
                row=int(rows[first]),
                column=column,
                expected="a date such as 2026-04-01, 01OCT2025 or 01JAN2021",
                found=text,
            )
        parsed[text] = date
    if len(set(parsed.values())) != 1:
        ctx.reject(
            column=column,
            expected="the same date on every row (one snapshot per file)",
            found=", ".join(sorted(str(d) for d in set(parsed.values()))),
        )
    return next(iter(parsed.values()))


def reject_duplicates(
    ctx: ImportContext,
    frame: pd.DataFrame,
    keys: Sequence[str],
    rows: pd.Series,
    what: str,
    *,
    column: str | None = None,
) -> None:
    """Reject the first repeat of ``keys``; ``column`` is the file's heading to name (default:
    the first key, which is right only when the frame uses the file's own headings)."""
    duplicated = frame.duplicated(subset=list(keys), keep="first")
    if duplicated.any():
        second = duplicated.idxmax()
        key = tuple(frame.loc[second, k] for k in keys)
        match = frame[list(keys)].eq(pd.Series(key, index=list(keys))).all(axis=1)
        first = match.idxmax()
        ctx.reject(
            row=int(rows[second]),
            column=column or keys[0],
            expected=f"each {what} once",
            found=f"{' / '.join(map(str, key))} again (first on row {int(rows[first])})",
        )
