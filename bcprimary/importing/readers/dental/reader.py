"""NHS England (Midlands) "PC dental list" workbooks, one per ICB (UDA contracts).

Sheet ``Data`` holds one row per primary care dental contract under banner rows: a year banner
("202122 Contract data") over the current year's block of columns and another ("2019/20
Contract Data") over an older block that repeats several column names. The header row is found
by its content (it contains "UDA Annual Contracted"), not assumed to be row 5. Only the first
block — the current year, named by its banner — is imported; the older block is reported in a
warning. Data rows run until the first row that is not a contract (footer notes), and what is
skipped there is named in a warning. Blank rows in between are passed over.

The other sheets are not imported: "Community Dental Services" lists trust-run services paid
outside the UDA contract system (contract values and free-text activity targets, no UDAs), and
"Notes relating to data" is prose; each is mentioned in a warning so the user knows.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import delete, or_

from bcprimary.db.bulk import insert_rows
from bcprimary.db.models import DentalContract
from bcprimary.importing.base import DatasetReader, FileHead, ImportContext
from bcprimary.importing.readers.dental.sheet import (
    CONTRACT_LIKE,
    find_block,
    find_header,
    number,
    resolve_block_columns,
)
from bcprimary.importing.sheets import read_sheets
from bcprimary.importing.sources import normalise_header

DATA_SHEET = "DATA"
HEADER_MARK = "UDA Annual Contracted"
COMPANION_SHEETS = {"COMMUNITY DENTAL SERVICES", "NOTES RELATING TO DATA"}

COLUMNS = {
    "contract_number": ["Contract Information", "Contract Number", "Contract No"],
    "provider_name": ["Name / Body / Partnership", "Provider Name", "Contractor Name"],
    "practice_name": ["Practice name", "Practice Name"],
    "postcode": ["Post Code", "Postcode"],
    "icb_code": ["ICB Code", "ICS Code"],
    "uda_contracted": ["UDA Annual Contracted"],
    "uda_financial_value_gbp": ["UDA Annual Financial Value"],
    "uda_value_gbp": ["UDA Value (£)", "UDA Value"],
    "uda_delivered_share": ["UDA Final Delivered Activity (%) Total"],
}
REQUIRED = ("contract_number", "uda_contracted")
NUMBERS = ("uda_contracted", "uda_financial_value_gbp", "uda_value_gbp", "uda_delivered_share")


class DentalContractsReader(DatasetReader):
    dataset = "dental_contracts"
    title = "NHS England (Midlands) PC dental list (UDA contracts)"

    @classmethod
    def matches(cls, head: FileHead) -> bool:
        if head.kind != "xlsx":
            return False
        names = {normalise_header(name) for name in head.sheets}
        if names & COMPANION_SHEETS:
            return True
        return any(
            normalise_header(HEADER_MARK) in {normalise_header(cell) for cell in row}
            for rows in head.sheets.values()
            for row in rows
        )

    def load(self, ctx: ImportContext, head: FileHead) -> None:
        names = list(head.sheets)
        rows = read_sheets(ctx, [DATA_SHEET]).get(DATA_SHEET)
        if rows is None:
            ctx.reject(
                expected="a sheet named 'Data' holding the contract list", found=", ".join(names)
            )
        for name in names:
            if normalise_header(name) != DATA_SHEET:
                ctx.warn(f"sheet '{name}' is not imported (only the contract list on 'Data')")
        self._load_rows(ctx, rows)

    def _load_rows(self, ctx: ImportContext, rows: list[list[Any]]) -> None:
        header_index = find_header(ctx, rows, HEADER_MARK, sheet="Data")
        header_row = header_index + 1
        block = find_block(ctx, rows, header_index)
        cols = resolve_block_columns(ctx, rows[header_index], block, COLUMNS, REQUIRED, header_row)
        records = []
        seen: dict[str, int] = {}
        for index in range(header_index + 1, len(rows)):
            values = rows[index]
            row_number = index + 1
            if all(v is None or str(v).strip() == "" for v in values[block.start : block.stop]):
                continue
            contract = _contract_number(values[cols["contract_number"]])
            if contract is None:
                self._warn_footer(ctx, rows, index, block, cols["contract_number"])
                break
            if contract in seen:
                ctx.reject(
                    row=row_number,
                    column=COLUMNS["contract_number"][0],
                    expected="each contract once",
                    found=f"{contract} again (first on row {seen[contract]})",
                )
            seen[contract] = row_number
            record = {"contract_number": contract}
            for field in ("provider_name", "practice_name", "postcode", "icb_code"):
                value = values[cols[field]] if field in cols else None
                text = " ".join(str(value).split()) if value is not None else ""
                record[field] = (
                    text.upper() if field in ("postcode", "icb_code") else text
                ) or None
            for field in NUMBERS:
                record[field] = (
                    number(
                        ctx,
                        values[cols[field]],
                        row_number,
                        rows[header_index][cols[field]],
                        field=field,
                    )
                    if field in cols
                    else None
                )
            if record["uda_contracted"] is None:
                ctx.reject(
                    row=row_number,
                    column=COLUMNS["uda_contracted"][0],
                    expected="the UDAs contracted (every contract has them)",
                    found="an empty cell",
                )
            records.append(record)
        if not records:
            ctx.reject(row=header_row + 1, expected="contract rows under the header", found="none")
        self._write(ctx, block.activity_year, records)
        ctx.rows_read = ctx.rows_kept = len(records)

    @staticmethod
    def _warn_footer(
        ctx: ImportContext, rows: list[list[Any]], index: int, block: Any, column: int
    ) -> None:
        """Footer notes end the list; a contract further down means this row is not a footer
        but a damaged data row, and cutting the list there would lose the contracts after it."""
        later = next(
            (i for i in range(index + 1, len(rows)) if _contract_number(rows[i][column])), None
        )
        if later is not None:
            ctx.reject(
                row=index + 1,
                column=COLUMNS["contract_number"][0],
                expected="a contract number (the list goes on: row "
                f"{later + 1} holds contract {_contract_number(rows[later][column])})",
                found=str(rows[index][column]),
            )
        rest = [r for r in rows[index:] if any(v not in (None, "") for v in r[block.start :])]
        first = next(str(v) for v in rows[index][block.start :] if v not in (None, ""))
        first = first if len(first) <= 80 else first[:77] + "…"
        ctx.warn(
            f"the contract list stops at row {index + 1}, which is not a contract: "
            f"{len(rest)} row(s) from there on were not imported (starting '{first}')",
            row=index + 1,
        )

    def _write(self, ctx: ImportContext, year: str, records: list[dict]) -> None:
        icbs = sorted({r["icb_code"] for r in records if r["icb_code"]})
        for record in records:
            if record["icb_code"] is None and len(icbs) == 1:
                record["icb_code"] = icbs[0]
        label = f"{year} {'+'.join(icbs) or 'no ICB'}"
        numbers = [r["contract_number"] for r in records]
        # The activity year ends on 31 March of its second calendar year.
        year_end = dt.date(int(year[:4]) + 1, 3, 31)
        ctx.replace_snapshot(
            self.dataset,
            label,
            year_end,
            delete(DentalContract).where(
                DentalContract.activity_year == year,
                or_(DentalContract.icb_code.in_(icbs), DentalContract.contract_number.in_(numbers)),
            ),
        )
        columns = ["activity_year", *records[0], "import_id"]
        insert_rows(
            ctx.conn,
            DentalContract.__table__,
            columns,
            [(year, *r.values(), ctx.import_id) for r in records],
        )


def _contract_number(value: Any) -> str | None:
    """Contract numbers as published: 1001620000 (a number in the sheet) or 159735/0001."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text if re.fullmatch(CONTRACT_LIKE, text) else None
