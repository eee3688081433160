"""Synthetic Appointments in General Practice crosstabs (``Practice_Level_Crosstab_Oct_25.csv``).

No real practice-level crosstab is available to the project, so tests, benchmarks and the
sample data use files generated here in exactly the published shape: the 14 columns in the
published order, labels spelt as published (double spaces included), dates as ``01OCT2025``,
minimal quoting (only names holding a comma, quote or line break are quoted), one row per
practice × HCP type × mode × national category × booking interval × status with a non-zero count.

Counts come from a simple calibrated model (:mod:`sample_data.synthetic.appointment_mix`):
a practice's monthly total is list size × national rate × seasonality × a persistent practice
effect × a mild deprivation gradient; it is spread over the 6,480 cells by a multinomial draw
from that practice's own (perturbed) mix. The same seed gives the same files byte for byte, and
a practice's persistent effects do not depend on which other practices are generated.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from bcprimary.importing.readers.appointments.labels import CROSSTAB_COLUMNS
from sample_data.synthetic.appointment_mix import CELL_LABELS, Calibration, MixModel
from sample_data.synthetic.practices import PracticeProfile

_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


@dataclass(frozen=True)
class CrosstabSummary:
    """What one generated month holds (for tests and benchmark reports)."""

    path: Path
    member: str | None
    month: dt.date
    rows: int
    appointments: int
    practices: int


def crosstab_file_name(month: dt.date) -> str:
    """The published file name, e.g. ``Practice_Level_Crosstab_Oct_25.csv``."""
    return f"Practice_Level_Crosstab_{month.strftime('%b')}_{month:%y}.csv"


def published_date(month: dt.date) -> str:
    """``01OCT2025``: how APPOINTMENT_MONTH_START_DATE is written."""
    return f"01{_MONTHS[month.month - 1]}{month.year}"


def csv_field(text: str) -> str:
    """Minimal CSV quoting, as the publication does it."""
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_crosstab(
    path: str | Path,
    practices: Sequence[PracticeProfile],
    month: dt.date,
    seed: int,
    *,
    calibration: Calibration | None = None,
    member: str | None = None,
) -> CrosstabSummary:
    """Write one month's crosstab to ``path`` (a ``.zip`` path writes it as a ZIP member).

    ``member`` names the CSV inside a ZIP (default: the published file name).
    """
    path = Path(path)
    month = month.replace(day=1)
    model = MixModel(calibration or Calibration())
    if path.suffix.lower() == ".zip":
        member = member or crosstab_file_name(month)
        with (
            zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
            zf.open(member, "w", force_zip64=True) as raw,
            io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
        ):
            rows, total, count = _write_month(text, practices, month, seed, model)
    else:
        member = None
        with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as text:
            rows, total, count = _write_month(text, practices, month, seed, model)
    return CrosstabSummary(path, member, month, rows, total, count)


def write_crosstab_months(
    folder: str | Path,
    practices: Sequence[PracticeProfile],
    months: Sequence[dt.date],
    seed: int,
    *,
    zipped: bool = False,
    calibration: Calibration | None = None,
) -> list[CrosstabSummary]:
    """One file per month in ``folder``, named as published (``.zip`` when ``zipped``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    summaries = []
    for month in months:
        name = crosstab_file_name(month)
        target = folder / (name[:-4] + ".zip" if zipped else name)
        summaries.append(write_crosstab(target, practices, month, seed, calibration=calibration))
    return summaries


def practice_seed(seed: int, code: str) -> list[int]:
    """A practice's own seed: stable whatever other practices are generated alongside."""
    return [seed, zlib.crc32(code.encode("ascii", "replace"))]


def _write_month(
    out: IO[str],
    practices: Sequence[PracticeProfile],
    month: dt.date,
    seed: int,
    model: MixModel,
) -> tuple[int, int, int]:
    out.write(",".join(CROSSTAB_COLUMNS) + "\n")
    date = published_date(month)
    mids = [
        f"{csv_field(h)},{csv_field(m)},{csv_field(c)},{csv_field(t)},"
        for h, m, c, t, _ in CELL_LABELS
    ]
    tails = [f",{csv_field(s)}\n" for *_, s in CELL_LABELS]
    rows = total = practices_written = 0
    for practice in practices:
        persistent = np.random.default_rng(practice_seed(seed, practice.code))
        monthly = np.random.default_rng(
            [*practice_seed(seed, practice.code), month.year, month.month]
        )
        counts = model.practice_month_counts(practice, month, persistent, monthly)
        cells = np.flatnonzero(counts)
        if cells.size == 0:
            continue
        prefix = ",".join(
            (
                date,
                practice.code,
                csv_field(practice.name),
                csv_field(practice.supplier),
                practice.pcn_code,
                csv_field(practice.pcn_name),
                practice.sub_icb_code,
                csv_field(practice.sub_icb_name),
                "",
            )
        )
        values = counts[cells]
        out.write(
            "".join(
                [
                    f"{prefix}{mids[c]}{n}{tails[c]}"
                    for c, n in zip(cells.tolist(), values.tolist(), strict=True)
                ]
            )
        )
        rows += cells.size
        total += int(values.sum())
        practices_written += 1
    return rows, total, practices_written
