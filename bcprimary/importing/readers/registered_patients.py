"""Patients Registered at a GP Practice (NHS Digital, monthly): ``gp-reg-pat-prac-all.csv``.

One row per practice, all ages and sexes. Files since mid-2022 carry SUB_ICB_LOCATION_CODE;
older ones carry CCG_CODE (kept as the sub-ICB code: the four Black Country CCGs are its
places). EXTRACT_DATE is written 2026-04-01, 01Oct2025 or 01JAN2021 depending on the year.
"""

from __future__ import annotations

from sqlalchemy import delete

from bcprimary.db.bulk import insert_frame
from bcprimary.db.models import RegisteredPatients
from bcprimary.importing.base import DatasetReader, FileHead, ImportContext
from bcprimary.importing.csvframe import read_text_frame, reject_cut_off
from bcprimary.importing.numbers import numbers
from bcprimary.importing.organisations import Organisations, refresh_organisations
from bcprimary.importing.validate import (
    PRACTICE_CODE,
    codes,
    reject_duplicates,
    resolve_columns,
    single_date,
    spreadsheet_rows,
)

COLUMNS = {
    "extract_date": ["EXTRACT_DATE"],
    "practice_code": ["CODE", "PRACTICE_CODE"],
    "sub_icb_code": ["SUB_ICB_LOCATION_CODE", "CCG_CODE", "SUB_ICB_CODE"],
    "ons_sub_icb_code": ["ONS_SUB_ICB_LOCATION_CODE", "ONS_CCG_CODE"],
    "postcode": ["POSTCODE"],
    "sex": ["SEX"],
    "age": ["AGE"],
    "patients": ["NUMBER_OF_PATIENTS"],
}
OPTIONAL = ("ons_sub_icb_code", "postcode", "sex", "age")


class RegisteredPatientsReader(DatasetReader):
    dataset = "registered_patients"
    title = "Patients Registered at a GP Practice"

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        return (
            head.kind == "csv"
            and head.has_columns("EXTRACT_DATE", "CODE", "NUMBER_OF_PATIENTS")
            and not head.has_columns("PCN_CODE")
        )

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        frame = read_text_frame(ctx, head)
        reject_cut_off(ctx, head)
        ctx.progress(0.4, f"Checking {len(frame):,} practices")
        ctx.check_cancel()
        cols = resolve_columns(ctx, list(frame.columns), COLUMNS, OPTIONAL)
        if frame.empty:
            ctx.reject("the file has a header but no practice rows")
        rows = spreadsheet_rows(frame)

        # Only the all-ages, all-sexes total is this dataset; a breakdown file would double count.
        for field in ("sex", "age"):
            if field in cols:
                values = frame[cols[field]].str.strip().str.upper()
                if (values != "ALL").any():
                    first = (values != "ALL").idxmax()
                    ctx.reject(
                        row=int(rows[first]),
                        column=cols[field],
                        expected="ALL (the all-ages, all-sexes file gp-reg-pat-prac-all.csv)",
                        found=frame.loc[first, cols[field]],
                    )

        snapshot = single_date(ctx, frame[cols["extract_date"]], cols["extract_date"], rows)
        practice = codes(
            ctx,
            frame[cols["practice_code"]],
            cols["practice_code"],
            PRACTICE_CODE,
            "a GP practice code (a letter and five digits, e.g. M87001)",
            rows,
        )
        patients = numbers(
            ctx,
            frame[cols["patients"]],
            cols["patients"],
            rows,
            whole=True,
            field="registered_patients",
        )
        table = frame.assign(practice_code=practice, patients=patients.astype("int64"))
        reject_duplicates(
            ctx, table, ["practice_code"], rows, "practice", column=cols["practice_code"]
        )
        sub_icb = frame[cols["sub_icb_code"]].str.strip().str.upper()
        postcode = frame[cols["postcode"]].str.strip() if "postcode" in cols else None

        for index in table.index[table["patients"] == 0]:
            ctx.warn(
                "the practice has 0 registered patients",
                row=int(rows[index]),
                column=cols["patients"],
            )

        ctx.progress(0.7, "Writing")
        ctx.check_cancel()
        ctx.replace_snapshot(
            self.dataset,
            snapshot.isoformat(),
            snapshot,
            delete(RegisteredPatients).where(RegisteredPatients.snapshot_date == snapshot),
        )
        out = table[["practice_code", "patients"]].assign(
            snapshot_date=snapshot,
            sub_icb_code=sub_icb,
            postcode=postcode,
            import_id=ctx.import_id,
        )
        insert_frame(ctx.conn, RegisteredPatients.__table__, out)

        ons = frame[cols["ons_sub_icb_code"]].str.strip() if "ons_sub_icb_code" in cols else None
        postcodes = out["postcode"] if postcode is not None else [None] * len(out)
        found = Organisations(
            sub_icbs=[
                {"code": code, "ons_code": o}
                for code, o in zip(
                    sub_icb, ons if ons is not None else [None] * len(out), strict=True
                )
                if code
            ],
            practices=[
                {"code": c, "postcode": p, "sub_icb_code": s}
                for c, p, s in zip(out["practice_code"], postcodes, sub_icb, strict=True)
            ],
        )
        # An older list (e.g. 2021, with CCG codes) must not overwrite today's sub-ICB codes.
        refresh_organisations(ctx, found, snapshot)
        ctx.rows_kept = len(out)
