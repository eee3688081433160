"""The app starts, or says why: no display, a broken platform plugin, errors in slots/threads."""

from __future__ import annotations

import faulthandler
import logging
import os
import subprocess
import sys
import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.conftest import REPO
from tests.ui.prompts import answer_next_box


def _start_app(tmp_path, **env_changes) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env.update(env_changes, XDG_DATA_HOME=str(tmp_path / "data"))
    env["BCPRIMARY_SETTINGS_FILE"] = str(tmp_path / "settings.ini")
    return subprocess.run(
        [sys.executable, "-m", "bcprimary", "--db", str(tmp_path / "db.sqlite"), "gui"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="displays are a Linux matter")
def test_no_display_is_one_plain_message_and_exit_1(tmp_path):
    result = _start_app(tmp_path)
    assert result.returncode == 1  # not a signal (negative) from an abort
    assert "needs a screen" in result.stderr and "bcprimary demo" in result.stderr
    assert "Traceback" not in result.stderr and "core dumped" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux's plugin")
def test_a_platform_plugin_that_cannot_start_is_explained(tmp_path):
    # A display that does not exist: the xcb plugin fails (no server, or missing libraries).
    result = _start_app(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=":97")
    assert result.returncode == 1
    assert "could not open its window" in result.stderr
    assert "libxcb-cursor0" in result.stderr and "bcprimary demo" in result.stderr
    assert "core dumped" not in result.stderr


@pytest.mark.parametrize(
    ("environ", "platform", "problem"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, "linux", True),
        ({}, "win32", False),
    ],
)
def test_display_problem(environ, platform, problem):
    from ui.app import display_problem

    assert (display_problem(environ, platform) is not None) is problem


def test_run_calls_freeze_support_first(monkeypatch):
    import multiprocessing

    from ui import app

    calls = []
    monkeypatch.setattr(multiprocessing, "freeze_support", lambda: calls.append("freeze"))
    monkeypatch.setattr(app, "display_problem", lambda: "no screen in this test")
    assert app.run() == app.EXIT_NO_WINDOW
    assert calls == ["freeze"]


@pytest.fixture
def log_file(tmp_path):
    from ui.safety_net import start_logging

    path = start_logging(tmp_path)
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "baseFilename", "") == str(path)]:
        root.removeHandler(handler)
        handler.close()


def test_an_error_in_a_thread_is_logged_and_shown(qtbot, window, log_file, monkeypatch):
    from ui.app import install_error_hook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_error_hook(window)
    shown: list[str] = []

    def fails() -> None:
        raise RuntimeError("a reader crashed on a national file")

    answer_next_box(QMessageBox.StandardButton.Ok, shown)
    thread = threading.Thread(target=fails)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[0].startswith("Something went wrong: a reader crashed on a national file")
    assert window.isVisible()
    logged = log_file.read_text(encoding="utf-8")
    assert "a reader crashed on a national file" in logged and "Traceback" in logged


def test_faulthandler_writes_to_the_user_data_folder(tmp_path):
    from ui.safety_net import enable_fault_trace

    try:
        path = enable_fault_trace(tmp_path)
        assert faulthandler.is_enabled() and path.exists()
    finally:
        faulthandler.enable(file=sys.__stderr__)
