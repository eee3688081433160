"""Benchmark: writing the plan workbook (DESIGN §10: Black Country ≤ 3 s; England ≤ 20 s).

Black Country: the packaged sample data (real published files for the Black Country plus
twelve generated appointment months), the Default scenario solved, then `export_plan` timed.

England: a national database built from the real national files in ../shared/realdata
(registered patients and practice→PCN map of October 2025, payments 2024/25, IMD 2019) plus
ONE generated national appointments month over the real practice list (named SYNTHETIC_…),
the Default scenario solved for every PCN in England, then `export_plan` timed. Building
that database takes a few minutes; pass ``--cache DIR`` to keep it for the next run.

Each export is timed three times (best and median are printed); the workbook is written to a
temporary folder. Usage: ``python benchmarks/bench_export.py [--cache DIR] [--skip-england]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bcprimary.db import Database, open_database  # noqa: E402
from bcprimary.db.status import database_status  # noqa: E402
from bcprimary.exporting.workbook import export_plan  # noqa: E402
from bcprimary.importing import import_files  # noqa: E402
from bcprimary.scenarios import (  # noqa: E402
    SolvedScenario,
    create_scenario,
    default_settings,
    solve_scenario,
)
from bcprimary.scenarios.store import exists  # noqa: E402

REALDATA = REPO.parent / "shared" / "realdata"
REPEATS = 3
TARGETS = {"Black Country": 3.0, "England": 20.0}


def _solved(db: Database, name: str, time_limit_s: float = 30.0) -> SolvedScenario:
    if not exists(db, name):
        with db.session() as session:
            settings = default_settings(session).with_options(time_limit_s=time_limit_s)
        create_scenario(db, name, settings)
    started = time.perf_counter()
    solved = solve_scenario(db, name)
    print(f"  solved {name}: {solved.result.status.value} in {time.perf_counter() - started:.1f} s")
    return solved


def _time_export(db: Database, solved: SolvedScenario, folder: Path) -> list[float]:
    seconds = []
    for run in range(REPEATS):
        target = folder / f"plan {run}.xlsx"
        started = time.perf_counter()
        export_plan(db, solved, target)
        seconds.append(time.perf_counter() - started)
    size = target.stat().st_size / 1e6
    pcns = len(solved.result.pcn_table)
    practices = len(solved.inputs.picture.practices)
    print(
        f"  {pcns:,} PCNs, {practices:,} practices, {len(solved.result.allocation):,} "
        f"allocation rows; workbook {size:.1f} MB"
    )
    return seconds


def black_country(folder: Path) -> list[float]:
    from bcprimary.sample import sample_files

    db = open_database(folder / "black country.sqlite")
    started = time.perf_counter()
    import_files(db, sample_files())
    print(f"  imported the sample data in {time.perf_counter() - started:.1f} s")
    return _time_export(db, _solved(db, "Default"), folder)


def _national_files(folder: Path) -> list[Path]:
    from sample_data.synthetic.appointments import write_crosstab_months
    from sample_data.synthetic.practices import load_practice_profiles

    registered = REALDATA / "registered_patients" / "gp-reg-pat-prac-all_2025-10.csv"
    mapping = REALDATA / "practice_pcn_map" / "gp-reg-pat-prac-map_2025-10.csv"
    imd = REALDATA / "deprivation" / "fingertips_93553_imd2019_practice.csv"
    started = time.perf_counter()
    profiles = load_practice_profiles(registered, mapping, imd)
    written = write_crosstab_months(folder, profiles, [dt.date(2025, 9, 1)], seed=2025, zipped=True)
    appointments = []
    for summary in written:
        renamed = summary.path.with_name(f"SYNTHETIC_{summary.path.name}")
        summary.path.rename(renamed)
        appointments.append(renamed)
        print(
            f"  generated {summary.rows:,} appointment rows for {summary.practices:,} "
            f"practices in {time.perf_counter() - started:.0f} s"
        )
    return [
        registered,
        mapping,
        REALDATA / "payments" / "nhs-payments-to-general-practice-2024-25.csv",
        imd,
        *appointments,
    ]


def england(folder: Path) -> list[float]:
    db = open_database(folder / "england.sqlite")
    if not database_status(db)["snapshots"]:
        started = time.perf_counter()
        outcomes = import_files(db, _national_files(folder))
        for outcome in outcomes:
            if not outcome.ok:
                raise SystemExit(f"import rejected: {outcome.error}")
        print(f"  built the national database in {time.perf_counter() - started:.0f} s")
    return _time_export(db, _solved(db, "England", time_limit_s=20.0), folder)


def report(name: str, seconds: list[float]) -> None:
    best, median = min(seconds), statistics.median(seconds)
    verdict = "OK" if median <= TARGETS[name] else "OVER TARGET"
    print(
        f"{name}: export best {best:.2f} s, median {median:.2f} s "
        f"(target ≤ {TARGETS[name]:g} s) {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep the databases in this folder")
    parser.add_argument("--skip-england", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as work:
        folder = args.cache or Path(work)
        folder.mkdir(parents=True, exist_ok=True)
        print("Black Country (sample data)")
        results = {"Black Country": black_country(Path(work))}
        if not args.skip_england:
            print("England (real national files + one generated appointments month)")
            results["England"] = england(folder)
        print()
        for name, seconds in results.items():
            report(name, seconds)


if __name__ == "__main__":
    main()
