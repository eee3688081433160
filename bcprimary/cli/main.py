"""Entry point: ``bcprimary [--db PATH_OR_URL] COMMAND``.

``gui`` (and no command at all) opens the desktop app. The window is passed in by the caller
(``python -m ui``) or found through the ``bcprimary.gui`` entry point (:mod:`bcprimary.cli.gui`),
so the core never imports it.

Exit codes: 0 success, 1 an unexpected error, 2 rejected input (a file, a parameter).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Sequence

from bcprimary import __version__
from bcprimary.cli import commands
from bcprimary.cli.gui import NO_GUI_MESSAGE, GuiRunner, find_gui

EXIT_OK = 0
EXIT_ERROR = 1
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
    sub.add_parser("gui", help="open the desktop app (also what plain `bcprimary` does)")
    commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, gui: GuiRunner | None = None) -> int:
    """Run one command; ``gui`` opens the window (default: the declared desktop app)."""
    multiprocessing.freeze_support()  # a frozen build re-enters here for each solver child
    parser = build_parser()
    args = parser.parse_args(argv)
    # Windows consoles default to a legacy code page; our messages use '£' and '›'.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if args.command in (None, "gui"):
        return open_window(args.db, gui)
    return int(args.handler(args) or EXIT_OK)


def open_window(db_target: str | None, gui: GuiRunner | None) -> int:
    try:
        runner = gui or find_gui()  # Qt is imported only when the window is wanted
    except ImportError as error:
        print(NO_GUI_MESSAGE.format(reason=f" ({error})"), file=sys.stderr)
        return EXIT_ERROR
    if runner is None:
        print(NO_GUI_MESSAGE.format(reason=""), file=sys.stderr)
        return EXIT_ERROR
    return int(runner(db_target) or EXIT_OK)


if __name__ == "__main__":
    sys.exit(main())
