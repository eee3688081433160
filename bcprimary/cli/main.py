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
import traceback
from collections.abc import Sequence

from bcprimary import __version__
from bcprimary.cli import commands, failures
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
    parser.add_argument(
        "--debug",
        action="store_true",
        help="show the full Python traceback when something fails (it is always in the log file)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("gui", help="open the desktop app (also what plain `bcprimary` does)")
    commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, gui: GuiRunner | None = None) -> int:
    """Run one command; ``gui`` opens the window (default: the declared desktop app)."""
    # In a packaged (frozen) app the solver's "spawn" child re-runs this executable; this call
    # turns that run into the child instead of a second app. It does nothing otherwise.
    multiprocessing.freeze_support()
    parser = build_parser()
    args = parser.parse_args(argv)
    # Windows consoles default to a legacy code page; our messages use '£' and '›'.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    if args.command in (None, "gui"):
        return open_window(args.db, gui)
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    """Run the command; whatever escapes it becomes one sentence and exit 1 (2: rejected input).

    The traceback is written to the log file, and shown only with ``--debug``.
    """
    logged = failures.log_file()
    try:
        return int(args.handler(args) or EXIT_OK)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except Exception as error:
        failures.log.exception("bcprimary %s failed", args.command)
        if args.debug:
            traceback.print_exc()
        message, code = failures.explain(error, args.db, logged)
        print(message, file=sys.stderr)
        return code


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
