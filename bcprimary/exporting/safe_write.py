"""Writing a workbook without ever leaving a half-written file.

The workbook is saved to a temporary file in the target folder (so the final move stays on one
disk and is atomic) and moved into place in one step. If the target is open in Excel (Windows
locks it, and the move fails), the folder is not writable, the target is a folder, or the disk
fills up, the user gets a plain message, the temporary file is removed and the target is left
exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook


class ExportError(Exception):
    """The workbook could not be written; the message says why in plain words."""


def write_workbook_atomically(workbook: Workbook, path: Path) -> Path:
    """Save `workbook` to `path` via a temporary file; raises `ExportError` in plain words."""
    return _write_atomically(Path(path), workbook.save, "a file name ending in .xlsx")


def write_bytes_atomically(data: bytes, path: Path) -> Path:
    """Write `data` (a CSV, a PNG) to `path` the same way; raises `ExportError` in plain words."""
    path = Path(path)
    return _write_atomically(path, lambda handle: handle.write(data), "a file name")


def _write_atomically(path: Path, save: Callable[[BinaryIO], object], name_hint: str) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist: choose another folder.")
    if path.is_dir():
        raise ExportError(f"{path} is a folder, not a file name: add {name_hint}.")
    # A random name opened with "x" (never overwrite) rather than tempfile.mkstemp: the file
    # then gets the folder's normal permissions (mkstemp makes it private to the user).
    temp = folder / f".{path.stem}-{secrets.token_hex(4)}{path.suffix}.tmp"
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
                save(handle)
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
