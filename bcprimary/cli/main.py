"""Entry point: ``bcprimary [--db PATH_OR_URL] COMMAND``.

Exit codes: 0 success, 1 an unexpected error, 2 rejected input (a file, a parameter).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bcprimary import __version__
from bcprimary.cli import commands

EXIT_OK = 0
EXIT_REJECTED = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bcprimary",
        description="BC Primary Care Planner: access, deprivation and ARRS workforce planning.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="database file or SQLAlchemy URL (default: a file in your user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.command = "gui"
        args.handler = commands.gui
    # Windows consoles default to a legacy code page; our messages use '£' and '›'.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    return int(args.handler(args) or EXIT_OK)


if __name__ == "__main__":
    sys.exit(main())
