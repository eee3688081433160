"""A snapshot never shrinks silently.

Re-importing a snapshot replaces the earlier import of it. When the new file has markedly fewer
rows (fewer than :data:`KEEP_AT_LEAST` of the old count), or leaves empty a column the earlier
import had figures in, the replacement is refused unless the user confirms it (``--replace`` on
the command line, a question in the app): a truncated download or a damaged export must not
quietly replace good data.

The comparison is generic: every data table whose rows point at their import (``import_id``)
is counted before the old import is removed and again after the new one is written, inside the
same transaction, so a refusal rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, func, select

from bcprimary.db.models import Base, ImportWarning
from bcprimary.importing.errors import ImportRejected

#: A replacement keeping fewer than this share of the earlier rows must be confirmed.
KEEP_AT_LEAST = 0.8

#: The user's answer to "replace the snapshot with this smaller one?" (``True`` = replace).
ConfirmReplace = Callable[[str], bool]


class ReplaceNotConfirmed(ImportRejected):
    """The import would shrink a snapshot and the user did not confirm the replacement."""


@dataclass
class TableCount:
    rows: int = 0
    filled: dict[str, int] = field(default_factory=dict)


Profile = dict[str, TableCount]


def _data_tables() -> list[Table]:
    return [
        table
        for table in Base.metadata.sorted_tables
        if "import_id" in table.c and table is not ImportWarning.__table__
    ]


def profile(conn: Connection, import_ids: Iterable[int]) -> Profile:
    """Rows and filled cells per column of every data table, for the given imports."""
    ids = list(import_ids)
    found: Profile = {}
    if not ids:
        return found
    for table in _data_tables():
        columns = [c for c in table.c if c.name != "import_id" and not c.primary_key]
        counts = conn.execute(
            select(func.count(), *(func.count(c) for c in columns)).where(
                table.c.import_id.in_(ids)
            )
        ).one()
        if counts[0]:
            found[table.name] = TableCount(
                counts[0], {c.name: n for c, n in zip(columns, counts[1:], strict=True)}
            )
    return found


def merge(into: Profile, more: Profile) -> None:
    for name, count in more.items():
        mine = into.setdefault(name, TableCount())
        mine.rows += count.rows
        for column, filled in count.filled.items():
            mine.filled[column] = mine.filled.get(column, 0) + filled


def shrinkage(before: Profile, after: Profile) -> list[str]:
    """What the replacement would lose, in words (empty when nothing markedly shrinks)."""
    lost: list[str] = []
    for name, old in before.items():
        new = after.get(name, TableCount())
        if new.rows < KEEP_AT_LEAST * old.rows:
            lost.append(f"{name}: {new.rows:,} rows instead of {old.rows:,}")
            continue
        emptied = [c for c, n in old.filled.items() if n and not new.filled.get(c)]
        if emptied:
            lost.append(f"{name}: {', '.join(emptied)} would be empty (had figures before)")
    return lost


def check_replacement(
    conn: Connection,
    file: str,
    snapshot: str,
    before: Profile,
    import_id: int,
    confirm: ConfirmReplace | None,
) -> None:
    """Raise :class:`ReplaceNotConfirmed` when the new import shrinks the snapshot unasked."""
    if not before:
        return
    lost = shrinkage(before, profile(conn, [import_id]))
    if not lost:
        return
    question = (
        f"Importing {file} would replace snapshot {snapshot} with less data than it has now "
        f"({'; '.join(lost)}). Replace it anyway?"
    )
    if confirm is not None and confirm(question):
        return
    raise ReplaceNotConfirmed(
        file,
        f"not imported: it would replace snapshot {snapshot} with less data than it has now "
        f"({'; '.join(lost)}). Check the file is complete; to replace the snapshot anyway, "
        "import it again with --replace (or answer Yes in the app).",
    )
