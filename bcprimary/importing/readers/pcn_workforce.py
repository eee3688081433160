"""Primary Care Networks – Individual Level (NHS England workforce collection, cp1252 CSV).

One row per PCN-employed person and role (the ARRS staff), with CENSUS_YEAR and CENSUS_MONTH
on every row; the snapshot is that census date (the month's last day). FTE is kept exactly as
published: the September 2022 file holds one negative FTE (−0.027), which is loaded and
reported rather than dropped or "corrected". PCN, sub-ICB and ICB names are refreshed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import delete

from bcprimary.db.bulk import insert_frame
from bcprimary.db.models import PcnWorkforce
from bcprimary.importing.base import DatasetReader, FileHead, ImportContext
from bcprimary.importing.csvframe import read_text_frame, reject_cut_off
from bcprimary.importing.name_dates import last_day
from bcprimary.importing.numbers import numbers
from bcprimary.importing.organisations import Organisations, display_name, refresh_organisations
from bcprimary.importing.validate import (
    PCN_CODE,
    codes,
    resolve_columns,
    spreadsheet_rows,
)

COLUMNS = {
    "data_source": ["Data_source", "DATA_SOURCE"],
    "census_year": ["CENSUS_YEAR"],
    "census_month": ["CENSUS_MONTH"],
    "pcn_code": ["PCN_CODE"],
    "pcn_name": ["PCN_NAME"],
    "sub_icb_code": ["SUB_ICB_CODE", "SUB_ICB_LOCATION_CODE", "CCG_CODE"],
    "sub_icb_name": ["SUB_ICB_NAME", "SUB_ICB_LOCATION_NAME", "CCG_NAME"],
    "icb_code": ["ICB_CODE", "STP_CODE"],
    "icb_name": ["ICB_NAME", "STP_NAME"],
    "staff_group": ["STAFF_GROUP"],
    "staff_role": ["STAFF_ROLE"],
    "detailed_staff_role": ["DETAILED_STAFF_ROLE"],
    "fte": ["FTE"],
    "unique_identifier": ["UNIQUE_IDENTIFIER"],
}
OPTIONAL = (
    "data_source",
    "pcn_name",
    "sub_icb_code",
    "sub_icb_name",
    "icb_code",
    "icb_name",
    "detailed_staff_role",
    "unique_identifier",
)


class PcnWorkforceReader(DatasetReader):
    dataset = "pcn_workforce"
    title = "Primary Care Networks – Individual Level (PCN workforce)"

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        return head.kind == "csv" and head.has_columns(
            "PCN_CODE", "STAFF_GROUP", "STAFF_ROLE", "FTE", "CENSUS_YEAR"
        )

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        reject_cut_off(ctx, head)
        frame = read_text_frame(ctx, head)
        cols = resolve_columns(ctx, list(frame.columns), COLUMNS, OPTIONAL)
        if frame.empty:
            ctx.reject("the file has a header but no staff rows")
        rows = spreadsheet_rows(frame)
        census = _census_date(ctx, frame, cols, rows)
        pcn = codes(
            ctx,
            frame[cols["pcn_code"]],
            cols["pcn_code"],
            PCN_CODE,
            "a PCN code (U and five digits, e.g. U66484)",
            rows,
        )
        fte = numbers(ctx, frame[cols["fte"]], cols["fte"], rows, minimum=None, field="staff_fte")
        for index in fte.index[fte < 0]:
            ctx.warn(
                f"the FTE is negative ({frame.loc[index, cols['fte']]}) as published; "
                "it is kept so totals match the publication",
                row=int(rows[index]),
                column=cols["fte"],
            )

        ctx.replace_snapshot(
            self.dataset,
            f"{census:%Y-%m}",
            census,
            delete(PcnWorkforce).where(PcnWorkforce.snapshot_date == census),
        )
        out = pd.DataFrame(
            {
                "snapshot_date": census,
                "data_source": _text(frame, cols, "data_source"),
                "pcn_code": pcn,
                "staff_group": _text(frame, cols, "staff_group"),
                "staff_role": _text(frame, cols, "staff_role"),
                "detailed_staff_role": _text(frame, cols, "detailed_staff_role"),
                "fte": fte.astype(float),
                "unique_identifier": _text(frame, cols, "unique_identifier"),
                "import_id": ctx.import_id,
            }
        )
        insert_frame(ctx.conn, PcnWorkforce.__table__, out)
        ctx.rows_kept = len(out)
        _save_organisations(ctx, frame, cols, pcn, census)


def _census_date(
    ctx: ImportContext, frame: pd.DataFrame, cols: dict[str, str], rows: pd.Series
) -> dt.date:
    year = numbers(
        ctx,
        frame[cols["census_year"]],
        cols["census_year"],
        rows,
        whole=True,
        field="census_year",
    )
    month = numbers(
        ctx,
        frame[cols["census_month"]],
        cols["census_month"],
        rows,
        whole=True,
        field="census_month",
    )
    bad = (month < 1) | (month > 12) | (year < 2019) | (year > dt.date.today().year + 1)
    if bad.any():
        first = bad.idxmax()
        ctx.reject(
            row=int(rows[first]),
            column=cols["census_month"],
            expected="a census year from 2019 and a month 1 to 12",
            found=f"{frame.loc[first, cols['census_year']]} / "
            f"{frame.loc[first, cols['census_month']]}",
        )
    pairs = (year * 100 + month).astype(int)
    if pairs.nunique() > 1:
        first = (pairs != pairs.iloc[0]).idxmax()
        ctx.reject(
            row=int(rows[first]),
            column=cols["census_month"],
            expected=f"the same census month on every row ({int(year.iloc[0])}/"
            f"{int(month.iloc[0])} as on row 2)",
            found=f"{int(year[first])}/{int(month[first])}",
        )
    return last_day(dt.date(int(year.iloc[0]), int(month.iloc[0]), 1))


def _save_organisations(
    ctx: ImportContext, frame: pd.DataFrame, cols: dict[str, str], pcn: pd.Series, census: dt.date
) -> None:
    """ICB, sub-ICB and PCN names as at the census (a newer organisation file wins)."""
    fields = ("pcn_name", "sub_icb_code", "sub_icb_name", "icb_code", "icb_name")
    table = pd.DataFrame({f: _text(frame, cols, f) for f in fields}).assign(pcn_code=pcn)
    table = table.astype(object).where(table.notna(), None)
    found = Organisations()
    for row in table.to_dict("records"):
        icb = row["icb_code"].upper() if row["icb_code"] else None
        sub_icb = row["sub_icb_code"].upper() if row["sub_icb_code"] else None
        if icb:
            found.icbs.append({"code": icb, "name": display_name(row["icb_name"])})
        if sub_icb:
            found.sub_icbs.append(
                {"code": sub_icb, "name": display_name(row["sub_icb_name"]), "icb_code": icb}
            )
        found.pcns.append(
            {
                "code": row["pcn_code"],
                "name": display_name(row["pcn_name"]),
                "sub_icb_code": sub_icb,
                "icb_code": icb,
            }
        )
    refresh_organisations(ctx, found, census)


def _text(frame: pd.DataFrame, cols: dict[str, str], field: str) -> pd.Series:
    """A text column stripped, with empty cells as missing (all missing if absent)."""
    if field not in cols:
        return pd.Series(None, index=frame.index, dtype=object)
    return frame[cols[field]].str.strip().replace("", None)
