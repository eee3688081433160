"""Reading a whole (small to medium) CSV into a DataFrame of text, as published."""

from __future__ import annotations

import csv
import re

import pandas as pd

from bcprimary.importing.base import FileHead, ImportContext
from bcprimary.importing.sources import open_text
from bcprimary.importing.validate import reject_repeated_heading


def read_text_frame(ctx: ImportContext, head: FileHead, header: bool = True) -> pd.DataFrame:
    """Every cell as text (no guessing of types or NA values); blank trailing columns dropped.

    Parser failures (a file cut off inside a quoted field, a row with too many fields) become
    a rejection that names the file.
    """
    try:
        with open_text(ctx.source, head.encoding) as text:
            frame = pd.read_csv(
                text,
                dtype=str,
                keep_default_na=False,
                header=0 if header else None,
                skip_blank_lines=True,
            )
    except UnicodeDecodeError as exc:
        ctx.reject(f"the file is not valid {head.encoding} text ({exc.reason})")
    except (pd.errors.ParserError, ValueError) as exc:
        if cut := re.search(r"EOF inside string starting at row (\d+)", str(exc)):
            # pandas counts records from 0 with the header; spreadsheets count from 1.
            ctx.reject(
                row=int(cut[1]) + 1,
                expected='a closing quote (") for the field that opens on this row',
                found="the end of the file; the file looks cut off (an interrupted download?)",
            )
        ctx.reject(f"the file is not valid CSV: {exc}")
    except pd.errors.EmptyDataError:
        ctx.reject("the file has no rows")
    if header and head.records:
        # pandas renames a repeated heading "X.1"; judge the file's own header row.
        raw = head.records[0]
        if len(raw) == len(frame.columns):
            for name in raw:
                if name.strip():
                    reject_repeated_heading(ctx, raw, name)
    if header:
        blank = [c for c in frame.columns if str(c).startswith("Unnamed:") and not frame[c].any()]
        frame = frame.drop(columns=blank)
    ctx.rows_read = len(frame)
    return frame


def reject_cut_off(ctx: ImportContext, head: FileHead) -> None:
    """Reject a file whose last record is shorter than the records before it.

    pandas pads a short record with blanks, so a download interrupted mid-row would otherwise
    load with empty cells. Only the *last* record is judged (a short row in the middle is an
    ordinary gap the readers validate), and only against both the header and the record
    before it, so files whose rows never carried the header's trailing blank columns pass.
    """
    header_fields = previous_fields = 0
    last: list[str] = []
    number = 0
    try:
        with open_text(ctx.source, head.encoding) as text:
            for record in csv.reader(text):
                if not record:
                    continue
                number += 1
                if number == 1:
                    header_fields = len(record)
                previous_fields = len(last)
                last = record
    except csv.Error as exc:
        ctx.reject(f"the file is not valid CSV after row {number} ({exc})")
    if number > 2 and len(last) < min(header_fields, previous_fields):
        ctx.reject(
            row=number,
            expected=f"{min(header_fields, previous_fields)} fields like the rows before it",
            found=f"{len(last)} fields ending '{last[-1][-40:] if last else ''}'; "
            "the file looks cut off (an interrupted download?)",
        )
