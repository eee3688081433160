"""Months written in file names, for publications whose rows carry no date at all.

The General Practice Workforce practice-level CSV has no date column (see its definitions
workbook): NHS England puts the month only in the file and ZIP names, e.g.
``General Practice – October 2025 Practice Level - Detailed.csv`` inside
``GPW Practice Level CSVs (Oct 2025).zip``. Names are used for the *date* only, never to decide
what a file is.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_MONTH_NUMBERS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NUMBERS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTH_NUMBERS["sept"] = 9

_NAMED = re.compile(
    r"(?<![a-z])(" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")"
    r"[\s_\-.,]*(\d{4}|\d{2})(?!\d)",
    re.IGNORECASE,
)
_ISO = re.compile(r"(?<!\d)(20\d{2})[-_ ]?(0[1-9]|1[0-2])(?![\d-])")


def month_in_name(name: str) -> dt.date | None:
    """The first day of the month a file name mentions (``October 2025``, ``Oct_25``,
    ``2025-10``), or ``None`` when it names none (or more than one different month)."""
    found: set[dt.date] = set()
    for match in _NAMED.finditer(name):
        year = int(match[2]) if len(match[2]) == 4 else 2000 + int(match[2])
        found.add(dt.date(year, _MONTH_NUMBERS[match[1].lower()], 1))
    for match in _ISO.finditer(name):
        found.add(dt.date(int(match[1]), int(match[2]), 1))
    return found.pop() if len(found) == 1 else None


def last_day(month: dt.date) -> dt.date:
    """The census date of a monthly workforce collection: the month's last day."""
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])
