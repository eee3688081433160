"""Reading a large CSV in chunks with flat memory, reporting progress by bytes read.

A national appointments month is ~1 GB; it is never loaded whole. :func:`csv_chunks` hands
out DataFrames of at most ``chunk_rows`` rows with every column as a pandas ``category`` (a
national month repeats a few thousand distinct strings millions of times, so codes + categories
are ~10× smaller than Python strings and validation can check the distinct values only).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pandas as pd

from bcprimary.importing.base import ImportContext
from bcprimary.importing.readers.appointments import parse_worker
from bcprimary.importing.readers.appointments.chunks import CountingReader, open_chunks


@dataclass
class Chunk:
    """One block of records; ``first_row`` is its first record's spreadsheet row number."""

    frame: pd.DataFrame
    first_row: int
    bytes_read: int


def csv_chunks(
    ctx: ImportContext,
    encoding: str | None,
    columns: Sequence[str],
    chunk_rows: int,
    *,
    in_child: bool = False,
) -> Iterator[Chunk]:
    """The file's ``columns`` (named as in its header) chunk by chunk, all as categories.

    Nothing is converted or treated as missing: an empty cell is the category ``''``. Parser
    failures (a row with too many fields, a file cut off inside quotes, a damaged ZIP member)
    reject the file naming where it happened. ``in_child`` parses in a separate process
    (:mod:`.parse_worker`) so that parsing overlaps the caller's writing.
    """
    encoding = encoding or "utf-8"
    if in_child:
        source = ctx.source
        frames = parse_worker.parse(source.path, source.member, encoding, columns, chunk_rows)
    else:
        frames = _local_frames(ctx, encoding, columns, chunk_rows)
    next_row = 2  # the header is spreadsheet row 1
    try:
        while True:
            try:
                frame, bytes_read = next(frames)
            except StopIteration:
                return
            except Exception as error:
                _reject_unreadable(ctx, error, next_row)
            if frame.empty:
                continue
            yield Chunk(frame, next_row, bytes_read)
            next_row += len(frame)
    finally:
        frames.close()


def _local_frames(
    ctx: ImportContext, encoding: str, columns: Sequence[str], chunk_rows: int
) -> Iterator[tuple[pd.DataFrame, int]]:
    raw = CountingReader(ctx.source.open_binary())
    with open_chunks(raw, encoding, columns, chunk_rows) as frames:
        for frame in frames:
            yield frame, raw.bytes_read


def _reject_unreadable(ctx: ImportContext, error: Exception, next_row: int) -> None:
    """Turn a parser or decompression failure into a rejection that says where it happened."""
    if isinstance(error, UnicodeDecodeError):
        ctx.reject(f"the text is not valid {error.encoding} near row {next_row:,} ({error.reason})")
    if isinstance(error, pd.errors.ParserError):
        # pandas counts records from 0 at the header (spreadsheets from 1) and lines from 1.
        if cut := re.search(r"EOF inside string starting at row (\d+)", str(error)):
            ctx.reject(
                row=int(cut[1]) + 1,
                expected='a closing quote (") for the field that opens on this row',
                found="the end of the file; the file looks cut off (an interrupted download?)",
            )
        if extra := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error)):
            ctx.reject(
                row=int(extra[2]),
                expected=f"{extra[1]} fields like the header",
                found=f"{extra[3]} fields (a stray comma, or a name that should be quoted)",
            )
        ctx.reject(
            f"the file is not valid CSV after row {next_row - 1:,} ({error}); "
            "it may be cut short or damaged – download it again"
        )
    if isinstance(error, zipfile.BadZipFile | EOFError | zlib.error):
        ctx.reject(f"the ZIP member cannot be read after row {next_row - 1:,} ({error})")
    if isinstance(error, pd.errors.EmptyDataError):
        ctx.reject("the file has no rows")
    if isinstance(error, parse_worker.ParserStopped):
        ctx.reject(f"the file could not be read: {error}")
    raise error
