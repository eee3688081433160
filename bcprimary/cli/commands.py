"""The sub-commands. Each handler takes the parsed arguments and returns an exit code."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bcprimary.db import open_database
from bcprimary.db.status import database_status
from bcprimary.importing import import_files

EXIT_REJECTED = 2


def register(sub: argparse._SubParsersAction) -> None:
    from bcprimary.cli import planning, tables

    p = sub.add_parser("import", help="import published files (type detected), ZIPs too")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument(
        "--as-locks",
        action="store_true",
        help="FILE is a plan workbook whose Allocation sheet was edited: make its changed WTE "
        "figures locked commitments of a new scenario (needs --scenario)",
    )
    p.add_argument("--scenario", metavar="NAME", help="with --as-locks: the new scenario's name")
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace a loaded snapshot even when the new file has markedly fewer rows or "
        "leaves a column empty (otherwise such a file is refused)",
    )
    p.set_defaults(handler=import_command)

    p = sub.add_parser("status", help="datasets and snapshots loaded, row counts, warnings")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.set_defaults(handler=status)

    p = sub.add_parser("sample", help="load the packaged Black Country sample data")
    p.set_defaults(handler=load_sample)

    tables.register(sub)
    planning.register(sub)


def _print_outcomes(outcomes, db=None) -> int:
    rejected = 0
    for outcome in outcomes:
        if outcome.ok:
            print(outcome.summary())
            if db is not None and (notice := _unused_notice(db, outcome)):
                print(f"  note: {notice}")
            for issue in outcome.warnings[:20]:
                print(f"  warning: {issue}")
            if outcome.warning_count > 20:
                print(f"  … {outcome.warning_count - 20:,} more warnings (see `bcprimary status`)")
        else:
            rejected += 1
            print(f"rejected: {outcome.error}", file=sys.stderr)
    return EXIT_REJECTED if rejected else 0


def import_command(args: argparse.Namespace) -> int:
    if args.as_locks or args.scenario:
        return import_as_locks(args)
    db = open_database(args.db)
    confirm = (lambda _question: True) if args.replace else None
    return _print_outcomes(import_files(db, args.files, confirm_replace=confirm), db)


def _unused_notice(db, outcome) -> str | None:
    """The sentence saying an imported snapshot is not the one the figures use (or None)."""
    from bcprimary.analysis.data_in_use import unused_import_notice

    with db.session() as session:
        return unused_import_notice(session, outcome.dataset, outcome.snapshot)


def import_as_locks(args: argparse.Namespace) -> int:
    """``import edited.xlsx --as-locks --scenario NEW``: edits of a plan → locked commitments."""
    from bcprimary.exporting.roundtrip import AllocationSheetError, import_allocation_as_locks
    from bcprimary.scenarios import ScenarioError

    if not (args.as_locks and args.scenario and len(args.files) == 1):
        print(
            "import --as-locks takes one edited plan workbook and --scenario NEW-NAME",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    db = open_database(args.db)
    try:
        edits = import_allocation_as_locks(db, args.files[0], args.scenario)
    except AllocationSheetError as exc:
        print(f"rejected: {args.files[0].name}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_REJECTED
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    for line in edits.report_lines():
        print(line)
    held = "the changed figures as locked commitments" if edits.changes else "no changes"
    print(
        f"Created scenario '{args.scenario}' from '{edits.source_scenario}' with {held}. "
        f'Solve it with `bcprimary plan --scenario "{args.scenario}" --out plan.xlsx`.'
    )
    return 0


def load_sample(args: argparse.Namespace) -> int:
    from bcprimary.sample import sample_files

    db = open_database(args.db)
    return _print_outcomes(import_files(db, sample_files()))


def status(args: argparse.Namespace) -> int:
    db = open_database(args.db)
    report = database_status(db)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"Database: {report['database']}")
    org = report["organisations"]
    print(f"Practices {org['practices']:,} · PCNs {org['pcns']:,} · places {org['places']:,}")
    if not report["snapshots"]:
        print("No data loaded yet. Try `bcprimary import FILE...` or `bcprimary demo`.")
    for snap in report["snapshots"]:
        flag = "  [SYNTHETIC]" if snap["synthetic"] else ""
        print(
            f"  {snap['dataset']:<22} {snap['snapshot']:<11} {snap['rows_kept']:>10,} rows  "
            f"{snap['warnings']:>5,} warnings  {snap['file']}{flag}"
        )
    print("Rows by table: " + ", ".join(f"{k} {v:,}" for k, v in report["rows"].items()))
    return 0
