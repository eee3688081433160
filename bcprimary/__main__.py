import multiprocessing
import sys

from bcprimary.cli.main import main

if __name__ == "__main__":
    # A packaged app's solver child process starts here too; this hands it to the solver.
    multiprocessing.freeze_support()
    sys.exit(main())
