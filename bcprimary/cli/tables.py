"""``bcprimary table practice|pcn|place [--out FILE.csv|.xlsx]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bcprimary.analysis import LEVELS, AnalysisOptions, build_access_picture, metrics_table
from bcprimary.db import open_database
from solver.options import PlanOptions

EXIT_REJECTED = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("table", help="the metrics table for practices, PCNs or places")
    p.add_argument("level", choices=LEVELS)
    p.add_argument(
        "--out", type=Path, help="write to FILE.csv, FILE.xlsx or FILE.json (default: print CSV)"
    )
    p.add_argument(
        "--icb",
        action="append",
        default=[],
        metavar="CODE",
        help="only practices of this ICB (repeatable), e.g. QUA",
    )
    p.add_argument("--imd-edition", help="IMD edition, e.g. 'IMD 2019' (default: newest loaded)")
    p.add_argument(
        "--months",
        type=int,
        default=12,
        help="appointment months averaged (default 12, the latest loaded)",
    )
    p.add_argument(
        "--target",
        type=float,
        help="target appointments per 1,000 weighted patients per month "
        "(default: the PCN upper quartile)",
    )
    p.set_defaults(handler=table_command)


#: The most appointment months averaged (ten years of monthly publications).
MAX_MONTHS = 120


def table_command(args: argparse.Namespace) -> int:
    from bcprimary.cli.planning import RejectedArgument, check_output, finite

    try:
        if not 1 <= args.months <= MAX_MONTHS:
            raise RejectedArgument(
                f"--months must be a whole number from 1 to {MAX_MONTHS} (found {args.months})."
            )
        finite("--target", args.target, positive=True)
        if args.out is not None:
            check_output(args.out, (".csv", ".xlsx", ".json"))
    except RejectedArgument as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REJECTED
    options = AnalysisOptions(
        imd_edition=args.imd_edition,
        appointment_months=args.months,
        icb_codes=tuple(args.icb),
        plan=PlanOptions(target_rate=args.target),
    )
    db = open_database(args.db)
    with db.session() as session:
        picture = build_access_picture(session, options)
    table = metrics_table(picture, args.level)
    if table.empty:
        print("No practices loaded: import a registered-patients file first.", file=sys.stderr)
        return EXIT_REJECTED
    if args.out is None:
        table.to_csv(sys.stdout, index=False, float_format="%.4f")
        return 0
    from bcprimary.exporting.simple import write_table

    write_table(table, args.out, title=f"{args.level} metrics")
    print(f"Wrote {len(table):,} {args.level} rows to {args.out}")
    return 0
