"""Start-up smoke test: the real command opens the window and quits, in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

#: Each test starts the app in a fresh process.
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("command", [["gui"], []], ids=["bcprimary gui", "plain bcprimary"])
def test_bcprimary_gui_starts_and_quits(tmp_path, command):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        BCPRIMARY_SMOKE_TEST="1",
        BCPRIMARY_SETTINGS_FILE=str(tmp_path / "settings.ini"),
    )
    database = tmp_path / "smoke test.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "bcprimary", "--db", str(database), *command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "window shown after" in result.stdout
    assert database.exists()
    assert "last" in (tmp_path / "settings.ini").read_text()
