"""Reading a whole (small to medium) CSV into a DataFrame of text, as published."""

from __future__ import annotations

import csv
import re
from collections import Counter

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


def reject_cut_off(ctx: ImportContext, head: FileHead, *, final_line_break: bool = True) -> None:
    """Reject a file with a record shorter than the records around it.

    pandas pads a short record with blanks, so a download interrupted mid-row — or a row that
    lost a cell, shifting every later cell one column to the left — would otherwise load with
    empty or misplaced figures. A record is judged against the usual length of the file's data
    records (files whose rows never carried the header's trailing blank columns pass), and the
    last record also against the header and the record before it.

    With ``final_line_break`` (publications whose files always end with one) a file whose last
    line has no line break is taken as cut off: the cut may have shortened its last figure
    (``6409`` → ``6``) without losing a field.
    """
    last_line = ""

    def tracked(text):
        nonlocal last_line
        for line in text:
            if line.strip():
                last_line = line
            yield line

    header_fields = previous_fields = 0
    last: list[str] = []
    number = 0
    lengths: Counter[int] = Counter()
    first_short: dict[int, tuple[int, int, list[str]]] = {}
    try:
        with open_text(ctx.source, head.encoding) as text:
            for record in csv.reader(tracked(text)):
                if not record or not any(field.strip() for field in record):
                    continue
                number += 1
                if number == 1:
                    header_fields = len(record)
                else:
                    lengths[len(record)] += 1
                    first_short.setdefault(len(record), (number, len(record), record[-3:]))
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
    if final_line_break and number > 1 and not last_line.endswith(("\n", "\r")):
        ctx.reject(
            row=number,
            expected="a line break at the end of the file, as the publication has",
            found=f"the file ending '{last_line[-40:]}'; it looks cut off (an interrupted "
            "download?), so the last figure may be incomplete",
        )
    if lengths:
        usual = lengths.most_common(1)[0][0]
        short = [n for n in lengths if n < usual]
        if short:
            row, count, ending = min(first_short[n] for n in short)
            ctx.reject(
                row=row,
                expected=f"{usual} fields like the other rows",
                found=f"{count} fields (ending '{', '.join(ending)[-60:]}'): a cell is missing, "
                "so the figures after it would be read from the wrong columns",
            )
