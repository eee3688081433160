"""What goes wrong in an import, in words a commissioner understands.

Rows are numbered as a spreadsheet shows them: the header is row 1 (or wherever the header sits
in a workbook) and the first data row follows it.
"""

from __future__ import annotations

from dataclasses import dataclass


def _where(file: str, row: int | None, column: str | None) -> str:
    parts = [file]
    if row is not None:
        parts.append(f"row {row}")
    if column:
        parts.append(f"column {column}")
    return ", ".join(parts)


@dataclass(frozen=True)
class ImportIssue:
    """A warning: something odd that did not stop the import (kept in the import log)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        return f"{_where(self.file, self.row, self.column)}: {self.message}"


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(
        self,
        file: str,
        message: str | None = None,
        *,
        row: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        found: object = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.expected = expected
        self.found = found
        if message is None:
            message = f"expected {expected}"
            if found is not None:
                shown = found if isinstance(found, str) else repr(found)
                message += f", found '{shown}'" if isinstance(found, str) else f", found {shown}"
        self.detail = message
        super().__init__(f"{_where(file, row, column)}: {message}")
