"""App cold start benchmark (DESIGN §10: ≤ 3 s to an interactive window with the sample database).

Run from the repository root: ``python benchmarks/bench_startup.py [--runs 5]``.

Builds the sample database once in a temporary folder (the packaged sample data; while that is
still empty, the real Black Country files from ../shared/realdata/ instead, and says so), then
starts ``python -m bcprimary --db DB gui`` in a fresh process several times, offscreen, with
``BCPRIMARY_SMOKE_TEST=1`` so the app quits on the first turn of the event loop after the window
is shown. Printed per run: the wall time of the whole process (interpreter start to exit) and the
time the app itself reports from entering ``ui.app.run`` to the shown window.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REALDATA = ROOT.parent / "shared" / "realdata"
FALLBACK_FILES = (
    "registered_patients/gp-reg-pat-prac-all_2026-04_black_country.csv",
    "practice_pcn_map/gp-reg-pat-prac-map_2025-10.csv",
    "payments/nhs-payments-to-general-practice-2024-25.csv",
    "deprivation/fingertips_93553_imd2019_practice.csv",
)
TARGET_SECONDS = 3.0


def build_database(folder: Path) -> Path:
    from bcprimary.db import open_database
    from bcprimary.importing import import_files
    from bcprimary.sample import sample_files

    files = sample_files()
    source = "packaged sample data"
    if not files:
        files = [REALDATA / name for name in FALLBACK_FILES if (REALDATA / name).exists()]
        source = "real Black Country files (the packaged sample data is still empty)"
    path = folder / "sample.sqlite"
    db = open_database(path)
    started = time.perf_counter()
    outcomes = import_files(db, files)
    db.dispose()
    loaded = sum(o.ok for o in outcomes)
    print(
        f"database: {loaded} of {len(outcomes)} files from the {source} "
        f"imported in {time.perf_counter() - started:.1f} s"
    )
    return path


def cold_start(database: Path, settings: Path) -> tuple[float, float, float]:
    """(process wall time, launch → window shown, ``run()`` → window shown) in seconds."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        BCPRIMARY_SMOKE_TEST="1",
        BCPRIMARY_SETTINGS_FILE=str(settings),
        BCPRIMARY_LAUNCHED_AT=repr(time.time()),
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "bcprimary", "--db", str(database), "gui"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"the app failed to start:\n{result.stderr}")
    match = re.search(r"window shown after ([\d.]+) s, ([\d.]+) s after launch", result.stdout)
    if match is None:
        raise SystemExit(f"the app did not report its start-up time:\n{result.stdout}")
    return wall, float(match.group(2)), float(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description="App cold start to an interactive window.")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bcprimary-startup-") as folder:
        database = build_database(Path(folder))
        settings = Path(folder) / "settings.ini"
        cold_start(database, settings)  # warm the OS file cache, as a second launch would be
        shown = []
        for run in range(1, args.runs + 1):
            wall, launch, inside = cold_start(database, settings)
            shown.append(launch)
            print(
                f"run {run}: launch → window shown {launch:.2f} s "
                f"(of which ui.app.run() {inside:.2f} s); whole process incl. exit {wall:.2f} s"
            )
    median = statistics.median(shown)
    verdict = "OK" if max(shown) <= TARGET_SECONDS else "TOO SLOW"
    print(
        f"cold start, launch → interactive window: median {median:.2f} s, max {max(shown):.2f} s;"
        f" target ≤ {TARGET_SECONDS:.0f} s: {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
