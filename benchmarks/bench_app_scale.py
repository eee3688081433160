"""Benchmark: the desktop app on a national database (issue 12, DESIGN §8 "never freezes").

Targets: the longest event-loop stall ≤ 100 ms while typing in the Practices & PCNs filter, and
≤ 250 ms on any view switch (heavy work runs on workers, off the GUI thread).

Run from the repository root: ``python benchmarks/bench_app_scale.py [--db national.sqlite]``.
Without ``--db`` it builds the national database first (the real national registered-patients,
practice→PCN map, payments and deprivation files from ../shared/realdata/ plus one generated
national appointments month; a few minutes) in a temporary folder. The app runs offscreen.

A 5 ms heartbeat timer measures how long the event loop is away between two ticks: that gap is
what a user feels as a frozen window. Printed per step: the longest stall, and for a view the
time until its content was shown.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TYPING_LIMIT_MS = 100
SWITCH_LIMIT_MS = 250
WORD = "surgery"


class Heartbeat:
    """Records the longest gap between ticks of a fast timer while it runs."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest * 1000


def run_until(condition, timeout: float = 120.0) -> float:
    """Spin the event loop until ``condition()``; seconds taken."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    started = time.perf_counter()
    while not condition():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.002)
        if time.perf_counter() - started > timeout:
            raise TimeoutError("the view did not finish loading")
    return time.perf_counter() - started


def settle(seconds: float) -> None:
    end = time.perf_counter() + seconds
    run_until(lambda: time.perf_counter() >= end)


def build_database(folder: Path) -> Path:
    from bcprimary.db import open_database
    from tests.factories import build_england, checkpoint

    path = folder / "national.sqlite"
    print("Building the national database (real national files + one generated month)…")
    started = time.perf_counter()
    db = open_database(path)
    build_england(db, folder)
    checkpoint(db)
    db.dispose()
    print(f"  built in {time.perf_counter() - started:.0f} s")
    return path


def measure(db_path: Path, area_key: str) -> list[tuple[str, float, float | None, float]]:
    """(step, longest stall ms, seconds to content or None, limit ms) for one area."""
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtTest import QTest

    from bcprimary.db import open_database
    from ui.main_window import MainWindow
    from ui.panels import PANELS
    from ui.settings import AppSettings

    settings_dir = Path(tempfile.mkdtemp(prefix="bench settings "))
    settings = AppSettings(QSettings(str(settings_dir / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(open_database(db_path), settings)
    window.show()
    if window.area_picker.chooser is not None:
        window.area_picker.chooser.close()
    window.area_picker.choose(area_key)
    beat = Heartbeat()
    results = []

    def loaded(panel) -> bool:
        return not panel.is_loading() and not panel._stale

    for spec in PANELS:
        beat.start()
        started = time.perf_counter()
        QTimer.singleShot(0, lambda k=spec.key: window.show_view(k))
        run_until(lambda k=spec.key: window.current_view() == k)
        panel = window.panel(spec.key)
        run_until(lambda p=panel: loaded(p))
        shown = time.perf_counter() - started
        settle(0.3)  # painting after the content arrives counts too
        results.append((f"view {spec.title}", beat.stop(), shown, SWITCH_LIMIT_MS))

    practices = window.show_view("practices")
    run_until(lambda: loaded(practices))
    settle(0.3)
    practices.filter_box.clear()
    beat.start()
    for letter in WORD:
        QTest.keyClicks(practices.filter_box, letter)
        settle(0.12)  # a quick typist: ~8 keys a second
    for _ in WORD:
        QTest.keyClick(practices.filter_box, "\b")
        settle(0.12)
    results.append((f"typing '{WORD}' and deleting it", beat.stop(), None, TYPING_LIMIT_MS))
    window.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="a national database built before")
    parser.add_argument(
        "--areas",
        nargs="+",
        default=["england:", "icb:QUA"],
        help="area keys to measure (default: all of England, then NHS Black Country ICB)",
    )
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from ui.app import configure_application

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    db_path = args.db or build_database(Path(tempfile.mkdtemp(prefix="bench national ")))
    failed = False
    for key in args.areas:
        print(f"\nArea {key}")
        print(f"  {'step':44} {'longest stall':>14} {'content in':>11}  limit")
        for step, stall, shown, limit in measure(db_path, key):
            ok = stall <= limit
            failed |= not ok
            shown_text = f"{shown:9.2f} s" if shown is not None else " " * 11
            print(f"  {step:44} {stall:11.0f} ms {shown_text}  {limit} ms {'' if ok else 'OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
