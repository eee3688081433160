"""The packaged app's start: the command line with the desktop window wired in.

Both executables of the build start here: ``BCPrimaryPlanner`` (no console on Windows; opens
the window) and ``bcprimary`` (the command line). ``freeze_support`` must run first: the
solver's child process is this same executable started again by :mod:`multiprocessing`.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from bcprimary.cli.main import main
    from ui.app import run

    sys.exit(main(gui=run))
