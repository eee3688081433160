"""How numbers are shown: thousands separators, pounds, percentages, one decimal place.

Kept apart from the table models so that KPI tiles, chart labels and tables all write a figure
the same way. Every formatter takes a raw value (possibly missing) and returns display text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from enum import StrEnum

MISSING = "–"


class NumberFormat(StrEnum):
    """How a column's values are displayed."""

    TEXT = "text"
    COUNT = "count"  # whole numbers: 1,337,739
    DECIMAL = "decimal"  # one decimal place: 512.3
    GBP = "gbp"  # whole pounds: £1,234,567
    GBP_PENCE = "gbp_pence"  # pounds and pence: £26.63
    PERCENT = "percent"  # a share stored as 0–1, shown as 12.3%
    PERCENT_POINTS = "percent_points"  # already 0–100, shown as 12.3%
    DATE = "date"


def is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, pandas NA and NaT are not equal to themselves
    except (TypeError, ValueError):
        return False


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def format_count(value: object) -> str:
    number = _number(value)
    return MISSING if number is None else f"{number:,.0f}"


def format_decimal(value: object) -> str:
    number = _number(value)
    return MISSING if number is None else f"{number:,.1f}"


def format_gbp(value: object) -> str:
    number = _number(value)
    if number is None:
        return MISSING
    sign = "−" if number < 0 else ""
    return f"{sign}£{abs(number):,.0f}"


def format_gbp_pence(value: object) -> str:
    number = _number(value)
    if number is None:
        return MISSING
    sign = "−" if number < 0 else ""
    return f"{sign}£{abs(number):,.2f}"


def format_percent(value: object) -> str:
    number = _number(value)
    return MISSING if number is None else f"{number * 100:.1f}%"


def format_percent_points(value: object) -> str:
    number = _number(value)
    return MISSING if number is None else f"{number:.1f}%"


def format_date(value: object) -> str:
    if is_missing(value):
        return MISSING
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "date"):  # pandas Timestamp
        return value.date().isoformat()
    return str(value)


def format_text(value: object) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)


FORMATTERS: dict[NumberFormat, Callable[[object], str]] = {
    NumberFormat.TEXT: format_text,
    NumberFormat.COUNT: format_count,
    NumberFormat.DECIMAL: format_decimal,
    NumberFormat.GBP: format_gbp,
    NumberFormat.GBP_PENCE: format_gbp_pence,
    NumberFormat.PERCENT: format_percent,
    NumberFormat.PERCENT_POINTS: format_percent_points,
    NumberFormat.DATE: format_date,
}


def format_value(value: object, kind: NumberFormat | str) -> str:
    return FORMATTERS[NumberFormat(kind)](value)


def format_for_unit(unit: str | None, *, integer: bool = False) -> NumberFormat:
    """Pick a display format from a metric's unit (``bcprimary.analysis.METRICS[...].unit``).

    The units are written for people: "%" marks a share stored as 0–1 (gp_share, dna_rate),
    "£" an amount in pounds, "patients"/"appointments"/"UDAs" counts, "per 1,000" a rate.
    """
    text = (unit or "").strip().lower()
    if "£" in text or "gbp" in text:
        return NumberFormat.GBP_PENCE if "per" in text else NumberFormat.GBP
    if text in {"%", "share", "fraction"}:
        return NumberFormat.PERCENT
    if text in {"percentage points", "% points", "0-100"}:
        return NumberFormat.PERCENT_POINTS
    if text in {"patients", "appointments", "udas", "count", "practices"}:
        return NumberFormat.COUNT
    if text == "date":
        return NumberFormat.DATE
    return NumberFormat.COUNT if integer else NumberFormat.DECIMAL
