"""The ``bcprimary`` command line: the same core as the desktop app, no Qt."""
