"""Screenshots of every view: ``python -m ui.screenshots OUT_DIR [--db PATH] [--sample]
[--import FILE...]``.

Opens the app offscreen on a database, visits each view of the navigation in turn, waits until
it has loaded and saves the window as ``OUT_DIR/NN_<view>.png``. With ``--sample`` the packaged
sample data is loaded first as the first-run banner's button does, with ``--import`` the given
files; the import dialog is captured too. Settings are kept in a
temporary file, so the user's own window layout is neither used nor changed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WINDOW_SIZE = (1280, 820)


def _wait(app, done: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):  # let layouts settle and charts repaint after the last data arrived
        app.processEvents()


def take_screenshots(
    out_dir: Path, db_target: str | None, imports: list[Path], sample: bool = False
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
        _wait(app, lambda: window.sample_banner.isVisible() or not window.importer.running, 5)
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
    for number, spec in enumerate(PANELS, start=1):
        panel = window.show_view(spec.key)
        _wait(app, lambda p=panel: not p.is_loading())
        path = out_dir / f"{number:02d}_{spec.key}.png"
        window.grab().save(str(path))
        saved.append(path)
    window.close()
    app.processEvents()
    db.dispose()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--db", help="database file or URL (default: the user's database)")
    parser.add_argument("--sample", action="store_true", help="load the sample data first")
    parser.add_argument("--import", dest="imports", nargs="*", type=Path, default=[])
    args = parser.parse_args(argv)
    for path in take_screenshots(args.out_dir, args.db, args.imports, args.sample):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
