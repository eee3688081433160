"""The one writer of every file the app produces: workbooks, CSV, JSON and PDF.

* **Atomic.** The file is saved to a temporary file in the target folder (so the final move
  stays on one disk and is atomic) and moved into place in one step. If the target is open in
  Excel (Windows locks it, and the move fails), the folder is not writable, the target is a
  folder, or the disk fills up, the user gets a plain message, the temporary file is removed
  and the target is left exactly as it was.
* **Formula-injection safe.** Text from data files (practice or PCN names) never becomes a
  live formula: workbook text cells are written as strings with a quote prefix
  (:mod:`bcprimary.exporting.cells`), and CSV cells starting with ``= + - @`` (or a tab or
  carriage return) that are not numbers get a leading ``'``, as spreadsheets expect.
* **The right format for the extension.** ``simple.write_table`` writes a table as CSV, XLSX
  or JSON by the file's extension and refuses any other.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from openpyxl import Workbook

#: CSV cell starts a spreadsheet may run as a formula.
_CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    """The workbook could not be written; the message says why in plain words."""


def write_workbook_atomically(workbook: Workbook, path: Path) -> Path:
    """Save `workbook` to `path` via a temporary file; raises `ExportError` in plain words."""
    return write_atomically(path, workbook.save)


def write_bytes_atomically(path: Path, data: bytes) -> Path:
    """Any finished file (a rendered PDF, an image) written atomically."""
    return write_atomically(path, lambda handle: handle.write(data))


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Call ``write(handle)`` on a temporary file beside `path`, then move it into place."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist: choose another folder.")
    if path.is_dir():
        raise ExportError(
            f"{path} is a folder, not a file name: add a file name ending in "
            f"{path.suffix or '.xlsx'}."
        )
    # A random name opened with "x" (never overwrite) rather than tempfile.mkstemp: the file
    # then gets the folder's normal permissions (mkstemp makes it private to the user).
    temp = folder / f".{path.stem[:100]}-{secrets.token_hex(4)}{path.suffix}.tmp"
    try:
        handle = open(temp, "xb")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        raise ExportError(
            f"Cannot write in the folder {folder}: {exc.strerror or exc}. "
            "Choose a folder you can save to (e.g. your Documents folder)."
        ) from exc
    try:
        try:
            with handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise ExportError(
                f"Could not finish writing {path.name}: {exc.strerror or exc}. "
                "Nothing was overwritten."
            ) from exc
        try:
            os.replace(temp, path)
        except PermissionError as exc:
            raise ExportError(_locked_message(path)) from exc
        except OSError as exc:
            raise ExportError(
                f"Could not save {path.name}: {exc.strerror or exc}. Nothing was overwritten."
            ) from exc
    finally:
        _remove(temp)
    return path


def csv_safe(value: object) -> object:
    """A CSV cell a spreadsheet will not run: risky text gets a leading quote."""
    if isinstance(value, str) and value.startswith(_CSV_RISKY) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_csv(table: pd.DataFrame, path: Path, float_format: str | None = None) -> Path:
    """A table as UTF-8 CSV (with a BOM, so Excel reads '£' right), injection-safe, atomic."""
    safe = table.copy()
    safe.columns = [csv_safe(str(c)) for c in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(csv_safe)
    text = safe.to_csv(index=False, float_format=float_format)
    return write_bytes_atomically(path, text.encode("utf-8-sig"))


def write_json(payload: object, path: Path) -> Path:
    """JSON (NaN and infinity written as null, which JSON can hold), atomic."""
    text = json.dumps(_json_ready(payload), indent=2, default=str, allow_nan=False)
    return write_bytes_atomically(path, text.encode("utf-8"))


def _json_ready(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    return value


def _remove(temp: Path) -> None:
    # Never hide the error that got us here behind a failed clean-up.
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)


def _locked_message(path: Path) -> str:
    # Excel keeps a hidden "~$name.xlsx" owner file beside a workbook it has open.
    owner = path.with_name("~$" + path.name)
    cause = "is open in Excel" if owner.exists() else "is open in another program (probably Excel)"
    return (
        f"{path.name} {cause} or is read-only, so it cannot be replaced. Close it there, or "
        "save under another name; nothing was overwritten."
    )
