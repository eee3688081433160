"""Reading and checking the two ODS publications behind the PCN readers: ``ePCN.xlsx`` and
``epraccur.csv`` (the readers themselves are in
:mod:`bcprimary.importing.readers.pcn_map.reader`).

Neither publication states its own date. The snapshot date is therefore the latest date the
file itself contains — for ePCN the latest relationship start or end date or PCN open or close
date, for epraccur the latest open, close, join or leave date of a GP practice. A file is at
least that recent, and two downloads of the same publication get the same date, so
re-importing replaces.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd

from bcprimary.importing.base import ImportContext
from bcprimary.importing.errors import ImportRejected
from bcprimary.importing.organisations import PRACTICE_EXPECTED, display_name
from bcprimary.importing.sheets import read_sheets, sheet_names
from bcprimary.importing.sources import normalise_header
from bcprimary.importing.validate import (
    PCN_CODE,
    PRACTICE_CODE,
    codes,
    parse_date,
    reject_duplicates,
    resolve_columns,
)

CORE_SHEET = normalise_header("PCN Core Partner Details")
DETAILS_SHEET = normalise_header("PCNDetails")
CORE_COLUMNS = {
    "practice_code": ["Partner Organisation Code"],
    "practice_name": ["Partner Name"],
    "practice_sub_icb": ["Practice Parent Sub ICB Loc Code", "Practice Parent CCG Code"],
    "pcn_code": ["PCN Code"],
    "pcn_name": ["PCN Name"],
    "pcn_sub_icb": ["PCN Parent Sub ICB Loc Code", "PCN Parent CCG Code"],
    "pcn_sub_icb_name": ["PCN Parent Sub ICB Loc Name", "PCN Parent CCG Name"],
    "start": ["Practice to PCN Relationship Start Date"],
    "end": ["Practice to PCN Relationship End Date"],
}
CORE_OPTIONAL = ("practice_name", "practice_sub_icb", "pcn_name", "pcn_sub_icb", "pcn_sub_icb_name")
DETAILS_COLUMNS = {
    "pcn_code": ["PCN Code"],
    "pcn_name": ["PCN Name"],
    "sub_icb_code": ["Current Sub ICB Loc Code", "Current CCG Code"],
    "sub_icb_name": ["Sub ICB Location", "Current Sub ICB Loc Name", "CCG Name"],
    "open": ["Open Date"],
    "close": ["Close Date"],
}
DETAILS_OPTIONAL = ("pcn_name", "sub_icb_code", "sub_icb_name", "open", "close")
DATE_EXPECTED = "a date written as 20191001 (year, month, day)"


@dataclass
class Epcn:
    """What an ePCN workbook says, checked."""

    links: pd.DataFrame  # practice_code, pcn_code, valid_from, valid_to, practice_name, …
    rows: pd.Series  # workbook row of each link
    snapshot: dt.date
    pcns: list[dict] = field(default_factory=list)
    sub_icbs: list[dict] = field(default_factory=list)


# --- workbook plumbing ----------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y%m%d")
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@contextmanager
def in_sheet(ctx: ImportContext, sheet: str) -> Iterator[None]:
    """Name the sheet in any rejection raised inside (rows alone are ambiguous in a workbook)."""
    try:
        yield
    except ImportRejected as exc:
        raise ImportRejected(
            f"{ctx.file} › sheet '{sheet}'", exc.detail, row=exc.row, column=exc.column
        ) from exc


def _sheet_frame(ctx: ImportContext, rows: list[tuple], sheet: str) -> tuple[pd.DataFrame, int]:
    """Cells as text under the header row (the first row that has a 'PCN Code' heading)."""
    for index, row in enumerate(rows[:10]):
        if "PCN CODE" in {normalise_header(c) for c in row}:
            header_row = index + 1
            break
    else:
        ctx.reject(
            f"sheet '{sheet}' has no header row with a 'PCN Code' column in its first 10 rows"
        )
    # Headings keep their wording (for messages) on one line; matching ignores case anyway.
    header = [
        " ".join(str(c or "").split()) or f"column {i + 1}"
        for i, c in enumerate(rows[header_row - 1])
    ]
    width = len(header)
    body = [
        [_cell_text(v) for v in (*row[:width], *[None] * (width - len(row)))]
        for row in rows[header_row:]
    ]
    frame = pd.DataFrame(body, columns=header, dtype=str)
    frame.index = range(header_row + 1, header_row + 1 + len(frame))  # workbook row numbers
    return frame[(frame != "").any(axis=1)], header_row


def _read_sheets(ctx: ImportContext) -> dict[str, list[tuple]]:
    sheets = read_sheets(ctx, [CORE_SHEET, DETAILS_SHEET])
    if CORE_SHEET not in sheets:
        ctx.reject(
            expected="a sheet named 'PCN Core Partner Details' (practice to PCN relationships)",
            found=", ".join(sheet_names(ctx)),
        )
    return {name: [tuple(row) for row in rows] for name, rows in sheets.items()}


def _dates(ctx: ImportContext, values: pd.Series, column: str, *, required: bool) -> pd.Series:
    parsed = values.map(lambda text: parse_date(text) if text else None)
    bad = (values != "") & parsed.isna() if not required else parsed.isna()
    if bad.any():
        first = bad.idxmax()
        ctx.reject(row=int(first), column=column, expected=DATE_EXPECTED, found=values[first])
    return parsed


# --- ePCN -------------------------------------------------------------------------------------


def read_epcn(ctx: ImportContext) -> Epcn:
    sheets = _read_sheets(ctx)
    core_title = "PCN Core Partner Details"
    with in_sheet(ctx, core_title):
        core, header_row = _sheet_frame(ctx, sheets[CORE_SHEET], core_title)
        ctx.rows_read = len(core)
        cols = resolve_columns(ctx, list(core.columns), CORE_COLUMNS, CORE_OPTIONAL, header_row)
        if core.empty:
            ctx.reject("the sheet has a header but no relationships")
        rows = pd.Series(core.index, index=core.index)
        practice = codes(
            ctx,
            core[cols["practice_code"]],
            cols["practice_code"],
            PRACTICE_CODE,
            PRACTICE_EXPECTED,
            rows,
        )
        pcn = codes(
            ctx,
            core[cols["pcn_code"]],
            cols["pcn_code"],
            PCN_CODE,
            "a PCN code (U and five digits, e.g. U57294)",
            rows,
        )
        start = _dates(ctx, core[cols["start"]], cols["start"], required=True)
        end = _dates(ctx, core[cols["end"]], cols["end"], required=False)
        backwards = end.notna() & (end.fillna(dt.date.max) < start)
        if backwards.any():
            first = backwards.idxmax()
            ctx.reject(
                row=int(first),
                column=cols["end"],
                expected=f"an end date on or after the start date {start[first]:%Y%m%d}",
                found=core.loc[first, cols["end"]],
            )
        blank = pd.Series("", index=core.index)
        links = pd.DataFrame(
            {
                "practice_code": practice,
                "pcn_code": pcn,
                "valid_from": start,
                "valid_to": end.astype(object).where(end.notna(), None),
                "practice_name": core[cols["practice_name"]] if "practice_name" in cols else blank,
                "practice_sub_icb": core.get(cols.get("practice_sub_icb"), blank).str.upper(),
                "pcn_name": core.get(cols.get("pcn_name"), blank),
                "pcn_sub_icb": core.get(cols.get("pcn_sub_icb"), blank).str.upper(),
                "pcn_sub_icb_name": core.get(cols.get("pcn_sub_icb_name"), blank),
            }
        )
        reject_duplicates(
            ctx,
            links,
            ["practice_code", "pcn_code", "valid_from"],
            rows,
            "practice to PCN relationship (practice, PCN and start date)",
            column=cols["practice_code"],
        )
    details = _details(ctx, sheets.get(DETAILS_SHEET))
    dates = [*start, *end.dropna()]
    if details is not None:
        dates += [*details["open"].dropna(), *details["close"].dropna()]
    epcn = Epcn(links, rows, max(dates))
    _warn_relationships(ctx, links, rows, details, cols)
    _organisations(epcn, details)
    return epcn


def _details(ctx: ImportContext, sheet_rows: list[tuple] | None) -> pd.DataFrame | None:
    if sheet_rows is None:
        ctx.warn(
            "the workbook has no 'PCNDetails' sheet: PCN names and sub-ICB locations "
            "come from the 'PCN Core Partner Details' sheet only"
        )
        return None
    with in_sheet(ctx, "PCNDetails"):
        frame, header_row = _sheet_frame(ctx, sheet_rows, "PCNDetails")
        cols = resolve_columns(
            ctx, list(frame.columns), DETAILS_COLUMNS, DETAILS_OPTIONAL, header_row
        )
        rows = pd.Series(frame.index, index=frame.index)
        code = codes(
            ctx,
            frame[cols["pcn_code"]],
            cols["pcn_code"],
            PCN_CODE,
            "a PCN code (U and five digits, e.g. U57294)",
            rows,
        )
        blank = pd.Series("", index=frame.index)
        out = pd.DataFrame(
            {
                "code": code,
                "name": frame.get(cols.get("pcn_name"), blank),
                "sub_icb_code": frame.get(cols.get("sub_icb_code"), blank).str.upper(),
                "sub_icb_name": frame.get(cols.get("sub_icb_name"), blank),
            }
        )
        for key in ("open", "close"):
            out[key] = (
                _dates(ctx, frame[cols[key]], cols[key], required=False) if key in cols else None
            )
        reject_duplicates(ctx, out, ["code"], rows, "PCN", column=cols["pcn_code"])
    return out


def _warn_relationships(ctx, links, rows, details, cols) -> None:
    current = links[links["valid_to"].isna()]
    repeated = current[current.duplicated("practice_code", keep="first")]
    for index in repeated.index:
        ctx.warn(
            f"practice {links.loc[index, 'practice_code']} has more than one current PCN "
            "relationship; the one starting latest is used",
            row=int(rows[index]),
            column=cols["end"],
        )
    ended = links[~links["practice_code"].isin(current["practice_code"])]
    last_links = ended.sort_values("valid_to").drop_duplicates("practice_code", keep="last")
    for index, last in last_links.sort_values("practice_code").iterrows():
        ctx.warn(
            f"practice {last['practice_code']} has no current PCN: its last relationship (with "
            f"{last['pcn_code']}) ended on {last['valid_to']:%d %b %Y}",
            row=int(rows[index]),
            column=cols["end"],
        )
    elsewhere = current[
        (current["practice_sub_icb"] != "")
        & (current["pcn_sub_icb"] != "")
        & (current["practice_sub_icb"] != current["pcn_sub_icb"])
    ]
    if len(elsewhere):
        first = elsewhere.iloc[0]
        ctx.warn(
            f"{len(elsewhere):,} current relationships link a practice to a PCN in another "
            f"sub-ICB location (e.g. {first['practice_code']} in "
            f"{first['practice_sub_icb']} → {first['pcn_code']} in {first['pcn_sub_icb']})"
        )
    if details is not None:
        unknown = sorted(set(links["pcn_code"]) - set(details["code"]))
        if unknown:
            ctx.warn(
                f"{len(unknown):,} PCN codes in 'PCN Core Partner Details' are missing "
                f"from 'PCNDetails': {', '.join(unknown[:10])}"
            )
        closed = details.loc[details["close"].notna(), "code"]
        still = sorted(set(current["pcn_code"]) & set(closed))
        if still:
            ctx.warn(
                f"{len(still):,} PCNs are closed in 'PCNDetails' but still have current "
                f"practices: {', '.join(still[:10])}"
            )


def _organisations(epcn: Epcn, details: pd.DataFrame | None) -> None:
    links = epcn.links.sort_values("valid_from")
    pcns = {
        c: {"code": c, "name": display_name(n), "sub_icb_code": s or None}
        for c, n, s in zip(links["pcn_code"], links["pcn_name"], links["pcn_sub_icb"], strict=True)
    }
    subs = {
        s: {"code": s, "name": display_name(n)}
        for s, n in zip(links["pcn_sub_icb"], links["pcn_sub_icb_name"], strict=True)
        if s
    }
    if details is not None:
        for c, n, s, sn in details[["code", "name", "sub_icb_code", "sub_icb_name"]].itertuples(
            index=False, name=None
        ):
            pcns[c] = {"code": c, "name": display_name(n), "sub_icb_code": s or None}
            if s:
                subs[s] = {"code": s, "name": display_name(sn)}
    epcn.pcns = list(pcns.values())
    epcn.sub_icbs = list(subs.values())


# --- epraccur ---------------------------------------------------------------------------------

_EIGHT_DIGITS = re.compile(r"^\d{8}$")
#: Zero-based fields of epraccur holding dates: open, close, join and leave parent.
EPRACCUR_DATE_FIELDS = {
    10: "open date",
    11: "close date",
    15: "join parent date",
    16: "left parent date",
}


def is_epraccur_record(record: list[str]) -> bool:
    """The shape of an epraccur record: 27 fields, an 8-digit open date, a status letter and a
    numeric prescribing setting (the file has no header row to recognise it by)."""
    if len(record) != 27:
        return False
    cells = [c.strip() for c in record]
    return (
        bool(cells[0])
        and bool(_EIGHT_DIGITS.match(cells[10]) or not cells[10])
        and cells[12] in {"A", "C", "D", "P"}
        and cells[25].isdigit()
    )


def epraccur_snapshot(ctx: ImportContext, practices: pd.DataFrame, rows: pd.Series) -> dt.date:
    """The latest date in the practices' records (the file does not state its own date)."""
    latest: dt.date | None = None
    for position, label in EPRACCUR_DATE_FIELDS.items():
        values = practices[position]
        parsed = values.map(lambda text: parse_date(text) if text else None)
        bad = (values != "") & (parsed.isna() | ~values.str.match(_EIGHT_DIGITS))
        if bad.any():
            first = bad.idxmax()
            ctx.reject(
                row=int(rows[first]),
                column=f"field {position + 1} ({label})",
                expected=DATE_EXPECTED,
                found=values[first],
            )
        if parsed.notna().any():
            top = max(parsed.dropna())
            latest = top if latest is None or top > latest else latest
    if latest is None:
        ctx.reject("the file has no open, close, join or leave dates to date it by")
    return latest
