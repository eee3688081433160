"""Every way out of a command is a sentence.

:func:`explain` turns an exception escaping a command — the database, the file system, a
missing driver, an archive — into one plain message and an exit code; the traceback goes to
the log file in the user data folder (and to the screen only with ``--debug``).
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import zipfile
from logging.handlers import RotatingFileHandler
from pathlib import Path

from sqlalchemy import exc as sa

from bcprimary.db.engine import DriverMissing
from bcprimary.db.migrations import SchemaError
from bcprimary.exporting.safe_write import ExportError
from bcprimary.importing.errors import ImportRejected
from bcprimary.paths import user_data_dir

EXIT_ERROR = 1
EXIT_REJECTED = 2
LOG_NAME = "bcprimary.log"

log = logging.getLogger("bcprimary")


def log_file() -> Path | None:
    """Send this run's log (with tracebacks) to the user data folder; ``None`` if impossible."""
    try:
        path = user_data_dir() / LOG_NAME
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def _database_message(text: str, db: str | None) -> str | None:
    where = f"The database {db}" if db else "The database"
    lowered = text.lower()
    if "readonly database" in lowered or "read-only" in lowered:
        return (
            f"{where} is read-only (the file or its folder cannot be written). Copy it to a "
            "folder you can save to, or choose another --db."
        )
    if "disk is full" in lowered or "disk full" in lowered:
        return "The disk is full: nothing was saved. Free some space and try again."
    if "unable to open database file" in lowered:
        return (
            f"{where} cannot be opened: the folder does not exist or cannot be written. "
            "Check the --db path."
        )
    if "is not a database" in lowered or "malformed" in lowered:
        return f"{where} is not a database file this app can open (or it is damaged)."
    if "database is locked" in lowered:
        return f"{where} is busy (another import or the app is writing to it). Try again."
    return None


def explain(
    error: BaseException, db: str | None = None, logged: Path | None = None
) -> tuple[str, int]:
    """(one plain message, exit code) for an exception that escaped a command."""
    if isinstance(error, ImportRejected):
        return str(error), EXIT_REJECTED
    if isinstance(error, SchemaError | ExportError | DriverMissing):
        return str(error), EXIT_ERROR
    if isinstance(error, sa.NoSuchModuleError | ImportError):
        name = getattr(error, "name", None) or str(error)
        return (
            f"The database driver is not installed ({name}). For PostgreSQL install it with "
            "`pip install bcprimary[postgres]`, or use a database file instead.",
            EXIT_ERROR,
        )
    if isinstance(error, sa.ArgumentError):
        return f"--db is not a database file or URL this app understands ({error}).", EXIT_ERROR
    if isinstance(error, sa.DBAPIError | sqlite3.Error):
        text = str(getattr(error, "orig", None) or error)
        message = _database_message(text, db)
        if message is None:
            message = f"The database could not be used: {text.splitlines()[0]}"
        return message, EXIT_ERROR
    if isinstance(error, zipfile.BadZipFile):
        return f"A ZIP file is damaged ({error}); download it again.", EXIT_REJECTED
    if isinstance(error, UnicodeError):
        return (
            "A file or folder name is not valid text for this system (not UTF-8); rename it "
            "with plain letters and try again.",
            EXIT_REJECTED,
        )
    if isinstance(error, OSError):
        return _os_message(error), EXIT_ERROR
    if isinstance(error, MemoryError):
        return "The computer ran out of memory; nothing was saved.", EXIT_ERROR
    return (
        f"Something unexpected went wrong ({type(error).__name__}: {error}). Nothing more was "
        f"saved. The details are in {logged or 'the log file'}; run again with --debug to see "
        "them here.",
        EXIT_ERROR,
    )


def _os_message(error: OSError) -> str:
    name = error.filename or "a file"
    if error.errno == errno.ENOSPC:
        return "The disk is full: nothing was saved. Free some space and try again."
    if error.errno == errno.ENAMETOOLONG:
        return f"The path is too long for this system: {str(name)[:80]}… Use a shorter one."
    if isinstance(error, FileNotFoundError):
        return f"{name} does not exist (moved or deleted?)."
    if isinstance(error, IsADirectoryError):
        return f"{name} is a folder; give a file name."
    if isinstance(error, PermissionError):
        return f"{name} cannot be read or written (permission denied)."
    if error.errno == errno.EROFS:
        return f"{name} is on a read-only disk; choose another folder."
    return f"{name}: {error.strerror or error}."
