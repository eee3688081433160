"""The frozen one-folder build (``packaging/build.py``) is made and then run as a user would:
from an empty folder, with a bare environment and no source tree on any path. It opens the
window offscreen and closes it, passes the start-up solver check, and runs ``demo`` (a solve
with HiGHS in the child process, then the workbook export). Its size and start-up time are
printed and held to DESIGN §10's targets."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

SIZE_TARGET_MB = 400
#: DESIGN asks ≤ 3 s on a quiet machine; CI shares two cores with the rest of the suite.
START_LIMIT_S = 6.0


@pytest.mark.skipif(
    importlib.util.find_spec("PyInstaller") is None,
    reason="PyInstaller is not installed (pip install -e .[build])",
)
def test_the_frozen_build_opens_its_window_and_makes_a_plan_from_a_clean_environment(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "build.py"), "--check", "--dist",
         str(tmp_path / "dist")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("Frozen build:"))
    print(line)
    size = float(re.search(r"Frozen build: (\d+) MB", line).group(1))
    cold = float(re.search(r"window ([\d.]+) s cold", line).group(1))
    assert size <= SIZE_TARGET_MB, line
    assert cold <= START_LIMIT_S, line
