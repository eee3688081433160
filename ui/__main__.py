"""``python -m ui``: the command line with this package's window wired in explicitly."""

import multiprocessing
import sys

from bcprimary.cli.main import main
from ui.app import run

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the solver's child process, in a packaged app
    sys.exit(main(gui=run))
