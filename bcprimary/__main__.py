import sys

from bcprimary.cli.main import main

sys.exit(main())
