"""Importing files: detect the dataset, load it in one transaction, log it.

Every file (or ZIP member) is imported on its own: it is validated and written inside one
transaction together with its import-log row, so a rejected or cancelled file leaves the
database exactly as it was, and a later file in the same batch is still tried.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.exc import SQLAlchemyError

from bcprimary.db import Database
from bcprimary.db.models import ImportLog, ImportWarning
from bcprimary.importing.base import ImportContext
from bcprimary.importing.errors import ImportIssue, ImportRejected
from bcprimary.importing.registry import detect, read_head
from bcprimary.importing.shrink import ConfirmReplace, ReplaceNotConfirmed, check_replacement
from bcprimary.importing.sources import InputFile, expand_inputs
from bcprimary.progress import Cancelled, CancelToken, ProgressCallback, check_cancel, no_progress

log = logging.getLogger(__name__)


@dataclass
class ImportOutcome:
    """What happened to one data file."""

    file: str
    dataset: str | None = None
    title: str | None = None
    snapshot: str | None = None
    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    warnings: list[ImportIssue] = field(default_factory=list)
    warning_count: int = 0
    seconds: float = 0.0
    sha256: str | None = None
    replaced_previous: bool = False
    error: str | None = None
    import_id: int | None = None
    #: Refused only because it would shrink a snapshot: importing it again with the
    #: replacement confirmed would load it.
    needs_confirmation: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    def summary(self) -> str:
        if not self.ok:
            return f"REJECTED {self.error}"
        replaced = (
            " (replaced the earlier import of this snapshot)" if self.replaced_previous else ""
        )
        return (
            f"{self.file}: {self.title}, snapshot {self.snapshot}: {self.rows_kept:,} rows kept of "
            f"{self.rows_read:,} read, {self.rows_rejected:,} not loaded, "
            f"{self.warning_count:,} warnings, {self.seconds:.1f} s{replaced}"
        )


def is_synthetic(source: InputFile) -> bool:
    return "SYNTHETIC" in source.display_name.upper()


def import_source(
    db: Database,
    source: InputFile,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    confirm_replace: ConfirmReplace | None = None,
) -> ImportOutcome:
    """Import one data file. Raises :class:`ImportRejected` or :class:`Cancelled`.

    A file that would shrink the snapshot it replaces is refused
    (:class:`~bcprimary.importing.shrink.ReplaceNotConfirmed`) unless ``confirm_replace``
    answers yes.
    """
    started = time.perf_counter()
    progress(0.0, f"Reading {source.display_name}")
    sha256 = source.sha256()
    check_cancel(cancel)
    head = read_head(source)
    reader = detect(source, head)
    with db.engine.begin() as conn:
        import_id = conn.execute(
            ImportLog.__table__.insert().values(
                file_name=source.display_name,
                file_path=str(source.path.resolve()),
                sha256=sha256,
                dataset=reader.dataset,
                snapshot="",
                synthetic=is_synthetic(source),
            )
        ).inserted_primary_key[0]
        ctx = ImportContext(source, conn, import_id, progress, cancel)
        reader.load(ctx, head)
        if ctx.snapshot is None:
            raise RuntimeError(f"{type(reader).__name__} did not declare its snapshot")
        check_cancel(cancel)
        check_replacement(
            conn,
            source.display_name,
            ctx.snapshot.label,
            ctx.replaced_profile,
            import_id,
            confirm_replace,
        )
        seconds = time.perf_counter() - started
        conn.execute(
            update(ImportLog)
            .where(ImportLog.id == import_id)
            .values(
                snapshot=ctx.snapshot.label,
                snapshot_date=ctx.snapshot.date,
                rows_read=ctx.rows_read,
                rows_kept=ctx.rows_kept,
                rows_rejected=ctx.rows_rejected,
                seconds=seconds,
                replaced_previous=ctx.replaced_previous,
            )
        )
        if ctx.issues:
            conn.execute(
                ImportWarning.__table__.insert(),
                [
                    {"import_id": import_id, "row": i.row, "column": i.column, "message": i.message}
                    for i in ctx.issues
                ],
            )
        if ctx.issue_count > len(ctx.issues):
            conn.execute(
                ImportWarning.__table__.insert().values(
                    import_id=import_id,
                    row=None,
                    column=None,
                    message=f"… and {ctx.issue_count - len(ctx.issues):,} more warnings like these",
                )
            )
    progress(1.0, f"Loaded {source.display_name}")
    return ImportOutcome(
        file=source.display_name,
        dataset=reader.dataset,
        title=reader.title,
        snapshot=ctx.snapshot.label,
        rows_read=ctx.rows_read,
        rows_kept=ctx.rows_kept,
        rows_rejected=ctx.rows_rejected,
        warnings=list(ctx.issues),
        warning_count=ctx.issue_count,
        seconds=seconds,
        sha256=sha256,
        replaced_previous=ctx.replaced_previous,
        import_id=import_id,
    )


def import_files(
    db: Database,
    paths: Sequence[str | Path],
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    confirm_replace: ConfirmReplace | None = None,
) -> list[ImportOutcome]:
    """Import each file (ZIPs expanded); a rejected file is reported and the rest still tried.

    A file that fails for any reason of its own (damaged, unreadable, vanished, or a reader
    meeting something it does not expect) is reported and the rest still tried; only a
    database failure (disk full, read-only, locked) stops the batch, since it would fail every
    file. ``confirm_replace`` is asked before a file replaces a snapshot with markedly less
    data (``None``: refuse). Cancellation stops at once and raises :class:`Cancelled`; files
    already finished stay.
    """
    outcomes: list[ImportOutcome] = []
    total = len(paths)
    for index, path in enumerate(paths):

        def file_progress(fraction: float, message: str, _i: int = index) -> None:
            progress((_i + fraction) / total, message)

        try:
            sources = expand_inputs(Path(path))
        except ImportRejected as exc:
            outcomes.append(ImportOutcome(file=Path(path).name, error=str(exc)))
            continue
        except OSError as exc:
            outcomes.append(ImportOutcome(file=Path(path).name, error=file_failure(path, exc)))
            continue
        for source in sources:
            check_cancel(cancel)
            try:
                outcomes.append(import_source(db, source, file_progress, cancel, confirm_replace))
            except ReplaceNotConfirmed as exc:
                outcomes.append(
                    ImportOutcome(file=source.display_name, error=str(exc), needs_confirmation=True)
                )
            except ImportRejected as exc:
                outcomes.append(ImportOutcome(file=source.display_name, error=str(exc)))
            except (Cancelled, SQLAlchemyError, MemoryError):
                raise
            except Exception as exc:
                log.exception("importing %s failed", source.display_name)
                outcomes.append(
                    ImportOutcome(
                        file=source.display_name, error=file_failure(source.display_name, exc)
                    )
                )
    progress(1.0, "Import finished")
    return outcomes


def file_failure(file: str | Path, exc: BaseException) -> str:
    """A sentence for a file that could not be read (the details go to the log file)."""
    name = Path(file).name
    if isinstance(exc, FileNotFoundError):
        return f"{name}: the file is not there any more (moved or deleted?)"
    if isinstance(exc, PermissionError):
        return f"{name}: the file cannot be read (permission denied)"
    if isinstance(exc, OSError):
        return f"{name}: the file cannot be read ({exc.strerror or exc})"
    if isinstance(exc, RuntimeError) and "password" in str(exc).lower():
        return f"{name}: the ZIP is password-protected; extract it first and import the files"
    return (
        f"{name}: the file could not be read as published data ({type(exc).__name__}: "
        f"{str(exc)[:200]}); is it damaged?"
    )
