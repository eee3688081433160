"""Validation of one chunk of the appointments crosstab, vectorised over distinct values.

Every column arrives as a pandas category, so each check looks at the few distinct values
(categories) once and only goes back to the rows to find where the first bad one sits. The
result of a clean chunk is a :class:`Batch`: the rows sorted by the table's primary key, ready
for the fast insert.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bcprimary.importing.base import ImportContext
from bcprimary.importing.numbers import PLAUSIBLE, NumberProblem, parse_number
from bcprimary.importing.readers.appointments.labels import DIMENSIONS, label_key
from bcprimary.importing.readers.appointments.store import ROWS_PER_STATEMENT, AppointmentStore
from bcprimary.importing.validate import PRACTICE_CODE, parse_date

EARLIEST_YEAR = 2018  # the practice-level publication starts in 2018
_ALL_LABELS = {label_key(label) for _, labels in DIMENSIONS.values() for label in labels}


@dataclass
class Batch:
    """A validated chunk, sorted by (practice, five dimension ids)."""

    frame: pd.DataFrame
    first_row: int
    order: np.ndarray  # positions in the chunk, in key order
    practice_codes: np.ndarray  # object array, sorted
    practice_index: np.ndarray  # per row (chunk order): index into the chunk's practices
    practices: np.ndarray  # distinct practice codes of the chunk, sorted
    dimension_ids: list[np.ndarray]  # sorted, one per dimension kind
    counts: np.ndarray  # sorted
    appointments: int

    def table(self, month: str) -> np.ndarray:
        """The rows to insert as a 2-D object array in ``ROW_COLUMNS`` order (flattening one
        array is ~2× faster than zipping Python tuples)."""
        table = np.empty((len(self.order), 8), dtype=object)
        table[:, 0] = month
        table[:, 1] = self.practice_codes
        for column, ids in enumerate(self.dimension_ids, start=2):
            table[:, column] = ids
        table[:, 7] = self.counts
        return table

    def first_row_of_each_practice(self) -> dict[str, int]:
        """Chunk position of each practice's first row."""
        found, first = np.unique(self.practice_index, return_index=True)
        return dict(zip(self.practices[found].tolist(), first.tolist(), strict=True))


def _key_order(
    practice_index: np.ndarray, dimension_ids: list[np.ndarray]
) -> tuple[np.ndarray, int | None]:
    """Positions in primary-key order, and the sorted position of a repeated key (or None).

    The six key parts are packed into one integer when they fit (they do for any real file),
    so checking order and repeats is one comparison; a chunk already in key order (files
    written practice by practice) is not sorted at all.
    """
    if practice_index.max(initial=0) < 1 << 13 and all(
        ids.max(initial=0) < 1 << 10 for ids in dimension_ids
    ):
        key = practice_index.astype(np.int64)
        for ids in dimension_ids:
            key = (key << 10) | ids
        if bool(np.all(key[1:] > key[:-1])):
            return np.arange(len(key)), None
        order = np.argsort(key, kind="stable")
        same = key[order][1:] == key[order][:-1]
    else:
        order = np.lexsort((*reversed(dimension_ids), practice_index))
        same = np.ones(len(order) - 1, dtype=bool)
        for part in (practice_index, *dimension_ids):
            same &= part[order][1:] == part[order][:-1]
    return order, (int(np.flatnonzero(same)[0]) if same.any() else None)


def _split(values: pd.Series) -> tuple[pd.Index, np.ndarray]:
    return values.cat.categories, values.cat.codes.to_numpy()


class ChunkChecks:
    """The checks of one file, remembering what the first chunk established (the month)."""

    def __init__(
        self, ctx: ImportContext, store: AppointmentStore, cols: dict[str, str], last_column: str
    ) -> None:
        self.ctx = ctx
        self.store = store
        self.cols = cols
        self.last_column = last_column
        self._month: dt.date | None = None
        self._month_text = ""
        self._month_row = 0
        self._new_labels: set[tuple[str, str]] = set()

    def _first(self, codes: np.ndarray, bad_categories: np.ndarray) -> int:
        """Chunk position of the first row whose category is flagged bad."""
        return int(np.flatnonzero(bad_categories[codes])[0])

    def _reject_cell(
        self,
        frame: pd.DataFrame,
        position: int,
        first_row: int,
        field: str,
        expected: str,
        found: str,
    ) -> None:
        if found == "":
            shown = "an empty cell"
            last = frame[self.last_column].iloc[position] if self.last_column in frame else "x"
            if str(last) == "":
                shown += " (the row is incomplete: the file may have been cut short)"
        else:
            shown = f"'{found}'"
            if label_key(found) in _ALL_LABELS:
                shown += (
                    " (the row seems to have a field too many: a name with a comma but no quotes?)"
                )
        self.ctx.reject(
            f"expected {expected}, found {shown}",
            row=first_row + position,
            column=self.cols[field],
            expected=expected,
            found=found,
        )

    def month(self, frame: pd.DataFrame, first_row: int) -> dt.date:
        cats, codes = _split(frame[self.cols["month"]])
        for index, text in enumerate(cats):
            date = parse_date(text)
            position = self._first(codes, np.arange(len(cats)) == index)
            if (
                date is None
                or date.day != 1
                or not EARLIEST_YEAR <= date.year <= dt.date.today().year + 1
            ):
                self._reject_cell(
                    frame,
                    position,
                    first_row,
                    "month",
                    "the first day of a month written like 01OCT2025",
                    text,
                )
            if self._month is None:
                self._month, self._month_text = date, text
                self._month_row = first_row + position
            elif date != self._month:
                self.ctx.reject(
                    row=first_row + position,
                    column=self.cols["month"],
                    expected=f"the same month on every row ({self._month_text} as on row "
                    f"{self._month_row:,}); each month is a separate file",
                    found=text,
                )
        assert self._month is not None
        return self._month

    def rows(self, frame: pd.DataFrame, first_row: int) -> Batch:
        practice_cats, practice_codes = _split(frame[self.cols["practice_code"]])
        normalised = practice_cats.astype(str).str.strip().str.upper()
        bad = ~np.asarray(normalised.str.fullmatch(PRACTICE_CODE.pattern), dtype=bool)
        if bad.any():
            position = self._first(practice_codes, bad)
            self._reject_cell(
                frame,
                position,
                first_row,
                "practice_code",
                "a GP practice code (a letter and five digits, e.g. M87001)",
                str(practice_cats[practice_codes[position]]),
            )
        practices, category_to_practice = np.unique(
            normalised.to_numpy(dtype=object), return_inverse=True
        )
        practice_index = category_to_practice[practice_codes]

        counts = self._counts(frame, first_row)
        dimension_ids = [self._dimension(frame, first_row, kind) for kind in DIMENSIONS]
        order, repeat = _key_order(practice_index, dimension_ids)
        batch = Batch(
            frame=frame,
            first_row=first_row,
            order=order,
            practice_codes=practices[practice_index[order]],
            practice_index=practice_index,
            practices=practices,
            dimension_ids=[ids[order] for ids in dimension_ids],
            counts=counts[order],
            appointments=int(counts.sum()),
        )
        if repeat is not None:
            earlier, later = sorted(order[repeat : repeat + 2].tolist())
            self._reject_repeat(batch, later, f"(first on row {first_row + earlier:,})")
        return batch

    def _counts(self, frame: pd.DataFrame, first_row: int) -> np.ndarray:
        cats, codes = _split(frame[self.cols["count"]])
        text = cats.astype(str).str.strip()
        values = np.asarray(
            [_count_or_nan(label) for label in text], dtype=float
        )  # one value per distinct label (categories), so this stays fast
        with np.errstate(invalid="ignore"):
            not_number = np.isnan(values)
            negative = values < 0
        for bad, expected in (
            (not_number, "a whole number of appointments"),
            (negative, "a whole number of appointments, 0 or more"),
        ):
            if bad.any():
                position = self._first(codes, bad)
                self._reject_cell(
                    frame, position, first_row, "count", expected, str(cats[codes[position]])
                )
        return values.astype(np.int64)[codes]

    def _dimension(self, frame: pd.DataFrame, first_row: int, kind: str) -> np.ndarray:
        column, published = DIMENSIONS[kind]
        cats, codes = _split(frame[self.cols[kind]])
        ids = np.empty(len(cats), dtype=np.int64)
        for index, label in enumerate(cats.astype(str)):
            if not label.strip():
                position = self._first(codes, np.arange(len(cats)) == index)
                self._reject_cell(
                    frame,
                    position,
                    first_row,
                    kind,
                    f"one of the {column} labels ({' / '.join(published)})",
                    "",
                )
            if not self.store.is_published(kind, label) and (kind, label) not in self._new_labels:
                self._new_labels.add((kind, label))
                position = self._first(codes, np.arange(len(cats)) == index)
                self.ctx.warn(
                    f"'{label}' is not one of the published {column} labels "
                    f"({' / '.join(published)}); it is kept as a new value",
                    row=first_row + position,
                    column=self.cols[kind],
                )
            ids[index] = self.store.dimension_id(kind, label)
        return ids[codes]

    def reject_duplicate(self, batch: Batch, month: str, written: int | None) -> None:
        """A key already stored from an earlier chunk (found by the primary key): look for it
        among the rows of the statement that failed."""
        if written is not None:
            rows = batch.table(month)[written : written + ROWS_PER_STATEMENT]
            for offset, row in enumerate(rows.tolist()):
                if self.store.exists(tuple(row)):
                    position = int(batch.order[written + offset])
                    self._reject_repeat(batch, position, "(also on an earlier row)")
        self.ctx.reject(
            column=self.cols["practice_code"],
            expected="each practice and combination of the five categories once",
            found="a combination repeated further down the file",
        )

    def _reject_repeat(self, batch: Batch, position: int, where: str) -> None:
        fields = ["practice_code", *DIMENSIONS]
        key = " / ".join(str(batch.frame[self.cols[f]].iloc[position]) for f in fields)
        expected = (
            "each practice and combination of HCP type, mode, national category, "
            "time from booking and status once"
        )
        self.ctx.reject(
            f"expected {expected}, found '{key}' again {where}",
            row=batch.first_row + position,
            column=self.cols["practice_code"],
            expected=expected,
            found=key,
        )


def _count_or_nan(label: str) -> float:
    """A count through the one number parser; NaN marks a value that is not one."""
    try:
        value = parse_number(label, whole=True)
    except NumberProblem:
        return float("nan")
    if value is None:
        return float("nan")
    return value if value <= PLAUSIBLE["appointments"].high else float("nan")
