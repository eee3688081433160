"""The one way every reader turns published text into numbers.

A number is written with a decimal point; a comma is accepted only as a thousands separator in
a valid thousands pattern (``1,234,567.5``). Anything else is refused rather than guessed, so a
number never silently changes size:

* a decimal comma (``0,106666667``, ``25,27``, ``6.213,79``) — read as thousands it would be
  a million times too big;
* ``inf``, ``nan``, exponents (``1e400``) and other non-finite values;
* a value outside the field's plausible range (:data:`PLAUSIBLE`) — a thousands pattern in a
  column of small numbers (``1,500`` FTE) is caught there.

Each refusal names the file, row and column, what was expected and what was found.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from bcprimary.importing.base import ImportContext


@dataclass(frozen=True)
class Plausible:
    """The range a published figure can take; outside it the file is refused."""

    low: float
    high: float
    what: str
    #: The usual range, where the publication itself has rare outliers: a value outside it
    #: (but inside ``low``–``high``) is loaded with a warning naming the cell.
    usual: tuple[float, float] | None = None

    def describe(self) -> str:
        if self.low == 0:
            return f"{self.what}: 0 or more and at most {_amount(self.high)}"
        return f"{self.what}, between {_amount(self.low)} and {_amount(self.high)}"

    def unusual(self, value: float) -> bool:
        return self.usual is not None and not self.usual[0] <= value <= self.usual[1]


def _amount(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


#: Plausible range per field, one table for every reader (and the plan workbook read back).
#: Chosen wide enough for every published file seen (England's biggest practice has about
#: 110,000 patients) and narrow enough that a figure read a thousand times too big fails.
PLAUSIBLE: dict[str, Plausible] = {
    "registered_patients": Plausible(0, 500_000, "patients registered at one practice"),
    "weighted_patients": Plausible(0, 500_000, "weighted patients of one practice"),
    "imd_score": Plausible(0, 100, "an IMD deprivation score"),
    "imd_decile": Plausible(1, 10, "a national IMD decile"),
    # PCN workforce 2022-09 has one role of 11.95 FTE and a few small negatives, as published.
    "staff_fte": Plausible(-5, 50, "the FTE of one person in one role", usual=(0, 2)),
    "census_year": Plausible(2000, 2100, "a census year"),
    "census_month": Plausible(1, 12, "a month number"),
    "practice_workforce": Plausible(0, 100_000, "a practice's staff count or FTE"),
    "appointments": Plausible(0, 10_000_000, "appointments in one row"),
    "uda_contracted": Plausible(0, 2_000_000, "UDAs contracted by one contract"),
    "uda_financial_value_gbp": Plausible(0, 100_000_000, "a contract's annual value in £"),
    # The Black Country list has out-of-hours contracts whose "UDA value" is £113,582.
    "uda_value_gbp": Plausible(0, 1_000_000, "the value of one UDA in £", usual=(0, 250)),
    "uda_delivered_share": Plausible(0, 10, "the share of contracted UDAs delivered"),
    "wte": Plausible(0, 1_000, "whole-time equivalents of one role in one PCN"),
}

#: ``-12``, ``3.5``, ``.5`` (no thousands separators). No exponents: the publications never
#: write them, and a stray letter would turn ``12`` into ``1e2``.
PLAIN = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
#: ``1,234`` and ``1,234,567.89``: groups of exactly three digits after the first.
THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
#: The whole accepted shape, for vectorised matching (``Series.str.fullmatch``).
NUMBER_TEXT = rf"(?:{PLAIN}|{THOUSANDS})"
_NUMBER = re.compile(NUMBER_TEXT)


class NumberProblem(ValueError):
    """A value that is not a number as the field expects; ``expected`` says what would be."""

    def __init__(self, expected: str, found: object) -> None:
        super().__init__(f"expected {expected}, found {found!r}")
        self.expected = expected
        self.found = found


def kind_of(whole: bool) -> str:
    return "a whole number" if whole else "a number"


def shape_of(whole: bool, found: object) -> str:
    """What a well-formed value looks like, for the message about one that is not."""
    if "," in str(found):
        return (
            kind_of(whole)
            + " (a comma only between thousands, as in 1,234.5: a decimal comma is not read)"
        )
    return kind_of(whole)


def parse_number(
    value: object, *, field: str | None = None, whole: bool = False, percent: bool = False
) -> float | None:
    """One cell → a finite float (``None`` when blank); raises :class:`NumberProblem`.

    Spreadsheet numbers are taken as they are (but must be finite); text must be a plain or
    thousands-pattern number, optionally with a leading ``£`` or (with ``percent``) a
    trailing ``%`` (then divided by 100).
    """
    kind = kind_of(whole)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise NumberProblem(kind, value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        scale = 1.0
        if percent and text.endswith("%"):
            text, scale = text[:-1].strip(), 100.0
        text = text.removeprefix("£").strip()
        if not _NUMBER.fullmatch(text):
            raise NumberProblem(shape_of(whole, value), value)
        number = float(text.replace(",", "")) / scale
    if not math.isfinite(number):
        raise NumberProblem(kind + " (not infinite or 'not a number')", value)
    if whole and number % 1:
        raise NumberProblem(kind, value)
    if field is not None:
        p = PLAUSIBLE[field]
        if not p.low <= number <= p.high:
            raise NumberProblem(PLAUSIBLE[field].describe(), value)
    return number


def numbers(
    ctx: ImportContext,
    values: pd.Series,
    column: str,
    rows: pd.Series,
    *,
    field: str | None = None,
    whole: bool = False,
    minimum: float | None = 0,
    allow_blank: bool = False,
) -> pd.Series:
    """A column of text → floats; the first value that is not a number as the field expects
    rejects the file, naming its row and column. ``minimum`` rejects smaller values;
    ``field`` adds the plausible range from :data:`PLAUSIBLE`."""
    raw = values.fillna("").astype(str)
    text = raw.str.strip()
    blank = text == ""
    well_formed = text.str.fullmatch(NUMBER_TEXT)
    parsed = pd.to_numeric(text.str.replace(",", "", regex=False).where(well_formed), "coerce")
    kind = kind_of(whole)
    checks: list[tuple[pd.Series, str]] = [
        (~blank & ~well_formed, ""),  # expected: see shape_of
        (blank & (not allow_blank), kind),
        (parsed.notna() & ~parsed.map(math.isfinite, na_action="ignore").astype(bool), kind),
    ]
    if whole:
        checks.append((parsed.notna() & (parsed % 1 != 0), kind))
    if minimum is not None:
        checks.append((parsed.notna() & (parsed < minimum), f"{kind} of at least {minimum:g}"))
    if field is not None:
        p = PLAUSIBLE[field]
        checks.append(
            (parsed.notna() & ((parsed < p.low) | (parsed > p.high)), PLAUSIBLE[field].describe())
        )
    for bad, expected in checks:
        bad = bad.fillna(False).astype(bool)
        if bad.any():
            first = bad.idxmax()
            expected = expected or shape_of(whole, values[first])
            ctx.reject(row=int(rows[first]), column=column, expected=expected, found=values[first])
    if field is not None and PLAUSIBLE[field].usual is not None:
        low, high = PLAUSIBLE[field].usual
        odd = parsed.notna() & ((parsed < low) | (parsed > high))
        if odd.any():
            first = odd.idxmax()
            warn_unusual(ctx, field, values[first], int(rows[first]), column, int(odd.sum()))
    return parsed.astype(float)


def warn_unusual(
    ctx: ImportContext, field: str, found: object, row: int, column: str, count: int = 1
) -> None:
    """Loaded as published, but said: a value outside the field's usual range."""
    p = PLAUSIBLE[field]
    others = f" ({count - 1:,} more in this column)" if count > 1 else ""
    ctx.warn(
        f"{found} is outside the usual range for {p.what} "
        f"({_amount(p.usual[0])}–{_amount(p.usual[1])}); "
        f"loaded as published{others}",
        row=row,
        column=column,
    )
