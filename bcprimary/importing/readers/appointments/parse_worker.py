"""Parsing a large CSV in a second process, so that parsing and writing use two cores.

pandas' parser and SQLite's writes each take about half of a national month's import and both
hold Python's GIL most of the time, so threads do not overlap them (measured: slower than one
thread). Instead a child Python (``python -m`` this module) parses chunk after chunk and
pickles the DataFrames (all-category columns, a few MB each) down its stdout pipe while the
importing process validates and writes the previous chunk. The pipe's small buffer is the
back-pressure: the child is never more than about one chunk ahead, so memory stays flat. Parser
failures travel back as exceptions and are reported exactly as when parsing in-process; leaving
early (a rejected chunk, cancel) kills the child.

A plain subprocess rather than :mod:`multiprocessing`: "spawn" re-imports the caller's main
module, which breaks scripts without an ``if __name__ == "__main__"`` guard. Frozen (packaged)
builds cannot run ``-m`` and parse in-process.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import pandas as pd

import bcprimary
from bcprimary.importing.readers.appointments.chunks import CountingReader, open_chunks

_PACKAGE_ROOT = Path(bcprimary.__file__).resolve().parents[1]  # where the child finds us


class ParserStopped(RuntimeError):
    """The child process ended without handing over its result (killed, out of memory…)."""


def available() -> bool:
    """Whether a child Python can be started (not in a frozen, packaged app)."""
    return not getattr(sys, "frozen", False) and bool(sys.executable)


def parse(
    path: Path, member: str | None, encoding: str, columns: Sequence[str], chunk_rows: int
) -> Iterator[tuple[pd.DataFrame, int]]:
    """(frame, bytes read so far) for each chunk, parsed in a child process.

    Exceptions raised while parsing (pandas' ParserError, a damaged ZIP member…) are re-raised
    here, at the chunk where they happened.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_PACKAGE_ROOT), env.get("PYTHONPATH")]))
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console window flashing on Windows
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
            creationflags=flags,
        )
        try:
            pickle.dump((str(path), member, encoding, list(columns), chunk_rows), child.stdin)
            child.stdin.close()
            while True:
                kind, payload, bytes_read = _receive(child, errors)
                if kind == "done":
                    return
                if kind == "error":
                    raise payload
                yield payload, bytes_read
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
            child.stdout.close()


def _receive(child: subprocess.Popen, errors: IO[bytes]) -> tuple:
    try:
        return pickle.load(child.stdout)
    except (EOFError, pickle.UnpicklingError) as exc:
        code = child.wait()
        errors.seek(0)
        detail = errors.read().decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise ParserStopped(
            f"the process reading the file stopped unexpectedly (exit code {code}) {detail[0]}"
        ) from exc


def _serve(requests: IO[bytes], results: IO[bytes]) -> None:
    """The child: read the request, then pickle each chunk (or the failure) to ``results``."""
    path, member, encoding, columns, chunk_rows = pickle.load(requests)
    try:
        raw = CountingReader(_open(path, member))
        with open_chunks(raw, encoding, columns, chunk_rows) as frames:
            for frame in frames:
                pickle.dump(("chunk", frame, raw.bytes_read), results, protocol=5)
                results.flush()
        pickle.dump(("done", None, raw.bytes_read), results)
    except Exception as error:  # handed to the parent, which reports it
        pickle.dump(("error", error, 0), results)
    results.flush()


def _open(path: str, member: str | None) -> IO[bytes]:
    if member is None:
        return open(path, "rb")
    import zipfile

    return zipfile.ZipFile(path).open(member)


if __name__ == "__main__":
    _serve(sys.stdin.buffer, sys.stdout.buffer)
