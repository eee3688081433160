"""Reading a whole (small to medium) CSV into a DataFrame of text, as published."""

from __future__ import annotations

import pandas as pd

from bcprimary.importing.base import FileHead, ImportContext
from bcprimary.importing.sources import open_text


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
        ctx.reject(f"the file is not valid CSV: {exc}")
    except pd.errors.EmptyDataError:
        ctx.reject("the file has no rows")
    if header:
        blank = [c for c in frame.columns if str(c).startswith("Unnamed:") and not frame[c].any()]
        frame = frame.drop(columns=blank)
    ctx.rows_read = len(frame)
    return frame
