"""Writing a workbook without ever leaving a half-written file.

The workbook is saved to a temporary file in the target folder and moved into place in one
step. If the target is open in Excel (Windows locks it) or the folder is not writable, the user
gets a plain message and the temporary file is removed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook


class ExportError(Exception):
    """The workbook could not be written; the message says why in plain words."""


def write_workbook_atomically(workbook: Workbook, path: Path) -> Path:
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx.tmp",
                                             dir=folder)
    except OSError as exc:
        raise ExportError(f"Cannot write in {folder}: {exc.strerror or exc}. "
                          "Choose a folder you can save to.") from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        workbook.save(temp)
        try:
            os.replace(temp, path)
        except PermissionError as exc:
            raise ExportError(
                f"{path.name} is open in another program (probably Excel) or read-only. "
                "Close it there, or save under another name; nothing was overwritten."
            ) from exc
    finally:
        if temp.exists():
            temp.unlink()
    return path
