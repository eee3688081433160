"""The contract between the import pipeline and the per-dataset readers.

A reader recognises its dataset from a file's head (never the file name) and loads the file
through an :class:`ImportContext`: it validates, calls :meth:`ImportContext.replace_snapshot`
once it knows the snapshot, and writes rows on ``ctx.conn``. The pipeline owns the single
transaction, the import log, progress and cancellation.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar, NoReturn

from sqlalchemy import Connection, Executable, delete, select

from bcprimary.db.models import ImportLog
from bcprimary.importing.errors import ImportIssue, ImportRejected
from bcprimary.importing.shrink import Profile, merge, profile
from bcprimary.importing.sources import InputFile, normalise_header
from bcprimary.progress import CancelToken, ProgressCallback, check_cancel, no_progress

#: Warnings kept per file; past this they are counted, not listed (a national file can have many).
MAX_ISSUES_PER_FILE = 500


@dataclass
class FileHead:
    """What detection looks at: the first records of a CSV, or the first rows of each sheet."""

    kind: str
    encoding: str | None = None
    records: list[list[str]] = field(default_factory=list)
    sheets: dict[str, list[list[object]]] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        """The normalised header of a CSV (its first record)."""
        return [normalise_header(c) for c in self.records[0]] if self.records else []

    def has_columns(self, *names: str) -> bool:
        present = set(self.columns)
        return all(normalise_header(n) in present for n in names)


@dataclass(frozen=True)
class Snapshot:
    label: str
    date: dt.date | None


@dataclass
class ImportContext:
    source: InputFile
    conn: Connection
    import_id: int
    progress: ProgressCallback = no_progress
    cancel: CancelToken | None = None
    issues: list[ImportIssue] = field(default_factory=list)
    issue_count: int = 0
    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    snapshot: Snapshot | None = None
    replaced_previous: bool = False
    #: What the replaced imports held (see :mod:`bcprimary.importing.shrink`).
    replaced_profile: Profile = field(default_factory=dict)
    _profiled: set[int] = field(default_factory=set)

    @property
    def file(self) -> str:
        return self.source.display_name

    def warn(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        self.issue_count += 1
        if len(self.issues) < MAX_ISSUES_PER_FILE:
            self.issues.append(ImportIssue(self.file, row, column, message))

    def reject(
        self,
        message: str | None = None,
        *,
        row: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        found: object = None,
    ) -> NoReturn:
        raise ImportRejected(
            self.file, message, row=row, column=column, expected=expected, found=found
        )

    def check_cancel(self) -> None:
        check_cancel(self.cancel)

    def replace_snapshot(
        self, dataset: str, label: str, date: dt.date | None, *deletes: Executable
    ) -> None:
        """Declare the snapshot and remove any earlier import of it (same dataset and label).

        ``deletes`` clear rows of tables that do not cascade from the import log.
        """
        self.snapshot = Snapshot(label, date)
        previous = (
            self.conn.execute(
                select(ImportLog.id).where(
                    ImportLog.dataset == dataset,
                    ImportLog.snapshot == label,
                    ImportLog.id != self.import_id,
                )
            )
            .scalars()
            .all()
        )
        fresh = [i for i in previous if i not in self._profiled]
        merge(self.replaced_profile, profile(self.conn, fresh))
        self._profiled.update(fresh)
        for statement in deletes:
            self.conn.execute(statement)
        if previous:
            self.replaced_previous = True
            self.conn.execute(delete(ImportLog).where(ImportLog.id.in_(previous)))


class DatasetReader(ABC):
    """One published format. Subclasses are registered in ``bcprimary.importing.registry``."""

    #: Stable identifier stored in the import log (e.g. ``registered_patients``).
    dataset: ClassVar[str]
    #: The publication's name as users know it.
    title: ClassVar[str]

    @classmethod
    @abstractmethod
    def matches(cls, head: FileHead) -> bool:
        """True when the file's head has this dataset's shape."""

    @abstractmethod
    def load(self, ctx: ImportContext, head: FileHead) -> None:
        """Validate and write the file; call ``ctx.replace_snapshot`` before writing rows."""
