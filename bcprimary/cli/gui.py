"""Finding the desktop app from the command line, without the core naming it.

The core sits below the window (DESIGN §1: ``ui → bcprimary → solver``), so ``bcprimary gui``
cannot import it. The package declares its window in ``pyproject.toml`` under the entry-point
group ``bcprimary.gui`` (a function taking the database path or URL and returning an exit code);
the command line runs whatever is declared there. An installation made before the declaration
existed has no such entry point, so a source checkout's ``pyproject.toml`` is read as well.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

GUI_GROUP = "bcprimary.gui"
GuiRunner = Callable[[str | None], int]

_CHECKOUT_PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

NO_GUI_MESSAGE = (
    "The desktop app is not installed with this copy of bcprimary{reason}. Every other command "
    "works without it (see `bcprimary --help`); install the full package to open the window."
)


def declared_gui() -> EntryPoint | None:
    """The window declared in the installed metadata, else in the source checkout, else none."""
    installed = sorted(entry_points(group=GUI_GROUP), key=lambda e: e.name)
    if installed:
        return installed[0]
    try:
        project = tomllib.loads(_CHECKOUT_PYPROJECT.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    declared = project.get("project", {}).get("entry-points", {}).get(GUI_GROUP, {})
    return next(
        (EntryPoint(name, value, GUI_GROUP) for name, value in sorted(declared.items())), None
    )


def find_gui() -> GuiRunner | None:
    """The function that opens the window, or ``None`` when none is declared.

    Raises ImportError when one is declared but cannot be loaded (Qt missing, say).
    """
    entry = declared_gui()
    return None if entry is None else entry.load()
