"""The layout rules of DESIGN §1: the core and the solver never import Qt."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import bcprimary
import solver
from tests.conftest import REPO

QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6")


def _all_modules(package) -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
        if not info.name.endswith("__main__")
    ]


def test_core_and_solver_import_no_qt():
    modules = _all_modules(bcprimary) + _all_modules(solver)
    # cli.commands imports ui lazily inside the gui handler only, so importing it is fine too.
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
    assert len(modules) > 10


def test_solver_does_not_import_ui():
    for name in _all_modules(solver):
        source = REPO / (name.replace(".", "/") + ".py")
        if source.exists():
            text = source.read_text(encoding="utf-8")
            assert "import ui" not in text and "from ui" not in text, name


def test_the_tree_passes_ruff():
    """STYLE habit 13: one linter and formatter for everyone."""
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command], capture_output=True, text=True, cwd=REPO
        )
        assert result.returncode == 0, result.stdout + result.stderr
