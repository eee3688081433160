"""Planning commands: ``plan``, ``frontier``, ``scenarios``, ``demo``."""

from __future__ import annotations

import argparse
import json
import math
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
from bcprimary.scenarios.service import solve_settings
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
    p.add_argument(
        "--save-as",
        metavar="NAME",
        help="keep the changed settings as scenario NAME (created or updated) and store its "
        "plan; without it, changed settings solve a temporary copy and nothing is stored",
    )
    p.set_defaults(handler=plan_command)

    p = sub.add_parser("frontier", help="residual weighted gap over a range of budgets")
    p.add_argument("--scenario", default=DEFAULT_SCENARIO)
    p.add_argument("--budgets", required=True, metavar="A:B:N", help="e.g. 0:4000000:20")
    p.add_argument("--out", type=Path, required=True, help="FILE.csv or FILE.xlsx")
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


#: Command-line flag → the settings knob it overrides.
OVERRIDES = {
    "budget": "budget_gbp",
    "objective": "objective",
    "mode": "budget_mode",
    "solver": "solver",
    "time_limit": "time_limit_s",
}


class RejectedArgument(ValueError):
    """A command-line value refused before anything is read or stored."""


def finite(flag: str, value: float | None, *, positive: bool = False) -> None:
    """Refuse NaN, infinity and negative (or, with ``positive``, zero) values of ``flag``."""
    if value is None:
        return
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        need = "more than 0" if positive else "0 or more"
        raise RejectedArgument(f"{flag} must be a number {need} (found {value:g}).")


def _overrides(args: argparse.Namespace) -> dict:
    finite("--budget", args.budget)
    finite("--time-limit", args.time_limit, positive=True)
    values = {knob: getattr(args, flag, None) for flag, knob in OVERRIDES.items()}
    return {knob: value for knob, value in values.items() if value is not None}


def _described(changes: dict) -> str:
    shown = {
        "budget_gbp": lambda v: f"budget £{v:,.0f}",
        "time_limit_s": lambda v: f"time limit {v:g} s",
    }
    return ", ".join(shown.get(k, lambda v, k=k: f"{k} {v}")(v) for k, v in changes.items())


def _solve_and_write(db: Database, name: str, out: Path | None, solve=None) -> int:
    try:
        solved = solve() if solve is not None else solve_scenario(db, name)
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
        from bcprimary.exporting.safe_write import write_json

        write_json(payload, out)
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
    """Validate every argument, then solve: the named scenario as stored; with changed
    settings a temporary copy (nothing stored), or with ``--save-as`` that named variant."""
    try:
        changes = _overrides(args)
        check_output(args.out, (".json", ".xlsx"))
        if args.save_as is not None and not args.save_as.strip():
            raise RejectedArgument("--save-as needs a scenario name.")
    except RejectedArgument as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    db = open_database(args.db)
    try:
        ensure_scenario(db, args.scenario)
        settings = get_scenario(db, args.scenario).settings
        if changes:
            settings = settings.with_options(**changes)
    except (ScenarioDataError, ScenarioError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    if args.save_as:
        name = args.save_as.strip()
        notes = f"Created from '{args.scenario}' with {_described(changes) or 'its settings'}."
        try:
            if exists(db, name):
                save_settings(db, name, settings)
            else:
                create_scenario(db, name, settings, notes=notes)
        except ScenarioError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_REJECTED
        print(f"Saved the settings as scenario '{name}'.")
        return _solve_and_write(db, name, args.out)
    if not changes:
        return _solve_and_write(db, args.scenario, args.out)
    label = f"{args.scenario} with {_described(changes)} (not saved)"
    notes = (
        f"Solved from scenario '{args.scenario}' with command-line changes "
        f"({_described(changes)}); not stored as a scenario (use --save-as NAME to keep it)."
    )
    print(f"Solving a temporary copy of '{args.scenario}' ({_described(changes)}); "
          "nothing is stored. Use --save-as NAME to keep it.")  # fmt: skip
    return _solve_and_write(db, label, args.out, lambda: solve_settings(db, label, settings, notes))


def check_output(out: Path, suffixes: tuple[str, ...]) -> None:
    """The output file's type and folder, checked before any work is done."""
    if out.suffix.lower() not in suffixes:
        raise RejectedArgument(f"--out must end in {' or '.join(suffixes)} (found '{out.name}').")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise RejectedArgument(f"The folder {folder} does not exist: create it or choose another.")
    if out.is_dir():
        raise RejectedArgument(f"{out} is a folder: give a file name ending in {suffixes[0]}.")


def frontier_command(args: argparse.Namespace) -> int:
    from bcprimary.scenarios.service import parse_budgets

    try:
        budgets = parse_budgets(args.budgets)
        check_output(args.out, (".csv", ".xlsx"))
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    db = open_database(args.db)
    try:
        ensure_scenario(db, args.scenario)
        table = compute_frontier(db, args.scenario, budgets).table
    except (ValueError, ScenarioError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    from bcprimary.exporting.simple import write_table

    write_table(table, args.out, title="Budget frontier")
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
