"""``python -m ui``: the command line with this package's window wired in explicitly."""

import sys

from bcprimary.cli.main import main
from ui.app import run

sys.exit(main(gui=run))
