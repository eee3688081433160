"""Make the plan workbook pictures in docs/screenshots (developer tooling, needs LibreOffice).

    python -m bcprimary demo                       # once: sample data + the Default scenario
    python docs/make_workbook_pictures.py [--db PATH]

Solves the Default scenario, computes a 16-point budget frontier, exports the workbook and
renders every sheet with `docs.render`; the Summary becomes
``docs/screenshots/workbook_summary.png`` (shown in the README).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: the app packages are found from the checkout

from bcprimary.db import open_database  # noqa: E402
from bcprimary.exporting.workbook import export_plan  # noqa: E402
from bcprimary.scenarios import solve_scenario  # noqa: E402
from bcprimary.scenarios.service import Frontier  # noqa: E402
from docs.render import render_sheets  # noqa: E402
from solver.frontier import budget_frontier  # noqa: E402

HERE = Path(__file__).resolve().parent / "screenshots"
KEEP = {"Summary": "workbook_summary.png", "Allocation": "workbook_allocation.png"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database (default: the user's default database)")
    parser.add_argument("--scenario", default="Default")
    parser.add_argument("--all", action="store_true", help="keep a picture of every sheet")
    args = parser.parse_args()
    db = open_database(args.db)
    solved = solve_scenario(db, args.scenario, save=False)
    budgets = [250_000.0 * i for i in range(1, 17)]
    table = budget_frontier(solved.inputs.parameters, budgets)
    solved = replace(solved, frontier=Frontier(table, solved.snapshots.get("solved_at")))
    with tempfile.TemporaryDirectory() as work:
        workbook = export_plan(db, solved, Path(work) / "plan.xlsx")
        pictures = render_sheets(workbook, Path(work) / "png", dpi=100)
        for sheet, picture in pictures.items():
            name = KEEP.get(sheet) or (
                f"workbook_{sheet.lower().replace(' ', '_')}.png" if args.all else None
            )
            if name:
                shutil.copyfile(picture, HERE / name)
                print(f"{sheet:<14} → {HERE / name}")


if __name__ == "__main__":
    main()
