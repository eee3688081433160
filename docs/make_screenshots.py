"""Screenshots of every view: ``python docs/make_screenshots.py OUT_DIR [--db PATH] [--sample]
[--import FILE...] [--scenarios]`` (developer tooling, not part of the app).

Opens the app offscreen on a database, visits each view of the navigation in turn, waits until
it has loaded and saves the window as ``OUT_DIR/NN_<view>.png``; Results is captured again with
its budget frontier computed (``07b_results_frontier.png``) and with the plan beside its
baselines (``07c_results_baselines.png``). With ``--sample`` the packaged sample data is loaded
first as the first-run banner's button does, with ``--import`` the given files; the import
dialog is captured too. ``--scenarios`` solves the Default scenario and two variants of it
(a smaller budget, equity first) so that Results and Compare have plans to show. Settings are
kept in a temporary file, so the user's own window layout is neither used nor changed.

The pictures in docs/screenshots/ are made from an empty database, as a newcomer starts::

    python docs/make_screenshots.py docs/screenshots --db /tmp/empty.sqlite --sample --scenarios

and the England-scale pictures from a national database (``tests/factories.build_england``)::

    python docs/make_screenshots.py docs/screenshots --england /tmp/national.sqlite
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bcprimary import glossary

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: the app packages are found from the checkout

WINDOW_SIZE = (1280, 820)
#: The variants ``--scenarios`` solves beside Default: name → settings changed.
VARIANTS = {
    "Budget £1m": {"budget_gbp": 1_000_000.0},
    glossary.label("objective.equity"): {"objective": "equity"},
}


def _wait(app, done: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):  # let layouts settle and charts repaint after the last data arrived
        app.processEvents()


def solve_demo_scenarios(db) -> None:
    """Solve Default and the :data:`VARIANTS` (created from Default when missing)."""
    from bcprimary import scenarios

    names = {r.name for r in scenarios.list_scenarios(db)}
    if "Default" not in names:
        with db.session() as session:
            scenarios.create_scenario(db, "Default", scenarios.default_settings(session))
    for name, changes in VARIANTS.items():
        if name not in names:
            settings = scenarios.get_scenario(db, "Default").settings
            for field, value in changes.items():
                setattr(settings, field, value)
            scenarios.create_scenario(db, name, settings, "Made by docs/make_screenshots.py.")
    for name in (*VARIANTS, "Default"):  # Default last: Results opens on the newest plan
        scenarios.solve_scenario(db, name)


def take_screenshots(
    out_dir: Path,
    db_target: str | None,
    imports: list[Path],
    sample: bool = False,
    demo_scenarios: bool = False,
) -> list[Path]:
    from PySide6.QtCore import QSettings

    from bcprimary.db import open_database
    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.panels import PANELS
    from ui.settings import AppSettings

    app = create_application([sys.argv[0]])
    out_dir.mkdir(parents=True, exist_ok=True)
    settings_dir = tempfile.mkdtemp(prefix="bcprimary-shots-")
    settings = AppSettings(QSettings(str(Path(settings_dir) / "s.ini"), QSettings.Format.IniFormat))
    db = open_database(db_target)
    window = MainWindow(db, settings)
    window.resize(*WINDOW_SIZE)
    window.show()
    saved: list[Path] = []
    if sample or imports:
        _wait(app, lambda: window.sample_banner.isVisible(), 10)
        saved.append(out_dir / "00_first_run.png")
        window.grab().save(str(saved[-1]))
        if sample:
            window.sample_banner.action_button.click()
        else:
            window.import_files(imports)
        _wait(app, lambda: not window.importer.running)
        dialog = window.importer.dialog
        if dialog is not None:
            saved.append(out_dir / "00_import_dialog.png")
            _wait(app, lambda: False, 0.3)  # let the result table lay itself out
            dialog.grab().save(str(saved[-1]))
            dialog.close()
        _wait(app, lambda: not window.sample_loader.runner.running, 120)
        window.statusBar().clearMessage()  # show the data dates, not "Scenario solved"
    if demo_scenarios:
        solve_demo_scenarios(db)
        window.data_changed.emit()
    for number, spec in enumerate(PANELS, start=1):
        panel = window.show_view(spec.key)
        _wait(app, lambda p=panel: not p.is_loading())
        path = out_dir / f"{number:02d}_{spec.key}.png"
        window.grab().save(str(path))
        saved.append(path)
        if spec.key == "results" and not panel.is_showing_message():
            saved.extend(_results_extras(app, window, panel, out_dir, number))
    saved.extend(_help_and_unsaved(app, window, out_dir))
    window.close()
    app.processEvents()
    db.dispose()
    return saved


def _help_and_unsaved(app, window, out_dir: Path) -> list[Path]:
    """The help pane (F1) at the method, and the question asked before edits would be lost."""
    from PySide6.QtGui import QPainter

    from ui.dialogs.unsaved_changes import unsaved_changes_box

    saved = []
    panel = window.show_view("scenario")
    _wait(app, lambda: not panel.is_loading())
    window.help_pane.show_topic("method")
    _wait(app, lambda: False, 0.3)
    saved.append(out_dir / "09_help.png")
    window.grab().save(str(saved[-1]))
    window.help_pane.hide()
    name = panel.current_name()
    if name is None:
        return saved
    panel.form.budget.setValue(panel.form.budget.value() + 250_000)
    box = unsaved_changes_box(window, name, "showing another scenario")
    box.show()
    _wait(app, lambda: False, 0.3)
    picture = window.grab()
    painter = QPainter(picture)  # the box is a window of its own: draw it over the main one
    painter.drawPixmap(
        (picture.width() - box.width()) // 2, (picture.height() - box.height()) // 3, box.grab()
    )
    painter.end()
    saved.append(out_dir / "10_unsaved_changes.png")
    picture.save(str(saved[-1]))
    box.close()
    window.discard_unsaved()
    return saved


def _results_extras(app, window, panel, out_dir: Path, number: int) -> list[Path]:
    """Results again: with the budget frontier computed, and with the baselines."""
    saved = []
    panel.charts.setCurrentWidget(panel.frontier)
    panel.frontier.compute()
    _wait(app, lambda: not panel.frontier.runner.running, 120)
    saved.append(out_dir / f"{number:02d}b_results_frontier.png")
    window.grab().save(str(saved[-1]))
    panel.charts.setCurrentWidget(panel.baselines)
    _wait(app, lambda: False, 0.3)
    saved.append(out_dir / f"{number:02d}c_results_baselines.png")
    window.grab().save(str(saved[-1]))
    panel.charts.setCurrentIndex(0)
    return saved


def take_england_screenshots(out_dir: Path, db_target: str) -> list[Path]:
    """The area chooser a national database opens with, then England-scale views:
    ``20_area_chooser.png``, ``21_england_access.png`` (1,297 PCNs, scrolling, with a hover
    value), ``22_area_picker_icb.png`` (Access for one ICB) and ``23_england_practices.png``."""
    from PySide6.QtCore import QSettings

    from bcprimary.db import open_database
    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    app = create_application([sys.argv[0]])
    out_dir.mkdir(parents=True, exist_ok=True)
    settings_dir = tempfile.mkdtemp(prefix="bcprimary-shots-")
    settings = AppSettings(QSettings(str(Path(settings_dir) / "s.ini"), QSettings.Format.IniFormat))
    db = open_database(db_target)
    window = MainWindow(db, settings)
    window.resize(*WINDOW_SIZE)
    window.show()
    saved: list[Path] = []
    chooser = window.area_picker.chooser
    if chooser is not None:
        _wait(app, lambda: False, 0.5)
        chooser.filter_box.setText("black")
        saved.append(out_dir / "20_area_chooser.png")
        _wait(app, lambda: False, 0.2)
        chooser.grab().save(str(saved[-1]))
        chooser.reject()  # the whole of England
    access = window.show_view("access")
    _wait(app, lambda: not access.is_loading(), 120)
    _wait(app, lambda: False, 0.5)
    box = access.bar_plot.getViewBox()
    top = sum(len(item.opts["y"]) for item in access.bars) - 3
    access.bar_picker._moved(box.mapViewToScene(pg_point(box, top)))
    saved.append(out_dir / "21_england_access.png")
    window.grab().save(str(saved[-1]))
    window.area_picker.choose("icb:QUA")
    _wait(app, lambda: not access.is_loading(), 120)
    _wait(app, lambda: False, 0.5)
    saved.append(out_dir / "22_area_picker_icb.png")
    window.grab().save(str(saved[-1]))
    window.area_picker.choose("england:")
    practices = window.show_view("practices")
    _wait(app, lambda: not practices.is_loading(), 120)
    practices.filter_box.setText("surgery")
    _wait(app, lambda: False, 0.3)
    saved.append(out_dir / "23_england_practices.png")
    window.grab().save(str(saved[-1]))
    window.close()
    app.processEvents()
    db.dispose()
    return saved


def pg_point(box, y: float):
    """A point a little way into the bar at height ``y`` (for a hover in a picture)."""
    from PySide6.QtCore import QPointF

    (x_low, x_high), _ = box.viewRange()
    return QPointF(x_low + (x_high - x_low) * 0.1, y)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--db", help="database file or URL (default: the user's database)")
    parser.add_argument("--sample", action="store_true", help="load the sample data first")
    parser.add_argument("--import", dest="imports", nargs="*", type=Path, default=[])
    parser.add_argument(
        "--scenarios", action="store_true", help="solve Default and two variants of it first"
    )
    parser.add_argument(
        "--england",
        help="a national database (e.g. from benchmarks/bench_app_scale.py): the area chooser "
        "and England-scale views only",
    )
    args = parser.parse_args(argv)
    if args.england:
        shots = take_england_screenshots(args.out_dir, args.england)
    else:
        shots = take_screenshots(args.out_dir, args.db, args.imports, args.sample, args.scenarios)
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
