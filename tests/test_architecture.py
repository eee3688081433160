"""The layout rules of DESIGN §1, read from the import graph of every module.

``ui → bcprimary → solver``: the solver imports nothing of ours, the core never imports the
app (nor Qt or pyqtgraph), and no module imports the developer tooling. Every ``import`` and
``from … import`` counts, wherever it is written (an import inside a function still runs), and
no two modules may import each other, however long the way round.
"""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import bcprimary
import solver
from bcprimary.cli import main as cli
from bcprimary.cli.gui import declared_gui
from tests.conftest import REPO

QT_MODULES = ("PySide6", "pyqtgraph", "shiboken6")
APP_LAYERS = ("solver", "bcprimary", "ui")  # each may import only itself and the ones before it
TOOLING = (
    "sample_data",
    "benchmarks",
    "docs",
    "resources",
)  # may import the app, never the reverse


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def module_files() -> dict[str, Path]:
    return {
        _module_name(path): path
        for top in APP_LAYERS + TOOLING
        for path in sorted((REPO / top).rglob("*.py"))
    }


def _imported(name: str, path: Path) -> set[str]:
    """Every module ``name`` names in an import statement, relative imports resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            # `from pkg import sub` imports the module pkg.sub; `from pkg import name`, pkg.
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in module_files() else base)
    return found


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Module → every module it imports (ours and third-party), for every module of ours."""
    return {name: frozenset(_imported(name, path)) for name, path in module_files().items()}


def _ours(graph: dict[str, frozenset[str]]) -> dict[str, set[str]]:
    return {name: {m for m in imported if m in graph} for name, imported in graph.items()}


def _top(module: str) -> str:
    return module.split(".")[0]


def test_the_graph_reads_every_module_and_lazy_imports():
    graph = import_graph()
    assert len([m for m in graph if _top(m) in APP_LAYERS]) > 100
    # ui.app imports the main window inside run(): lazy imports are edges too.
    assert "ui.main_window" in graph["ui.app"]
    # A relative import is resolved like an absolute one.
    assert all(not m.startswith(".") for imported in graph.values() for m in imported)


def test_layers_point_one_way():
    wrong = []
    for name, imported in _ours(import_graph()).items():
        for target in imported:
            source_top, target_top = _top(name), _top(target)
            if source_top in APP_LAYERS and target_top in TOOLING:
                wrong.append(f"{name} imports developer tooling {target}")
            elif (
                source_top in APP_LAYERS
                and target_top in APP_LAYERS
                and APP_LAYERS.index(target_top) > APP_LAYERS.index(source_top)
            ):
                wrong.append(f"{name} imports {target}, a layer above it")
    assert wrong == [], "\n".join(sorted(wrong))


def test_core_and_solver_name_no_qt():
    wrong = sorted(
        f"{name} imports {target}"
        for name, imported in import_graph().items()
        if _top(name) in ("bcprimary", "solver")
        for target in imported
        if _top(target) in QT_MODULES
    )
    assert wrong == [], "\n".join(wrong)


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as [a, b, …, a], or None (depth-first search, colours)."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles():
    cycle = _find_cycle(_ours(import_graph()))
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_cycle_finder_reports_the_way_round():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _find_cycle(graph) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


def _all_modules(package) -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
        if not info.name.endswith("__main__")
    ]


def test_core_and_solver_import_no_qt():
    """Importing every core and solver module for real loads no Qt (DESIGN §1)."""
    modules = _all_modules(bcprimary) + _all_modules(solver)
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


def test_the_window_is_wired_from_above():
    """The core finds the window through the declared entry point, and a caller can pass one."""
    assert declared_gui().value == "ui.app:run"
    opened = []
    assert cli.main(["--db", "x.sqlite", "gui"], gui=lambda db: opened.append(db) or 0) == 0
    assert opened == ["x.sqlite"]


def test_the_tree_passes_ruff():
    """STYLE habit 13: one linter and formatter for everyone."""
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command], capture_output=True, text=True, cwd=REPO
        )
        assert result.returncode == 0, result.stdout + result.stderr
