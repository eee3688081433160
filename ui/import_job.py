"""Importing a batch of files for the app: one file after another, keeping every outcome.

Qt-free. It wraps :func:`bcprimary.importing.import_files` file by file so that the window can
show one progress bar per chosen file, and so that a cancelled batch still reports what was
loaded before the cancel (the core rolls back only the file it was in the middle of). A file
whose reader fails unexpectedly is reported as rejected (its traceback kept for Details and the
log) and the batch goes on: one file never stops the others.

Progress convention: with ``n`` files, file ``i`` at fraction ``f`` is reported as
``(i + f) / n``; :func:`file_position` turns that back into ``(i, f)``.
"""

from __future__ import annotations

import enum
import logging
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bcprimary.progress import Cancelled, CancelToken, ProgressCallback

if TYPE_CHECKING:
    from bcprimary.db import Database
    from bcprimary.importing import ImportOutcome

log = logging.getLogger(__name__)
#: The headline of a file no reader recognises; Details and the help list the publications.
UNRECOGNISED = "Not a file this app reads."
#: Words of the core's message for a file no reader recognises.
_UNRECOGNISED_MARKS = ("not a file the app recognises", "not a file this app reads")


class FileState(enum.Enum):
    LOADED = "Loaded"
    REJECTED = "Rejected"
    PARTLY = "Partly loaded"  # a ZIP with some members rejected
    CANCELLED = "Cancelled (nothing from this file was kept)"
    NOT_STARTED = "Not imported (cancelled before it started)"


@dataclass
class FileResult:
    """What became of one file the user chose (a ZIP may hold several data files)."""

    path: Path
    outcomes: list[ImportOutcome] = field(default_factory=list)
    cancelled: bool = False
    started: bool = False
    #: The traceback of an unexpected failure while reading the file (for Details).
    crash: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def state(self) -> FileState:
        if self.cancelled:
            return FileState.CANCELLED
        if not self.started:
            return FileState.NOT_STARTED
        ok = sum(o.ok for o in self.outcomes)
        if ok == len(self.outcomes) and ok:
            return FileState.LOADED
        return FileState.PARTLY if ok else FileState.REJECTED


@dataclass
class ImportReport:
    """The result of a batch: per file, and whether the user cancelled it."""

    files: list[FileResult]
    cancelled: bool = False

    @property
    def outcomes(self) -> list[ImportOutcome]:
        return [o for f in self.files for o in f.outcomes]

    @property
    def loaded(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.ok]

    @property
    def rejected(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def changed_database(self) -> bool:
        return bool(self.loaded)

    def summary_lines(self) -> list[str]:
        """The report in the command line's words (``bcprimary import``)."""
        lines: list[str] = []
        for outcome in self.outcomes:
            if outcome.ok:
                lines.append(outcome.summary())
                lines.extend(f"  warning: {issue}" for issue in outcome.warnings[:20])
                if outcome.warning_count > 20:
                    lines.append(f"  … {outcome.warning_count - 20:,} more warnings")
            else:
                lines.append(f"rejected: {outcome.error}")
        for result in self.files:
            if result.state in (FileState.CANCELLED, FileState.NOT_STARTED):
                lines.append(f"{result.name}: {result.state.value}")
        return lines


def is_unrecognised(outcome: ImportOutcome) -> bool:
    """True when no reader recognised the file (as opposed to a recognised file with errors)."""
    return any(mark in (outcome.error or "").lower() for mark in _UNRECOGNISED_MARKS)


def rejection_sentence(outcome: ImportOutcome) -> str:
    """One sentence a person can read for a rejected file (the full text goes to Details)."""
    if is_unrecognised(outcome):
        return UNRECOGNISED
    error = " ".join((outcome.error or "it could not be read").split())
    first, dot, rest = error.partition(". ")
    return first + "." if dot and rest else error


def file_position(fraction: float, files: int) -> tuple[int, float]:
    """``(index, fraction of that file)`` from the batch fraction (see the module docstring)."""
    if files <= 0:
        return 0, 0.0
    scaled = min(max(fraction, 0.0), 1.0) * files
    index = min(int(scaled + 1e-9), files - 1)
    return index, min(max(scaled - index, 0.0), 1.0)


def import_batch(
    db: Database,
    paths: Sequence[str | Path],
    progress: ProgressCallback,
    cancel: CancelToken | None = None,
    replace: bool = False,
) -> ImportReport:
    """Import ``paths`` one by one; on cancel, stop and return what happened so far."""
    from bcprimary.importing import import_files  # pandas and the readers load on first use

    results = [FileResult(Path(p)) for p in paths]
    total = len(results)
    for index, result in enumerate(results):

        def file_progress(fraction: float, message: str, _i: int = index) -> None:
            progress((_i + min(max(fraction, 0.0), 1.0)) / total, message)

        if cancel is not None and cancel.cancelled:
            return ImportReport(results, cancelled=True)
        result.started = True
        progress(index / total, f"Reading {result.name}")
        try:
            result.outcomes = import_files(
                db, [result.path], file_progress, cancel, (lambda _q: True) if replace else None
            )
        except Cancelled:
            result.cancelled = True
            return ImportReport(results, cancelled=True)
        except Exception as exc:  # a reader's bug: this file is rejected, the batch goes on
            result.crash = traceback.format_exc()
            log.error("importing %s failed unexpectedly\n%s", result.path, result.crash)
            result.outcomes = [_crashed(result.name, exc)]
    progress(1.0, "Import finished")
    return ImportReport(results)


def _crashed(name: str, error: Exception) -> ImportOutcome:
    from bcprimary.importing import ImportOutcome

    reason = str(error) or type(error).__name__
    return ImportOutcome(
        file=name,
        error=f"{name}: the app failed while reading it ({reason}). Nothing from it was kept; "
        "please report it with the details.",
    )
