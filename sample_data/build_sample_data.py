"""Build ``sample_data/``: the Black Country in the published formats.

Run from the repository: ``python -m sample_data.build_sample_data [REALDATA_DIR]`` (default
``../shared/realdata``). Real files are filtered to Black Country rows (sub-ICB D2P2L / ICB
QUA) and written back in their published layout; what has no real copy (appointments
crosstab, practice-level workforce) is generated, seeded, with SYNTHETIC in the file name.
The app itself never needs ``../shared``: it only reads what this script wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import openpyxl

from sample_data.synthetic.appointments import crosstab_file_name, write_crosstab
from sample_data.synthetic.practices import load_practice_profiles

HERE = Path(__file__).resolve().parent
DEFAULT_REALDATA = HERE.parent.parent / "shared" / "realdata"
SUB_ICB = "D2P2L"
ICB = "QUA"
SEED = 20251001
#: Twelve months of appointments ending with the month of the registered list and PCN map.
APPOINTMENT_MONTHS = [dt.date(2024 + (9 + m) // 12, (9 + m) % 12 + 1, 1) for m in range(12)]
#: Real CSVs filtered to the Black Country: (source in realdata, sample file, sub-ICB column).
BLACK_COUNTRY_CSVS = [
    *(
        (
            f"registered_patients/gp-reg-pat-prac-all_{month}.csv",
            f"gp-reg-pat-prac-all_{month}_black_country.csv",
            "SUB_ICB_LOCATION_CODE",
        )
        for month in ("2025-10", "2026-01")
    ),
    (
        "practice_pcn_map/gp-reg-pat-prac-map_2025-10.csv",
        "gp-reg-pat-prac-map_2025-10_black_country.csv",
        "SUB_ICB_LOCATION_CODE",
    ),
    (
        "payments/nhs-payments-to-general-practice-2024-25.csv",
        "nhs-payments-to-general-practice-2024-25_black_country.csv",
        "Sub ICB Code",
    ),
]
#: Columns kept from the Fingertips export (the CI, count and comparison columns are empty or
#: derived for this indicator; the reader accepts the layout with or without them).
IMD_COLUMNS = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Time period Sortable",
]


def _filter_csv(
    source: Path,
    target: Path,
    keep: Callable[[dict], bool],
    *,
    encoding: str = "utf-8-sig",
    columns: list[str] | None = None,
) -> int:
    """Copy the header and the rows ``keep`` accepts, in the published quoting and encoding."""
    kept = 0
    with (
        source.open(encoding=encoding, newline="") as src,
        target.open("w", encoding=encoding, newline="") as out,
    ):
        reader = csv.DictReader(src)
        fields = columns or reader.fieldnames
        writer = csv.DictWriter(
            out, fieldnames=fields, extrasaction="ignore", lineterminator="\r\n"
        )
        writer.writeheader()
        for row in reader:
            if keep(row):
                writer.writerow(row)
                kept += 1
    return kept


def _dental_workbook(source: Path, target: Path) -> int:
    """The Black Country contract list, re-written sheet by sheet (values, in place)."""
    original = openpyxl.load_workbook(source, data_only=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    contracts = 0
    for sheet in original.worksheets:
        copy = book.create_sheet(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            copy.append(list(row))
        for merged in sheet.merged_cells.ranges:
            copy.merge_cells(str(merged))
        if sheet.title == "Data":
            contracts = sum(
                1
                for r in sheet.iter_rows(min_row=6, values_only=True)
                if r[0] is not None and str(r[0]).strip().isdigit()
            )
    book.save(target)
    return contracts


def build(realdata: Path, out: Path = HERE) -> list[str]:
    r = Path(realdata)
    log: list[str] = []
    for old in out.iterdir():
        if old.suffix in {".csv", ".xlsx", ".zip"}:
            old.unlink()

    def note(name: str, count: int, what: str) -> None:
        log.append(f"{name}: {count:,} {what}")

    for source, name, code_column in BLACK_COUNTRY_CSVS:
        n = _filter_csv(r / source, out / name, lambda row, c=code_column: row[c] == SUB_ICB)
        note(name, n, "practices")
    # National practice rows are kept: IMD quintiles rank each practice among all in England.
    name = "fingertips_93553_imd2019_practices_england.csv"
    seen_england = False

    def keep_imd(row: dict) -> bool:
        nonlocal seen_england
        if row["Area Type"] == "England":
            if seen_england:
                return False
            seen_england = True
        return True

    n = _filter_csv(
        r / "deprivation/fingertips_93553_imd2019_practice.csv",
        out / name,
        keep_imd,
        columns=IMD_COLUMNS,
    )
    note(name, n, "areas (England and every practice)")
    name = "Primary Care Networks - September 2022 Individual Level_black_country.csv"
    n = _filter_csv(
        r / "workforce/Primary Care Networks - September 2022 Individual Level.csv",
        out / name,
        lambda row: row["ICB_CODE"] == ICB,
        encoding="cp1252",
    )
    note(name, n, "PCN staff rows")
    name = "Black Country ICS PC dental list October 2022.xlsx"
    note(name, _dental_workbook(r / f"dental/{name}", out / name), "contracts")

    profiles = load_practice_profiles(
        r / "registered_patients/gp-reg-pat-prac-all_2025-10.csv",
        r / "practice_pcn_map/gp-reg-pat-prac-map_2025-10.csv",
        r / "deprivation/fingertips_93553_imd2019_practice.csv",
        sub_icb_codes=[SUB_ICB],
    )
    for month in APPOINTMENT_MONTHS:
        name = "SYNTHETIC_" + crosstab_file_name(month)
        summary = write_crosstab(out / (name[:-4] + ".zip"), profiles, month, SEED, member=name)
        note(summary.path.name, summary.rows, f"rows, {summary.appointments:,} appointments")
    log.extend(_practice_workforce(r, out, profiles))
    return log


def _practice_workforce(r: Path, out: Path, profiles: Iterable) -> list[str]:
    from sample_data.synthetic.practice_workforce import write_practice_workforce

    name = "SYNTHETIC_General Practice Detailed Practice-Level CSV_2025-09.csv"
    summary = write_practice_workforce(
        out / name,
        list(profiles),
        snapshot=dt.date(2025, 9, 30),
        definitions_xlsx=r / "workforce/General Practice Detailed Practice-Level CSV - "
        "Definitions.xlsx",
        calibration_csv=r / "workforce/derived_practice_fte_2016-2024.csv",
        seed=SEED,
    )
    return [f"{name}: {summary}"]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    realdata = Path(args[0]) if args else DEFAULT_REALDATA
    if not realdata.is_dir():
        print(f"Real data folder not found: {realdata}", file=sys.stderr)
        return 2
    for line in build(realdata):
        print(line)
    total = sum(p.stat().st_size for p in HERE.iterdir() if p.is_file())
    print(f"sample_data/ now holds {total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
