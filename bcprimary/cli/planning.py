"""Planning commands: ``plan``, ``frontier``, ``scenarios``, ``demo``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bcprimary import glossary
from bcprimary.db import Database, open_database
from bcprimary.scenarios import (
    ScenarioDataError,
    ScenarioError,
    SolvedScenario,
    compute_frontier,
    create_scenario,
    default_settings,
    delete_scenario,
    get_scenario,
    list_scenarios,
    save_settings,
    solve_scenario,
)
from bcprimary.scenarios.report import allocation_records, kpis, plan_summary_lines
from bcprimary.scenarios.store import exists

EXIT_REJECTED = 2
DEFAULT_SCENARIO = "Default"


def _options(setting: str) -> str:
    """Help text naming each option of a choice as the app does, e.g. "pooled = One …"."""
    named = ", ".join(f"{value} = {text}" for value, text in glossary.choices(setting).items())
    return f"{glossary.label(setting).lower()}: {named}"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="solve a scenario and write the plan")
    p.add_argument("--scenario", default=DEFAULT_SCENARIO, help="scenario name (default: Default)")
    p.add_argument("--budget", type=float, metavar="GBP", help="annual budget in pounds")
    p.add_argument(
        "--objective", choices=list(glossary.choices("objective")), help=_options("objective")
    )
    p.add_argument(
        "--mode", choices=list(glossary.choices("budget_mode")), help=_options("budget_mode")
    )
    p.add_argument("--solver", choices=list(glossary.choices("solver")), help=_options("solver"))
    p.add_argument("--time-limit", type=float, metavar="SECONDS")
    p.add_argument("--out", type=Path, required=True, help="FILE.json or FILE.xlsx")
    p.set_defaults(handler=plan_command)

    p = sub.add_parser("frontier", help="residual weighted gap over a range of budgets")
    p.add_argument("--scenario", default=DEFAULT_SCENARIO)
    p.add_argument("--budgets", required=True, metavar="A:B:N", help="e.g. 0:4000000:20")
    p.add_argument("--out", type=Path, required=True, help="FILE.csv")
    p.set_defaults(handler=frontier_command)

    p = sub.add_parser("scenarios", help="list, show or delete saved scenarios")
    p.add_argument("action", choices=["list", "show", "delete"])
    p.add_argument("name", nargs="?")
    p.set_defaults(handler=scenarios_command)

    p = sub.add_parser("demo", help="load the sample data if needed, solve, print (and export)")
    p.add_argument("--out", type=Path, help="also write the plan (FILE.xlsx or FILE.json)")
    p.set_defaults(handler=demo_command)


def ensure_scenario(db: Database, name: str) -> None:
    if not exists(db, name):
        with db.session() as session:
            settings = default_settings(session)
        create_scenario(db, name, settings, notes="Created with the default settings.")


def _apply_overrides(db: Database, args: argparse.Namespace) -> None:
    flags = {
        "budget": "budget_gbp",
        "objective": "objective",
        "mode": "budget_mode",
        "solver": "solver",
        "time_limit": "time_limit_s",
    }
    values = {knob: getattr(args, flag, None) for flag, knob in flags.items()}
    changes = {knob: value for knob, value in values.items() if value is not None}
    if changes:
        settings = get_scenario(db, args.scenario).settings.with_options(**changes)
        save_settings(db, args.scenario, settings)


def _solve_and_write(db: Database, name: str, out: Path | None) -> int:
    try:
        solved = solve_scenario(db, name)
    except (ScenarioDataError, ScenarioError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    for line in plan_summary_lines(solved.result):
        print(line)
    if out is not None:
        code = write_plan_output(db, solved, out)
        if code:
            return code
    return 0 if solved.result.has_plan else EXIT_REJECTED


def write_plan_output(db: Database, solved: SolvedScenario, out: Path) -> int:
    suffix = out.suffix.lower()
    if suffix == ".json":
        payload = {
            "scenario": solved.name,
            "parameters": solved.inputs.parameters.to_dict(),
            "settings": solved.inputs.settings.to_dict(),
            "data": solved.snapshots,
            "kpis": kpis(solved.result),
            "baselines": {k: kpis(v) for k, v in solved.result.baselines.items()},
            "allocation": allocation_records(solved.result),
        }
        if solved.frontier is not None:
            payload["frontier"] = solved.frontier.to_dict()["rows"]
        out.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    elif suffix == ".xlsx":
        from bcprimary.exporting.safe_write import ExportError
        from bcprimary.exporting.workbook import export_plan

        try:
            export_plan(db, solved, out)
        except ExportError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_REJECTED
    else:
        print(f"--out must end in .json or .xlsx (found '{out.name}')", file=sys.stderr)
        return EXIT_REJECTED
    print(f"Wrote {out}")
    return 0


def plan_command(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    try:
        ensure_scenario(db, args.scenario)
        _apply_overrides(db, args)
    except (ScenarioDataError, ScenarioError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    return _solve_and_write(db, args.scenario, args.out)


def frontier_command(args: argparse.Namespace) -> int:
    from bcprimary.scenarios.service import parse_budgets

    db = open_database(args.db)
    try:
        budgets = parse_budgets(args.budgets)
        ensure_scenario(db, args.scenario)
        table = compute_frontier(db, args.scenario, budgets).table
    except (ValueError, ScenarioError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    table.to_csv(args.out, index=False)
    print(table.to_string(index=False, float_format=lambda v: f"{v:,.4f}"))
    print(f"Wrote {args.out}")
    return 0


def scenarios_command(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    if args.action == "list":
        records = list_scenarios(db)
        if not records:
            print("No scenarios yet. `bcprimary plan --out plan.json` creates 'Default'.")
        for r in records:
            state = "solved" if r.solved else "not solved"
            by = f" by {r.modified_by}" if r.modified_by else ""
            when = f"{r.modified_at:%Y-%m-%d %H:%M}"
            print(f"{r.name:<30} {state:<11} modified {when}{by}  {r.notes}")
        return 0
    if not args.name:
        print(f"scenarios {args.action} needs a scenario name", file=sys.stderr)
        return EXIT_REJECTED
    try:
        if args.action == "delete":
            delete_scenario(db, args.name)
            print(f"Deleted scenario '{args.name}'")
            return 0
        record = get_scenario(db, args.name)
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    settings = record.settings.to_dict()
    roles = settings.pop("roles")
    print(
        json.dumps(
            {
                "name": record.name,
                "notes": record.notes,
                "settings": settings,
                "roles_in_play": [r["code"] for r in roles if r["in_play"]],
                "data": record.snapshots,
                "kpis": (record.results or {}).get("result", {}).get("totals"),
            },
            indent=2,
            default=str,
        )
    )
    return 0


def demo_command(args: argparse.Namespace) -> int:
    from bcprimary.db.status import database_status
    from bcprimary.importing import import_files
    from bcprimary.sample import sample_files

    db = open_database(args.db)
    print(f"Database: {db.display_name()}")
    if not database_status(db)["snapshots"]:
        print("Loading the Black Country sample data…")
        for outcome in import_files(db, sample_files()):
            print("  " + (outcome.summary() if outcome.ok else f"REJECTED {outcome.error}"))
    ensure_scenario(db, DEFAULT_SCENARIO)
    print(f"Solving scenario '{DEFAULT_SCENARIO}'…")
    return _solve_and_write(db, DEFAULT_SCENARIO, args.out)
