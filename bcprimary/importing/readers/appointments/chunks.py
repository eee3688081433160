"""pandas' chunked CSV reader over a byte stream that counts what it hands out.

Shared by the importing process (:mod:`.streaming`) and the child that parses for it
(:mod:`.parse_worker`), so both read a file exactly the same way.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pandas as pd


class CountingReader(io.RawIOBase):
    """A read-only binary stream that counts the bytes handed out (for progress)."""

    def __init__(self, raw: io.IOBase) -> None:
        self._raw = raw
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._raw.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.bytes_read += size
        return size

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


@contextmanager
def open_chunks(
    raw: CountingReader, encoding: str, columns: Sequence[str], chunk_rows: int
) -> Iterator[Iterator[pd.DataFrame]]:
    """pandas' chunked reader over ``raw``; the stream is closed on leaving."""
    stream = io.BufferedReader(raw, buffer_size=1 << 20)
    try:
        with pd.read_csv(
            stream,
            encoding=encoding,
            usecols=list(columns),
            dtype="category",
            na_filter=False,
            chunksize=chunk_rows,
            engine="c",
        ) as reader:
            yield iter(reader)
    finally:
        stream.close()
